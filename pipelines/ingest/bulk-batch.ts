/**
 * A batch's canonical long files read and checked together (issue #24): one read_csv over
 * the files that share a header plan (DuckDB reads a list of files; `filename` says whose
 * row each is), then the checks of `stageBulk` (bulk-long.ts) as set-based SQL grouped by
 * file — the same entities, series, odd values, row errors, duplicates and counts, each
 * file's first 200 problems in line order, with the same messages (file, line, column,
 * value, expected). What is resolved in JavaScript is resolved once per distinct text in the
 * batch, with the row path's own code. A file whose read fails is read again alone, so its
 * problem is the one its own load reports; the others are not affected.
 *
 * Result: temp.batch_values / batch_series / batch_entities (batch.ts) hold, under each
 * file's `ord`, exactly what `stageBulk` stages for it in temp.stage_* (keys from 1 within
 * the file; values only for files without errors; series with the file's rule-1 vintage,
 * or UNSTATED until rule 4 is applied by `applyBatchEditions`). batch_values is here a view
 * over temp.batch_resolved and temp.batch_files, which live until `dropBatch`.
 */
import { rmSync } from "node:fs";
import path from "node:path";
import type { Warehouse } from "../warehouse/index.js";
import { openBatch } from "./batch.js";
import { BAD_KIND, bulkAccounting, csvOptions, gbkToUtf8, IS_BAD, addRowErrors, oddValue, plainNumber, readFailure, resolveCombo, stepTimer, type BadRow, type BulkPlan, type BulkResult, type ComboResolved } from "./bulk-long.js";
import { bulkEdition, UNSTATED, type BulkEdition } from "./bulk-file.js";
import { columnLetter } from "./grid.js";
import type { LayoutDefinition } from "./layout.js";
import { StagedDictionaries } from "./load.js";
import { ingestMsg } from "./messages.js";
import { ProblemList } from "./problems.js";
import type { Reference } from "./reference.js";
import type { VintageSource } from "./vintage.js";
import { sqlString } from "../warehouse/sql-literal.js";

/** One file of the batch, as `stageBulk` takes it. */
export interface BatchInput {
  readonly ord: number;
  readonly file: string;
  readonly encoding: "utf-8" | "gb18030";
  readonly plan: BulkPlan;
  readonly def: LayoutDefinition;
  /** Rule 1's vintage, or UNSTATED (bulk-file.ts) until rule 4 knows the periods. */
  readonly fileVintage: string;
}

const q = sqlString;
const FIELDS = ["entity_name", "period", "indicator", "value", "unit", "basis", "vintage"] as const;
/** bulk_raw's columns, one per field (by name, whatever each file's column order). */
const RAW = "ord integer, e varchar, p varchar, i varchar, v varchar, u varchar, b varchar, vt varchar";
const fieldsOf = (plan: BulkPlan) => FIELDS.map((f) => (plan.columns[f] === undefined ? "NULL::varchar" : `c${plan.columns[f]}`)).join(", ");

/**
 * Reads and checks `inputs` into the batch tables (created here). Returns each file's
 * result as `stageBulk` gives it (`timings` are the batch's). Throws only on a failure
 * of the batch itself (the caller stages the files one by one instead).
 */
export async function stageBatch(wh: Warehouse, inputs: readonly BatchInput[], ref: Reference, onStep?: (step: string) => void): Promise<{ results: Map<number, BulkResult>; timings: Record<string, number> }> {
  const sql = wh.sql;
  const { timings, mark } = stepTimer(onStep);
  const problems = new Map(inputs.map((f) => [f.ord, new ProblemList()]));
  const failed = new Set<number>();
  const byOrd = new Map(inputs.map((f) => [f.ord, f]));
  const tmpDirs: string[] = [];
  try {
    // GBK files are read from a UTF-8 copy; one that does not decode is rejected (ENCODING_INVALID) and not read.
    const sources = new Map<number, string>();
    for (const f of inputs) {
      if (f.encoding !== "gb18030") {
        sources.set(f.ord, f.file);
        continue;
      }
      const converted = await gbkToUtf8(f.file);
      if (converted) {
        tmpDirs.push(converted.tmpDir);
        sources.set(f.ord, converted.source);
      } else {
        problems.get(f.ord)!.error("ENCODING_INVALID", ingestMsg.encodingInvalid(path.basename(f.file), 0), { expected: "UTF-8 或 GBK/GB18030 编码的文本" });
        failed.add(f.ord);
      }
    }
    if (tmpDirs.length) mark("gbk_to_utf8");

    // One read_csv per header plan (files whose columns stand in the same places). Insertion order is
    // preserved: each file's rows follow each other in line order, so a row's line is its rowid minus its
    // file's first rowid, plus 2 (checked below: every file's rows are contiguous).
    await openBatch(wh);
    await sql.exec(`create or replace temp table bulk_raw (${RAW})`);
    const groups = new Map<string, BatchInput[]>();
    for (const f of inputs) {
      if (failed.has(f.ord)) continue;
      const key = JSON.stringify([f.plan.header.length, f.plan.columns]);
      groups.set(key, [...(groups.get(key) ?? []), f]);
    }
    for (const group of groups.values()) {
      const list = `[${group.map((f) => q(sources.get(f.ord)!)).join(", ")}]`;
      // Whose row: the reader's file_index (the place in the list) — only when no path could be read as a glob
      // pattern (one entry naming several files would shift the places); else the file name, matched in the list.
      const ords = `[${group.map((f) => f.ord).join(", ")}]`;
      const plainPaths = group.every((f) => !/[*?[\]{}]/.test(sources.get(f.ord)!));
      try {
        await sql.exec(plainPaths
          ? `insert into bulk_raw select (${ords})[file_index::integer + 1], ${fieldsOf(group[0]!.plan)} from read_csv(${list}, ${csvOptions(group[0]!.plan)})`
          : `insert into bulk_raw select (${ords})[list_position(${list}, filename)], ${fieldsOf(group[0]!.plan)}
          from read_csv(${list}, ${csvOptions(group[0]!.plan)}, filename = true)`);
      } catch {
        // Some file's read fails (a statement inserts all or nothing): each is read alone, as its own load reads it.
        for (const f of group) {
          try {
            await sql.exec(`insert into bulk_raw select ${f.ord}, ${fieldsOf(f.plan)} from read_csv(${q(sources.get(f.ord)!)}, ${csvOptions(f.plan)})`);
          } catch (e) {
            readFailure(e, problems.get(f.ord)!);
            failed.add(f.ord);
          }
        }
      }
    }
    const spans = await sql.all<{ ord: number | null; lo: number; n: number; contiguous: boolean }>(
      `select ord, min(rowid) as lo, count(*)::integer as n, max(rowid) - min(rowid) + 1 = count(*) as contiguous from bulk_raw group by ord`);
    // A row no file claims (DuckDB named its file otherwise than we did) or a file's rows apart: the caller stages file by file.
    if (spans.some((s) => s.ord === null || !s.contiguous)) throw new Error("bulk_raw: a row without its file, or a file's rows not contiguous");
    const read = inputs.filter((f) => !failed.has(f.ord));
    await sql.exec(`create or replace temp table batch_files as select * from (values ${read.map((f) => `(${f.ord}, ${Number(spans.find((s) => Number(s.ord) === f.ord)?.lo ?? 0)}, ${q(columnLetter(f.plan.columns.value!))})`).join(", ") || "(null, null, null)"}) t(ord, lo, value_col)`);
    mark("read_csv");

    // Entities over distinct (file, text): keys from 1 within each file, as its own load numbers them.
    await sql.exec(`create or replace temp table map_entity (ord integer, t varchar, entity_key integer);
      create or replace temp table map_combo (cid integer, ord integer, i varchar, u varchar, b varchar, p varchar, v varchar,
        series_key integer, canon_key integer, factor double, error varchar, message varchar, shown varchar, pct_ok boolean, unit varchar, indicator varchar);
      create or replace temp table map_value (t varchar, v double, missing boolean, pct boolean)`);
    const [ae, as] = [await sql.appender("batch_entities", "temp"), await sql.appender("batch_series", "temp")];
    const dicts = new Map(read.map((f) => [f.ord, StagedDictionaries.forFile(ae, as, f.ord)]));
    const entityNames = new Map<string, string>();
    const ma = await sql.appender("map_entity", "temp");
    for (const { ord, t } of await sql.all<{ ord: number; t: string | null }>(`select distinct ord, e as t from bulk_raw`)) {
      const e = ref.entity((t ?? "").trim());
      if (!e) continue;
      const key = dicts.get(ord)!.entityKey(e.code, e.name, e.kind);
      entityNames.set(`${ord} ${key}`, e.name);
      ma.append([ord, t, key]);
    }
    ma.close();
    mark("entities");

    // indicator × unit × basis × period × vintage per file, each distinct text resolved once for the batch.
    const combos = await sql.all<{ ord: number; i: string | null; u: string | null; b: string | null; p: string | null; v: string | null }>(
      `select distinct ord, i, u, b, p, vt as v from bulk_raw`);
    const resolved = new Map<string, ComboResolved>();
    const canonKeys = new Map<string, number>();
    const canonNames = new Map<number, string>();
    const ca = await sql.appender("map_combo", "temp");
    for (const [cid, c] of combos.entries()) {
      const f = byOrd.get(c.ord)!;
      const raw = [c.i, c.u, c.b, c.p, c.v];
      const id = JSON.stringify([raw, f.def.unknown_indicators, f.fileVintage]);
      let r = resolved.get(id);
      if (!r) resolved.set(id, (r = resolveCombo(raw, ref, f.def, f.fileVintage)));
      if (!r.fact) {
        ca.append([cid, c.ord, ...raw, null, null, ...r.tail]);
        continue;
      }
      let canonKey = canonKeys.get(r.canon);
      if (canonKey === undefined) {
        canonKeys.set(r.canon, (canonKey = canonKeys.size + 1));
        canonNames.set(canonKey, r.canonName);
      }
      ca.append([cid, c.ord, ...raw, dicts.get(c.ord)!.seriesKey(r.fact, r.vintage), canonKey, ...r.tail]);
      for (const w of r.warnings) problems.get(c.ord)!.warn(w.code, w.message, { value: w.value });
    }
    ca.close();
    ae.close();
    as.close();
    mark("combos");

    // Odd number spellings, once each for the batch.
    const va = await sql.appender("map_value", "temp");
    for (const { t } of await sql.all<{ t: string }>(`select distinct v as t from bulk_raw where v is not null and ${plainNumber("v")} is null`)) {
      const row = oddValue(t);
      if (row) va.append(row);
    }
    va.close();
    mark("odd_values");

    // One pass joins every row to its keys; the texts a message needs stay in the maps (cid), and the entity's
    // text is kept only where it names no entity: everything after reads this narrow table.
    // The value to store (number × the unit's factor, rounded) computed once here: the checks, the 审核 and the insert read it.
    await sql.exec(`create or replace temp table batch_resolved as select *, cast(round(number * factor, 10) as double) as value from (
      select r.ord, r.rowid - f.lo + 2 as line, r.v as value_text, e.entity_key, case when e.entity_key is null then r.e end as entity_text,
             c.series_key, c.canon_key, c.factor, c.error, c.cid, coalesce(${plainNumber("r.v")}, mv.v) as number,
             coalesce(mv.pct, false) and not coalesce(c.pct_ok, true) as pct_bad, r.v is null or coalesce(mv.missing, false) as missing
      from bulk_raw r
      join batch_files f on f.ord = r.ord
      left join map_entity e on e.ord = r.ord and e.t is not distinct from r.e
      left join map_combo c on c.ord = r.ord and c.i is not distinct from r.i and c.u is not distinct from r.u
        and c.b is not distinct from r.b and c.p is not distinct from r.p and c.v is not distinct from r.vt
      left join map_value mv on mv.t = r.v);
      drop table bulk_raw`);
    mark("resolve");

    // Row errors: each file's first 200 in line order, with the counts of every file.
    const bad = await sql.all<BadRow & { ord: number }>(`select b.ord, b.line, b.kind, b.value_text, b.entity_text, b.error, c.message, c.shown, c.unit, c.indicator
      from (select ord, line, ${BAD_KIND} as kind, value_text, entity_text, error, cid from batch_resolved where ${IS_BAD}
            qualify row_number() over (partition by ord order by line) <= 200) b
      left join map_combo c on c.cid = b.cid order by b.ord, b.line`);
    for (const f of read) addRowErrors(problems.get(f.ord)!, bad.filter((r) => r.ord === f.ord), f.plan);
    const counts = new Map((await sql.all<{ ord: number; e: number; ok: number; all: number }>(`select ord, count(*) filter (where bad)::integer as e,
        count(*) filter (where not bad and not missing)::integer as ok, count(*)::integer as "all"
      from (select ord, missing, ${IS_BAD} as bad from batch_resolved) group by ord`)).map((c) => [Number(c.ord), c]));
    mark("errors");

    // Duplicates in the files without row errors: one (file, entity, canonical series) with two values.
    const clean = read.filter((f) => !problems.get(f.ord)!.hasErrors).map((f) => f.ord);
    const dups = clean.length ? await sql.all<{ ord: number; line: number; entity_key: number; canon_key: number }>(`create or replace temp table bulk_keys as
        select ord, entity_key, canon_key from batch_resolved where not missing and ord in (${clean.join(", ")}) group by all having count(*) > 1;
      select ord, min(line) as line, entity_key, canon_key
      from batch_resolved join bulk_keys using (ord, entity_key, canon_key)
      where not missing
      group by ord, entity_key, canon_key
      having count(distinct value) > 1
      qualify row_number() over (partition by ord order by min(line)) <= 200 order by ord, line`) : [];
    for (const d of dups) problems.get(d.ord)!.error("DUPLICATE_VALUE", ingestMsg.duplicateValue(`${entityNames.get(`${d.ord} ${d.entity_key}`)} ${canonNames.get(d.canon_key)}`, d.line), { line: d.line });

    const results = new Map<number, BulkResult>();
    for (const f of inputs) {
      const p = problems.get(f.ord)!;
      if (failed.has(f.ord)) {
        results.set(f.ord, { timings, problems: p, rows: 0, readFailed: true });
        continue;
      }
      const c = counts.get(f.ord) ?? { e: 0, ok: 0, all: 0 };
      if (p.hasErrors && !clean.includes(f.ord)) {
        results.set(f.ord, { timings, problems: p, rows: Number(c.all), accounting: bulkAccounting(Number(c.all), Number(c.ok), Number(c.e)) });
        continue;
      }
      // Without row errors every row not missing is a value to store.
      if (c.ok === 0 && !p.hasErrors) p.error("NO_VALUES", ingestMsg.noValues());
      results.set(f.ord, { timings, problems: p, rows: Number(c.ok), accounting: bulkAccounting(Number(c.all), Number(c.ok), p.hasErrors ? p.errors.length : 0) });
    }
    // The values to store, as a view over batch_resolved (no copy of every row; dropBatch drops both).
    const good = read.filter((f) => !problems.get(f.ord)!.hasErrors).map((f) => f.ord);
    await sql.exec(`drop table batch_values; create temp view batch_values as
      select r.ord, r.line::integer as line, f.value_col as col, r.entity_key, r.series_key, r.value, r.value_text as original_text
      from batch_resolved r join batch_files f on f.ord = r.ord where not r.missing and r.ord in (${good.join(", ") || "null"})`);
    mark("duplicates");
    return { results, timings };
  } finally {
    for (const d of tmpDirs) rmSync(d, { recursive: true, force: true });
    // batch_resolved and batch_files stay under the batch_values view until dropBatch.
    await sql.exec(`drop table if exists temp.bulk_raw; drop table if exists temp.bulk_keys;
      drop table if exists temp.map_entity; drop table if exists temp.map_combo; drop table if exists temp.map_value`).catch(() => {});
  }
}

/**
 * Rule 4 for the batch's files, from their staged series (batch_series): each file's
 * edition as `inferBulkVintage` gives it alone, and its series without their own vintage
 * dated by it. `files`: each file's rule-1 vintage and source, whether it was staged, and its day.
 */
export async function applyBatchEditions(wh: Warehouse, files: ReadonlyArray<{ ord: number; vintage: string; source: VintageSource; staged: boolean; today: string }>): Promise<Map<number, BulkEdition>> {
  const inferred = files.filter((f) => f.source === "inferred" && f.staged);
  const rows = inferred.length ? await wh.sql.all<{ ord: number; newest: string | null; own: number }>(`select ord, max(period_end)::varchar as newest,
      count(*) filter (where vintage <> ?::date)::integer as own from batch_series where ord in (${inferred.map((f) => f.ord).join(", ")}) group by ord`, [UNSTATED]) : [];
  const out = new Map<number, BulkEdition>();
  for (const f of files) {
    const r = rows.find((x) => Number(x.ord) === f.ord);
    // A file with no series at all: max() over nothing, as its own load's query gives it (null).
    out.set(f.ord, f.source === "inferred" && f.staged ? bulkEdition(f.vintage, f.source, r?.newest ?? null, Number(r?.own ?? 0), f.today) : bulkEdition(f.vintage, f.source, undefined, 0, f.today));
  }
  if (inferred.length) {
    await wh.sql.exec(`update batch_series set vintage = d.vintage from (values ${inferred.map((f) => `(${f.ord}, ${q(out.get(f.ord)!.vintage)}::date)`).join(", ")}) d(ord, vintage)
      where batch_series.ord = d.ord and batch_series.vintage = ?::date`, [UNSTATED]);
  }
  return out;
}
