/**
 * A throwaway zonestat project for a test: its own config, warehouse, inbox, site
 * and target folders in a temp directory, running the repository's models, seeds,
 * layouts and dashboards. `run` calls the real CLI entry in-process.
 */
import { cpSync, mkdtempSync, mkdirSync, writeFileSync, rmSync, copyFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { main } from "../../pipelines/cli/main.js";
import { loadConfig, type Config } from "../../pipelines/config.js";
import { silentLogger } from "../../pipelines/logger.js";
import type { JobContext } from "../../pipelines/context.js";
import { PROJECT_DEFINITIONS } from "../../pipelines/state.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

export const REPO = path.resolve(import.meta.dirname, "..", "..");
export const SHARED = path.resolve(REPO, "..", "shared");

export interface TestProject {
  readonly dir: string;
  readonly configFile: string;
  readonly config: Config;
  readonly inbox: string;
  ctx(now?: () => Date): JobContext;
  run(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }>;
  drop(name: string, content: string | Buffer): string;
  dropFrom(file: string, name?: string): string;
  /** Rows of `sql` against the project's warehouse, opened read-only for this query alone. */
  query<T>(sql: string): Promise<T[]>;
  cleanup(): void;
}

/** Copies the project's definitions (models, seeds, layouts, dashboards) so a test can edit them. */
export function copyProjectDefinitions(into: string): string {
  const dest = path.join(into, "project");
  for (const part of PROJECT_DEFINITIONS) {
    cpSync(path.join(REPO, part), path.join(dest, part), { recursive: true });
  }
  return dest;
}

export function tempProject(extraConfig = "", opts: { ownProject?: boolean } = {}): TestProject {
  const dir = mkdtempSync(path.join(tmpdir(), "zonestat-test-"));
  const projectDir = opts.ownProject ? copyProjectDefinitions(dir) : REPO;
  const configFile = path.join(dir, "zonestat.config.yml");
  writeFileSync(
    configFile,
    `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nsite: site\nproject_dir: ${JSON.stringify(projectDir)}\ntarget_dir: target\nsample_inbox: ${JSON.stringify(path.join(REPO, "sources/sample/inbox"))}\n${extraConfig}`,
  );
  mkdirSync(path.join(dir, "inbox"), { recursive: true });
  let cached: Config | undefined;
  const cfg = () => (cached ??= loadConfig({ configFile }));
  return {
    dir,
    configFile,
    get config() {
      return cfg();
    },
    inbox: path.join(dir, "inbox"),
    ctx: (now = () => new Date()) => ({ config: cfg(), logger: silentLogger, now }),
    async run(...args: string[]) {
      let stdout = "";
      let stderr = "";
      const sink = (append: (s: string) => void) => new Writable({ write(chunk, _enc, cb) { append(String(chunk)); cb(); } });
      const code = await main([...args, "--config", configFile], { stdout: sink((s) => (stdout += s)), stderr: sink((s) => (stderr += s)) });
      return { code, stdout, stderr };
    },
    drop(name, content) {
      const p = path.join(dir, "inbox", name);
      writeFileSync(p, content);
      return p;
    },
    dropFrom(file, name) {
      const p = path.join(dir, "inbox", name ?? path.basename(file));
      copyFileSync(file, p);
      return p;
    },
    async query<T>(sql: string): Promise<T[]> {
      const db = await openDuckDB(cfg().warehouse, { readOnly: true });
      try {
        return await db.all<T>(sql);
      } finally {
        await db.close();
      }
    },
    cleanup() {
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
