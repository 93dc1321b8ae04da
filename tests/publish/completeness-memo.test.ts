/**
 * 总览 and 进度 both read scopeCompleteness (~48k rows at province scale): within one publish run (the run's memo,
 * PageContext.shared) the warehouse is asked once and both pages get the same map; without a memo, every call asks.
 */
import { describe, expect, it } from "vitest";
import { completenessKey, scopeCompleteness } from "../../dashboards/kit/held-values.js";
import { createShared } from "../../pipelines/publish/page.js";

/** A query function answering the completeness query with two rows, counting its calls. */
function counting() {
  const calls: string[] = [];
  return {
    calls,
    query: async <T extends Record<string, unknown>>(sql: string): Promise<T[]> => {
      calls.push(sql);
      // One sum with a zone held (flag 7) and one with a zone missing (2 of 3 reporting), as the SQL returns them.
      return [
        { scope_code: "LN_ED", indicator_code: "gdp", period_end: "2024-09-30", reporting: 2, expected: 3, zone_name: "甲开发区", flag_id: 7, rule_code: "ABOVE_PARENT" },
        { scope_code: "LN_ED", indicator_code: "fdi", period_end: "2024-09-30", reporting: 2, expected: 3, zone_name: null, flag_id: null, rule_code: null },
      ] as unknown as T[];
    },
  };
}

describe("scopeCompleteness in a publish run", () => {
  it("asks the warehouse once per run and hands both pages the same map", async () => {
    const db = counting();
    const shared = createShared();
    const first = await scopeCompleteness({ query: db.query, shared });
    const second = await scopeCompleteness({ query: db.query, shared });
    expect(db.calls.length).toBe(1);
    expect(second).toBe(first);
    // What the pages read from it is unchanged: the held zone named with its flag, the missing one counted.
    expect(first.get(completenessKey("LN_ED", "gdp", "2024-09-30"))).toEqual({ reporting: 2, expected: 3, held: [{ zoneName: "甲开发区", flagId: 7, ruleCode: "ABOVE_PARENT" }] });
    expect(first.get(completenessKey("LN_ED", "fdi", "2024-09-30"))).toEqual({ reporting: 2, expected: 3, held: [] });
  });

  it("asks every time without a run's memo (the report and tests call it so)", async () => {
    const db = counting();
    await scopeCompleteness({ query: db.query });
    await scopeCompleteness({ query: db.query });
    expect(db.calls.length).toBe(2);
  });

  it("asks again in the next run: a new memo, new data", async () => {
    const db = counting();
    await scopeCompleteness({ query: db.query, shared: createShared() });
    await scopeCompleteness({ query: db.query, shared: createShared() });
    expect(db.calls.length).toBe(2);
  });
});
