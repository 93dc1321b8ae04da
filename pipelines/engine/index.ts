/**
 * The engine's public face: load and parse a dbt project, then run a command.
 *
 * @example
 *   const project = openProject({ projectDir: "." });
 *   const result = await runEngine("build", { project, db: wh.sql, logger });
 */
import { loadProject, type LoadProjectOptions } from "./project.js";
import { parseProject, type ParsedProject } from "./parse.js";
import { withPackages } from "./packages.js";

export { runEngine, type Command, type EngineResult, type NodeResult } from "./run.js";
export type { ParsedProject } from "./parse.js";
export type { Node } from "./types.js";

export function openProject(opts: LoadProjectOptions): ParsedProject {
  return parseProject(withPackages(loadProject(opts), opts.vars));
}
