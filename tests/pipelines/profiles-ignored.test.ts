/**
 * engineer-qa findings 1 and 3: a zonestat project builds into its configured warehouse's main schema, the one
 * publish reads — a DBT_PROFILES_DIR profile named like the project (another schema, another file) is not read, and
 * --target / --profiles-dir without --project-dir are refused instead of silently building dev.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
const dirs: string[] = [];
const saved = process.env.DBT_PROFILES_DIR;
afterEach(() => {
  projects.splice(0).forEach((p) => p.cleanup());
  dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true }));
  if (saved === undefined) delete process.env.DBT_PROFILES_DIR;
  else process.env.DBT_PROFILES_DIR = saved;
});

describe("a zonestat project ignores dbt profiles", () => {
  it("DBT_PROFILES_DIR with a zonestat profile in schema pa: the marts are built in main, where publish reads", async () => {
    const profiles = mkdtempSync(path.join(tmpdir(), "zonestat-profiles-"));
    dirs.push(profiles);
    writeFileSync(path.join(profiles, "profiles.yml"), `zonestat:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${JSON.stringify(path.join(profiles, "other.duckdb"))}\n      schema: pa\n`);
    process.env.DBT_PROFILES_DIR = profiles;
    const p = tempProject();
    projects.push(p);
    p.drop("2024年1-3月_开发区.csv", "entity,period,indicator,value,unit,basis\n沈阳经济技术开发区,2024年1-3月,地区生产总值,18.5,亿元,累计\n");
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    // The one value loaded is in main's marts (independent path: the warehouse's catalogue), and nothing is in pa.
    const [pa] = await p.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'pa' or table_schema like 'pa_%'`);
    expect(pa!.n).toBe(0);
    const [v] = await p.query<{ v: number }>(`select max(value)::double as v from main_staging.stg_observations where entity_code = 'ED210101'`);
    expect(v!.v).toBe(18.5);
  });

  it("build --target prod and --profiles-dir without --project-dir: exit 2, USAGE_TARGET, nothing built", async () => {
    const p = tempProject();
    projects.push(p);
    for (const args of [["--target", "prod"], ["--profiles-dir", "/tmp"]]) {
      const r = await p.run("build", ...args);
      expect(r.code).toBe(2);
      expect(r.stderr).toContain("USAGE_TARGET");
      expect(r.stderr).toContain("--project-dir");
    }
  });
});
