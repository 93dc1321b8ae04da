/**
 * The `zonestat` command. Reads top to bottom: parse arguments, load the config,
 * run one job, map the outcome to an exit code. Only this file decides exit codes:
 * 0 success, 1 data problems, 2 usage or configuration errors.
 */
import { Command, CommanderError, Option } from "commander";
import { loadConfig, type Config } from "../config.js";
import { isZonestatError, ZonestatError, formatLocation } from "../errors.js";
import { createLogger, type Logger } from "../logger.js";
import type { JobContext } from "../context.js";
import { registerCommands } from "./commands.js";
import { registerInitCommands } from "./init-commands.js";
import { terminalProgress } from "../progress.js";
import { classifySystemError } from "../safety/system-errors.js";
import { stopOnSignals } from "../safety/stop.js";
import { corruptError } from "../safety/backup.js";
import { isCorruptMessage } from "../safety/corrupt.js";
import { neutraliseBidi } from "../safety/bidi.js";

export interface GlobalOptions {
  config?: string;
  warehouse?: string;
  inbox?: string;
  site?: string;
  quiet?: boolean;
  verbose?: boolean;
  logJson?: boolean;
}

export interface Cli {
  context(opts: GlobalOptions): JobContext;
  /** A logger for commands that run without a zonestat project (`--project-dir` on any dbt project). */
  logger(opts: GlobalOptions): Logger;
  setExit(code: 0 | 1 | 2): void;
  out(text: string): void;
}

export async function main(argv: string[], io: { stdout?: NodeJS.WritableStream; stderr?: NodeJS.WritableStream } = {}): Promise<number> {
  const stdout = io.stdout ?? process.stdout;
  const stderr = io.stderr ?? process.stderr;
  let exitCode: 0 | 1 | 2 = 0;
  let warehouse: string | undefined;
  let loaded: Config | undefined;
  const program = new Command("zonestat")
    .description("开发区统计数据仓库：收件箱 → DuckDB → 模型 → 离线仪表板")
    .version("0.1.0")
    .showHelpAfterError("（使用 --help 查看用法）")
    .exitOverride()
    .configureOutput({ writeOut: (s) => stdout.write(s), writeErr: (s) => stderr.write(s) });

  const cli: Cli = {
    context(opts) {
      const config: Config = loadConfig({ configFile: opts.config, warehouse: opts.warehouse, inbox: opts.inbox, site: opts.site });
      warehouse = config.warehouse;
      loaded = config;
      const logger: Logger = createLogger({ quiet: opts.quiet, verbose: opts.verbose, json: opts.logJson ? true : undefined, stream: stderr, file: config.logs.file, maxBytes: config.logs.maxBytes, keep: config.logs.keep });
      const progress = opts.quiet || opts.logJson ? undefined : terminalProgress(stderr);
      return { config, logger, now: () => new Date(), progress, shouldStop: stopOnSignals(logger) };
    },
    logger(opts) {
      return createLogger({ quiet: opts.quiet, verbose: opts.verbose, json: opts.logJson ? true : undefined, stream: stderr });
    },
    setExit(code) {
      if (code > exitCode) exitCode = code;
    },
    // Every command's message leaves here for the operator's terminal: bidi controls shown as [U+202E] (safety/bidi.ts).
    out(text) {
      stdout.write(neutraliseBidi(text));
    },
  };
  registerCommands(program, cli, globalOptions);
  registerInitCommands(program, cli, globalOptions);

  try {
    await program.parseAsync(argv, { from: "user" });
    return exitCode;
  } catch (e) {
    if (e instanceof CommanderError) {
      if (e.code === "commander.helpDisplayed" || e.code === "commander.version" || e.code === "commander.help") return 0;
      return 2;
    }
    const text = String((e as Error)?.message ?? e);
    // A damaged file says so and points at the backup — never "busy, try later".
    const corrupt = warehouse && ((isZonestatError(e) && e.code === "WAREHOUSE_CORRUPT") || isCorruptMessage(text));
    let coded = corrupt ? corruptError(warehouse!, text) : classifySystemError(e);
    // A busy warehouse names its actual holder (the lock file's owner, or DuckDB's pid) and promises no retry to an interactive command.
    if (coded?.code === "LOCK_WAREHOUSE_BUSY" && loaded) coded = await busyError(coded, loaded, argv);
    const verbose = argv.includes("--verbose") || argv.includes("-v");
    if (coded) {
      const where = coded.where();
      // A message that names its place already is not prefixed with it again (engineer-qa 6: "x.sql:1 x.sql:1：…").
      stderr.write(neutraliseBidi(`错误 [${coded.code}] ${where && !coded.message.includes(where) ? where + " " : ""}${coded.message}\n`));
      if (verbose && (e as Error).stack) stderr.write(`${(e as Error).stack}\n`);
      return coded.exitCode;
    }
    // Stack traces are for developers: only with --verbose.
    stderr.write(`内部错误 [INTERNAL]：${verbose ? ((e as Error).stack ?? String(e)) : ((e as Error).message ?? String(e)).split("\n")[0]}${verbose ? "" : "（加 --verbose 查看详情）"}\n`);
    return 1;
  }
}

/** LOCK_WAREHOUSE_BUSY reworded with the holder from the lock file and the command that was refused. */
async function busyError(e: ZonestatError, config: Config, argv: string[]): Promise<ZonestatError> {
  const { existsSync } = await import("node:fs");
  const { readLockHolder, holderWords, duckdbHolderPid } = await import("../safety/holder.js");
  const { safetyMsg2 } = await import("../safety/messages.js");
  const who = holderWords(readLockHolder(config.lockFile, existsSync(config.lockFile)), duckdbHolderPid(e.detail.value ?? e.message), config.timezone);
  const command = argv.find((a) => !a.startsWith("-"));
  return new ZonestatError(e.code, safetyMsg2.warehouseHeldBy(e.detail.file ?? config.warehouse, who, config.duckdb.busyWaitSeconds ?? 10, command), { ...e.detail, value: who }, e.exitCode);
}

/** Options every subcommand accepts. */
export function globalOptions(cmd: Command): Command {
  return cmd
    .addOption(new Option("--config <file>", "配置文件（默认 ./zonestat.config.yml）"))
    .addOption(new Option("--warehouse <file>", "DuckDB 数据仓库文件"))
    .addOption(new Option("--inbox <dir>", "收件箱目录"))
    .addOption(new Option("--site <dir>", "发布网站的目录"))
    .addOption(new Option("-q, --quiet", "只输出警告和错误"))
    .addOption(new Option("-v, --verbose", "输出调试信息"))
    .addOption(new Option("--log-json", "日志输出为 JSON 行"));
}

export { ZonestatError, formatLocation };
