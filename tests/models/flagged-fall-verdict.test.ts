/**
 * qa40 F1: a fall between two 累计 of one year (YTD_DECREASE: which of the two is wrong cannot be told) flagged on the
 * earlier value left the later one — the year's 1-12月, the figure the target reads — unmarked, and the target was judged.
 * Both values of the fall are under check: the verdict waits. Real CLI refresh, real DuckDB.
 *
 * 沈阳's 11 经济开发区 (C210100_ED), 地区生产总值 亿元, over 沈阳市 (210100):
 *   2023年: 沈阳经开区 1,000, 辉山 500, the nine others 100 each = 2,400; 沈阳市 6,000.
 *   2024年1-12月: 沈阳经开区 1,100, 辉山 600, the nine others 100 each = 2,600; 沈阳市 5,000 → 52%.
 *   2024年1-9月 loaded after it: 辉山 700 — above its own 1-12月 600 (a fall; no 2023年1-9月 to decide which is wrong):
 *   YTD_DECREASE on the 700.
 * Target T-FALL ≥ 50% by 2024: 52% would be 达成, but if 辉山's 600 were wrong (say 700 + its Q4) the share moves: not
 * judged until the flag is confirmed. Confirmed (the 700 vouched for, the fall resolved by the statistician), 达成 at 52%.
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const rows = (period: string, basis: string, values: Array<[string, number]>) =>
  GDP_HEAD + values.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,${basis}\n`).join("");
const others = SHENYANG_OTHERS.map((z) => [z, 100] as [string, number]);
const regions = (y: string, ln: number, sy: number) => `${y}年全省及各市主要经济指标\n地区,地区生产总值(亿元)\n辽宁省,${ln}\n沈阳市,${sy}\n`;

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"),
    "T-FALL,000_a15158e3137421c5.txt,测试,到2024年沈阳开发区地区生产总值占全市50%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2024,50,%,linear,,true,,\n");
  p.drop("2023年_沈阳开发区.csv", rows("2023年", "", [["沈阳经济技术开发区", 1000], ["沈阳辉山经济技术开发区", 500], ...others]));
  p.drop("2023年各市主要指标.csv", regions("2023", 30000, 6000));
  p.drop("2024年1-12月_沈阳开发区.csv", rows("2024年1-12月", "累计", [["沈阳经济技术开发区", 1100], ["沈阳辉山经济技术开发区", 600], ...others]));
  p.drop("2024年各市主要指标.csv", regions("2024", 32000, 5000));
  let r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  p.drop("2024年1-9月_沈阳开发区.csv", rows("2024年1-9月", "累计", [["沈阳辉山经济技术开发区", 700]]));
  r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

const verdict = async () => (await p.query<{ deadline_verdict: string; headline_text: string }>(`select deadline_verdict, headline_text from main.target_verdicts where target_id = 'T-FALL'`))[0]!;

describe("a fall flagged on the earlier 累计", () => {
  it("the flag stands on the 1-9月 700; the 2024 share (52%) is not judged", async () => {
    const f = await p.query<{ rule_code: string; period_label: string; value: number }>(`select rule_code, period_label, value from ingest.audit_flags where state = 'open'`);
    expect(f).toEqual([{ rule_code: "YTD_DECREASE", period_label: "2024年1-9月", value: 700 }]);
    const v = await verdict();
    expect(v.deadline_verdict).toBe("incomplete");
    expect(v.headline_text).toBe("2024年数据待核实（含 1 个有未处理审核标记的开发区数值，核实或更正前不判定）");
  });

  it("confirmed, the target is judged: 达成 at 52%", async () => {
    const [f] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where state = 'open'`);
    const c = await p.run("confirm", "--flag", String(f!.flag_id), "--by", "王统计", "--reason", "已核实");
    expect(c.code, c.stdout + c.stderr).toBe(0);
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await verdict()).headline_text).toBe("2024年达成（实际52%）");
  });
});

/**
 * qa41 A: the same fall against a 「2024年」 年 value (a flow's 年 value is its year's 1-12月): 2024年 file with 辉山 600,
 * then a 1-9月 of 700 — YTD_DECREASE on the 700, and the 年 value the target reads waits with it.
 */
describe("a fall against the year's 年 value", () => {
  let q: TestProject;
  beforeAll(async () => {
    q = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
    appendFileSync(path.join(q.config.projectDir, "sources/seeds/targets.csv"),
      "T-FALL,000_a15158e3137421c5.txt,测试,到2024年沈阳开发区地区生产总值占全市50%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2024,50,%,linear,,true,,\n");
    q.drop("2023年_沈阳开发区.csv", rows("2023年", "", [["沈阳经济技术开发区", 1000], ["沈阳辉山经济技术开发区", 500], ...others]));
    q.drop("2023年各市主要指标.csv", regions("2023", 30000, 6000));
    q.drop("2024年_沈阳开发区.csv", rows("2024年", "", [["沈阳经济技术开发区", 1100], ["沈阳辉山经济技术开发区", 600], ...others]));
    q.drop("2024年各市主要指标.csv", regions("2024", 32000, 5000));
    let r = await q.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    q.drop("2024年1-9月_沈阳开发区.csv", rows("2024年1-9月", "累计", [["沈阳辉山经济技术开发区", 700]]));
    r = await q.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
  afterAll(() => q?.cleanup());

  it("the 2024 share (52%) waits for the flag", async () => {
    const f = await q.query<{ rule_code: string; period_label: string }>(`select rule_code, period_label from ingest.audit_flags where state = 'open'`);
    expect(f).toEqual([{ rule_code: "YTD_DECREASE", period_label: "2024年1-9月" }]);
    const [v] = await q.query<{ deadline_verdict: string; headline_text: string }>(`select deadline_verdict, headline_text from main.target_verdicts where target_id = 'T-FALL'`);
    expect(v).toEqual({ deadline_verdict: "incomplete", headline_text: "2024年数据待核实（含 1 个有未处理审核标记的开发区数值，核实或更正前不判定）" });
  });
});
