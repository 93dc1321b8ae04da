/**
 * Deadline verdicts, schedule paths and base years (issue 16): small hand-made files
 * through the real ingest and engine; every expected value is calculated by hand in
 * the comment beside it.
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
const row = (entity: string, period: string, indicator: string, value: number, basis = "当期") => `${entity},${period},${indicator},${value},亿元,${basis},\r\n`;

const load = (name: string, text: string) => loadText(project, wh, name, text);

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // The bundled sample's GDP of all provincial-and-above ED zones (sources/sample): 2016 6403, 2020 8950,
  // 2021 9700, 2022 10134.9, 2023 10718.6, 2024 11313.9 (亿元).
  const ln = "全省省级以上经济开发区";
  await load("ln.csv", LONG + [[2016, 6403], [2020, 8950], [2021, 9700], [2022, 10134.9], [2023, 10718.6], [2024, 11313.9]].map(([y, v]) => row(ln, `${y}年`, "地区生产总值", v!)).join(""));
  // Shenyang's zones (document 001, base year 2024, no base value in the document): GDP 2023 2800, 2024 3000,
  // 2026 3300; 1-6月 2025 1600 against 1-6月 2024 1500; fiscal revenue 2024 300, 2026 330.
  const sy = "沈阳市省级以上经济开发区";
  await load(
    "sy.csv",
    LONG +
      row(sy, "2023年", "地区生产总值", 2800) +
      row(sy, "2024年", "地区生产总值", 3000) +
      row(sy, "2024年1-6月", "地区生产总值", 1500, "累计") +
      row(sy, "2025年1-6月", "地区生产总值", 1600, "累计") +
      row(sy, "2026年", "地区生产总值", 3300) +
      row(sy, "2024年", "一般公共预算收入", 300) +
      row(sy, "2026年", "一般公共预算收入", 330) +
      // Trade in 亿元 (document 001's unit); sources/seeds/exchange_rates.csv ends at 2024, so 2026 has no rate.
      row(sy, "2024年", "进出口总额", 1000) +
      row(sy, "2026年", "进出口总额", 1200),
  );
  result = await build(project.ctx(), wh);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("expired targets are judged at their deadline", () => {
  it("the build passes its data tests", () => {
    expect(result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
  });

  it("D000-01 (000_a15158e3137421c5.txt 二（三）2, ≥ 10500 亿元 by 2020): 未达成 in 2020, 完成率 85.2%, 2023年起超过", async () => {
    const r = (await wh.sql.all(`select is_expired, deadline_verdict, deadline_actual, round(completion_rate, 4) as completion_rate, deadline_gap,
        current_year, current_actual, reached_since_year, headline_status, headline_text from target_verdicts where target_id = 'D000-01'`))[0];
    // 8950 ÷ 10500 = 0.852381 → 85.2%; gap 8950 − 10500 = −1550; 2022 (10134.9) is below, 2023 (10718.6) and 2024 above → since 2023.
    expect(r).toEqual({
      is_expired: true, deadline_verdict: "missed", deadline_actual: 8950, completion_rate: 0.8524, deadline_gap: -1550,
      current_year: 2024, current_actual: 11313.9, reached_since_year: 2023,
      headline_status: "missed", headline_text: "2020年未达成（完成85.2%，差1550亿元）；2023年起超过目标",
    });
  });

  it("the headline is the deadline verdict, not the latest year: 2024 is above the target but the headline stays 未达成", async () => {
    const rows = await wh.sql.all(`select year, status from target_status where target_id = 'D000-01' and year in (2020, 2024) order by year`);
    // 2024: 11313.9 ≥ 10500, but after the target year it carries no verdict of its own.
    expect(rows).toEqual([{ year: 2020, status: "missed" }, { year: 2024, status: "after_target_year" }]);
  });
});

describe("CNY and USD trade are separate indicators", () => {
  it("D001-14 (附件2（二）: 进出口总额 1400 亿元 by 2030) is judged on trade reported in 亿元, unconverted, even where no exchange rate exists", async () => {
    const r = (await wh.sql.all(`select indicator_code, actual, unit, round(expected, 2) as expected, status from target_status where target_id = 'D001-14' and year = 2026`))[0];
    // Linear path from the data's 2024 value: 1000 + (2026 − 2024) ÷ (2030 − 2024) × (1400 − 1000) = 1133.33; 1200 ≥ 1133.33 → on track.
    expect(r).toEqual({ indicator_code: "trade_cny", actual: 1200, unit: "亿元", expected: 1133.33, status: "on_track" });
    const usd = await wh.sql.all(`select count(*)::int as n from main_intermediate.int_observations_canonical where indicator_code = 'trade' and entity_code = 'C210100_ED'`);
    expect(usd[0]).toEqual({ n: 0 });
  });
});

describe("zone counts say when the register is assumed", () => {
  it("D000-20 in 2020: zones without dated history (64 of the 67 in sources/seeds/zones.csv; 3 have zone_history rows) are assumed members, and the verdict says so", async () => {
    const r = (await wh.sql.all(`select membership_assumed, reason from target_status where target_id = 'D000-20' and year = 2020`))[0];
    expect(r).toEqual({ membership_assumed: true, reason: "开发区名录缺少设立、升级、撤并日期，部分开发区按现状回推（假定）" });
    const v = (await wh.sql.all(`select headline_text from target_verdicts where target_id = 'D000-20'`))[0] as { headline_text: string };
    expect(v.headline_text).toMatch(/^2020年未达成（完成\d+(\.\d)?%，差\d+家）.*；开发区名录部分为假定（缺少设立、升级、撤并日期）$/);
    const n = await wh.sql.all(`select membership_basis, count(*)::int as n from main_intermediate.int_zone_membership where year = 2020 group by all order by 1`);
    expect(n).toEqual([{ membership_basis: "assumed", n: 64 }, { membership_basis: "recorded", n: 3 }]);
  });

  it("a GDP growth target is labelled nominal: 名义年均增速, not the 可比价 rate plans usually mean", async () => {
    const r = await wh.sql.all(`select distinct reason from target_status where target_id = 'D001-03' and actual is not null and year > 2024`);
    expect(r).toEqual([{ reason: "名义年均增速（按现价计算）；规划中的地区生产总值、工业增加值增速通常为可比价，未作价格调整" }]);
  });
});

describe("live targets follow a schedule path from the base year", () => {
  it("before the base year a document-001 target has no status (基期前); in 2024 it is at the start of its path, base value from the data", async () => {
    const rows = await wh.sql.all(`select period_label, status, expected, base_value_used, base_value_source from target_status
      where target_id = 'D001-02' and basis <> 'ytd' and year <= 2024 order by year`);
    expect(rows).toEqual([
      { period_label: "2023年", status: "before_base", expected: null, base_value_used: 3000, base_value_source: "data" },
      { period_label: "2024年", status: "base_year", expected: 3000, base_value_used: 3000, base_value_source: "data" },
    ]);
  });

  it("D001-02 (附件1: 5250 亿元 in 2030 at 5.86% a year): expected 2026 on the compound path, gap and required growth", async () => {
    const r = (await wh.sql.all(`select round(expected, 2) as expected, expected_method, round(gap_to_expected, 2) as gap, gap_unit,
        round(required_annual_growth, 6) as required, status from target_status where target_id = 'D001-02' and year = 2026`))[0];
    // Path 3000 × (5250 ÷ 3000)^((2026 − 2024) ÷ (2030 − 2024)) = 3000 × 1.75^(1/3) = 3000 × 1.2050711 = 3615.21;
    // gap 3300 − 3615.21 = −315.21 亿元; required (5250 ÷ 3300)^(1/4) − 1 = 1.5909091^0.25 − 1 = 0.123082; 3300 < 3615.21 → behind.
    expect(r).toEqual({ expected: 3615.21, expected_method: "compound", gap: -315.21, gap_unit: "亿元", required: 0.123082, status: "behind" });
    const v = (await wh.sql.all(`select is_expired, headline_status, latest_period_label, round(latest_expected, 2) as e from target_verdicts where target_id = 'D001-02'`))[0];
    expect(v).toEqual({ is_expired: false, headline_status: "behind", latest_period_label: "2026年", e: 3615.21 });
  });

  it("a stated yearly value is on the path: D001-08 passes through 附件1's 2028 figure (360), not straight to 395", async () => {
    const r = (await wh.sql.all(`select round(expected, 2) as expected, status from target_status where target_id = 'D001-08' and year = 2026`))[0];
    // 300 × (360 ÷ 300)^((2026 − 2024) ÷ (2028 − 2024)) = 300 × √1.2 = 300 × 1.0954451 = 328.63; 330 ≥ 328.63 → on track.
    expect(r).toEqual({ expected: 328.63, status: "on_track" });
  });

  it("a year-to-date value of a live target: compared with the same period a year earlier and with the pro-rated path", async () => {
    const r = (await wh.sql.all(`select previous_year_actual, round(yoy_growth, 4) as yoy, round(expected, 2) as expected, status
      from target_status where target_id = 'D001-02' and period_label = '2025年1-6月'`))[0];
    // 同比 1600 ÷ 1500 − 1 = 0.0667; path 2025 = 3000 × 1.75^(1/6) = 3000 × 1.0977594 = 3293.28, × 6 ÷ 12 = 1646.64 > 1600 → behind.
    expect(r).toEqual({ previous_year_actual: 1500, yoy: 0.0667, expected: 1646.64, status: "behind" });
  });

  it("a year-to-date value after the deadline has no pro-rated path", async () => {
    const r = await wh.sql.all(`select count(*)::int as n from target_status where target_id like 'D000-%' and basis = 'ytd' and year > target_year and expected is not null`);
    expect(r[0]).toEqual({ n: 0 });
  });
});

describe("zonestat targets --status", () => {
  it("lists each target's stated milestones and its headline as of the latest data", async () => {
    await wh.close(); // the CLI opens the warehouse read-only in this process
    try {
      const r = await project.run("targets", "--status", "--doc", "000", "--format", "json");
      expect(r.code, r.stderr).toBe(0);
      const rows = JSON.parse(r.stdout) as Array<Record<string, unknown>>;
      const d01 = rows.find((x) => x.id === "D000-01")!;
      // Milestones from sources/seeds/target_milestones.csv (000 专栏1-3); headline as in the D000-01 test above.
      expect(d01).toMatchObject({
        milestones: "2017年 7200（专栏1）；2018年 8200（专栏2）；2019年 9270（专栏3）",
        status: "到期未达成",
        verdict: "2020年未达成（完成85.2%，差1550亿元）；2023年起超过目标",
        latest_period: "2024年",
      });
    } finally {
      wh = await openWarehouse(project.config.warehouse);
    }
  });

  it("without a built warehouse it says to build first", async () => {
    const empty = tempProject();
    try {
      const r = await empty.run("targets", "--status");
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("target_verdicts");
    } finally {
      empty.cleanup();
    }
  });
});
