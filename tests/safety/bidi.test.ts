/**
 * Bidi control characters (U+202E RIGHT-TO-LEFT OVERRIDE and kin) never reach a
 * reader raw (issue #17): a file named with one is rejected with a report and log
 * lines that show "[U+202E]"; page text and CSV downloads neutralise them too.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { esc } from "../../pipelines/publish/html.js";
import { neutralizeCell, neutralizeSql } from "../../pipelines/publish/downloads.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { neutraliseBidi, neutraliseBidiSql } from "../../pipelines/safety/bidi.js";
import { tempProject, type TestProject } from "../support/project.js";
import { zonestatSync } from "../support/cli-process.js";

const RLO = "\u202E";
const ANY_BIDI = /[\u202A-\u202E\u2066-\u2069]/;
let project: TestProject | undefined;
afterEach(() => project?.cleanup());

describe("bidi controls are neutralised", () => {
  it("a rejected file named 报表‮vsc.exe.csv: report files and log lines show [U+202E], never the raw character", () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    const name = `报表${RLO}vsc.exe.csv`;
    project.drop(name, `不是,有效的\n${RLO}文件,1\n`);
    const r = zonestatSync(project.dir, "ingest");
    expect(r.code).toBe(1);
    expect(r.stderr).not.toMatch(ANY_BIDI);
    expect(r.stderr).toContain("[U+202E]");
    const reports = readdirSync(project.config.rejected).filter((n) => n.includes(".problems."));
    expect(reports).toHaveLength(2);
    for (const rep of reports) {
      const text = readFileSync(path.join(project.config.rejected, rep), "utf8");
      expect(text).not.toMatch(ANY_BIDI);
      expect(text).toContain("报表[U+202E]vsc.exe.csv");
    }
  });

  it("page text (esc) and CSV cells (neutralizeCell) show the code point", () => {
    expect(esc(`开发区${RLO}<b>`)).toBe("开发区[U+202E]&lt;b&gt;");
    expect(esc(`a\u2066b\u2069`)).toBe("a[U+2066]b[U+2069]");
    expect(neutralizeCell(`=1+${RLO}`)).toBe("'=1+[U+202E]");
  });

  it("the SQL rule gives neutraliseBidi's text for every control, its neighbours and NULL", async () => {
    // Expected side: neutraliseBidi, the regular expression in JavaScript; the SQL tests substrings (issue #24).
    const controls = [0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069].map((c) => String.fromCodePoint(c));
    const neighbours = [0x2029, 0x202f, 0x2065, 0x206a, 0xe2, 0x200f].map((c) => String.fromCodePoint(c)); // not controls: kept
    const texts = [...controls.flatMap((c) => [c, `开发区${c}`, `${c}甲乙`, `a${c}b${c}c`]), ...neighbours.map((c) => `x${c}y`), controls.join("") + "尾", "正常", ""];
    const db = await openDuckDB(":memory:");
    try {
      await db.exec(`create table t (i integer, v varchar)`);
      for (const [i, v] of texts.entries()) await db.exec(`insert into t values (?, ?)`, [i, v]);
      await db.exec(`insert into t values (-1, null)`);
      const rows = await db.all<{ i: number; v: string | null }>(`select i, ${neutraliseBidiSql("v")} as v from t order by i`);
      expect(rows).toEqual([{ i: -1, v: null }, ...texts.map((v, i) => ({ i, v: neutraliseBidi(v) }))]);
      expect(rows.find((r) => r.i === 1)!.v).toBe("开发区[U+202A]");
    } finally {
      await db.close();
    }
  });

  it("downloads written by DuckDB's COPY through neutralizeSql carry no raw control", async () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zonestat-bidi-"));
    try {
      const db = await openDuckDB(":memory:");
      await db.exec(`create table t as select '甲${RLO}乙' as name union all select '=SUM(A1)\u2067' union all select '正常'`);
      const out = path.join(dir, "t.csv");
      await db.exec(`copy (select ${neutralizeSql("name")} from t) to '${out}' (format csv, header true)`);
      await db.close();
      const text = readFileSync(out, "utf8");
      expect(text).not.toMatch(ANY_BIDI);
      expect(text).toContain("甲[U+202E]乙");
      expect(text).toContain("'=SUM(A1)[U+2067]");
      expect(text).toContain("正常");
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
