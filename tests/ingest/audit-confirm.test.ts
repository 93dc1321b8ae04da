/**
 * After a 核实性 flag: `zonestat status` lists it, `zonestat confirm` records who/when/why
 * (by flag id or by file and line) and it stops showing as 需核实 while staying in
 * history; a newer file with the corrected value clears it. And the rule files are
 * validated on load with errors naming file and key.
 */
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAuditRules } from "../../pipelines/ingest/audit-rules.js";
import { loadReference } from "../../pipelines/ingest/reference.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
// 1-3月 200 then 1-6月 150: the 1-6月 value (line 3) falls below the 1-3月 → YTD_DECREASE, 核实性.
const FALLING = HEAD + "沈阳经济技术开发区,2024年1-3月,地区生产总值,200,亿元,累计\n沈阳经济技术开发区,2024年1-6月,地区生产总值,150,亿元,累计\n";

async function flags(p: TestProject) {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return await db.all<{ flag_id: number; name: string; line: number; state: string; confirmed_by: string | null; confirm_reason: string | null; confirmed_at: string | null; resolved_by: string | null }>(
      `select a.flag_id, f.name, a.line, a.state, a.confirmed_by, a.confirm_reason, a.confirmed_at::varchar as confirmed_at, r.name as resolved_by
       from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.files r on r.file_id = a.resolved_by_file_id order by a.flag_id`);
  } finally {
    await db.close();
  }
}

describe("zonestat confirm", () => {
  it("by flag id: status lists the flag, confirm keeps who/when/why, the flag leaves status but stays in history", async () => {
    const p = tempProject();
    projects.push(p);
    p.drop("falling.csv", FALLING);
    const ingested = await p.run("ingest");
    expect(ingested.code).toBe(0);
    expect(ingested.stdout).toContain("1 个数值需核实");
    // The archived file's report lists the flag with its id.
    const report = readFileSync(path.join(p.dir, "archive", "falling.csv.problems.txt"), "utf8");
    expect(report).toContain("falling.csv:3:D [YTD_DECREASE]");
    const [flag] = await flags(p);
    expect(flag).toMatchObject({ name: "falling.csv", line: 3, state: "open" });
    expect(report).toContain(`标记号 ${flag!.flag_id}`);

    const before = await p.run("status");
    expect(before.stdout).toContain("需核实的数值：1");
    expect(before.stdout).toContain(`标记号 ${flag!.flag_id} falling.csv:3:D [YTD_DECREASE]`);

    const ok = await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "张三", "--reason", "经开区统计科电话核实：一季度含一次性土地收入");
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain("已核实 1 个标记");
    // The zone, indicator and period the value is about (stat-qa 9).
    expect(ok.stdout).toContain(`标记号 ${flag!.flag_id} falling.csv:3:D [YTD_DECREASE] 沈阳经济技术开发区 地区生产总值 2024年1-6月：`);
    const [after] = await flags(p);
    expect(after).toMatchObject({ state: "confirmed", confirmed_by: "张三", confirm_reason: "经开区统计科电话核实：一季度含一次性土地收入" });
    expect(after!.confirmed_at).toMatch(/^\d{4}-\d\d-\d\d /);
    const afterStatus = (await p.run("status")).stdout;
    expect(afterStatus).toContain("需核实的数值：0");
    // The confirmation is in the run history with what it did (operator finding 8).
    expect(afterStatus).toContain(`confirm ok`);
    expect(afterStatus).toContain(`张三 核实 1 个标记（标记号 ${flag!.flag_id}）：经开区统计科电话核实：一季度含一次性土地收入`);

    // Confirming again says by whom it was done; an unknown id is not found.
    const again = await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "李四", "--reason", "再次确认");
    expect(again.code).toBe(1);
    expect(again.stderr).toContain("CONFIRM_NOT_OPEN");
    expect(again.stderr).toContain("张三");
    const missing = await p.run("confirm", "--flag", "999", "--by", "李四", "--reason", "x");
    expect(missing.stderr).toContain("CONFIRM_NOT_FOUND");
    expect((await flags(p))[0]!.confirmed_by).toBe("张三");
  });

  it("by file and line; without a target or with an empty reason it is a usage error", async () => {
    const p = tempProject();
    projects.push(p);
    p.drop("falling.csv", FALLING);
    await p.run("ingest");
    const noTarget = await p.run("confirm", "--by", "张三", "--reason", "x");
    expect(noTarget.code).toBe(2);
    expect(noTarget.stderr).toContain("USAGE_CONFIRM");
    const noReason = await p.run("confirm", "--file", "falling.csv", "--line", "3", "--by", "张三", "--reason", " ");
    expect(noReason.code).toBe(2);
    // Line 2 (the 1-3月 value) carries no flag.
    expect((await p.run("confirm", "--file", "falling.csv", "--line", "2", "--by", "张三", "--reason", "x")).stderr).toContain("CONFIRM_NOT_FOUND");
    const ok = await p.run("confirm", "--file", "falling.csv", "--line", "3", "--column", "d", "--by", "张三", "--reason", "已核实");
    expect(ok.code).toBe(0);
    expect((await flags(p))[0]!.state).toBe("confirmed");
  });

  it("a newer file with the corrected value clears the flag (state corrected, naming the file); history kept", async () => {
    const p = tempProject();
    projects.push(p);
    p.drop("falling.csv", FALLING);
    await p.run("ingest");
    // The zone corrects 1-6月 to 250 (≥ 200): no new flag, the old one is corrected by fix.csv.
    p.drop("fix.csv", HEAD + "沈阳经济技术开发区,2024年1-6月,地区生产总值,250,亿元,累计\n");
    await p.run("ingest");
    expect(await flags(p)).toEqual([expect.objectContaining({ name: "falling.csv", line: 3, state: "corrected", resolved_by: "fix.csv" })]);
    expect((await p.run("status")).stdout).toContain("需核实的数值：0");
    const confirm = await p.run("confirm", "--file", "falling.csv", "--line", "3", "--by", "张三", "--reason", "x");
    expect(confirm.stderr).toContain("fix.csv");
  });

  it("a newer file that repeats a wrong value gets its own flag; the old one is closed as corrected", async () => {
    const p = tempProject();
    projects.push(p);
    p.drop("falling.csv", FALLING);
    await p.run("ingest");
    // Still 140 < 200: the new file's line 2 is flagged.
    p.drop("again.csv", HEAD + "沈阳经济技术开发区,2024年1-6月,地区生产总值,140,亿元,累计\n");
    await p.run("ingest");
    expect((await flags(p)).map((f) => `${f.name}:${f.line} ${f.state}`)).toEqual(["falling.csv:3 corrected", "again.csv:2 open"]);
  });
});

describe("confirming a value confirms every open flag on it", () => {
  it("FIRST_QUARTER_JUMP and YTD_OUT_OF_LINE on one 1-3月: one confirm closes both and says so; another value's flag stays; undo reopens both", async () => {
    // By hand (tests/ingest/audit-ytd-located.test.ts, the tester's case): 沈阳经开区 2023 1-3月 67.3, 1-6月 140.1;
    // 2024 1-3月 696 (10.34× its 上年同期 > 5: FIRST_QUARTER_JUMP, a mark), 1-6月 145.4 (below 696, in line with
    // 140.1: YTD_OUT_OF_LINE on the 696, a hold). 大连经开区 2024 1-3月 50, 1-6月 40 with no last year: YTD_DECREASE
    // on its 40 — another value, not confirmed with the 696.
    const p = tempProject();
    projects.push(p);
    const rows: Array<[string, string, number]> = [["沈阳经济技术开发区", "2023年1-3月", 67.3], ["沈阳经济技术开发区", "2023年1-6月", 140.1],
      ["沈阳经济技术开发区", "2024年1-3月", 696], ["大连经济技术开发区", "2024年1-3月", 50], ["沈阳经济技术开发区", "2024年1-6月", 145.4], ["大连经济技术开发区", "2024年1-6月", 40]];
    for (const period of ["2023年1-3月", "2023年1-6月", "2024年1-3月", "2024年1-6月"]) {
      p.drop(`${period}.csv`, HEAD + rows.filter((r) => r[1] === period).map(([e, q, v]) => `${e},${q},地区生产总值,${v},亿元,累计\n`).join(""));
    }
    expect((await p.run("ingest")).code).toBe(0);
    type F = { flag_id: number; rule_code: string; state: string; value: number; confirm_reason: string | null; held: boolean };
    const all = () => p.query<F>(`select flag_id, rule_code, state, value, confirm_reason, rule_code in (select rule_code from ingest.held_audit_rules) as held
      from ingest.audit_flags order by flag_id`);
    const before = await all();
    expect(before.map((f) => `${f.rule_code} ${f.value} ${f.state}`).sort()).toEqual(["FIRST_QUARTER_JUMP 696 open", "YTD_DECREASE 40 open", "YTD_OUT_OF_LINE 696 open"]);
    const mark = before.find((f) => f.rule_code === "FIRST_QUARTER_JUMP")!;
    const hold = before.find((f) => f.rule_code === "YTD_OUT_OF_LINE")!;
    expect(hold.held).toBe(true);

    // Confirming the mark (the flag the statistician saw first) confirms the hold too: the 696 is summed once confirmed.
    const ok = await p.run("confirm", "--flag", String(mark.flag_id), "--by", "王统计", "--reason", "开发区统计科电话核实");
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain("已核实 2 个标记");
    expect(ok.stdout).toContain(`同时核实标记号 ${hold.flag_id}（2024年1-3月.csv:2:D [YTD_OUT_OF_LINE] 沈阳经济技术开发区 地区生产总值 2024年1-3月：`);
    expect(ok.stdout).toContain(`：同一数值，随标记号 ${mark.flag_id}`);
    const after = await all();
    expect(after.map((f) => `${f.rule_code} ${f.state}`).sort()).toEqual(["FIRST_QUARTER_JUMP confirmed", "YTD_DECREASE open", "YTD_OUT_OF_LINE confirmed"]);
    expect(after.find((f) => f.flag_id === hold.flag_id)!.confirm_reason).toBe(`开发区统计科电话核实（随标记号 ${mark.flag_id} 一并核实：同一数值）`);
    // No open holding flag is left on the 696 (int_scope_values sums it); status counts the 大连 flag alone.
    expect(after.filter((f) => f.state === "open" && f.held)).toEqual([]);
    expect((await p.run("status")).stdout).toContain("需核实的数值：1");

    // Undo of the hold: the value is 需核实 again, so both flags are open again (the hold holds again).
    const undo = await p.run("confirm", "--undo", "--flag", String(hold.flag_id), "--by", "王统计", "--reason", "撤销");
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect(undo.stdout).toContain(`同时撤销标记号 ${mark.flag_id} 的核实`);
    expect((await all()).map((f) => `${f.rule_code} ${f.state}`).sort()).toEqual(["FIRST_QUARTER_JUMP open", "YTD_DECREASE open", "YTD_OUT_OF_LINE open"]);
  });
});

describe("a confirmation survives withdraw and restore", () => {
  it("the restored file's flag comes back confirmed, with who and why; a different value would not be (stat-qa finding 5)", async () => {
    const p = tempProject();
    projects.push(p);
    p.drop("falling.csv", FALLING);
    expect((await p.run("ingest")).code).toBe(0);
    const [flag] = await flags(p);
    expect((await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "张三", "--reason", "一季度含一次性收入")).code).toBe(0);
    expect((await p.run("withdraw", "falling.csv")).code).toBe(0);
    // Withdrawn: its values are no longer current, so the finding no longer stands.
    expect((await flags(p)).find((f) => f.flag_id === flag!.flag_id)!.state).not.toBe("confirmed");
    const restored = await p.run("restore", "falling.csv");
    expect(restored.code, restored.stderr).toBe(0);
    const after = (await flags(p)).find((f) => f.flag_id === flag!.flag_id)!;
    expect(after).toMatchObject({ state: "confirmed", confirmed_by: "张三", confirm_reason: "一季度含一次性收入" });
    expect((await p.run("status")).stdout).toContain("需核实的数值：0");
  });
});

describe("rule files are validated on load", () => {
  const ref = loadReference(path.join(REPO, "sources/seeds"));
  const cases: Array<[string, string, RegExp]> = [
    ["unknown kind", "rules:\n  - {code: X, message: m, kind: nonsense, severity: 核实性, indicators: {kinds: [flow]}}\n", /rules\.0\.kind/],
    ["unknown severity", "rules:\n  - {code: X, message: m, kind: range, severity: 警告, indicators: {kinds: [flow]}, params: {min: 0}}\n", /rules\.0\.severity/],
    ["unknown indicator code", "rules:\n  - {code: X, message: m, kind: range, severity: 强制性, indicators: {codes: [gdp, gpd]}, params: {min: 0}}\n", /rules\.0\.indicators\.codes\.1.*gpd/],
    ["unknown key", "rules:\n  - {code: X, message: m, kind: range, severity: 强制性, indicators: {kinds: [flow]}, params: {min: 0}, scope: all}\n", /rules\.0\.scope/],
    ["range without bounds", "rules:\n  - {code: X, message: m, kind: range, severity: 强制性, indicators: {kinds: [flow]}, params: {}}\n", /rules\.0\.params/],
    ["jump ratio missing", "rules:\n  - {code: X, message: m, kind: jump, severity: 核实性, indicators: {kinds: [flow]}, params: {}}\n", /rules\.0\.params\.ratio/],
    ["unknown placeholder", "rules:\n  - {code: X, message: '{valeu}', kind: range, severity: 强制性, indicators: {kinds: [flow]}, params: {min: 0}}\n", /rules\.0\.message.*valeu/],
    ["duplicate code", "rules:\n  - {code: X, message: m, kind: range, severity: 强制性, indicators: {kinds: [flow]}, params: {min: 0}}\n  - {code: X, message: m, kind: range, severity: 强制性, indicators: {kinds: [stock]}, params: {min: 0}}\n", /rules\.1\.code.*重复/],
    ["selection covers nothing", "rules:\n  - {code: X, message: m, kind: range, severity: 强制性, indicators: {kinds: [rate], units: [亿元]}, params: {min: 0}}\n", /rules\.0\.indicators/],
  ];
  for (const [label, yaml, key] of cases) {
    it(`${label}: PROJECT_AUDIT_RULES_INVALID naming the file and ${key.source}`, () => {
      const p = tempProject();
      projects.push(p);
      const dir = path.join(p.dir, "rules");
      mkdirSync(dir);
      writeFileSync(path.join(dir, "bad.yml"), yaml);
      let err: { code?: string; message?: string } = {};
      try {
        loadAuditRules(dir, ref);
      } catch (e) {
        err = e as typeof err;
      }
      expect(err.code).toBe("PROJECT_AUDIT_RULES_INVALID");
      expect(err.message).toContain(path.join(dir, "bad.yml"));
      expect(err.message).toMatch(key);
    });
  }

  it("the shipped rules load, each kind at least once, with the severities the issue asks for", () => {
    const rules = loadAuditRules(path.join(REPO, "sources/audit-rules"), ref);
    const by = Object.fromEntries(rules.map((r) => [r.code, r]));
    expect(by.NEGATIVE_VALUE).toMatchObject({ kind: "range", severity: "强制性" });
    expect(by.NEGATIVE_VALUE!.indicatorCodes).toEqual(expect.arrayContaining(["gdp", "fiscal_revenue", "exports", "fixed_asset_investment", "enterprises", "planned_area"]));
    expect(by.RATE_OUT_OF_RANGE!.indicatorCodes).toContain("land_development_rate");
    expect(by.RATE_OUT_OF_RANGE!.indicatorCodes).not.toContain("energy_per_iva"); // 吨标准煤/万元 is a rate but not a percentage
    for (const c of ["YTD_DECREASE", "YTD_OUT_OF_LINE", "JUMP_20X", "ABOVE_PARENT", "TOTAL_MISMATCH", "GROWTH_MISMATCH", "INCREMENT_JUMP", "PEER_OUTLIER"]) expect(by[c]!.severity).toBe("核实性");
    // PEER_OUTLIER marks, it does not hold (a large new zone beside small ones is possible).
    expect(by.PEER_OUTLIER).toMatchObject({ kind: "peer_outlier", holds: false, params: { ratio: 6, min_peers: 2 } });
    expect(by.YTD_REPEATED).toMatchObject({ kind: "ytd_repeated", holds: true, params: { min_values: 2, share: 0.8 } });
    expect(new Set(rules.map((r) => r.kind))).toEqual(new Set(["range", "ytd_not_decreasing", "jump", "not_above_parent", "total_matches_sum", "growth_consistent", "increment_jump", "ytd_out_of_line", "peer_outlier", "ytd_repeated"]));
  });
});
