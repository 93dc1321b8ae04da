/**
 * stat-qa8: a forced confirmation on one of a year's two forms that are twofold apart ends the YEAR_FORMS_DIFFER hold
 * (int_held_values) — and the incremental build must see it. The flag confirmed is FIRST_QUARTER_JUMP, which does not
 * hold, so before migration 0013 its state was not in the file-year fingerprint: `refresh` said 没有年份需要重算 and the
 * totals kept the zone out while confirm said the year took its 年 value. Real CLI, real DuckDB, real files.
 *
 * Files, 地区生产总值 亿元:        2023年 | 2024年 | 2024年1-12月
 *   沈阳经开区                      500  |  5200  |  520   (5200 = 10.4 × 500: FIRST_QUARTER_JUMP, a mark; 10× its 1-12月: held)
 *   辉山经开区                     2200  |  2300  | 2300
 *   金融商贸开发区                 1000  |  1100  | 1100
 *   欧盟经济开发区                 2900  |  3000  | 3000
 * By hand, 沈阳市省级以上经济开发区 (C210100_ED) 2024年: before the confirmation 2300 + 1100 + 3000 = 6,400 with 1 held;
 * after confirming the 5200 (the year takes the 年 value, neither held): 6,400 + 5,200 = 11,600, none held.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { readFileSync } from "node:fs";
import path from "node:path";
import { tempProject, type TestProject } from "../support/project.js";
import { fourZoneFile, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const file = fourZoneFile;

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2023年_开发区.csv", file("2023年", "", [500, 2200, 1000, 2900]));
  p.drop("2024年_开发区.csv", file("2024年", "", [5200, 2300, 1100, 3000]));
  let r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  p.drop("2024年1-12月_开发区.csv", file("2024年1-12月", "累计", [520, 2300, 1100, 3000]));
  r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

const sum2024 = () => p.query<{ value: number; held: number }>(`select value::double as value, zones_held_for_check::integer as held
  from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`);
/** Every row of the incremental marts and intermediate tables this hold reaches, in a fixed order. */
const snapshot = async () => ({
  sums: await p.query(`select * from main_intermediate.int_scope_values order by all`),
  growth: await p.query(`select * from main.growth order by all`),
  rankings: await p.query(`select * from main.rankings order by all`),
  shares: await p.query(`select * from main.shares order by all`),
});

describe("confirming a mark on one of two forms twofold apart, then an incremental refresh", () => {
  it("before: the year is held, the only flag is the mark, and its effect says the year is not summed", async () => {
    expect(await sum2024()).toEqual([{ value: 6400, held: 1 }]);
    const flags = await p.query<{ rule_code: string; value: number }>(`select rule_code, value from ingest.audit_flags where state = 'open'`);
    expect(flags).toEqual([{ rule_code: "FIRST_QUARTER_JUMP", value: 5200 }]);
    const status = await p.run("status");
    expect(status.stdout).toContain("本年年度值与 1-12月累计值相差一倍以上，核实前本年不计入合计");
    expect(status.stdout).not.toContain("仍计入合计");
    // The hold itself is listed (stat-qa9 F9: only the flag was).
    expect(status.stdout).toContain("年度值与 1-12月累计值相差一倍以上、核实前不计入合计的年份：1");
    expect(status.stdout).toContain("  沈阳经济技术开发区 地区生产总值 2024年：年度值 5200 亿元，1-12月累计值 520 亿元");
  });

  it("before: 总览 and the 年度分析 say the zone is out of the totals, not 已计入 / 仍计入 / 未报送", async () => {
    const index = pageText(p, "index.html");
    expect(index).not.toContain("已计入合计");
    // 排名's period line counts the held zone as reported (stat-qa9 F8: 「3家报送」 and 「未报送的开发区不在表中」 of a listed zone).
    expect(pageText(p, "ranking.html")).toMatch(/地区生产总值为2024年（全年；同比与2023年相比；地区生产总值4家报送（应报\d+家），其中1家需核实未计入合计，未报送的开发区不在表中）/);
    const out = path.join(p.config.projectDir, "r.md");
    const r = await p.run("report", "--period", "2024年", "--format", "md", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).not.toContain("仍计入各范围合计");
    expect(md).toContain("沈阳经济技术开发区，年度值与1-12月累计值相差一倍以上");
    expect(md).not.toContain("沈阳经济技术开发区（5,200.0亿元）");
    // 沈阳's 11 zones: 3 summed, 1 held, so 7 未报送 (not 8).
    expect(md).not.toContain("8家未报送");
  });

  it("the refusal says neither form is summed now and gives the totals before → after; --force confirms", async () => {
    const refused = await p.run("confirm", "--flag", "1", "--by", "张三", "--reason", "电话核实");
    expect(refused.code).not.toBe(0);
    expect(refused.stderr).toContain("CONFIRM_OTHER_FORM_DIFFERS");
    expect(refused.stderr).toContain("二者相差一倍以上，现在本年两个数值都不计入合计和占比；核实后本年取年度值 5200 亿元、不取 1-12月累计值 520 亿元，各范围合计和占比按它计算（按已构建的数据：");
    // 6,400 → 6,400 + 5,200 (the old text said 「与现在相同，各范围合计和占比不变」).
    expect(refused.stderr).toMatch(/沈阳市[^ ]* 6400 → 11600 亿元/);
    expect(refused.stderr).not.toContain("与现在相同");
    const forced = await p.run("confirm", "--flag", "1", "--by", "张三", "--reason", "电话核实：年度值无误", "--force");
    expect(forced.code, forced.stdout + forced.stderr).toBe(0);
    expect(forced.stdout).toContain("（相差一倍以上，此前本年不计入合计）；已按 --force 核实，本年取年度值 5200 亿元、不取 1-12月累计值 520 亿元（运行 zonestat refresh 后各范围合计和占比按它计算）");
  });

  it("the next refresh recomputes 2024 (incremental): 11,600 with none held, the same as a full rebuild", async () => {
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout).not.toContain("没有年份需要重算");
    expect(await sum2024()).toEqual([{ value: 11600, held: 0 }]);
    const incremental = await snapshot();
    const full = await p.run("build", "--full-refresh");
    expect(full.code, full.stdout + full.stderr).toBe(0);
    expect(await snapshot()).toEqual(incremental);
  });
});
