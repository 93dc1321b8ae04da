/**
 * stat-qa9 F1 and F3 on one project (and F7's growth target, which stays judged like for like, 可比口径, as designed). Real CLI refresh, real DuckDB, real files.
 *
 * 沈阳's 11 经济开发区 (C210100_ED), 地区生产总值 1-12月 累计 (亿元):
 *   2023: 沈阳经开区 100, 辉山 90, 金融商贸 88, 欧盟 86, 辽中 87, the six others 10 each — all 11 reported.
 *   2024: the same four 100 / 90 / 88 / 86, 辽中 not reported (its true value 88 would count), the six others 11 each.
 * Region totals in 「…年1-12月全省及各市主要经济指标」 files: 辽宁省 5,600 then 60,000 (6,000 typed ×10), 沈阳市 1,900 then 2,000.
 * Targets: T-CNT — zones with GDP ≥ 85 at least 5 by 2024 (T-CNT3: at least 3); T-GR — GDP growing ≥ 8% a year from 2023 to 2024.
 * By hand:
 *   T-CNT 2024: 4 zones counted of 10 reporting, 辽中 missing — a lower bound below 5: 数据不全, not 未达成（差1家）;
 *     T-CNT3: the lower bound 4 is already ≥ 3: 达成.
 *   T-GR 2024: like for like over the 10 zones in both years: (364 + 66) / (364 + 60) − 1 = 1.42% < 8%: 未达成, its reason
 *     naming the 10 compared and the 1 left out (the bureau's 可比口径 growth; a count or level is not judged partial).
 *   辽宁省 2024年1-12月 60,000 is 10.7 × its 2023年1-12月 5,600, the first value of 2024 loaded: FIRST_QUARTER_JUMP, as the
 *     same figure in a 「2024年…」 file is (F1: in a 1-12月 file it passed).
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const FIRST = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区", "沈阳金融商贸开发区", "沈阳欧盟经济开发区", "辽中经济开发区"];
const SIX = SHENYANG_OTHERS.filter((z) => !FIRST.includes(z));
const rows = (period: string, pairs: Array<[string, number]>) => GDP_HEAD + pairs.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,累计\n`).join("");
const regions = (y: string, ln: number, sy: number) => `${y}年1-12月全省及各市主要经济指标\n地区,地区生产总值(亿元)\n辽宁省,${ln}\n沈阳市,${sy}\n`;

let p: TestProject;
beforeAll(async () => {
  expect(SIX.length).toBe(6);
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"),
    "T-CNT,000_a15158e3137421c5.txt,测试,到2024年地区生产总值85亿元以上的开发区达到5家,C210100_ED,gdp,count,>=,false,,,85,,,2024,5,家,linear,,true,,\n"
    + "T-CNT3,000_a15158e3137421c5.txt,测试,到2024年地区生产总值85亿元以上的开发区达到3家,C210100_ED,gdp,count,>=,false,,,85,,,2024,3,家,linear,,true,,\n"
    + "T-GR,000_a15158e3137421c5.txt,测试,地区生产总值年均增长8%以上,C210100_ED,gdp,growth,>=,false,,,,2023,,2024,8,%,linear,,true,,\n"
    + "T-GR30,000_a15158e3137421c5.txt,测试,到2030年地区生产总值年均增长8%以上,C210100_ED,gdp,growth,>=,false,,,,2023,,2030,8,%,linear,,true,,\n");
  p.drop("2023年1-12月_沈阳开发区.csv", rows("2023年1-12月", [[FIRST[0]!, 100], [FIRST[1]!, 90], [FIRST[2]!, 88], [FIRST[3]!, 86], [FIRST[4]!, 87], ...SIX.map((z) => [z, 10] as [string, number])]));
  p.drop("2023年1-12月全省及各市主要经济指标.csv", regions("2023", 5600, 1900));
  p.drop("2024年1-12月_沈阳开发区.csv", rows("2024年1-12月", [[FIRST[0]!, 100], [FIRST[1]!, 90], [FIRST[2]!, 88], [FIRST[3]!, 86], ...SIX.map((z) => [z, 11] as [string, number])]));
  p.drop("2024年1-12月全省及各市主要经济指标.csv", regions("2024", 60000, 2000));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

const verdict = async (id: string) => (await p.query<{ deadline_verdict: string; headline_text: string }>(
  `select deadline_verdict, headline_text from main.target_verdicts where target_id = '${id}'`))[0]!;

describe("stat-qa9: a partial count is not judged; a growth rate is like for like; a 1-12月 total ×10 is caught", () => {
  it("T-CNT: 4 of the reporting zones, 辽中 missing — 数据不全, not 未达成（差1家）", async () => {
    const s = await p.query<{ actual: number; is_partial: boolean; status: string }>(`select actual, is_partial, status from main.target_status where target_id = 'T-CNT' and year = 2024`);
    expect(s).toEqual([{ actual: 4, is_partial: true, status: "incomplete" }]);
    const v = await verdict("T-CNT");
    expect(v.deadline_verdict).toBe("incomplete");
    expect(v.headline_text).not.toContain("差1家");
  });

  it("T-CNT3 (≥ 3): the 4 counted already meet it — 达成 on the lower bound (stat-qa10 F6), said as such", async () => {
    const v = await verdict("T-CNT3");
    expect(v.deadline_verdict).toBe("achieved");
    expect(v.headline_text).toBe("2024年达成（按已计入的开发区已达4家）");
  });

  it("T-GR: judged like for like over the 10 zones with both years, and its reason says so (a growth rate is compared 可比口径)", async () => {
    const s = await p.query<{ actual: number; is_partial: boolean; reason: string }>(`select actual, is_partial, reason from main.target_status where target_id = 'T-GR' and year = 2024`);
    expect(s.length).toBe(1);
    expect(s[0]!.actual).toBeCloseTo(100 * (430 / 424 - 1), 6);
    expect(s[0]!.reason).toContain("按可比口径计算：10 家开发区2023年和2024年均有数值，另 1 家（共 11 家）缺少其中一年的数值，未计入");
    const v = await verdict("T-GR");
    expect(v.deadline_verdict).toBe("missed");
    // The headline says the rate is like for like over 10 of 11 (8 − 1.41509 = 6.58491 → 差6.58个百分点).
    expect(v.headline_text).toBe("2024年未达成（实际1.42%，要求8%，差6.58个百分点；按可比口径，10 家（共 11 家）两年均有数值）");
    // 总览's card marks the rate where it shows it.
    expect(pageText(p, "index.html")).toContain("1.4%（可比口径，10 家）");
    // And the report (qa40 F5: 「到期未达成，2024年为5.6%」 with no word of it).
    const out = path.join(p.config.projectDir, "r.md");
    const r = await p.run("report", "--format", "md", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("到期未达成，2024年为1.4%（可比口径，10 家），差6.6个百分点");
    // A live growth target too (qa41 C).
    expect(md).toContain("到2030年地区生产总值年均增长8%以上（2030年）（测试）：落后进度，2024年为1.4%（可比口径，10 家）");
  });

  it("辽宁省's 2024年1-12月 60,000 (10.7 × 5,600) carries FIRST_QUARTER_JUMP", async () => {
    const f = await p.query<{ rule_code: string; entity_name: string; value: number }>(`select rule_code, entity_name, value from ingest.audit_flags
      where state = 'open' and entity_name = '辽宁省'`);
    expect(f).toEqual([{ rule_code: "FIRST_QUARTER_JUMP", entity_name: "辽宁省", value: 60000 }]);
  });
});
