/**
 * Small hand-made files through the real ingest and the real engine; marts compared
 * with hand calculations written beside each assertion.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import type { EngineResult } from "../../pipelines/engine/index.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";
import { LONG_HEADER, loadText } from "../support/load-text.js";

let project: TestProject;
let wh: Warehouse;
let result: EngineResult;

const LONG = LONG_HEADER;

const load = (name: string, text: string) => loadText(project, wh, name, text);

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // Document 000 一（一）1: 2016 zone GDP 6403 亿元; a 2018 figure to judge the schedule.
  await load("scope.csv", LONG + "全省省级以上经济开发区,2016年,地区生产总值,6403,亿元,当期,2017-06-20\r\n全省省级以上经济开发区,2018年,地区生产总值,8000,亿元,当期,2019-03-01\r\n");
  // Liaoning 2016 GDP in two vintages (shared/realdata/liaoning_totals.csv): 22246.9 (2018 export) and 20832.0 (2025 export).
  await load("province.csv", LONG + "辽宁省,2016年,地区生产总值,22246.9,亿元,当期,2018\r\n辽宁省,2016年,地区生产总值,20832.0,亿元,当期,2025\r\n辽宁省,2018年,地区生产总值,24113.5,亿元,当期,2025\r\n");
  // One zone's 2024 year-to-date GDP, with 1-6月 sent twice: 210, then corrected to 220 in a file marked 更正 (rule 3).
  // Unmarked, the correction would lose: zone_q.csv's newest period (1-12月) makes it the later edition by rule 4.
  await load("zone_q.csv", LONG + "沈阳经济技术开发区,2024年1-3月,地区生产总值,100,亿元,累计,\r\n沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计,\r\n沈阳经济技术开发区,2024年1-9月,地区生产总值,330,亿元,累计,\r\n沈阳经济技术开发区,2024年1-12月,地区生产总值,460,亿元,累计,\r\n");
  await load("zone_q_更正.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,220,亿元,累计,\r\n");
  // Document 001 总体要求1 (D001-01, base 2024): Shenyang's zones must grow faster on average than the city.
  // 沈阳市 GDP 8000 (2024) → 8820 (2026); the zone 460 (2024, from 1-12月 above) → 556.6 (2026).
  await load("shenyang.csv", LONG + "沈阳市,2024年,地区生产总值,8000,亿元,当期,\r\n沈阳市,2026年,地区生产总值,8820,亿元,当期,\r\n沈阳经济技术开发区,2026年,地区生产总值,556.6,亿元,当期,\r\n");
  result = await build(project.ctx(), wh);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("shares", () => {
  it("the build passes its data tests", () => {
    expect(result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
  });

  it("2016 zone GDP 6403 ÷ 22246.9 (2018 vintage) = 28.78%; ÷ 20832.0 (current) = 30.74%; each row names its vintage", async () => {
    const rows = await wh.sql.all(`select denominator_vintage::varchar as v, denominator, round(100 * share, 2) as pct, is_latest_vintage
      from shares where scope_code = 'LN_ED' and indicator_code = 'gdp' and period_label = '2016年' and is_preferred_numerator order by v`);
    // 6403 / 22246.9 = 0.28782 → 28.78%; 6403 / 20832.0 = 0.30736 → 30.74%.
    expect(rows).toEqual([
      { v: "2018-12-31", denominator: 22246.9, pct: 28.78, is_latest_vintage: false },
      { v: "2025-12-31", denominator: 20832.0, pct: 30.74, is_latest_vintage: true },
    ]);
  });
});

describe("target status", () => {
  it("document 000's schedule: expected 2018 GDP is 专栏2's stated 8200, beside the increment rule's 6403 + 45% × (10500 − 6403) = 8246.65", async () => {
    // Changed for issue 16: where a document states a yearly value (000 专栏1-3) the status uses it, not the computed rule;
    // the rule's value stays visible as expected_by_rule.
    const r = (await wh.sql.all(`select actual, round(expected, 2) as expected, expected_method, round(expected_by_rule, 2) as rule, schedule_fraction, milestone_value, milestone_clause, status
      from target_status where target_id = 'D000-01' and year = 2018`))[0];
    // 8000 < 8200 → behind.
    expect(r).toEqual({ actual: 8000, expected: 8200, expected_method: "stated_milestone", rule: 8246.65, schedule_fraction: 0.45, milestone_value: 8200, milestone_clause: "专栏2", status: "behind" });
  });

  it("the share target D000-02 is judged on matched editions: 2016 6403 ÷ 22246.9 = 28.78% against 40%", async () => {
    // The numerator is the 2017-06-20 edition; no denominator edition is that old, so the earliest (2018) is the one
    // nearest to it — the planning office's basis, not the 2025 revision (30.74%).
    const r = (await wh.sql.all(`select round(actual, 2) as actual, target_value, denominator_vintage::varchar as v from target_status where target_id = 'D000-02' and year = 2016`))[0];
    expect(r).toEqual({ actual: 28.78, target_value: 40, v: "2018-12-31" });
  });

  it("a relative target: the zones' average growth 2024-2026 minus the city's = 10% − 5% = 5 points, on track (judged in 2030)", async () => {
    // Zones: (556.6 / 460)^(1/2) − 1 = √1.21 − 1 = 10%; city: (8820 / 8000)^(1/2) − 1 = √1.1025 − 1 = 5%.
    const rows = await wh.sql.all(`select year, round(actual, 6) as actual, target_value, unit, status from target_status where target_id = 'D001-01' order by year`);
    expect(rows).toEqual([{ year: 2026, actual: 5, target_value: 0, unit: "百分点", status: "on_track" }]);
  });

  it("targets that cannot be evaluated say why", async () => {
    const r = (await wh.sql.all(`select status, reason from target_status where target_id = 'D000-17'`))[0];
    expect(r).toEqual({ status: "not_evaluable", reason: "开发区能耗数据不在收集范围内" });
  });
});

describe("single quarters from year-to-date figures", () => {
  it("uses the revised 1-6月: Q1 100, Q2 220−100 = 120, Q3 330−220 = 110, Q4 460−330 = 130", async () => {
    const rows = await wh.sql.all(`select quarter, value, method from main_intermediate.int_values_quarterly where entity_code = 'ED210101' and year = 2024 order by quarter`);
    expect(rows).toEqual([
      { quarter: 1, value: 100, method: "derived_from_ytd" },
      { quarter: 2, value: 120, method: "derived_from_ytd" },
      { quarter: 3, value: 110, method: "derived_from_ytd" },
      { quarter: 4, value: 130, method: "derived_from_ytd" },
    ]);
  });

  it("the revision is recorded: 210 → 220, with both files, on rule 3", async () => {
    const r = (await wh.sql.all(`select replaced_value, value, previous_file, source_file from revisions where entity_code = 'ED210101'`))[0];
    const why = (await wh.sql.all(`select evidence_rule, evidence from revisions where entity_code = 'ED210101'`))[0];
    expect(why).toEqual({ evidence_rule: 3, evidence: "规则3 更正文件：「zone_q_更正.csv」标有更正标记，取代未标记的「zone_q.csv」" });
    expect(r).toEqual({ replaced_value: 210, value: 220, previous_file: "zone_q.csv", source_file: "zone_q_更正.csv" });
  });

  it("the annual value is the 1-12月 figure, and growth has no prior year", async () => {
    const r = (await wh.sql.all(`select value, method from main_intermediate.int_values_annual where entity_code = 'ED210101' and indicator_code = 'gdp' and year = 2024`))[0];
    expect(r).toEqual({ value: 460, method: "ytd_december" });
  });
});

describe("a share above 100%", () => {
  it("fails the value_between data test on shares.share and blocks what depends on it", async () => {
    // Zones' 2019 GDP 30000 against the province's 25000: share 1.2, a data error.
    await load("impossible.csv", LONG + "全省省级以上经济开发区,2019年,地区生产总值,30000,亿元,当期,2020\r\n辽宁省,2019年,地区生产总值,25000,亿元,当期,2020\r\n");
    const r = await build(project.ctx(), wh);
    const failed = r.results.filter((x) => x.status === "fail");
    expect(failed.map((x) => x.unique_id)).toEqual([expect.stringMatching(/^test\.zonestat\.value_between_shares_share__1__0\./)]);
    expect(failed[0]!.failures).toBe(1);
    // target_status reads shares, so the failing test skips it (dbt build semantics).
    expect(r.results.find((x) => x.unique_id === "model.zonestat.target_status")?.status).toBe("skipped");
  });
});
