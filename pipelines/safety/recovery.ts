/**
 * Recovery as a state machine over the warehouse: loaded → built → published.
 * Each stage records what it was made from in ingest.state, so a run that finds
 * an earlier stage ahead of a later one (a run killed after loading, a publish
 * that failed on a full disk, files loaded by `zonestat ingest` alone) finishes
 * the work instead of answering "nothing new" until --full.
 *
 *   data   = md5 of (file_id, status, withdrawn_at) over ingest.files — what is loaded
 *   built_data = data at the last build; published_key = data + project fingerprint at the last publish
 */
import type { Logger } from "../logger.js";
import { setState } from "../state.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/index.js";
import { safetyMsg } from "./messages.js";

export type Stage = "loaded" | "built" | "published";

export const BUILT_DATA = "built_data";
export const PUBLISHED_KEY = "published_key";

/**
 * What is loaded now: changes with every file loaded, withdrawn or restored, with every change to
 * the evidence the order of editions reads (`zonestat prefer`, a re-dated file — the per-file-year
 * fingerprints of migration 0008) and with every 审核 flag confirmed or closed. A plain refresh
 * rebuilds when it changes (after `prefer` the marts had kept the overruled value).
 */
/** Reads rows: a Warehouse's `sql`, or a read-only DuckDB handle (as `zonestat status` opens). */
export type RowReader = Pick<DuckDBHandle, "all">;

export async function dataFingerprint(wh: Warehouse): Promise<string> {
  return dataFingerprintOf(wh.sql);
}

/** `dataFingerprint` over any row reader. */
export async function dataFingerprintOf(db: RowReader): Promise<string> {
  const rows = await db.all<{ fp: string }>(
    `select md5(
       (select coalesce(string_agg(file_id::varchar || ':' || status || ':' || coalesce(withdrawn_at::varchar, ''), ',' order by file_id), '') from ingest.files)
       || '|' || (select coalesce(string_agg(file_id::varchar || ':' || year::varchar || ':' || fingerprint, ',' order by file_id, year), '') from ingest.file_years)
       || '|' || (select coalesce(string_agg(flag_id::varchar || ':' || state, ',' order by flag_id), '') from ingest.audit_flags)
     ) as fp`,
  );
  return rows[0]!.fp;
}

/** How far the warehouse's current data has got: "loaded" (not built), "built" (not published) or "published". */
export async function currentStage(wh: Warehouse, projectFingerprint: string): Promise<{ stage: Stage; data: string }> {
  return stageOf(wh.sql, projectFingerprint);
}

/** `currentStage` over any row reader (read-only: `zonestat status`, `zonestat publish`'s check). */
export async function stageOf(db: RowReader, projectFingerprint: string): Promise<{ stage: Stage; data: string }> {
  const data = await dataFingerprintOf(db);
  const state = new Map((await db.all<{ key: string; value: string }>(`select key, value from ingest.state where key in (?, ?, ?)`, [BUILT_DATA, "built_fingerprint", PUBLISHED_KEY])).map((r) => [r.key, r.value]));
  if (state.get(BUILT_DATA) !== data || state.get("built_fingerprint") !== projectFingerprint) return { stage: "loaded", data };
  if (state.get(PUBLISHED_KEY) !== `${data}:${projectFingerprint}`) return { stage: "built", data };
  return { stage: "published", data };
}

/**
 * Records that the marts were built from the data loaded now and from this project (fingerprint: state.ts's
 * projectFingerprint with the output settings), and whether the build and its tests passed. Only a build of the
 * whole project may record it: a build of some models leaves the others as they were.
 */
export async function recordBuilt(wh: Warehouse, projectFingerprint: string, ok: boolean, data?: string): Promise<void> {
  const loaded = data ?? (await dataFingerprint(wh));
  await setState(wh, "built_fingerprint", projectFingerprint);
  await setState(wh, "last_build_ok", String(ok));
  await setState(wh, BUILT_DATA, loaded);
}

/** Records that the site was published from the data `data` (as built) and this project. */
export async function recordPublished(wh: Warehouse, projectFingerprint: string, data: string): Promise<void> {
  await setState(wh, "published_fingerprint", projectFingerprint);
  await setState(wh, PUBLISHED_KEY, `${data}:${projectFingerprint}`);
}

/**
 * Closes run records left "running" by processes that died (killed, out of disk): called under the
 * warehouse lock, so no live process owns one. Returns how many were closed.
 */
export async function closeDeadRuns(wh: Warehouse, logger: Logger): Promise<number> {
  const n = await wh.sql.execCount(
    `update ingest.runs set status = 'failed', finished_at = now(), message = coalesce(message || '；', '') || '进程在运行中终止（被杀死、断电或磁盘已满），由下一次运行标为失败' where status = 'running'`,
  );
  if (n) logger.warn(safetyMsg.staleRunClosed(n));
  return n;
}
