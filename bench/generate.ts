/**
 * Deterministic benchmark data: N synthetic zones registered in a copy of the
 * project, and one canonical long CSV per quarter (all zones × indicators), plus
 * province totals. Seeded, so every run measures the same bytes.
 */
import { appendFileSync, cpSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { PROJECT_DEFINITIONS } from "../pipelines/state.js";

export interface Scale {
  readonly name: "sample" | "province" | "national";
  readonly zones: number;
  readonly indicators: number;
  readonly quarters: number;
}

export const SCALES: Record<string, Scale> = {
  sample: { name: "sample", zones: 0, indicators: 0, quarters: 0 },
  province: { name: "province", zones: 300, indicators: 60, quarters: 40 },
  national: { name: "national", zones: 2500, indicators: 60, quarters: 40 },
};

const CITIES = ["210100", "210200", "210300", "210400", "210500", "210600", "210700", "210800", "210900", "211000", "211100", "211200", "211300", "211400"];

function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Copies the project definitions and registers the synthetic zones. Returns the project dir. */
export function makeProject(repo: string, into: string, scale: Scale): string {
  const dest = path.join(into, "project");
  for (const part of PROJECT_DEFINITIONS) cpSync(path.join(repo, part), path.join(dest, part), { recursive: true });
  const lines: string[] = [];
  for (let i = 0; i < scale.zones; i++) {
    const code = `BN${String(i).padStart(5, "0")}`;
    lines.push(`${code},基准开发区${i},基准${i},,${i % 7 === 0 ? "国家级" : "省级"},经济开发区,${CITIES[i % CITIES.length]},benchmark`);
  }
  if (lines.length) appendFileSync(path.join(dest, "sources/seeds/zones.csv"), lines.join("\n") + "\n");
  return dest;
}

/** Flows and stocks with plain units, enough for `count` indicators. */
function pickIndicators(seedDir: string, count: number): Array<{ code: string; unit: string; kind: string }> {
  const rows = Papa.parse<Record<string, string>>(readFileSync(path.join(seedDir, "indicators.csv"), "utf8"), { header: true, skipEmptyLines: true }).data;
  const units = new Set(Papa.parse<Record<string, string>>(readFileSync(path.join(seedDir, "units.csv"), "utf8"), { header: true, skipEmptyLines: true }).data.map((u) => u.unit));
  const usable = rows.filter((r) => r.kind !== "rate" && units.has(r.unit!));
  if (usable.length < count) throw new Error(`only ${usable.length} indicators with known units`);
  return usable.slice(0, count).map((r) => ({ code: r.code!, unit: r.unit!, kind: r.kind! }));
}

/** One file per quarter, oldest first; returns the file paths and the number of observations. */
export function generateData(projectDir: string, dataDir: string, scale: Scale, firstYear = 2015): { files: string[]; observations: number } {
  mkdirSync(dataDir, { recursive: true });
  const rand = rng(42);
  const inds = pickIndicators(path.join(projectDir, "sources/seeds"), scale.indicators);
  const base = Array.from({ length: scale.zones }, () => 20 + rand() * 400);
  const files: string[] = [];
  let observations = 0;
  for (let k = 0; k < scale.quarters; k++) {
    const year = firstYear + Math.floor(k / 4);
    const month = ((k % 4) + 1) * 3;
    const period = `${year}年1-${month}月`;
    const parts: string[] = ["entity,period,indicator,value,unit,basis"];
    for (let z = 0; z < scale.zones; z++) {
      const entity = `BN${String(z).padStart(5, "0")}`;
      for (let i = 0; i < inds.length; i++) {
        const ind = inds[i]!;
        const v = base[z]! * (1 + 0.01 * i) * (ind.kind === "flow" ? month / 12 : 1) * (1 + 0.05 * (year - firstYear)) * (0.95 + rand() * 0.1);
        parts.push(`${entity},${period},${ind.code},${v.toFixed(2)},${ind.unit},${ind.kind === "flow" ? "累计" : "时点"}`);
        observations++;
      }
    }
    // Province totals for the same period: a denominator for every share.
    for (const ind of inds) {
      const total = base.reduce((a, b) => a + b, 0) * 2.5 * (ind.kind === "flow" ? month / 12 : 1) * (1 + 0.05 * (year - firstYear));
      parts.push(`辽宁省,${period},${ind.code},${total.toFixed(2)},${ind.unit},${ind.kind === "flow" ? "累计" : "时点"}`);
      observations++;
    }
    const file = path.join(dataDir, `q${String(k).padStart(3, "0")}_${year}_${month}.csv`);
    writeFileSync(file, parts.join("\n") + "\n");
    files.push(file);
  }
  return { files, observations };
}
