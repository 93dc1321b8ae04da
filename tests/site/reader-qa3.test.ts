/**
 * reader-qa3 (a 副主任 at 390 px and in the 季度分析): the 城市与区域 page's city and region tables. Real DuckDB, real
 * CSV files, the real CLI's refresh; the published page read as text.
 *
 * Files, 地区生产总值 1-9月 累计 (亿元):
 *   2024年1-9月  沈阳经开区 200, 沈阳高新区 100 (高新区: outside 全省省级以上经济开发区), 朝阳经开区 100, 北票经开区 50, 凌源经开区 60
 *   2025年1-9月  沈阳经开区 220, 沈阳高新区 150, 朝阳经开区 110, 北票经开区 45 (凌源 does not report)
 * By hand:
 *   F2 沈阳市 in the headline scope = 沈阳经开区 alone: 220.0, 同比 220 / 200 − 1 = +10.0% (with 高新区 it was 370, +23.3%).
 *   F3 沈阳市 1 of its 11 经开区 reported → "1/11", 数据不全 (10 家未报送); 朝阳市 2 of 5 → "2/5", 155.0 (110 + 45),
 *      数据不全 3 家未报送, 同比 like for like (110 + 45) / (100 + 50) − 1 = +3.3%.
 *   F1 辽西 (锦州+阜新+朝阳+葫芦岛, 13 ED zones) 2025年1-9月 = 155.0 from 2 zones; like-for-like 同比 155 / 150 − 1 = +3.3% over
 *      the 2 compared; the sum a year earlier over every zone then (210) gave 155 / 210 − 1 = −26.2%.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const rows = (period: string, values: Record<string, number>) => HEAD + Object.entries(values).map(([e, v]) => `${e},${period},地区生产总值,${v},亿元,累计\n`).join("");

let p: TestProject;
/** A page's text, tags and scripts removed, whitespace collapsed. */
const text = (rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n");
  p.drop("2024年1-9月_开发区.csv", rows("2024年1-9月", { 沈阳经济技术开发区: 200, 沈阳高新技术产业开发区: 100, 朝阳经济开发区: 100, 北票经济开发区: 50, 凌源经济开发区: 60 }));
  p.drop("2025年1-9月_开发区.csv", rows("2025年1-9月", { 沈阳经济技术开发区: 220, 沈阳高新技术产业开发区: 150, 朝阳经济开发区: 110, 北票经济开发区: 45 }));
  // F10: 朝阳经开区 2025年1-3月 10, 2025年1-6月 700 (a typo: 70× the quarter before) — flagged and held; its page shows 1-9月 only.
  p.drop("2025年1-3月_开发区.csv", rows("2025年1-3月", { 朝阳经济开发区: 10 }));
  p.drop("2025年1-6月_开发区.csv", rows("2025年1-6月", { 朝阳经济开发区: 700 }));
  // F7: 沈阳市's own 2024 GDP 8800 — target D004-02 (沈阳市 GDP ≥10000 亿元 by 2025) on the city's total, not its zones.
  p.drop("2024年_全省及各市.csv", HEAD + "沈阳市,2024年,地区生产总值,8800,亿元,当期\n");
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("城市与区域 (reader-qa3)", () => {
  it("F1: a region's 同比 compares the same zones in both years (+3.3% over 2, not −26.2% over 2 against 3)", () => {
    const t = text("cities.html");
    expect(t).toMatch(/辽西融入京津冀协同发展战略先导区省级以上经济开发区 地区生产总值 2025年1-9月 155\.0 亿元 增长 3\.3%（可比的 2 家） 2\/13/);
    expect(t).not.toContain("下降 26.2%");
  });

  it("F2: a city's total is the headline scope's (沈阳 220.0, +10.0%); the 高新区 is listed apart, not summed", () => {
    const t = text("cities.html");
    expect(t).toMatch(/沈阳市 1\/11 220\.0 ?（数据不全，10 家未报送，为下限） 增长 10\.0%/);
    expect(t).not.toContain("370.0");
    expect(t).toContain("不在「全省省级以上经济开发区」范围内的开发区未计入城市合计（与排名、总览、季度分析相同），列在各市明细中：沈阳高新技术产业开发区 150.0 亿元。");
    expect(t).toMatch(/沈阳高新技术产业开发区 ?（不在统计范围内，未计入城市合计）/);
    expect(t).toContain("沈阳市（已报送 1 家，应报 11 家；另有 1 家不在统计范围内）");
  });

  it("F3: a partial city says 已报送/应报 and marks its sum 数据不全 (下限)", () => {
    const t = text("cities.html");
    expect(t).toMatch(/朝阳市 2\/5 155\.0 ?（数据不全，3 家未报送，为下限） 增长 3\.3%/);
    expect(t).toContain("朝阳市（已报送 2 家，应报 5 家）");
    expect(t).not.toMatch(/朝阳市 2 155\.0/);
  });

  it("F10: a zone's page lists its open 需核实 values of any period, with the 标记号 and a link to 数据质量", async () => {
    const flags = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where state = 'open' and entity_code = 'ED211301' and period_label = '2025年1-6月' order by flag_id`);
    expect(flags.length).toBeGreaterThan(0);
    const t = text("zones/ED211301.html");
    // The page's cards are of 2025年1-9月 (110.0); the 1-6月 700.0 is named with its flags' numbers (from the warehouse).
    expect(t).toContain(`2025年1-6月 地区生产总值 700.0 亿元（标记号 ${flags.map((f) => f.flag_id).join("、")}`);
    expect(readFileSync(path.join(p.config.site, "zones/ED211301.html"), "utf8")).toMatch(/需核实的数值[^<]*<a href="..\/quality.html">数据质量<\/a>/);
    // A zone without open flags says nothing of the kind.
    expect(text("zones/ED211302.html")).not.toContain("需核实的数值");
  });

  it("F7: a card for a target on a city's own total names the city (沈阳市地区生产总值), not a bare 地区生产总值", () => {
    const t = text("index.html");
    expect(t).toContain("沈阳市地区生产总值（2025年目标） 8,800.0 亿元");
    expect(t).not.toMatch(/[》） ]地区生产总值（2025年目标）/);
  });

  it("F11: 土地 with no land data has no empty （） in its headings", () => {
    const t = text("land.html");
    expect(t).not.toContain("（）");
    expect(t).toContain("明细（暂无土地数据）");
  });

  it("F20: the 季度分析 page says why its period was chosen above the text, not only in 六、数据说明", () => {
    const t = text("report.html");
    const why = t.indexOf("本报告期间为");
    expect(why).toBeGreaterThan(-1);
    // Under the title, before the page's note on the text and the report's sections (the 目录 above names them too).
    expect(why).toBeLessThan(t.indexOf("正文按统一规则由汇总数据表生成"));
  });

  it("F17: on a 390 px phone 数据质量's 说明 column keeps a readable width (the table scrolls sideways)", async () => {
    const browser = await chromium.launch({ executablePath: process.env.CHROMIUM_PATH ?? "/usr/bin/chromium", args: ["--no-sandbox", "--disable-gpu", "--no-first-run"] });
    try {
      const page = await (await browser.newContext({ viewport: { width: 390, height: 844 } })).newPage();
      await page.goto(pathToFileURL(path.join(p.config.site, "quality.html")).href);
      const width = await page.$eval(".dq-issues tbody tr td:last-child", (td) => td.getBoundingClientRect().width);
      // Before: ~79 px (about 2 characters of 13 px a line); now at least 16em (208 px at 13 px).
      expect(width).toBeGreaterThanOrEqual(200);
    } finally {
      await browser.close();
    }
  });

  it("F21: 进度's 最近一期 names each document once above its table, not in every row", () => {
    const html = readFileSync(path.join(p.config.site, "progress.html"), "utf8");
    const section = html.split(">最近一期</h2>")[1]!.split(">逐项进度</h2>")[0]!;
    const titles = [...section.matchAll(/<h3>([^<]*)<\/h3>/g)].map((m) => m[1]!);
    // The fixture's targets with data: 文件004's 沈阳市 GDP (F7) at least; each title once.
    expect(titles.length).toBeGreaterThan(0);
    expect(new Set(titles).size).toBe(titles.length);
    const cells = [...section.matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((m) => m[1]!);
    expect(cells.filter((c) => c.includes("《"))).toEqual([]);
  });
});
