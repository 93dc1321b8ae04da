/**
 * Types of the warehouse's own bookkeeping tables (schema `ingest`), for Kysely.
 * The public face of the data is the `observations` view; these may change.
 */
import type { Generated } from "kysely";

export interface FilesTable {
  file_id: number;
  sha256: string;
  name: string;
  original_path: string;
  size_bytes: number;
  layout: string;
  encoding: string;
  status: "loaded" | "withdrawn";
  title: string | null;
  rows_loaded: number;
  vintage: string;
  vintage_source: string;
  is_synthetic: boolean;
  loaded_at: string;
  withdrawn_at: string | null;
  warnings: string;
}

/** Per-file evidence for the order of editions (migration 0004_vintages; pipelines/ingest/edition.ts). */
export interface FileEditionsTable {
  file_id: number;
  source_mtime: string | null;
  correction_marker: string | null;
  vintage_note: string | null;
  preferred_at: string | null;
  restored_at: string | null;
}

/** One stored value; names, period and unit live in the per-file dictionaries below. */
export interface FactsTable {
  file_id: number;
  line: number;
  col: string;
  entity_key: number;
  series_key: number;
  value: number | null;
  original_text: string;
  /** Excel sheet the value was read from (`line` is then its row number); null for CSV. */
  sheet: string | null;
}

export interface FactEntitiesTable {
  file_id: number;
  entity_key: number;
  entity_code: string;
  entity_name: string;
  entity_kind: string;
}

export interface FactSeriesTable {
  file_id: number;
  series_key: number;
  indicator_code: string;
  indicator_name: string;
  indicator_label: string;
  uncatalogued: boolean;
  measure: string;
  period_start: string;
  period_end: string;
  period_label: string;
  grain: string;
  basis: string;
  unit: string;
  original_unit: string;
  vintage: string;
}

/** The view `ingest.facts_wide`: a fact with its entity, series and load time joined back. */
export type FactsWideView = Omit<FactsTable, "entity_key" | "series_key" | "sheet"> &
  Omit<FactEntitiesTable, "file_id" | "entity_key"> &
  Omit<FactSeriesTable, "file_id" | "series_key"> & { loaded_at: string; sheet?: string | null };

export interface RejectionsTable {
  rejection_id: Generated<number>;
  sha256: string;
  name: string;
  rejected_at: string;
  first_code: string;
  problems: number;
  report_path: string;
}

export interface RunsTable {
  run_id: Generated<number>;
  command: string;
  started_at: string;
  finished_at: string | null;
  status: "running" | "ok" | "failed" | "nothing_to_do";
  files_loaded: number;
  files_rejected: number;
  message: string | null;
  duration_ms: number | null;
}

export interface WarehouseTables {
  "ingest.files": FilesTable;
  "ingest.file_editions": FileEditionsTable;
  "ingest.facts": FactsTable;
  "ingest.fact_entities": FactEntitiesTable;
  "ingest.fact_series": FactSeriesTable;
  "ingest.facts_wide": FactsWideView;
  "ingest.rejections": RejectionsTable;
  "ingest.runs": RunsTable;
}
