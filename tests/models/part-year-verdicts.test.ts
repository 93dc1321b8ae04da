/**
 * Verdicts that part-year data, early achievement and series breaks must not distort:
 * a target year with only a 1-9月 figure is live (progress, never 达成/未达成 at the
 * deadline); a live target already reached says 提前; a comparison across the declared
 * 就业人口 break (2022) says 口径变化 instead of comparing. Real ingest and engine on
 * small hand-made files; expected values calculated by hand beside each assertion.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import type { EngineResult } from "../../pipelines/engine/index.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

const LONG = "entity,period,indicator,value,unit,basis,vintage\r\n";
const ln = "全省省级以上经济开发区";
const sy = "沈阳市省级以上经济开发区";

interface Built { project: TestProject; wh: Warehouse; result: EngineResult }

async function setUp(files: Record<string, string>): Promise<Built> {
  const project = tempProject();
  const wh = await openWarehouse(project.config.warehouse);
  for (const [name, text] of Object.entries(files)) {
    const file = path.join(project.dir, name);
    writeFileSync(file, LONG + text);
    const r = await ingest(project.ctx(), wh, { paths: [file] });
    expect(r.files[0]?.status, name).toBe("loaded");
  }
  return { project, wh, result: await build(project.ctx(), wh) };
}

describe("the target year has only a part-year figure (latest data 2020年1-9月)", () => {
  let b: Built;
  beforeAll(async () => {
    // Latest data year 2020, no 2020 full-year figure. GDP: zones 7000, province 18000 (1-9月); fiscal revenue: zones 900, province 1800.
    b = await setUp({
      "ytd.csv":
        `${ln},2016年,地区生产总值,6403,亿元,当期,\r\n` +
        `${ln},2020年1-9月,地区生产总值,7000,亿元,累计,\r\n辽宁省,2020年1-9月,地区生产总值,18000,亿元,累计,\r\n` +
        `${ln},2020年1-9月,一般公共预算收入,900,亿元,累计,\r\n辽宁省,2020年1-9月,一般公共预算收入,1800,亿元,累计,\r\n`,
    });
  });
  afterAll(async () => {
    await b.wh.close();
    b.project.cleanup();
  });

  it("the build passes its data tests", () => {
    expect(b.result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
  });

  it("D000-02 (GDP share ≥ 40% by 2020) on 2020年1-9月: behind, not 未达成", async () => {
    const r = await b.wh.sql.all(`select period_label, round(actual, 2) as actual, expected, status, reason from target_status where target_id = 'D000-02' and year = 2020`);
    // 7000 ÷ 18000 = 38.89% < 40% (the target-year value of the path) → behind; it was 'missed' before.
    expect(r).toEqual([{ period_label: "2020年1-9月", actual: 38.89, expected: 40, status: "behind", reason: "2020年全年数据未出：按2020年1-9月数据对照进度，不是到期结论" }]);
    const v = (await b.wh.sql.all(`select is_expired, deadline_verdict, headline_status, headline_label, headline_text from target_verdicts where target_id = 'D000-02'`))[0];
    expect(v).toEqual({ is_expired: false, deadline_verdict: null, headline_status: "behind", headline_label: "落后进度", headline_text: "2020年全年数据未出：按2020年1-9月数据对照进度，不是到期结论" });
  });

  it("D000-04 (fiscal revenue share ≥ 40% by 2020) above the target on 2020年1-9月: on track, not 达成", async () => {
    const r = (await b.wh.sql.all(`select actual, status from target_status where target_id = 'D000-04' and year = 2020`))[0];
    // 900 ÷ 1800 = 50% ≥ 40% — but only nine months: on_track, not 'achieved'.
    expect(r).toEqual({ actual: 50, status: "on_track" });
    const v = (await b.wh.sql.all(`select is_expired, headline_status from target_verdicts where target_id = 'D000-04'`))[0];
    expect(v).toEqual({ is_expired: false, headline_status: "on_track" });
  });

  it("D000-01 (GDP ≥ 10500 亿元 by 2020) on 2020年1-9月: compared with the pro-rated path", async () => {
    const r = (await b.wh.sql.all(`select expected, status from target_status where target_id = 'D000-01' and year = 2020`))[0];
    // 10500 × 9 ÷ 12 = 7875 > 7000 → behind.
    expect(r).toEqual({ expected: 7875, status: "behind" });
  });

  it("no target of the catalogue is achieved or missed on a part-year figure", async () => {
    const r = await b.wh.sql.all(`select count(*)::int as n from target_status where not is_full_year and status in ('achieved', 'missed') and year = target_year`);
    expect(r[0]).toEqual({ n: 0 });
  });
});

describe("early achievement and series breaks", () => {
  let b: Built;
  beforeAll(async () => {
    b = await setUp({
      // Shenyang's zones: GDP 2024 3000 (base year of document 001, base from the data), 2026 5300.
      "sy.csv": `${sy},2024年,地区生产总值,3000,亿元,当期,\r\n${sy},2026年,地区生产总值,5300,亿元,当期,\r\n`,
      // 就业人口 of all ED zones, with the declared break at 2022 (sources/seeds/series_breaks.csv): 258.5, 266.5 | 124.6, 130.
      "employment.csv": [[2020, 258.5], [2021, 266.5], [2022, 124.6], [2023, 130]].map(([y, v]) => `${ln},${y}年,就业人口,${v},万人,时点,\r\n`).join(""),
    });
  });
  afterAll(async () => {
    await b.wh.close();
    b.project.cleanup();
  });

  it("the build passes its data tests", () => {
    expect(b.result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
  });

  it("D001-02 (5250 亿元 by 2030) reached in 2026: 提前达成, said as early, not as the deadline verdict", async () => {
    const v = (await b.wh.sql.all(`select is_expired, headline_status, headline_label, headline_text from target_verdicts where target_id = 'D001-02'`))[0];
    // 5300 ≥ 5250 in 2026, four years before 2030.
    expect(v).toEqual({ is_expired: false, headline_status: "achieved", headline_label: "提前达成", headline_text: "已提前达到目标（2026年实际5300亿元，2030年目标5250亿元）" });
  });

  it("D000-09 (就业人口 ≥ 285 万人 by 2020): judged in 2020; 2023 (new 口径) is not compared with the target", async () => {
    const v = (await b.wh.sql.all(`select deadline_verdict, round(completion_rate, 4) as rate, break_year_after_deadline, headline_text from target_verdicts where target_id = 'D000-09'`))[0];
    // 258.5 ÷ 285 = 0.907018 → 90.7%; gap 285 − 258.5 = 26.5 万人. Without the break it would read "；2023年仍未达到目标" (130 vs 285).
    expect(v).toEqual({ deadline_verdict: "missed", rate: 0.907, break_year_after_deadline: 2022, headline_text: "2020年未达成（完成90.7%，差26.5万人）；2023年数据（2022年起口径变化）不与目标比较" });
  });

  it("no 同比 across the break: 2022's yoy_growth is withheld, 2021's is computed", async () => {
    const r = await b.wh.sql.all(`select year, round(yoy_growth, 6) as yoy from target_status where target_id = 'D000-09' and year in (2021, 2022) order by year`);
    // 266.5 ÷ 258.5 − 1 = 0.030948; 124.6 ÷ 266.5 − 1 would be −53.2%, across the break.
    expect(r).toEqual([{ year: 2021, yoy: 0.030948 }, { year: 2022, yoy: null }]);
  });
});

describe("a ≥ level target whose 1-9月 cumulative is already above it (reader-qa3 F5)", () => {
  let b: Built;
  beforeAll(async () => {
    // D001-20: 沈阳's zones' FDI ≥3.15 亿美元 in 2030, compound path from 2024. 2024 全年 8.9 (above the target: the path falls,
    // 8.9 × (3.15 / 8.9)^(1/6) = 7.49 for 2025, × 9/12 = 5.6 for 1-9月); 2025年1-9月 6.3 ≥ 5.6 was "符合进度" on that falling path.
    b = await setUp({ "fdi.csv": `${sy},2024年,实际利用外资,8.9,亿美元,当期,\r\n${sy},2025年1-9月,实际利用外资,6.3,亿美元,累计,\r\n` });
  });
  afterAll(async () => {
    await b.wh.close();
    b.project.cleanup();
  });

  it("is 已达到目标水平 (achieved, 6.3 ≥ 3.15; a year's cumulative only grows), not on_track against the path", async () => {
    const r = await b.wh.sql.all(`select period_label, actual, status, reason from target_status where target_id = 'D001-20' and period_label = '2025年1-9月'`);
    expect(r).toEqual([{ period_label: "2025年1-9月", actual: 6.3, status: "achieved", reason: "已达到目标水平：2025年1-9月累计已不低于2030年目标（年内累计只增不减），到期结论待2030年全年数据" }]);
  });
});
