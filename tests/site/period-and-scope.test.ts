/**
 * What a reader is told about the period and the scope of the values on the site (reader-qa3 8 and 2):
 * 排名 and 城市与区域 name the period they show, what 同比 compares with, how many zones reported and the
 * 季度分析's period; a zone page with values of no main indicator (a 高新区) lists them and says why they are
 * not in the tables, never 暂无数据 above its own 数值来源.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const text = (rel: string) =>
  readFileSync(path.join(p.config.site, rel), "utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

beforeAll(async () => {
  p = tempProject();
  // 沈阳经开区 (in the headline scope, 全省省级以上经济开发区): 2023年1-6月 100, 2024年1-6月 120 → the latest period.
  // 沈阳高新区 (HT210101, a 高新区: outside that scope): only 高新技术企业数 and 研发经费支出, no main indicator.
  p.drop(
    "values.csv",
    "entity,period,indicator,value,unit\n" +
      "ED210101,2023年1-6月,地区生产总值,100,亿元\n" +
      "ED210101,2024年1-6月,地区生产总值,120,亿元\n" +
      "ED210101,2024年1-6月,一般公共预算收入,10,亿元\n" +
      "HT210101,2024年末,高新技术企业数,1200,家\n" +
      "HT210101,2024年,研发经费支出,50,亿元\n",
  );
  const r = await p.run("refresh");
  expect(r.code, r.stderr).toBe(0);
}, 300_000);
afterAll(() => p.cleanup());

describe("the period of 排名 and 城市与区域", () => {
  it("each names its period, the 同比 base, the zones that reported and the 季度分析's period", () => {
    // One zone of the scope reported 2024年1-6月 (of all the scope's registered zones); the report, with no complete
    // quarter, takes the latest one (choosePeriod), the same period.
    // 排名: both indicators of 2024年1-6月, one count for both (均); 城市与区域: 地区生产总值 only.
    const ranking = /期间：地区生产总值、一般公共预算收入为2024年1-6月（1-6月累计；同比与2023年1-6月相比；均1家报送（应报(\d+)家），未报送的开发区不在表中）。季度分析为同一期间（2024年1-6月）。/.exec(text("ranking.html"));
    expect(ranking).not.toBeNull();
    expect(Number(ranking![1])).toBeGreaterThan(1);
    expect(text("cities.html")).toMatch(/期间：地区生产总值为2024年1-6月（1-6月累计；同比与2023年1-6月相比；地区生产总值1家报送（应报\d+家），未报送的开发区不在表中）。季度分析为同一期间（2024年1-6月）。/);
  });
});

describe("a zone with values of no main indicator", () => {
  it("lists them with why they are not in the tables, and never says 暂无数据", () => {
    const page = text("zones/HT210101.html");
    expect(page).not.toMatch(/暂无(主要指标)?数据/);
    // Both values with their periods (1,200 家: a count, no decimals; 50.0 亿元: one decimal), in the note.
    expect(page).toMatch(/本开发区已入库2项数值：[^。]*高新技术企业数（2024年末）1,200 家/);
    expect(page).toMatch(/本开发区已入库2项数值：[^。]*研发经费支出（2024年）50\.0 亿元/);
    expect(page).toContain("本开发区没有主要指标的数值，也不在全省省级以上经济开发区范围内");
    expect(page).toMatch(/所在市：\s*沈阳市/);
    // The sources table is still there.
    expect(page).toContain("values.csv 第5行");
  });
});
