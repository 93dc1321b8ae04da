/**
 * A value flagged 需核实 at load is visible where a reader looks: the data_quality
 * mart, the 数据质量 page (with its flag id) and beside the value on the zone page;
 * once confirmed it shows as 已核实 with who and why, and no longer as 需核实.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const HEAD = "entity,period,indicator,value,unit,basis\n";

const page = (rel: string) => readFileSync(path.join(p.config.site, rel), "utf8");
/** The zone page's "最近一期数值" table row for 地区生产总值. */
const latestGdpRow = () => page("zones/ED210101.html").split("<h2 id=\"数值来源\">数值来源</h2>")[1]!.split("</tr>").find((r) => r.includes("地区生产总值"))!;

beforeAll(async () => {
  p = tempProject();
  // 沈阳经开区 GDP 1-3月 200, 1-6月 150: the 1-6月 value (line 3) falls → YTD_DECREASE, loaded and flagged.
  p.drop("falling.csv", HEAD + "沈阳经济技术开发区,2024年1-3月,地区生产总值,200,亿元,累计\n沈阳经济技术开发区,2024年1-6月,地区生产总值,150,亿元,累计\n");
  const r = await p.run("refresh");
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => p.cleanup());

describe("需核实 where the reader looks", () => {
  it("the data_quality mart has the open flag as a warning naming file, line and flag id", async () => {
    const db = await openDuckDB(p.config.warehouse, { readOnly: true });
    try {
      const rows = await db.all(`select check_code, severity, entity_code, indicator_code, period_label, detail from main.data_quality where check_code = 'YTD_DECREASE'`);
      expect(rows).toEqual([
        expect.objectContaining({ severity: "warning", entity_code: "ED210101", indicator_code: "gdp", period_label: "2024年1-6月", detail: expect.stringMatching(/^需核实：年内累计值下降：2024年1-3月 200 → 2024年1-6月 150（亿元）（falling\.csv 第3行 D列，标记号 \d+）$/) }),
      ]);
    } finally {
      await db.close();
    }
  });

  it("the 数据质量 page lists it as 需核实 and the zone page marks the value", () => {
    const quality = page("quality.html");
    expect(quality).toContain("审核：需核实的数值（1）");
    expect(quality).toContain("falling.csv:3:D");
    expect(latestGdpRow()).toContain("（需核实）");
    // A YTD_DECREASE only marks: the value is still summed, and the table says so (stat-qa3 F15).
    expect(quality).toContain("需核实（仍计入合计）");
    // The values to act on come before the lists of what is missing (stat-qa3 F11).
    // Headings as the body has them (after the 目录, which lists them too).
    const body = quality.slice(quality.indexOf(">概况</h2>"));
    const at = (s: string) => {
      const i = body.indexOf(s);
      expect(i, s).toBeGreaterThan(-1);
      return i;
    };
    expect(at(">审核：需核实的数值（1）</h2>")).toBeLessThan(at(">最近一期未报送的开发区"));
    expect(at(">审核：需核实的数值（1）</h2>")).toBeLessThan(at(">数据问题（"));
    expect(quality).toContain("核实时间为北京时间");
    // The shell's times in status's format, labelled (stat-qa3 F12).
    expect(quality).toMatch(/最近入库 \d{4}-\d\d-\d\d \d\d:\d\d 北京时间）　·　生成时间：\d{4}-\d\d-\d\d \d\d:\d\d（北京时间）/);
  });

  it("after zonestat confirm and a rebuild: 已核实 with who and why, no 需核实 mark", async () => {
    expect((await p.run("confirm", "--file", "falling.csv", "--line", "3", "--by", "张三", "--reason", "电话核实无误")).code).toBe(0);
    const r = await p.run("refresh", "--full");
    expect(r.code, r.stderr).toBe(0);
    const quality = page("quality.html");
    expect(quality).toContain("审核：需核实的数值（0）");
    // The confirmation's time, local, as 数据质量 prints it since stat-qa2 5, in status's format to the minute and
    // labelled (stat-qa3 F12): "2026-12-01 09:09", the section saying 核实时间为北京时间.
    expect(quality).toMatch(/已核实（张三，\d{4}-\d\d-\d\d \d\d:\d\d：电话核实无误）/);
    expect(latestGdpRow()).not.toContain("需核实");
    expect(latestGdpRow()).toContain("150");
  });
});
