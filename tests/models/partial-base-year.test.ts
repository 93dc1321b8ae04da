/**
 * qa41 D: a schedule path from a base year whose total was partial (a zone missing) ran low — 1,950 without 新民 where
 * the scope's was 2,000 — and the report said 「实际高于进度45.0亿元」 for a lead of 20. A partial base is a lower bound:
 * no path is drawn from it, and the reason says why. Real CLI refresh, real DuckDB.
 *
 * 沈阳's 11 经济开发区 (C210100_ED), 地区生产总值 亿元: 2023年 the ten others than 新民 report (沈阳经开区 1,050, nine at
 * 100 = 1,950; 新民 missing); 2024年 all eleven (沈阳经开区 1,100, the others 100 each = 2,100).
 * Target T-PB: ≥ 2,400 亿元 by 2026 from base year 2023 (no base value in the document): by hand a path from 1,950 would
 * expect 1,950 + (2,400 − 1,950) / 3 = 2,100 in 2024 — the base is partial, so no path: no_schedule with the reason.
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const rows = (period: string, values: Array<[string, number]>) => GDP_HEAD + values.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,\n`).join("");
const ten = ["沈阳辉山经济技术开发区", ...SHENYANG_OTHERS].filter((z) => z !== "新民经济开发区");

let p: TestProject;
beforeAll(async () => {
  expect(ten.length).toBe(9);
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"),
    "T-PB,000_a15158e3137421c5.txt,测试,到2026年沈阳开发区地区生产总值达到2400亿元,C210100_ED,gdp,level,>=,false,,,,2023,,2026,2400,亿元,linear,,true,,\n");
  p.drop("2023年_沈阳开发区.csv", rows("2023年", [["沈阳经济技术开发区", 1050], ...ten.map((z) => [z, 100] as [string, number])]));
  p.drop("2024年_沈阳开发区.csv", rows("2024年", [["沈阳经济技术开发区", 1100], ...ten.map((z) => [z, 100] as [string, number]), ["新民经济开发区", 100]]));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a schedule path from a partial base year", () => {
  it("is not drawn: 2024 is no_schedule and says the base year is incomplete", async () => {
    const s = await p.query<{ year: number; actual: number; is_partial: boolean; expected: number | null; base_value_used: number | null; status: string; reason: string | null }>(
      `select year, actual, is_partial, expected, base_value_used, status, reason from main.target_status where target_id = 'T-PB' order by year`);
    expect(s.map((r) => [r.year, r.actual, r.is_partial])).toEqual([[2023, 1950, true], [2024, 2100, false]]);
    expect(s[1]).toMatchObject({ expected: null, base_value_used: null, status: "no_schedule", reason: "基期（2023年）合计不完整（部分开发区未报送或需核实），无进度路径" });
  });
});
