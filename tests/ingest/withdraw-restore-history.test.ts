/**
 * stat-qa2 8: a flag a 更正 closed reads 已被…更正 (state corrected, resolved_by the 更正); withdrawing the 更正 opens it
 * again; restoring the 更正 must close it as corrected by that file again — not as a flag the re-audit cleared.
 * Real DuckDB warehouse, real CSV files, the real CLI.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const gdp = (e: string, v: number) => `${e},2024年1-3月,地区生产总值,${v},亿元,累计\n`;

describe("withdraw and restore of a 更正 keep the flag's history", () => {
  it("corrected by the 更正 → open again on withdraw → corrected by the same 更正 on restore", async () => {
    // 沈阳市 500; 沈阳经开区 600 > 500 → ABOVE_PARENT on the zone (a/line 2). The 更正 b carries the zone's 60.
    const p = tempProject("timezone: Asia/Shanghai\n");
    projects.push(p);
    p.drop("a_沈阳市_2024年1-3月.csv", HEAD + gdp("沈阳市", 500));
    p.drop("b_开发区_2024年1-3月.csv", HEAD + gdp("沈阳经济技术开发区", 600));
    expect((await p.run("ingest")).code).toBe(0);
    const state = () => p.query<{ state: string; by: string | null }>(`select a.state, c.name as by from ingest.audit_flags a
      left join ingest.files c on c.file_id = a.resolved_by_file_id where a.rule_code = 'ABOVE_PARENT' order by a.flag_id`);
    expect(await state()).toEqual([{ state: "open", by: null }]);
    p.drop("c_开发区_2024年1-3月_更正.csv", HEAD + gdp("沈阳经济技术开发区", 60));
    expect((await p.run("ingest")).code).toBe(0);
    expect(await state()).toEqual([{ state: "corrected", by: "c_开发区_2024年1-3月_更正.csv" }]);
    const w = await p.run("withdraw", "c_开发区_2024年1-3月_更正.csv");
    expect(w.code, w.stdout + w.stderr).toBe(0);
    expect(await state()).toEqual([{ state: "open", by: null }]);
    const r = await p.run("restore", "c_开发区_2024年1-3月_更正.csv");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect(await state()).toEqual([{ state: "corrected", by: "c_开发区_2024年1-3月_更正.csv" }]);
  });
});
