/**
 * Writes one read file into the warehouse in one transaction: its `ingest.files`
 * row, its entity and series dictionaries and every fact, or nothing.
 *
 * Both ingest paths hand over the same staged shape, built outside the transaction
 * where it is cheap to throw away:
 *   temp.stage_entities (entity_key, entity_code, entity_name, entity_kind)
 *   temp.stage_series   (series_key, indicator_code, …, original_unit, vintage)
 *   temp.stage_values   (line, col, entity_key, series_key, value, original_text[, sheet])
 * (only the row path stages `sheet`: the bulk path reads CSV, which has none)
 */
import type { RowAppender } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/index.js";
import type { FileRead } from "./read-file.js";
import type { Fact } from "./resolve.js";

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

/**
 * Runs inside the load transaction over the staged rows: `before` may throw to
 * reject the file (nothing is written), `after` sees the new file's id (审核, audit.ts).
 */
export interface LoadAudit {
  before(): Promise<void>;
  after(fileId: number): Promise<void>;
}

/** Loads `read`; `staged` says the bulk path has already staged its rows. */
export async function loadFile(wh: Warehouse, read: FileRead, originalPath: string, loadedAt: string, hook?: LoadHook, staged?: { rows: number }, audit?: LoadAudit): Promise<LoadOutcome> {
  const sql = wh.sql;
  const rowCount = staged?.rows ?? read.facts.length;
  if (!staged) await stageFacts(wh, read);
  await hook?.("staged");
  try {
    return await sql.transaction(async () => {
      await audit?.before();
      const file_id = await insertFileRow(wh, read, originalPath, loadedAt, rowCount);
      const id = Number(file_id); // an integer from the database, safe to inline
      await sql.exec(`insert into ingest.fact_entities (file_id, entity_key, entity_code, entity_name, entity_kind)
          select ${id}, entity_key, entity_code, entity_name, entity_kind from temp.stage_entities;
        insert into ingest.fact_series (file_id, series_key, ${SERIES_COLUMNS.join(", ")})
          select ${id}, series_key, ${SERIES_COLUMNS.join(", ")} from temp.stage_series;
        insert into ingest.facts (file_id, line, col, entity_key, series_key, value, original_text, sheet)
          select ${id}, line, col, entity_key, series_key, value, original_text, ${staged ? "null" : "sheet"} from temp.stage_values`);
      await audit?.after(id);
      await hook?.("inserted");
      return { fileId: file_id, rows: rowCount };
    });
  } finally {
    if (!staged) await dropStage(wh);
  }
}

/**
 * Inside a load transaction: the file's `ingest.files` row (status loaded), its row
 * accounting and its edition evidence. Returns the new file id.
 */
export async function insertFileRow(wh: Warehouse, read: FileRead, originalPath: string, loadedAt: string, rowCount: number): Promise<number> {
  return (await insertFileRows(wh, [{ read, originalPath, loadedAt, rowCount }]))[0]!;
}

/**
 * `insertFileRow` for several files in three statements (the batched bulk load, batch.ts):
 * the rows as one-file loads in this order write them, ids ascending in that order.
 * Returns the ids in the order given; throws (the caller's transaction is rolled back)
 * should the database number them otherwise.
 */
export async function insertFileRows(wh: Warehouse, files: ReadonlyArray<{ read: FileRead; originalPath: string; loadedAt: string; rowCount: number }>): Promise<number[]> {
  const sql = wh.sql;
  if (!files.length) return [];
  const rows = await sql.all<{ file_id: number; sha256: string }>(
    `insert into ingest.files (sha256, name, original_path, size_bytes, layout, encoding, status, title, rows_loaded,
       vintage, vintage_source, is_synthetic, loaded_at, withdrawn_at, warnings)
     values ${files.map(() => "(?, ?, ?, ?, ?, ?, 'loaded', ?, ?, ?::date, ?, ?, ?::timestamp, null, ?)").join(", ")} returning file_id, sha256`,
    files.flatMap(({ read, originalPath, loadedAt, rowCount }) => [
      read.sha256, read.name, originalPath, read.sizeBytes, read.layout, read.encoding, read.title ?? null, rowCount,
      read.vintage, read.vintageSource, read.isSynthetic, loadedAt, JSON.stringify(read.problems.warnings),
    ]),
  );
  const bySha = new Map(rows.map((r) => [r.sha256, Number(r.file_id)]));
  const ids = files.map((f) => bySha.get(f.read.sha256)!);
  if (ids.some((id, i) => id === undefined || (i > 0 && !(id > ids[i - 1]!)))) throw new Error("ingest.files: ids not ascending in load order");
  const counted = files.map((f, i) => [ids[i]!, f.read.accounting] as const).filter(([, a]) => a);
  if (counted.length) {
    await sql.exec(`insert into ingest.file_accounting (file_id, row_accounting) values ${counted.map(() => "(?, ?)").join(", ")}`, counted.flatMap(([id, a]) => [id, JSON.stringify(a)]));
  }
  await sql.exec(`insert into ingest.file_editions (file_id, source_mtime, correction_marker, vintage_note) values ${files.map(() => "(?, ?::timestamp, ?, ?)").join(", ")}`,
    files.flatMap(({ read }, i) => [ids[i]!, read.sourceMtime ?? null, read.correction ?? null, read.vintageNote ?? null]));
  return ids;
}

export async function dropStage(wh: Warehouse): Promise<void> {
  // One statement each: DuckDB refuses `drop view` on a table (the row path stages a table, the bulk path a view),
  // and one failure must not leave the rest behind for the next file.
  for (const stmt of ["drop view if exists temp.stage_values", "drop table if exists temp.stage_values", "drop table if exists temp.stage_series", "drop table if exists temp.stage_entities"]) {
    await wh.sql.exec(stmt).catch(() => {});
  }
}

/**
 * The staged entity and series dictionaries, written by either path: each distinct
 * entity or series gets the next key (from 1) and one row, the first time it is seen.
 */
export class StagedDictionaries {
  private readonly entityKeys = new Map<string, number>();
  private readonly seriesKeys = new Map<string, number>();

  private constructor(
    private readonly entities: RowAppender,
    private readonly series: RowAppender,
    /** Values leading each row: the file's `ord` in a batch's tables (batch.ts), none for temp.stage_*. */
    private readonly lead: ReadonlyArray<number> = [],
  ) {}

  /**
   * One file's dictionaries in a batch read together (bulk-batch.ts): keys from 1 within the
   * file, as its own load gives them; rows go to the shared appenders of temp.batch_entities
   * and temp.batch_series with `ord` first. The caller closes the appenders (not `close`).
   */
  static forFile(entities: RowAppender, series: RowAppender, ord: number): StagedDictionaries {
    return new StagedDictionaries(entities, series, [ord]);
  }

  /** Creates (or empties) the staged tables and opens their appenders. */
  static async open(wh: Warehouse): Promise<StagedDictionaries> {
    const types = SERIES_COLUMNS.map((c) => `${c} ${c === "uncatalogued" ? "boolean" : (c.startsWith("period_") && c !== "period_label") || c === "vintage" ? "date" : "varchar"}`);
    await wh.sql.exec(`create or replace temp table stage_entities (entity_key integer, entity_code varchar, entity_name varchar, entity_kind varchar);
      create or replace temp table stage_series (series_key integer, ${types.join(", ")})`);
    return new StagedDictionaries(await wh.sql.appender("stage_entities", "temp"), await wh.sql.appender("stage_series", "temp"));
  }

  entityKey(code: string, name: string, kind: string): number {
    let key = this.entityKeys.get(code);
    if (key === undefined) {
      key = this.entityKeys.size + 1;
      this.entityKeys.set(code, key);
      this.entities.append([...this.lead, key, code, name, kind]);
    }
    return key;
  }

  /** `vintage`: the fact's own, else the file's. */
  seriesKey(f: Fact, vintage: string): number {
    const row = [f.indicator_code, f.indicator_name, f.indicator_label, f.uncatalogued ? "true" : "false", f.measure, f.period_start, f.period_end, f.period_label, f.grain, f.basis, f.unit, f.original_unit, vintage];
    const id = row.join("\u0000");
    let key = this.seriesKeys.get(id);
    if (key === undefined) {
      key = this.seriesKeys.size + 1;
      this.seriesKeys.set(id, key);
      this.series.append([...this.lead, key, ...row]);
    }
    return key;
  }

  close(): void {
    this.entities.close();
    this.series.close();
  }
}

/** The row path: keys given as the facts are appended; no SQL join needed. */
async function stageFacts(wh: Warehouse, read: FileRead): Promise<void> {
  const dict = await StagedDictionaries.open(wh);
  await wh.sql.exec(`create or replace temp table stage_values (line integer, col varchar, entity_key integer, series_key integer, value double, original_text varchar, sheet varchar)`);
  const values = await wh.sql.appender("stage_values", "temp");
  for (const f of read.facts) {
    values.append([f.line, f.col, dict.entityKey(f.entity_code, f.entity_name, f.entity_kind), dict.seriesKey(f, f.vintage ?? read.vintage), f.value, f.original_text, f.sheet ?? null]);
  }
  dict.close();
  values.close();
}
