/**
 * The province a project is about, read from its own reference data: the
 * jurisdiction of its headline scope (zonestat.config.yml `headline_scope`, a row of
 * scopes.csv), else the province most of its scopes belong to (the bundled
 * Liaoning example: 210000). Zones of another province's cities are refused
 * against it (zones.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { readSeedCsv } from "../seed-csv.js";

export interface ProjectProvince {
  readonly code: string;
  readonly name: string;
}

/** `undefined` when the seeds name no province (no scopes.csv, or no scope of a known province). */
export function projectProvince(seedDir: string, headlineScope?: string): ProjectProvince | undefined {
  const scopesFile = path.join(seedDir, "scopes.csv");
  const regionsFile = path.join(seedDir, "regions.csv");
  if (!existsSync(scopesFile) || !existsSync(regionsFile)) return undefined;
  const provinces = new Map(readSeedCsv(regionsFile).filter((r) => r.kind === "province").map((r) => [r.code!, r.name!]));
  const scopes = readSeedCsv(scopesFile);
  const named = headlineScope ? scopes.find((s) => s.code === headlineScope)?.jurisdiction_code : undefined;
  if (named && provinces.has(named)) return { code: named, name: provinces.get(named)! };
  const uses = new Map<string, number>();
  for (const s of scopes) if (s.jurisdiction_code && provinces.has(s.jurisdiction_code)) uses.set(s.jurisdiction_code, (uses.get(s.jurisdiction_code) ?? 0) + 1);
  const [best] = [...uses].sort((a, b) => b[1] - a[1]);
  return best ? { code: best[0], name: provinces.get(best[0])! } : undefined;
}
