/**
 * confirm and its undo name the flags their re-audit opened and closed (stat-qa3 F8: confirming a city total pulled a
 * zone out of the totals, and the output said only 新增 1 个需核实标记). Real DuckDB, real CSV files, the real CLI.
 *
 * By hand (as tests/ingest/audit-above-parent-suspect.test.ts): 沈阳市 2023年1-3月 480, 2024年1-3月 5 → JUMP_20X on the
 * city's 5 (480 ÷ 5 = 96 > 20), and ABOVE_PARENT on the same cell (the zone's 29.2 > 5 with a suspect parent). Confirming
 * the 5: the city's total is no longer suspect, so ABOVE_PARENT goes to the zone's 29.2 (line 3, held) and the city's is
 * closed; undo moves it back.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const HEAD = "entity,period,indicator,value,unit,basis\n";
const Z = "沈阳经济技术开发区";
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;
const FILE = "02_2024年1-3月.csv";
let p: TestProject;

beforeAll(async () => {
  p = tempProject();
  p.drop("01_2023年1-3月.csv", HEAD + row("沈阳市", "2023年1-3月", 480) + row(Z, "2023年1-3月", 28));
  expect((await p.run("ingest")).code).toBe(0);
  p.drop(FILE, HEAD + row("沈阳市", "2024年1-3月", 5) + row(Z, "2024年1-3月", 29.2));
  const r = await p.run("ingest");
  expect(r.code).toBe(0);
  // One value (the city's 5) carrying two flags is one value to check (stat-qa4 F2: counted as 2 个数值).
  expect(r.stdout + r.stderr).toContain("1 个数值需核实");
  expect((await p.run("status")).stdout).toContain("需核实的数值：1（2 个标记）");
}, 120_000);
afterAll(() => p.cleanup());

describe("confirm names what its re-audit changed", () => {
  it("confirm: the zone's new flag with its place and effect, the city's closed one with why; undo the reverse", async () => {
    const [jump] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where rule_code = 'JUMP_20X'`);
    const ok = await p.run("confirm", "--flag", String(jump!.flag_id), "--by", "王统计", "--reason", "市统计局确认");
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    const [zone] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where state = 'open' and line = 3`);
    const [city] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where rule_code = 'ABOVE_PARENT' and line = 2`);
    expect(ok.stdout).toContain(`复核新开 标记号 ${zone!.flag_id} ${FILE}:3:D ${Z} 地区生产总值 2024年1-3月（核实前不计入合计）：`);
    expect(ok.stdout).toMatch(new RegExp(`复核解除 标记号 ${city!.flag_id} ${FILE}:2:D 沈阳市 地区生产总值 2024年1-3月：已解除`));
    const undo = await p.run("confirm", "--undo", "--flag", String(jump!.flag_id), "--by", "王统计", "--reason", "撤销");
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    // The zone's value goes back into the totals, and the output says so (stat-qa4 F6: the header said the opposite).
    expect(undo.stdout).toContain(`复核解除 标记号 ${zone!.flag_id} ${FILE}:3:D ${Z} 地区生产总值 2024年1-3月（解除后计入合计）：`);
    expect(undo.stdout).not.toContain("重新不计入合计");
    expect(undo.stdout).toContain(`复核新开 标记号 ${city!.flag_id} ${FILE}:2:D 沈阳市 地区生产总值 2024年1-3月（以它为分母的占比标为分母需核实）：`);
  });
});

describe("confirm and undo of a city total whose only own finding is a fall (stat-qa4 F9)", () => {
  it("undo puts the flag back on the city and the right zone back in the totals; the ABOVE_PARENT number confirm listed can be undone", async () => {
    // First year, no 上年同期. 沈阳市 1-3月 1400, 1-6月 298 (typed for 2980): YTD_DECREASE on the 298; its zones 310 + 125
    // + 62 = 497 > 298 × 1.1 with that finding beside → ABOVE_PARENT on the city too, zones summed. Confirming the 298
    // hands ABOVE_PARENT to the largest zone (310, held); undoing must hand it back (it stayed on the zone: the re-audit
    // ran only after a holding rule's undo).
    const q = tempProject();
    try {
      q.drop("a_2024年1-3月.csv", HEAD + row("沈阳市", "2024年1-3月", 1400) + row(Z, "2024年1-3月", 150) + row("沈阳辉山经济技术开发区", "2024年1-3月", 60) + row("沈阳金融商贸开发区", "2024年1-3月", 30));
      q.drop("b_2024年1-6月.csv", HEAD + row("沈阳市", "2024年1-6月", 298) + row(Z, "2024年1-6月", 310) + row("沈阳辉山经济技术开发区", "2024年1-6月", 125) + row("沈阳金融商贸开发区", "2024年1-6月", 62));
      expect((await q.run("ingest")).code).toBe(0);
      const openFlags = () => q.query<{ flag_id: number; line: number; rule_code: string }>(`select flag_id, line, rule_code from ingest.audit_flags where state = 'open' order by flag_id`);
      const before = await openFlags();
      expect(before.map((f) => `${f.line} ${f.rule_code}`).sort()).toEqual(["2 ABOVE_PARENT", "2 YTD_DECREASE"]);
      const above = before.find((f) => f.rule_code === "ABOVE_PARENT")!;
      const ok = await q.run("confirm", "--file", "b_2024年1-6月.csv", "--line", "2", "--by", "李核", "--reason", "市局确认");
      expect(ok.code, ok.stdout + ok.stderr).toBe(0);
      expect((await openFlags()).map((f) => `${f.line} ${f.rule_code}`)).toEqual(["3 ABOVE_PARENT"]);
      // The number confirm listed (the city's ABOVE_PARENT, since closed by the re-audit) undoes the value's confirmation.
      const undo = await q.run("confirm", "--undo", "--flag", String(above.flag_id), "--by", "李核", "--reason", "撤销");
      expect(undo.code, undo.stdout + undo.stderr).toBe(0);
      expect((await openFlags()).map((f) => `${f.line} ${f.rule_code}`).sort()).toEqual(["2 ABOVE_PARENT", "2 YTD_DECREASE"]);
      expect(undo.stdout).toContain(`复核解除 标记号`);
    } finally {
      q.cleanup();
    }
  });
});
