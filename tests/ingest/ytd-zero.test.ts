/**
 * stat-qa9 F5: a 1-6月 累计 typed 0 after a positive 1-3月 was only marked (YTD_DECREASE) and summed — 城市与区域 said
 * 「下降 100.0%」 — where the same cell typed 8.25 (÷10) was held by YTD_OUT_OF_LINE. A 0 is as far out of line with its
 * 上年同期 as a ÷10 is: the evidence names it and it is held. Real CLI refresh, real DuckDB.
 * 地区生产总值 亿元:             2023年1-3月 | 2023年1-6月 | 2024年1-3月 | 2024年1-6月
 *   沈阳经开区                       80     |    150      |    82.5     |     0   (82.5 / 80 = 1.03 in line; 0 below 150: out)
 *   辉山 / 金融商贸 / 欧盟           40 / 20 / 10 | 80 / 40 / 20 | 41 / 21 / 11 | 82 / 42 / 22
 * By hand: YTD_OUT_OF_LINE on the 0, held; 沈阳's 2024年1-6月 sum 82 + 42 + 22 = 146 with 1 held (not 146 with the 0 summed).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { fourZoneFile } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2023年1-3月.csv", fourZoneFile("2023年1-3月", "累计", [80, 40, 20, 10]));
  p.drop("2023年1-6月.csv", fourZoneFile("2023年1-6月", "累计", [150, 80, 40, 20]));
  p.drop("2024年1-3月.csv", fourZoneFile("2024年1-3月", "累计", [82.5, 41, 21, 11]));
  p.drop("2024年1-6月.csv", fourZoneFile("2024年1-6月", "累计", [0, 82, 42, 22]));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a 1-6月 累计 typed 0", () => {
  it("is flagged YTD_OUT_OF_LINE and held; 沈阳's 1-6月 sum leaves it out", async () => {
    const f = await p.query<{ rule_code: string; value: number; period_label: string }>(`select rule_code, value, period_label from ingest.audit_flags where state = 'open' order by flag_id`);
    expect(f).toEqual([{ rule_code: "YTD_OUT_OF_LINE", value: 0, period_label: "2024年1-6月" }]);
    // A 0 is asked about as a blank, not a digit (stat-qa7 F14).
    const [m] = await p.query<{ message: string }>(`select message from ingest.audit_flags where state = 'open'`);
    expect(m!.message).toContain("（是否漏填，把空白填成了 0？如确实为 0，请核实后确认）");
    expect(m!.message).not.toContain("多输或少输了一位");
    const s = await p.query<{ value: number; held: number }>(`select value::double as value, zones_held_for_check::integer as held from main_intermediate.int_scope_values
      where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年1-6月' and method = 'sum_of_zones'`);
    expect(s).toEqual([{ value: 146, held: 1 }]);
  });
});
