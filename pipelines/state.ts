/**
 * What the last successful build was made from: a fingerprint of the project's
 * models, seeds and dashboards, kept in the warehouse. A refresh with no new file
 * and the same fingerprint has nothing to build.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync, statSync, existsSync } from "node:fs";
import path from "node:path";
import type { Warehouse } from "./warehouse/index.js";

const FOLDERS = ["models", "sources/seeds", "sources/layouts", "dashboards", "dbt_project.yml"];

/** Fingerprint of the project's definitions, and of the package's built-in ones when they are elsewhere. */
export function projectFingerprint(projectDir: string, packageDir: string = projectDir): string {
  const h = createHash("sha256");
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

export async function getState(wh: Warehouse, key: string): Promise<string | undefined> {
  const rows = await wh.sql.all<{ value: string }>(`select value from ingest.state where key = ?`, [key]);
  return rows[0]?.value;
}

export async function setState(wh: Warehouse, key: string, value: string): Promise<void> {
  await wh.sql.exec(`insert or replace into ingest.state (key, value, updated_at) values (?, ?, now())`, [key, value]);
}
