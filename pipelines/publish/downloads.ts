/**
 * Each mart as CSV (UTF-8 with BOM, so Excel opens Chinese correctly; cells that
 * start with = + - @ neutralised against formula injection) and as Parquet.
 * DuckDB writes the rows (a JavaScript CSV writer takes minutes at 800k rows), with
 * text columns neutralised in SQL; the header and BOM are written here. A mart whose
 * content did not change since the previous publish is linked from the previous
 * version; of one that changed, only the years whose rows changed are written again
 * (csv-parts.ts).
 */
import { existsSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import { linkOrCopy } from "./site-dir.js";
import { assembleCsv, comparePartKeys, PARTS_INDEX, previousPart, readPartsIndex, type CsvFileParts, type CsvPart, type CsvPartsIndex } from "./csv-parts.js";
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
  const raw = `${table ? `${table}.` : ""}"${column.replace(/"/g, '""')}"`;
  // Decided on the raw text: a bidi control is never a trigger character nor part of a number, and its replacement
  // starts with "[" — so the apostrophe rule gives the same answer before and after neutraliseBidi, which runs once.
  // The cheap first-character test runs on every cell; the number pattern only on the few that start so. Two lists of
  // three, not one of six: DuckDB plans an IN list of six or more as a join against the list, one per text column,
  // each carrying every column of the row — a mart with 15 text columns took 0.3 s to write 149 rows (issue #24).
  const first = `left(${raw}, 1)`;
  return `case when (${first} in ('=', '+', '-') or ${first} in ('@', chr(9), chr(13))) and not regexp_full_match(${raw}, '[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?') then chr(39) else '' end || ${neutraliseBidiSql(raw)} as "${alias.replace(/"/g, '""')}"`;
}

/** Bumped when the files' layout changes, so earlier files are not reused. 3: CSV in parts by year (csv-parts.ts). */
const FORMAT_VERSION = "3";

/**
 * The column a mart's CSV is split by, so that a new quarter rewrites only its year's rows: the marts whose rows
 * carry a year. The others are written whole (one part).
 */
const PART_COLUMN: Partial<Record<(typeof DOWNLOADABLE_MARTS)[number], string>> = {
  shares: "year", land_metrics: "year", growth: "year", growth_cagr: "to_year", rankings: "year", coverage: "year",
};

export interface DownloadsReport {
  /** Mart → fingerprint of its columns and rows, for the next publish to compare. */
  readonly fingerprints: Record<string, string>;
  readonly written: string[];
  readonly reused: string[];
  /** CSV parts (years) written this time, over all marts written; the others were copied from the previous file. */
  readonly partsWritten: number;
  readonly partsReused: number;
}

export interface PreviousDownloads {
  /** The previous version's downloads folder. */
  readonly dir: string;
  readonly fingerprints: Readonly<Record<string, string>>;
  /** Whether a file of that folder is as it was published (site-manifest.ts); a file it rejects is written again. */
  readonly trusted?: (file: string) => boolean;
}

export async function writeDownloads(db: DuckDBHandle, dir: string, previous?: PreviousDownloads): Promise<DownloadsReport> {
  const report = { fingerprints: {} as Record<string, string>, written: [] as string[], reused: [] as string[], partsWritten: 0, partsReused: 0 };
  const hidden = await hiddenColumns((sql) => db.all(sql));
  const hasFormats = (await db.all(`select 1 from information_schema.tables where table_schema = 'main_reference' and table_name = 'indicator_formats'`)).length > 0;
  const [{ formats } = { formats: "" }] = hasFormats
    ? await db.all<{ formats: string }>(`select coalesce(string_agg(code || ':' || coalesce(decimals::varchar, ''), ',' order by code), '') as formats from main_reference.indicator_formats`)
    : [];
  const before = previous ? readPartsIndex(previous.dir) : {};
  const index: CsvPartsIndex = {};
  // Every mart's columns in one read of the catalogue, not one per mart (eleven reads of information_schema).
  const columnsOf = new Map<string, Array<{ name: string; type: string }>>();
  for (const c of await db.all<{ mart: string; name: string; type: string }>(
    `select table_name as mart, column_name as name, data_type as type from information_schema.columns
     where table_schema = 'main' and list_contains(?::varchar[], table_name) order by table_name, ordinal_position`,
    [JSON.stringify(DOWNLOADABLE_MARTS)],
  )) {
    const list = columnsOf.get(c.mart) ?? [];
    list.push({ name: c.name, type: c.type });
    columnsOf.set(c.mart, list);
  }
  for (const mart of DOWNLOADABLE_MARTS) {
    const cols = (columnsOf.get(mart) ?? []).filter((c) => !hidden.has(c.name));
    const partColumn = PART_COLUMN[mart] && cols.some((c) => c.name === PART_COLUMN[mart]) ? PART_COLUMN[mart] : undefined;
    const partKey = partColumn ? `coalesce(t."${partColumn}"::varchar, 'none')` : `'all'`;
    // Order-independent: the sum of row hashes per part (a rebuild may store the same rows in another order).
    const parts = (await db.all<{ key: string; f: string }>(
      `select ${partKey} as key, count(*)::varchar || ':' || coalesce(sum(hash(t)), 0)::varchar as f from main.${mart} t group by 1`,
    )).sort((x, y) => comparePartKeys(x.key, y.key));
    // The decimals a file is written with are part of it: an indicator_formats edit rewrites the files (they had stayed
    // at the old decimals while the pages changed).
    const layout = `${FORMAT_VERSION}|${formats}|${cols.map((c) => `${c.name} ${c.type}`).join(",")}`;
    const fingerprint = `${layout}|${parts.map((p) => `${p.key}=${p.f}`).join(";")}`;
    report.fingerprints[mart] = fingerprint;
    if (previous && previous.fingerprints[mart] === fingerprint && reuse(previous, dir, mart)) {
      if (before[`${mart}.csv`]) index[`${mart}.csv`] = before[`${mart}.csv`]!;
      report.reused.push(mart);
      continue;
    }
    const recorded = await writeMart(db, dir, mart, cols, { layout, partKey, parts, previous: previous && (previous.trusted?.(path.join(previous.dir, `${mart}.csv`)) ?? true) ? { file: path.join(previous.dir, `${mart}.csv`), parts: before[`${mart}.csv`] } : undefined });
    index[`${mart}.csv`] = { ...recorded, parts: recorded.parts.map(({ key, fingerprint, bytes }) => ({ key, fingerprint, bytes })) };
    for (const p of recorded.parts) (p.written ? report.partsWritten++ : report.partsReused++);
    report.written.push(mart);
  }
  writeFileSync(path.join(dir, PARTS_INDEX), JSON.stringify(index));
  return report;
}

/** Links (or, across file systems, copies) the files of an unchanged mart from the previous version, if all are as published. */
function reuse(previous: PreviousDownloads, to: string, mart: string): boolean {
  const files = [`${mart}.csv`, `${mart}.parquet`, `${mart}.columns.csv`];
  if (!files.every((f) => existsSync(path.join(previous.dir, f)) && (previous.trusted?.(path.join(previous.dir, f)) ?? true))) return false;
  for (const f of files) linkOrCopy(path.join(previous.dir, f), path.join(to, f));
  return true;
}

/**
 * One column as written to CSV, by its dictionary format (dashboards/columns.ts): numbers
 * rounded to their decimals (values to the row's indicator decimals from the
 * indicator_formats seed), fractions as percentages, booleans as 是/否, text neutralised.
 */
function csvColumn(c: { name: string; type: string }, info: ColumnInfo, alias: string, hasIndicator: boolean, reading?: string): string {
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
      // The 15-digit reading is made once, below the five roundings (`reading`, fifteenDigits): five full halfUp trees
      // per column made a mart with ten value columns take a second of DuckDB's time whatever its rows (issue #24).
      return hasIndicator
        ? `case coalesce(t."${DECIMALS_COLUMN}", 1) ${[0, 1, 2, 3, 4].map((d) => `when ${d} then ${reading ? halfUpOfReading(id, reading, d) : halfUp(id, d)}::varchar`).join(" ")} else ${id}::varchar end as ${as}`
        : `${halfUp(id, 1)} as ${as}`;
    case "fraction_pct":
      return `${halfUp(`${id} * 100`, 1)} as ${as}`;
    case "pct":
    case "points":
      return `${halfUp(id, 1)} as ${as}`;
    case "area":
      return `${halfUp(id, 2)} as ${as}`;
    case "count":
      // A whole-number column is already its own rounding to 0 places: halfUp would give the same BIGINT through an
      // 18-branch CASE per cell (most of a year-part's cost: growth's 3 count columns, issue #24).
      return WHOLE_NUMBER.test(c.type) ? `${id}::bigint as ${as}` : `${halfUp(id, 0)} as ${as}`;
    default:
      return /^(DOUBLE|FLOAT|REAL|DECIMAL)/.test(c.type) ? `${halfUp(id, 2)} as ${as}` : `${id} as ${as}`;
  }
}

/**
 * Integer types whose every value halfUp(x, 0) gives back unchanged as a BIGINT (they fit a BIGINT; values within
 * ±2^53 are exact as doubles — beyond that halfUp would round the double, the plain cast keeps the exact figure).
 */
export const WHOLE_NUMBER = /^(BIGINT|INTEGER|SMALLINT|TINYINT|UINTEGER|USMALLINT|UTINYINT)$/;

/**
 * SQL rounding `expr` to `decimals` places half away from zero on the figure as written (四舍五入), by the pages' rule
 * (format.ts toFixedHalfUp): the double is first read to 15 significant digits — cast to a DECIMAL(18, s) whose scale
 * s keeps 15 digits at the value's magnitude — then rounded. (DuckDB's round of a DOUBLE rounds its binary value:
 * 593.45 stored as 593.4499… → 593.4; a fixed DECIMAL(38,10) read 1,350,000,000.05 as …0.0499999523 → …0.0 where
 * the page says …0.1.) Magnitudes ≥ 1e14 keep 4 decimals. Inf/NaN have no DECIMAL: written empty, as a missing
 * figure. 0 places gives a BIGINT.
 */
export function halfUp(expr: string, decimals: number): string {
  const x = `(${expr})::double`;
  const byMagnitude = Array.from({ length: 18 }, (_, i) => i - 4).map((e) => `when ${e} then round(${x}::decimal(18,${14 - e}), ${decimals})`).join(" ");
  const rounded = `case when not isfinite(${x}) then null when ${x} = 0 then round(0::decimal(18,0), ${decimals}) else case greatest(-5, least(14, floor(log10(abs(${x})))::integer)) when -5 then round(${x}::decimal(18,18), ${decimals}) ${byMagnitude} else round(${x}::decimal(38,4), ${decimals}) end end`;
  return decimals === 0 ? `(${rounded})::bigint` : rounded;
}

/** Names the subquery of writeMart gives the row's indicator decimals and each value column's 15-digit reading. */
const DECIMALS_COLUMN = "__indicator_decimals";
const readingColumn = (i: number) => `__reading_${i}`;

/**
 * halfUp's reading of `expr` to 15 significant digits as an exact DECIMAL(38,18) (every DECIMAL(18, s) of halfUp, s ≤ 18
 * and at most 15 integer digits here, fits it exactly); null where halfUp does not read it so: 0, ±inf, NaN, null and
 * magnitudes ≥ 1e14 (halfUp's DECIMAL(38,4) branch, which can exceed 20 integer digits).
 */
export function fifteenDigits(expr: string): string {
  const x = `(${expr})::double`;
  const byMagnitude = Array.from({ length: 18 }, (_, i) => i - 4).map((e) => `when ${e} then ${x}::decimal(18,${14 - e})::decimal(38,18)`).join(" ");
  return `case when isfinite(${x}) and ${x} <> 0 then case greatest(-5, least(14, floor(log10(abs(${x})))::integer)) when -5 then ${x}::decimal(18,18)::decimal(38,18) ${byMagnitude} end end`;
}

/**
 * Exactly halfUp(expr, decimals) — same value, same type (DECIMAL(38, decimals), BIGINT for 0) — given `reading`, a
 * column holding fifteenDigits(expr): rounding the exact reading at `decimals` is what halfUp's branch does (a branch
 * of scale below `decimals` is already exact there). tests/publish/downloads-half-up.test.ts compares the two.
 */
export function halfUpOfReading(expr: string, reading: string, decimals: number): string {
  const x = `(${expr})::double`;
  const rounded = `case when not isfinite(${x}) then null when ${x} = 0 then round(0::decimal(18,0), ${decimals}) when ${reading} is not null then round(${reading}, ${decimals}) else round(${x}::decimal(38,4), ${decimals}) end`;
  return decimals === 0 ? `(${rounded})::bigint` : rounded;
}

interface MartParts {
  readonly layout: string;
  /** SQL giving a row's part key (over alias t). */
  readonly partKey: string;
  readonly parts: ReadonlyArray<{ key: string; f: string }>;
  readonly previous?: { file: string; parts: CsvFileParts | undefined };
}

/**
 * Writes one mart's CSV (from parts: only the parts whose rows changed are selected and written by DuckDB, the rest
 * copied from the previous file), its Parquet and its column dictionary. Returns the CSV's parts as recorded, each
 * marked whether it was written.
 */
async function writeMart(db: DuckDBHandle, dir: string, mart: string, cols: Array<{ name: string; type: string }>, parts: MartParts): Promise<CsvFileParts & { parts: Array<CsvPart & { written: boolean }> }> {
  // Headers are the Chinese labels; the code names are in <mart>.columns.csv beside the file. The header is written
  // here with the BOM (so Excel opens Chinese correctly), the rows by DuckDB without a header.
  const infos = cols.map((c) => columnInfo(c.name));
  const labels = infos.map((i) => i.label);
  const hasIndicator = cols.some((c) => c.name === "indicator_code");
  // A mart with indicators is read through a subquery (still `t`) adding the row's decimals and each value column's
  // 15-digit reading, computed once for the five roundings of csvColumn.
  const readings = cols.map((c, i) => (hasIndicator && infos[i]!.format === "value" && /^(DOUBLE|FLOAT|REAL|DECIMAL|BIGINT|INTEGER|HUGEINT|SMALLINT|TINYINT)/.test(c.type) ? i : -1)).filter((i) => i >= 0);
  const select = cols.map((c, i) => csvColumn(c, infos[i]!, labels[i]!, hasIndicator, readings.includes(i) ? `t."${readingColumn(i)}"` : undefined)).join(", ");
  const from = hasIndicator
    ? `(select t.*, f.decimals as "${DECIMALS_COLUMN}"${readings.map((i) => `, ${fifteenDigits(`t."${cols[i]!.name.replace(/"/g, '""')}"`)} as "${readingColumn(i)}"`).join("")} from main.${mart} t left join (select code, decimals::integer as decimals from main_reference.indicator_formats) f on f.code = t.indicator_code) t`
    : `main.${mart} t`;
  const sources = parts.parts.map((p) => ({ key: p.key, fingerprint: p.f, source: parts.previous ? previousPart(parts.previous.file, parts.previous.parts, parts.layout, p.key, p.f) : undefined }));
  const toWrite = sources.filter((s) => !s.source).map((s) => s.key);
  const tmp = path.join(dir, `.${mart}.parts`);
  rmSync(tmp, { recursive: true, force: true });
  const lit = (v: string) => `'${v.replace(/'/g, "''")}'`;
  if (toWrite.length) {
    const where = toWrite.length === sources.length ? "" : ` where ${parts.partKey} in (${toWrite.map(lit).join(", ")})`;
    // One statement for every part to write: DuckDB puts each part's rows in its own folder (part=<key>).
    await db.exec(`copy (select ${select}, ${parts.partKey} as part from ${from}${where}) to ${lit(tmp)} (format csv, header false, partition_by (part))`);
  }
  const header = Buffer.from(`\uFEFF${labels.map(csvCell).join(",")}\n`, "utf8");
  const csv = path.join(dir, `${mart}.csv`);
  const recorded = await assembleCsv(csv, header, sources.map((s) => ({ key: s.key, fingerprint: s.fingerprint, source: s.source ?? { files: partFiles(tmp, s.key) } })), parts.layout);
  rmSync(tmp, { recursive: true, force: true });
  await db.exec(`copy (select ${cols.map((c) => `"${c.name.replace(/"/g, '""')}"`).join(", ")} from main.${mart}) to ${lit(path.join(dir, `${mart}.parquet`))} (format parquet)`);
  const meta = [["列名", "代码", "格式", "说明"], ...cols.map((c, i) => [labels[i]!, c.name, FORMAT_LABEL[infos[i]!.format], infos[i]!.description])];
  writeFileSync(path.join(dir, `${mart}.columns.csv`), "\uFEFF" + meta.map((r) => r.map(csvCell).join(",")).join("\r\n") + "\r\n");
  return { ...recorded, parts: recorded.parts.map((p, i) => ({ ...p, written: !sources[i]!.source })) };
}

/** The files DuckDB wrote for one part (hive layout `part=<key>/data_N.csv`), in name order. */
function partFiles(tmp: string, key: string): string[] {
  const folder = path.join(tmp, `part=${key}`);
  if (!existsSync(folder)) throw new Error(`download part ${key} was not written (${folder})`);
  return readdirSync(folder).filter((f) => f.endsWith(".csv")).sort().map((f) => path.join(folder, f));
}

const FORMAT_LABEL: Record<ColumnInfo["format"], string> = {
  text: "文本", value: "数值（按指标的小数位）", fraction_pct: "百分数（一位小数）", pct: "百分数（一位小数）", points: "个百分点（一位小数）", count: "整数", area: "两位小数", date: "日期", bool: "是/否",
};

function csvCell(v: string): string {
  return /[",\r\n]/.test(v) ? `"${v.replace(/"/g, '""')}"` : v;
}
