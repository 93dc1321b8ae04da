/**
 * `zonestat status`: last runs with outcome and duration, next scheduled times,
 * inbox backlog, rejected files, warehouse size, and who holds the lock.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "./context.js";
import { listCandidates } from "./ingest/files.js";
import { readLock } from "./lock.js";
import { nextRuns } from "./schedule.js";
import { openDuckDB } from "./warehouse/duckdb.js";
import { archivedNotInWarehouse, grownAfterLoad, type GrownFile } from "./safety/archive-check.js";
import { editionStatus, type FileEdition, type VersionConflict } from "./edition-status.js";

export interface StatusReport {
  warehouse: { path: string; bytes: number | null };
  lock: unknown;
  inbox_backlog: string[];
  last_runs: Record<string, unknown>[];
  rejected_files: Record<string, unknown>[];
  failing_tests: Record<string, unknown>[];
  next_runs: ReturnType<typeof nextRuns>;
  file_editions?: FileEdition[];
  version_conflicts?: VersionConflict[];
  version_conflict_count?: number;
  /** Values flagged 需核实 by 核实性 审核 rules and not yet confirmed or corrected (newest first, at most 50), and their total. */
  audit_flags: Record<string, unknown>[];
  audit_flags_open: number;
  /** Archived files whose size changed after they were loaded (loaded while still being written). */
  grown_after_load: GrownFile[];
  /** Archived files the warehouse has no record of (e.g. loaded after the backup a restore put back). */
  archived_not_in_warehouse: string[];
}

export async function status(ctx: JobContext): Promise<StatusReport> {
  const { config } = ctx;
  // First: an invalid timezone or cron expression is a configuration error (exit 2), not a crash.
  const next = nextRuns(ctx);
  const wal = config.warehouse + ".wal";
  const bytes = existsSync(config.warehouse) ? statSync(config.warehouse).size + (existsSync(wal) ? statSync(wal).size : 0) : null;
  const lock = existsSync(config.lockFile) ? readLock(config.lockFile) ?? { file: config.lockFile } : null;
  let runs: Record<string, unknown>[] = [];
  let rejected: Record<string, unknown>[] = [];
  let failing: Record<string, unknown>[] = [];
  let editions: Awaited<ReturnType<typeof editionStatus>> | undefined;
  let flags: Record<string, unknown>[] = [];
  let flagsOpen = 0;
  let grown: GrownFile[] = [];
  let notInWarehouse: string[] = [];
  if (bytes !== null && !lock) {
    const db = await openDuckDB(config.warehouse, { readOnly: true, ...config.duckdb });
    try {
      runs = await db.all(`select run_id, command, status, epoch_ms(started_at)::double as started_ms, duration_ms, files_loaded, files_rejected, message from ingest.runs order by run_id desc limit 10`).catch(() => []);
      // A rejection that a corrected file of the same name has since replaced is history, not a problem.
      rejected = await db.all(`select name, first_code, problems, epoch_ms(rejected_at)::double as rejected_ms, report_path from ingest.rejections r where not exists (select 1 from ingest.files f where f.name = r.name and f.status = 'loaded' and f.loaded_at > r.rejected_at) order by rejected_at desc limit 20`).catch(() => []);
      editions = await editionStatus(db).catch(() => undefined); // a warehouse from before migration 0004 has no editions yet
      const open = `from ingest.audit_flags a join ingest.files f using (file_id) where a.state = 'open' and f.status = 'loaded'`;
      flags = await db.all(`select a.flag_id, f.name, a.line, a.col, a.rule_code, a.entity_name, a.indicator_name, a.period_label, a.original_text, a.message ${open} order by a.flag_id desc limit 50`).catch(() => []);
      grown = await grownAfterLoad((q) => db.all(q), config.archive).catch(() => []);
      notInWarehouse = await archivedNotInWarehouse((q) => db.all(q), config.archive).catch(() => []);
      flagsOpen = Number((await db.all<{ n: number }>(`select count(*)::integer as n ${open}`).catch(() => [{ n: 0 }]))[0]?.n ?? 0);
    } finally {
      await db.close();
    }
    // Stored in UTC; shown in the configured zone, as the next scheduled times are.
    runs = runs.map(({ started_ms, ...r }) => ({ ...r, started_at: localTime(Number(started_ms), config.timezone) }));
    rejected = rejected.map(({ rejected_ms, ...r }) => ({ ...r, rejected_at: localTime(Number(rejected_ms), config.timezone) }));
  }
  const runResults = path.join(config.targetDir, "run_results.json");
  if (existsSync(runResults)) {
    const parsed = JSON.parse(readFileSync(runResults, "utf8")) as { results: Array<{ unique_id: string; status: string; failures: number | null; message: string }> };
    failing = parsed.results.filter((r) => r.status === "fail" || r.status === "error").map((r) => ({ node: r.unique_id, status: r.status, failures: r.failures, message: r.message }));
  }
  return {
    warehouse: { path: config.warehouse, bytes },
    lock,
    inbox_backlog: listCandidates([config.inbox]).map((c) => c.path),
    last_runs: runs,
    rejected_files: rejected,
    failing_tests: failing,
    next_runs: next,
    file_editions: editions?.files,
    version_conflicts: editions?.conflicts,
    version_conflict_count: editions?.conflict_count,
    audit_flags: flags,
    audit_flags_open: flagsOpen,
    grown_after_load: grown,
    archived_not_in_warehouse: notInWarehouse,
  };
}

/** `2024-07-15 09:30:00` in `timeZone` for a UTC instant in milliseconds. */
function localTime(ms: number, timeZone: string): string {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      .formatToParts(new Date(ms)).map((p) => [p.type, p.value]),
  );
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}
