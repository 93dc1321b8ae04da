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

  it("reads every chunk (DuckDB hands 2,048 rows at a time), nulls in each column kind, and repeated names as the client names them", async () => {
    const db = await openDuckDB(":memory:");
    try {
      const rows = await db.all(`select i, i::varchar as s, i % 2 = 0 as even, case when i % 3 = 0 then null else i * 0.5 end as h, (i % 7)::integer as small from range(5000) t(i)`);
      // By hand: 5,000 rows over three chunks; 3 is a multiple of 3 (h null), 4,999 = 3 × 1,666 + 1 (h 2,499.5), 4,999 % 7 = 1.
      expect(rows.length).toBe(5000);
      expect(rows[3]).toEqual({ i: 3, s: "3", even: false, h: null, small: 3 });
      expect(rows[2048]).toEqual({ i: 2048, s: "2048", even: true, h: 1024, small: 4 });
      expect(rows[4999]).toEqual({ i: 4999, s: "4999", even: false, h: 2499.5, small: 1 });
      // A name given twice keeps both values (the client's deduplicated names: "a", "a:1").
      expect(await db.all(`select 1 as a, 2 as a, null::varchar as v, null::boolean as b`)).toEqual([{ a: 1, "a:1": 2, v: null, b: null }]);
      expect(await db.all(`select 1 as a where false`)).toEqual([]);
    } finally {
      await db.close();
    }
  });
});
