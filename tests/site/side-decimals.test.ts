/**
 * quarantine-qa finding 9: 840 / 3000 against a 28% target printed "28.000000%" — the float 28.000000000000004 equals
 * 28 to every digit shown, so no extra digit can show a side; the display keeps its own decimals. A real difference
 * still gets the digits that show it (44.9956% against 45% → 3 decimals: 44.996 ≠ 45.000).
 */
import { describe, expect, it } from "vitest";
import { NumberFormats, sideDecimals } from "../../dashboards/kit/format.js";
import { formatNumber } from "../../pipelines/publish/format.js";

describe("sideDecimals", () => {
  it("a float equal to the target to 6 decimals keeps the base (28.0%, not 28.000000%)", () => {
    const share = (840 / 3000) * 100; // 28.000000000000004 in binary floating point
    expect(share).not.toBe(28);
    expect(sideDecimals(share, 28, 1)).toBe(1);
    expect(formatNumber(share, sideDecimals(share, 28, 1))).toBe("28.0");
  });
  it("a real difference below the base still shows its side", () => {
    // 44.9956 to 1, 2 decimals: 45.0, 45.00 = 45; to 3: 44.996 ≠ 45.000.
    expect(sideDecimals(44.9956, 45, 1)).toBe(3);
  });
});

describe("NumberFormats: a value that is not zero never prints as 0 (stat-qa 10)", () => {
  const f = new NumberFormats(new Map([["fdi", { decimals: 1, unit: "亿美元" }]]));
  it("a zone's 315 万美元 of FDI (0.0315 亿美元) reads 0.03 亿美元, not 0.0", () => {
    // 0.0315 to 1 decimal is 0.0; to 2, 0.03 — the first that is not zero.
    expect(f.value(0.0315, "fdi", "亿美元")).toBe("0.03 亿美元");
    expect(f.number(0.0315, "fdi", "亿美元")).toBe("0.03");
  });
  it("zero stays 0.0 and an ordinary value keeps the indicator's decimals", () => {
    expect(f.value(0, "fdi", "亿美元")).toBe("0.0 亿美元");
    expect(f.value(12.34, "fdi", "亿美元")).toBe("12.3 亿美元");
    expect(f.value(-0.04, "fdi", "亿美元")).toBe("-0.04 亿美元");
  });
});
