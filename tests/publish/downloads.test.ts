import { describe, expect, it } from "vitest";
import { neutralizeCell, neutralizeSql } from "../../pipelines/publish/downloads.js";
import { textWidth } from "../../pipelines/publish/text-metrics.js";
import { formatValue, formatShare } from "../../pipelines/publish/format.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

const CASES: Array<[string, string]> = [
  ["=1+1", "'=1+1"],
  ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  ["-2+3", "'-2+3"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["-12.5", "-12.5"],
  ["+3", "+3"],
  ["沈阳", "沈阳"],
  ["a=b", "a=b"],
];

describe("CSV injection", () => {
  it.each(CASES)("%j → %j in JavaScript", (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });

  it("the SQL used for downloads applies the same rule", async () => {
    const db = await openDuckDB(":memory:");
    try {
      await db.exec(`create table t (v varchar)`);
      for (const [input] of CASES) await db.exec(`insert into t values (?)`, [input]);
      const rows = await db.all<{ v: string }>(`select ${neutralizeSql("v")} from t`);
      expect(rows.map((r) => r.v)).toEqual(CASES.map(([, e]) => e));
    } finally {
      await db.close();
    }
  });
});

describe("text metrics and number formats", () => {
  it("measures CJK at 1 em and Latin by Helvetica's advance widths", () => {
    // 地区生产总值 = 6 ideographs × 12 px; "2024" = 4 × 0.556 × 12 = 26.688 px.
    expect(textWidth("地区生产总值", 12)).toBe(72);
    expect(textWidth("2024", 12)).toBeCloseTo(26.688, 6);
  });
  it("formats amounts, shares and counts the zh-CN way", () => {
    expect(formatValue(32540.8, "亿元")).toBe("32,540.8 亿元");
    expect(formatValue(537, "亿元")).toBe("537.00 亿元");
    expect(formatValue(55, "家")).toBe("55 家");
    expect(formatShare(0.30736)).toBe("30.7%");
    expect(formatValue(null, "亿元")).toBe("—");
  });
});
