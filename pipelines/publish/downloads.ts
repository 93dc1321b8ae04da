/**
 * Each mart as CSV (UTF-8 with BOM, so Excel opens Chinese correctly; cells that
 * start with = + - @ neutralised against formula injection) and as Parquet.
 * DuckDB writes both files (a JavaScript CSV writer takes minutes at 800k rows):
 * text columns are neutralised in SQL, and the BOM is written as the start of the
 * first header cell. A mart whose content did not change since the previous
 * publish is linked from the previous version instead of written again.
 */
import { createReadStream, createWriteStream, existsSync, rmSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import { linkOrCopy } from "./site-dir.js";
import { neutraliseBidi, neutraliseBidiSql } from "../safety/bidi.js";

export const DOWNLOADABLE_MARTS = ["shares", "land_metrics", "growth", "growth_cagr", "target_status", "zone_counts", "rankings", "coverage", "revisions", "data_quality", "target_verdicts"] as const;

/** A cell a spreadsheet would run as a formula gets a leading apostrophe. Numbers pass. */
export function neutralizeCell(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = neutraliseBidi(v);
  return /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s) ? `'${s}` : s;
}

/** The same rule as `neutralizeCell`, as SQL over one text column. */
export function neutralizeSql(column: string, alias = column): string {
  const id = neutraliseBidiSql(`"${column.replace(/"/g, '""')}"`);
  // The cheap first-character test runs on every cell; the number pattern only on the few that start so.
  return `case when left(${id}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) and not regexp_full_match(${id}, '[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?') then chr(39) || ${id} else ${id} end as "${alias.replace(/"/g, '""')}"`;
}

/** Bumped when the files' layout changes, so earlier files are not reused. */
const FORMAT_VERSION = "1";

export interface DownloadsReport {
  /** Mart → fingerprint of its columns and rows, for the next publish to compare. */
  readonly fingerprints: Record<string, string>;
  readonly written: string[];
  readonly reused: string[];
}

export interface PreviousDownloads {
  /** The previous version's downloads folder. */
  readonly dir: string;
  readonly fingerprints: Readonly<Record<string, string>>;
}

export async function writeDownloads(db: DuckDBHandle, dir: string, previous?: PreviousDownloads): Promise<DownloadsReport> {
  const report: DownloadsReport = { fingerprints: {}, written: [], reused: [] };
  for (const mart of DOWNLOADABLE_MARTS) {
    const cols = await db.all<{ name: string; type: string }>(
      `select column_name as name, data_type as type from information_schema.columns where table_schema = 'main' and table_name = ? order by ordinal_position`,
      [mart],
    );
    // Order-independent: the sum of row hashes (a rebuild may store the same rows in another order).
    const [content] = await db.all<{ f: string }>(`select count(*)::varchar || ':' || coalesce(sum(hash(t)), 0)::varchar as f from main.${mart} t`);
    const fingerprint = `${FORMAT_VERSION}|${cols.map((c) => `${c.name} ${c.type}`).join(",")}|${content!.f}`;
    report.fingerprints[mart] = fingerprint;
    if (previous && previous.fingerprints[mart] === fingerprint && reuse(previous.dir, dir, mart)) {
      report.reused.push(mart);
      continue;
    }
    await writeMart(db, dir, mart, cols);
    report.written.push(mart);
  }
  return report;
}

/** Links (or, across file systems, copies) both files of an unchanged mart from the previous version. */
function reuse(from: string, to: string, mart: string): boolean {
  const files = [`${mart}.csv`, `${mart}.parquet`];
  if (!files.every((f) => existsSync(path.join(from, f)))) return false;
  for (const f of files) linkOrCopy(path.join(from, f), path.join(to, f));
  return true;
}

async function writeMart(db: DuckDBHandle, dir: string, mart: string, cols: Array<{ name: string; type: string }>): Promise<void> {
  // The BOM goes into the first header cell, so DuckDB writes the whole file in one pass; a first
  // column name that CSV would quote would take the BOM inside its quotes, so such files are copied.
  const bomInHeader = cols.length > 0 && !/[",\r\n]|^\s|\s$/.test(cols[0]!.name);
  const select = cols
    .map((c, i) => {
      const id = `"${c.name.replace(/"/g, '""')}"`;
      const alias = i === 0 && bomInHeader ? `\uFEFF${c.name}` : c.name;
      const as = `"${alias.replace(/"/g, '""')}"`;
      if (c.type === "VARCHAR") return neutralizeSql(c.name, alias);
      if (c.type.endsWith("[]") || c.type.startsWith("STRUCT")) return `to_json(${id})::varchar as ${as}`;
      return `${id} as ${as}`;
    })
    .join(", ");
  const csv = path.join(dir, `${mart}.csv`);
  const target = bomInHeader ? csv : path.join(dir, `.${mart}.csv.tmp`);
  await db.exec(`copy (select ${select} from main.${mart}) to '${target.replace(/'/g, "''")}' (format csv, header true)`);
  if (!bomInHeader) await prependBom(target, csv);
  await db.exec(`copy (select * from main.${mart}) to '${path.join(dir, `${mart}.parquet`).replace(/'/g, "''")}' (format parquet)`);
}

async function prependBom(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  out.write("\uFEFF");
  await pipeline(createReadStream(from), out);
  rmSync(from);
}
