/**
 * ABOVE_PARENT with one reporting child (a small city's only zone; audit.ts childrenSumSql, reaudit.ts): the flag falls
 * on the parent when the parent carries its own finding and the child's own history passes (a 上年同期 or an earlier
 * 累计, no rule marking it). A ×10 zone with no history, or one its history finds wrong, keeps the flag. In every
 * arrival order, one file, one batch run; confirming the city total hands the flag back to the zone; its 更正 clears all.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { ingestEach, openFlags } from "../support/audit-flags.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const CITY = "沈阳市";
const ZONE = "沈阳经济技术开发区"; // the only zone of 沈阳市 that reports here
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;
const project = () => {
  const p = tempProject();
  projects.push(p);
  return p;
};

// By hand. 2023年1-3月: 沈阳市 140, the zone 55. 2024年1-3月: 沈阳市 14.5 (typed for 145), the zone 60.
// 沈阳市: 140 ÷ 14.5 = 9.7 > 5 → FIRST_QUARTER_JUMP (below ÷5; not holding). The zone: 60 ÷ 55 = 1.09, no finding.
// 60 > 14.5 → ABOVE_PARENT. One reporting child: 60 > 14.5 × 1.1 = 15.95, the city carries FIRST_QUARTER_JUMP and the
// zone has its 上年同期 and no finding → the flag is the city's; the zone's 60 is neither flagged nor held.
const Y2023 = ["01_2023年1-3月.csv", HEAD + row(CITY, "2023年1-3月", 140) + row(ZONE, "2023年1-3月", 55)] as const;
const CITY24 = ["02_2024年1-3月_沈阳市.csv", HEAD + row(CITY, "2024年1-3月", 14.5)] as const;
const ZONE24 = ["03_2024年1-3月_开发区.csv", HEAD + row(ZONE, "2024年1-3月", 60)] as const;
const BOTH24 = ["02_2024年1-3月.csv", HEAD + row(CITY, "2024年1-3月", 14.5) + row(ZONE, "2024年1-3月", 60)] as const;
const MESSAGE = "「沈阳经济技术开发区」的「地区生产总值」60 亿元 高于其上级「沈阳市」同期的 14.5 亿元，而这一上级总量还低于其唯一报送的下级（开发区或城市）的 60"
  + "（该下级与其上年同期或此前累计相符），且本身需核实（FIRST_QUARTER_JUMP）：需核实的是上级总量，此数值照常计入";

describe("ABOVE_PARENT with a single reporting zone under a ×0.1 city total", () => {
  const cases: Array<[string, ReadonlyArray<readonly [string, string]>, string]> = [
    ["the city total first", [Y2023, CITY24, ZONE24], CITY24[0]],
    ["the zone first", [Y2023, ZONE24, CITY24], CITY24[0]],
    ["both in one file", [Y2023, BOTH24], BOTH24[0]],
  ];
  for (const [label, files, cityFile] of cases) {
    it(`the flag is the city's (${label}); the city's 更正 clears everything`, async () => {
      const p = project();
      await ingestEach(p, ...files);
      const flags = await openFlags(p);
      expect(flags.map((f) => f.place)).toEqual([`${cityFile}:2 ABOVE_PARENT`, `${cityFile}:2 FIRST_QUARTER_JUMP`]);
      expect(flags[0]!.message).toBe(MESSAGE);
      // 145: 145 ÷ 140 = 1.04, 60 < 145 — nothing open.
      await ingestEach(p, ["09_2024年1-3月_沈阳市（更正）.csv", HEAD + row(CITY, "2024年1-3月", 145)]);
      expect(await openFlags(p)).toEqual([]);
    });
  }

  it("the files in one ingest run (batch path): the same flags", async () => {
    const p = project();
    for (const f of [Y2023, ZONE24, CITY24]) p.drop(f[0], f[1]);
    expect((await p.run("ingest")).code).toBe(0);
    expect((await openFlags(p)).map((f) => f.place)).toEqual([`${CITY24[0]}:2 ABOVE_PARENT`, `${CITY24[0]}:2 FIRST_QUARTER_JUMP`]);
  });

  it("confirming the city total hands ABOVE_PARENT back to the zone; undo takes it back", async () => {
    // 14.5 confirmed (its FIRST_QUARTER_JUMP with it, the same cell and value): the zone's 60 > 14.5 is the zone's flag.
    const p = project();
    await ingestEach(p, Y2023, BOTH24);
    const [flag] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where rule_code = 'ABOVE_PARENT' and state = 'open'`);
    const ok = await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "王统计", "--reason", "市统计局确认");
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect((await openFlags(p)).map((f) => f.place)).toEqual([`${BOTH24[0]}:3 ABOVE_PARENT`]);
    expect(await p.query(`select line, rule_code, state from ingest.audit_flags where line = 2 order by rule_code`)).toEqual([
      { line: 2, rule_code: "ABOVE_PARENT", state: "cleared" }, { line: 2, rule_code: "FIRST_QUARTER_JUMP", state: "confirmed" }]);
    // Undone: the city's FIRST_QUARTER_JUMP is open again, so the one clean zone puts the flag back on the city.
    const jump = (await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where rule_code = 'FIRST_QUARTER_JUMP'`))[0]!;
    const undo = await p.run("confirm", "--undo", "--flag", String(jump.flag_id), "--by", "王统计", "--reason", "撤销");
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    expect((await openFlags(p)).map((f) => f.place)).toEqual([`${BOTH24[0]}:2 ABOVE_PARENT`, `${BOTH24[0]}:2 FIRST_QUARTER_JUMP`]);
  });

  it("the zone without history of its own keeps the flag, though the city is marked", async () => {
    // 2023年1-3月: 沈阳市 140 only. 2024: 沈阳市 14.5 (FIRST_QUARTER_JUMP), the zone 60 with nothing to compare: a ×10
    // zone (6 typed 60) would look the same → ABOVE_PARENT on the zone (line 3), held.
    const p = project();
    await ingestEach(p, ["01_2023年1-3月.csv", HEAD + row(CITY, "2023年1-3月", 140)], BOTH24);
    expect((await openFlags(p)).map((f) => f.place)).toEqual([`${BOTH24[0]}:2 FIRST_QUARTER_JUMP`, `${BOTH24[0]}:3 ABOVE_PARENT`]);
  });

  it("a zone its own history finds wrong keeps the flag", async () => {
    // 2023: 沈阳市 140, the zone 55. 2024: 沈阳市 14.5 (FIRST_QUARTER_JUMP), the zone 600 (typed for 60): 600 ÷ 55 = 10.9
    // > 5 → FIRST_QUARTER_JUMP on the zone too; its history does not speak for it → ABOVE_PARENT on the zone.
    const p = project();
    await ingestEach(p, Y2023, ["02_2024年1-3月.csv", HEAD + row(CITY, "2024年1-3月", 14.5) + row(ZONE, "2024年1-3月", 600)]);
    expect((await openFlags(p)).map((f) => f.place)).toEqual(
      ["02_2024年1-3月.csv:2 FIRST_QUARTER_JUMP", "02_2024年1-3月.csv:3 ABOVE_PARENT", "02_2024年1-3月.csv:3 FIRST_QUARTER_JUMP"]);
  });

  it("a ×10 zone with no history under a right city total keeps the flag", async () => {
    // 沈阳市 145 against its 140 (no finding); the zone 600 with no 上年同期: 600 > 145 → ABOVE_PARENT on the zone.
    const p = project();
    await ingestEach(p, ["01_2023年1-3月.csv", HEAD + row(CITY, "2023年1-3月", 140)],
      ["02_2024年1-3月.csv", HEAD + row(CITY, "2024年1-3月", 145) + row(ZONE, "2024年1-3月", 600)]);
    expect((await openFlags(p)).map((f) => f.place)).toEqual(["02_2024年1-3月.csv:3 ABOVE_PARENT"]);
  });
});
