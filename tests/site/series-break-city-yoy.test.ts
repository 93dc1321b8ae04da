/**
 * A zone whose series breaks between two years (口径调整, sources/seeds/series_breaks.csv) is no part of a like-for-like
 * 同比: not of 城市与区域's city 同比 (summed in the page over the zones with both years), not of the growth and
 * growth_cagr marts' scope pairs, not of 总览's 同比 beside a level target — as no zone 同比 is computed across a break.
 * Real CLI refresh, the published pages read back.
 *
 * Files (亿元, 地区生产总值, the year), 沈阳's 11 经济开发区 (C210100_ED, all reporting both years):
 *   2024年  沈阳经开区 ED210101 100, 辉山经开区 ED210102 200, the nine others (ED210103–ED210111) 50 each
 *   2025年  沈阳经开区 300 (declared 口径调整 for 2025: a new definition), 辉山经开区 210, the nine others 50 each
 * By hand: 沈阳's 同比 over the ten comparable zones: (210 + 450) / (200 + 450) − 1 = 660 / 650 − 1 = 1.54% → 增长 1.5%.
 * With the broken zone summed it was (300 + 210 + 450) / (100 + 200 + 450) − 1 = 960 / 750 − 1 = 28.0%.
 * 沈阳经开区's own 同比 is — (none across a break). 营口经开区 reports 2025年 only (80): its 同比 is —（上年同期无数据）, and 全省's
 * total is partial in both years (other zones unreported), so 总览 gives the like-for-like rate: the same ten zones, 1.5%.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD as HEAD, gdpRow as row, pageText, SHENYANG_OTHERS as OTHERS } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let p: TestProject;
const text = (rel: string) => pageText(p, rel);
const csv = (rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(","));

beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/series_breaks.csv"), "ED210101,gdp,2025,口径调整,2025年起按新口径统计地区生产总值，与上年不可比,测试\n");
  const others = (y: string) => OTHERS.map((n) => row(n, y, 50)).join("");
  p.drop("2024年_开发区.csv", HEAD + row("沈阳经济技术开发区", "2024年", 100) + row("沈阳辉山经济技术开发区", "2024年", 200) + others("2024年"));
  p.drop("2025年_开发区.csv", HEAD + row("沈阳经济技术开发区", "2025年", 300) + row("沈阳辉山经济技术开发区", "2025年", 210) + others("2025年") + row("营口经济技术开发区", "2025年", 80));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const breaks = await p.query<{ entity_code: string; year: number }>(`select entity_code, year from main_intermediate.int_series_breaks where indicator_code = 'gdp'`);
  expect(breaks.map((b) => [b.entity_code, Number(b.year)])).toEqual([["ED210101", 2025]]);
});
afterAll(() => p?.cleanup());

describe("a zone's series break is no part of a like-for-like 同比", () => {
  it("城市与区域: 沈阳's 同比 is over the ten comparable zones (增长 1.5%), in the page and its CSV, and the page says why", () => {
    const t = text("cities.html");
    expect(t).toMatch(/沈阳市 11\/11 960\.0 增长 1\.5%（可比的 10 家）/);
    expect(t).not.toContain("增长 28.0%");
    expect(t).toContain("同比不含口径调整的开发区（与上年不可比，见“方法”页）：沈阳市 沈阳经济技术开发区");
    // The zone's own 同比 says why it is missing, here, on 排名 and on its page.
    expect(t).toMatch(/沈阳经济技术开发区 国家级 300\.0 —（口径调整）/);
    expect(text("ranking.html")).toMatch(/沈阳经济技术开发区 沈阳市 国家级 300\.0 —（口径调整）/);
    const zone = text("zones/ED210101.html");
    expect(zone).toContain("同比—（口径调整）");
    // reader-qa7 F1: the 年度数据表 and its download computed 增长 200.0% (300 / 100 − 1) across the break by hand.
    expect(zone).toMatch(/地区生产总值（亿元） 100\.0 300\.0 —（口径调整）/);
    expect(zone).not.toContain("增长 200.0%");
    expect(zone).toContain("以下指标与上年不可比，不计同比，图中折线在此断开：地区生产总值（2025年起）口径调整：2025年起按新口径统计地区生产总值，与上年不可比。");
    const annualCsv = readFileSync(path.join(p.config.site, "downloads/pages/zone-ED210101-annual.csv"), "utf8");
    expect(annualCsv).toContain("100.0,300.0,—（口径调整）");
    const rows = csv("downloads/pages/cities-gdp.csv");
    const header = rows[0]!;
    const sy = rows.find((r) => r[0] === "沈阳市")!;
    expect(Number(sy[header.findIndex((h) => h.startsWith("同比"))])).toBeCloseTo(1.5, 1);
  });

  it("the region's like-for-like 同比 (growth mart) leaves the broken zone out too: 增长 1.5%（可比的 10 家）", async () => {
    expect(text("cities.html")).toMatch(/沈阳现代化都市圈省级以上经济开发区 地区生产总值 2025年 960\.0 亿元 增长 1\.5%（可比的 10 家）/);
    const g = await p.query<{ zones_compared: number; zones_series_break: number }>(`select zones_compared, zones_series_break from main.growth
      where entity_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2025年'`);
    expect(g.map((r) => [Number(r.zones_compared), Number(r.zones_series_break)])).toEqual([[10, 1]]);
    // growth_cagr's like-for-like pair 2024 → 2025 the same: 660 / 650 − 1 over ten zones.
    const cagr = await p.query<{ cagr: number; zones_compared: number; zones_series_break: number }>(`select cagr, zones_compared, zones_series_break from main.growth_cagr
      where entity_code = (select scope_code from main.site_scope) and indicator_code = 'gdp' and from_year = 2024 and to_year = 2025`);
    expect(cagr.length).toBe(1);
    expect(Number(cagr[0]!.cagr)).toBeCloseTo(660 / 650 - 1, 9);
    expect(Number(cagr[0]!.zones_compared)).toBe(10);
    expect(Number(cagr[0]!.zones_series_break)).toBe(1);
  });

  it("a growth target says the zone was left out for 口径调整, not for a missing year: 10 compared, 1 口径调整 of 11", async () => {
    // D001's 年均增速 target on C210100_ED (沈阳's 11 zones, base 2024).
    const [r] = await p.query<{ reason: string; actual: number }>(`select reason, actual from main.target_status
      where scope_code = 'C210100_ED' and kind = 'growth' and year = 2025 order by target_id limit 1`);
    expect(r!.reason).toContain("10 家开发区2024年和2025年均有数值，另 1 家（共 11 家）未计入：1 家口径调整、与2024年不可比");
    expect(Number(r!.actual)).toBeCloseTo(100 * (660 / 650 - 1), 6);
  });

  it("growth.csv carries the two sums the like-for-like rate divides (reader-qa7 F6): 660 and 650 for 沈阳's zones", () => {
    const rows = csv("downloads/growth.csv");
    const h = rows[0]!;
    const r = rows.find((x) => x.includes("C210100_ED") && x.includes("2025年"))!;
    expect(Number(r[h.indexOf("可比口径本期数值")])).toBe(660);
    expect(Number(r[h.indexOf("可比口径上年同期数值")])).toBe(650);
    expect(Number(r[h.indexOf("口径调整未比较的开发区数")])).toBe(1);
  });

  it("方法's series-break table gives a declared break's year before (reader-qa7 F16)", () => {
    expect(text("method.html")).toMatch(/沈阳经济技术开发区 地区生产总值 2025 2024 声明（口径调整）/);
  });

  it("a zone without last year's value says so (reader-qa7 F14): —（上年同期无数据）", () => {
    expect(text("ranking.html")).toMatch(/营口经济技术开发区 营口市 国家级 80\.0 —（上年同期无数据）/);
  });

  it("总览's 同比 of 全省's partial total is the like-for-like one over ten zones (reader-qa7 F4), not —（数据不全）", () => {
    expect(text("index.html")).toMatch(/到2020年底，全省经济开发区地区生产总值达到10500亿元以上[^。]*?1,040\.0 亿元 同比增长 1\.5%（可比口径，10 家，不含口径调整的开发区）/);
  });

  it("总览's 同比 of 沈阳's level target is the like-for-like one, said so (增长 1.5%), not the totals' 28.0%", () => {
    const t = text("index.html");
    expect(t).toMatch(/地区生产总值2030年5,250亿元[^。]*?960\.0 亿元 同比增长 1\.5%（可比口径，10 家，不含口径调整的开发区）/);
    expect(t).not.toContain("增长 28.0%");
  });
});
