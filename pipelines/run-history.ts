/**
 * The run history (ingest.runs) beyond refresh: commands that change what the next
 * refresh builds — ingest, withdraw, restore, prefer, confirm, restore-warehouse —
 * record one finished row each with what they did, so `zonestat status` lists them
 * and the next refresh can say why it rebuilds (operator finding 8) instead of
 * calling a deliberate change "上一次运行未完成".
 */
import type { DuckDBHandle } from "./warehouse/duckdb.js";
import { refreshMsg } from "./refresh-messages.js";
import type { Stage } from "./safety/recovery.js";

/** Commands that change the data or its order of editions without building. */
export const DATA_COMMANDS = ["ingest", "withdraw", "restore", "prefer", "confirm", "restore-warehouse"] as const;
export type DataCommand = (typeof DATA_COMMANDS)[number];

/**
 * Records a finished command in ingest.runs (status "ok", its message as the user read it).
 * `startedAt` is when the command began; durations are measured to now.
 */
export async function recordCommand(sql: Pick<DuckDBHandle, "exec">, command: DataCommand, message: string, startedAt: Date, filesLoaded = 0, filesRejected = 0): Promise<void> {
  await sql.exec(
    `insert into ingest.runs (command, started_at, finished_at, status, files_loaded, files_rejected, message, duration_ms) values (?, ?::timestamp, now(), 'ok', ?, ?, ?, ?)`,
    [command, startedAt.toISOString().replace("T", " ").replace("Z", ""), filesLoaded, filesRejected, message, Math.max(0, Date.now() - startedAt.getTime())],
  );
}

/**
 * Records a finished `build`, `run`, `seed`, `test` or `snapshot` of the zonestat project in ingest.runs (status "ok" or
 * "failed", the engine's summary line as message), so `zonestat status` and the 数据质量 page list builds too
 * (engineer-qa 8: some 40 builds were nowhere in 最近运行). Not a data command: a refresh's rebuild reason ignores it.
 */
export async function recordEngineRun(sql: Pick<DuckDBHandle, "exec">, command: string, ok: boolean, message: string, startedAt: Date): Promise<void> {
  await sql.exec(
    `insert into ingest.runs (command, started_at, finished_at, status, files_loaded, files_rejected, message, duration_ms) values (?, ?::timestamp, now(), ?, 0, 0, ?, ?)`,
    [command, startedAt.toISOString().replace("T", " ").replace("Z", ""), ok ? "ok" : "failed", message, Math.max(0, Date.now() - startedAt.getTime())],
  );
}

/**
 * Why a refresh with no new file builds or publishes: `log`, a sentence for its log, and `reason`, the
 * clause its final message ends with —
 * the commands recorded since the last refresh that built (newest last), a changed
 * project (models, seeds, pages), or — only when the last refresh itself did not
 * finish — "上一次运行未完成". `projectChanged` is built_fingerprint ≠ the current one.
 */
export async function rebuildReason(sql: Pick<DuckDBHandle, "all">, stage: Exclude<Stage, "published">, projectChanged: boolean): Promise<{ log: string; reason: string }> {
  const [last] = await sql.all<{ run_id: number; status: string }>(
    `select run_id, status from ingest.runs where command = 'refresh' and status <> 'running' and status <> 'nothing_to_do' order by run_id desc limit 1`,
  );
  // Rows of the refresh asking are 'running'; every earlier refresh was closed (closeDeadRuns) before this is asked.
  const since = last?.run_id ?? 0;
  const commands = await sql.all<{ command: string; message: string | null }>(
    `select command, message from ingest.runs where run_id > ? and command in (${DATA_COMMANDS.map(() => "?").join(", ")}) and status = 'ok' order by run_id`,
    [since, ...DATA_COMMANDS],
  );
  const why: string[] = [];
  if (projectChanged) why.push(refreshMsg.projectChanged());
  if (commands.length) why.push(refreshMsg.sinceCommands(commands.map((c) => ({ command: c.command, message: c.message ?? "" }))));
  if (!why.length && last && last.status !== "ok" && last.status !== "data_problems") {
    return { log: refreshMsg.resumeAfter(stage, last.status), reason: refreshMsg.lastRunUnfinished(last.status) };
  }
  if (!why.length) why.push(refreshMsg.notYetDone(stage));
  return { log: refreshMsg.rebuilding(stage, why), reason: why.join("；") };
}
