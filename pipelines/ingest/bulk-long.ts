/**
 * Large files in the canonical long format are parsed by DuckDB's CSV reader and
 * validated in SQL, at close to DuckDB's own speed. Everything that needs the
 * reference data is resolved in JavaScript over *distinct* values only (entities;
 * indicator × unit × basis × period combinations; odd number spellings) with the
 * same code as the row-by-row path, so both paths accept, convert and reject the
 * same way. GBK files are converted to UTF-8 by streaming through iconv-lite.
 */
import { createReadStream, createWriteStream, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import { Transform } from "node:stream";
import iconv from "iconv-lite";
import type { Warehouse } from "../warehouse/index.js";
import { columnLetter } from "./grid.js";
import { cellKey, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { parseNumber } from "./numbers.js";
import { parsePeriod } from "./periods.js";
import { ProblemList } from "./problems.js";
import type { Reference } from "./reference.js";
import { resolveValues } from "./resolve.js";
import { parseVintage } from "./vintage.js";

export const BULK_THRESHOLD_BYTES = 256 * 1024;

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
  await wh.sql
    .exec(`drop view if exists temp.bulk_facts; drop view if exists temp.bulk_joined; drop table if exists temp.bulk_keys; drop table if exists temp.bulk_raw; drop table if exists temp.map_entity; drop table if exists temp.map_combo; drop table if exists temp.map_value`)
    .catch(() => {});
}

export interface BulkResult {
  /** Seconds spent in each step, for `--verbose` logs and the benchmark. */
  readonly timings: Record<string, number>;
  readonly problems: ProblemList;
  readonly rows: number;
  /** Name of the temp table holding the resolved facts (without file_id/loaded_at). */
  readonly table: string;
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;

/** Reads and validates `file` into the temp table `bulk_facts`. Nothing is written to the warehouse's own tables. */
export async function stageBulk(wh: Warehouse, file: string, encoding: "utf-8" | "gb18030", plan: BulkPlan, ref: Reference, def: LayoutDefinition, fileVintage: string): Promise<BulkResult> {
  const problems = new ProblemList();
  const sql = wh.sql;
  const timings: Record<string, number> = {};
  let lastMark = performance.now();
  const mark = (label: string) => {
    const now = performance.now();
    timings[label] = (now - lastMark) / 1000;
    lastMark = now;
  };
  let source = file;
  let tmpDir: string | undefined;
  if (encoding === "gb18030") {
    tmpDir = mkdtempSync(path.join(tmpdir(), "zonestat-gbk-"));
    source = path.join(tmpDir, "utf8.csv");
    let bad = false;
    const check = new Transform({
      transform(chunk: string, _e, cb) {
        if (!bad && chunk.includes("\uFFFD")) bad = true;
        cb(null, chunk);
      },
      decodeStrings: false,
    });
    await pipeline(createReadStream(file), iconv.decodeStream("gb18030"), check, createWriteStream(source));
    mark("gbk_to_utf8");
    if (bad) {
      rmSync(tmpDir, { recursive: true, force: true });
      problems.error("ENCODING_INVALID", ingestMsg.encodingInvalid(path.basename(file), 0), { expected: "UTF-8 或 GBK/GB18030 编码的文本" });
      return { timings, problems, rows: 0, table: "" };
    }
  }
  try {
    const colDefs = plan.header.map((_, i) => `'c${i}': 'VARCHAR'`).join(", ");
    const col = (f: Field) => (plan.columns[f] === undefined ? "NULL" : `c${plan.columns[f]}`);
    // Insertion order is preserved, so rowid + 2 is the file line (header on line 1); no window over millions of rows.
    const n = await sql.execCount(`create or replace temp table bulk_raw as
      select * from read_csv(${q(source)}, header = true, auto_detect = false, delim = ',', quote = '"', escape = '"', columns = {${colDefs}}, null_padding = false, strict_mode = true)`);
    mark("read_csv");

    // Entities, over distinct texts.
    const entities = await sql.all<{ t: string }>(`select distinct coalesce(trim(${col("entity_name")}), '') as t from bulk_raw`);
    await sql.exec(`create or replace temp table map_entity (t varchar, code varchar, name varchar, kind varchar)`);
    const ea = await sql.appender("map_entity", "temp");
    for (const { t } of entities) {
      const e = ref.entity(t);
      if (e) ea.append([t, e.code, e.name, e.kind]);
    }
    ea.close();

    mark("entities");
    // indicator × unit × basis × period × vintage: resolved by the row path's own code on a probe value of 1.
    const combos = await sql.all<{ i: string; u: string; b: string; p: string; v: string }>(`select distinct
        coalesce(trim(${col("indicator")}), '') as i, coalesce(trim(${col("unit")}), '') as u, coalesce(trim(${col("basis")}), '') as b,
        coalesce(trim(${col("period")}), '') as p, coalesce(trim(${col("vintage")}), '') as v from bulk_raw`);
    await sql.exec(`create or replace temp table map_combo (i varchar, u varchar, b varchar, p varchar, v varchar,
      indicator_code varchar, indicator_name varchar, uncatalogued boolean, measure varchar, period_start date, period_end date,
      period_label varchar, grain varchar, basis varchar, factor double, unit varchar, vintage date, error varchar, message varchar)`);
    const ca = await sql.appender("map_combo", "temp");
    const anyEntity = ref.entities[0]!.name;
    for (const c of combos) {
      const probe = new ProblemList();
      const facts = resolveValues(
        [{ line: 0, column: "", entityText: anyEntity, indicatorText: c.i, unitText: c.u || undefined, periodText: c.p, period: parsePeriod(c.p), basisText: c.b || undefined, vintageText: c.v || undefined, valueText: "1" }],
        ref,
        { unknownIndicators: def.unknown_indicators },
        probe,
      );
      const f = facts[0];
      const err = probe.errors[0];
      const vintage = c.v ? parseVintage(c.v) : fileVintage;
      if (f && c.v && !vintage) {
        ca.append([c.i, c.u, c.b, c.p, c.v, null, null, null, null, null, null, null, null, null, null, null, null, "VINTAGE_INVALID", ingestMsg.vintageInvalid(c.v)]);
      } else if (f) {
        ca.append([c.i, c.u, c.b, c.p, c.v, f.indicator_code, f.indicator_name, f.uncatalogued ? "true" : "false", f.measure, f.period_start, f.period_end, f.period_label, f.grain, f.basis, f.value, f.unit, vintage ?? fileVintage, null, null]);
        for (const w of probe.warnings) problems.warn(w.code, w.message, { value: w.value });
      } else {
        ca.append([c.i, c.u, c.b, c.p, c.v, null, null, null, null, null, null, null, null, null, null, null, null, err?.code ?? "INDICATOR_UNKNOWN", err?.message ?? ""]);
      }
    }
    ca.close();

    mark("combos");
    // Values: DuckDB casts the plain ones; odd spellings (full-width, thousands, %) go through parseNumber once each.
    const odd = await sql.all<{ t: string }>(`select distinct ${col("value")} as t from bulk_raw
      where try_cast(trim(${col("value")}) as double) is null and coalesce(trim(${col("value")}), '') <> ''`);
    await sql.exec(`create or replace temp table map_value (t varchar, v double, missing boolean)`);
    const va = await sql.appender("map_value", "temp");
    const invalid = new Set<string>();
    for (const { t } of odd) {
      const p = parseNumber(t);
      if (p.kind === "number") va.append([t, p.value, "false"]);
      else if (p.kind === "missing") va.append([t, null, "true"]);
      else invalid.add(t);
    }
    va.close();

    // Views, not tables: the rows are read once from bulk_raw by each pass, never copied.
    await sql.exec(`create or replace temp view bulk_joined as
      select r.rowid + 2 as line, ${col("value")} as value_text, coalesce(trim(${col("entity_name")}), '') as entity_text,
             e.code as entity_code, e.name as entity_name, e.kind as entity_kind,
             coalesce(try_cast(trim(${col("value")}) as double), mv.v) as number, coalesce(mv.missing, coalesce(trim(${col("value")}), '') = '') as missing,
             c.*
      from bulk_raw r
      left join map_entity e on e.t = coalesce(trim(${col("entity_name")}), '')
      left join map_combo c on c.i = coalesce(trim(${col("indicator")}), '') and c.u = coalesce(trim(${col("unit")}), '')
        and c.b = coalesce(trim(${col("basis")}), '') and c.p = coalesce(trim(${col("period")}), '') and c.v = coalesce(trim(${col("vintage")}), '')
      left join map_value mv on mv.t = ${col("value")}`);

    const valueCol = columnLetter(plan.columns.value!);
    mark("odd_values");
    // One pass finds every kind of row error, in the order the row path reports them.
    const bad = await sql.all<{ line: number; kind: string; value_text: string; entity_text: string; error: string; message: string; i: string; p: string }>(`
      select line, case when number is null then 'value' when entity_code is null then 'entity' else 'combo' end as kind,
             value_text, entity_text, error, message, i, p
      from bulk_joined
      where not missing and (number is null or entity_code is null or error is not null)
      order by line limit 200`);
    for (const r of bad) {
      if (r.kind === "value") problems.error("VALUE_NOT_NUMBER", ingestMsg.valueNotNumber(String(r.value_text)), { line: Number(r.line), column: valueCol, value: String(r.value_text) });
      else if (r.kind === "entity") problems.error("ENTITY_UNKNOWN", ingestMsg.entityUnknown(r.entity_text), { line: Number(r.line), column: valueCol, value: r.entity_text });
      else problems.error(r.error, r.message, { line: Number(r.line), value: r.error === "PERIOD_INVALID" ? r.p : r.i });
    }
    mark("errors");
    if (problems.hasErrors) return { timings, problems, rows: n, table: "" };

    await sql.exec(`create or replace temp view bulk_facts as
      select line, ${q(valueCol)} as col, entity_code, entity_name, entity_kind, indicator_code, indicator_name, i as indicator_label,
             uncatalogued, measure, period_start, period_end, period_label, grain, basis,
             cast(round(number * factor, 10) as double) as value, unit, value_text as original_text, u as original_unit, vintage
      from bulk_joined where not missing`);
    // Keys are hashed to one integer for the group-by (and the row count comes with it); only the
    // few colliding groups are then compared on their real keys and values.
    const [{ rows }] = (await sql.all<{ rows: number }>(`create or replace temp table bulk_keys as
        select hash(entity_code, indicator_code, measure, period_start, period_end, basis, vintage) as k, count(*) as n
        from bulk_facts group by k having count(*) > 1;
      select (select count(*)::integer from bulk_joined where not missing) as rows`)) as [{ rows: number }];
    const dups = await sql.all<{ line: number; entity_name: string; indicator_name: string; period_label: string }>(`select min(line) as line, entity_name, indicator_name, period_label
      from bulk_facts
      where hash(entity_code, indicator_code, measure, period_start, period_end, basis, vintage) in (select k from bulk_keys)
      group by entity_code, indicator_code, measure, period_start, period_end, basis, vintage, entity_name, indicator_name, period_label
      having count(distinct value) > 1 order by line limit 200`);
    mark("duplicates");
    for (const d of dups) problems.error("DUPLICATE_VALUE", ingestMsg.duplicateValue(`${d.entity_name} ${d.indicator_name} ${d.period_label}`, d.line), { line: d.line });
    if (rows === 0 && !problems.hasErrors) problems.error("NO_VALUES", ingestMsg.noValues());
    mark("count");
    return { timings, problems, rows, table: "bulk_facts" };
  } catch (e) {
    const text = String((e as Error).message ?? e);
    const line = text.match(/Line: (\d+)/i)?.[1];
    const found = text.match(/Expected Number of Columns: (\d+) Found: (\d+)/);
    const original = text.match(/Original Line: (.*)/)?.[1];
    if (found && Number(found[2]) > Number(found[1])) {
      problems.error("ROW_TOO_LONG", ingestMsg.rowTooLong(Number(found[2]), Number(found[1])), { line: line ? Number(line) : undefined, column: columnLetter(Number(found[1])), value: original });
    } else {
      problems.error("CSV_MALFORMED", `CSV 结构错误：${text.split("\n")[0]}`, { line: line ? Number(line) : undefined, value: original, expected: "每行列数与表头一致、引号成对" });
    }
    return { timings, problems, rows: 0, table: "" };
  } finally {
    // bulk_facts and what it reads stay until the load has inserted them; dropBulk() clears them.
    if (tmpDir) rmSync(tmpDir, { recursive: true, force: true });
  }
}
