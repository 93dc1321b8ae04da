/**
 * The project configuration: read once, validated by a zod schema, resolved to
 * absolute paths and frozen. After `loadConfig` returns, code trusts its types.
 *
 * @example
 *   const config = await loadConfig({ configFile: "zonestat.config.yml" });
 *   config.warehouse // "/abs/path/warehouse/zonestat.duckdb"
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { z } from "./zod.js";
import { ZonestatError } from "./errors.js";
import { msg } from "./messages.js";
import type { DuckDBSettings } from "./warehouse/duckdb.js";
import { DEFAULT_STORAGE_VERSION, STORAGE_VERSIONS } from "./warehouse/storage-version.js";
import { PACKAGE_DIR, projectOrPackage } from "./package-dir.js";
import { checkConfigPaths } from "./safety/config-paths.js";
import { safetyMsg } from "./safety/messages.js";

const cronJob = z.strictObject({
  name: z.string().min(1),
  cron: z.string().min(1),
  command: z.enum(["refresh", "rebuild", "publish", "test"]),
});

const schema = z.strictObject({
  warehouse: z.string().default("warehouse/zonestat.duckdb"),
  inbox: z.string().default("inbox"),
  archive: z.string().optional(),
  rejected: z.string().optional(),
  site: z.string().default("site"),
  project_dir: z.string().default("."),
  target_dir: z.string().default("target"),
  locale: z.literal("zh-CN").default("zh-CN"),
  timezone: z.string().default("Asia/Shanghai"),
  headline_scope: z.string().regex(/^[A-Za-z0-9_]+$/, "scopes.csv 中的代码，如 LN_ED").optional(),
  sample_inbox: z.string().optional(),
  schedule: z
    .strictObject({
      refresh: z.string().default("*/10 * * * *"),
      rebuild: z.string().default("30 2 * * *"),
      jobs: z.array(cronJob).default([]),
      stable_seconds: z.number().nonnegative().default(2),
      lock_wait_seconds: z.number().nonnegative().default(0),
    })
    .prefault({}),
  duckdb: z
    .strictObject({
      // DuckDB's own default is 80% of RAM; a shared 2-core server needs a ceiling. Larger work spills to disk.
      memory_limit: z.string().regex(/^\d+(\.\d+)?\s*(KB|MB|GB|TB|KiB|MiB|GiB|TiB)$/i, "如 2GB、1500MB").default("2GB"),
      threads: z.number().int().positive().optional(),
      // The format of a warehouse zonestat creates (an existing file keeps its own): v1.5.0 builds 17% faster
      // but DuckDB before 1.5 cannot open it; a team whose other tools use an older DuckDB sets theirs.
      storage_version: z
        .enum(STORAGE_VERSIONS, { error: (iss) => msg.configStorageVersion(String(iss.input), STORAGE_VERSIONS) })
        .default(DEFAULT_STORAGE_VERSION),
    })
    .prefault({}),
  logs: z
    .strictObject({
      file: z.string().optional(),
      max_bytes: z.number().int().positive().default(5_000_000),
      keep: z.number().int().nonnegative().default(5),
    })
    .prefault({}),
  // Copies of the warehouse after each run that changed it, in <warehouse folder>/backups; 0 turns them off.
  backups: z.strictObject({ keep: z.number().int().nonnegative().default(3) }).prefault({}),
  // Shown in the site's footer: who publishes the figures and whom to ask.
  publisher: z.string().min(1).optional(),
  contact: z.string().min(1).optional(),
});

export type RawConfig = z.output<typeof schema>;

export interface Config {
  readonly root: string;
  readonly configFile: string | undefined;
  readonly warehouse: string;
  readonly inbox: string;
  readonly archive: string;
  readonly rejected: string;
  readonly site: string;
  readonly projectDir: string;
  /** Where the engine writes manifest.json, run_results.json and compiled SQL. */
  readonly targetDir: string;
  readonly locale: "zh-CN";
  readonly timezone: string;
  /** The scope of zones the overview, rankings and coverage count (scopes.csv code); the models' default when unset. */
  readonly headlineScope: string | undefined;
  readonly sampleInbox: string;
  readonly schedule: RawConfig["schedule"];
  /** Settings applied to every DuckDB connection on the warehouse. */
  readonly duckdb: DuckDBSettings;
  readonly logs: { readonly file: string | undefined; readonly maxBytes: number; readonly keep: number };
  /** A lock file beside the warehouse, shared by every process that writes it. */
  readonly lockFile: string;
  /** Config `publisher` / `contact`: the site's footer. */
  readonly publisher?: string;
  readonly contact?: string;
  readonly stateDir: string;
  /** Where zonestat is installed: built-in models, layouts, seeds and chart specs. */
  readonly packageDir: string;
  /** Reference data (seeds) of this project: `<project_dir>/sources/seeds`. */
  readonly seedsDir: string;
  /** File layouts: the project's `sources/layouts/` when it has one, else the built-in ones. */
  readonly layoutsDir: string;
  /** 审核 rules: the project's `sources/audit-rules/` when it has one, else the built-in ones. */
  readonly auditRulesDir: string;
  /** Chart specs: the project's `dashboards/charts/` when it has one, else the built-in ones. */
  readonly chartsDir: string;
  /**
   * The dbt project the build runs: `project_dir` when it holds a dbt_project.yml
   * (a checkout of zonestat), else the package's own, with this project's seeds
   * and its `models/` laid over the built-in models (same name overrides).
   */
  readonly dbtProjectDir: string;
  /** `<project_dir>/models` when the project is not itself a dbt project; undefined otherwise. */
  readonly modelOverlay: string | undefined;
  readonly backups: { readonly keep: number };
}

export interface ConfigOverrides {
  configFile?: string;
  warehouse?: string;
  inbox?: string;
  site?: string;
  cwd?: string;
  /** Use the defaults when no zonestat.config.yml is found (otherwise PROJECT_NOT_FOUND, exit 2). */
  allowNoProject?: boolean;
}

export const DEFAULT_CONFIG_FILE = "zonestat.config.yml";

/** Reads, validates and resolves the configuration. Throws CONFIG_* errors (exit 2). */
export function loadConfig(overrides: ConfigOverrides = {}): Config {
  const cwd = overrides.cwd ?? process.cwd();
  let configFile: string | undefined;
  let raw: unknown = {};
  if (overrides.configFile) {
    configFile = path.resolve(cwd, overrides.configFile);
    if (!existsSync(configFile)) {
      throw new ZonestatError("CONFIG_NOT_FOUND", msg.configNotFound(configFile), { file: configFile });
    }
  } else {
    configFile = findProjectConfig(cwd);
    if (!configFile && !overrides.allowNoProject) throw new ZonestatError("PROJECT_NOT_FOUND", safetyMsg.notAProject(cwd), { value: cwd });
  }
  if (configFile) raw = parseConfigText(readFileSync(configFile, "utf8"), configFile);

  const parsed = schema.safeParse(raw ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const keyPath = issue.path.join(".");
    if (issue.code === "unrecognized_keys") {
      const key = [...issue.path, ...issue.keys].join(".");
      throw new ZonestatError("CONFIG_UNKNOWN_KEY", msg.configUnknownKey(key, configFile ?? "(defaults)"), {
        file: configFile,
        value: key,
      });
    }
    throw new ZonestatError("CONFIG_INVALID", msg.configInvalid(keyPath, issue.message, configFile ?? "(defaults)"), {
      file: configFile,
      value: keyPath,
      expected: issue.message,
    });
  }
  const c = parsed.data;
  const root = configFile ? path.dirname(configFile) : cwd;
  const abs = (p: string) => path.resolve(root, p);
  const inbox = path.resolve(cwd, overrides.inbox ?? abs(c.inbox));
  const projectDir = abs(c.project_dir);
  const ownDbt = existsSync(path.join(projectDir, "dbt_project.yml"));
  const warehouse = path.resolve(cwd, overrides.warehouse ?? abs(c.warehouse));
  const archive = c.archive ? abs(c.archive) : path.join(path.dirname(inbox), "archive");
  const rejected = c.rejected ? abs(c.rejected) : path.join(path.dirname(inbox), "rejected");
  const site = path.resolve(cwd, overrides.site ?? abs(c.site));
  checkConfigPaths({ site, warehouse, inbox, archive, rejected, root, projectDir: abs(c.project_dir), configFile, backups: path.join(path.dirname(warehouse), "backups") });
  return Object.freeze({
    root,
    configFile,
    warehouse,
    inbox,
    archive,
    rejected,
    site,
    projectDir,
    targetDir: abs(c.target_dir),
    locale: c.locale,
    timezone: c.timezone,
    headlineScope: c.headline_scope,
    // The bundled sample ships with the package; a checkout has it at the same place.
    sampleInbox: c.sample_inbox ? abs(c.sample_inbox) : path.join(PACKAGE_DIR, "sources", "sample", "inbox"),
    schedule: Object.freeze(c.schedule),
    duckdb: Object.freeze({ memoryLimit: c.duckdb.memory_limit, threads: c.duckdb.threads, storageVersion: c.duckdb.storage_version }),
    logs: Object.freeze({ file: c.logs.file ? abs(c.logs.file) : undefined, maxBytes: c.logs.max_bytes, keep: c.logs.keep }),
    lockFile: warehouse + ".lock",
    publisher: c.publisher,
    contact: c.contact,
    stateDir: path.join(path.dirname(warehouse), "state"),
    packageDir: PACKAGE_DIR,
    seedsDir: path.join(projectDir, "sources", "seeds"),
    layoutsDir: projectOrPackage(projectDir, path.join("sources", "layouts")),
    auditRulesDir: projectOrPackage(projectDir, path.join("sources", "audit-rules")),
    chartsDir: projectOrPackage(projectDir, path.join("dashboards", "charts")),
    dbtProjectDir: ownDbt ? projectDir : PACKAGE_DIR,
    modelOverlay: ownDbt ? undefined : path.join(projectDir, "models"),
    backups: Object.freeze({ keep: c.backups.keep }),
  });
}

/** The nearest zonestat.config.yml in `dir` or a folder above it, as git finds .git. */
export function findProjectConfig(dir: string): string | undefined {
  for (let d = path.resolve(dir); ; d = path.dirname(d)) {
    const f = path.join(d, DEFAULT_CONFIG_FILE);
    if (existsSync(f)) return f;
    if (path.dirname(d) === d) return undefined;
  }
}

function parseConfigText(text: string, file: string): unknown {
  try {
    return file.endsWith(".json") ? JSON.parse(text) : YAML.parse(text);
  } catch (e) {
    const linePos = (e as { linePos?: Array<{ line: number; col: number }> }).linePos?.[0];
    throw new ZonestatError("CONFIG_SYNTAX", msg.configSyntax(file, (e as Error).message), {
      file,
      line: linePos?.line,
      column: linePos?.col,
    });
  }
}
