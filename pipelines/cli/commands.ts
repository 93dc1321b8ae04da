/**
 * Subcommands. Each one: build the context, open what it needs, run one job,
 * report, set the exit code. No job logic lives here.
 */
import type { Command } from "commander";
import { Option } from "commander";
import { ZonestatError } from "../errors.js";
import type { QueryFormat } from "../query.js";
import type { TargetFormat } from "../targets.js";
import type { Command as EngineCommand, EngineResult } from "../engine/index.js";
import type { Cli, GlobalOptions } from "./main.js";
import { existsSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { neutraliseBidi } from "../safety/bidi.js";
import { recordCommand, recordEngineRun } from "../run-history.js";
import { jobs } from "./jobs.js";

import { placeOf } from "../cell-ref.js";
import { flagEffectText } from "../ingest/flag-effect.js";
import { localTime, timeZoneLabel } from "../local-time.js";

type WithGlobals<T> = T & GlobalOptions;

/** `--vars` as dbt takes it: a YAML (or JSON) mapping, lists and quoted commas included. */
function parseVars(text: string | undefined): Record<string, unknown> | undefined {
  if (!text) return undefined;
  let v: unknown;
  try {
    v = YAML.parse(text);
  } catch (e) {
    throw new ZonestatError("USAGE_VARS", `--vars 无法解析：${text}（应为 YAML 映射，如 '{key: value, list: [1, 2]}'）：${(e as Error).message.split("\n")[0]}`);
  }
  if (!v || typeof v !== "object" || Array.isArray(v)) throw new ZonestatError("USAGE_VARS", `--vars 应为映射（{key: value}），而不是「${text}」`);
  return v as Record<string, unknown>;
}

export function registerCommands(program: Command, cli: Cli, globals: (c: Command) => Command): void {
  globals(program.command("ingest"))
    .description("读取收件箱（或指定的文件、文件夹）中的 CSV 入库；有错误的文件整份拒收并附报告")
    .argument("[paths...]", "文件或文件夹；默认为收件箱")
    .option("--vintage <date>", "这些文件的数据版本（发布或导出日期，如 2018-06-30）")
    .option("--init", "数据仓库不存在时新建（网站已发布过时必须显式给出）")
    .action(async (paths: string[], o: WithGlobals<{ vintage?: string; init?: boolean }>) => {
      const { acquireLock, openWarehouse, ingest, parseVintage } = await jobs.ingest();
      const ctx = cli.context(o);
      const vintage = o.vintage ? parseVintage(o.vintage) : undefined;
      if (o.vintage && !vintage) throw new ZonestatError("USAGE_VINTAGE", `--vintage「${o.vintage}」不是日期（如 2018-06-30 或 2018）`);
      const lock = await acquireLock(ctx.config.lockFile, "ingest", ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
      const { guardMissingWarehouse, backupWarehouse } = await import("../safety/backup.js");
      let changed = false;
      try {
        guardMissingWarehouse(ctx.config, o.init);
        const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
        try {
          const startedAt = ctx.now();
          const report = await ingest(ctx, wh, { paths: paths.map((p) => path.resolve(p)), vintage, stableSeconds: ctx.config.schedule.stable_seconds });
          const flagged = report.files.reduce((n, f) => n + (f.flags ?? 0), 0);
          const flagLine = (await import("../ingest/reaudit-run.js")).flagChangesLine(report.correctedAtLoad, report.reaudit);
          const said = `入库 ${report.loaded} 个文件，拒收 ${report.rejected} 个，重复 ${report.duplicates} 个${report.restored ? `，恢复 ${report.restored} 个此前撤回的文件` : ""}${report.redated ? `，${report.redated} 个文件按新注明的数据版本重新确定版本` : ""}${flagged ? `；${flagged} 个数值需核实（见 zonestat status）` : ""}${flagLine ? `；${flagLine}` : ""}`;
          cli.out(`${said}${report.loaded ? "。运行 zonestat refresh 更新模型和网站" : ""}\n`);
          // In the run history (status, and the next refresh's reason) when it changed what the next refresh builds.
          if (report.loaded || report.restored || report.redated) await recordCommand(wh.sql, "ingest", said, startedAt, report.loaded, report.rejected);
          if (report.rejected) cli.setExit(1);
          changed = report.loaded > 0;
        } finally {
          await wh.close();
        }
        if (changed) backupWarehouse(ctx.config.warehouse, ctx.config.backups.keep, ctx.logger, ctx.now());
      } finally {
        lock.release();
      }
    });

  const engineCommand = (name: EngineCommand, description: string) =>
    globals(program.command(name))
      .description(description)
      .option("-s, --select <selectors...>", "选择节点：模型名、+模型、模型+、tag:x、path:models/marts")
      .option("--exclude <selectors...>", "排除节点")
      .option("--full-refresh", "增量模型全量重建")
      .option("--vars <json>", "覆盖 dbt_project.yml 中的变量")
      .option("--project-dir <dir>", "dbt 项目目录（默认为本项目）")
      .option("--target <name>", "profiles.yml 中的目标（默认为 profile 的 target）")
      .option("--profiles-dir <dir>", "profiles.yml 所在文件夹（默认依次为 DBT_PROFILES_DIR、项目文件夹、~/.dbt）")
      .option("--threads <n>", "接受但不并行：节点在一个 DuckDB 连接上依次运行")
      .option("--fail-fast", "第一个错误或失败后停止，其余跳过")
      .option("--selector <name>", "selectors.yml 中的选择器（尚不支持，会报错）")
      .action(async (o: WithGlobals<{ select?: string[]; exclude?: string[]; fullRefresh?: boolean; vars?: string; projectDir?: string; target?: string; profilesDir?: string; threads?: string; failFast?: boolean; selector?: string }>) => {
        if (o.selector) throw new ZonestatError("USAGE_UNSUPPORTED", `不支持 --selector（selectors.yml）：请把选择条件写在 --select / --exclude 中`);
      const { acquireLock, openWarehouse, openProject, runEngine, openDuckDB, build, recordBuilt, configFingerprint } = await jobs.engine();
        const vars = parseVars(o.vars);
        if (o.projectDir) {
          // Any dbt project on DuckDB: its own profiles.yml path, or --warehouse.
          const project = openProject({ projectDir: o.projectDir, vars, warehouse: o.warehouse ? path.resolve(o.warehouse) : undefined, target: o.target, profilesDir: o.profilesDir });
          for (const m of project.partialParseProblems) cli.logger(o).warn(m);
          const db = name === "compile" && !project.warehousePath ? undefined : await openDuckDB(project.warehousePath ?? path.join(project.dir, "target", "dev.duckdb"));
          try {
            const result = await runEngine(name, { project, db, logger: cli.logger(o), select: o.select, exclude: o.exclude, fullRefresh: o.fullRefresh, failFast: o.failFast });
            report(cli, result);
          } finally {
            await db?.close();
          }
          return;
        }
        // A zonestat project builds into its configured warehouse (main schema, which publish reads): a profile's target
        // would be ignored, so asking for one is a usage error rather than silently building dev (engineer-qa finding 3).
        if (o.target || o.profilesDir) throw new ZonestatError("USAGE_TARGET", (await import("../messages.js")).msg.targetNeedsProjectDir(o.target ? "--target" : "--profiles-dir"));
        const ctx = cli.context(o);
        const lock = await acquireLock(ctx.config.lockFile, name, ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
        await guardWarehouse(ctx.config, lock);
        const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
        // Backed up only after a build that succeeded: a failed one (a parse error changes nothing) pushed the kept
        // backups out one by one (engineer-qa finding 5).
        let succeeded = false;
        const startedAt = ctx.now();
        try {
          const result = await build(ctx, wh, { command: name, select: o.select, exclude: o.exclude, fullRefresh: o.fullRefresh, vars });
          if (name !== "compile") await recordEngineRun(wh.sql, name, result.ok, summaryLine(result), startedAt);
          succeeded = result.ok;
          // The whole project built from the data loaded now: a later `publish` may show it (refresh records the same).
          if ((name === "build" || name === "run") && !o.select?.length && !o.exclude?.length && !o.vars) {
            await recordBuilt(wh, configFingerprint(ctx.config), result.ok);
          }
          report(cli, result);
        } finally {
          await wh.close();
          try {
            if (succeeded && (name === "build" || name === "run" || name === "seed")) (await import("../safety/backup.js")).backupWarehouse(ctx.config.warehouse, ctx.config.backups.keep, ctx.logger, ctx.now());
          } finally {
            lock.release();
          }
        }
      });
  engineCommand("build", "构建模型并运行数据测试（按 dbt build 的顺序）");
  engineCommand("seed", "把参考数据（sources/seeds/*.csv）载入数据仓库");
  engineCommand("run", "只构建模型");
  engineCommand("test", "只运行数据测试");
  engineCommand("compile", "把模型编译为 SQL，写入 target/compiled/");
  engineCommand("snapshot", "运行快照（dbt snapshot：记录源表各行的历史版本）");

  globals(program.command("publish"))
    .description("从模型生成静态网站（离线可用）")
    .action(async (o: GlobalOptions) => {
      const { acquireLock, openWarehouse, publish, currentStage, recordPublished, configFingerprint, safetyMsg } = await jobs.publish();
      const ctx = cli.context(o);
      const lock = await acquireLock(ctx.config.lockFile, "publish", ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
      await guardWarehouse(ctx.config, lock);
      const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
      try {
        // Marts older than the loaded data (a partial or no build since a load) would mix two states on one site.
        const fingerprint = configFingerprint(ctx.config);
        const { stage, data } = await currentStage(wh, fingerprint);
        if (stage === "loaded") throw new ZonestatError("USAGE_PUBLISH_NOT_BUILT", safetyMsg.publishNotBuilt());
        const r = await publish(ctx, wh);
        await recordPublished(wh, fingerprint, data);
        cli.out(`网站已生成：${path.join(r.site, "index.html")}（${r.pages} 页，其中 ${r.rendered} 页重新生成，${r.charts} 张图）\n`);
      } finally {
        await wh.close();
        lock.release();
      }
    });

  globals(program.command("refresh"))
    .description("完整流程：入库 → 构建 → 测试 → 发布（定时任务运行的就是它）")
    .option("--sample", "先把自带的示例数据放入收件箱")
    .option("--full", "即使没有新文件也重新构建和发布")
    .option("--init", "数据仓库不存在时新建（网站已发布过时必须显式给出）")
    .action(async (o: WithGlobals<{ sample?: boolean; full?: boolean; init?: boolean }>) => {
      const { refresh } = await jobs.refresh();
      const ctx = cli.context(o);
      const r = await refresh(ctx, { sample: o.sample, full: o.full, init: o.init });
      cli.out(`${r.message}\n`);
      if (r.publish) cli.out(`网站：${path.join(r.publish.site, "index.html")}\n`);
      // In a new project whose first build failed there is no site to point at (inc-qa2 finding 2).
      else if (existsSync(path.join(ctx.config.site, "index.html"))) cli.out(`网站（未改变）：${path.join(ctx.config.site, "index.html")}\n`);
      else cli.out("网站：尚未发布\n");
      if (r.status === "data_problems" || r.status === "failed") cli.setExit(1);
    });

  globals(program.command("schedule"))
    .description("在前台按配置的 cron 定时刷新（供 systemd 等守护进程使用）")
    .action(async (o: GlobalOptions) => {
      const { runSchedule } = await jobs.schedule();
      const ctx = cli.context(o);
      const handlers: Array<() => void> = [];
      const signal = { stopping: false, onStop: (fn: () => void) => handlers.push(fn) };
      const stop = () => {
        if (signal.stopping) return;
        signal.stopping = true;
        for (const h of handlers) h();
      };
      process.once("SIGTERM", stop);
      process.once("SIGINT", stop);
      await runSchedule(ctx, signal);
    });

  globals(program.command("status"))
    .description("最近的运行、下次定时、收件箱积压、拒收文件、数据仓库大小")
    .option("--json", "输出 JSON")
    .action(async (o: WithGlobals<{ json?: boolean }>) => {
      const { status, editionStatusLines, dataLines } = await jobs.status();
      const ctx = cli.context(o);
      const s = await status(ctx);
      if (o.json) {
        cli.out(neutraliseBidi(JSON.stringify(s, null, 2)) + "\n");
        if (!s.warehouse.readable) cli.setExit(2);
        return;
      }
      const head = [
        `数据仓库：${s.warehouse.path}（${s.warehouse.bytes === null ? "尚未创建" : (s.warehouse.bytes / 1048576).toFixed(1) + " MB"}${s.warehouse.storage_version ? `，存储格式：DuckDB ${s.warehouse.storage_version.replace(/\+$/, "")} 及以后版本可打开` : ""}）`,
        s.lock_line,
        ...(s.warehouse.unreadable ? [s.warehouse.unreadable] : []),
        `收件箱积压：${s.inbox_backlog.length} 个文件`,
        `下次定时：${s.next_runs.map((n) => `${n.name} ${n.next_local ?? "—"}`).join("；")}（${timeZoneLabel(ctx.config.timezone)}）`,
      ];
      // A warehouse another process holds shows nothing read from it (never zeros that look real); exit 2 as LOCK_WAREHOUSE_BUSY does.
      if (!s.warehouse.readable || !s.last_runs || !s.rejected_files || !s.audit_flags || s.audit_flags_open === null) {
        cli.out(neutraliseBidi(head.join("\n")) + "\n");
        cli.setExit(2);
        return;
      }
      const archivedMissing = s.archived_not_in_warehouse ?? [];
      const grown = s.grown_after_load ?? [];
      const lines = [
        ...head,
        ...dataLines(s, ctx.config.timezone),
        `最近运行（${timeZoneLabel(ctx.config.timezone)}）：`,
        ...(s.lock_note ? [`  ${s.lock_note}`] : []),
        ...s.last_runs.map((r) => `  ${localTime(String(r.started_at), ctx.config.timezone)} ${r.command} ${r.status}${r.note ? `（${r.note}）` : ""} ${r.duration_ms ?? "—"}ms ${r.message ?? ""}`),
        ...(archivedMissing.length ? [(await import("../safety/messages.js")).safetyMsg.archivedNotInWarehouse(archivedMissing.length, archivedMissing.map((f) => path.basename(f)))] : []),
        ...(grown.length ? [`入库后仍在变化的文件：${grown.length}`, ...(await import("../safety/archive-check.js")).grownLines(grown).map((l) => "  " + l)] : []),
        `拒收文件：${s.rejected_files.length}`,
        ...s.rejected_files.map((r) => `  ${localTime(String(r.rejected_at), ctx.config.timezone)} ${r.name} [${r.first_code}] ${r.report_path}`),
        `未通过的数据测试：${s.failing_tests.length}`,
        ...s.failing_tests.map((r) => `  ${r.node} ${r.status} ${r.failures ?? ""}`),
        ...editionStatusLines(s),
        `需核实的数值：${s.audit_values_open ?? s.audit_flags_open}${s.audit_values_open != null && s.audit_values_open !== s.audit_flags_open ? `（${s.audit_flags_open} 个标记）` : ""}${s.audit_flags_open > s.audit_flags.length ? `（列出最新 ${s.audit_flags.length} 个标记）` : ""}`,
        ...s.audit_flags.map((r) => `  标记号 ${r.flag_id} ${placeOf(String(r.name), r.sheet as string | null, r.line as number, String(r.col))} [${r.rule_code}] ${[r.entity_name, r.indicator_name, r.period_label].filter(Boolean).join(" ")}${flagEffectText(r) ? `（${flagEffectText(r)}）` : ""}：${r.message}`),
        ...(s.audit_flags_open ? ["  核实无误后：zonestat confirm --flag <标记号> --by <核实人> --reason <说明>"] : []),
        ...(await import("../status.js")).yearFormsHeldLines(s.year_forms_held ?? []),
      ];
      // File names are shown as written, but never with their direction controls (U+202E would disguise them).
      cli.out(neutraliseBidi(lines.join("\n")) + "\n");
    });

  globals(program.command("query"))
    .description("对数据仓库运行 SQL（只读）")
    .argument("<sql>", "SQL 语句")
    .addOption(new Option("--format <format>", "输出格式").choices(["table", "csv", "json"]).default("table"))
    .action(async (sql: string, o: WithGlobals<{ format: QueryFormat }>) => {
      const { formatRows } = await jobs.query();
      const ctx = cli.context(o);
      const { runReadOnlyQuery } = await import("../safety/read-only-query.js");
      const { columns, rows } = await runReadOnlyQuery(ctx.config.warehouse, sql, ctx.config.duckdb);
      cli.out(formatRows(columns, rows, o.format) + (o.format === "json" ? "\n" : ""));
    });

  globals(program.command("targets"))
    .description("列出目标目录（来自五份政策文件）")
    .option("--doc <file>", "只列出某个文件的目标（文件名或编号，如 000）")
    .addOption(new Option("--format <format>", "输出格式").choices(["table", "csv", "json"]).default("table"))
    .option("--status", "按最新数据给出每项目标的判定：已到期的给出到期是否达成，未到期的给出进度")
    .action(async (o: WithGlobals<{ doc?: string; format: TargetFormat; status?: boolean }>) => {
      const { listTargets, listTargetsWithStatus, warehouseExists, openDuckDB } = await jobs.targets();
      const ctx = cli.context(o);
      if (!o.status) return cli.out(listTargets(ctx, { doc: o.doc, format: o.format }));
      const db = warehouseExists(ctx) ? await openDuckDB(ctx.config.warehouse, { readOnly: true, ...ctx.config.duckdb }) : null;
      try {
        cli.out(await listTargetsWithStatus(ctx, db, { doc: o.doc, format: o.format }));
      } finally {
        await db?.close();
      }
    });

  globals(program.command("withdraw"))
    .description("撤回一个已入库文件的全部数值（保留历史）")
    .argument("<file>", "文件名或 sha256（前缀即可）")
    .action(async (file: string, o: GlobalOptions) => {
      const { acquireLock, openWarehouse, withdraw } = await jobs.withdraw();
      const ctx = cli.context(o);
      let closed = false;
      const lock = await acquireLock(ctx.config.lockFile, "withdraw", ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
      await guardWarehouse(ctx.config, lock);
      const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
      try {
        const startedAt = ctx.now();
        const r = await withdraw(ctx, wh, file);
        await recordCommand(wh.sql, "withdraw", `已撤回 ${r.name}（${r.rows} 个数值）`, startedAt);
        cli.out(`已撤回 ${r.name}（${r.rows} 个数值）。运行 zonestat refresh 以更新模型和网站。\n${r.reaudit.opened || r.reaudit.closed ? (await import("../ingest/reaudit-run.js")).reauditLine(r.reaudit) + "\n" : ""}`);
        closed = true;
        await wh.close();
        (await import("../safety/backup.js")).backupWarehouse(ctx.config.warehouse, ctx.config.backups.keep, ctx.logger, ctx.now());
      } finally {
        if (!closed) await wh.close();
        lock.release();
      }
    });

  globals(program.command("restore-warehouse"))
    .description("从备份恢复数据仓库（默认最新的备份；被替换的文件移到一旁，不删除）")
    .argument("[backup]", "备份文件；默认为数据仓库旁 backups/ 中最新的一个")
    .action(async (file: string | undefined, o: GlobalOptions) => {
      const { acquireLock } = await import("../lock.js");
      const { restoreWarehouse } = await import("../safety/backup.js");
      const { safetyMsg } = await import("../safety/messages.js");
      const ctx = cli.context(o);
      const lock = await acquireLock(ctx.config.lockFile, "restore-warehouse", ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
      try {
        const r = restoreWarehouse(ctx.config.warehouse, file, ctx.now());
        // The published site shows the replaced data: the restored copy must be built and published again,
        // whatever its own records say (it was published once, from itself).
        const { openWarehouse } = await import("../warehouse/index.js");
        const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
        let missing: string[] = [];
        try {
          await wh.sql.exec(`delete from ingest.state where key in ('built_data', 'published_key', 'built_fingerprint')`);
          const { archivedNotInWarehouse } = await import("../safety/archive-check.js");
          missing = await archivedNotInWarehouse((q) => wh.sql.all(q), ctx.config.archive);
          await recordCommand(wh.sql, "restore-warehouse", safetyMsg.restored(r.from, ctx.config.warehouse, r.aside), ctx.now());
        } finally {
          await wh.close();
        }
        cli.out(`${safetyMsg.restored(r.from, ctx.config.warehouse, r.aside)}。运行 zonestat refresh 以按恢复的数据重建网站。\n`);
        // Files loaded after the backup are not lost from the archive, but their values are from the warehouse: said, with names.
        if (missing.length) cli.out(`${safetyMsg.archivedNotInWarehouse(missing.length, missing.map((f) => path.basename(f)))}\n`);
      } finally {
        lock.release();
      }
    });

  // Issue #15: undo a withdraw; settle a version conflict.
  for (const [name, description, argument] of [
    ["restore", "恢复一个已撤回的文件（其数值按数据版本规则重新参与比较）", "已撤回文件的文件名或 sha256（前缀即可）"],
    ["prefer", "指定版本冲突中以此文件为准（仅在数据版本证据相同时起作用）", "已入库文件的文件名或 sha256（前缀即可）"],
  ] as const) {
    globals(program.command(name))
      .description(description)
      .argument("<file>", argument)
      .action(async (file: string, o: GlobalOptions) => {
        const j = await jobs.edition();
        const ctx = cli.context(o);
        const lock = await j.acquireLock(ctx.config.lockFile, name, ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
        const wh = await j.openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
        try {
          const startedAt = ctx.now();
          const said = name === "restore"
            ? await j.restore(ctx, wh, file).then(async (r) => j.editionMsg.restored(r.name, r.rows) + (await reauditText(r.reaudit)))
            : await j.prefer(ctx, wh, file).then(async (r) => j.editionMsg.preferred(r.name, r.settled) + (await reauditText(r.reaudit)));
          await recordCommand(wh.sql, name, said.trim(), startedAt);
          cli.out(said);
        } finally {
          await wh.close();
          lock.release();
        }
      });
  }
  globals(program.command("confirm"))
    .description("记录需核实的数值已与填报单位核实无误（保留核实人、时间、理由）")
    .option("--flag <ids...>", "标记号（见文件的 .problems.txt、zonestat status、数据质量页）")
    .option("--file <file>", "文件名或 sha256 前缀（与 --line 一起使用）")
    .option("--line <n>", "行号")
    .option("--column <letter>", "列（如 D）；省略时核实该行的全部标记")
    .requiredOption("--by <name>", "核实人")
    .requiredOption("--reason <text>", "核实情况，如“经开区统计科电话确认”")
    .option("--undo", "撤销此前的核实（标记重新为需核实；撤销人和理由记入运行记录）")
    .option("--force", "同年的年度值与 1-12月累计值不一致时仍核实（默认拒绝，见 CONFIRM_OTHER_FORM_DIFFERS）")
    .action(async (o: WithGlobals<{ flag?: string[]; file?: string; line?: string; column?: string; by: string; reason: string; undo?: boolean; force?: boolean }>) => {
      const { acquireLock, openWarehouse, confirmFlags } = await jobs.confirm();
      const { msg } = await import("../messages.js");
      const ids = (o.flag ?? []).map((x) => Number(x));
      const line = o.line === undefined ? undefined : Number(o.line);
      if (ids.some((x) => !Number.isInteger(x) || x <= 0)) throw new ZonestatError("USAGE_CONFIRM", `--flag 应为标记号（正整数）：${o.flag!.join(" ")}`);
      if (line !== undefined && (!Number.isInteger(line) || line <= 0)) throw new ZonestatError("USAGE_CONFIRM", `--line 应为行号（正整数）：${o.line}`);
      const ctx = cli.context(o);
      const lock = await acquireLock(ctx.config.lockFile, "confirm", ctx.config.schedule.lock_wait_seconds, { timeZone: ctx.config.timezone });
      const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
      try {
        const startedAt = ctx.now();
        const done = await confirmFlags(ctx, wh, { flagIds: ids, file: o.file, line, column: o.column, by: o.by, reason: o.reason, undo: o.undo, force: o.force });
        await recordCommand(wh.sql, "confirm", `${o.by} ${o.undo ? "撤销核实" : "核实"} ${done.length} 个标记（标记号 ${done.map((f) => f.flag_id).join("、")}）：${o.reason}`, startedAt);
        const what = (f: (typeof done)[number]) => `${placeOf(f.name, f.sheet, f.line, f.col)} [${f.rule_code}] ${f.about ? `${f.about}：` : ""}${f.message}`;
        // Flags on the same value as the one named were confirmed (or reopened) with it: said as such, after the named ones.
        cli.out((o.undo ? msg.unconfirmed(done.length) : msg.confirmed(done.length)) + "\n" + done.map((f) =>
          f.alongside === undefined ? `  标记号 ${f.flag_id} ${what(f)}\n` : `  ${(o.undo ? msg.unconfirmedAlongside : msg.confirmedAlongside)(f.flag_id, what(f), f.alongside)}\n`).join(""));
        // A value above its parent, once summed, puts its scope's share above 100%: the shares test fails and the site
        // stays as it was (stat-qa finding 4) — said now, not discovered at the next refresh.
        if (done.reaudit) cli.out(done.reaudit + "\n");
        // --force over a year's other form that differs: the other value named (stat-qa5 F16).
        for (const note of done.notes ?? []) cli.out(note + "\n");
        // Only those still confirmed: a city's, confirmed with its total, is handed back to the zone by the re-audit.
        const candidates = o.undo ? [] : done.filter((f) => f.rule_code === "ABOVE_PARENT").map((f) => Number(f.flag_id));
        const above = candidates.length
          ? (await wh.sql.all<{ flag_id: number }>(`select flag_id from ingest.audit_flags where state = 'confirmed' and flag_id in (${candidates.join(", ")}) order by flag_id`)).map((r) => Number(r.flag_id))
          : [];
        if (above.length) cli.out(msg.confirmedAboveParent(above) + "\n");
      } finally {
        await wh.close();
        lock.release();
      }
    });

  globals(program.command("report"))
    .description("生成季度分析（1-12月为年度分析；Word、HTML 或 Markdown）；默认为各开发区均已报送的最近一个季度（需核实的数值算作已报送，在报告中标明）")
    .option("--period <label>", "期间，如 2024年1-9月")
    .addOption(new Option("--format <format>", "输出格式").choices(["docx", "html", "md"]).default("docx"))
    .option("--out <file>", "输出文件（默认为当前文件夹下的 开发区季度分析_<期间>.<格式>，年度为 开发区年度分析_…）")
    .action(async (o: WithGlobals<{ period?: string; format: string; out?: string }>) => {
      const { writeReport } = await import("../report.js");
      const ctx = cli.context(o);
      const r = await writeReport(ctx, { period: o.period, format: o.format, out: o.out });
      cli.out(`${r.kind}（${r.period}）已生成：${r.file}\n`);
    });
}

/** "完成 build：成功 57，通过 38，…（2.5 秒）": the engine's outcome in one line. */
function summaryLine(result: EngineResult): string {
  const count = (s: string) => result.results.filter((r) => r.status === s).length;
  return `完成 ${result.command}：成功 ${count("success")}，通过 ${count("pass")}，警告 ${count("warn")}，失败 ${count("fail")}，错误 ${count("error")}，跳过 ${count("skipped")}（${result.elapsed.toFixed(1)} 秒）`;
}

function report(cli: Cli, result: EngineResult): void {
  cli.out(`${summaryLine(result)}\n`);
  for (const r of result.results.filter((x) => x.status === "fail" || x.status === "error")) {
    // A failing test names its YAML (or SQL) file and compiled SQL, as dbt's "Failure in test … (models/marts/schema.yml)";
    // an error's message names its file already.
    const w = result.where?.get(r.unique_id);
    const at = w && r.status === "fail" ? `（定义：${w.file}${w.compiled ? `；编译后的 SQL：${w.compiled}` : ""}）` : "";
    cli.out(`  ${r.status === "fail" ? "失败" : "错误"} ${r.unique_id}${r.failures ? `（${r.failures} 行）` : ""}：${r.message}${at}\n`);
  }
  if (!result.ok) cli.setExit(1);
}

/** A missing warehouse with a published site: refuse before anything creates an empty one (releases the lock). */
async function guardWarehouse(config: import("../config.js").Config, lock: { release(): void }): Promise<void> {
  const { guardMissingWarehouse } = await import("../safety/backup.js");
  try {
    guardMissingWarehouse(config, false);
  } catch (e) {
    lock.release();
    throw e;
  }
}

/** The re-audit's sentence after restore / prefer, on its own line (pipelines/ingest/reaudit-run.ts). */
async function reauditText(r: { opened: number; closed: number; openedOnEarlier: number }): Promise<string> {
  return r.opened || r.closed ? (await import("../ingest/reaudit-run.js")).reauditLine(r) + "\n" : "";
}
