/**
 * The only module that talks to `@duckdb/node-api`. Everything else uses the
 * small `Warehouse` interface below, so the client's types never leak.
 *
 * One connection per open warehouse: Kysely is handed the same connection, so a
 * transaction begun here covers bookkeeping writes made through Kysely too.
 *
 * @example
 *   const wh = await openDuckDB("warehouse/zonestat.duckdb");
 *   const rows = await wh.all<{ x: number }>("select 42 as x");
 *   await wh.close();
 */
import { DuckDBInstance, DuckDBTypeId, JSDuckDBValueConverter, StatementType, type DuckDBConnection, type DuckDBAppender, type DuckDBResult, type DuckDBVector } from "@duckdb/node-api";
import { mkdirSync } from "node:fs";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import { msg } from "../messages.js";
import { safetyMsg2 } from "../safety/messages.js";
import { isCorruptMessage } from "../safety/corrupt.js";
import { newFileOptions, type StorageVersion } from "./storage-version.js";

export { isCorruptMessage };
export { DEFAULT_STORAGE_VERSION, STORAGE_VERSIONS, type StorageVersion } from "./storage-version.js";

export type Row = Record<string, unknown>;
export type Param = string | number | boolean | null;

/** Appends rows to one table, far faster than INSERT for bulk loads. */
export interface RowAppender {
  /** Appends one row; values in table column order; null for SQL NULL. */
  append(values: ReadonlyArray<string | number | null>): void;
  close(): void;
}

export interface DuckDBHandle {
  readonly path: string;
  /** Runs statements that return nothing of interest. */
  exec(sql: string, params?: Param[]): Promise<void>;
  /** Runs a statement and returns how many rows it inserted, updated or deleted. */
  execCount(sql: string, params?: Param[]): Promise<number>;
  /** Runs a query and returns rows as plain JS objects (bigint → number where safe, dates → ISO strings). */
  all<T extends Row = Row>(sql: string, params?: Param[]): Promise<T[]>;
  /** Column names of a query's result, in order. */
  columns(sql: string): Promise<string[]>;
  /** Appender on `schema.table`; pass schema "temp" for a temporary table. */
  appender(table: string, schema?: string, catalog?: string): Promise<RowAppender>;
  /** How far the running query is, 0..1 (0 when none or unknown): for progress bars. */
  progress(): number;
  /** Runs `fn` in one transaction; rolls back on any throw. Not re-entrant. */
  transaction<T>(fn: () => Promise<T>): Promise<T>;
  /** A second session on the same database, for work that runs beside this one (its close leaves this one open). */
  session(): Promise<DuckDBHandle>;
  /** The kind of each statement in `sql` (DuckDB's StatementType names: "SELECT", "COPY", "ATTACH", …), without running any. */
  statementTypes(sql: string): Promise<string[]>;
  /** How many statements `sql` holds, parsed, not bound or run. */
  statementCount(sql: string): Promise<number>;
  /** The shared connection, for the Kysely adapter only. */
  readonly connectionForKysely: unknown;
  close(): Promise<void>;
}

/** Resource settings for a DuckDB instance (from the `duckdb:` section of the config). */
export interface DuckDBSettings {
  /** e.g. "2GB"; beyond it DuckDB spills to a temp folder beside the database. */
  readonly memoryLimit?: string;
  readonly threads?: number;
  /** How long a writer waits for another process (a long `zonestat query`) to let go of the file; default 10 s. */
  readonly busyWaitSeconds?: number;
  /** The storage format a NEW file is written in (one of STORAGE_VERSIONS); default DEFAULT_STORAGE_VERSION. */
  readonly storageVersion?: StorageVersion;
}

/** The storage version DuckDB records for the open database (its `storage_version` tag, e.g. "v1.5.0+"); undefined for :memory:. */
export async function storageVersionOf(db: Pick<DuckDBHandle, "all">): Promise<string | undefined> {
  const rows = await db.all<{ v: string | null }>(`select tags['storage_version'] as v from duckdb_databases() where database_name = current_database()`);
  return rows[0]?.v ?? undefined;
}

/**
 * DuckDB's own settings for running SQL a user typed: the file opened read-only,
 * no file system or network access (read_csv, glob, COPY, ATTACH, EXPORT all fail
 * with a Permission Error), no extension installed or loaded, and the
 * configuration locked so no SET can undo it. Source: duckdb.org "Securing DuckDB".
 */
export const SANDBOX_OPTIONS: Readonly<Record<string, string>> = {
  access_mode: "READ_ONLY",
  enable_external_access: "false",
  autoinstall_known_extensions: "false",
  autoload_known_extensions: "false",
  allow_community_extensions: "false",
  allow_unsigned_extensions: "false",
  lock_configuration: "true",
};

/**
 * Opens (a writer creates) the DuckDB file `file`, or ":memory:". A writer waits up to `busyWaitSeconds`
 * for another process's file lock. A new file is written at `storageVersion` (default v1.5.0).
 * Errors: WAREHOUSE_CORRUPT, LOCK_WAREHOUSE_BUSY, WAREHOUSE_OPEN_FAILED (ZonestatError).
 */
export async function openDuckDB(file: string, opts: { readOnly?: boolean; sandbox?: boolean } & DuckDBSettings = {}): Promise<DuckDBHandle> {
  if (file !== ":memory:" && !opts.readOnly && !opts.sandbox) mkdirSync(path.dirname(file), { recursive: true });
  let instance: DuckDBInstance;
  const options: Record<string, string> = {};
  if (opts.readOnly) options.access_mode = "READ_ONLY";
  if (opts.memoryLimit) options.memory_limit = opts.memoryLimit;
  if (opts.threads) options.threads = String(opts.threads);
  // Only a file DuckDB creates takes it; an older file is read and written at the version it records.
  if (!opts.readOnly && !opts.sandbox) Object.assign(options, newFileOptions(opts.storageVersion));
  if (opts.sandbox) Object.assign(options, SANDBOX_OPTIONS, file === ":memory:" ? { access_mode: "AUTOMATIC" } : {});
  const deadline = Date.now() + (opts.busyWaitSeconds ?? 10) * 1000;
  for (;;) {
    try {
      instance = await DuckDBInstance.create(file, options);
      break;
    } catch (e) {
      const text = String((e as Error).message ?? e);
      if (/could not set lock|conflicting lock/i.test(text) && !isCorruptMessage(text) && Date.now() < deadline) {
        await new Promise((r) => setTimeout(r, 250));
        continue;
      }
      throwOpenError(file, text, opts.busyWaitSeconds ?? 10);
    }
  }
  const conn = await instance.connect();
  return new Handle(file, instance, conn);
}

function throwOpenError(file: string, text: string, waited: number): never {
  // DuckDB says "Could not set lock on file … Conflicting lock is held in … (PID n)". Its corruption
    // messages mention a "block", which an unanchored /lock/ took for a busy file.
  if (isCorruptMessage(text)) throw new ZonestatError("WAREHOUSE_CORRUPT", text, { file });
  if (/could not set lock|conflicting lock/i.test(text)) throw new ZonestatError("LOCK_WAREHOUSE_BUSY", safetyMsg2.warehouseHeld(file, lockHolder(text), waited), { file, value: lockHolder(text) });
  throw new ZonestatError("WAREHOUSE_OPEN_FAILED", msg.warehouseOpenFailed(file, text), { file });
}

/** The process that holds DuckDB's file lock, from its error message ("… (PID 123)"), if named. */
export function lockHolder(text: string): string | undefined {
  const m = /Conflicting lock is held in (.*?)(?: \(PID (\d+)\))/i.exec(text);
  return m ? `${m[1]} (PID ${m[2]})` : undefined;
}

class Handle implements DuckDBHandle {
  private inTransaction = false;
  readonly connectionForKysely: unknown;

  constructor(
    readonly path: string,
    private readonly instance: DuckDBInstance,
    private readonly conn: DuckDBConnection,
    /** Sessions opened by `session()` share the instance and do not close it. */
    private readonly ownsInstance = true,
  ) {
    // Kysely's driver closes the connection it is given after each query; give it a
    // view of ours whose close is a no-op, so all work shares one session.
    const shared = conn;
    this.connectionForKysely = {
      connect: async () => ({
        run: (sql: string, params?: unknown) => shared.run(sql, params as never),
        stream: (sql: string, params?: unknown) => shared.stream(sql, params as never),
        closeSync: () => {},
      }),
      closeSync: () => {},
    };
  }

  async exec(sql: string, params?: Param[]): Promise<void> {
    await this.conn.run(sql, params as never);
  }

  async execCount(sql: string, params?: Param[]): Promise<number> {
    const r = await this.conn.run(sql, params as never);
    return Number(r.rowsChanged);
  }

  async all<T extends Row = Row>(sql: string, params?: Param[]): Promise<T[]> {
    return (await readRows(await this.conn.run(sql, params as never))) as T[];
  }

  async columns(sql: string): Promise<string[]> {
    const reader = await this.conn.runAndReadUntil(`select * from (${sql}) limit 0`, 0);
    return reader.columnNames();
  }

  async appender(table: string, schema?: string, catalog?: string): Promise<RowAppender> {
    // Temporary tables live in the "temp" catalog, schema "main".
    const a: DuckDBAppender = schema === "temp" ? await this.conn.createAppender(table, "main", "temp") : await this.conn.createAppender(table, schema ?? null, catalog ?? null);
    return {
      append(values) {
        for (const v of values) {
          if (v === null) a.appendNull();
          else if (typeof v === "number") a.appendDouble(v);
          else a.appendVarchar(v);
        }
        a.endRow();
      },
      close() {
        a.flushSync();
        a.closeSync();
      },
    };
  }

  progress(): number {
    const p = this.conn.progress.percentage;
    return p > 0 ? p / 100 : 0;
  }

  async transaction<T>(fn: () => Promise<T>): Promise<T> {
    if (this.inTransaction) throw new Error("nested transaction");
    this.inTransaction = true;
    await this.conn.run("BEGIN TRANSACTION");
    try {
      const out = await fn();
      await this.conn.run("COMMIT");
      return out;
    } catch (e) {
      try {
        await this.conn.run("ROLLBACK");
      } catch {
        // The transaction may already be aborted; the original error matters.
      }
      throw e;
    } finally {
      this.inTransaction = false;
    }
  }

  async statementCount(sql: string): Promise<number> {
    return (await this.conn.extractStatements(sql)).count;
  }

  async statementTypes(sql: string): Promise<string[]> {
    const extracted = await this.conn.extractStatements(sql);
    const out: string[] = [];
    for (let i = 0; i < extracted.count; i++) {
      const prepared = await extracted.prepare(i);
      out.push(StatementType[prepared.statementType] ?? String(prepared.statementType));
    }
    return out;
  }

  async session(): Promise<DuckDBHandle> {
    return new Handle(this.path, this.instance, await this.instance.connect(), false);
  }

  async close(): Promise<void> {
    try {
      this.conn.closeSync();
    } finally {
      if (this.ownsInstance) this.instance.closeSync();
    }
  }
}

/**
 * Every row of a result as a plain object: what the client's getRowObjectsJS gives, each row through normalizeRow —
 * the same keys (deduplicated names) in the same order, the same values — read a column of a chunk at a time. Scalars
 * (text, booleans, numbers below BIGINT) are taken from the vector as they are; the rest through the client's own
 * converter and normalizeValue. Each row is made by one object literal of the result's keys, so every row shares
 * one shape. Issue #24: turning results into objects was ~2 s of an incremental publish's main thread (the 40,500
 * annual values, 4,500 latest values of 32 columns); the per-value converter call and a property added one at a
 * time were half of it.
 */
async function readRows(result: DuckDBResult): Promise<Row[]> {
  const names = result.deduplicatedColumnNames();
  const rows: Row[] = [];
  // A key the literal would read as something else ("__proto__" sets the prototype) is added one at a time instead.
  const literal = !names.includes("__proto__");
  const make = literal
    ? (new Function("c", "i", `return {${names.map((n, k) => `${JSON.stringify(n)}: c[${k}][i]`).join(", ")}};`) as (c: unknown[][], i: number) => Row)
    : (c: unknown[][], i: number) => {
        const row: Row = {};
        names.forEach((n, k) => (row[n] = c[k]![i]));
        return row;
      };
  for (;;) {
    const chunk = await result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) break;
    const n = chunk.rowCount;
    const columns = names.map((_, k) => columnValues(chunk.getColumnVector(k), n));
    for (let i = 0; i < n; i++) rows.push(make(columns, i));
  }
  return rows;
}

/** One vector's values as normalizeRow leaves them after getRowObjectsJS (converter, then normalizeValue). */
function columnValues(vector: DuckDBVector, n: number): unknown[] {
  const out = new Array<unknown>(n);
  const type = vector.type;
  switch (type.typeId) {
    case DuckDBTypeId.VARCHAR:
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i);
        out[i] = v == null ? null : String(v);
      }
      return out;
    case DuckDBTypeId.BOOLEAN:
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i);
        out[i] = v == null ? null : Boolean(v);
      }
      return out;
    case DuckDBTypeId.TINYINT:
    case DuckDBTypeId.SMALLINT:
    case DuckDBTypeId.INTEGER:
    case DuckDBTypeId.UTINYINT:
    case DuckDBTypeId.USMALLINT:
    case DuckDBTypeId.UINTEGER:
    case DuckDBTypeId.FLOAT:
    case DuckDBTypeId.DOUBLE:
      for (let i = 0; i < n; i++) {
        const v = vector.getItem(i);
        out[i] = v == null ? null : Number(v);
      }
      return out;
    default:
      for (let i = 0; i < n; i++) {
        const v = JSDuckDBValueConverter(vector.getItem(i), type, JSDuckDBValueConverter);
        out[i] = typeof v === "bigint" || (v !== null && typeof v === "object") ? normalizeValue(v) : v;
      }
      return out;
  }
}

/**
 * A row as the rest of zonestat reads it (normalizeValue), changed in place: the reader makes a new object per row,
 * and a copy of each (an entries array and a second object per row) was a tenth of a publish's main-thread time
 * (issue #24: 45k zone rows). Keys and their order stay as the reader gave them.
 */
function normalizeRow(row: Record<string, unknown>): Row {
  for (const k in row) {
    const v = row[k];
    if (typeof v === "bigint" || (v !== null && typeof v === "object")) row[k] = normalizeValue(v);
  }
  return row;
}

function normalizeValue(v: unknown): unknown {
  if (typeof v === "bigint") return v <= BigInt(Number.MAX_SAFE_INTEGER) && v >= BigInt(Number.MIN_SAFE_INTEGER) ? Number(v) : v.toString();
  if (v instanceof Date) {
    const iso = v.toISOString();
    return iso.endsWith("T00:00:00.000Z") ? iso.slice(0, 10) : iso;
  }
  if (Array.isArray(v)) return v.map(normalizeValue);
  if (v && typeof v === "object" && !(v instanceof Uint8Array)) return normalizeRow(v as Record<string, unknown>);
  return v;
}
