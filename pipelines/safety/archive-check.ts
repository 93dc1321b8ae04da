/**
 * Archived files that changed size after they were loaded. A writer that pauses longer
 * than `stable_seconds` looks finished, is loaded half and moved to the archive, then
 * goes on writing there (the rename keeps its open file). Stable-file detection cannot
 * see that pause; the archive can, afterwards — so every run and `zonestat status` says so.
 */
import { createHash } from "node:crypto";
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { safetyMsg } from "./messages.js";

export interface GrownFile {
  /** The loaded file's name (as in ingest.files). */
  readonly name: string;
  /** Bytes when it was loaded. */
  readonly loadedBytes: number;
  /** Bytes in the archive now. */
  readonly archivedBytes: number;
  readonly archivedPath: string;
}

type Query = (sql: string) => Promise<Record<string, unknown>[]>;

/**
 * Loaded, not withdrawn files whose archived copy (`archive/NAME` or `archive/NAME-BASE.sha8.EXT`,
 * as `moveInto` names them) now has another size than was loaded. A plain name shared by
 * several loaded files is flagged only when its size matches none of them.
 */
export async function grownAfterLoad(query: Query, archive: string): Promise<GrownFile[]> {
  if (!existsSync(archive)) return [];
  const rows = await query(`select name, sha256, size_bytes::double as size_bytes from ingest.files where status = 'loaded' and withdrawn_at is null`);
  const sizesByName = new Map<string, number[]>();
  for (const r of rows) sizesByName.set(String(r.name), [...(sizesByName.get(String(r.name)) ?? []), Number(r.size_bytes)]);
  const out: GrownFile[] = [];
  const seen = new Set<string>();
  for (const r of rows) {
    const name = String(r.name);
    const ext = path.extname(name);
    const own = path.join(archive, `${path.basename(name, ext)}.${String(r.sha256).slice(0, 8)}${ext}`);
    const plain = path.join(archive, name);
    const file = existsSync(own) ? own : plain;
    if (seen.has(file) || !existsSync(file)) continue;
    seen.add(file);
    const bytes = statSync(file).size;
    const loaded = Number(r.size_bytes);
    const ok = file === own ? bytes === loaded : (sizesByName.get(name) ?? []).includes(bytes);
    if (!ok) out.push({ name, loadedBytes: loaded, archivedBytes: bytes, archivedPath: file });
  }
  return out;
}

/** One line per grown file, for the refresh log and `zonestat status`. */
export function grownLines(files: readonly GrownFile[]): string[] {
  return files.map((f) => safetyMsg.archiveGrew(f.name, f.loadedBytes, f.archivedBytes, f.archivedPath));
}

/**
 * Archived files the warehouse has no record of: after `restore-warehouse` put back a backup
 * older than some loads, the files loaded since sit in the archive but their values are gone
 * from the warehouse. Matched by name (`NAME` or `NAME-BASE.sha8.EXT`, as moveInto names them),
 * then by content (sha256) for the rest — a re-sent copy under another name was a duplicate, not
 * a loss. Reports (`*.problems.txt`) and hidden files are not data. Returns archive paths, sorted.
 */
export async function archivedNotInWarehouse(query: Query, archive: string): Promise<string[]> {
  if (!existsSync(archive)) return [];
  const rows = await query(`select name, sha256 from ingest.files`);
  const names = new Set(rows.map((r) => String(r.name)));
  const shas = new Set(rows.map((r) => String(r.sha256)));
  const byShaPrefix = new Set(rows.map((r) => `${String(r.name)}|${String(r.sha256).slice(0, 8)}`));
  const out: string[] = [];
  for (const d of readdirSync(archive, { withFileTypes: true })) {
    if (!d.isFile() || d.name.startsWith(".") || d.name.endsWith(".problems.txt") || d.name.endsWith(".problems.json")) continue;
    if (names.has(d.name)) continue;
    const m = /^(.*)\.([0-9a-f]{8})(?:\.\d+)?(\.[^.]*)?$/.exec(d.name);
    if (m && byShaPrefix.has(`${m[1]}${m[3] ?? ""}|${m[2]}`)) continue;
    const file = path.join(archive, d.name);
    if (shas.has(createHash("sha256").update(readFileSync(file)).digest("hex"))) continue;
    out.push(file);
  }
  return out.sort();
}
