/**
 * `zonestat query`: SQL a person typed runs on its own DuckDB instance opened with
 * DuckDB's sandbox settings (SANDBOX_OPTIONS: read-only, no external access, no
 * extensions, configuration locked) — never on a connection that can write. Exactly
 * one SELECT (or EXPLAIN of one) per call; anything else is QUERY_NOT_ALLOWED before
 * it runs, and a file read the sandbox refuses is QUERY_NOT_ALLOWED too.
 */
import { existsSync } from "node:fs";
import { ZonestatError, isZonestatError } from "../errors.js";
import { runQuery } from "../query.js";
import { openDuckDB, type DuckDBHandle, type DuckDBSettings } from "../warehouse/duckdb.js";
import { safetyMsg } from "./messages.js";

/** Statement types (DuckDB's StatementType) a query may be. */
const ALLOWED = new Set(["SELECT", "EXPLAIN"]);

/**
 * Runs one read-only statement against `warehouse` (an in-memory database when the file does not exist yet).
 * Throws QUERY_NOT_ALLOWED (exit 1) for other statements or refused file access, USAGE_SQL for SQL errors.
 */
export async function runReadOnlyQuery(warehouse: string, sql: string, settings: DuckDBSettings = {}): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const db = await openDuckDB(existsSync(warehouse) ? warehouse : ":memory:", { ...settings, sandbox: true });
  try {
    await checkStatements(db, sql);
    return await runQuery(db, sql);
  } catch (e) {
    if (isZonestatError(e)) throw e;
    const text = (e as Error).message ?? String(e);
    if (/Permission Error|external access|disabled|read-only mode|read only/i.test(text)) {
      throw new ZonestatError("QUERY_NOT_ALLOWED", safetyMsg.queryNotAllowed(`访问文件或改动数据（${text.split("\n")[0]!}）`), { value: sql });
    }
    throw new ZonestatError("USAGE_SQL", `SQL 错误：${text.split("\n")[0]}`, { value: sql });
  } finally {
    await db.close();
  }
}

async function checkStatements(db: DuckDBHandle, sql: string): Promise<void> {
  let types: string[];
  try {
    const n = await db.statementCount(sql);
    if (n !== 1) throw new ZonestatError("QUERY_NOT_ALLOWED", safetyMsg.queryOneStatement(n), { value: sql });
    types = await db.statementTypes(sql);
  } catch (e) {
    if (isZonestatError(e)) throw e;
    const text = (e as Error).message ?? String(e);
    if (/Permission Error|external access/i.test(text)) throw new ZonestatError("QUERY_NOT_ALLOWED", safetyMsg.queryNotAllowed(`访问文件（${text.split("\n")[0]!}）`), { value: sql });
    throw new ZonestatError("USAGE_SQL", `SQL 错误：${text.split("\n")[0]}`, { value: sql });
  }
  if (types.length !== 1) throw new ZonestatError("QUERY_NOT_ALLOWED", safetyMsg.queryOneStatement(types.length), { value: sql });
  if (!ALLOWED.has(types[0]!)) throw new ZonestatError("QUERY_NOT_ALLOWED", safetyMsg.queryNotAllowed(types[0]!), { value: sql });
}
