/**
 * A share over a city total with any open 审核 flag is marked 分母需核实 (stat-qa4 F14): a first-year ×0.1 city total
 * whose only finding is a fall (YTD_DECREASE: no 上年同期, fewer than two zones reporting, so no other rule can decide)
 * gave 占本市 20.8% for 2.1%, unmarked. Real DuckDB, real CSV files, the real CLI's refresh; shares read from the mart.
 *
 * By hand: 沈阳市 2024年1-3月 1400, 1-6月 298 (typed for 2980) → YTD_DECREASE on the 298; 沈阳金融商贸开发区 30, 62
 * (the city's only reporting zone: no children-sum evidence). C210100_ED 1-6月 = 62 / 298 = 20.8%, denominator flagged;
 * 1-3月 = 30 / 1400 = 2.1%, not flagged.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;
let p: TestProject;

beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n");
  p.drop("a_2024年1-3月.csv", HEAD + row("沈阳市", "2024年1-3月", 1400) + row("沈阳金融商贸开发区", "2024年1-3月", 30));
  p.drop("b_2024年1-6月.csv", HEAD + row("沈阳市", "2024年1-6月", 298) + row("沈阳金融商贸开发区", "2024年1-6月", 62));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
}, 300_000);
afterAll(() => p.cleanup());

describe("a city total with only a YTD_DECREASE", () => {
  it("marks the shares over it 分母需核实, and status says so of the flag", async () => {
    const flags = await p.query<{ rule_code: string; entity_code: string }>(`select rule_code, entity_code from ingest.audit_flags where state = 'open'`);
    expect(flags).toEqual([{ rule_code: "YTD_DECREASE", entity_code: "210100" }]);
    const shares = await p.query<{ period_label: string; share: number; denominator_needs_check: boolean }>(
      `select period_label, share, denominator_needs_check from main.shares where scope_code = 'C210100_ED' and indicator_code = 'gdp' and is_matched_edition order by period_end`);
    expect(shares.map((s) => [s.period_label, Number(s.share).toFixed(4), s.denominator_needs_check])).toEqual([
      ["2024年1-3月", (30 / 1400).toFixed(4), false],
      ["2024年1-6月", (62 / 298).toFixed(4), true],
    ]);
    const status = await p.run("status");
    expect(status.stdout).toMatch(/\[YTD_DECREASE\] 沈阳市 地区生产总值 2024年1-6月（以它为分母的占比标为分母需核实）：/);
  });
});
