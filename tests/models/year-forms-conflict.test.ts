/**
 * stat-qa7 F1: a year's 年 value and its 1-12月 累计, neither held by a 审核 rule, twofold or more apart. A revision (年报
 * after 快报) moves a figure by a few per cent; tenfold is a typo in one of them, and which is undecided — so the year is
 * held, both forms (int_held_values, held_rule YEAR_FORMS_DIFFER, no 标记号), instead of the 年 value summed as the year's.
 * Under twofold the 年 value is used and data_quality asks which is right (unchanged). Real CLI refresh, real DuckDB.
 *
 * Files, 地区生产总值 亿元 (line 2 = first data row):
 *                      2024年 | 2024年1-12月
 *   沈阳经开区            5200  |  520   (×10 in the 年 file: held)
 *   辉山经开区            2300  | 2250   (2.2% apart: 年 used)
 *   金融商贸开发区         110  | 1100   (÷10 in the 年 file: held)
 *   欧盟经济开发区        3000  | 3000
 * By hand, 沈阳市省级以上经济开发区 (C210100_ED) 2024年 sum_of_zones: 2300 + 3000 = 5300, 2 held. The old models summed
 * every 年 value: 5200 + 2300 + 110 + 3000 = 10,610, none held.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { fourZoneFile, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const file = fourZoneFile;

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2024年_开发区.csv", file("2024年", "", [5200, 2300, 110, 3000]));
  p.drop("2024年1-12月_开发区.csv", file("2024年1-12月", "累计", [520, 2250, 1100, 3000]));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a year's two forms twofold apart hold the year", () => {
  it("no 审核 flag stands on these values: the holds below are the two forms' disagreement alone", async () => {
    const flags = await p.query<{ n: number }>(`select count(*)::integer as n from ingest.audit_flags where state = 'open' and indicator_code = 'gdp'`);
    expect(flags[0]!.n).toBe(0);
  });

  it("int_held_values holds 沈阳经开区 and 金融商贸 (YEAR_FORMS_DIFFER, no 标记号); 辉山 and 欧盟 not", async () => {
    const held = await p.query<{ zone_name: string; held_flag: number | null; held_rule: string }>(`
      select z.zone_name, h.held_flag, h.held_rule from main_intermediate.int_held_values h join main_staging.stg_zones z on z.zone_code = h.entity_code
      where h.indicator_code = 'gdp' and h.year = 2024 order by z.zone_name`);
    expect(held.map((h) => [h.zone_name, h.held_flag, h.held_rule]).sort()).toEqual([
      ["沈阳经济技术开发区", null, "YEAR_FORMS_DIFFER"],
      ["沈阳金融商贸开发区", null, "YEAR_FORMS_DIFFER"],
    ]);
  });

  it("沈阳's 2024年 sum is 5,300 over the two zones whose forms agree, 2 held, not 10,610", async () => {
    const sums = await p.query<{ value: number; zones_held_for_check: number }>(`select value, zones_held_for_check::integer as zones_held_for_check
      from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`);
    expect(sums.map((s) => [Number(s.value), s.zones_held_for_check])).toEqual([[5300, 2]]);
  });

  it("rankings leave the two held zones unranked; 数据质量 says the year is held and why", async () => {
    const ranks = await p.query<{ zone_name: string; held_for_check: boolean }>(`
      select z.zone_name, r.held_for_check from main.rankings r join main_staging.stg_zones z on z.zone_code = r.zone_code
      where r.indicator_code = 'gdp' and r.year = 2024`);
    const heldNames = [...new Set(ranks.filter((r) => r.held_for_check).map((r) => r.zone_name))].sort();
    expect(heldNames).toEqual(["沈阳经济技术开发区", "沈阳金融商贸开发区"]);
    const dq = await p.query<{ detail: string }>(`select q.detail from main.data_quality q join main_staging.stg_zones z on z.zone_code = q.entity_code
      where q.check_code = 'annual_differs_from_ytd' and z.zone_name = '沈阳经济技术开发区'`);
    expect(dq.map((d) => d.detail)).toEqual(["年度值 5200.0 与 1-12月累计值 520.0 不一致；二者相差一倍以上，不是同一数值的修订，核实前本年不计入合计和占比、不参与排名：请与开发区核实哪一个正确，报送更正文件（或撤回有误的文件）"]);
    const hui = await p.query<{ detail: string }>(`select q.detail from main.data_quality q join main_staging.stg_zones z on z.zone_code = q.entity_code
      where q.check_code = 'annual_differs_from_ytd' and z.zone_name = '沈阳辉山经济技术开发区'`);
    expect(hui[0]!.detail).toContain("本年取年度值 2300.0（计入合计和占比），请与开发区核实哪一个正确");
  });

  it("the zone page's 数值来源 names the other form and says the year is not summed, not 本年取年度值", () => {
    const t = pageText(p, "zones/ED210101.html");
    expect(t).toContain("5,200.0 亿元（另有1-12月累计值 520.0 亿元，与本值相差一倍以上；核实前本年不计入合计和占比，请与开发区核实哪一个正确）");
    expect(t).toContain("520.0 亿元（另有年度值 5,200.0 亿元，与本值相差一倍以上；核实前本年不计入合计和占比，请与开发区核实哪一个正确）");
    expect(t).not.toContain("本年取年度值");
  });
});
