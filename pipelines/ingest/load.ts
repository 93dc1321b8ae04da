/**
 * Writes one read file into the warehouse in one transaction: its `ingest.files`
 * row, its entity and series dictionaries and every fact, or nothing.
 *
 * Both ingest paths hand over the same staged shape, built outside the transaction
 * where it is cheap to throw away:
 *   temp.stage_entities (entity_key, entity_code, entity_name, entity_kind)
 *   temp.stage_series   (series_key, indicator_code, …, original_unit, vintage)
 *   temp.stage_values   (line, col, entity_key, series_key, value, original_text)
 */
import type { Warehouse } from "../warehouse/index.js";
import type { FileRead } from "./read-file.js";

export const SERIES_COLUMNS = [
  "indicator_code", "indicator_name", "indicator_label", "uncatalogued", "measure", "period_start", "period_end",
  "period_label", "grain", "basis", "unit", "original_unit", "vintage",
] as const;

export interface LoadOutcome {
  readonly fileId: number;
  readonly rows: number;
}

/** Hook for fault tests: called between the two halves of the transaction. */
export type LoadHook = (stage: "staged" | "inserted" | "committed") => Promise<void> | void;

/** Loads `read`; `staged` says the bulk path has already staged its rows. */
export async function loadFile(wh: Warehouse, read: FileRead, originalPath: string, loadedAt: string, hook?: LoadHook, staged?: { rows: number }): Promise<LoadOutcome> {
  const sql = wh.sql;
  const rowCount = staged?.rows ?? read.facts.length;
  if (!staged) await stageFacts(wh, read);
  await hook?.("staged");
  try {
    return await sql.transaction(async () => {
      const [{ file_id }] = await sql.all<{ file_id: number }>(
        `insert into ingest.files (sha256, name, original_path, size_bytes, layout, encoding, status, title, rows_loaded,
           vintage, vintage_source, is_synthetic, loaded_at, withdrawn_at, warnings)
         values (?, ?, ?, ?, ?, ?, 'loaded', ?, ?, ?::date, ?, ?, ?::timestamp, null, ?) returning file_id`,
        [
          read.sha256, read.name, originalPath, read.sizeBytes, read.layout, read.encoding, read.title ?? null, rowCount,
          read.vintage, read.vintageSource, read.isSynthetic, loadedAt, JSON.stringify(read.problems.warnings),
        ],
      ) as [{ file_id: number }];
      await sql.exec(`insert into ingest.fact_entities (file_id, entity_key, entity_code, entity_name, entity_kind)
        select ?, entity_key, entity_code, entity_name, entity_kind from temp.stage_entities`, [file_id]);
      await sql.exec(`insert into ingest.fact_series (file_id, series_key, ${SERIES_COLUMNS.join(", ")})
        select ?, series_key, ${SERIES_COLUMNS.join(", ")} from temp.stage_series`, [file_id]);
      await sql.exec(`insert into ingest.facts (file_id, line, col, entity_key, series_key, value, original_text)
        select ?, line, col, entity_key, series_key, value, original_text from temp.stage_values`, [file_id]);
      await hook?.("inserted");
      return { fileId: file_id, rows: rowCount };
    });
  } finally {
    if (!staged) await dropStage(wh);
  }
}

export async function dropStage(wh: Warehouse): Promise<void> {
  await wh.sql.exec(`drop view if exists temp.stage_values; drop table if exists temp.stage_values; drop table if exists temp.stage_series;
    drop table if exists temp.stage_entities; drop table if exists temp.load_stage`).catch(() => {});
}

/** The row path: facts appended to a wide temporary table, then split into the staged shape by SQL. */
async function stageFacts(wh: Warehouse, read: FileRead): Promise<void> {
  const sql = wh.sql;
  await sql.exec(`create or replace temp table load_stage (
    line integer, col varchar, entity_code varchar, entity_name varchar, entity_kind varchar,
    indicator_code varchar, indicator_name varchar, indicator_label varchar, uncatalogued varchar, measure varchar,
    period_start varchar, period_end varchar, period_label varchar, grain varchar, basis varchar,
    value double, unit varchar, original_text varchar, original_unit varchar, vintage varchar)`);
  const app = await sql.appender("load_stage", "temp");
  for (const f of read.facts) {
    app.append([
      f.line, f.col, f.entity_code, f.entity_name, f.entity_kind, f.indicator_code, f.indicator_name, f.indicator_label,
      f.uncatalogued ? "true" : "false", f.measure, f.period_start, f.period_end, f.period_label, f.grain, f.basis,
      f.value, f.unit, f.original_text, f.original_unit, f.vintage ?? read.vintage,
    ]);
  }
  app.close();
  const series = SERIES_COLUMNS.join(", ");
  await sql.exec(`
    create or replace temp table stage_entities as
      select row_number() over (order by entity_code, entity_name, entity_kind)::integer as entity_key, entity_code, entity_name, entity_kind
      from (select distinct entity_code, entity_name, entity_kind from load_stage);
    create or replace temp table stage_series as
      select row_number() over (order by ${series})::integer as series_key, ${series}
      from (select distinct indicator_code, indicator_name, indicator_label, uncatalogued::boolean as uncatalogued, measure,
                   period_start::date as period_start, period_end::date as period_end, period_label, grain, basis, unit,
                   original_unit, vintage::date as vintage from load_stage);
    create or replace temp table stage_values as
      select l.line, l.col, e.entity_key, s.series_key, l.value, l.original_text
      from load_stage l
      join stage_entities e using (entity_code, entity_name, entity_kind)
      join stage_series s on s.indicator_code = l.indicator_code and s.indicator_name = l.indicator_name
        and s.indicator_label = l.indicator_label and s.uncatalogued = l.uncatalogued::boolean and s.measure = l.measure
        and s.period_start = l.period_start::date and s.period_end = l.period_end::date and s.period_label = l.period_label
        and s.grain = l.grain and s.basis = l.basis and s.unit = l.unit and s.original_unit = l.original_unit
        and s.vintage = l.vintage::date`);
}
