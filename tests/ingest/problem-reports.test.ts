/**
 * held-qa finding 6: a file's .problems.txt says what its 需核实 flags are NOW — after a later file's re-audit, a
 * confirm, its undo, a 更正 and a withdraw — not only what was found when it was loaded. Real CLI, real DuckDB.
 */
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";
import { zonestatSync } from "../support/cli-process.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (period: string, v: number) => `沈阳经济技术开发区,${period},地区生产总值,${v},亿元,累计\n`;

async function flagIds(p: TestProject): Promise<Array<{ flag_id: number; name: string; state: string }>> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return await db.all(`select a.flag_id, f.name, a.state from ingest.audit_flags a join ingest.files f using (file_id) order by a.flag_id`);
  } finally {
    await db.close();
  }
}

/** The current-state section of a report: from the line starting 「══ 当前状态」 to the end. */
function current(p: TestProject, name: string): string {
  const text = readFileSync(path.join(p.dir, "archive", `${name}.problems.txt`), "utf8");
  const i = text.indexOf("══ 当前状态");
  expect(i).toBeGreaterThan(-1);
  return text.slice(i);
}

describe(".problems.txt keeps the file's flags as they stand", () => {
  it("a clean file flagged by later loads gets a report; confirm, undo, a 更正 and withdraw rewrite it", async () => {
    const p = tempProject();
    projects.push(p);
    // By hand (the re-audit tests' spike): A 1-6月 395000 (万元 typed for 亿元) loads clean — nothing to compare with.
    // B 1-3月 18.5 and D 1-9月 61.3 agree with each other (18.5 ≤ 61.3, 3.3×) but not with A: 395000/18.5 = 21351×
    // (JUMP_20X) and 395000 → 61.3 falls within the year (YTD_DECREASE) — both land on A line 2, a file loaded clean.
    p.drop("a.csv", HEAD + row("2024年1-6月", 395000));
    expect((await p.run("ingest")).code).toBe(0);
    expect(existsSync(path.join(p.dir, "archive", "a.csv.problems.txt"))).toBe(false);
    p.drop("b.csv", HEAD + row("2024年1-3月", 18.5));
    p.drop("d.csv", HEAD + row("2024年1-9月", 61.3));
    expect((await p.run("ingest")).code).toBe(0);
    const open = (await flagIds(p)).filter((f) => f.state === "open");
    expect(open.map((f) => f.name)).toEqual(["a.csv", "a.csv"]);
    const text = readFileSync(path.join(p.dir, "archive", "a.csv.problems.txt"), "utf8");
    // Its head says when the file was loaded and that the flags came after the load (stat-qa3 F5: no time line, and
    // 「入库时没有需核实的数值」 beside a log that counted the re-audit's flag).
    expect(text).toMatch(/^文件：a\.csv\n结果：已入库；入库时的审核没有发现需核实的数值，入库后的审核复核标记了本文件的数值（见下文「当前状态」）\n时间：\d{4}-\d\d-\d\d \d\d:\d\d:\d\d（[^）]+）（入库）\n/);
    expect(current(p, "a.csv")).toContain("需核实（2）");
    for (const f of open) expect(current(p, "a.csv")).toContain(`标记号 ${f.flag_id}`);
    // B and D carry no flag now: no report for them, or one saying 需核实（0）.
    for (const n of ["b.csv", "d.csv"]) {
      if (existsSync(path.join(p.dir, "archive", `${n}.problems.txt`))) expect(current(p, n)).toContain("需核实（0）");
    }

    expect((await p.run("confirm", "--file", "a.csv", "--line", "2", "--by", "张三", "--reason", "电话核实")).code).toBe(0);
    expect(current(p, "a.csv")).toContain("需核实（0）");
    expect(current(p, "a.csv")).toMatch(/已核实无误（2）：\n.*（张三：电话核实）\n.*（张三：电话核实）/);

    expect((await p.run("confirm", "--undo", "--file", "a.csv", "--line", "2", "--by", "张三", "--reason", "核错了")).code).toBe(0);
    expect(current(p, "a.csv")).toContain("需核实（2）");
    expect(current(p, "a.csv")).not.toContain("已核实无误");

    // A 更正 of the 1-6月 value (39.5: 18.5 ≤ 39.5 ≤ 61.3): both flags closed by the new file.
    p.drop("a_更正.csv", HEAD + row("2024年1-6月", 39.5));
    expect((await p.run("ingest")).code).toBe(0);
    expect((await flagIds(p)).filter((f) => f.state === "open")).toEqual([]);
    expect(current(p, "a.csv")).toContain("需核实（0）");
    expect(current(p, "a.csv")).toMatch(/已解除（2）：\n/);
    // Rewritten in place: one section, the head as first written.
    const again = readFileSync(path.join(p.dir, "archive", "a.csv.problems.txt"), "utf8");
    expect(again.split("══ 当前状态").length).toBe(2);
    expect(again.startsWith(text.slice(0, text.indexOf("══ 当前状态")))).toBe(true);

    // Withdrawing the file: its report says so.
    expect((await p.run("withdraw", "a.csv")).code).toBe(0);
    expect(current(p, "a.csv")).toContain("本文件已撤回");
  });
});

describe("a copied project keeps its own reports (stat-qa5 F19)", () => {
  it("confirm in a copy rewrites the copy's .problems.txt, not the original's", async () => {
    // A 1-6月 395000 then a 1-3月 18.5 and a 1-9月 61.3 (as above): two flags on a.csv line 2. The project is copied
    // (cp -r, as an office copies it to a new PC) and the flags confirmed in the copy only.
    const p = tempProject();
    projects.push(p);
    p.drop("a.csv", HEAD + row("2024年1-6月", 395000));
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("b.csv", HEAD + row("2024年1-3月", 18.5));
    p.drop("d.csv", HEAD + row("2024年1-9月", 61.3));
    expect((await p.run("ingest")).code).toBe(0);
    const original = readFileSync(path.join(p.dir, "archive", "a.csv.problems.txt"), "utf8");
    expect(original).toContain("需核实（2）");
    const copyRoot = mkdtempSync(path.join(tmpdir(), "zonestat-copy-"));
    try {
      const copy = path.join(copyRoot, "p");
      cpSync(p.dir, copy, { recursive: true });
      const r = zonestatSync(copy, "confirm", "--file", "a.csv", "--line", "2", "--by", "张三", "--reason", "电话核实");
      expect(r.code, r.stderr).toBe(0);
      expect(readFileSync(path.join(copy, "archive", "a.csv.problems.txt"), "utf8")).toMatch(/需核实（0）/);
      expect(readFileSync(path.join(p.dir, "archive", "a.csv.problems.txt"), "utf8")).toBe(original);
    } finally {
      rmSync(copyRoot, { recursive: true, force: true });
    }
  });
});
