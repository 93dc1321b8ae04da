/**
 * stat-qa5 F14, F15, F7: a value held for 核实 is no base for a 同比 anywhere a reader sees one, and a city total
 * with zones unreported is marked partial in its download. Real CLI refresh, the published files read back.
 *
 * Files (亿元, 地区生产总值, the year):
 *   2024年  辽宁省 30000, 营口市 1750; 营口经开区 ED210801 515, 营口沿海 ED210802 1800 (typed for 180: above its
 *           city's 1750 → ABOVE_PARENT, held; its one other zone sums 515 < 1750, so the city is not suspected).
 *   2025年  辽宁省 31800, 营口市 1830; 营口经开区 540, 营口沿海 178.
 * By hand: 营口's 2025年 同比 over the zones with a value in both years not held: 540 / 515 − 1 = 4.85% → 增长 4.9%
 * (with the held 1800 in the base it was (540 + 178) / (515 + 1800) − 1 = −69.0%). 营口 has 4 zones registered and
 * 2 reporting: partial. 营口沿海's 年度数据表: 2025年同比 over a held 2024年 → —（需核实）, not 下降 90.1% (its 2025年 178 is marked too:
 * FIRST_QUARTER_JUMP, below ÷5 of last year's 1800 — marked, not held).
 */
import { readFileSync } from "node:fs";
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
  p = tempProject("schedule:\n  stable_seconds: 0\n");
  p.drop("2024年_各市.csv", HEAD + row("辽宁省", "2024年", 30000) + row("营口市", "2024年", 1750));
  p.drop("2024年_开发区.csv", HEAD + row("营口经济技术开发区", "2024年", 515) + row("营口沿海产业基地", "2024年", 1800));
  p.drop("2025年_各市.csv", HEAD + row("辽宁省", "2025年", 31800) + row("营口市", "2025年", 1830));
  p.drop("2025年_开发区.csv", HEAD + row("营口经济技术开发区", "2025年", 540) + row("营口沿海产业基地", "2025年", 178));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const held = await p.query<{ entity_code: string }>(`select entity_code from ingest.audit_flags where state = 'open' and rule_code = 'ABOVE_PARENT'`);
  expect(held.map((h) => h.entity_code)).toEqual(["ED210802"]);
});
afterAll(() => p?.cleanup());

describe("a held value is no 同比 base (stat-qa5 F14)", () => {
  it("城市与区域: 营口's 同比 is over 营口经开区 alone (增长 4.9%), in the page and its CSV", () => {
    expect(text("cities.html")).toMatch(/营口市 2\/4 718\.0[^|]*?增长 4\.9%/);
    const rows = csv("downloads/pages/cities-gdp.csv");
    const header = rows[0]!;
    const yk = rows.find((r) => r[0] === "营口市")!;
    expect(Number(yk[header.indexOf("同比（%）")] ?? yk[header.findIndex((h) => h.startsWith("同比"))])).toBeCloseTo(4.9, 1);
    // stat-qa5 F15: 2 of 4 reporting is partial, and the download says how many should report.
    expect(yk[header.indexOf("是否数据不全")]).toBe("是");
    expect(yk[header.indexOf("应报送开发区数")]).toBe("4");
  });

  it("营口沿海's 年度数据表: the 2025年同比 over a held 2024年 is —（需核实）", () => {
    const t = text("zones/ED210802.html");
    expect(t).toContain("2025年同比");
    expect(t).toMatch(/地区生产总值（亿元）（2024年、2025年需核实） 1,800\.0 178\.0 —（需核实）/);
    expect(t).not.toContain("下降 90.1%");
  });
});
