/**
 * What the last successful build was made from: a fingerprint of the project's
 * models, macros, seeds, data tests and dashboards, kept in the warehouse. A refresh with no new file
 * and the same fingerprint has nothing to build.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import type { Warehouse } from "./warehouse/index.js";

/**
 * A project's build definitions, paths relative to its folder: the dbt project file, models, macros, seeds, the
 * layouts files are read by, and the data tests (`test-paths` generic tests). A changed file here is a changed project.
 */
export const BUILD_DEFINITIONS = ["dbt_project.yml", "models", "macros", "sources/seeds", "sources/layouts", "tests/data"] as const;

/** What a project copy carries (bench projects, tests): the build definitions, the 审核 rules and the chart specs. */
export const PROJECT_DEFINITIONS = [...BUILD_DEFINITIONS, "sources/audit-rules", "dashboards/charts"] as const;

// The fingerprint also covers the pages (dashboards/): a changed page is a new site. 审核 rules are applied when a file
// is loaded, so a changed rule does not remake what is built from the files already in.
const FOLDERS = [...BUILD_DEFINITIONS, "dashboards"];

/**
 * The config settings that shape what a build or publish makes (the headline scope is a model var; the time zone,
 * publisher and contact are on every page): a change to one of them is a changed project for `refresh`, as a model
 * or seed edit is. Inbox, schedule, lock, backup and log settings are not: they change how a run works, not its output.
 */
export interface OutputSettings {
  readonly headlineScope?: string;
  readonly timezone?: string;
  readonly publisher?: string;
  readonly contact?: string;
}

/** The output settings of a loaded config (see OutputSettings). */
export function outputSettings(config: OutputSettings): OutputSettings {
  return { headlineScope: config.headlineScope, timezone: config.timezone, publisher: config.publisher, contact: config.contact };
}

/**
 * Fingerprint (sha256 hex) of the project's definitions, of the package's built-in ones when they are elsewhere, and
 * of the output settings when given.
 */
export function projectFingerprint(projectDir: string, packageDir: string = projectDir, settings?: OutputSettings): string {
  const h = createHash("sha256");
  if (settings) h.update(JSON.stringify(outputSettings(settings)));
  const visit = (p: string) => {
    if (!existsSync(p)) return;
    const st = statSync(p);
    if (st.isDirectory()) for (const n of readdirSync(p).sort()) visit(path.join(p, n));
    else {
      h.update(path.relative(projectDir, p));
      h.update(readFileSync(p));
    }
  };
  for (const f of FOLDERS) visit(path.join(projectDir, f));
  if (path.resolve(packageDir) !== path.resolve(projectDir)) {
    h.update("package");
    for (const f of FOLDERS) visit(path.join(packageDir, f));
  }
  return h.digest("hex");
}

/**
 * The fingerprint a loaded config's project is recorded under (refresh, status, build and publish compare it):
 * its definitions, the package's built-in ones and its output settings — projectFingerprint with all three.
 */
export function configFingerprint(config: OutputSettings & { readonly projectDir: string; readonly packageDir: string }): string {
  return projectFingerprint(config.projectDir, config.packageDir, config);
}

export async function getState(wh: Warehouse, key: string): Promise<string | undefined> {
  const rows = await wh.sql.all<{ value: string }>(`select value from ingest.state where key = ?`, [key]);
  return rows[0]?.value;
}

export async function setState(wh: Warehouse, key: string, value: string): Promise<void> {
  await wh.sql.exec(`insert or replace into ingest.state (key, value, updated_at) values (?, ?, now())`, [key, value]);
}
