/**
 * Scope growth like for like (issue 16): a city's zones with one zone missing in
 * 2024 1-3月 are compared over the zones that reported in both periods, and the
 * row says it is partial; a partial total gets no compound growth.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

let project: TestProject;
let wh: Warehouse;

async function load(name: string, text: string): Promise<void> {
  const file = path.join(project.dir, name);
  writeFileSync(file, text);
  const r = await ingest(project.ctx(), wh, { paths: [file] });
  expect(r.files[0]?.status, name).toBe("loaded");
}

const report = (period: string, rows: Array<[string, number]>) =>
  `${period}开发区主要指标\r\n序号,开发区名称,地区生产总值(亿元)\r\n` + rows.map(([n, v], i) => `${i + 1},${n},${v}\r\n`).join("");

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // 葫芦岛市 has three ED zones (sources/seeds/zones.csv): 2023 1-3月 all three report, 2024 1-3月 only two.
  await load("hld_2023年1-3月.csv", report("2023年1-3月", [["葫芦岛经济开发区", 40], ["葫芦岛八家子经济开发区", 30], ["葫芦岛杨家杖子经济开发区", 37]]));
  await load("hld_2024年1-3月.csv", report("2024年1-3月", [["葫芦岛经济开发区", 44], ["葫芦岛八家子经济开发区", 31.8]]));
  // Annual figures: 2023 all three zones, 2025 only the first two.
  const LONG = "entity,period,indicator,value,unit,basis,vintage\r\n";
  await load("hld_annual.csv", LONG + "葫芦岛经济开发区,2023年,地区生产总值,160,亿元,当期,\r\n葫芦岛八家子经济开发区,2023年,地区生产总值,120,亿元,当期,\r\n葫芦岛杨家杖子经济开发区,2023年,地区生产总值,148,亿元,当期,\r\n" +
    "葫芦岛经济开发区,2025年,地区生产总值,193.6,亿元,当期,\r\n葫芦岛八家子经济开发区,2025年,地区生产总值,145.2,亿元,当期,\r\n");
  await build(project.ctx(), wh);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("scope growth like for like", () => {
  it("compares the two zones that reported in both periods: (44 + 31.8) ÷ (40 + 30) − 1 = 8.29%, not 75.8 ÷ 107 − 1 = −29.2%", async () => {
    const r = (await wh.sql.all(`select value, previous_value, round(yoy_growth, 4) as yoy, comparison_basis, zones_compared::int as zones, is_partial
      from growth where entity_code = 'C211400_ED' and indicator_code = 'gdp' and period_label = '2024年1-3月'`))[0];
    // 75.8 ÷ 70 = 1.082857 → 0.0829.
    expect(r).toEqual({ value: 75.8, previous_value: 107, yoy: 0.0829, comparison_basis: "like_for_like", zones: 2, is_partial: true });
  });

  it("a zone's own growth is unaffected: 44 ÷ 40 − 1 = 10%", async () => {
    const r = (await wh.sql.all(`select round(yoy_growth, 4) as yoy, comparison_basis from growth where entity_code = 'ED211401' and indicator_code = 'gdp' and period_label = '2024年1-3月'`))[0];
    expect(r).toEqual({ yoy: 0.1, comparison_basis: "as_reported" });
  });

  it("compound growth too: 2023 → 2025 over the two zones in both years, ((193.6 + 145.2) ÷ (160 + 120))^(1/2) − 1 = √1.21 − 1 = 10%", async () => {
    const r = (await wh.sql.all(`select round(cagr, 6) as cagr, comparison_basis, zones_compared::int as zones, is_partial
      from growth_cagr where entity_code = 'C211400_ED' and indicator_code = 'gdp' and from_year = 2023 and to_year = 2025`))[0];
    // Not (338.8 ÷ 428)^(1/2) − 1 = −11.0% on the unlike totals.
    expect(r).toEqual({ cagr: 0.1, comparison_basis: "like_for_like", zones: 2, is_partial: true });
  });
});
