/**
 * Names come from the current register (dl-qa #2): after a zone and an indicator are renamed in the seeds
 * (zones.csv, indicators.csv) of a built project, every mart — growth, growth_cagr, rankings and revisions
 * too, which took the names stored at load time — carries the new name after `refresh` and `refresh --full`,
 * the same (code, name) pairs as a project loaded from scratch with the renamed seeds.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

const OLD_ZONE = "沈阳金融商贸开发区";
const NEW_ZONE = "沈阳金融商贸新区";
const OLD_INDICATOR = "一般公共预算收入";
const NEW_INDICATOR = "一般公共预算收入（地方）";
const HEAD = "entity,period,indicator,value,unit,basis,vintage\n";
// Files name the indicator by an alias the rename keeps (地方一般公共预算收入).
// Two years (growth, growth_cagr 2022→2023, rankings) and a later edition of 2023 (a revision: 60 replaces 55).
const FILES: Array<[string, string]> = [
  ["2022年1-12月.csv", HEAD + "ED210103,2022年1-12月,地区生产总值,100,亿元,累计,2023-01-20\nED210101,2022年1-12月,地区生产总值,700,亿元,累计,2023-01-20\n" +
    "ED210103,2022年1-12月,地方一般公共预算收入,50,亿元,累计,2023-01-20\n210000,2022年1-12月,地区生产总值,28000,亿元,累计,2023-01-20\n210000,2022年1-12月,地方一般公共预算收入,2500,亿元,累计,2023-01-20\n"],
  ["2023年1-12月.csv", HEAD + "ED210103,2023年1-12月,地区生产总值,110,亿元,累计,2024-01-20\nED210101,2023年1-12月,地区生产总值,820.5,亿元,累计,2024-01-20\n" +
    "ED210103,2023年1-12月,地方一般公共预算收入,55,亿元,累计,2024-01-20\n210000,2023年1-12月,地区生产总值,30000,亿元,累计,2024-01-20\n210000,2023年1-12月,地方一般公共预算收入,2600,亿元,累计,2024-01-20\n"],
  ["2023年1-12月修订.csv", HEAD + "ED210103,2023年1-12月,地方一般公共预算收入,60,亿元,累计,2024-03-01\n"],
];

/** Every (code, name) pair a mart holds for the renamed zone and indicator, per mart. */
const PAIRS: Record<string, string> = {
  growth: "select distinct entity_code as code, entity_name as name from growth where entity_code = 'ED210103'",
  growth_cagr: "select distinct entity_code, entity_name from growth_cagr where entity_code = 'ED210103'",
  rankings: "select distinct zone_code, zone_name from rankings where zone_code = 'ED210103'",
  revisions_zone: "select distinct entity_code, entity_name from revisions where entity_code = 'ED210103'",
  revisions_indicator: "select distinct indicator_code, indicator_name from revisions where indicator_code = 'fiscal_revenue'",
  coverage: "select distinct zone_code, zone_name from coverage where zone_code = 'ED210103'",
  shares_indicator: "select distinct indicator_code, indicator_name from shares where indicator_code = 'fiscal_revenue'",
};

async function pairs(p: TestProject): Promise<Record<string, string[]>> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    const out: Record<string, string[]> = {};
    for (const [mart, sql] of Object.entries(PAIRS)) out[mart] = (await db.all(sql)).map((r) => Object.values(r).join(" "));
    // Free text built from names: revisions' description and data_quality's detail.
    const text = await db.all(`select description as t from revisions union all select detail from data_quality`);
    out.text_with_old_zone = text.map((r) => String(r.t)).filter((t) => t.includes(OLD_ZONE));
    return out;
  } finally {
    await db.close();
  }
}

function rename(p: TestProject): void {
  const seeds = path.join(p.dir, "project", "sources", "seeds");
  const zones = path.join(seeds, "zones.csv");
  const z = readFileSync(zones, "utf8");
  expect(z).toContain(`ED210103,${OLD_ZONE},`);
  writeFileSync(zones, z.replace(`ED210103,${OLD_ZONE},`, `ED210103,${NEW_ZONE},`));
  const indicators = path.join(seeds, "indicators.csv");
  const i = readFileSync(indicators, "utf8");
  expect(i).toContain(`fiscal_revenue,${OLD_INDICATOR},`);
  writeFileSync(indicators, i.replace(`fiscal_revenue,${OLD_INDICATOR},`, `fiscal_revenue,${NEW_INDICATOR},`));
}

async function refresh(p: TestProject, ...args: string[]): Promise<void> {
  const r = await p.run("refresh", ...args);
  expect(r.code, r.stderr).toBe(0);
}

/** What every mart must hold for the renamed zone and indicator (by hand: the new names only). */
const EXPECTED = {
  growth: [`ED210103 ${NEW_ZONE}`],
  growth_cagr: [`ED210103 ${NEW_ZONE}`],
  rankings: [`ED210103 ${NEW_ZONE}`],
  revisions_zone: [`ED210103 ${NEW_ZONE}`],
  revisions_indicator: [`fiscal_revenue ${NEW_INDICATOR}`],
  coverage: [`ED210103 ${NEW_ZONE}`],
  shares_indicator: [`fiscal_revenue ${NEW_INDICATOR}`],
  text_with_old_zone: [],
};

let built: TestProject;
let fresh: TestProject;

beforeAll(async () => {
  built = tempProject("", { ownProject: true });
  for (const [name, text] of FILES) {
    built.drop(name, text);
    await refresh(built);
  }
  // Before the rename the old names are there (the check below can fail).
  const before = await pairs(built);
  expect(before.growth).toEqual([`ED210103 ${OLD_ZONE}`]);
  expect(before.revisions_indicator).toEqual([`fiscal_revenue ${OLD_INDICATOR}`]);
  rename(built);
}, 300_000);
afterAll(() => {
  built?.cleanup();
  fresh?.cleanup();
});

describe("a renamed zone and indicator", () => {
  it("refresh after the seed change: every mart has the new names", async () => {
    await refresh(built);
    expect(await pairs(built)).toEqual(EXPECTED);
  }, 120_000);

  it("refresh --full: the same", async () => {
    await refresh(built, "--full");
    expect(await pairs(built)).toEqual(EXPECTED);
  }, 120_000);

  it("equal to a project loaded from scratch with the renamed seeds", async () => {
    fresh = tempProject("", { ownProject: true });
    rename(fresh);
    for (const [name, text] of FILES) {
      fresh.drop(name, text);
      await refresh(fresh);
    }
    expect(await pairs(fresh)).toEqual(await pairs(built));
  }, 300_000);
});
