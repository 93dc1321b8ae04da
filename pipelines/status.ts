/**
 * `zonestat status`: last runs with outcome and duration, next scheduled times,
 * inbox backlog, rejected files, warehouse size, and who holds the lock.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "./context.js";
import { listCandidates } from "./ingest/files.js";
import { isZonestatError } from "./errors.js";
import { isoInZone, localTime, timeZoneLabel } from "./local-time.js";
import { duckdbHolderPid, holderWords, lockLine, ownerWords, readLockHolder, type LockHolder } from "./safety/holder.js";
import { holderMsg } from "./safety/messages.js";
import { nextRuns } from "./schedule.js";
import { openDuckDB, storageVersionOf } from "./warehouse/duckdb.js";
import { archivedNotInWarehouse, grownAfterLoad, type GrownFile } from "./safety/archive-check.js";
import { editionStatus, type FileEdition, type VersionConflict } from "./edition-status.js";
import { stageOf, type Stage } from "./safety/recovery.js";
import { configFingerprint } from "./state.js";
import { lastBuildFailure } from "./refresh-failures.js";
import { ANNUAL_RELATION, figure, flagEffectSql, flagYearFormSql, hasRelation, HELD_RELATION } from "./ingest/flag-effect.js";
import { flagSheetSql } from "./cell-ref.js";
import { msg } from "./messages.js";

export interface StatusReport {
  /**
   * `readable` false: another process holds the warehouse (DuckDB's file lock) and `unreadable` says who; every
   * field read from the warehouse is then null — never an empty list that looks like a real zero.
   */
  /** `storage_version`: DuckDB's tag for the file's format, e.g. "v1.5.0+" (DuckDB 1.5 or newer opens it); null when not read. */
  warehouse: { path: string; bytes: number | null; readable: boolean; unreadable?: string; storage_version: string | null };
  /** The lock file's owner with `alive` (false: its process is gone — a stale lock the next run takes over), or null. */
  lock: LockHolder | null;
  /** `zonestat status`'s sentence for the lock. */
  lock_line: string;
  /** Set while a live process holds the lock but the warehouse could be read: what is shown is what it committed so far. */
  lock_note?: string;
  inbox_backlog: string[];
  last_runs: Record<string, unknown>[] | null;
  rejected_files: Record<string, unknown>[] | null;
  failing_tests: Record<string, unknown>[];
  next_runs: ReturnType<typeof nextRuns>;
  file_editions?: FileEdition[];
  version_conflicts?: VersionConflict[];
  version_conflict_count?: number;
  /**
   * Values flagged 需核实 by 核实性 审核 rules and not yet confirmed or corrected (newest first, at most 50), and their total.
   * Each row's `effect` (flag-effect.ts): 'held' | 'held_total' | 'marked', 'superseded' (a held 年 value whose year took
   * the clean 1-12月 累计, or the reverse: not held; `year_form` 'annual' | 'ytd_december', `year_value`, `year_unit`,
   * `year_file` name the figure used) or 'held_pending' (the other form is loaded but the models are not built from it).
   */
  audit_flags: Record<string, unknown>[] | null;
  /**
   * Where the flags' effects were read: "models" (built from the data loaded now: int_values_annual says which of a
   * year's two forms is used), "ingest" (not built, or built from other data: the loaded files alone); null when unreadable.
   */
  audit_effects_from?: "models" | "ingest" | null;
  audit_flags_open: number | null;
  /**
   * Years held out of every total because their 年 value and 1-12月 累计 are twofold apart (int_held_values,
   * YEAR_FORMS_DIFFER; no flag, so no 标记号 to confirm): zone, indicator, year and both figures; read from the models
   * when they are built from the data loaded now, else empty (stat-qa9 F9: status did not name them).
   */
  year_forms_held?: Record<string, unknown>[] | null;
  /** The values those flags stand on (one cell may carry two flags: JUMP_20X and ABOVE_PARENT). */
  audit_values_open: number | null;
  /** Archived files whose size changed after they were loaded (loaded while still being written). */
  grown_after_load: GrownFile[] | null;
  /** Archived files the warehouse has no record of (e.g. loaded after the backup a restore put back). */
  archived_not_in_warehouse: string[] | null;
  /**
   * How far the loaded data reaches: the latest period end (YYYY-MM-DD) among loaded files' values, its period
   * labels (2025年1-12月, 2025年), and the latest load (local time); null before any file is loaded or when unreadable.
   */
  data_through: { period_end: string; period_labels: string[]; latest_load: string } | null;
  /** Whether the marts are built from the loaded data and the site published from them (pipelines/safety/recovery.ts). */
  stage: Stage | null;
  /**
   * The last refresh's failure report (refresh-failures.ts) while the marts stand built from the current data with
   * failing tests: what failed and what to do, instead of advising a refresh that would fail the same way. Null otherwise.
   */
  build_failure?: string | null;
}

export async function status(ctx: JobContext): Promise<StatusReport> {
  const { config } = ctx;
  // First: an invalid timezone or cron expression is a configuration error (exit 2), not a crash.
  const next = nextRuns(ctx);
  const wal = config.warehouse + ".wal";
  const bytes = existsSync(config.warehouse) ? statSync(config.warehouse).size + (existsSync(wal) ? statSync(wal).size : 0) : null;
  const lock = readLockHolder(config.lockFile, existsSync(config.lockFile));
  let unreadable: string | undefined;
  let runs: Record<string, unknown>[] = [];
  let rejected: Record<string, unknown>[] = [];
  let failing: Record<string, unknown>[] = [];
  let editions: Awaited<ReturnType<typeof editionStatus>> | undefined;
  let flags: Record<string, unknown>[] = [];
  let flagsOpen = 0;
  let valuesOpen = 0;
  let grown: GrownFile[] = [];
  let notInWarehouse: string[] = [];
  let through: StatusReport["data_through"] = null;
  let stage: Stage | null = null;
  let buildFailure: string | null = null;
  let storageVersion: string | null = null;
  let effectsFrom: "models" | "ingest" = "ingest";
  let yearFormsHeld: Record<string, unknown>[] = [];
  // Read whenever DuckDB lets us (a stale lock from a killed run hid every figure before); a read-only open
  // replays the WAL a killed writer left. A live writer holds DuckDB's file lock: then say who, show nothing from it.
  const db = bytes === null ? undefined : await openDuckDB(config.warehouse, { readOnly: true, ...config.duckdb, busyWaitSeconds: 0 }).catch((e: unknown) => {
    if (!isZonestatError(e) || e.code !== "LOCK_WAREHOUSE_BUSY") throw e;
    unreadable = holderMsg.statusUnreadable(config.warehouse, holderWords(lock, duckdbHolderPid(e.detail.value ?? e.message), config.timezone));
    return undefined;
  });
  if (db) {
    try {
      storageVersion = (await storageVersionOf(db).catch(() => undefined)) ?? null;
      runs = await db.all(`select run_id, command, status, epoch_ms(started_at)::double as started_ms, duration_ms, files_loaded, files_rejected, message from ingest.runs order by run_id desc limit 10`).catch(() => []);
      // A rejection that a corrected file of the same name has since replaced is history, not a problem.
      rejected = await db.all(`select name, first_code, problems, epoch_ms(rejected_at)::double as rejected_ms, report_path from ingest.rejections r where not exists (select 1 from ingest.files f where f.name = r.name and f.status = 'loaded' and f.loaded_at > r.rejected_at) order by rejected_at desc limit 20`).catch(() => []);
      editions = await editionStatus(db).catch(() => undefined); // a warehouse from before migration 0004 has no editions yet
      const open = `from ingest.audit_flags a join ingest.files f using (file_id) where a.state = 'open' and f.status = 'loaded'`;
      stage = await stageOf(db, configFingerprint(config)).then((r) => r.stage).catch(() => null);
      // Which of a year's 年 value and 1-12月 is used is the models' choice: read from them only when they are built from
      // the data loaded now (stat-qa5 F3); otherwise the loaded files alone, which never claim what a build decides.
      const annual = (stage === "built" || stage === "published") && (await hasRelation((q) => db.all(q), ANNUAL_RELATION)) ? ANNUAL_RELATION : undefined;
      const listFlags = (from?: string) => db.all(`select a.flag_id, f.name, a.line, a.col, ${flagSheetSql("a")} as sheet, a.rule_code, a.entity_name, a.indicator_name, a.period_label, a.basis, a.original_text, a.message,
        -- What the flag does to the totals (stat-qa3 F15: held and merely marked flags were listed alike).
        ${flagEffectSql("a", from)} as effect${from ? `, ${flagYearFormSql("a", from)}` : ""}
        ${open} order by a.flag_id desc limit 50`);
      // Models of an older shape (no annual_held) cannot answer: the loaded files do, rather than an empty list.
      const fromModels = annual ? await listFlags(annual).catch(() => undefined) : undefined;
      effectsFrom = fromModels ? "models" : "ingest";
      if (annual) {
        yearFormsHeld = await db.all(`select coalesce(z.zone_name, h.entity_code) as entity_name, i.indicator_name, h.year, v.annual_value, v.ytd_december_value, v.unit
          from ${HELD_RELATION} h join ${annual} v on v.entity_code = h.entity_code and v.indicator_code = h.indicator_code and v.year = h.year
          left join main_staging.stg_zones z on z.zone_code = h.entity_code left join main_staging.stg_indicators i on i.indicator_code = h.indicator_code
          where h.held_rule = 'YEAR_FORMS_DIFFER' and v.method in ('annual', 'ytd_december')
          order by h.year desc, entity_name, i.indicator_name`).catch(() => []);
      }
      flags = fromModels ?? (await listFlags().catch(() => []));
      // The year's figure is said for a superseded flag only (for the others it is not this flag's story).
      flags = flags.map(({ year_form, year_value, year_unit, year_file, ...r }) =>
        r.effect === "superseded" ? { ...r, year_form, year_value, year_unit, year_file } : r);
      grown = await grownAfterLoad((q) => db.all(q), config.archive).catch(() => []);
      notInWarehouse = await archivedNotInWarehouse((q) => db.all(q), config.archive).catch(() => []);
      const counted = (await db.all<{ n: number; v: number }>(`select count(*)::integer as n, count(distinct (a.file_id, a.line, a.col))::integer as v ${open}`).catch(() => [{ n: 0, v: 0 }]))[0];
      flagsOpen = Number(counted?.n ?? 0);
      valuesOpen = Number(counted?.v ?? 0);
      // The site's 数据截至 reads the same: the newest period end among loaded files' values.
      const t = (await db.all<{ period_end: string | null; labels: string[] | null; latest_ms: number | null }>(
        `with latest as (select max(s.period_end) as pe from ingest.fact_series s join ingest.files fl using (file_id)
                         where fl.status = 'loaded' and exists (select 1 from ingest.facts f where f.file_id = s.file_id and f.series_key = s.series_key))
         select (select pe from latest)::varchar as period_end,
                (select list(distinct s.period_label order by s.period_label) from ingest.fact_series s join ingest.files fl using (file_id)
                  where fl.status = 'loaded' and s.period_end = (select pe from latest)) as labels,
                (select epoch_ms(max(loaded_at))::double from ingest.files where status = 'loaded') as latest_ms`,
      ).catch(() => []))[0];
      if (t?.period_end && t.latest_ms !== null) through = { period_end: t.period_end, period_labels: t.labels ?? [], latest_load: isoInZone(Number(t.latest_ms), config.timezone) };
      // Built from the current data and failed: the stored report stands (a later load, withdraw or confirm makes the stage 'loaded').
      if (stage === "built") {
        buildFailure = (await lastBuildFailure(db).catch(() => null))?.report ?? null;
      }
    } finally {
      await db.close();
    }
    // Stored in UTC; given in the configured zone with its offset (the text output prints them as local times).
    // A run still "running" while no live process holds the lock was killed: said so (the next run closes it as failed).
    const died = lock?.alive !== true;
    runs = runs.map(({ started_ms, ...r }) => ({ ...r, started_at: isoInZone(Number(started_ms), config.timezone), ...(r.status === "running" && died ? { note: holderMsg.runDied() } : {}) }));
    rejected = rejected.map(({ rejected_ms, ...r }) => ({ ...r, rejected_at: isoInZone(Number(rejected_ms), config.timezone) }));
  }
  const runResults = path.join(config.targetDir, "run_results.json");
  if (existsSync(runResults)) {
    const parsed = JSON.parse(readFileSync(runResults, "utf8")) as { results: Array<{ unique_id: string; status: string; failures: number | null; message: string }> };
    failing = parsed.results.filter((r) => r.status === "fail" || r.status === "error").map((r) => ({ node: r.unique_id, status: r.status, failures: r.failures, message: r.message }));
  }
  const read = unreadable === undefined;
  return {
    warehouse: { path: config.warehouse, bytes, readable: read, ...(read ? {} : { unreadable }), storage_version: storageVersion },
    lock,
    lock_line: lockLine(lock, config.timezone),
    ...(read && db && lock?.alive === true ? { lock_note: holderMsg.statusWhileHeld(ownerWords(lock, config.timezone)) } : {}),
    inbox_backlog: listCandidates([config.inbox]).map((c) => c.path),
    last_runs: read ? runs : null,
    rejected_files: read ? rejected : null,
    failing_tests: failing,
    next_runs: next,
    file_editions: editions?.files,
    version_conflicts: editions?.conflicts,
    version_conflict_count: editions?.conflict_count,
    audit_flags: read ? flags : null,
    audit_effects_from: read && db ? effectsFrom : null,
    audit_flags_open: read ? flagsOpen : null,
    year_forms_held: read ? yearFormsHeld : null,
    audit_values_open: read ? valuesOpen : null,
    grown_after_load: read ? grown : null,
    archived_not_in_warehouse: read ? notInWarehouse : null,
    data_through: read ? through : null,
    stage: read ? stage : null,
    build_failure: read ? buildFailure : null,
  };
}

/** `zonestat status`'s lines on years held as their 年 value and 1-12月 disagree (none: no lines). */
export function yearFormsHeldLines(rows: readonly Record<string, unknown>[]): string[] {
  if (!rows.length) return [];
  const num = (v: unknown, unit: unknown) => `${figure(v)}${unit ? ` ${String(unit)}` : ""}`;
  return [msg.yearFormsHeldHead(rows.length),
    ...rows.map((r) => msg.yearFormsHeldLine(String(r.entity_name), String(r.indicator_name ?? ""), Number(r.year), num(r.annual_value, r.unit), num(r.ytd_december_value, r.unit)))];
}

/** `zonestat status`'s lines on how far the data reaches and whether the marts and the site show it. */
export function dataLines(s: Pick<StatusReport, "data_through" | "stage"> & Pick<Partial<StatusReport>, "build_failure">, timeZone: string): string[] {
  const t = s.data_through;
  return [
    t ? `数据截至：${t.period_labels.join("、") || t.period_end}（${t.period_end}；最近入库 ${localTime(t.latest_load, timeZone)}（${timeZoneLabel(timeZone)}））` : "数据截至：尚无已入库的数据",
    ...(s.stage === "built" && s.build_failure ? [`模型和网站：${s.build_failure}`] : s.stage ? [STAGE_LINE[s.stage]] : []),
  ];
}

const STAGE_LINE: Record<Stage, string> = {
  loaded: "模型和网站：尚未按当前入库的数据（或当前项目定义）构建——运行 zonestat refresh",
  built: "模型和网站：模型已按当前数据构建，网站尚未发布——运行 zonestat refresh",
  published: "模型和网站：已按当前入库的数据构建并发布",
};
