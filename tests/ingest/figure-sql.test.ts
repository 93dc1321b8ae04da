import { describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { figureSql } from "../../pipelines/ingest/numbers.js";

describe("numbers inside 审核 messages (stat-qa4 F15)", () => {
  it("typed values keep their digits with thousands separators; a derived value is rounded to 1 decimal", async () => {
    const db = await openDuckDB(":memory:");
    try {
      // By hand: 1080000 typed → 1,080,000; 190/3 = 63.333… derived → 63.3; 1300/3 = 433.333… → 433.3; typed 145.4 and
      // 0.0315 as typed; −1234.5 keeps its sign; an integer and a decimal column format as a double does.
      const rows = await db.all<{ f: string }>(`select ${figureSql("x")} as f from (values
        (1080000.0::double, 1), (190.0 / 3, 2), (1300.0 / 3, 3), (145.4::double, 4), (0.0315::double, 5), (-1234.5::double, 6), (0.0::double, 7)) t(x, i) order by i`);
      expect(rows.map((r) => r.f)).toEqual(["1,080,000", "63.3", "433.3", "145.4", "0.0315", "-1,234.5", "0"]);
      const typed = await db.all<{ a: string; b: string }>(`select ${figureSql("61000000::bigint")} as a, ${figureSql("1234.5::decimal(18,4)")} as b`);
      expect(typed[0]).toEqual({ a: "61,000,000", b: "1,234.5" });
    } finally {
      await db.close();
    }
  });
});
