/**
 * The build job: the dbt project in `projectDir` run by the engine on the
 * warehouse — seeds, models and their data tests in dbt's order.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { loadCatalogue } from "./catalogue.js";
import type { JobContext } from "./context.js";
import { openProject, runEngine, type Command, type EngineResult } from "./engine/index.js";
import type { Warehouse } from "./warehouse/index.js";

export interface BuildOptions {
  readonly command?: Command;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly fullRefresh?: boolean;
  readonly vars?: Record<string, unknown>;
}

export async function build(ctx: JobContext, wh: Warehouse, opts: BuildOptions = {}): Promise<EngineResult> {
  // The target catalogue is validated before anything is built: a bad row names itself.
  const seeds = path.join(ctx.config.projectDir, "sources", "seeds");
  if (existsSync(path.join(seeds, "targets.csv"))) loadCatalogue(seeds);
  const project = openProject({ projectDir: ctx.config.projectDir, vars: opts.vars, targetPath: ctx.config.targetDir });
  return runEngine(opts.command ?? "build", { project, db: wh.sql, logger: ctx.logger, shouldStop: ctx.shouldStop, select: opts.select, exclude: opts.exclude, fullRefresh: opts.fullRefresh });
}
