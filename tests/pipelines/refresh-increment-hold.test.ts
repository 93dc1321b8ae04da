/**
 * quarantine-qa finding 5: a ×10 typo in a 1-12月 累计 that stays below its city's total and under JUMP_20X is
 * flagged by INCREMENT_JUMP (需核实) and, while the flag is open, held out of the scope sums like an ABOVE_PARENT
 * value (int_scope_values) — so an expired share target is not judged on it: 数据不全, not 已达成. Once confirmed
 * (zonestat confirm: the statistician vouches for the value) it is summed and the verdict is 达成. Real DuckDB, real
 * CSV files, the real CLI's refresh; the target is the test's own (an edited copy of the project's seeds).
 *
 * Files (line 2 = first data row), 地区生产总值 累计, 亿元:
 *   沈阳经开区 (ED210101): 2024年1-3月 20, 1-6月 42, 1-9月 63, 1-12月 850 (85 typed as 850).
 *   The ten other zones of 沈阳市 (C210100_ED has 11, as tests/pipelines/refresh-quarantine.test.ts): 1-12月 20 each.
 *   沈阳市 2024年1-12月 2000. Target T-INC-01: C210100_ED's GDP ≥ 40% of 沈阳市's by 2024 (expired: 2024 has 1-12月).
 * By hand:
 *   INCREMENT_JUMP: 850 − 63 = 787 against 63 / 3 = 21 (no 2023) → 37.5× > 15. JUMP_20X: 850 / 63 = 13.5 < 20;
 *   ABOVE_PARENT: 850 < 2000. So only INCREMENT_JUMP flags it.
 *   held:      C210100_ED = 10 × 20 = 200, 10 of 11 reporting, 1 held → partial → deadline verdict 数据不全 (incomplete).
 *   confirmed: 850 + 200 = 1050; 1050 / 2000 = 52.5% ≥ 40% → 达成 (achieved).
 *   (With the true 85: 285 / 2000 = 14.25% → 未达成 — what the held verdict keeps from being overturned silently.)
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;
const OTHERS = ["沈阳辉山经济技术开发区", "沈阳金融商贸开发区", "沈阳欧盟经济开发区", "辽中经济开发区", "沈阳雪松经济开发区", "法库经济开发区", "康平经济开发区", "沈阳道义经济开发区", "沈阳浑河民族经济开发区", "新民经济开发区"];
const ZONE = "沈阳经济技术开发区";
const DOC = "测试_增量核实.txt";

let p: TestProject;
afterAll(() => p?.cleanup());

type Verdict = { deadline_verdict: string | null };
const verdict = async () => (await p.query<Verdict>(`select deadline_verdict from main.target_verdicts where target_id = 'T-INC-01'`))[0]?.deadline_verdict;
const sum = () =>
  p.query<{ value: number; zones_reporting: number; zones_held_for_check: number; is_partial: boolean }>(
    `select value, zones_reporting::integer as zones_reporting, zones_held_for_check::integer as zones_held_for_check, is_partial
     from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`);

describe("a ×10 typo below its parent (INCREMENT_JUMP) is held out of the sums while 需核实", () => {
  it("flagged → the expired share target is 数据不全, not 已达成; confirmed → summed, 达成", async () => {
    p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
    const seeds = path.join(p.dir, "project", "sources", "seeds");
    appendFileSync(path.join(seeds, "targets.csv"), `T-INC-01,${DOC},一,到2024年沈阳市经济开发区地区生产总值占全市40%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2024,40,%,linear,,true,,\n`);
    appendFileSync(path.join(seeds, "documents.csv"), `${DOC},,测试用目标（非政策文件）,测试,\n`);
    p.drop("2024年1-3月_开发区.csv", HEAD + row(ZONE, "2024年1-3月", 20));
    p.drop("2024年1-6月_开发区.csv", HEAD + row(ZONE, "2024年1-6月", 42));
    p.drop("2024年1-9月_开发区.csv", HEAD + row(ZONE, "2024年1-9月", 63));
    p.drop("2024年1-12月_开发区.csv", HEAD + row(ZONE, "2024年1-12月", 850) + OTHERS.map((z) => row(z, "2024年1-12月", 20)).join(""));
    p.drop("2024年1-12月_沈阳市.csv", HEAD + row("沈阳市", "2024年1-12月", 2000));
    const first = await p.run("refresh");
    expect(first.code, first.stdout + first.stderr).toBe(0);

    const open = await p.query<{ flag_id: number; rule_code: string; message: string }>(
      `select flag_id, rule_code, message from ingest.audit_flags where state = 'open' and entity_code = 'ED210101' order by flag_id`);
    expect(open.map((f) => f.rule_code)).toEqual(["INCREMENT_JUMP"]);
    expect(open[0]!.message).toBe("「地区生产总值」2024年1-12月累计 850 亿元，其中2024年10-12月当季增量 787 亿元，是本年此前3个季度（2024年1-9月）平均当季增量 21 亿元的 37.5 倍（是否多输了一位？）");
    expect(await sum()).toEqual([{ value: 200, zones_reporting: 10, zones_held_for_check: 1, is_partial: true }]);
    expect(await verdict()).toBe("incomplete");
    const reason = await p.query<{ reason: string }>(`select reason from main.target_status where target_id = 'T-INC-01' and period_label = '2024年'`);
    expect(reason).toEqual([{ reason: "1 个需核实数值核实前不计入，合计不完整" }]);
    // The zone's page shows the value marked; 数据质量 says it is kept out of totals until checked.
    const page = (rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
    const zonePage = page("zones/ED210101.html");
    expect(zonePage).toMatch(/850(\.0)? 亿元（需核实）/);
    // stat-qa 7 / reader-qa 6: the reason is the holding flag's own (850 < 沈阳市 2000, so never "大于所在市…").
    const flag = open[0]!.flag_id;
    expect(zonePage).toContain(`地区生产总值（标记号 ${flag}，当季增量异常偏大）`);
    expect(zonePage).not.toContain("大于所在市");
    // reader-qa 11: no 同比 beside a held value (card and table say —（需核实））.
    expect(zonePage).toContain("同比—（需核实）");
    const ranking = page("ranking.html");
    expect(ranking).toContain(`沈阳经济技术开发区（标记号 ${flag}，当季增量异常偏大）；其他开发区的名次不受影响`);
    expect(ranking).not.toContain("大于所在市");
    const cities = page("cities.html");
    expect(cities).toContain(`沈阳经济技术开发区（标记号 ${flag}，当季增量异常偏大）`);
    expect(cities).not.toContain("大于所在市");
    // 占比's city chart marks 沈阳市's 10 × 20 = 200 as incomplete (it was marked only for ABOVE_PARENT holds).
    expect(page("shares.html")).toContain("沈阳市 200.0 亿元（数据不全，1个数值需核实未计入）");
    const dq = await p.query<{ detail: string }>(`select detail from main.data_quality where check_code = 'INCREMENT_JUMP' and entity_code = 'ED210101'`);
    expect(dq.map((d) => d.detail.includes("核实前该数值不计入各范围合计和占比"))).toEqual([true]);

    const confirm = await p.run("confirm", "--flag", String(open[0]!.flag_id), "--by", "张三", "--reason", "电话核实");
    expect(confirm.code, confirm.stderr).toBe(0);
    const again = await p.run("refresh");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    expect(await sum()).toEqual([{ value: 1050, zones_reporting: 11, zones_held_for_check: 0, is_partial: false }]);
    expect(await verdict()).toBe("achieved");
  });
});
