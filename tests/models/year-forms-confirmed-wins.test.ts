/**
 * stat-qa10 F5: of a year's 年 value and 1-12月 累计, the form a statistician confirms is the one the year takes. A forced
 * confirmation of the 1-12月 ended the YEAR_FORMS_DIFFER hold and the year then took the 年 value — the figure the
 * confirmation had just vouched against. Real CLI, real DuckDB, real files.
 *
 * Files, 地区生产总值 亿元:        2023年 | 2024年1-12月 | 2024年 (loaded last)
 *   沈阳经开区                       50  |  520          |  52   (520 = 10.4 × 50, the year's first figure:
 *                                                                  FIRST_QUARTER_JUMP, a mark; 10× the 年 52: year held)
 *   辉山经开区                     2200  | 2300          | 2300
 *   金融商贸开发区                 1000  | 1100          | 1100
 *   欧盟经济开发区                 2900  | 3000          | 3000
 * By hand, 沈阳市省级以上经济开发区 (C210100_ED) 2024年: held, 2300 + 1100 + 3000 = 6,400 with 1 held; after confirming the
 * 520 the year takes it: 6,400 + 520 = 6,920, none held (not 6,400 + 52 = 6,452). Undoing the confirmation holds the
 * year again (6,400).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { fourZoneFile } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2023年_开发区.csv", fourZoneFile("2023年", "", [50, 2200, 1000, 2900]));
  p.drop("2024年1-12月_开发区.csv", fourZoneFile("2024年1-12月", "累计", [520, 2300, 1100, 3000]));
  let r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  p.drop("2024年_开发区.csv", fourZoneFile("2024年", "", [52, 2300, 1100, 3000]));
  r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

const sum2024 = () => p.query<{ value: number; held: number }>(`select value::double as value, zones_held_for_check::integer as held
  from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`);
const year = () => p.query<{ value: number; method: string }>(`select value::double as value, method from main_intermediate.int_values_annual
  where entity_code = 'ED210101' and indicator_code = 'gdp' and year = 2024`);
const snapshot = async () => ({
  sums: await p.query(`select * from main_intermediate.int_scope_values order by all`),
  annual: await p.query(`select * from main_intermediate.int_values_annual order by all`),
  growth: await p.query(`select * from main.growth order by all`),
  shares: await p.query(`select * from main.shares order by all`),
});

describe("a forced confirmation of the 1-12月 beside a 年 value tenfold apart", () => {
  let flag = 0;
  it("before: the 1-12月 carries the mark and the year is held", async () => {
    const flags = await p.query<{ flag_id: number; rule_code: string; basis: string }>(`select flag_id, rule_code, basis from ingest.audit_flags
      where entity_code = 'ED210101' and state = 'open' order by flag_id`);
    expect(flags.map((f) => [f.rule_code, f.basis])).toEqual([["FIRST_QUARTER_JUMP", "ytd"]]);
    flag = flags[0]!.flag_id;
    expect(await sum2024()).toEqual([{ value: 6400, held: 1 }]);
  });

  it("confirm says the year will take the 1-12月 520 with the totals before → after", async () => {
    const refused = await p.run("confirm", "--flag", String(flag), "--by", "张三", "--reason", "电话核实");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("核实后本年取 1-12月累计值 520 亿元、不取年度值 52 亿元，各范围合计和占比按它计算");
    expect(refused.stderr).toMatch(/沈阳市[^ ]* 6400 → 6920 亿元/);
    const forced = await p.run("confirm", "--flag", String(flag), "--by", "张三", "--reason", "电话核实：1-12月无误", "--force");
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain("已按 --force 核实，本年取 1-12月累计值 520 亿元、不取年度值 52 亿元");
  });

  it("the refresh takes the confirmed 520 (6,920), incremental = full", async () => {
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await year()).toEqual([{ value: 520, method: "ytd_december" }]);
    expect(await sum2024()).toEqual([{ value: 6920, held: 0 }]);
    const incremental = await snapshot();
    const full = await p.run("build", "--full-refresh");
    expect(full.code, full.stdout + full.stderr).toBe(0);
    expect(await snapshot()).toEqual(incremental);
  });

  it("undone, the year is held again", async () => {
    const u = await p.run("confirm", "--flag", String(flag), "--undo", "--by", "张三", "--reason", "误操作");
    expect(u.code, u.stdout + u.stderr).toBe(0);
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await sum2024()).toEqual([{ value: 6400, held: 1 }]);
  });
});
