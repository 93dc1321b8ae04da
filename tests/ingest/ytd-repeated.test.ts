/**
 * stat-qa7 F7: a 1-6月 file that repeats the 1-3月 figures (every zone's Q2 increment 0) loaded without a flag, so the
 * 1-6月 totals were the first quarter's. YTD_REPEATED (sources/audit-rules/10-bureau-checks.yml) flags and holds each
 * repeated value when at least 80% of a file's values of one indicator and period (3 or more) equal the year's previous
 * 累计; one zone's unchanged 累计 stays unflagged. Real CLI, real DuckDB, real files.
 *
 * 地区生产总值 亿元, 沈阳's first five zones:      1-3月 | 1-6月 (copied) | 1-9月 (one unchanged) | 1-6月 更正
 *   沈阳经开区 / 辉山 / 金融商贸 / 欧盟 / 辽中       100 / 50 / 30 / 20 / 10 | the same | 1-6月更正 + 5 each, 辽中 unchanged | 210 / 105 / 62 / 41 / 21
 * By hand: the copied 1-6月 — 5 of 5 equal to 1-3月 (≥ 80%): 5 flags, 沈阳's 1-6月 sum holds all five (no value: 5 held).
 * The 1-9月 — 1 of 5 equal to the 1-6月 更正 (辽中 21 = 21): 20% < 80%, no flag. The 更正 closes the five flags (corrected).
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const ZONES = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区", "沈阳金融商贸开发区", "沈阳欧盟经济开发区", "辽中经济开发区"];
const file = (period: string, values: number[]) => HEAD + ZONES.map((z, i) => `${z},${period},地区生产总值,${values[i]},亿元,累计\n`).join("");

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2024年1-3月_开发区.csv", file("2024年1-3月", [100, 50, 30, 20, 10]));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

const flags = () => p.query<{ state: string; entity_name: string; period_label: string; message: string }>(
  `select state, entity_name, period_label, message from ingest.audit_flags where rule_code = 'YTD_REPEATED' order by flag_id`);

describe("a 1-6月 file repeating the 1-3月 figures", () => {
  it("flags and holds each repeated value; the message names the earlier period and how many repeat", async () => {
    p.drop("2024年1-6月_开发区.csv", file("2024年1-6月", [100, 50, 30, 20, 10]));
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const f = await flags();
    expect(f.map((x) => [x.state, x.entity_name, x.period_label])).toEqual(ZONES.map((z) => ["open", z, "2024年1-6月"]));
    expect(f[0]!.message).toBe("「地区生产总值」2024年1-6月累计 100 亿元，与2024年1-3月累计相同；本文件该期 5 个数值中 5 个与2024年1-3月相同（是否把上一期的数重复报送？）");
    const sums = await p.query<{ value: number | null; held: number }>(`select value::double as value, zones_held_for_check::integer as held
      from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年1-6月' and method = 'sum_of_zones'`);
    // Every value held: no sum (a sum of nothing is not 0), or a row with none summed and 5 held.
    expect(sums.every((s) => s.value === null || s.held === 5)).toBe(true);
  });

  it("a corrected 1-6月 closes the flags; a 1-9月 with one zone unchanged is not flagged", async () => {
    p.drop("2024年1-6月_开发区_更正.csv", file("2024年1-6月", [210, 105, 62, 41, 21]));
    let r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await flags()).map((x) => x.state)).toEqual(Array(5).fill("corrected"));
    p.drop("2024年1-9月_开发区.csv", file("2024年1-9月", [215, 110, 67, 46, 21]));
    r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await flags()).filter((x) => x.period_label === "2024年1-9月")).toEqual([]);
    const sum = await p.query<{ value: number; held: number }>(`select value::double as value, zones_held_for_check::integer as held
      from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年1-6月' and method = 'sum_of_zones'`);
    // 210 + 105 + 62 + 41 + 21 = 439, none held.
    expect(sum).toEqual([{ value: 439, held: 0 }]);
  });
});
