/**
 * The build job: the dbt project in `projectDir` run by the engine on the
 * warehouse — seeds, models and their data tests in dbt's order.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { loadCatalogue } from "./catalogue.js";
import { loadZones } from "./init/zones.js";
import type { JobContext } from "./context.js";
import { openProject, runEngine, type Command, type EngineResult } from "./engine/index.js";
import type { LoadProjectOptions } from "./engine/project.js";
import type { Warehouse } from "./warehouse/index.js";

export interface BuildOptions {
  readonly command?: Command;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly fullRefresh?: boolean;
  readonly vars?: Record<string, unknown>;
}

/**
 * A project made by `zonestat init` is not itself a dbt project: the package's
 * models run with the project's seeds, and its own `models/` override them by name.
 */
export function overlayOf(config: JobContext["config"]): Pick<LoadProjectOptions, "seedDirs" | "overlayModelDirs"> {
  return config.modelOverlay ? { seedDirs: [config.seedsDir], overlayModelDirs: [config.modelOverlay] } : {};
}

export async function build(ctx: JobContext, wh: Warehouse, opts: BuildOptions = {}): Promise<EngineResult> {
  // The target catalogue is validated before anything is built: a bad row names itself.
  const seeds = ctx.config.seedsDir;
  if (existsSync(path.join(seeds, "targets.csv"))) loadCatalogue(seeds);
  if (existsSync(path.join(seeds, "zones.csv"))) loadZones(seeds, ctx.config.headlineScope);
  const project = openProject({ projectDir: ctx.config.dbtProjectDir, vars: { ...(ctx.config.headlineScope ? { headline_scope: ctx.config.headlineScope } : {}), ...opts.vars }, targetPath: ctx.config.targetDir, ...overlayOf(ctx.config) });
  return runEngine(opts.command ?? "build", { project, db: wh.sql, logger: ctx.logger, shouldStop: ctx.shouldStop, select: opts.select, exclude: opts.exclude, fullRefresh: opts.fullRefresh });
}
