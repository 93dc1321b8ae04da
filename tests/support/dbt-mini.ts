/**
 * Small dbt projects written for one test: a map of relative path → text becomes a
 * project folder (dbt_project.yml and profiles.yml get defaults) with its own DuckDB
 * file; `build` runs the engine, `query` reads the result back.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openProject, runEngine } from "../../pipelines/engine/index.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { silentLogger } from "../../pipelines/logger.js";

const dirs: string[] = [];

/** Removes every project made since the last call (call in afterEach). */
export function cleanProjects(): void {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
}

/** Writes `files` under `dir` (folders created as needed). */
export function writeFiles(dir: string, files: Record<string, string>): void {
  for (const [rel, text] of Object.entries(files)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
}

/**
 * A project named `fid` in <tmp>/p, its warehouse <tmp>/<dbFile>. Its profile is `profile`
 * (default `fid`) with one DuckDB output per name in `outputs` (default `dev`, the target),
 * each on the same file and `schema`.
 */
export function miniProject(
  files: Record<string, string>,
  opts: { projectYml?: string; dbFile?: string; schema?: string; profile?: string; outputs?: readonly string[] } = {},
): { root: string; dir: string; wh: string } {
  const root = mkdtempSync(path.join(tmpdir(), "zonestat-mini-"));
  dirs.push(root);
  const dir = path.join(root, "p");
  const wh = path.join(root, opts.dbFile ?? "dev.duckdb");
  const profile = opts.profile ?? "fid";
  const outputs = (opts.outputs ?? ["dev"]).map((o) => `    ${o}:\n      type: duckdb\n      path: ${JSON.stringify(wh)}\n      schema: ${opts.schema ?? "main"}\n`).join("");
  writeFiles(dir, {
    "dbt_project.yml": `name: fid\nprofile: ${profile}\nmodel-paths: [models]\nseed-paths: [seeds]\nmacro-paths: [macros]\n${opts.projectYml ?? ""}`,
    "profiles.yml": `${profile}:\n  target: dev\n  outputs:\n${outputs}`,
    ...files,
  });
  return { root, dir, wh };
}

/** Runs the engine on the project in `dir` (artifacts not written unless asked). */
export async function runProject(
  dir: string,
  opts: { command?: "build" | "run" | "compile"; select?: string[]; target?: string; failFast?: boolean; writeArtifacts?: boolean } = {},
) {
  const command = opts.command ?? "build";
  const p = openProject({ projectDir: dir, target: opts.target });
  const db = command === "compile" ? undefined : await openDuckDB(p.warehousePath!);
  try {
    return await runEngine(command, { project: p, db, logger: silentLogger, select: opts.select, failFast: opts.failFast, writeArtifacts: opts.writeArtifacts ?? false });
  } finally {
    await db?.close();
  }
}

export async function buildProject(dir: string, command: "build" | "run" | "compile" = "build", select?: string[]) {
  return runProject(dir, { command, select });
}

export async function queryDb(wh: string, sql: string): Promise<Record<string, unknown>[]> {
  const db = await openDuckDB(wh);
  try {
    return await db.all(sql);
  } finally {
    await db.close();
  }
}
