/**
 * The downloads' rounding made from a 15-digit reading computed once per value column (fifteenDigits +
 * halfUpOfReading, issue #24) is the same SQL value as halfUp's own tree, in value and in type (the type decides how
 * DuckDB writes the figure: DECIMAL(38,1) as "0.0", BIGINT as "0"). The expected side is halfUp, the rule the
 * downloads were written by before; the values are awkward on purpose: every magnitude branch (1e-7 … 1e14 and the
 * ≥ 1e14 DECIMAL(38,4) branch, beyond DECIMAL(38,18)'s 20 integer digits at 1e25), halves that a binary double
 * stores below the half (593.45, 2.675, 1350000000.05), zero, negatives, ±inf, NaN and null.
 */
import { describe, expect, it } from "vitest";
import { fifteenDigits, halfUp, halfUpOfReading, WHOLE_NUMBER } from "../../pipelines/publish/downloads.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

const AWKWARD = [
  0, -0.0, 593.45, 593.44999999999993, 2.675, -2.5, 0.045, 1.005, 99999.95, 0.00049999999, 0.00005, 1.25e-7, 1350000000.05,
  12345678901234.5, 99999999999999.95, 123456789012345.67, 1e15, 1.5e25, -7.77e20, 1.04999999999, 0.5, -0.5, 4.5, 1234.5678,
];

describe("downloads: rounding from a reading made once equals halfUp", () => {
  it("gives halfUp's value and type for 0 to 4 decimals on awkward and pseudo-random figures", async () => {
    const db = await openDuckDB(":memory:");
    try {
      // Pseudo-random figures over every magnitude, with 1 to 6 decimals (a fixed LCG: the same figures on every run).
      let seed = 24;
      const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
      const random = Array.from({ length: 400 }, () => Number(((next() - 0.3) * 10 ** Math.floor(next() * 22 - 6)).toFixed(1 + Math.floor(next() * 6))));
      const values = [...AWKWARD, ...random];
      await db.exec(`create table v as select * from (values ${values.map((x) => `(${x}::double)`).join(", ")}, ('inf'::double), ('-inf'::double), ('nan'::double), (null::double)) t(x)`);
      for (const d of [0, 1, 2, 3, 4]) {
        const rows = await db.all<{ n: number; differ: number; old_type: string; new_type: string }>(
          `select count(*)::integer as n, count(*) filter (where old is distinct from new or old::varchar is distinct from new::varchar)::integer as differ,
                  any_value(typeof(old)) as old_type, any_value(typeof(new)) as new_type
           from (select ${halfUp("x", d)} as old, ${halfUpOfReading("x", "r", d)} as new from (select x, ${fifteenDigits("x")} as r from v ${d === 0 ? "where x is null or not isfinite(x) or abs(x) < 9e18" : ""}))`,
        );
        // Whole numbers beyond BIGINT (1.5e25, -7.77e20) fail halfUp's cast itself: left out at 0 decimals.
        expect(rows[0]).toEqual({ n: values.length + 4 - (d === 0 ? 2 : 0), differ: 0, old_type: rows[0]!.old_type, new_type: rows[0]!.old_type });
        expect(rows[0]!.new_type).toBe(d === 0 ? "BIGINT" : `DECIMAL(38,${d})`);
      }
      // Spot checks by hand (四舍五入 on the figure as written): 593.45 → 593.5, 2.675 → 2.68, 1350000000.05 → …0.1.
      const [spot] = await db.all<{ a: string; b: string; c: string; z: string }>(
        `select ${halfUpOfReading("593.45", fifteenDigits("593.45"), 1)}::varchar as a, ${halfUpOfReading("2.675", fifteenDigits("2.675"), 2)}::varchar as b,
                ${halfUpOfReading("1350000000.05", fifteenDigits("1350000000.05"), 1)}::varchar as c, ${halfUpOfReading("0", fifteenDigits("0"), 1)}::varchar as z`,
      );
      expect(spot).toEqual({ a: "593.5", b: "2.68", c: "1350000000.1", z: "0.0" });
    } finally {
      await db.close();
    }
  });

  it("writes a whole-number count column as itself: the same text as halfUp to 0 places, for every integer type it takes", async () => {
    const db = await openDuckDB(":memory:");
    try {
      // Counts, years and edge values up to 2^53 (9007199254740992, exact as a double), negatives, zero and null.
      const values = [0, 1, -1, 7, 2024, 99999, -2147483648, 2147483647, 4294967295, 123456789012345, 9007199254740992, -9007199254740992];
      for (const type of ["BIGINT", "INTEGER", "SMALLINT", "TINYINT", "UINTEGER", "USMALLINT", "UTINYINT"]) {
        expect(WHOLE_NUMBER.test(type)).toBe(true);
        const [r] = await db.all<{ n: number; differ: number }>(
          `select count(*)::integer as n, count(*) filter (where (${halfUp("x", 0)})::varchar is distinct from (x::bigint)::varchar)::integer as differ
           from (select try_cast(v as ${type}) as x from (values ${values.map((v) => `(${v}::hugeint)`).join(", ")}, (null::hugeint)) t(v))`,
        );
        expect(r).toEqual({ n: values.length + 1, differ: 0 });
      }
      // Not whole numbers, or beyond BIGINT: rounded by halfUp as before.
      for (const type of ["DOUBLE", "DECIMAL(18,3)", "HUGEINT", "UBIGINT", "INTEGER[]"]) expect(WHOLE_NUMBER.test(type)).toBe(false);
      // By hand: 2024 → "2024", -7 → "-7" (no ".0": a count is written without decimals).
      const [spot] = await db.all<{ a: string; b: string }>(`select (2024::integer)::bigint::varchar as a, (${halfUp("-7::smallint", 0)})::varchar as b`);
      expect(spot).toEqual({ a: "2024", b: "-7" });
    } finally {
      await db.close();
    }
  });
});
