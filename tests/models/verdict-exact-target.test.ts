/**
 * An expired target missed at its deadline whose later figure is exactly the target: 「2024年起达到目标」, not 「超过」
 * (stat-qa7 cosmetics: 起超过 printed for a share at 50% against ≥ 50%). Real CLI refresh, real DuckDB.
 *
 * 沈阳's 11 经济开发区 (C210100_ED), 地区生产总值 亿元, over 沈阳市 (210100):
 *   2023年: 沈阳经开区 1,000, 辉山 500, the nine others 100 each = 2,400; 沈阳市 6,000 → 40%.
 *   2024年: 沈阳经开区 1,100, 辉山 500, the nine others 100 each = 2,500; 沈阳市 5,000 → 50% exactly.
 * Target T-EX ≥ 50% by 2023: 未达成 at 2023 (40%, 差10个百分点); 2024 at 50% meets it exactly.
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const rows = (period: string, values: Array<[string, number]>) => GDP_HEAD + values.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,\n`).join("");
const others = SHENYANG_OTHERS.map((z) => [z, 100] as [string, number]);
const regions = (y: string, ln: number, sy: number) => `${y}年全省及各市主要经济指标\n地区,地区生产总值(亿元)\n辽宁省,${ln}\n沈阳市,${sy}\n`;

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"),
    "T-EX,000_a15158e3137421c5.txt,测试,到2023年沈阳开发区地区生产总值占全市50%以上,C210100_ED,gdp,share,>=,false,210100,,,,,2023,50,%,linear,,true,,\n");
  p.drop("2023年_沈阳开发区.csv", rows("2023年", [["沈阳经济技术开发区", 1000], ["沈阳辉山经济技术开发区", 500], ...others]));
  p.drop("2023年各市主要指标.csv", regions("2023", 30000, 6000));
  p.drop("2024年_沈阳开发区.csv", rows("2024年", [["沈阳经济技术开发区", 1100], ["沈阳辉山经济技术开发区", 500], ...others]));
  p.drop("2024年各市主要指标.csv", regions("2024", 32000, 5000));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a later figure exactly at the target", () => {
  it("reads 达到, not 超过", async () => {
    const [v] = await p.query<{ headline_text: string; reached_since_year: number }>(`select headline_text, reached_since_year from main.target_verdicts where target_id = 'T-EX'`);
    expect(v!.reached_since_year).toBe(2024);
    expect(v!.headline_text).toBe("2023年未达成（实际40%，差10个百分点）；2024年起达到目标");
  });
});
