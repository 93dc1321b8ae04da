/**
 * Materializations on DuckDB: view, table, incremental (append or delete+insert on
 * unique_key) and ephemeral (nothing to build). Every replacement happens in one
 * transaction (DuckDB's CREATE OR REPLACE is one), so a failing model leaves its
 * previous relation intact.
 */
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Node } from "./types.js";

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
}

export async function materialize(db: DuckDBHandle, node: Node, sql: string, opts: { fullRefresh: boolean; exists: boolean }): Promise<MaterializeResult> {
  const schema = node.schema;
  const rel = `${q(schema)}.${q(node.identifier)}`;
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
    case "incremental": {
      if (opts.exists && !opts.fullRefresh) return incremental(db, node, sql);
      return buildTable(db, node, sql);
    }
    default:
      return buildTable(db, node, sql);
  }
}

async function buildTable(db: DuckDBHandle, node: Node, sql: string): Promise<MaterializeResult> {
  const rel = `${q(node.schema)}.${q(node.identifier)}`;
  // CREATE OR REPLACE is one transaction in DuckDB: a failing query leaves the old table as it was.
  if ((await relationKind(db, node.schema, node.identifier)) === "view") {
    let n = 0;
    await db.transaction(async () => {
      await db.exec(`drop view ${rel}`);
      n = await db.execCount(`create table ${rel} as ${sql}`);
    });
    return { rowsAffected: n, message: `SELECT ${n}` };
  }
  const n = await db.execCount(`create or replace table ${rel} as ${sql}`);
  return { rowsAffected: n, message: `SELECT ${n}` };
}

async function incremental(db: DuckDBHandle, node: Node, sql: string): Promise<MaterializeResult> {
  const rel = `${q(node.schema)}.${q(node.identifier)}`;
  const n = await db.execCount(`create or replace temp table zonestat_incr as ${sql}`);
  const colList = (await db.columns(`select * from temp.zonestat_incr`)).map(q).join(", ");
  const key = node.config.unique_key;
  const keys = key === undefined ? [] : Array.isArray(key) ? key : [key];
  const strategy = node.config.incremental_strategy ?? (keys.length ? "delete+insert" : "append");
  await db.transaction(async () => {
    if (strategy === "delete+insert" && keys.length) {
      const match = keys.map((k) => `t.${q(k)} is not distinct from s.${q(k)}`).join(" and ");
      await db.exec(`delete from ${rel} as t using temp.zonestat_incr as s where ${match}`);
    }
    await db.exec(`insert into ${rel} (${colList}) select ${colList} from temp.zonestat_incr`);
  });
  await db.exec(`drop table temp.zonestat_incr`);
  return { rowsAffected: n, message: `INSERT ${n}` };
}
