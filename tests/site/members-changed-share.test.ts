/**
 * stat-qa7 F4: 总览 and 进度 gave a share's 同比 (「提高 2.0 个百分点」) across a change of the scope's zone list — the
 * report already withheld it (开发区名单不同，按开发区加总的数值前后不可比). Real CLI refresh, pages read back.
 * 沈阳辉山 enters the register on 2024-03-01 (a zone_history row appended), so C210100_ED has 10 zones in 2023, 11 in 2024.
 * Files (地区生产总值 亿元): 2023 the ten others 100 each; 2024 the same ten 100 each and 辉山 200; 沈阳市 10,000 both years.
 * By hand: 2023 1,000 / 10,000 = 10.0%, 2024 1,200 / 10,000 = 12.0% — complete both years, but over different zone lists:
 * no 同比 of the share (the old pages said 提高 2.0 个百分点).
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS, gdpRow, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const TEN = ["沈阳经济技术开发区", ...SHENYANG_OTHERS];
const regions = (y: string, sy: number) => `${y}年全省及各市主要经济指标\n地区,地区生产总值(亿元)\n沈阳市,${sy}\n`;

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  const seeds = path.join(p.config.projectDir, "sources/seeds");
  appendFileSync(path.join(seeds, "zone_history.csv"), "ED210102,2024-03-01,,国家级,active,测试\n");
  appendFileSync(path.join(seeds, "targets.csv"), "T-MEM,000_a15158e3137421c5.txt,测试,到2030年沈阳开发区地区生产总值占全市15%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2030,15,%,linear,,true,,\n");
  p.drop("2023年_沈阳开发区.csv", GDP_HEAD + TEN.map((z) => gdpRow(z, "2023年", 100)).join(""));
  p.drop("2023年各市主要指标.csv", regions("2023", 10000));
  p.drop("2024年_沈阳开发区.csv", GDP_HEAD + TEN.map((z) => gdpRow(z, "2024年", 100)).join("") + gdpRow("沈阳辉山经济技术开发区", "2024年", 200));
  p.drop("2024年各市主要指标.csv", regions("2024", 10000));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a share over a zone list that changed", () => {
  it("the scope has 10 members in 2023 and 11 in 2024, both complete: 10.0% and 12.0%", async () => {
    const s = await p.query<{ period_label: string; share: number; is_partial: boolean }>(`select period_label, round(share, 4)::double as share, is_partial from main.shares
      where scope_code = 'C210100_ED' and indicator_code = 'gdp' and denominator_code = '210100' and is_matched_edition and is_preferred_numerator order by period_label`);
    expect(s).toEqual([{ period_label: "2023年", share: 0.1, is_partial: false }, { period_label: "2024年", share: 0.12, is_partial: false }]);
  });

  it("总览 and 进度 give no 同比 of it, saying why", () => {
    for (const page of ["index.html", "progress.html"]) {
      const t = pageText(p, page);
      const row = t.slice(t.indexOf("到2030年沈阳开发区地区生产总值占全市15%以上"));
      expect(row, page).toMatch(/^.{0,400}开发区名单变化/);
      expect(row.slice(0, 400), page).not.toContain("提高 2.0 个百分点");
    }
  });
});
