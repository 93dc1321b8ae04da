/**
 * stat-qa10 F3: copies YTD_REPEATED let through — a copied 1-6月 of only two zones (the rule judged 3 or more), and a
 * 「2024年」 file repeating the 1-9月 figures (a 年 value was not compared with the year's 累计). Real CLI, DuckDB, files.
 *
 * 地区生产总值 亿元, two zones:          1-3月 | 1-6月 (copy) | 1-6月 更正 | 1-9月 | 2024年 (copy of 1-9月)
 *   沈阳经开区 ED210101                 100  |  100         |  210       |  320  |  320
 *   辉山       ED210102                  50  |   50         |  105       |  160  |  160
 * By hand: the copied 1-6月 — 2 of 2 equal to the 1-3月 (≥ 80%, 2 ≥ min_values 2): 2 flags, held. The 2024年 — its values
 * judged as the 1-12月 against the 1-9月: 2 of 2 equal: 2 flags, held, the message naming the 年 value and the 1-9月.
 * The 1-9月 (320 ≠ 210, 160 ≠ 105): none.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const ZONES = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区"];
const file = (period: string, basis: string, values: number[]) => HEAD + ZONES.map((z, i) => `${z},${period},地区生产总值,${values[i]},亿元,${basis}\n`).join("");

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2024年1-3月_开发区.csv", file("2024年1-3月", "累计", [100, 50]));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

const flags = () => p.query<{ state: string; entity_code: string; period_label: string; message: string }>(
  `select state, entity_code, period_label, message from ingest.audit_flags where rule_code = 'YTD_REPEATED' order by flag_id`);

describe("copies of two zones, and a 年 file copying the 1-9月", () => {
  it("a 1-6月 of two zones repeating the 1-3月 is flagged and held", async () => {
    p.drop("2024年1-6月_开发区.csv", file("2024年1-6月", "累计", [100, 50]));
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await flags()).map((f) => [f.state, f.entity_code, f.period_label])).toEqual([["open", "ED210101", "2024年1-6月"], ["open", "ED210102", "2024年1-6月"]]);
  });

  it("a 「2024年」 repeating the 1-9月 is flagged and held; the 1-9月 itself is not", async () => {
    p.drop("2024年1-6月_开发区_更正.csv", file("2024年1-6月", "累计", [210, 105]));
    p.drop("2024年1-9月_开发区.csv", file("2024年1-9月", "累计", [320, 160]));
    let r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    expect((await flags()).map((f) => f.state)).toEqual(["corrected", "corrected"]);
    p.drop("2024年_开发区.csv", file("2024年", "", [320, 160]));
    r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const f = (await flags()).filter((x) => x.state === "open");
    expect(f.map((x) => [x.entity_code, x.period_label])).toEqual([["ED210101", "2024年"], ["ED210102", "2024年"]]);
    expect(f[0]!.message).toBe("「地区生产总值」2024年（年度值） 320 亿元，与2024年1-9月累计相同；本文件该期 2 个数值中 2 个与2024年1-9月相同（是否把上一期的数重复报送？）");
    const held = await p.query<{ n: number }>(`select count(*)::integer as n from main_intermediate.int_held_values where period_end = date '2024-12-31' and held_rule = 'YTD_REPEATED'`);
    expect(held).toEqual([{ n: 2 }]);
  });
});
