/**
 * Archived files that changed size after they were loaded. A writer that pauses longer
 * than `stable_seconds` looks finished, is loaded half and moved to the archive, then
 * goes on writing there (the rename keeps its open file). Stable-file detection cannot
 * see that pause; the archive can, afterwards — so every run and `zonestat status` says so.
 */
import { existsSync, statSync } from "node:fs";
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
