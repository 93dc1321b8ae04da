/**
 * qa40 F3: a year whose every zone value is held for 核实 has no sum (int_scope_values keeps none: a sum of nothing is
 * not 0), and its targets then read as if the year had not arrived — a target due that year was headlined 提前达成 on the
 * year before's share. The year is there and not judged. Real CLI refresh, real DuckDB.
 *
 * 沈阳's 11 经济开发区 (C210100_ED), 地区生产总值 亿元, over 沈阳市 (210100):
 *   2024年: 沈阳经开区 1,100, 辉山 600, the nine others 100 each = 2,600; 沈阳市 5,000 → 52%.
 *   2025年1-9月: 沈阳经开区 900, 辉山 500, the nine others 80 each; 沈阳市 2025年 5,200.
 *   2025年: the same figures as the 1-9月 (a copy): YTD_REPEATED on all 11, each held — no 2025 sum.
 * Target T-HO ≥ 50% by 2025: 2024's 52% must not decide it; 2025 is not judged, and says the 11 held values are why.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const rows = (period: string, basis: string, values: Array<[string, number]>) =>
  GDP_HEAD + values.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,${basis}\n`).join("");
const regions = (y: string, ln: number, sy: number) => `${y}年全省及各市主要经济指标\n地区,地区生产总值(亿元)\n辽宁省,${ln}\n沈阳市,${sy}\n`;
const y2025: Array<[string, number]> = [["沈阳经济技术开发区", 900], ["沈阳辉山经济技术开发区", 500], ...SHENYANG_OTHERS.map((z) => [z, 80] as [string, number])];

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"),
    "T-HO,000_a15158e3137421c5.txt,测试,到2025年沈阳开发区地区生产总值占全市50%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2025,50,%,linear,,true,,\n"
    // A growth target due 2025 from 2024 (qa41 B: it stayed 符合进度 on no 2025 rate at all).
    + "T-HOG,000_a15158e3137421c5.txt,测试,沈阳开发区地区生产总值年均增长5%以上,C210100_ED,gdp,growth,>=,false,,,,2024,,2025,5,%,linear,,true,,\n");
  p.drop("2024年_沈阳开发区.csv", rows("2024年", "", [["沈阳经济技术开发区", 1100], ["沈阳辉山经济技术开发区", 600], ...SHENYANG_OTHERS.map((z) => [z, 100] as [string, number])]));
  p.drop("2024年各市主要指标.csv", regions("2024", 32000, 5000));
  p.drop("2025年1-9月_沈阳开发区.csv", rows("2025年1-9月", "累计", y2025));
  let r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  p.drop("2025年_沈阳开发区.csv", rows("2025年", "", y2025));
  p.drop("2025年各市主要指标.csv", regions("2025", 33000, 5200));
  r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a year whose every zone value is held", () => {
  it("has no 2025 sum, all 11 values held by YTD_REPEATED", async () => {
    const held = await p.query<{ n: number }>(`select count(*)::integer as n from main_intermediate.int_held_values where year = 2025 and held_rule = 'YTD_REPEATED'`);
    expect(held).toEqual([{ n: 11 }]);
    const sums = await p.query(`select value from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2025年'`);
    expect(sums).toEqual([]);
  });

  it("the 2025 target is not judged, and not on 2024's 52%", async () => {
    const [v] = await p.query<{ deadline_verdict: string; headline_status: string; headline_text: string }>(
      `select deadline_verdict, headline_status, headline_text from main.target_verdicts where target_id = 'T-HO'`);
    expect(v).toEqual({ deadline_verdict: "incomplete", headline_status: "incomplete", headline_text: "2025年数据待核实（11 个需核实数值核实前不计入，暂无合计，不判定）" });
    const [g] = await p.query<{ deadline_verdict: string; headline_text: string }>(`select deadline_verdict, headline_text from main.target_verdicts where target_id = 'T-HOG'`);
    expect(g).toEqual({ deadline_verdict: "incomplete", headline_text: "2025年数据待核实（11 个需核实数值核实前不计入，暂无合计，不判定）" });
    // Read as 到期待核实 wherever the status is shown: every zone reported, none is missing (not 数据不全).
    const w = await p.query<{ target_id: string; headline_label: string; headline_awaits_check: boolean }>(
      `select target_id, headline_label, headline_awaits_check from main.target_verdicts where target_id in ('T-HO', 'T-HOG') order by 1`);
    expect(w).toEqual([{ target_id: "T-HO", headline_label: "到期待核实", headline_awaits_check: true }, { target_id: "T-HOG", headline_label: "到期待核实", headline_awaits_check: true }]);
  });

  it("`report --period 2025年` writes the year (it was refused as 没有期间), its held values named, its target 到期待核实", async () => {
    const out = path.join(p.config.projectDir, "r2025.md");
    const r = await p.run("report", "--period", "2025年", "--format", "md", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("2025年");
    // The 11 held 2025 values are named, by a zone of them and the rule's reason (heldOnly).
    expect(md).toContain("沈阳辉山经济技术开发区");
    // T-HO and T-HOG (their 2025 rows have no figure, every value held: listed, not left to an older period); 表2 too.
    expect(md).toMatch(/已到目标年的\d+项中，到期待核实2项/);
    expect(md).toMatch(/占全市比重2025年不低于50% \| 到期待核实 \|/);
    expect(md).not.toMatch(/到期(已)?达成/);
    // A live target (D001-02, the 沈阳 document's 2030 地区生产总值) is 待核实 on 2025 too, not judged on the 1-9月 (qa42 F5).
    expect(md).not.toMatch(/落后进度，2025年1-9月/);
    expect(md).toMatch(/《沈阳市[^》]*》：有数据的目标(\d+)项。目标年未到的\1项中，待核实\1项。/);
  });
});
