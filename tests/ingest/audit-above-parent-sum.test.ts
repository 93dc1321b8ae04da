/**
 * ABOVE_PARENT falls on a city total its own zones sum above (stat-qa3 F2; sources/audit-rules/10-bureau-checks.yml
 * children_margin, audit.ts childrenSumSql, reaudit.ts): a wrong city total no longer holds a right zone value until a
 * later 累计 decides. In every arrival order; a ×10 zone its own rules find wrong, or a sum within the margin, leaves
 * the flag on the zone as before.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { ingestEach, openFlags } from "../support/audit-flags.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const CITY = "沈阳市";
const Z1 = "沈阳经济技术开发区"; // both in 沈阳市
const Z2 = "沈阳辉山经济技术开发区";
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;

// By hand. 2024年1-3月: 沈阳市 1400, Z1 150, Z2 60. 2024年1-6月: 沈阳市 298 (typed for 2980), Z1 350, Z2 147.
// Z1 350 > 298 → ABOVE_PARENT. The city's two zones sum 350 + 147 = 497 > 298 × 1.1 = 327.8 (children_margin 0.1),
// neither carries a holding finding (Z1: 350 ÷ 150 = 2.3, increment 200 against 150: 1.3×; Z2: 87 against 60), and the
// city's 298 carries another finding: below its 1-3月 1400, YTD_DECREASE (no 上年同期, no 1-9月: undecided, not
// holding). Two findings point at the 298 → the flag is the city's; Z1's 350 is neither flagged nor held. (Without the
// largest zone the sum is 147 < 327.8: the sum alone would not do — one ×10 zone makes it too.)
const Q1 = ["01_2024年1-3月.csv", HEAD + row(CITY, "2024年1-3月", 1400) + row(Z1, "2024年1-3月", 150) + row(Z2, "2024年1-3月", 60)] as const;
const CITY6 = ["02_2024年1-6月_沈阳市.csv", HEAD + row(CITY, "2024年1-6月", 298)] as const;
const ZONES6 = ["03_2024年1-6月_开发区.csv", HEAD + row(Z1, "2024年1-6月", 350) + row(Z2, "2024年1-6月", 147)] as const;
const BOTH6 = ["02_2024年1-6月.csv", HEAD + row(CITY, "2024年1-6月", 298) + row(Z1, "2024年1-6月", 350) + row(Z2, "2024年1-6月", 147)] as const;
const MESSAGE = "「沈阳经济技术开发区」的「地区生产总值」350 亿元 高于其上级「沈阳市」同期的 298 亿元，而这一上级总量还低于其 2 个下级（开发区或城市）的合计 497，"
  + "且本身需核实（YTD_DECREASE）：需核实的是上级总量，此数值照常计入";
const Z3 = "沈阳金融商贸开发区";

const open = openFlags;
const ingest = ingestEach;

describe("ABOVE_PARENT falls on a city total below the sum of its own zones", () => {
  const cases: Array<[string, ReadonlyArray<readonly [string, string]>, string]> = [
    ["the city total first (the zones' load hands the stored city cell to the re-audit)", [Q1, CITY6, ZONES6], CITY6[0]],
    ["the zones first (the city's new row is judged at its load)", [Q1, ZONES6, CITY6], CITY6[0]],
    ["all in one file", [Q1, BOTH6], BOTH6[0]],
  ];
  for (const [label, files, cityFile] of cases) {
    it(label, async () => {
      const p = tempProject();
      projects.push(p);
      await ingest(p, ...files);
      const flags = await open(p);
      expect(flags.map((f) => f.place)).toEqual([`${cityFile}:2 ABOVE_PARENT`, `${cityFile}:2 YTD_DECREASE`]);
      expect(flags[0]!.message).toBe(MESSAGE);
      // The city's 更正 (2980): 350 + 147 = 497 < 2980, 1400 ≤ 2980 — nothing is open, on the city or the zones.
      p.drop("09_2024年1-6月_沈阳市（更正）.csv", HEAD + row(CITY, "2024年1-6月", 2980));
      expect((await p.run("ingest")).code).toBe(0);
      expect(await open(p)).toEqual([]);
    });
  }

  it("the files in one ingest run (batch path): the same flags", async () => {
    const p = tempProject();
    projects.push(p);
    for (const f of [Q1, ZONES6, CITY6]) p.drop(f[0], f[1]);
    expect((await p.run("ingest")).code).toBe(0);
    expect((await open(p)).map((f) => f.place)).toEqual([`${CITY6[0]}:2 ABOVE_PARENT`, `${CITY6[0]}:2 YTD_DECREASE`]);
  });

  it("confirming the city total hands ABOVE_PARENT back to the zone above it", async () => {
    // 298 confirmed (with it the cell's YTD_DECREASE, the same value): the children no longer make it suspect, so Z1's
    // 350 > 298 is the zone's flag (held); the city's ABOVE_PARENT is cleared, moved to the zone.
    const p = tempProject();
    projects.push(p);
    await ingest(p, Q1, BOTH6);
    const [flag] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where rule_code = 'ABOVE_PARENT' and state = 'open'`);
    const ok = await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "王统计", "--reason", "市统计局确认");
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect((await open(p)).map((f) => f.place)).toEqual([`${BOTH6[0]}:3 ABOVE_PARENT`]);
    expect((await open(p))[0]!.message).toBe("「沈阳经济技术开发区」的「地区生产总值」350 亿元 高于其上级「沈阳市」同期的 298 亿元");
    expect(await p.query(`select line, rule_code, state from ingest.audit_flags where line = 2 order by rule_code`)).toEqual([
      { line: 2, rule_code: "ABOVE_PARENT", state: "cleared" }, { line: 2, rule_code: "YTD_DECREASE", state: "confirmed" }]);
  });

  it("a ×10 zone its own rules hold is left out of the sum: the flag stays on the zone", async () => {
    // 沈阳市 1-3月 140, 1-6月 298 (right). Z1 1-3月 15, 1-6月 350 (typed for 35): 350 ÷ 15 = 23.3 > 20 → JUMP_20X
    // (holds) on Z1. Sum without Z1: Z2 147 alone (one child: no evidence) → ABOVE_PARENT on Z1's 350, as before.
    const p = tempProject();
    projects.push(p);
    await ingest(p, ["01_2024年1-3月.csv", HEAD + row(CITY, "2024年1-3月", 140) + row(Z1, "2024年1-3月", 15) + row(Z2, "2024年1-3月", 60)],
      ["02_2024年1-6月.csv", HEAD + row(CITY, "2024年1-6月", 298) + row(Z1, "2024年1-6月", 350) + row(Z2, "2024年1-6月", 147)]);
    expect((await open(p)).map((f) => f.place)).toEqual(["02_2024年1-6月.csv:3 ABOVE_PARENT", "02_2024年1-6月.csv:3 JUMP_20X"]);
  });

  it("three zones, still above the total without the largest: the city's at once, with no other finding", async () => {
    // 沈阳市 298; Z1 350, Z2 200, Z3 160 (no history, no other finding): 710 > 327.8 and without the 350: 360 > 327.8 →
    // the city's. In either arrival order.
    const city = ["01_2024年1-6月_沈阳市.csv", HEAD + row(CITY, "2024年1-6月", 298)] as const;
    const zones = ["02_2024年1-6月_开发区.csv", HEAD + row(Z1, "2024年1-6月", 350) + row(Z2, "2024年1-6月", 200) + row(Z3, "2024年1-6月", 160)] as const;
    for (const order of [[city, zones], [zones, city]]) {
      const p = tempProject();
      projects.push(p);
      await ingest(p, ...order);
      expect((await open(p)).map((f) => f.place)).toEqual([`${city[0]}:2 ABOVE_PARENT`]);
      expect((await open(p))[0]!.message).toBe("「沈阳经济技术开发区」的「地区生产总值」350 亿元 高于其上级「沈阳市」同期的 298 亿元，而这一上级总量还低于其 3 个下级（开发区或城市）的合计 710："
        + "需核实的是上级总量，此数值照常计入");
    }
  });

  it("two zones above the total only with the largest, no other finding on it: the zone's, as before", async () => {
    // 沈阳市 298 with no history; Z1 350, Z2 147: 497 > 327.8 but 147 < 327.8 without the 350, and nothing else marks
    // the 298 — a ×10 Z1 (35) would look the same → ABOVE_PARENT on Z1, held.
    const p = tempProject();
    projects.push(p);
    await ingest(p, ["01_2024年1-6月.csv", HEAD + row(CITY, "2024年1-6月", 298) + row(Z1, "2024年1-6月", 350) + row(Z2, "2024年1-6月", 147)]);
    expect((await open(p)).map((f) => f.place)).toEqual(["01_2024年1-6月.csv:3 ABOVE_PARENT"]);
  });

  it("zones summing within the margin leave the flag on the zone", async () => {
    // 沈阳市 298, Z1 300, Z2 20: 300 > 298 → ABOVE_PARENT; the sum 320 ≤ 298 × 1.1 = 327.8 → not the city's.
    const p = tempProject();
    projects.push(p);
    await ingest(p, ["01_2024年1-6月.csv", HEAD + row(CITY, "2024年1-6月", 298) + row(Z1, "2024年1-6月", 300) + row(Z2, "2024年1-6月", 20)]);
    expect((await open(p)).map((f) => f.place)).toEqual(["01_2024年1-6月.csv:3 ABOVE_PARENT"]);
  });
});
