/**
 * Materializations on DuckDB: view, table, incremental (append or delete+insert on
 * unique_key) and ephemeral (nothing to build). Every replacement happens in one
 * transaction (DuckDB's CREATE OR REPLACE is one), so a failing model leaves its
 * previous relation intact.
 */
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Node } from "./types.js";
import { ZonestatError } from "../errors.js";
import { nodeRelation } from "./relation-names.js";
import { contractColumnList, contractEnforced, contractTableDdl } from "./contracts.js";
import { runSnapshot } from "./snapshot.js";

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

export async function relationKind(db: DuckDBHandle, schema: string, name: string): Promise<"table" | "view" | undefined> {
  const rows = await db.all<{ t: string }>(
    `select table_type as t from information_schema.tables where table_schema = ? and table_name = ?`,
    [schema, name],
  );
  if (!rows.length) return undefined;
  return rows[0]!.t === "VIEW" ? "view" : "table";
}

export interface MaterializeResult {
  readonly rowsAffected?: number;
  readonly message: string;
  /** Things done differently from what the project asked (e.g. constraints not applied). */
  readonly warnings?: readonly string[];
}

export async function materialize(db: DuckDBHandle, node: Node, sql: string, opts: { fullRefresh: boolean; exists: boolean }): Promise<MaterializeResult> {
  const schema = node.schema;
  const rel = nodeRelation(node);
  await db.exec(`create schema if not exists ${q(schema)}`);
  switch (node.config.materialized) {
    case "ephemeral":
      return { message: "EPHEMERAL" };
    case "view": {
      const kind = await relationKind(db, schema, node.identifier);
      if (kind === "table") {
        // Validate first, then replace the table by the view in one transaction.
        await db.exec(`create or replace temp view zonestat_check as ${sql}`);
        await db.exec(`drop view temp.zonestat_check`);
        await db.transaction(async () => {
          await db.exec(`drop table ${rel}`);
          await db.exec(`create view ${rel} as ${sql}`);
        });
      } else {
        await db.exec(`create or replace view ${rel} as ${sql}`);
      }
      return { message: "CREATE VIEW" };
    }
    case "snapshot":
      return runSnapshot(db, node, sql);
    case "incremental": {
      if (opts.exists && !opts.fullRefresh) return incremental(db, node, sql);
      return buildTable(db, node, sql);
    }
    default:
      return buildTable(db, node, sql);
  }
}

/** Rows of a relation just written: DuckDB reports no changed rows for CREATE TABLE AS (rowsChanged is 0). */
async function rowCount(db: DuckDBHandle, rel: string): Promise<number> {
  const [r] = await db.all<{ n: number | bigint }>(`select count(*) as n from ${rel}`);
  return Number(r?.n ?? 0);
}

async function buildTable(db: DuckDBHandle, node: Node, sql: string): Promise<MaterializeResult> {
  const rel = nodeRelation(node);
  if (contractEnforced(node)) return buildContractTable(db, node, sql, rel);
  // CREATE OR REPLACE is one transaction in DuckDB: a failing query leaves the old table as it was.
  if ((await relationKind(db, node.schema, node.identifier)) === "view") {
    await db.transaction(async () => {
      await db.exec(`drop view ${rel}`);
      await db.exec(`create table ${rel} as ${sql}`);
    });
    const n = await rowCount(db, rel);
    return { rowsAffected: n, message: `SELECT ${n}` };
  }
  await db.exec(`create or replace table ${rel} as ${sql}`);
  const n = await rowCount(db, rel);
  return { rowsAffected: n, message: `SELECT ${n}` };
}

/**
 * An incremental run. An `append` whose query has the table's columns (names, types, order) inserts its rows
 * straight into the table in one transaction. Otherwise: the new rows in a temp table, then, in one transaction,
 * schema changes per `on_schema_change` (dbt's default `ignore` inserts only the
 * columns the table has; `fail` stops; `append_new_columns` adds new ones;
 * `sync_all_columns` also drops missing ones and alters changed types; existing columns
 * keep their order, new ones go last), then `append`, or `delete+insert` /
 * `merge` on unique_key (merge updates every column, so it equals delete+insert).
 */
async function incremental(db: DuckDBHandle, node: Node, sql: string): Promise<MaterializeResult> {
  const rel = nodeRelation(node);
  const columnsOf = (where: string, params: string[] = []) =>
    db.all<{ name: string; type: string }>(`select column_name as name, data_type as type from information_schema.columns where ${where} order by ordinal_position`, params);
  const existingCols = await columnsOf(`table_schema = ? and table_name = ?`, [node.schema, node.identifier]);
  const existing = existingCols.map((r) => r.name);
  const key = node.config.unique_key;
  const keys = key === undefined ? [] : Array.isArray(key) ? key : [key];
  const strategy = node.config.incremental_strategy ?? (keys.length ? "delete+insert" : "append");
  const mode = String(node.config.on_schema_change ?? "ignore");
  // An append whose columns are the table's (names and types, in order): the new rows go straight into the table, in
  // one statement, not first into a temp table and then copied (writing every new row twice was a tenth of an
  // incremental build's CPU at province scale, issue #24). The query's columns are known from a temp view, which
  // DuckDB binds without running it. Any other case (a key to delete on, a schema change) takes the temp table below.
  if (strategy === "append") {
    await db.exec(`create or replace temp view zonestat_incr_v as ${sql}`);
    const viewCols = await columnsOf(`table_catalog = 'temp' and table_name = 'zonestat_incr_v'`);
    if (viewCols.length === existingCols.length && viewCols.every((c, i) => c.name === existingCols[i]!.name && c.type === existingCols[i]!.type)) {
      const colList = viewCols.map((c) => q(c.name)).join(", ");
      let n = 0;
      try {
        await db.transaction(async () => {
          n = await db.execCount(`insert into ${rel} (${colList}) select ${colList} from temp.zonestat_incr_v`);
        });
      } finally {
        await db.exec(`drop view temp.zonestat_incr_v`);
      }
      return { rowsAffected: n, message: `INSERT ${n}` };
    }
    await db.exec(`drop view temp.zonestat_incr_v`);
  }
  await db.exec(`create or replace temp table zonestat_incr as ${sql}`);
  const n = await rowCount(db, "temp.zonestat_incr");
  const incoming = await columnsOf(`table_catalog = 'temp' and table_name = 'zonestat_incr'`);
  // dbt's sync_all_columns also alters a column whose type changed (check_for_schema_changes → new_target_types, alter_column_type).
  const retyped = incoming.filter((c) => existingCols.some((e) => e.name === c.name && e.type !== c.type));
  const added = incoming.filter((c) => !existing.includes(c.name));
  const removed = existing.filter((c) => !incoming.some((x) => x.name === c));
  // dbt inserts into the target's columns: under `ignore` a column the model no longer selects fails the run.
  if (removed.length && mode === "ignore") {
    await db.exec(`drop table temp.zonestat_incr`);
    throw new ZonestatError("MODEL_SCHEMA_CHANGED", `${node.original_file_path}：增量模型不再有列 ${removed.join("、")}（on_schema_change='ignore' 时 dbt 同样失败）：请用 --full-refresh 重建，或设 on_schema_change='sync_all_columns'`, { file: node.original_file_path });
  }
  if ((added.length || removed.length || retyped.length) && mode === "fail") {
    await db.exec(`drop table temp.zonestat_incr`);
    throw new ZonestatError("MODEL_SCHEMA_CHANGED", `${node.original_file_path}：增量模型的列变了（新增 ${added.map((c) => c.name).join("、") || "无"}，缺少 ${removed.join("、") || "无"}），on_schema_change='fail'`, { file: node.original_file_path });
  }
  const predicates = incrementalPredicates(node, strategy, keys.length > 0);
  await db.transaction(async () => {
    if (mode === "append_new_columns" || mode === "sync_all_columns") for (const c of added) await db.exec(`alter table ${rel} add column ${q(c.name)} ${c.type}`);
    if (mode === "sync_all_columns") for (const c of removed) await db.exec(`alter table ${rel} drop column ${q(c)}`);
    if (mode === "sync_all_columns") for (const c of retyped) await db.exec(`alter table ${rel} alter column ${q(c.name)} type ${c.type}`);
    const target = mode === "ignore" || mode === "fail" ? incoming.filter((c) => existing.includes(c.name)) : incoming;
    const colList = target.map((c) => q(c.name)).join(", ");
    if ((strategy === "delete+insert" || strategy === "merge") && keys.length) {
      // dbt joins the key with plain `=` (get_delete_insert_merge_sql / get_merge_sql): a NULL key part never
      // matches, so the old row stays and the new one is added. incremental_predicates are and-ed onto the
      // condition on the target; DBT_INTERNAL_DEST names the target, DBT_INTERNAL_SOURCE the new rows.
      // Predicates outside the key subquery: a bare column or {{ this }}.col means the target, as in dbt's delete+insert.
      const match = keys.map((k) => `DBT_INTERNAL_SOURCE.${q(k)} = DBT_INTERNAL_DEST.${q(k)}`).join(" and ");
      const preds = predicates.map((p) => ` and (${p.split(rel).join("DBT_INTERNAL_DEST")})`).join("");
      await db.exec(`delete from ${rel} as DBT_INTERNAL_DEST where exists (select 1 from temp.zonestat_incr as DBT_INTERNAL_SOURCE where ${match})${preds}`);
    }
    await db.exec(`insert into ${rel} (${colList}) select ${colList} from temp.zonestat_incr`);
  });
  await db.exec(`drop table temp.zonestat_incr`);
  return { rowsAffected: n, message: `INSERT ${n}` };
}

/**
 * `incremental_predicates` (dbt: strings and-ed onto the delete/merge condition on the
 * target). dbt's append ignores them; with delete+insert or merge and no unique_key
 * dbt would not delete at all, so a predicate there is refused rather than dropped.
 */
function incrementalPredicates(node: Node, strategy: string, hasKey: boolean): string[] {
  const raw = node.config.incremental_predicates;
  if (raw === undefined || raw === null) return [];
  const list = Array.isArray(raw) ? raw : [raw];
  if (list.some((p) => typeof p !== "string")) throw new ZonestatError("PROJECT_UNSUPPORTED", `${node.original_file_path}：incremental_predicates 须是 SQL 字符串的列表`, { file: node.original_file_path });
  if (strategy !== "append" && !hasKey && list.length) throw new ZonestatError("PROJECT_UNSUPPORTED", `${node.original_file_path}：不支持无 unique_key 的 incremental_predicates（incremental_strategy='${strategy}'）——请设 unique_key`, { file: node.original_file_path });
  return list as string[];
}

/**
 * A contracted table, as dbt-duckdb builds it: `create table` from the contract with
 * its constraints, then `insert … select`; in one transaction, so a violated
 * constraint leaves the previous relation as it was.
 */
async function buildContractTable(db: DuckDBHandle, node: Node, sql: string, rel: string): Promise<MaterializeResult> {
  const { ddl, warnings } = contractTableDdl(node, rel);
  const cols = contractColumnList(node);
  const kind = await relationKind(db, node.schema, node.identifier);
  let n = 0;
  await db.transaction(async () => {
    if (kind) await db.exec(`drop ${kind} ${rel}`);
    await db.exec(ddl);
    n = await db.execCount(`insert into ${rel} (${cols}) select ${cols} from (${sql}) as model_subq`);
  });
  return { rowsAffected: n, message: `SELECT ${n}`, warnings };
}
