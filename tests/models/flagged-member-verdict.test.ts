/**
 * stat-qa10 F2: a target judged 到期达成 on a total that contains a zone value marked 需核实 by a rule that does not
 * hold it (FIRST_QUARTER_JUMP: summed as reported, marked). The flag says the value may be wrong, so the verdict waits
 * for it, as it waits for a flagged denominator. Real CLI refresh, confirm and report, real DuckDB.
 *
 * 沈阳's 11 经济开发区 (C210100_ED), 地区生产总值 亿元, over 沈阳市 (210100):
 *   2023年: 沈阳经开区 1,000, 辉山 100, the nine others 100 each = 2,000; 沈阳市 6,000 → 33.3%.
 *   2024年: 沈阳经开区 1,100, 辉山 600 (×6 its 2023 value, the year's first figure: FIRST_QUARTER_JUMP, not held), the
 *           nine others 100 each = 2,600; 沈阳市 5,000 → 52%.
 * Target T-FLAG ≥ 50% by 2024; T-GRF, growth ≥ 5% a year from 2023 (2,600 ÷ 2,000 − 1 = 30%, the flagged 600 in it). By hand: 52% ≥ 50% would be 达成, but if 辉山's 600 were 60 typed ×10 the share would be
 * (1,100 + 60 + 900) ÷ 5,000 = 41.2%, 未达成 — so until the flag is confirmed the deadline is not judged; once
 * confirmed, 达成 at 52%.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const rows = (period: string, values: Array<[string, number]>) =>
  GDP_HEAD + values.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,\n`).join("");
const others = SHENYANG_OTHERS.map((z) => [z, 100] as [string, number]);
const regions = (y: string, ln: number, sy: number) => `${y}年全省及各市主要经济指标\n地区,地区生产总值(亿元)\n辽宁省,${ln}\n沈阳市,${sy}\n`;
const target = `T-FLAG,000_a15158e3137421c5.txt,测试,到2024年沈阳开发区地区生产总值占全市50%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2024,50,%,linear,,true,,\n`
  // A growth rate compares the flagged value too (qa40 F4): 2,600 ÷ 2,000 − 1 = 30% ≥ 5% would be 达成.
  + `T-GRF,000_a15158e3137421c5.txt,测试,沈阳开发区地区生产总值年均增长5%以上,C210100_ED,gdp,growth,>=,false,,,,2023,,2024,5,%,linear,,true,,\n`
  // A live target over the same 2024 figure: its headline is the 2024 row, not judged either — 待核实, not 数据不全.
  + `T-LIVE,000_a15158e3137421c5.txt,测试,到2025年沈阳开发区地区生产总值占全市50%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2025,50,%,linear,,true,,\n`;

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"), target);
  p.drop("2023年_沈阳开发区.csv", rows("2023年", [["沈阳经济技术开发区", 1000], ["沈阳辉山经济技术开发区", 100], ...others]));
  p.drop("2023年各市主要指标.csv", regions("2023", 30000, 6000));
  p.drop("2024年_沈阳开发区.csv", rows("2024年", [["沈阳经济技术开发区", 1100], ["沈阳辉山经济技术开发区", 600], ...others]));
  p.drop("2024年各市主要指标.csv", regions("2024", 32000, 5000));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

type Verdict = { deadline_verdict: string; deadline_actual: number; completion_rate: number | null; headline_text: string };
const verdict = async () => (await p.query<Verdict>(`select deadline_verdict, round(deadline_actual, 6)::double as deadline_actual, completion_rate, headline_text
  from main.target_verdicts where target_id = 'T-FLAG'`))[0]!;
const flags = () => p.query<{ flag_id: number; rule_code: string; state: string }>(`select flag_id, rule_code, state from ingest.audit_flags a
  where a.entity_name = '沈阳辉山经济技术开发区' and a.period_label = '2024年' order by flag_id`);

describe("a target whose figure contains a flagged zone value", () => {
  it("辉山's 2024 value carries an open FIRST_QUARTER_JUMP that does not hold it: the share sums it (52%, complete)", async () => {
    expect((await flags()).map((f) => [f.rule_code, f.state])).toEqual([["FIRST_QUARTER_JUMP", "open"]]);
    const s = await p.query<{ share: number; is_partial: boolean }>(`select round(share, 6)::double as share, is_partial from main.shares
      where scope_code = 'C210100_ED' and indicator_code = 'gdp' and denominator_code = '210100' and period_label = '2024年' and is_matched_edition and is_preferred_numerator`);
    expect(s).toEqual([{ share: 0.52, is_partial: false }]);
  });

  it("target_status does not judge 2024 and says why; the verdict is not 达成", async () => {
    const ts = await p.query<{ status: string; values_check_count: number; reason: string }>(`select status, values_check_count::integer as values_check_count, reason
      from main.target_status where target_id = 'T-FLAG' and period_label = '2024年'`);
    expect(ts).toEqual([{ status: "incomplete", values_check_count: 1, reason: "含 1 个有未处理审核标记的开发区数值（需核实），核实或更正前不判定" }]);
    const v = await verdict();
    expect([v.deadline_verdict, v.completion_rate]).toEqual(["incomplete", null]);
    expect(v.headline_text).toBe("2024年数据待核实（含 1 个有未处理审核标记的开发区数值，核实或更正前不判定）");
    // Its label says why it waits (待核实), not 数据不全 (every zone reported): in the mart and `targets --status`.
    const [l] = await p.query<{ deadline_verdict_label: string; headline_label: string }>(`select deadline_verdict_label, headline_label from main.target_verdicts where target_id = 'T-FLAG'`);
    expect(l).toEqual({ deadline_verdict_label: "待核实", headline_label: "到期待核实" });
    const st = await p.run("targets", "--status");
    expect(st.stdout.split("\n").find((x) => x.startsWith("T-FLAG"))).toContain("到期待核实");
    const g = await p.query<{ deadline_verdict: string; headline_text: string }>(`select deadline_verdict, headline_text from main.target_verdicts where target_id = 'T-GRF'`);
    expect(g).toEqual([{ deadline_verdict: "incomplete", headline_text: "2024年数据待核实（含 1 个有未处理审核标记的开发区数值（2023年或2024年），核实或更正前不判定）" }]);
  });

  it("a live target on the flagged figure: 待核实 (every zone reported: not 数据不全)", async () => {
    const [v] = await p.query<{ headline_status: string; headline_label: string; headline_awaits_check: boolean }>(`select headline_status, headline_label,
      headline_awaits_check from main.target_verdicts where target_id = 'T-LIVE'`);
    expect(v).toEqual({ headline_status: "incomplete", headline_label: "待核实", headline_awaits_check: true });
  });

  it("总览 and the report show the figure marked, never 到期达成, and say 待核实 rather than 数据不全", async () => {
    const overview = pageText(p, "index.html");
    expect(overview).toContain("52.0%（含需核实数值）");
    // The first-screen count: 到期待核实 for T-FLAG and T-GRF, 待核实 for the live two (before: 到期数据不全2项、数据不全2项).
    expect(overview).toMatch(/到期待核实2项/);
    // Live: T-LIVE and D001-02 (the 沈阳 document's 2030 地区生产总值 5250亿元, on the same 2024 total with the flagged 600).
    const live = await p.query<{ target_id: string }>(`select target_id from main.target_verdicts where headline_awaits_check and not is_expired order by 1`);
    expect(live.map((t) => t.target_id)).toEqual(["D001-02", "T-LIVE"]);
    expect(overview).toMatch(/[^期]待核实2项/);
    expect(overview).not.toMatch(/数据不全\d+项/);
    const out = path.join(p.config.projectDir, "r.md");
    const r = await p.run("report", "--format", "md", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("含1个需核实的开发区数值");
    // 五、目标进展 counts and words: 到期待核实 (T-FLAG, T-GRF), 待核实 (T-LIVE); 数据不全 nowhere in that section's counts.
    expect(md).toMatch(/到期待核实2项/);
    expect(md).toMatch(/待核实1项/);
    expect(md).not.toMatch(/数据不全\d+项/);
    expect(md).not.toMatch(/占全市比重2024年不低于50%（测试）：到期达成/);
  });

  it("confirmed, the flag no longer stands: 达成 at 52%", async () => {
    const [f] = await flags();
    const c = await p.run("confirm", "--flag", String(f!.flag_id), "--by", "王统计", "--reason", "已与辉山经开区核实，600亿元无误");
    expect(c.code, c.stdout + c.stderr).toBe(0);
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const v = await verdict();
    expect([v.deadline_verdict, v.deadline_actual]).toEqual(["achieved", 52]);
    expect(v.headline_text).toBe("2024年达成（实际52%）");
    const g = await p.query<{ headline_text: string }>(`select headline_text from main.target_verdicts where target_id = 'T-GRF'`);
    expect(g).toEqual([{ headline_text: "2024年达成（实际30%，要求5%）" }]);
  });
});
