/**
 * A large file in the canonical long format, as the bulk path (bulk-long.ts) takes it:
 * recognised from its first bytes, hashed as a stream, dated by rules 1 and 4 of the
 * edition order (edition.ts), and described as the `FileRead` the load and the
 * reports take. Shared by the one-file load (job.ts) and the batched one (batch-run.ts).
 */
import { closeSync, createReadStream, openSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import type { Warehouse } from "../warehouse/index.js";
import { planBulk, type BulkPlan, type stageBulk } from "./bulk-long.js";
import { decodeBytes } from "./decode.js";
import { correctionMarker, inferredVintage } from "./edition.js";
import { parseGrid } from "./grid.js";
import { detectLayout, type LayoutDefinition } from "./layout.js";
import type { FileRead } from "./read-file.js";
import { SYNTHETIC_MARK, vintageFromFileName, type VintageSource } from "./vintage.js";

/** What the first bytes of a bulk file tell: its layout, the columns of its header, its encoding. */
export type BulkSniff = { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" };

export type BulkStaged = Awaited<ReturnType<typeof stageBulk>>;

/** The first `n` bytes of `file` (fewer when it is shorter). */
export function readHead(file: string, n: number): Uint8Array {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

/** The SHA-256 of a file, streamed (hex). */
export async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** A large canonical long file: its layout, encoding and header, from the first bytes only. */
export function sniffBulk(bytes: Uint8Array, layouts: readonly LayoutDefinition[]): BulkSniff | undefined {
  const head = bytes.subarray(0, Math.min(bytes.length, 65536));
  const cut = head.lastIndexOf(10);
  if (cut <= 0) return undefined;
  let decoded;
  try {
    decoded = decodeBytes(head.subarray(0, cut + 1), "");
  } catch {
    return undefined; // the row path reports encoding problems precisely
  }
  if (decoded.encoding !== "utf-8" && decoded.encoding !== "utf-8-bom" && decoded.encoding !== "gb18030") return undefined;
  const detection = detectLayout(headGrid(decoded.text, layouts), layouts);
  if (!detection.layout) return undefined;
  const plan = planBulk(decoded.text.split("\n")[0]!, detection.layout);
  return plan ? { def: detection.layout, plan, encoding: decoded.encoding === "gb18030" ? "gb18030" : "utf-8" } : undefined;
}

/**
 * The first rows of `text` as `parseGrid` gives them, enough for `detectLayout` (which reads
 * each layout's first `within_first_rows` rows): parsed from the first lines only when those
 * hold more rows than that (the rows before the last are then whole and the same as in the
 * full parse; the delimiter is sniffed from the first 10 lines either way), else from all of it.
 */
function headGrid(text: string, layouts: readonly LayoutDefinition[]): ReturnType<typeof parseGrid> {
  const k = Math.max(1, ...layouts.map((l) => l.recognise.within_first_rows));
  let cut = -1;
  for (let i = 0; i < Math.max(64, 2 * k + 10) && (cut = text.indexOf("\n", cut + 1)) >= 0; i++);
  if (cut >= 0) {
    const rows = parseGrid(text.slice(0, cut + 1));
    if (rows.length > k) return rows;
  }
  return parseGrid(text);
}

/** A staged bulk file as the `FileRead` the load and the reports take. */
export function bulkRead(name: string, sha: string, size: number, bulk: BulkSniff, staged: BulkStaged, vintage: string, vintageSource: VintageSource, vintageNote: string, mtime: string): FileRead {
  return {
    name, sha256: sha, sizeBytes: size, encoding: bulk.encoding, layout: bulk.def.name, title: undefined, facts: [],
    problems: staged.problems, vintage, vintageSource, isSynthetic: SYNTHETIC_MARK.test(name), accounting: staged.accounting,
    correction: correctionMarker(name, undefined), vintageNote, sourceMtime: mtime,
  };
}

/** Stands for "not stated" while a bulk file is staged: rule 4 replaces it once the newest period is known. */
export const UNSTATED = "1900-01-01";

/** Rule 1 for a bulk file (canonical long format: no title, no rule-2 lines). */
export function bulkVintage(name: string, option: string | undefined): { vintage: string; source: VintageSource } {
  if (option) return { vintage: option, source: "option" };
  const fromName = vintageFromFileName(name);
  return fromName ? { vintage: fromName, source: "filename" } : { vintage: UNSTATED, source: "inferred" };
}

/** An edition as a bulk file's `FileRead` takes it: the vintage, its source and the note saying which rule gave it. */
export type BulkEdition = { vintage: string; source: VintageSource; note: string };

/**
 * Rule 4 on the staged series: rows without their own vintage get the day after the newest
 * period. `staged` false: the file's read failed before anything was staged (it is rejected;
 * no period is known, so rule 4 falls back to today).
 */
export async function inferBulkVintage(wh: Warehouse, vintage: string, source: VintageSource, today: string, staged = true): Promise<BulkEdition> {
  if (source !== "inferred" || !staged) return bulkEdition(vintage, source, undefined, 0, today);
  const [row] = await wh.sql.all<{ newest: string | null; own: number }>(
    `select max(period_end)::varchar as newest, count(*) filter (where vintage <> ?::date)::integer as own from temp.stage_series`, [UNSTATED]);
  const edition = bulkEdition(vintage, source, row?.newest, Number(row?.own ?? 0), today);
  await wh.sql.exec(`update temp.stage_series set vintage = ?::date where vintage = ?::date`, [edition.vintage, UNSTATED]);
  return edition;
}

/**
 * The edition of a bulk file from rule 1's vintage and `source`, and for an inferred one
 * (rule 4) the newest period end among its series and how many series carry their own vintage.
 */
export function bulkEdition(vintage: string, source: VintageSource, newest: string | null | undefined, own: number, today: string): BulkEdition {
  if (source !== "inferred") return { vintage, source, note: source === "option" ? `命令行 --vintage ${vintage}（规则1）` : `文件名中的版本 ${vintage}（规则1）` };
  const inferred = inferredVintage(newest ?? undefined) ?? today;
  if (own > 0) return { vintage: inferred, source: "row", note: "数据行的版本列（规则1）" };
  return { vintage: inferred, source: "inferred", note: `由内容推断：最新期间截至 ${newest}，版本不早于 ${inferred}（规则4）` };
}
