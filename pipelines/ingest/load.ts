/**
 * Writes one read file into the warehouse in one transaction: its `ingest.files`
 * row and every fact, or nothing. Facts are appended to a temporary table first
 * (outside the transaction, cheap to throw away), then moved in with one INSERT.
 */
import type { Warehouse } from "../warehouse/index.js";
import type { FileRead } from "./read-file.js";

const FACT_COLUMNS = [
  "file_id", "line", "col", "entity_code", "entity_name", "entity_kind", "indicator_code", "indicator_name",
  "indicator_label", "uncatalogued", "measure", "period_start", "period_end", "period_label", "grain", "basis",
  "value", "unit", "original_text", "original_unit", "vintage", "loaded_at",
] as const;

export interface LoadOutcome {
  readonly fileId: number;
  readonly rows: number;
}

/** Hook for fault tests: called between the two halves of the transaction. */
export type LoadHook = (stage: "staged" | "inserted" | "committed") => Promise<void> | void;

export async function loadFile(wh: Warehouse, read: FileRead, originalPath: string, loadedAt: string, hook?: LoadHook, staged?: { table: string; rows: number }): Promise<LoadOutcome> {
  const sql = wh.sql;
  const table = staged?.table ?? "load_stage";
  const rowCount = staged?.rows ?? read.facts.length;
  if (!staged) await stageFacts(wh, read);
  await hook?.("staged");
  const outcome = await sql.transaction(async () => {
    const [{ file_id }] = await sql.all<{ file_id: number }>(
      `insert into ingest.files (sha256, name, original_path, size_bytes, layout, encoding, status, title, rows_loaded,
         vintage, vintage_source, is_synthetic, loaded_at, withdrawn_at, warnings)
       values (?, ?, ?, ?, ?, ?, 'loaded', ?, ?, ?::date, ?, ?, ?::timestamp, null, ?) returning file_id`,
      [
        read.sha256, read.name, originalPath, read.sizeBytes, read.layout, read.encoding, read.title ?? null, rowCount,
        read.vintage, read.vintageSource, read.isSynthetic, loadedAt, JSON.stringify(read.problems.warnings),
      ],
    ) as [{ file_id: number }];
    await sql.exec(
      `insert into ingest.facts (${FACT_COLUMNS.join(", ")})
       select ?, line, col, entity_code, entity_name, entity_kind, indicator_code, indicator_name, indicator_label,
              uncatalogued::boolean, measure, period_start::date, period_end::date, period_label, grain, basis,
              value, unit, original_text, original_unit, vintage::date, ?::timestamp
       from temp.${table}`,
      [file_id, loadedAt],
    );
    await hook?.("inserted");
    return { fileId: file_id, rows: rowCount };
  });
  if (!staged) await sql.exec(`drop table if exists temp.${table}`);
  return outcome;
}

/** Appends the read facts to a temporary table, outside any transaction. */
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
}
