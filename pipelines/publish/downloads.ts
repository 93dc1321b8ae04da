/**
 * Each mart as CSV (UTF-8 with BOM, so Excel opens Chinese correctly; cells that
 * start with = + - @ neutralised against formula injection) and as Parquet.
 * DuckDB writes both files (a JavaScript CSV writer takes minutes at 800k rows):
 * text columns are neutralised in SQL, and the BOM is written as the start of the
 * first header cell. A mart whose content did not change since the previous
 * publish is linked from the previous version instead of written again.
 */
import { createReadStream, createWriteStream, existsSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import { linkOrCopy } from "./site-dir.js";
import { neutraliseBidi, neutraliseBidiSql } from "../safety/bidi.js";
import { columnInfo, hiddenColumns, type ColumnInfo } from "../../dashboards/columns.js";

export const DOWNLOADABLE_MARTS = ["shares", "land_metrics", "growth", "growth_cagr", "target_status", "zone_counts", "rankings", "coverage", "revisions", "data_quality", "target_verdicts"] as const;

/** A cell a spreadsheet would run as a formula gets a leading apostrophe. Numbers pass. */
export function neutralizeCell(v: unknown): unknown {
  if (typeof v !== "string") return v;
  const s = neutraliseBidi(v);
  return /^[=+\-@\t\r]/.test(s) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(s) ? `'${s}` : s;
}

/** The same rule as `neutralizeCell`, as SQL over one text column. */
export function neutralizeSql(column: string, alias = column, table?: string): string {
  const id = neutraliseBidiSql(`${table ? `${table}.` : ""}"${column.replace(/"/g, '""')}"`);
  // The cheap first-character test runs on every cell; the number pattern only on the few that start so.
  return `case when left(${id}, 1) in ('=', '+', '-', '@', chr(9), chr(13)) and not regexp_full_match(${id}, '[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?') then chr(39) || ${id} else ${id} end as "${alias.replace(/"/g, '""')}"`;
}

/** Bumped when the files' layout changes, so earlier files are not reused. */
const FORMAT_VERSION = "2";

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
  const hidden = await hiddenColumns((sql) => db.all(sql));
  const hasFormats = (await db.all(`select 1 from information_schema.tables where table_schema = 'main_reference' and table_name = 'indicator_formats'`)).length > 0;
  const [{ formats } = { formats: "" }] = hasFormats
    ? await db.all<{ formats: string }>(`select coalesce(string_agg(code || ':' || coalesce(decimals::varchar, ''), ',' order by code), '') as formats from main_reference.indicator_formats`)
    : [];
  for (const mart of DOWNLOADABLE_MARTS) {
    const cols = (await db.all<{ name: string; type: string }>(
      `select column_name as name, data_type as type from information_schema.columns where table_schema = 'main' and table_name = ? order by ordinal_position`,
      [mart],
    )).filter((c) => !hidden.has(c.name));
    // Order-independent: the sum of row hashes (a rebuild may store the same rows in another order).
    const [content] = await db.all<{ f: string }>(`select count(*)::varchar || ':' || coalesce(sum(hash(t)), 0)::varchar as f from main.${mart} t`);
    // The decimals a file is written with are part of it: an indicator_formats edit rewrites the files (they had stayed
    // at the old decimals while the pages changed).
    const fingerprint = `${FORMAT_VERSION}|${formats}|${cols.map((c) => `${c.name} ${c.type}`).join(",")}|${content!.f}`;
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
  const files = [`${mart}.csv`, `${mart}.parquet`, `${mart}.columns.csv`];
  if (!files.every((f) => existsSync(path.join(from, f)))) return false;
  for (const f of files) linkOrCopy(path.join(from, f), path.join(to, f));
  return true;
}

/**
 * One column as written to CSV, by its dictionary format (dashboards/columns.ts): numbers
 * rounded to their decimals (values to the row's indicator decimals from the
 * indicator_formats seed), fractions as percentages, booleans as 是/否, text neutralised.
 */
function csvColumn(c: { name: string; type: string }, info: ColumnInfo, alias: string, hasIndicator: boolean): string {
  const id = `t."${c.name.replace(/"/g, '""')}"`;
  const as = `"${alias.replace(/"/g, '""')}"`;
  const numeric = /^(DOUBLE|FLOAT|REAL|DECIMAL|BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT)/.test(c.type);
  if (c.type === "VARCHAR" && info.values) {
    const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
    return `case ${id} ${Object.entries(info.values).map(([k, v]) => `when ${lit(k)} then ${lit(v)}`).join(" ")} else ${id} end as ${as}`;
  }
  if (c.type === "VARCHAR") return neutralizeSql(c.name, alias, "t");
  if (c.type.endsWith("[]") || c.type.startsWith("STRUCT")) return `to_json(${id})::varchar as ${as}`;
  if (c.type === "BOOLEAN" || info.format === "bool") return `case when ${id} then '是' when not ${id} then '否' end as ${as}`;
  if (!numeric) return `${id} as ${as}`;
  switch (info.format) {
    case "value":
      // Counts (0 decimals) are written without ".0"; text so that one column holds both. DuckDB rounds DECIMAL only to a
      // constant number of places: one branch per number of decimals an indicator may have.
      return hasIndicator
        ? `case coalesce(f.decimals, 1) ${[0, 1, 2, 3, 4].map((d) => `when ${d} then ${halfUp(id, d)}::varchar`).join(" ")} else ${id}::varchar end as ${as}`
        : `${halfUp(id, 1)} as ${as}`;
    case "fraction_pct":
      return `${halfUp(`${id} * 100`, 1)} as ${as}`;
    case "pct":
    case "points":
      return `${halfUp(id, 1)} as ${as}`;
    case "area":
      return `${halfUp(id, 2)} as ${as}`;
    case "count":
      return `${halfUp(id, 0)} as ${as}`;
    default:
      return /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(c.type) ? `${halfUp(id, 2)} as ${as}` : `${id} as ${as}`;
  }
}

/**
 * SQL rounding `expr` to `decimals` places half away from zero on the figure as written (四舍五入), as the pages do
 * (format.ts toFixedHalfUp): via DECIMAL(38,10), since DuckDB's round of a DOUBLE rounds its binary value (593.45 stored as
 * 593.4499… → 593.4). 0 places gives a BIGINT.
 */
function halfUp(expr: string, decimals: number): string {
  // Inf/NaN have no DECIMAL: written empty, as a missing figure.
  const rounded = `case when isfinite((${expr})::double) then round((${expr})::decimal(38,10), ${decimals}) end`;
  return decimals === 0 ? `${rounded}::bigint` : rounded;
}

async function writeMart(db: DuckDBHandle, dir: string, mart: string, cols: Array<{ name: string; type: string }>): Promise<void> {
  // Headers are the Chinese labels; the code names are in <mart>.columns.csv beside the file.
  const infos = cols.map((c) => columnInfo(c.name));
  const labels = infos.map((i) => i.label);
  // The BOM goes into the first header cell, so DuckDB writes the whole file in one pass; a first
  // column name that CSV would quote would take the BOM inside its quotes, so such files are copied.
  const bomInHeader = cols.length > 0 && !/[",\r\n]|^\s|\s$/.test(labels[0]!);
  const hasIndicator = cols.some((c) => c.name === "indicator_code");
  const select = cols.map((c, i) => csvColumn(c, infos[i]!, i === 0 && bomInHeader ? `\uFEFF${labels[i]!}` : labels[i]!, hasIndicator)).join(", ");
  const from = hasIndicator
    ? `main.${mart} t left join (select code, decimals::integer as decimals from main_reference.indicator_formats) f on f.code = t.indicator_code`
    : `main.${mart} t`;
  const csv = path.join(dir, `${mart}.csv`);
  const target = bomInHeader ? csv : path.join(dir, `.${mart}.csv.tmp`);
  await db.exec(`copy (select ${select} from ${from}) to '${target.replace(/'/g, "''")}' (format csv, header true)`);
  if (!bomInHeader) await prependBom(target, csv);
  await db.exec(`copy (select ${cols.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(", ")} from main.${mart}) to '${path.join(dir, `${mart}.parquet`).replace(/'/g, "''")}' (format parquet)`);
  const meta = [["列名", "代码", "格式", "说明"], ...cols.map((c, i) => [labels[i]!, c.name, FORMAT_LABEL[infos[i]!.format], infos[i]!.description])];
  writeFileSync(path.join(dir, `${mart}.columns.csv`), "\uFEFF" + meta.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n");
}

const FORMAT_LABEL: Record<ColumnInfo["format"], string> = {
  text: "文本", value: "数值（按指标的小数位）", fraction_pct: "百分数（一位小数）", pct: "百分数（一位小数）", points: "个百分点（一位小数）", count: "整数", area: "两位小数", date: "日期", bool: "是/否",
};

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}

async function prependBom(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  out.write("\uFEFF");
  await pipeline(createReadStream(from), out);
  rmSync(from);
}
