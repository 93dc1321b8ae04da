/**
 * A total whose own series breaks (a declared 口径调整 of the scope, sources/seeds/series_breaks.csv) has no 同比 across the
 * break on 进度, as on 总览 and in the growth mart: the two years are not one measure. Real CLI refresh, the page read back.
 *
 * Files (亿元, 地区生产总值, the year), 沈阳's 11 经济开发区 (C210100_ED), all reporting both years:
 *   2024年  沈阳经开区 100, 辉山经开区 200, the nine others 50 each: 750
 *   2025年  沈阳经开区 300, 辉山经开区 210, the nine others 50 each: 960
 * Declared: C210100_ED gdp 2025 口径调整. By hand the totals' ratio is 960 / 750 − 1 = 28.0% — the number 进度 printed
 * beside D001-02 (地区生产总值 2030年 5250 亿元) before; it must read —（口径调整）. Its 按进度预期 is none either (the status
 * says 无进度路径; the old code printed the 2024-based path's 1,037.3 亿元).
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD as HEAD, gdpRow as row, pageText, SHENYANG_OTHERS as OTHERS } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 600_000, hookTimeout: 600_000 });

let p: TestProject;
const text = (rel: string) => pageText(p, rel);

beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/series_breaks.csv"), "C210100_ED,gdp,2025,口径调整,2025年起沈阳经开区按新口径汇总地区生产总值，与上年不可比,测试\n");
  const others = (y: string) => OTHERS.map((n) => row(n, y, 50)).join("");
  p.drop("2024年_开发区.csv", HEAD + row("沈阳经济技术开发区", "2024年", 100) + row("沈阳辉山经济技术开发区", "2024年", 200) + others("2024年"));
  p.drop("2025年_开发区.csv", HEAD + row("沈阳经济技术开发区", "2025年", 300) + row("沈阳辉山经济技术开发区", "2025年", 210) + others("2025年"));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a scope's own series break on 进度", () => {
  it("D001-02's 2025年 row gives 960.0 with 同比 —（口径调整）, not the totals' 增长 28.0%", async () => {
    const status = await p.query<{ actual: number; previous_year_actual: number; series_segment: number; expected: number | null }>(
      `select actual, previous_year_actual, series_segment, expected from main.target_status where target_id = 'D001-02' and period_label = '2025年'`);
    expect(status.map((s) => [Number(s.actual), Number(s.previous_year_actual), Number(s.series_segment), s.expected])).toEqual([[960, 750, 1, null]]);
    const t = text("progress.html");
    const at = t.indexOf("地区生产总值2030年5,250亿元（≥5,250 亿元）");
    expect(at).toBeGreaterThan(-1);
    const rowText = t.slice(at, at + 200);
    // 按进度预期 is — too: the status says 无进度路径 (the path from 2024's 750 is in the old measure); it printed 1,037.3 亿元.
    expect(rowText).toMatch(/2025年起口径变化，与基期（2024年）不可比，无进度路径 2025年 960\.0 亿元 —（口径调整） — /);
    expect(t).not.toContain("增长 28.0%");
  });
});
