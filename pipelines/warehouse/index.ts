/**
 * Opening the warehouse: the DuckDB file, migrations applied, Kysely on the same
 * connection. Every job receives a `Warehouse`.
 *
 * @example
 *   const wh = await openWarehouse(config.warehouse);
 *   const n = await wh.db.selectFrom("ingest.files").select(({ fn }) => fn.countAll().as("n")).executeTakeFirst();
 *   await wh.close();
 */
import { Kysely, Migrator, type Dialect } from "kysely";
import { DuckDbDialect } from "kysely-duckdb";
import { ZonestatError } from "../errors.js";
import { openDuckDB, type DuckDBHandle, type DuckDBSettings } from "./duckdb.js";
import { migrationProvider } from "./migrations.js";
import type { WarehouseTables } from "./schema.js";

export interface Warehouse {
  readonly sql: DuckDBHandle;
  readonly db: Kysely<WarehouseTables>;
  close(): Promise<void>;
}

export async function openWarehouse(file: string, settings: DuckDBSettings = {}): Promise<Warehouse> {
  const handle = await openDuckDB(file, settings);
  const dialect = new DuckDbDialect({ database: handle.connectionForKysely as never, tableMappings: {} });
  // DuckDB's DDL is transactional; kysely-duckdb says it is not, so Kysely would run migrations outside a
  // transaction and a kill between a CREATE TABLE and the migration's record left a warehouse that could
  // not migrate again ("table … already exists"). In one transaction, a killed migration leaves nothing.
  const createAdapter = dialect.createAdapter.bind(dialect);
  dialect.createAdapter = () => Object.defineProperty(createAdapter(), "supportsTransactionalDdl", { get: () => true });
  const db = new Kysely<WarehouseTables>({
    // kysely-duckdb ships CJS typings; the ESM Kysely class is the same at run time.
    dialect: dialect as unknown as Dialect,
  });
  try {
    const migrator = new Migrator({ db, provider: migrationProvider, migrationTableSchema: "main" });
    const { error, results } = await migrator.migrateToLatest();
    if (error) throw error;
    // A schema change (ALTER TABLE) must not sit in the WAL: DuckDB may fail to replay it after a kill.
    if (results?.length) await handle.exec("checkpoint");
  } catch (e) {
    await handle.close();
    throw new ZonestatError("WAREHOUSE_MIGRATION_FAILED", `数据仓库迁移失败：${(e as Error).message}`, { file });
  }
  return {
    sql: handle,
    db,
    async close() {
      await handle.close();
    },
  };
}
