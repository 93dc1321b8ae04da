/**
 * The engine's public face: load and parse a dbt project, then run a command.
 *
 * @example
 *   const project = openProject({ projectDir: "." });
 *   const result = await runEngine("build", { project, db: wh.sql, logger });
 */
import { loadProject, type LoadProjectOptions } from "./project.js";
import { parseProject, withRenderer, type ParsedProject } from "./parse.js";
import { withPackages } from "./packages.js";
import { recordEnvReads } from "./env-reads.js";
import { parseInputs, readPartialParse, writePartialParse } from "./partial-parse.js";

export { runEngine, type Command, type EngineResult, type NodeResult } from "./run.js";
export type { ParsedProject } from "./parse.js";
export type { Node } from "./types.js";

export interface OpenProjectOptions extends LoadProjectOptions {
  /**
   * dbt's `--no-partial-parse` when false: parse every file even if target/partial_parse.bin is current. Unset:
   * on, unless the environment says DBT_PARTIAL_PARSE=false (or 0), as dbt reads it.
   */
  readonly partialParse?: boolean;
}

/**
 * Loads and parses the project, reusing the parse stored in its target folder when every input is unchanged
 * (partial-parse.ts). `partialParse` on the result says which: "reused", "parsed" (and stored) or "off";
 * `partialParseProblems` why a stored parse was damaged or could not be written (callers log them as warnings).
 */
export function openProject(opts: OpenProjectOptions): ParsedProject & { readonly partialParse: "reused" | "parsed" | "off"; readonly partialParseProblems: readonly string[] } {
  const problems: string[] = [];
  const note = (m: string) => problems.push(m);
  if (!(opts.partialParse ?? !/^(false|0)$/i.test(process.env.DBT_PARTIAL_PARSE ?? ""))) return Object.assign(parseAll(opts), { partialParse: "off" as const, partialParseProblems: problems });
  const inputs = parseInputs(opts);
  const cached = readPartialParse(inputs, note);
  if (cached) return Object.assign(withRenderer(cached), { partialParse: "reused" as const, partialParseProblems: problems });
  const { value: project, reads } = recordEnvReads(() => parseAll(opts));
  const { renderer: _renderer, ...parsed } = project;
  // Stored only when no input changed while it was parsed: the parse might have read another version of a file
  // than the key describes (engineer-qa finding 2: a model rewritten during the parse cached a view as a table).
  if (parseInputs(opts).key === inputs.key) writePartialParse(inputs, parsed, reads, note);
  return Object.assign(project, { partialParse: "parsed" as const, partialParseProblems: problems });
}

function parseAll(opts: LoadProjectOptions): ParsedProject {
  return parseProject(withPackages(loadProject(opts), opts.vars));
}
