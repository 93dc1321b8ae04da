/**
 * Large files in the canonical long format are parsed by DuckDB's CSV reader and
 * validated in SQL, at close to DuckDB's own speed. Everything that needs the
 * reference data is resolved in JavaScript over *distinct* values only (entities;
 * indicator × unit × basis × period combinations; odd number spellings) with the
 * same code as the row-by-row path, so both paths accept, convert and reject the
 * same way. GBK files are converted to UTF-8 by streaming through Node's GB18030 decoder.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { once } from "node:events";
import { finished } from "node:stream/promises";
import type { Warehouse } from "../warehouse/index.js";
import { columnLetter } from "./grid.js";
import { cellKey, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { hasPercentSign, parseNumber } from "./numbers.js";
import { parsePeriod } from "./periods.js";
import { ProblemList } from "./problems.js";
import type { Reference } from "./reference.js";
import { dropStage, StagedDictionaries } from "./load.js";
import { resolveValues, type Fact } from "./resolve.js";
import { parseVintage } from "./vintage.js";
import type { RowAccounting } from "./accounting.js";
import { sqlString } from "../warehouse/sql-literal.js";

export const BULK_THRESHOLD_BYTES = 256 * 1024;

/** The bulk load's steps with their share of its time (from `npm run bench:ingest`), for the progress bar. */
export const BULK_STEPS = [
  ["gbk_to_utf8", 0.12, "转换编码"], ["read_csv", 0.25, "读取"], ["entities", 0.01, "核对地区"], ["combos", 0.04, "核对指标与期别"],
  ["odd_values", 0.03, "核对数值"], ["resolve", 0.18, "逐行匹配"], ["errors", 0.01, "检查错误"], ["duplicates", 0.1, "检查重复"], ["insert", 0.26, "写入仓库"],
] as const;

const FIELDS = ["entity_name", "period", "indicator", "value", "unit", "basis", "vintage"] as const;
type Field = (typeof FIELDS)[number];

export interface BulkPlan {
  readonly header: string[];
  readonly columns: Partial<Record<Field, number>>;
}

/** Whether the first line makes this a canonical long file the bulk path can take. */
export function planBulk(firstLine: string, def: LayoutDefinition): BulkPlan | undefined {
  if (def.reader !== "long" || firstLine.includes('"')) return undefined;
  const header = firstLine.replace(/^\uFEFF/, "").replace(/\r$/, "").split(",");
  const columns: Partial<Record<Field, number>> = {};
  header.forEach((h, i) => {
    const k = cellKey(h).toLowerCase();
    const f = FIELDS.find((x) => def.columns[x].some((n) => cellKey(n).toLowerCase() === k));
    if (f) columns[f] = i;
  });
  if (Object.keys(columns).length !== header.length) return undefined; // unknown columns: the row path reports them
  if (["entity_name", "period", "indicator", "value"].some((f) => columns[f as Field] === undefined)) return undefined;
  return { header, columns };
}

/** Drops the temporary tables and views of a staged bulk file. */
export async function dropBulk(wh: Warehouse): Promise<void> {
  await dropStage(wh);
  await wh.sql
    .exec(`drop table if exists temp.bulk_keys; drop table if exists temp.bulk_resolved; drop table if exists temp.bulk_raw; drop table if exists temp.map_entity; drop table if exists temp.map_combo; drop table if exists temp.map_value`)
    .catch(() => {});
}

export interface BulkResult {
  /** Seconds spent in each step, for `--verbose` logs and the benchmark. */
  readonly timings: Record<string, number>;
  readonly problems: ProblemList;
  /** Values to store (missing ones excluded), staged in the shape `loadFile` takes. */
  readonly rows: number;
  /** Lines counted as the row path counts them; one row per line (DuckDB's reader), so lines = rows read + header. */
  readonly accounting?: RowAccounting;
  /** The file could not be read (encoding, CSV structure): nothing of it is staged, temp.stage_series included. */
  readonly readFailed?: boolean;
}

const q = sqlString;

/** Seconds per step of a staging (the "bulk timings" debug line): `mark(step)` closes the step begun at the last mark. */
export function stepTimer(onStep?: (step: string) => void): { timings: Record<string, number>; mark: (step: string) => void } {
  const timings: Record<string, number> = {};
  let lastMark = performance.now();
  return {
    timings,
    mark(step) {
      const now = performance.now();
      timings[step] = (now - lastMark) / 1000;
      lastMark = now;
      onStep?.(step);
    },
  };
}

/** Reads and validates `file` into the staged tables `loadFile` takes. Nothing is written to the warehouse's own tables. */
export async function stageBulk(wh: Warehouse, file: string, encoding: "utf-8" | "gb18030", plan: BulkPlan, ref: Reference, def: LayoutDefinition, fileVintage: string, onStep?: (step: string) => void): Promise<BulkResult> {
  const problems = new ProblemList();
  const sql = wh.sql;
  const { timings, mark } = stepTimer(onStep);
  let source = file;
  let tmpDir: string | undefined;
  if (encoding === "gb18030") {
    const converted = await gbkToUtf8(file);
    mark("gbk_to_utf8");
    if (!converted) {
      problems.error("ENCODING_INVALID", ingestMsg.encodingInvalid(path.basename(file), 0), { expected: "UTF-8 或 GBK/GB18030 编码的文本" });
      return { timings, problems, rows: 0, readFailed: true };
    }
    ({ source, tmpDir } = converted);
  }
  try {
    // Raw column text: the maps below are keyed by it untrimmed, and JavaScript trims as the row path does.
    const col = (f: Field) => (plan.columns[f] === undefined ? "NULL::varchar" : `c${plan.columns[f]}`);
    // Insertion order is preserved, so rowid + 2 is the file line (header on line 1); no window over millions of rows.
    const n = await sql.execCount(`create or replace temp table bulk_raw as
      select * from read_csv(${q(source)}, ${csvOptions(plan)})`);
    mark("read_csv");

    // Entities, over distinct texts; one key per entity code.
    const entities = await sql.all<{ t: string | null }>(`select distinct ${col("entity_name")} as t from bulk_raw`);
    // The three maps are created in one round trip; their rows are appended below.
    await sql.exec(`create or replace temp table map_entity (t varchar, entity_key integer);
      create or replace temp table map_combo (i varchar, u varchar, b varchar, p varchar, v varchar,
        series_key integer, canon_key integer, factor double, error varchar, message varchar, shown varchar, pct_ok boolean, unit varchar, indicator varchar);
      create or replace temp table map_value (t varchar, v double, missing boolean, pct boolean)`);
    const dict = await StagedDictionaries.open(wh);
    const entityNames = new Map<number, string>();
    const ma = await sql.appender("map_entity", "temp");
    for (const { t } of entities) {
      const e = ref.entity((t ?? "").trim());
      if (!e) continue;
      const key = dict.entityKey(e.code, e.name, e.kind);
      entityNames.set(key, e.name);
      ma.append([t, key]);
    }
    ma.close();
    mark("entities");

    // indicator × unit × basis × period × vintage: resolved by the row path's own code on a probe value of 1.
    // series_key names what is stored once per file; canon_key what two rows must not disagree on.
    const combos = await sql.all<{ i: string | null; u: string | null; b: string | null; p: string | null; v: string | null }>(`select distinct
        ${col("indicator")} as i, ${col("unit")} as u, ${col("basis")} as b, ${col("period")} as p, ${col("vintage")} as v from bulk_raw`);
    const canonKeys = new Map<string, number>();
    const canonNames = new Map<number, string>();
    const ca = await sql.appender("map_combo", "temp");
    for (const c of combos) {
      const r = resolveCombo([c.i, c.u, c.b, c.p, c.v], ref, def, fileVintage);
      if (r.fact) {
        const seriesKey = dict.seriesKey(r.fact, r.vintage);
        let canonKey = canonKeys.get(r.canon);
        if (canonKey === undefined) {
          canonKey = canonKeys.size + 1;
          canonKeys.set(r.canon, canonKey);
          canonNames.set(canonKey, r.canonName);
        }
        ca.append([...r.raw, seriesKey, canonKey, ...r.tail]);
        for (const w of r.warnings) problems.warn(w.code, w.message, { value: w.value });
      } else ca.append([...r.raw, null, null, ...r.tail]);
    }
    ca.close();
    dict.close();
    mark("combos");

    // Values: DuckDB casts the plain ones; odd spellings (full-width, thousands, %, "1_000", "inf") go through parseNumber once each.
    const V = col("value");
    const plain = plainNumber(V);
    const odd = await sql.all<{ t: string }>(`select distinct ${V} as t from bulk_raw where ${V} is not null and ${plain} is null`);
    // pct: the cell carries a % sign — refused below unless the series' unit is % (as resolve.ts does row by row).
    const va = await sql.appender("map_value", "temp");
    for (const { t } of odd) {
      const row = oddValue(t);
      if (row) va.append(row);
    }
    va.close();
    mark("odd_values");

    // One pass joins every row to its keys; everything after reads this narrow table.
    // The value to store computed once (the duplicates check, the 审核 and the insert read it).
    await sql.exec(`create or replace temp table bulk_resolved as select *, cast(round(number * factor, 10) as double) as value from (
      select r.rowid + 2 as line, ${V} as value_text, ${col("entity_name")} as entity_text, e.entity_key, c.series_key, c.canon_key,
             c.factor, c.error, c.message, c.shown, coalesce(${plain}, mv.v) as number,
             coalesce(mv.pct, false) and not coalesce(c.pct_ok, true) as pct_bad, c.unit, c.indicator,
             ${V} is null or coalesce(mv.missing, false) as missing
      from bulk_raw r
      left join map_entity e on e.t is not distinct from ${col("entity_name")}
      left join map_combo c on c.i is not distinct from ${col("indicator")} and c.u is not distinct from ${col("unit")}
        and c.b is not distinct from ${col("basis")} and c.p is not distinct from ${col("period")} and c.v is not distinct from ${col("vintage")}
      left join map_value mv on mv.t = ${V});
      drop table bulk_raw`);
    mark("resolve");

    const valueCol = columnLetter(plan.columns.value!);
    // One pass finds every kind of row error, in the order the row path reports them.
    const bad = await sql.all<BadRow>(`select line, ${BAD_KIND} as kind, value_text, entity_text, error, message, shown, unit, indicator
      from bulk_resolved where ${IS_BAD} order by line limit 200`);
    addRowErrors(problems, bad, plan);
    mark("errors");
    if (problems.hasErrors) {
      const [{ e, ok, all }] = (await sql.all<{ e: number; ok: number; all: number }>(`select count(*) filter (where bad)::integer as e, count(*) filter (where not bad and not missing)::integer as ok, count(*)::integer as "all"
        from (select missing, ${IS_BAD} as bad from bulk_resolved)`)) as [{ e: number; ok: number; all: number }];
      return { timings, problems, rows: n, accounting: bulkAccounting(Number(all), Number(ok), Number(e)) };
    }

    // Duplicates: group on one integer per (entity, canonical series); only colliding groups compare values.
    const [{ rows, all }] = (await sql.all<{ rows: number; all: number }>(`create or replace temp table bulk_keys as
        select entity_key::bigint * 4294967296 + canon_key as k from bulk_resolved where not missing group by k having count(*) > 1;
      select count(*) filter (where not missing)::integer as rows, count(*)::integer as "all" from bulk_resolved`)) as [{ rows: number; all: number }];
    // The staged view rides on the duplicates query's round trip (the last statement's rows are returned).
    const dups = await sql.all<{ line: number; entity_key: number; canon_key: number }>(`create or replace temp view stage_values as
        select line, ${q(valueCol)} as col, entity_key, series_key, value, value_text as original_text
        from bulk_resolved where not missing;
      select min(line) as line, entity_key, canon_key
      from bulk_resolved
      where not missing and entity_key::bigint * 4294967296 + canon_key in (select k from bulk_keys)
      group by entity_key, canon_key
      having count(distinct value) > 1 order by line limit 200`);
    for (const d of dups) problems.error("DUPLICATE_VALUE", ingestMsg.duplicateValue(`${entityNames.get(d.entity_key)} ${canonNames.get(d.canon_key)}`, d.line), { line: d.line });
    if (rows === 0 && !problems.hasErrors) problems.error("NO_VALUES", ingestMsg.noValues());
    mark("duplicates");
    return { timings, problems, rows, accounting: bulkAccounting(Number(all), Number(rows), problems.hasErrors ? problems.errors.length : 0) };
  } catch (e) {
    readFailure(e, problems);
    return { timings, problems, rows: 0, readFailed: true };
  } finally {
    // bulk_facts and what it reads stay until the load has inserted them; dropBulk() clears them.
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  }
}

/** read_csv's options for a bulk file: every column as raw text, named c0, c1, … by position; strict. */
export function csvOptions(plan: BulkPlan): string {
  const colDefs = plan.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
  return `header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${colDefs}}, null_padding = false, strict_mode = true`;
}

/**
 * A GBK/GB18030 file converted to UTF-8 in a new temporary folder (the caller removes
 * `tmpDir`); undefined, with nothing left behind, when a byte sequence does not decode.
 */
export async function gbkToUtf8(file: string): Promise<{ source: string; tmpDir: string } | undefined> {
  const tmpDir = mkdtempSync(path.join(tmpdir(), "zonestat-gbk-"));
  const source = path.join(tmpDir, "utf8.csv");
  // Node's built-in GB18030 decoder (ICU) is 2.4× faster than iconv-lite on large files and gives the same text
  // (the bulk = row path test checks it); the row path keeps iconv-lite.
  const decoder = new TextDecoder("gb18030");
  const out = createWriteStream(source);
  let bad = false;
  for await (const chunk of createReadStream(file, { highWaterMark: 1 << 20 })) {
    const text = decoder.decode(chunk as Buffer, { stream: true });
    if (!bad && text.includes("\uFFFD")) bad = true;
    if (!out.write(text)) await once(out, "drain");
  }
  const rest = decoder.decode();
  if (rest.includes("\uFFFD")) bad = true;
  out.end(rest);
  await finished(out);
  if (!bad) return { source, tmpDir };
  rmSync(tmpDir, { recursive: true, force: true });
  return undefined;
}

/** A failed read of a bulk file (DuckDB's CSV error) as the file's problem: a row too long, or the structure named. */
export function readFailure(e: unknown, problems: ProblemList): void {
  const text = String((e as Error).message ?? e);
  const line = text.match(/Line: (\d+)/i)?.[1];
  const found = text.match(/Expected Number of Columns: (\d+) Found: (\d+)/);
  const original = text.match(/Original Line: (.*)/)?.[1];
  if (found && Number(found[2]) > Number(found[1])) {
    problems.error("ROW_TOO_LONG", ingestMsg.rowTooLong(Number(found[2]), Number(found[1])), { line: line ? Number(line) : undefined, column: columnLetter(Number(found[1])), value: original });
  } else {
    problems.error("CSV_MALFORMED", `CSV 结构错误：${text.split("\n")[0]}`, { line: line ? Number(line) : undefined, value: original, expected: "每行列数与表头一致、引号成对" });
  }
}

/** SQL: the value text `v` as a number when DuckDB's cast reads it as the row path's number rule does; else null. */
export const plainNumber = (v: string) => `case when isfinite(try_cast(${v} as double)) and not contains(${v}, '_') then try_cast(${v} as double) end`;

/** An odd value spelling (full-width, thousands, %, "1_000", "inf") as a map_value row (t, v, missing, pct); undefined when it is no number. */
export function oddValue(t: string): [string, number | null, string, string] | undefined {
  // pct: the cell carries a % sign — refused unless the series' unit is % (as resolve.ts does row by row).
  const p = parseNumber(t);
  if (p.kind === "number") return [t, p.value, "false", hasPercentSign(t) ? "true" : "false"];
  if (p.kind === "missing") return [t, null, "true", "false"];
  return undefined;
}

/** One distinct indicator × unit × basis × period × vintage of a file, resolved by the row path's own code. */
export interface ComboResolved {
  /** The five raw texts, as the map_combo row starts. */
  readonly raw: Array<string | null>;
  /** The resolved series (the probe value 1 gives its factor); undefined when the combination is an error. */
  readonly fact?: Fact;
  /** The series' vintage: the row's own, else the file's. */
  readonly vintage: string;
  /** What two rows must not disagree on (indicator, measure, period, basis, vintage), and its name for DUPLICATE_VALUE. */
  readonly canon: string;
  readonly canonName: string;
  /** The map_combo row after series_key and canon_key: factor, error, message, shown, pct_ok, unit, indicator. */
  readonly tail: Array<string | number | null>;
  readonly warnings: ReadonlyArray<{ code: string; message: string; value?: string }>;
}

/** `parsePeriod` once per distinct text (a batch repeats each period for every indicator); its results are only read. */
const periods = new Map<string, ReturnType<typeof parsePeriod>>();
function periodOf(text: string): ReturnType<typeof parsePeriod> {
  if (!periods.has(text)) {
    if (periods.size >= 4096) periods.clear(); // a long-running scheduler meets new periods for years
    periods.set(text, parsePeriod(text));
  }
  return periods.get(text);
}

/** Resolves one combination (`raw`: indicator, unit, basis, period, vintage texts) on a probe value of 1. */
export function resolveCombo(raw: Array<string | null>, ref: Reference, def: LayoutDefinition, fileVintage: string): ComboResolved {
  const [i, u, b, p, v] = raw.map((x) => (x ?? "").trim()) as [string, string, string, string, string];
  const probe = new ProblemList();
  const facts = resolveValues(
    [{ line: 0, column: "", entityText: ref.entities[0]!.name, indicatorText: i, unitText: u || undefined, periodText: p, period: periodOf(p), basisText: b || undefined, vintageText: v || undefined, valueText: "1" }],
    ref,
    { unknownIndicators: def.unknown_indicators },
    probe,
  );
  const f = facts[0];
  const err = probe.errors[0];
  const vintage = v ? parseVintage(v) : fileVintage;
  const none = { vintage: fileVintage, canon: "", canonName: "", warnings: [] };
  if (f && v && !vintage) return { raw, ...none, tail: [null, "VINTAGE_INVALID", ingestMsg.vintageInvalid(v), v, "true", null, null] };
  if (!f) return { raw, ...none, tail: [null, err?.code ?? "INDICATOR_UNKNOWN", err?.message ?? "", err?.code === "PERIOD_INVALID" ? p : i, "true", null, null] };
  const own = vintage ?? fileVintage;
  return {
    raw, fact: f, vintage: own, canon: JSON.stringify([f.indicator_code, f.measure, f.period_start, f.period_end, f.basis, own]), canonName: `${f.indicator_name} ${f.period_label}`,
    tail: [f.value, null, null, null, f.unit === "%" ? "true" : "false", f.unit, f.indicator_name], warnings: probe.warnings,
  };
}

/** A row error found in SQL (bulk_resolved), as the row path words it. */
export type BadRow = {
  line: number; kind: string; value_text: string; entity_text: string | null; error: string; message: string; shown: string; unit: string | null; indicator: string | null;
};

/** SQL over bulk_resolved: which kind of row error a row has (in the order the row path reports them), and whether it has one. */
export const BAD_KIND = `case when number is null then 'value' when entity_key is null then 'entity' when error is not null then 'combo' else 'percent' end`;
export const IS_BAD = `not missing and (number is null or entity_key is null or error is not null or pct_bad)`;

/** Adds a file's row errors (in line order) to its problems, naming line, column and value. */
export function addRowErrors(problems: ProblemList, bad: readonly BadRow[], plan: BulkPlan): void {
  const valueCol = columnLetter(plan.columns.value!);
  const entityCol = columnLetter(plan.columns.entity_name!);
  for (const r of bad) {
    const entityText = (r.entity_text ?? "").trim();
    if (r.kind === "percent") {
      const unit = String(r.unit ?? "");
      problems.error("VALUE_PERCENT", ingestMsg.valuePercent(String(r.value_text), String(r.indicator ?? ""), unit), { line: Number(r.line), column: valueCol, value: String(r.value_text), expected: `以 ${unit} 计的数值（不带 %）` });
    } else if (r.kind === "value") problems.error("VALUE_NOT_NUMBER", ingestMsg.valueNotNumber(String(r.value_text)), { line: Number(r.line), column: valueCol, value: String(r.value_text) });
    else if (r.kind === "entity") problems.error("ENTITY_UNKNOWN", ingestMsg.entityUnknown(entityText), { line: Number(r.line), column: entityCol, value: entityText });
    else problems.error(r.error, r.message, { line: Number(r.line), column: valueCol, value: r.shown });
  }
}

/** Row accounting for the bulk path: one header line, then one line per row DuckDB read. */
export function bulkAccounting(read: number, loaded: number, errors: number): RowAccounting {
  return { lines: read + 1, header: 1, loaded, error: errors, empty: read - loaded - errors, title: 0, unit: 0, note: 0, total: 0, subtotal: 0, meta: 0, blank: 0, unread: 0 };
}
