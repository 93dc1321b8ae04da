/**
 * reader-qa7 F2, F3, F4, F8, F9, F17 on a warehouse: the 2025年 年度分析 of a year whose base year (2024) is partial for
 * 沈阳 and in which 旅顺 (大连) declares a 口径调整. Real CSV files, the real CLI's refresh and report (own project copy,
 * with sources/seeds/series_breaks.csv and targets.csv appended).
 *
 * Files (地区生产总值 累计 1-12月, 亿元), every zone of LN_ED (52: 沈阳 11, 大连 6, …; 国家级 10):
 *   2024年  沈阳经开区 ED210101 100, every other zone 10, except 辽中 ED210105 and 新民 ED210111 (not sent).
 *   2025年  ED210101 110, 旅顺 ED210203 30 (口径调整 declared for 2025), 普兰店 ED210204 14, every other zone 11.
 *   辽宁省 30000 / 34000, 沈阳市 8000 / 9500.
 * By hand (growth mart like for like: zones with values in both years, no break of their own):
 *   全省 (LN_ED): 52 − 2 unsent − 1 口径调整 = 49 compared: (110 + 14 + 47 × 11) / (100 + 48 × 10) − 1 = 641 / 580 − 1
 *     = 10.52% → 「比上年增长10.5%（可比口径，49家）」; total 110 + 30 + 14 + 49 × 11 = 693.0 (naively 693 / 590 − 1 = 17.5%).
 *   沈阳市: 9 compared: (110 + 8 × 11) / (100 + 8 × 10) − 1 = 198 / 180 − 1 = 10.0%, total 220.0 → 「10.0（可比口径）」.
 *   大连市: 5 compared (旅顺 out): (11 + 11 + 14 + 11 + 11) / 50 − 1 = 58 / 50 − 1 = 16.0%, total 88.0 → 「16.0（可比口径）」
 *     (naively 88 / 60 − 1 = 46.7%). Every other city 11 / 10 − 1 = 10.0%, unmarked.
 *   沈阳现代化都市圈 (26 zones, 24 compared): (110 + 23 × 11) / (100 + 23 × 10) − 1 = 363 / 330 − 1 = 10.0%, total 385.0.
 *   辽宁沿海经济带 (大连 6, 丹东 3, 锦州 3, 营口 4, 盘锦 2, 葫芦岛 3 = 21 zones, 20 compared): (14 + 19 × 11) / (20 × 10) − 1
 *     = 223 / 200 − 1 = 11.5%, total 30 + 14 + 19 × 11 = 253.0.
 *   国家级 (10 zones): 9 with a 同比, each 10.0% (110 / 100, 11 / 10); 旅顺's is null for its break.
 *   Target Q7-01 (沈阳 zones' GDP ≥ 30% of 沈阳市 in 2025): 220 / 9500 = 2.32% → 到期未达成.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { areaName } from "../../dashboards/report/compose-areas.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (year: number, e: string, v: number) => `${e},${year}年1-12月,地区生产总值,${v},亿元,累计\n`;
const LN_ED = readFileSync(path.join(REPO, "sources/seeds/zones.csv"), "utf8")
  .trim().split("\n").slice(1).map((l) => l.split(","))
  .filter((c) => ["国家级", "省级"].includes(c[4]!) && ["经济技术开发区", "经济开发区", "边境经济合作区"].includes(c[5]!))
  .map((c) => ({ code: c[0]!, name: c[1]! }));
const MISSING_2024 = new Set(["ED210105", "ED210111"]);
const V2024: Record<string, number> = { ED210101: 100 };
const V2025: Record<string, number> = { ED210101: 110, ED210203: 30, ED210204: 14 };

let p: TestProject;
let md = "";
const section = (text: string, title: string) => text.split(/\n## /).find((s) => s.startsWith(title)) ?? "";

beforeAll(async () => {
  expect(LN_ED.length).toBe(52);
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  const seeds = path.join(p.config.projectDir, "sources/seeds");
  appendFileSync(path.join(seeds, "series_breaks.csv"), "ED210203,gdp,2025,口径调整,2025年起旅顺经开区统计范围扩大至托管街道，与2024年不可比,测试\n");
  appendFileSync(path.join(seeds, "targets.csv"), "Q7-01,001_305298ae3fc0e8d8.txt,测试,到2025年沈阳市开发区地区生产总值占全市30%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2025,30,%,linear,,true,,\n");
  p.drop("2024年_开发区.csv", HEAD + LN_ED.filter((z) => !MISSING_2024.has(z.code)).map((z) => row(2024, z.name, V2024[z.code] ?? 10)).join(""));
  p.drop("2024年_全省及各市.csv", HEAD + row(2024, "辽宁省", 30000) + row(2024, "沈阳市", 8000));
  p.drop("2025年_开发区.csv", HEAD + LN_ED.map((z) => row(2025, z.name, V2025[z.code] ?? 11)).join(""));
  p.drop("2025年_全省及各市.csv", HEAD + row(2025, "辽宁省", 34000) + row(2025, "沈阳市", 9500));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const out = path.join(p.dir, "r2025.md");
  const rep = await p.run("report", "--period", "2025年", "--format", "md", "--out", out);
  expect(rep.code, rep.stdout + rep.stderr).toBe(0);
  md = readFileSync(out, "utf8");
});
afterAll(() => p?.cleanup());

describe("reader-qa7: like-for-like 同比 given and marked 可比口径 wherever the report gives a rate", () => {
  it("the growth mart's figures the report prints: 全省 641 / 580 over 49 zones, 1 口径调整", async () => {
    const [g] = await p.query<{ yoy: number; n: number; b: number }>(`select yoy_growth::double as yoy, zones_compared::integer as n, zones_series_break::integer as b
      from main.growth where entity_code = (select scope_code from main.site_scope) and indicator_code = 'gdp' and period_label = '2025年'`);
    expect(g!.yoy).toBeCloseTo(641 / 580 - 1, 10);
    expect([g!.n, g!.b]).toEqual([49, 1]);
  });

  it("F4: 一 and 附表1 give 全省's 同比, 10.5% over 49 zones, marked (not left out)", () => {
    const s1 = section(md, "一、总体情况");
    expect(s1).toMatch(/实现地区生产总值693\.0亿元，比上年增长10\.5%（可比口径，49家）/);
    const appendix = md.split("**附表1")[1]!.split("\n\n")[1]!;
    // F17: a 年度分析's value is the year's, not 本期累计.
    expect(appendix.split("\n")[0]).toMatch(/^\| 指标 \| 全年 \| 同比±% \|/);
    expect(appendix).toMatch(/\| 地区生产总值（亿元） \| 693\.0 \| \+10\.5（可比口径，49家） \|/);
  });

  it("F2: 表1 marks 大连 (旅顺 left out for 口径调整) and 沈阳 (base partial) 可比口径; a complete city is unmarked", () => {
    const table = md.split("**表1")[1]!.split("\n\n")[1]!;
    expect(table).toContain("| 大连市 | 88.0 | 16.0（可比口径） |");
    expect(table).toContain("| 沈阳市 | 220.0 | 10.0（可比口径） |");
    expect(table).toContain("| 鞍山市 | 33.0 | 10.0 |");
    const s3 = section(md, "三、分地区情况");
    expect(s3).toContain("大连市5家（共6家，1家口径调整）");
    expect(s3).toContain("沈阳市9家（应报11家）");
  });

  it("F3: regions get their like-for-like 同比 as cities do; F9: no 「开发区开发区」", () => {
    const s3 = section(md, "三、分地区情况");
    expect(s3).toMatch(/沈阳现代化都市圈开发区实现地区生产总值385\.0亿元，比上年增长10\.0%（可比口径，24家）/);
    expect(s3).toMatch(/辽宁沿海经济带开发区实现地区生产总值253\.0亿元，比上年增长11\.5%（可比口径，20家）/);
    expect(md).not.toContain("开发区开发区");
    expect(areaName("沈阳现代化都市圈省级以上开发区")).toBe("沈阳现代化都市圈");
    expect(areaName("沈阳市省级以上经济开发区")).toBe("沈阳市");
  });

  it("F3/F2: 数据说明 says the rates are like for like (not 未列出) and names 旅顺's 口径调整", () => {
    const notes = section(md, "六、数据说明");
    expect(notes).toContain("上年同期（2024年）沈阳市省级以上经济开发区地区生产总值只有9家开发区报送（应报11家）：同比按可比口径，只比较两年都有数据的9家开发区");
    expect(notes).toMatch(/上年同期（2024年）[^。]*地区生产总值只有50家开发区报送（应报52家）：同比按可比口径，只比较两年都有数据的49家开发区/);
    expect(notes).not.toContain("同比和占比变化未列出");
    expect(notes).toContain("地区生产总值同比不含口径调整的开发区（与上年不可比）：旅顺经济技术开发区（口径调整：2025年起旅顺经开区统计范围扩大至托管街道，与2024年不可比）。");
    expect(notes).toContain("大连市省级以上经济开发区的同比按可比口径比较5家开发区");
    expect(notes).toContain("辽宁沿海经济带省级以上经济开发区的同比按可比口径比较20家开发区");
  });

  it("F2: 四 counts only the zones with a 同比 in 「均为」 and says why 旅顺 has none", () => {
    const s4 = section(md, "四、分开发区情况");
    expect(s4).toContain("国家级开发区（10家）中");
    expect(s4).toContain("；可比的9家同比增速均为10.0%（旅顺经济技术开发区口径调整，与上年不可比）");
  });

  it("F8: a share target says what it is a share of: 占全市比重", () => {
    const s5 = section(md, "五、目标进展");
    expect(s5).toMatch(/沈阳市省级以上经济开发区地区生产总值占全市比重2025年不低于30%（测试）：到期未达成/);
    expect(md).not.toMatch(/地区生产总值占比2025年/);
  });
});
