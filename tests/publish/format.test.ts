/**
 * Numbers as readers see them: 四舍五入 on the figure as written. Expected values by hand: 593.45 to one decimal is
 * 593.5 (the 5 rounds up), whichever side of 593.45 the double of a sum lands on; 1.005 to two decimals is 1.01.
 */
import { describe, expect, it } from "vitest";
import { formatNumber, toFixedHalfUp } from "../../pipelines/publish/format.js";
import { downloadCell } from "../../dashboards/kit/table-download.js";
import type { NumberFormats } from "../../dashboards/kit/format.js";

describe("toFixedHalfUp", () => {
  it("rounds the written figure half away from zero, not its binary double", () => {
    // The two sums the operator tester saw for the same zones: the incremental and the full build.
    expect(toFixedHalfUp(593.44999999999993, 1)).toBe("593.5");
    expect(toFixedHalfUp(593.45000000000005, 1)).toBe("593.5");
    expect((593.44999999999993).toFixed(1)).toBe("593.4"); // what the site printed before
    expect(toFixedHalfUp(1.005, 2)).toBe("1.01");
    expect(toFixedHalfUp(55.75, 1)).toBe("55.8");
    expect(toFixedHalfUp(-2.25, 1)).toBe("-2.3");
    expect(toFixedHalfUp(-0.04, 1)).toBe("0.0");
    expect(toFixedHalfUp(0.044, 2)).toBe("0.04");
    expect(toFixedHalfUp(12345.6789, 0)).toBe("12346");
  });

  it("is what the pages and the downloads print", () => {
    expect(formatNumber(593.44999999999993, 1)).toBe("593.5");
    expect(formatNumber(-1234.5, 0)).toBe("-1,235");
    const f = { decimals: () => 1 } as unknown as NumberFormats;
    expect(downloadCell("value", { value: 593.44999999999993, indicator_code: "gdp", unit: "亿元" }, f)).toBe("593.5");
  });
});

describe("formatDateTime", () => {
  it("formats each call in its own time zone (one formatter kept per zone)", async () => {
    const { formatDateTime } = await import("../../pipelines/publish/format.js");
    const t = new Date("2026-11-30T17:30:00Z");
    // By hand: 17:30 UTC is 01:30 the next day in Shanghai (UTC+8), 17:30 the same day in UTC.
    expect(formatDateTime(t, "Asia/Shanghai")).toBe("2026/12/1 01:30");
    expect(formatDateTime(t, "UTC")).toBe("2026/11/30 17:30");
    expect(formatDateTime(t, "Asia/Shanghai")).toBe("2026/12/1 01:30");
  });
});
