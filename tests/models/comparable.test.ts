/**
 * int_observations_comparable (issue #24 rewrote how it picks one row per key): a 1-12月
 * year-to-date figure is keyed as the year, and where a zone also reported the annual
 * figure the annual one is kept; and int_scope_values sums those rows and lists their files
 * (issue #24 numbered the files to list them). Small hand-made files through the real ingest and engine.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";
import { LONG_HEADER, loadText } from "../support/load-text.js";

let project: TestProject;
let wh: Warehouse;

const LONG = LONG_HEADER;

const load = (name: string, text: string) => loadText(project, wh, name, text);

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // 沈阳经开区 (ED210101): 2024 annual GDP 470 and 1-12月 460 (they disagree); 2023 annual 400.
  // 辉山经开区 (ED210102): 2024 1-12月 only, 50; 2023 annual 40.
  await load("zones.csv", LONG
    + "沈阳经济技术开发区,2023年,地区生产总值,400,亿元,当期,\r\n沈阳经济技术开发区,2024年,地区生产总值,470,亿元,当期,\r\n"
    + "沈阳经济技术开发区,2024年1-12月,地区生产总值,460,亿元,累计,\r\n"
    + "沈阳辉山经济技术开发区,2023年,地区生产总值,40,亿元,当期,\r\n");
  await load("huishan.csv", LONG + "沈阳辉山经济技术开发区,2024年1-12月,地区生产总值,50,亿元,累计,\r\n");
  // 0.1 + 0.2: 0.30000000000000004 as doubles in either order; 0.3 exactly as the figures are written.
  await load("fiscal.csv", LONG + "沈阳经济技术开发区,2024年,一般公共预算收入,0.1,亿元,当期,\r\n沈阳辉山经济技术开发区,2024年,一般公共预算收入,0.2,亿元,当期,\r\n"
    + "沈阳经济技术开发区,2023年,一般公共预算收入,0.1,亿元,当期,\r\n沈阳辉山经济技术开发区,2023年,一般公共预算收入,0.1,亿元,当期,\r\n");
  const r = await build(project.ctx(), wh);
  expect(r.results.filter((x) => x.status === "error")).toEqual([]);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("int_observations_comparable", () => {
  it("one row per zone, indicator and year: the annual figure where both were given, else the 1-12月 one keyed as the year", async () => {
    const rows = await wh.sql.all(`select entity_code, period_label, basis, grain, value, is_full_year_ytd
      from main_intermediate.int_observations_comparable where indicator_code = 'gdp' and year = 2024 order by entity_code`);
    expect(rows).toEqual([
      { entity_code: "ED210101", period_label: "2024年", basis: "period", grain: "year", value: 470, is_full_year_ytd: false },
      { entity_code: "ED210102", period_label: "2024年", basis: "period", grain: "year", value: 50, is_full_year_ytd: true },
    ]);
  });

  it("growth compares the kept rows: 470 ÷ 400 − 1 = 17.5%, 50 ÷ 40 − 1 = 25%", async () => {
    const rows = await wh.sql.all(`select entity_code, round(100 * yoy_growth, 2) as pct from growth
      where indicator_code = 'gdp' and year = 2024 and entity_kind = 'zone' order by entity_code`);
    expect(rows).toEqual([{ entity_code: "ED210101", pct: 17.5 }, { entity_code: "ED210102", pct: 25 }]);
  });

  it("int_values_annual still sees both figures of 沈阳经开区 and flags that they differ", async () => {
    const [r] = await wh.sql.all(`select value, method, annual_value, ytd_december_value, annual_and_ytd_differ
      from main_intermediate.int_values_annual where entity_code = 'ED210101' and indicator_code = 'gdp' and year = 2024`);
    expect(r).toEqual({ value: 470, method: "annual", annual_value: 470, ytd_december_value: 460, annual_and_ytd_differ: true });
  });
});

describe("int_scope_values", () => {
  it("the province's zones: 470 + 50 = 520 from 2 zones, its files listed once each in name order", async () => {
    const rows = await wh.sql.all(`select value, zones_reporting, source_files from main_intermediate.int_scope_values
      where scope_code = 'LN_ED' and indicator_code = 'gdp' and year = 2024 and method = 'sum_of_zones'`);
    expect(rows).toEqual([{ value: 520, zones_reporting: 2, source_files: "huishan.csv; zones.csv" }]);
  });

  it("2023: 400 + 40 = 440, both values from one file, listed once", async () => {
    const rows = await wh.sql.all(`select value, zones_reporting, source_files from main_intermediate.int_scope_values
      where scope_code = 'LN_ED' and indicator_code = 'gdp' and year = 2023 and method = 'sum_of_zones'`);
    expect(rows).toEqual([{ value: 440, zones_reporting: 2, source_files: "zones.csv" }]);
  });

  it("sums exactly (0.1 + 0.2 = 0.3, not 0.30000000000000004): the same in any order, so incremental and full builds agree", async () => {
    const rows = await wh.sql.all(`select year, value from main_intermediate.int_scope_values
      where scope_code = 'LN_ED' and indicator_code = 'fiscal_revenue' and method = 'sum_of_zones' order by year`);
    expect(rows).toEqual([{ year: 2023, value: 0.2 }, { year: 2024, value: 0.3 }]);
  });
});
