/**
 * `zonestat schedule`: runs in the foreground (for systemd or any supervisor) with
 * node-cron jobs from the configuration — the refresh tick, the nightly full
 * rebuild and any extra jobs. One job at a time in the process; the warehouse
 * lock keeps other processes out. SIGTERM/SIGINT finish the file in hand, then exit 0.
 */
import cron, { setLogger, type ScheduledTask } from "node-cron";
import type { JobContext } from "./context.js";
import { ZonestatError } from "./errors.js";
import { refresh } from "./refresh.js";
import { isoInZone } from "./local-time.js";

export interface ScheduledJob {
  readonly name: string;
  readonly cron: string;
  readonly command: "refresh" | "rebuild" | "publish" | "test";
}

export function scheduledJobs(ctx: JobContext): ScheduledJob[] {
  const s = ctx.config.schedule;
  return [
    { name: "refresh", cron: s.refresh, command: "refresh" },
    { name: "rebuild", cron: s.rebuild, command: "rebuild" },
    ...s.jobs.map((j) => ({ name: j.name, cron: j.cron, command: j.command })),
  ];
}

/** Validates every cron expression and the timezone; throws CONFIG_SCHEDULE naming the job. */
export function validateSchedule(ctx: JobContext): void {
  // Abbreviations are ambiguous: "CST" is US Central to the runtime and China Standard Time to its readers.
  if (/^[A-Za-z]{2,5}$/.test(ctx.config.timezone) && !/^(UTC|GMT)$/i.test(ctx.config.timezone)) {
    throw new ZonestatError("CONFIG_TIMEZONE", `时区「${ctx.config.timezone}」是缩写，含义不唯一（CST 既可指中国标准时间，也可指美国中部时间）：请写 IANA 时区名，如 Asia/Shanghai`, { file: ctx.config.configFile, value: ctx.config.timezone });
  }
  try {
    new Intl.DateTimeFormat("en", { timeZone: ctx.config.timezone });
  } catch {
    throw new ZonestatError("CONFIG_TIMEZONE", `时区「${ctx.config.timezone}」无效（应为 IANA 时区名，如 Asia/Shanghai）`, { file: ctx.config.configFile, value: ctx.config.timezone });
  }
  for (const j of scheduledJobs(ctx)) {
    const v = cron.validateDetailed(j.cron);
    if (!v.valid) {
      throw new ZonestatError("CONFIG_CRON", `定时任务「${j.name}」的 cron 表达式「${j.cron}」无效：${v.errors.map((e) => `${e.field} ${e.message}`).join("；")}`, { file: ctx.config.configFile, value: j.cron });
    }
  }
}

/**
 * The next time each job fires, as ISO 8601 with the zone's offset (`next`, "2026-11-30T02:30:00+08:00") and as wall-clock time in the configured
 * timezone (`next_local`, "2026-11-30 02:30"). A task that is not started has no getNextRun(),
 * so the cron expression is matched directly. Throws CONFIG_TIMEZONE/CONFIG_CRON (exit 2).
 */
export function nextRuns(ctx: JobContext): Array<{ name: string; cron: string; next: string | null; next_local: string | null }> {
  validateSchedule(ctx);
  const local = new Intl.DateTimeFormat("sv-SE", { timeZone: ctx.config.timezone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit" });
  return scheduledJobs(ctx).map((j) => {
    const task = cron.createTask(j.cron, () => {}, { timezone: ctx.config.timezone });
    const next = task.getNextRuns(1)[0] ?? null;
    void task.destroy();
    return { name: j.name, cron: j.cron, next: next ? isoInZone(next.getTime(), ctx.config.timezone) : null, next_local: next ? local.format(next) : null };
  });
}

/** node-cron's own lines (coloured, not JSON) go through our logger instead of the console. */
export function routeCronLogs(ctx: JobContext): void {
  const text = (m: string | Error, e?: Error) => `node-cron: ${m instanceof Error ? m.message : m}${e ? `：${e.message}` : ""}`;
  setLogger({
    info: (m) => ctx.logger.debug(text(m)),
    warn: (m) => ctx.logger.warn(text(m)),
    error: (m, e) => ctx.logger.error(text(m, e)),
    debug: (m, e) => ctx.logger.debug(text(m, e)),
  });
}

export async function runSchedule(ctx: JobContext, signal: { stopping: boolean; onStop(fn: () => void): void }): Promise<void> {
  validateSchedule(ctx);
  routeCronLogs(ctx);
  let busy = false;
  const tasks: ScheduledTask[] = [];
  const runJob = async (job: ScheduledJob) => {
    if (busy || signal.stopping) {
      if (busy) ctx.logger.info(`上一个任务仍在运行，跳过本次 ${job.name}`);
      return;
    }
    busy = true;
    try {
      const report = await refresh(ctx, {
        full: job.command === "rebuild",
        stableSeconds: ctx.config.schedule.stable_seconds,
        shouldStop: () => signal.stopping,
        lockWaitSeconds: 0,
      });
      ctx.logger.info(`${job.name}：${report.message}`, { status: report.status, ms: report.ms });
    } catch (e) {
      const code = e instanceof ZonestatError ? e.code : "INTERNAL";
      if (code === "STOPPED") ctx.logger.info(`${job.name}：${(e as Error).message}`, { code });
      else ctx.logger.error(`${job.name} 失败：${(e as Error).message}`, { code });
    } finally {
      busy = false;
    }
  };
  for (const job of scheduledJobs(ctx)) {
    tasks.push(cron.schedule(job.cron, () => runJob(job), { timezone: ctx.config.timezone, name: job.name, noOverlap: true }));
  }
  ctx.logger.info(`定时任务已启动：${scheduledJobs(ctx).map((j) => `${j.name}（${j.cron}）`).join("，")}；时区 ${ctx.config.timezone}`);
  await new Promise<void>((resolve) => {
    signal.onStop(async () => {
      ctx.logger.info("收到停止信号：完成手头的文件后退出");
      for (const t of tasks) await t.stop();
      while (busy) await new Promise((r) => setTimeout(r, 50));
      for (const t of tasks) await t.destroy();
      resolve();
    });
  });
}
