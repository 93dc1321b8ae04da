/**
 * A share target's change on last year is in 个百分点 (reader-qa 13): target_status.yoy_change_points =
 * this year's share − last year's, and no relative 同比 (yoy_growth) for a share; an amount keeps its 同比.
 * Hand-made files through the real ingest and engine; expected values worked out in the comments.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";
import { LONG_HEADER, loadText } from "../support/load-text.js";

let project: TestProject;
let wh: Warehouse;
const row = (entity: string, period: string, value: number) => `${entity},${period},地区生产总值,${value},亿元,当期,\r\n`;

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // The scope of D000-02 (全省省级以上经济开发区 GDP ≥ 40% of the province's, sources/seeds/targets.csv) and the province.
  await loadText(project, wh, "ln.csv", LONG_HEADER + row("全省省级以上经济开发区", "2023年", 1000) + row("全省省级以上经济开发区", "2024年", 1200) + row("辽宁省", "2023年", 3125) + row("辽宁省", "2024年", 3000));
  expect((await build(project.ctx(), wh)).ok).toBe(true);
}, 120_000);

afterAll(async () => {
  await wh?.close();
  project?.cleanup();
});

describe("target_status: a share's change on last year", () => {
  it("is the difference of the shares in 个百分点, with no relative 同比", async () => {
    const r = await wh.sql.all(`select year, round(actual, 4) as actual, round(previous_year_actual, 4) as previous, yoy_growth, round(yoy_change_points, 4) as points
      from target_status where target_id = 'D000-02' and year in (2023, 2024) order by year`);
    // 2023: 1000 ÷ 3125 = 32%; 2024: 1200 ÷ 3000 = 40% → +8 个百分点 (a relative 同比 would have said 40 ÷ 32 − 1 = +25%).
    expect(r).toEqual([
      { year: 2023, actual: 32, previous: null, yoy_growth: null, points: null },
      { year: 2024, actual: 40, previous: 32, yoy_growth: null, points: 8 },
    ]);
  });

  it("an amount's target keeps its relative 同比 and has no change in points", async () => {
    const r = await wh.sql.all(`select target_id, round(yoy_growth, 4) as yoy, yoy_change_points from target_status
      where unit = '亿元' and scope_code = 'LN_ED' and indicator_code = 'gdp' and year = 2024 and previous_year_actual is not null order by target_id limit 1`);
    // 1200 ÷ 1000 − 1 = +20%.
    expect(r).toEqual([{ target_id: expect.any(String), yoy: 0.2, yoy_change_points: null }]);
  });
});
