/**
 * 数据说明 of the 季度分析 names a city total held for check by the city's name, not its GB/T 2260 code, and says 需核实
 * once (stat-qa3 F14: 「需核实：210800地区生产总值，需核实：「营口经济技术开发区」…」). Real CSV files, the real CLI.
 *
 * 营口市 (210800) 地区生产总值 累计: 2024年1-3月 100, 2024年1-6月 5000 — 5000 / 6 months against 100 / 3 is 25×, beyond
 * JUMP_20X's 20×, and above 辽宁省's 4100 (ABOVE_PARENT, the child's flag: one city reports, so no children's sum
 * questions the province): two flags on the city's 1-6月 total, said as one value in 数据说明.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
let notes = "";
const HEAD = "主体,期间,指标,数值,单位,口径\n";

beforeAll(async () => {
  p = tempProject();
  p.drop("2024年1-3月_全省及各市.csv", HEAD + "辽宁省,2024年1-3月,地区生产总值,2000,亿元,累计\n营口市,2024年1-3月,地区生产总值,100,亿元,累计\n");
  p.drop("2024年1-3月_开发区.csv", HEAD + "营口经济技术开发区,2024年1-3月,地区生产总值,30,亿元,累计\n");
  expect((await p.run("refresh")).code).toBe(0);
  p.drop("2024年1-6月_全省及各市.csv", HEAD + "辽宁省,2024年1-6月,地区生产总值,4100,亿元,累计\n营口市,2024年1-6月,地区生产总值,5000,亿元,累计\n");
  p.drop("2024年1-6月_开发区.csv", HEAD + "营口经济技术开发区,2024年1-6月,地区生产总值,62,亿元,累计\n");
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  const flagged = await p.query<{ n: number }>(`select count(*)::integer as n from ingest.audit_flags where state = 'open' and entity_code = '210800' and rule_code = 'JUMP_20X'`);
  expect(flagged[0]!.n).toBe(1);
  const above = await p.query<{ n: number }>(`select count(*)::integer as n from ingest.audit_flags where state = 'open' and entity_code = '210800' and rule_code = 'ABOVE_PARENT'`);
  expect(above[0]!.n).toBe(1);
  const out = path.join(p.dir, "r.md");
  const rep = await p.run("report", "--period", "2024年1-6月", "--format", "md", "--out", out);
  expect(rep.code, rep.stdout + rep.stderr).toBe(0);
  notes = readFileSync(out, "utf8").split("## 六、数据说明")[1]!.split("## 附表")[0]!;
}, 300_000);
afterAll(() => p.cleanup());

describe("a city total held for check, in 数据说明", () => {
  it("is named 营口市, never 210800, and opens with 需核实 once", () => {
    const item = notes.split(/\n\s*\n/).find((n) => n.includes("5,000") || n.includes("5000"));
    expect(item, notes).toBeDefined();
    expect(item).toContain("需核实：营口市2024年1-6月地区生产总值");
    expect(notes).not.toContain("210800");
    expect(item!.match(/需核实：/g)!.length).toBe(1);
  });

  it("says what a flagged total does until checked — the denominator of shares — not that it is kept out of sums (stat-qa4 F3)", () => {
    const item = notes.split(/\n\s*\n/).find((n) => n.includes("需核实：营口市"))!;
    expect(item).toMatch(/（1）.*（2）/);
    expect(item).toContain("该数值是以营口市为分母的占比的分母，核实前这些占比仅供参考。");
    expect(item).not.toContain("不计入各范围合计");
  });
});
