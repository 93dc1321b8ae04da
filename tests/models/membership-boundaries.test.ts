/**
 * The zone register's dates (zone_history) and the year-end membership (int_zone_membership): stat-qa10 F2 — a
 * `valid_to 2023-12-31` read as exclusive dropped the zone's 2023 values from every 2023 total, still 完整; stat-qa9 F2 — a
 * zone entered mid-year counts for the whole year, silently. Real CLI refresh, real DuckDB.
 *
 * zone_history rows appended to the example project's:
 *   ED210102 沈阳辉山   2024-07-01 –            (enters mid-2024: a member at 2024's end, not 2023's)
 *   ED210103 金融商贸   2000-01-01 – 2023-12-31 (the last day of 2023: a member in 2023, not in 2024)
 *   ED210104 欧盟       2000-01-01 – 2024-06-30 (leaves mid-2024: not a member at 2024's end)
 * Files, 地区生产总值 亿元:   2023年 | 2024年1-3月 | 2024年
 *   沈阳经开区 ED210101       500  |   100       |  600
 *   辉山       ED210102      2200  |   500       | 2300
 *   金融商贸   ED210103      1000  |   250       | 1100
 *   欧盟       ED210104      2900  |   700       | 3000
 * By hand, 沈阳市省级以上经济开发区 (C210100_ED), the zones reporting and their sum:
 *   2023年: 沈阳经开区 + 金融商贸 + 欧盟 = 500 + 1000 + 2900 = 4,400 (3 zones; 辉山 not yet a member);
 *   2024年: 沈阳经开区 + 辉山 = 600 + 2300 = 2,900 (2 zones); 2024年1-3月: 100 + 500 = 600 (辉山 counted all year).
 * data_quality: 辉山's entry starting 2024-07-01 (提示); values outside the register — 辉山 2023 (1 value), 金融商贸 2024
 * (2 values), 欧盟 2024 (2 values).
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { fourZoneFile, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/zone_history.csv"),
    "ED210102,2024-07-01,,国家级,active,测试\nED210103,2000-01-01,2023-12-31,省级,active,测试\nED210104,2000-01-01,2024-06-30,省级,active,测试\n");
  p.drop("2023年_开发区.csv", fourZoneFile("2023年", "", [500, 2200, 1000, 2900]));
  p.drop("2024年1-3月_开发区.csv", fourZoneFile("2024年1-3月", "累计", [100, 500, 250, 700]));
  p.drop("2024年_开发区.csv", fourZoneFile("2024年", "", [600, 2300, 1100, 3000]));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("register dates and the year-end membership", () => {
  it("valid_to is the last day counted: 金融商贸 is in 2023's total, not 2024's; 辉山 counts from 2024", async () => {
    const sums = await p.query<{ period_label: string; value: number; zones_reporting: number }>(`select period_label, value::double as value, zones_reporting::integer as zones_reporting
      from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and method = 'sum_of_zones' order by period_end`);
    expect(sums).toEqual([
      { period_label: "2023年", value: 4400, zones_reporting: 3 },
      { period_label: "2024年1-3月", value: 600, zones_reporting: 2 },
      { period_label: "2024年", value: 2900, zones_reporting: 2 },
    ]);
  });

  it("数据质量 says what the year-end membership did: the mid-year entry, and every value left out", async () => {
    const dq = await p.query<{ check_code: string; severity: string; entity_code: string; period_label: string; detail: string }>(`select check_code, severity, entity_code, period_label, detail
      from main.data_quality where check_code in ('membership_starts_mid_year', 'outside_register') order by check_code, entity_code, period_label`);
    expect(dq.map((d) => [d.check_code, d.severity, d.entity_code, d.period_label])).toEqual([
      ["membership_starts_mid_year", "info", "ED210102", "2024年"],
      ["outside_register", "warning", "ED210102", "2023年"],
      ["outside_register", "warning", "ED210103", "2024年"],
      ["outside_register", "warning", "ED210104", "2024年"],
    ]);
    expect(dq[0]!.detail).toBe("沈阳辉山经济技术开发区自 2024-07-01 起列入开发区名录（zone_history）：开发区名单按年末口径，2024年各期（含此日期之前的期间）都计入合计和应报家数");
    expect(dq[1]!.detail).toBe("沈阳辉山经济技术开发区在2023年末不在开发区名录中（zone_history：2024-07-01 至 今）：开发区名单按年末口径，该年已入库的 1 个数值不计入任何合计和应报家数");
    expect(dq[3]!.detail).toBe("沈阳欧盟经济开发区在2024年末不在开发区名录中（zone_history：2000-01-01 至 2024-06-30）：开发区名单按年末口径，该年已入库的 2 个数值不计入任何合计和应报家数");
    // 数据质量's list shows the 提示 before the 未报送 rows (qa40 F7: 300 未报送 warnings hid them).
    const page = pageText(p, "quality.html");
    const list = page.slice(page.indexOf("按行政区划代码排列）"));
    expect(list.indexOf("年中列入开发区名录")).toBeGreaterThan(0);
    expect(list.indexOf("年中列入开发区名录")).toBeLessThan(list.indexOf("未报送"));
    // The 2024年 report says the values left out, named by the detail (no indicator: never 「null」).
    const out = path.join(p.config.projectDir, "r.md");
    const r = await p.run("report", "--period", "2024年", "--format", "md", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("需核实：沈阳欧盟经济开发区在2024年末不在开发区名录中（zone_history：2000-01-01 至 2024-06-30）：开发区名单按年末口径，该年已入库的 2 个数值不计入任何合计和应报家数。");
    expect(md).not.toContain("null");
  });
});
