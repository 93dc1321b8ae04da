/**
 * stat-qa7 F12: two cities' zone totals both partial were ranked with 「已报送部分是下限，实际位次不会更后」 — true of one
 * partial city among complete ones, not of two (either may pass the other once complete). Real CLI refresh and report.
 * Files: 2024年 地区生产总值 沈阳经开区 100 (1 of 沈阳's 11 zones), 大连经开区 50 (1 of 大连's 6).
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, gdpRow } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2024年_开发区.csv", GDP_HEAD + gdpRow("沈阳经济技术开发区", "2024年", 100) + gdpRow("大连经济技术开发区", "2024年", 50));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("two partial cities in 三、分地区情况", () => {
  it("says their order may change, not 「实际位次不会更后」", async () => {
    const out = path.join(p.dir, "r.md");
    const r = await p.run("report", "--period", "2024年", "--format", "md", "--out", out);
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toMatch(/沈阳市开发区合计数据不全[^。]*；大连市开发区合计数据不全[^。]*，按已报送部分排列：已报送部分是下限，这些市的实际位次可能不同/);
    expect(md).not.toContain("实际位次不会更后");
  });
});
