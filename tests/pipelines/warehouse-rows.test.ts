import { describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

describe("warehouse rows (DuckDBHandle.all)", () => {
  it("gives numbers for integers, YYYY-MM-DD for dates, nested values normalised, keys in the query's order", async () => {
    const db = await openDuckDB(":memory:");
    try {
      const rows = await db.all(`
        select 'a' as z, 3::bigint as n, 9007199254740993::bigint as big, date '2024-09-30' as d, timestamp '2024-09-30 08:15:00' as t,
               [1::bigint, 2::bigint] as l, {'k': 5::bigint, 'e': date '2024-01-01'} as s, null as nothing, true as b, 1.5::double as x`);
      // By hand: 3 fits a double; 2^53 + 1 does not and stays text; a date at midnight drops the time; a timestamp is ISO in UTC.
      expect(rows).toEqual([{ z: "a", n: 3, big: "9007199254740993", d: "2024-09-30", t: "2024-09-30T08:15:00.000Z", l: [1, 2], s: { k: 5, e: "2024-01-01" }, nothing: null, b: true, x: 1.5 }]);
      expect(Object.keys(rows[0]!)).toEqual(["z", "n", "big", "d", "t", "l", "s", "nothing", "b", "x"]);
    } finally {
      await db.close();
    }
  });
});
