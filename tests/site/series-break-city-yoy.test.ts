/**
 * 城市与区域's city 同比 is summed in the page over the zones with a value in both years; a zone whose series breaks
 * between them (口径调整, sources/seeds/series_breaks.csv) is no part of it, as the growth mart computes no 同比 across a
 * break (the site printed a rate where the 季度分析 said —). Real CLI refresh, the published page read back.
 *
 * Files (亿元, 地区生产总值, the year), 沈阳 zones:
 *   2024年  沈阳经开区 ED210101 100, 辉山经开区 ED210102 200
 *   2025年  沈阳经开区 300 (declared 口径调整 for 2025: a new definition), 辉山经开区 210
 * By hand: 沈阳's 同比 over the comparable zone alone: 210 / 200 − 1 = 5.0% → 增长 5.0%. With the broken zone summed it
 * was (300 + 210) / (100 + 200) − 1 = 70.0%. 沈阳经开区's own 同比 is — (none across a break).
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,\n`;
let p: TestProject;
const text = (rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const csv = (rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/).map((l) => l.split(","));

beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/series_breaks.csv"), "ED210101,gdp,2025,口径调整,2025年起按新口径统计地区生产总值，与上年不可比,测试\n");
  p.drop("2024年_开发区.csv", HEAD + row("沈阳经济技术开发区", "2024年", 100) + row("沈阳辉山经济技术开发区", "2024年", 200));
  p.drop("2025年_开发区.csv", HEAD + row("沈阳经济技术开发区", "2025年", 300) + row("沈阳辉山经济技术开发区", "2025年", 210));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const breaks = await p.query<{ entity_code: string; year: number }>(`select entity_code, year from main_intermediate.int_series_breaks where indicator_code = 'gdp'`);
  expect(breaks.map((b) => [b.entity_code, Number(b.year)])).toEqual([["ED210101", 2025]]);
});
afterAll(() => p?.cleanup());

describe("a zone's series break is no part of its city's 同比", () => {
  it("城市与区域: 沈阳's 同比 is over 辉山经开区 alone (增长 5.0%), in the page and its CSV, and the page says why", () => {
    const t = text("cities.html");
    expect(t).toMatch(/沈阳市 2\/\d+ 510\.0[^|]*?增长 5\.0%/);
    expect(t).not.toContain("增长 70.0%");
    expect(t).toContain("同比不含口径调整的开发区");
    const rows = csv("downloads/pages/cities-gdp.csv");
    const header = rows[0]!;
    const sy = rows.find((r) => r[0] === "沈阳市")!;
    expect(Number(sy[header.findIndex((h) => h.startsWith("同比"))])).toBeCloseTo(5.0, 1);
  });

  it("the region's like-for-like 同比 (growth mart) leaves the broken zone out too: 增长 5.0%（可比的 1 家）", async () => {
    expect(text("cities.html")).toMatch(/沈阳现代化都市圈省级以上经济开发区 地区生产总值 2025年 510\.0 亿元 增长 5\.0%（可比的 1 家）/);
    // growth_cagr's like-for-like pair 2024 → 2025 the same: 210 / 200 − 1 over one zone.
    const cagr = await p.query<{ cagr: number; zones_compared: number }>(`select cagr, zones_compared from main.growth_cagr
      where entity_code = (select scope_code from main.site_scope) and indicator_code = 'gdp' and from_year = 2024 and to_year = 2025`);
    expect(cagr.length).toBe(1);
    expect(Number(cagr[0]!.cagr)).toBeCloseTo(0.05, 6);
    expect(Number(cagr[0]!.zones_compared)).toBe(1);
  });
});
