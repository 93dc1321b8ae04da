/**
 * stat-qa finding 9, the statistician's paper trail: a flag the re-audit moves says where it went (not "已更正或撤回");
 * a file whose flags a later re-audit opened says in its 当前状态 that a held value is kept out of totals and how to
 * confirm it; every time in a .problems.txt is local in the configured zone and labelled; a workbook's cell prints as
 * file.xlsx:sheet!D19 in the report, status, confirm and 数据质量; a re-dropped withdrawn file is counted as restored.
 * Real DuckDB warehouse, real CSV and .xlsx files, the real CLI.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const gdp = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;

function project(): TestProject {
  const p = tempProject("timezone: Asia/Shanghai\n");
  projects.push(p);
  return p;
}

describe("a flag the re-audit moves says where it went", () => {
  it("a city total below its stored zone: flagged on the city at load, moved to the zone — the city's flag names the zone's cell", async () => {
    // Zone file first: 沈阳经开区 2024年1-3月 600 (no city figure yet: nothing to compare). City file: 沈阳市 500 < 600 →
    // at load the new parent is flagged (ABOVE_PARENT on the city file); the re-audit puts it on the child (the bureau's
    // total is not the suspect): the city's flag is cleared saying so, the zone's opens on the zone file, line 2.
    const p = project();
    p.drop("a_开发区_2024年1-3月.csv", HEAD + gdp("沈阳经济技术开发区", "2024年1-3月", 600));
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("b_沈阳市_2024年1-3月.csv", HEAD + gdp("沈阳市", "2024年1-3月", 500));
    const cityRun = await p.run("ingest");
    expect(cityRun.code).toBe(0);
    // The run's re-audit moved the city file's flag to the zone: the city file is not warned about (stat-qa2 7), the
    // re-audit's line says a flag opened on an earlier file.
    expect(cityRun.stdout + cityRun.stderr).not.toContain("b_沈阳市_2024年1-3月.csv：1 个数值需核实");
    expect(cityRun.stdout + cityRun.stderr).toContain("其中 1 个在较早入库的文件上");
    const flags = await p.query<{ name: string; state: string; reason: string | null }>(`select f.name, a.state, c.reason from ingest.audit_flags a join ingest.files f using (file_id)
      left join ingest.audit_flag_closures c using (flag_id) order by a.flag_id`);
    expect(flags.map((f) => `${f.name} ${f.state}`)).toEqual(["b_沈阳市_2024年1-3月.csv cleared", "a_开发区_2024年1-3月.csv open"]);
    expect(flags[0]!.reason).toBe("已解除：这一比较按现行数值仍不成立，但需核实的是另一数值：沈阳经济技术开发区 地区生产总值 2024年1-3月 600 亿元（a_开发区_2024年1-3月.csv:2:D，ABOVE_PARENT）");

    // The zone file had no flag at load: its report is written by the re-audit, and its 当前状态 says what a held value
    // means and how to confirm it; the stamp is local (UTC+8) and labelled.
    const zone = readFileSync(path.join(p.dir, "archive", "a_开发区_2024年1-3月.csv.problems.txt"), "utf8");
    const current = zone.slice(zone.indexOf("══ 当前状态"));
    expect(current).toContain("a_开发区_2024年1-3月.csv:2:D [ABOVE_PARENT]");
    expect(current).toContain("标为 ABOVE_PARENT 的开发区数值，核实前不计入各范围合计和占比");
    expect(current).toContain("zonestat confirm --flag <标记号>");
    expect(current).toMatch(/^══ 当前状态（\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间））/);
    const city = readFileSync(path.join(p.dir, "archive", "b_沈阳市_2024年1-3月.csv.problems.txt"), "utf8");
    expect(city).toMatch(/^时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）$/m);
    expect(city).toMatch(/入库后的审核复核（\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间），/);
    expect(city).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/); // no UTC ISO stamp left
  });

  it("a rejected file's report prints its time local and labelled (stat-qa2 5), the JSON keeps ISO for scripts", async () => {
    const p = project();
    p.drop("bad_2024年1-3月.csv", HEAD + "沈阳经济技术开发区,2024年1-3月,地区生产总值,一百,亿元,累计\n");
    expect((await p.run("ingest")).code).not.toBe(0);
    const text = readFileSync(path.join(p.dir, "rejected", "bad_2024年1-3月.csv.problems.txt"), "utf8");
    expect(text).toMatch(/^时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）$/m);
    expect(text).not.toMatch(/\d{4}-\d\d-\d\dT\d\d:/);
    const json = JSON.parse(readFileSync(path.join(p.dir, "rejected", "bad_2024年1-3月.csv.problems.json"), "utf8"));
    expect(json.rejected_at).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d/);
  });
});

describe("a workbook's cell is printed as sheet!cell", () => {
  it("report, status, 数据质量 and confirm say 开发区!D3, not :3:D", async () => {
    // 2024年1-3月 沈阳经开区 100, then the workbook's 1-6月 80 < 100 (no last year, nothing later: YTD_DECREASE on the 1-6月).
    const p = project();
    p.drop("a_2024年1-3月.csv", HEAD + gdp("沈阳经济技术开发区", "2024年1-3月", 100));
    expect((await p.run("ingest")).code).toBe(0);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["2024年1-6月全省经济开发区主要经济指标"], ["序号", "开发区名称", "所在市", "地区生产总值(亿元)"],
      [1, "沈阳经济技术开发区", "沈阳市", 80]]), "开发区");
    p.drop("b_2024年1-6月.xlsx", XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer);
    expect((await p.run("ingest")).code).toBe(0);
    const report = readFileSync(path.join(p.dir, "archive", "b_2024年1-6月.xlsx.problems.txt"), "utf8");
    expect(report).toContain("b_2024年1-6月.xlsx:开发区!D3 [YTD_DECREASE]");
    expect(report).not.toContain("xlsx:3:D");
    const status = await p.run("status");
    expect(status.stdout).toMatch(/标记号 \d+ b_2024年1-6月\.xlsx:开发区!D3 \[YTD_DECREASE\] 沈阳经济技术开发区 地区生产总值 2024年1-6月（仍计入合计）：/);
    // 数据质量 (the data_quality mart, after a build): the same cell as sheet!cell.
    const built = await p.run("refresh");
    expect(built.code, built.stdout + built.stderr).toBe(0);
    const dq = await p.query<{ detail: string }>(`select detail from main.data_quality where check_code = 'YTD_DECREASE'`);
    expect(dq.map((r) => r.detail)).toEqual([expect.stringMatching(/（b_2024年1-6月\.xlsx 开发区!D3，标记号 \d+）$/)]);
    const [{ flag_id }] = await p.query<{ flag_id: number }>(`select flag_id from ingest.audit_flags`);
    const ok = await p.run("confirm", "--flag", String(flag_id), "--by", "王统计", "--reason", "核实无误");
    expect(ok.stdout).toContain(`标记号 ${flag_id} b_2024年1-6月.xlsx:开发区!D3 [YTD_DECREASE]`);
    // Confirming it again is refused; the error's place is the workbook's cell too (stat-qa2 6: it said xlsx:3:D).
    const again = await p.run("confirm", "--flag", String(flag_id), "--by", "王统计", "--reason", "再次核实");
    expect(again.code).not.toBe(0);
    expect(again.stderr).toContain("b_2024年1-6月.xlsx:开发区!D3");
    expect(again.stderr).not.toContain("xlsx:3:D");
    // …and the confirmation's time is local and labelled (stat-qa2 5: it printed the UTC time unlabelled).
    expect(again.stderr).toMatch(/已于 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间） 由 王统计 核实/);
    // 数据质量's flag table (stat-qa2 6–8): the cell as sheet!cell, the value with the unit it was written in, the
    // confirmation's time in Asia/Shanghai — UTC + 8 h worked by hand from the stored UTC stamp, in status's format to the minute.
    expect((await p.run("refresh")).code).toBe(0);
    const quality = readFileSync(path.join(p.dir, "site", "quality.html"), "utf8");
    const [{ ms }] = await p.query<{ ms: number }>(`select epoch_ms(confirmed_at)::double as ms from ingest.audit_flags where flag_id = ${flag_id}`);
    const t = new Date(Number(ms) + 8 * 3600_000);
    const pad = (n: number) => String(n).padStart(2, "0");
    const local = `${t.getUTCFullYear()}-${pad(t.getUTCMonth() + 1)}-${pad(t.getUTCDate())} ${pad(t.getUTCHours())}:${pad(t.getUTCMinutes())}`;
    expect(quality).toContain(`已核实（王统计，${local}：核实无误）`);
    expect(quality).toContain("b_2024年1-6月.xlsx:开发区!D3");
    expect(quality).not.toContain("b_2024年1-6月.xlsx:3:D");
    expect(quality).toMatch(/>80 亿元</);
  });
});

describe("a withdrawn file dropped again", () => {
  it("is counted as restored in the refresh summary, not 入库 0 个文件 alone", async () => {
    const { refreshMsg } = await import("../../pipelines/refresh-messages.js");
    expect(refreshMsg.done({ loaded: 0, rejected: 0, restored: 1, flagged: 0, pages: "发布 3 页" })).toBe("入库 0 个文件，恢复 1 个此前撤回的文件，拒收 0 个；未构建（模型已是最新）；发布 3 页");
    expect(refreshMsg.done({ loaded: 2, rejected: 0, flagged: 0, pages: "发布 3 页" })).toBe("入库 2 个文件，拒收 0 个；未构建（模型已是最新）；发布 3 页");
  });
});

describe("revisions.csv names a workbook value by sheet and column (stat-qa3 F16)", () => {
  it("a 更正 workbook replacing a value: 来源工作表 开发区, 来源列 D, 来源行号 3 — not a bare row number", async () => {
    const p = project();
    const book = (v: number) => {
      const wb = XLSX.utils.book_new();
      XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([["2024年1-3月全省经济开发区主要经济指标"], ["序号", "开发区名称", "所在市", "地区生产总值(亿元)"],
        [1, "沈阳经济技术开发区", "沈阳市", v]]), "开发区");
      return XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer;
    };
    p.drop("a_2024年1-3月.xlsx", book(100));
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("a_2024年1-3月（更正）.xlsx", book(105));
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const csv = readFileSync(path.join(p.dir, "site", "downloads", "revisions.csv"), "utf8").replace(/^\uFEFF/, "").trim().split(/\r?\n/);
    const header = csv[0]!.split(",");
    const row = csv.find((l) => l.includes("a_2024年1-3月（更正）.xlsx"))!.split(",");
    // The value sits on the sheet's third row (title, header, then the zone), column D (序号, 名称, 所在市, GDP).
    expect([row[header.indexOf("来源工作表")], row[header.indexOf("来源列")], row[header.indexOf("来源行号")]]).toEqual(["开发区", "D", "3"]);
    // The replaced 100 is found the same way in the first workbook (stat-qa4 F12: only its file was named).
    expect([row[header.indexOf("原来源文件")], row[header.indexOf("原来源工作表")], row[header.indexOf("原来源列")], row[header.indexOf("原来源行号")]]).toEqual(["a_2024年1-3月.xlsx", "开发区", "D", "3"]);
  });
});

describe("a run's summary counts the flags its files corrected (stat-qa3 F5/F8)", () => {
  it("a 更正 file carrying a new value for a flagged cell: 更正了 1 个需核实数值 — the closing is said, not only seen in status", async () => {
    // 1-3月 100, 1-6月 80 (< 100: YTD_DECREASE on the 1-6月, line 2); the 更正 sends 1-6月 180, closing that flag at load.
    const p = project();
    p.drop("a_2024年1-3月.csv", HEAD + gdp("沈阳经济技术开发区", "2024年1-3月", 100));
    p.drop("b_2024年1-6月.csv", HEAD + gdp("沈阳经济技术开发区", "2024年1-6月", 80));
    expect((await p.run("ingest")).code).toBe(0);
    expect((await p.query<{ n: number }>(`select count(*)::integer as n from ingest.audit_flags where state = 'open'`))[0]!.n).toBe(1);
    p.drop("b_2024年1-6月（更正）.csv", HEAD + gdp("沈阳经济技术开发区", "2024年1-6月", 180));
    const r = await p.run("ingest");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("新入库的文件更正了 1 个需核实数值，其标记已解除");
    expect((await p.query<{ state: string }>(`select state from ingest.audit_flags`)).map((f) => f.state)).toEqual(["corrected"]);
    // A run that corrects nothing says nothing of it.
    p.drop("c_2024年1-9月.csv", HEAD + gdp("沈阳经济技术开发区", "2024年1-9月", 270));
    const quiet = await p.run("refresh");
    expect(quiet.code, quiet.stderr).toBe(0);
    expect(quiet.stdout + quiet.stderr).not.toContain("更正了");
  });
});
