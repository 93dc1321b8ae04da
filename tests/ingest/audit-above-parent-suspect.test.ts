/**
 * ABOVE_PARENT when the parent's own value is the wrong one: a city total with an open finding of another holding rule
 * (JUMP_20X here) takes the ABOVE_PARENT flag itself, so a right zone value is neither flagged nor held
 * (sources/audit-rules/10-bureau-checks.yml; audit.ts aboveParentSuspectSql; reaudit.ts). In every arrival order.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { ingestEach, openFlags } from "../support/audit-flags.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const Z = "沈阳经济技术开发区"; // in 沈阳市
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;

// By hand: 沈阳市 2023年1-3月 480, 2024年1-3月 5 (typed for 500): 480 ÷ 5 = 96 > 20 → JUMP_20X on the city's 5 (holds).
// Z 2023年1-3月 28, 2024年1-3月 29.2 (1.04×: clean). 29.2 > 5 → ABOVE_PARENT; the city's 5 carries JUMP_20X, so the
// flag is the city's: the zone's 29.2 is not flagged (and so not held out of the sums).
const Y23 = ["01_2023年1-3月.csv", HEAD + row("沈阳市", "2023年1-3月", 480) + row(Z, "2023年1-3月", 28)] as const;
const C24 = ["02_2024年1-3月_沈阳市.csv", HEAD + row("沈阳市", "2024年1-3月", 5)] as const;
const Z24 = ["03_2024年1-3月_开发区.csv", HEAD + row(Z, "2024年1-3月", 29.2)] as const;
const BOTH = ["02_2024年1-3月.csv", HEAD + row("沈阳市", "2024年1-3月", 5) + row(Z, "2024年1-3月", 29.2)] as const;

const open = openFlags;
const ingest = ingestEach;

describe("ABOVE_PARENT falls on a parent total that is itself 需核实", () => {
  const cases: Array<[string, ReadonlyArray<readonly [string, string]>, string]> = [
    ["the city total stored first (the zone's load hands the stored city cell to the re-audit)", [Y23, C24, Z24], C24[0]],
    ["the zone stored first (the city's new row carries both at load)", [Y23, Z24, C24], C24[0]],
    ["both in one file", [Y23, BOTH], BOTH[0]],
  ];
  for (const [label, files, cityFile] of cases) {
    it(label, async () => {
      const p = tempProject();
      projects.push(p);
      await ingest(p, ...files);
      const flags = await open(p);
      expect(flags.map((f) => f.place)).toEqual([`${cityFile}:2 ABOVE_PARENT`, `${cityFile}:2 JUMP_20X`]);
      // The zone is the city's one reporting child and its history passes (29.2 against 28): the message says so too
      // (childrenSumSql's one-child clause), beside the city's own JUMP_20X.
      expect(flags[0]!.message).toBe("「沈阳经济技术开发区」的「地区生产总值」29.2 亿元 高于其上级「沈阳市」同期的 5 亿元，而这一上级总量还低于其唯一报送的下级（开发区或城市）的 29.2"
        + "（该下级与其上年同期或此前累计相符），且本身需核实（JUMP_20X）：需核实的是上级总量，此数值照常计入");
      // The city's 更正 (500): nothing is open, on the city or the zone.
      p.drop("09_2024年1-3月_沈阳市（更正）.csv", HEAD + row("沈阳市", "2024年1-3月", 500));
      expect((await p.run("ingest")).code).toBe(0);
      expect(await open(p)).toEqual([]);
    });
  }

  it("confirming the city total (5 is right after all) hands ABOVE_PARENT back to the zone at once; undo takes it back", async () => {
    // After the confirm, the city's JUMP_20X and ABOVE_PARENT (the same value, 5) are confirmed: its total is no longer
    // 需核实, so the zone's 29.2 > 5 is the zone's flag (held) — the re-audit run by confirm moves it (city flag cleared).
    const p = tempProject();
    projects.push(p);
    await ingest(p, Y23, BOTH);
    const ids = await p.query<{ flag_id: number; rule_code: string }>(`select flag_id, rule_code from ingest.audit_flags order by flag_id`);
    const jump = ids.find((f) => f.rule_code === "JUMP_20X")!;
    const ok = await p.run("confirm", "--flag", String(jump.flag_id), "--by", "王统计", "--reason", "市统计局确认");
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect(ok.stdout).toContain("审核复核");
    // The city's ABOVE_PARENT was confirmed with the total and then cleared: no warning about a share above 100%.
    expect(ok.stdout).not.toContain("比重将超过100%");
    expect((await open(p)).map((f) => f.place)).toEqual([`${BOTH[0]}:3 ABOVE_PARENT`]);
    expect((await open(p))[0]!.message).toBe("「沈阳经济技术开发区」的「地区生产总值」29.2 亿元 高于其上级「沈阳市」同期的 5 亿元");
    const undo = await p.run("confirm", "--undo", "--flag", String(jump.flag_id), "--by", "王统计", "--reason", "撤销");
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect((await open(p)).map((f) => f.place)).toEqual([`${BOTH[0]}:2 ABOVE_PARENT`, `${BOTH[0]}:2 JUMP_20X`]);
  });

  it("the three files in one ingest run (batch path): the same flags", async () => {
    const p = tempProject();
    projects.push(p);
    for (const f of [Y23, C24, Z24]) p.drop(f[0], f[1]);
    expect((await p.run("ingest")).code).toBe(0);
    expect((await open(p)).map((f) => f.place)).toEqual([`${C24[0]}:2 ABOVE_PARENT`, `${C24[0]}:2 JUMP_20X`]);
  });

  it("a city total with only a non-holding finding and one zone whose history passes: ABOVE_PARENT is the city's", async () => {
    // 沈阳市 2024年1-3月 25 (480 ÷ 25 = 19.2 < 20: no JUMP_20X; 25 ÷ 480 = 0.052 < 1/5: FIRST_QUARTER_JUMP marks it, not
    // holding); Z 29.2 > 25. Z is the city's one reporting zone, 29.2 > 25 × 1.1 = 27.5, and its history passes (29.2
    // against its 28 a year earlier, no finding): with the city's own mark, two findings → the city's (stat-qa: a small
    // city's only zone was held under a ×0.1 total). Before, one zone never moved the flag. A ×10 zone with no history
    // keeps it (audit-above-parent-single.test.ts).
    const p = tempProject();
    projects.push(p);
    await ingest(p, Y23, ["02_2024年1-3月.csv", HEAD + row("沈阳市", "2024年1-3月", 25) + row(Z, "2024年1-3月", 29.2)]);
    expect((await open(p)).map((f) => f.place)).toEqual(["02_2024年1-3月.csv:2 ABOVE_PARENT", "02_2024年1-3月.csv:2 FIRST_QUARTER_JUMP"]);
  });

  it("refresh: the share over the held city total (584%) is marked 分母需核实 and warns; the site is published", async () => {
    // C210100_ED (沈阳市省级以上经济开发区, denominator 沈阳市): 2024年1-3月 numerator = Z 29.2 (the only zone reporting; not
    // held: the flag is the city's), denominator 5 → share 29.2 ÷ 5 = 5.84. The denominator carries open JUMP_20X and
    // ABOVE_PARENT (holding) flags → denominator_needs_check; the range test's failing row is the warning test's, the
    // error test (not denominator_needs_check) has none → the build passes and publishes.
    const p = tempProject();
    projects.push(p);
    for (const f of [Y23, BOTH]) p.drop(f[0], f[1]);
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("未通过");
    const rows = await p.query<{ share: number; denominator_needs_check: boolean; zones_held_for_check: number }>(
      `select share, denominator_needs_check, zones_held_for_check from main.shares where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年1-3月'`);
    expect(rows.map((x) => [Number(x.share).toFixed(2), x.denominator_needs_check, Number(x.zones_held_for_check)])).toEqual([["5.84", true, 0]]);
    const dq = await p.query<{ severity: string; detail: string }>(
      `select severity, detail from main.data_quality where check_code = 'share_above_100' and entity_code = 'C210100_ED' and period_label = '2024年1-3月'`);
    expect(dq).toEqual([{ severity: "warning", detail: expect.stringContaining("分母（沈阳市的总量）本身需核实") }]);
  });
});
