/**
 * qa40 F2: zone_history.csv was not checked. A row with valid_to before valid_from passed and dropped the zone from every
 * year (2023's total 2,100 → 2,010, no word); an unknown code passed; an impossible date (2024-02-30) failed the build with
 * DuckDB's conversion error and no line. Now `build` refuses the file, naming every bad row's line, column and value, and
 * nothing is built. Real CLI, real DuckDB.
 */
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

let p: TestProject;
let file = "";
let before = "";
beforeAll(() => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  file = path.join(p.config.projectDir, "sources/seeds/zone_history.csv");
  before = readFileSync(file, "utf8");
});
afterAll(() => p?.cleanup());

describe("zone_history.csv is checked before a build", () => {
  it("a refresh stopped by it leaves the last site up, saying newer data was held back and why (qa41 F)", async () => {
    const first = await p.run("refresh");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    writeFileSync(file, before + "ED210111,2024-07-01,2024-06-30,省级,active,测试\n");
    const r = await p.run("refresh", "--full");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ZONE_HISTORY_INVALID");
    const index = readFileSync(path.join(p.config.site, "index.html"), "utf8");
    expect(index).toContain("的更新未发布");
    expect(index).toContain("参考数据检查未通过");
    expect(index).toContain("sources/seeds/zone_history.csv");
    expect(index).not.toContain("ZONE_HISTORY_INVALID");
    expect(index).toContain("第 5 行");
    writeFileSync(file, before);
  });

  it("every bad row is named with its line, column and value; the build stops", async () => {
    // The example's file has a header and 3 rows (lines 2-4): the bad rows are lines 5-8.
    expect(before.trimEnd().split("\n")).toHaveLength(4);
    appendFileSync(file, [
      "ED210111,2024-07-01,2024-06-30,省级,active,测试",
      "ED219999,2020-01-01,,省级,active,测试",
      "ED210105,2024-02-30,,省级,active,测试",
      "ED210106,2020-01-01,,省级,actve,测试",
    ].join("\n") + "\n");
    const r = await p.run("build");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("ZONE_HISTORY_INVALID");
    expect(r.stderr).toContain("第 5 行：开发区名录日期");
    expect(r.stderr).toContain("「截止日期（最后一天）」「2024-06-30」无效：应为不早于起始日期 2024-07-01 的日期");
    expect(r.stderr).toContain("第 6 行：开发区名录日期");
    expect(r.stderr).toContain("「开发区代码」「ED219999」无效：应为zones.csv 中的一个开发区代码");
    expect(r.stderr).toContain("第 7 行：开发区名录日期");
    expect(r.stderr).toContain("「起始日期」「2024-02-30」无效：应为日期 YYYY-MM-DD");
    expect(r.stderr).toContain("第 8 行：开发区名录日期");
    expect(r.stderr).toContain("「状态」「actve」无效：应为active、revoked、merged、suspended之一");
  });

  it("corrected, the build runs", async () => {
    writeFileSync(file, before + "ED210111,2024-07-01,,省级,active,测试\n");
    const r = await p.run("build");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  });
});
