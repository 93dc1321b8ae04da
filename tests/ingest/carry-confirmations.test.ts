/**
 * A confirmation follows its value into the file that replaces it (stat-qa2 finding 4): a true one-off FDI quarter
 * confirmed in one file, then the same workbook re-sent as a 更正 for another zone with that cell unchanged. The new
 * file's flag on the same value is confirmed with the earlier confirmation and says so; a changed value is not.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));
const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (zone: string, period: string, v: number) => `${zone},${period},地区生产总值,${v},亿元,累计\n`;

type Flag = { flag_id: number; name: string; state: string; confirmed_by: string | null; confirm_reason: string | null; value: number };

describe("a confirmation follows its value", () => {
  it("into a 更正 file that carries the same value; not when the value changed", async () => {
    const p = tempProject();
    projects.push(p);
    const flags = () => p.query<Flag>(`select a.flag_id, f.name, a.state, a.confirmed_by, a.confirm_reason, a.value from ingest.audit_flags a join ingest.files f using (file_id) where a.rule_code = 'INCREMENT_JUMP' order by a.flag_id`);
    // 2023: 10 a quarter; 2024年1-6月 200 after 1-3月 10: increment 190 against 10 → 19× > 15 → INCREMENT_JUMP.
    p.drop("01_2023.csv", HEAD + ["1-3", "1-6", "1-9", "1-12"].map((q, i) => row("沈阳经济技术开发区", `2023年${q}月`, 10 * (i + 1))).join(""));
    p.drop("02_2024q1.csv", HEAD + row("沈阳经济技术开发区", "2024年1-3月", 10));
    const r0 = await p.run("ingest");
    expect(r0.code, r0.stdout + r0.stderr).toBe(0);
    p.drop("03_2024年1-6月.csv", HEAD + row("沈阳经济技术开发区", "2024年1-6月", 200) + row("沈阳辉山经济技术开发区", "2024年1-6月", 50));
    expect((await p.run("ingest")).code).toBe(0);
    const [first] = await flags();
    expect(first).toMatchObject({ name: "03_2024年1-6月.csv", state: "open", value: 200 });
    expect((await p.run("confirm", "--flag", String(first!.flag_id), "--by", "张三", "--reason", "一次性项目，已电话核实")).code).toBe(0);
    // The 更正 changes 辉山 only; 沈阳经开区's 200 comes back unchanged.
    p.drop("04_2024年1-6月（更正）.csv", HEAD + row("沈阳经济技术开发区", "2024年1-6月", 200) + row("沈阳辉山经济技术开发区", "2024年1-6月", 55));
    expect((await p.run("ingest")).code).toBe(0);
    const after = (await flags()).find((f) => f.name === "04_2024年1-6月（更正）.csv");
    expect(after).toMatchObject({ state: "confirmed", confirmed_by: "张三", value: 200 });
    expect(after!.confirm_reason).toBe(`一次性项目，已电话核实（沿用标记号 ${first!.flag_id} 的核实：同一数值）`);
    // A second 更正 with another value (190: increment 180 → 18× > 15, 190 / 10 = 19 < JUMP_20X's 20) is a new number
    // nobody checked: open.
    p.drop("05_2024年1-6月（更正2）.csv", HEAD + row("沈阳经济技术开发区", "2024年1-6月", 190));
    expect((await p.run("ingest")).code).toBe(0);
    expect((await flags()).find((f) => f.name === "05_2024年1-6月（更正2）.csv")).toMatchObject({ state: "open", confirmed_by: null, value: 190 });
  });

  it("into a flag the re-audit opens on the same value, which the summary then does not count as new", async () => {
    const p = tempProject();
    projects.push(p);
    const flags = () => p.query<Flag>(`select a.flag_id, f.name, a.state, a.confirmed_by, a.confirm_reason, a.value from ingest.audit_flags a join ingest.files f using (file_id) where a.rule_code = 'INCREMENT_JUMP' order by a.flag_id`);
    // As above: 2024年1-6月 200 after 1-3月 10 → INCREMENT_JUMP (190 against 10 a quarter, 19× > 15), confirmed.
    p.drop("01_2023.csv", HEAD + ["1-3", "1-6", "1-9", "1-12"].map((q, i) => row("沈阳经济技术开发区", `2023年${q}月`, 10 * (i + 1))).join(""));
    p.drop("02_2024q1.csv", HEAD + row("沈阳经济技术开发区", "2024年1-3月", 10));
    p.drop("03_2024年1-6月.csv", HEAD + row("沈阳经济技术开发区", "2024年1-6月", 200));
    expect((await p.run("ingest")).code).toBe(0);
    const [first] = await flags();
    expect((await p.run("confirm", "--flag", String(first!.flag_id), "--by", "张三", "--reason", "一次性项目")).code).toBe(0);
    // Without the 1-3月 there is no increment: the flag is cleared. A 更正 (for 辉山) with the same 200 then loads with no flag.
    expect((await p.run("withdraw", "02_2024q1.csv")).code).toBe(0);
    p.drop("04_2024年1-6月（更正）.csv", HEAD + row("沈阳经济技术开发区", "2024年1-6月", 200) + row("沈阳辉山经济技术开发区", "2024年1-6月", 50));
    expect((await p.run("ingest")).code).toBe(0);
    expect((await flags()).map((f) => `${f.name} ${f.state}`)).toEqual(["03_2024年1-6月.csv cleared"]);
    // Restoring the 1-3月: the re-audit finds the jump on the 更正's 200 (a new flag on that file), which 张三's
    // confirmation of 200 covers — confirmed, and not counted: nothing opened, nothing closed, so no 复核 line.
    const restored = await p.run("restore", "02_2024q1.csv");
    expect(restored.code, restored.stderr).toBe(0);
    const again = (await flags()).find((f) => f.name === "04_2024年1-6月（更正）.csv");
    expect(again).toMatchObject({ state: "confirmed", confirmed_by: "张三", value: 200 });
    // (While the 1-3月 was withdrawn the 200 was the year's first 累计, which FIRST_QUARTER_JUMP judges against 2023年1-6月:
    // restoring the 1-3月 may close that mark; it opens nothing.)
    expect(restored.stdout).not.toMatch(/新增 [1-9]/);
  });
});
