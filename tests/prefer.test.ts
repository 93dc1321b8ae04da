/**
 * Operator finding 6: a corrected file sent again under the same name. Status and the
 * conflict line name each copy by name plus its short sha (the form `zonestat prefer`
 * takes), and `prefer NAME` lists the candidates — short sha, load time, 填报日期 —
 * instead of "请用 sha256" with two identical names.
 * The short shas are computed here from the files' bytes (an independent path).
 */
import { createHash } from "node:crypto";
import { afterAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "./support/project.js";

const NAME = "示例_2024年1-9月全省经济开发区主要经济指标.csv";
const LONG = "entity,period,indicator,value,unit,basis\r\n";
const projects: TestProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

const sha8 = (text: string) => createHash("sha256").update(Buffer.from(text)).digest("hex").slice(0, 8);

describe("two loaded files with the same name", () => {
  it("status and the conflict line show each one's short sha; prefer NAME lists sha, load time and 填报日期; prefer SHA settles it", async () => {
    const p = tempProject("schedule:\n  stable_seconds: 0\n");
    projects.push(p);
    // Same name, same 填报日期 (equal evidence), one value changed: a conflict only rule 5 decides.
    const first = LONG + "沈阳经济技术开发区,2024年1-9月,地区生产总值,210,亿元,累计\r\n填报日期：2024-10-15\r\n";
    const second = LONG + "沈阳经济技术开发区,2024年1-9月,地区生产总值,215,亿元,累计\r\n填报日期：2024-10-15\r\n";
    p.drop(NAME, first);
    expect((await p.run("ingest")).code).toBe(0);
    p.drop(NAME, second);
    const again = await p.run("ingest");
    expect(again.code, again.stderr).toBe(0);
    const [a, b] = [sha8(first), sha8(second)];

    const status = (await p.run("status")).stdout;
    expect(status).toContain("版本冲突：1");
    // Current (loaded last) first; each copy with its short sha.
    expect(status).toContain(`「${NAME}」（${b}）215（当前）、「${NAME}」（${a}）210`);
    expect(status).toContain(`请用 zonestat prefer ${b} 或 zonestat prefer ${a} 指定`);
    expect(status).toContain(`  ${NAME}（${a}）：2024-10-15 版`);
    expect(status).toContain(`  ${NAME}（${b}）：2024-10-15 版`);

    const ambiguous = await p.run("prefer", NAME);
    expect(ambiguous.code).toBe(2);
    expect(ambiguous.stderr).toContain("USAGE_AMBIGUOUS");
    const lines = ambiguous.stderr.split("\n").filter((l) => l.includes("zonestat prefer "));
    expect(lines).toHaveLength(2);
    // Loaded first, first; each with its load time (local, to the second) and the stated date.
    expect(lines[0]).toMatch(new RegExp(`zonestat prefer ${a} +${NAME}，入库于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d，填报日期 2024-10-15`));
    expect(lines[1]).toMatch(new RegExp(`zonestat prefer ${b} +${NAME}，入库于 \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d:\\d\\d，填报日期 2024-10-15`));
    expect(ambiguous.stderr).not.toContain("请用 sha256；");

    const settled = await p.run("prefer", a);
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stdout).toContain(`已指定 ${NAME} 优先：证据相同、数值不一致的 1 个数值`);
    expect((await p.run("status")).stdout).toContain("版本冲突：0");
  });

  it("a name no other file shares is shown without a sha, and the conflict line names the files to give prefer", async () => {
    const p = tempProject("schedule:\n  stable_seconds: 0\n");
    projects.push(p);
    p.drop("甲.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("乙.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,215,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    const status = (await p.run("status")).stdout;
    expect(status).toContain("「乙.csv」215（当前）、「甲.csv」210");
    expect(status).toContain("请用 zonestat prefer 乙.csv 或 zonestat prefer 甲.csv 指定");
    expect(status).toMatch(/^ {2}甲\.csv：/m);
  });
});

describe("a flagged value another file is preferred over (review: 'corrected' was the wrong word)", () => {
  it("is closed as no longer current, not as corrected by the earlier file", async () => {
    // 1-3月 100; 甲 1-6月 250; 乙 1-6月 80 (< 100: YTD_DECREASE on 乙's cell; 乙 current, equal evidence → 版本冲突).
    // prefer 甲: 乙's value is not current any more, and 甲 was loaded before it — 甲 did not correct it.
    const p = tempProject("schedule:\n  stable_seconds: 0\n");
    projects.push(p);
    p.drop("0.csv", LONG + "沈阳经济技术开发区,2024年1-3月,地区生产总值,100,亿元,累计\r\n");
    p.drop("甲.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,250,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("乙.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,80,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    const flagged = await p.query<{ name: string; state: string }>(`select f.name, a.state from ingest.audit_flags a join ingest.files f using (file_id) where a.rule_code = 'YTD_DECREASE'`);
    expect(flagged).toEqual([{ name: "乙.csv", state: "open" }]);
    expect((await p.run("prefer", "甲.csv")).code).toBe(0);
    const closed = await p.query<{ state: string; resolved_by_file_id: number | null; reason: string | null }>(
      `select a.state, a.resolved_by_file_id, c.reason from ingest.audit_flags a left join ingest.audit_flag_closures c using (flag_id) where a.rule_code = 'YTD_DECREASE'`);
    expect(closed).toEqual([{ state: "cleared", resolved_by_file_id: null, reason: expect.stringContaining("此数值已不是现行数值") }]);
  });
});
