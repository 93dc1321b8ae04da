/**
 * stat-qa10 F4: a year's first value typed 0 (a blank filled with 0) where the zone's 上年同期 was positive passed every
 * rule — FIRST_QUARTER_JUMP and JUMP_20X compared positive values only — and the 0 was summed unmarked. Now it is marked
 * (FIRST_QUARTER_JUMP, not held: a quarter without exports can be true), asking about a blank, not a digit.
 * A 0 after a positive 1-3月 of the same year is a fall: YTD_DECREASE marks it (here with no 上年同期 to decide it).
 * Real CLI, DuckDB, files.
 *
 *   2023年1-3月: 沈阳经开区 出口额 5 亿美元; 辉山 地区生产总值 50 亿元
 *   2024年1-3月: 沈阳经开区 出口额 0; 辉山 地区生产总值 0; 金融商贸 地区生产总值 40 (no 上年同期)
 *   2024年1-6月: 金融商贸 地区生产总值 0
 * By hand: 0 < 5 ÷ 5 and 0 < 50 ÷ 5 — two FIRST_QUARTER_JUMP marks; 金融商贸 40 → 0 — one YTD_DECREASE; nothing else.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  p.drop("2023年1-3月.csv", HEAD + "沈阳经济技术开发区,2023年1-3月,出口额,5,亿美元,累计\n沈阳辉山经济技术开发区,2023年1-3月,地区生产总值,50,亿元,累计\n");
  p.drop("2024年1-3月.csv", HEAD + "沈阳经济技术开发区,2024年1-3月,出口额,0,亿美元,累计\n沈阳辉山经济技术开发区,2024年1-3月,地区生产总值,0,亿元,累计\n沈阳金融商贸开发区,2024年1-3月,地区生产总值,40,亿元,累计\n");
  p.drop("2024年1-6月.csv", HEAD + "沈阳金融商贸开发区,2024年1-6月,地区生产总值,0,亿元,累计\n");
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a first value of 0 against a positive 上年同期", () => {
  it("is marked FIRST_QUARTER_JUMP, asking about a blank; a 0 after a positive 累计 is a YTD_DECREASE", async () => {
    const flags = await p.query<{ rule_code: string; entity_code: string; period_label: string; message: string; state: string }>(
      `select rule_code, entity_code, period_label, message, state from ingest.audit_flags order by entity_code, rule_code`);
    expect(flags.map((f) => [f.rule_code, f.entity_code, f.period_label, f.state])).toEqual([
      ["FIRST_QUARTER_JUMP", "ED210101", "2024年1-3月", "open"],
      ["FIRST_QUARTER_JUMP", "ED210102", "2024年1-3月", "open"],
      ["YTD_DECREASE", "ED210103", "2024年1-6月", "open"],
    ]);
    expect(flags[0]!.message).toContain("「出口额」2024年1-3月累计 0 亿美元，是上年同期（2023年1-3月 5");
    expect(flags[0]!.message).toContain("（是否漏填，把空白填成了 0？如确实为 0，请核实后确认）");
    expect(flags[0]!.message).not.toContain("多输或少输了一位");
  });
});
