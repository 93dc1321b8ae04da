/**
 * Times as people read them (pipelines/local-time.ts): one format on every surface, in the configured zone, labelled.
 * Expected values by hand: 2026-11-30T06:00Z is 14:00 in Asia/Shanghai (UTC+8 all year) and 01:00 in New York (EST, UTC−5).
 */
import { describe, expect, it } from "vitest";
import { localMinute, localTime, timeZoneLabel } from "../../pipelines/local-time.js";

describe("local time", () => {
  const at = Date.UTC(2026, 10, 30, 6, 0, 0);
  it("to the second and to the minute, in the zone asked for (a cached formatter per zone does not leak across zones)", () => {
    expect(localTime(at, "Asia/Shanghai")).toBe("2026-11-30 14:00:00");
    expect(localTime(at, "America/New_York")).toBe("2026-11-30 01:00:00");
    expect(localTime(at, "Asia/Shanghai")).toBe("2026-11-30 14:00:00");
    expect(localMinute("2026-11-30T15:59:59Z", "Asia/Shanghai")).toBe("2026-11-30 23:59");
    // Midnight is 00, never 24 (h23).
    expect(localMinute("2026-11-30T16:00:00Z", "Asia/Shanghai")).toBe("2026-12-01 00:00");
  });
  it("text that is not a time is given back as it is", () => {
    expect(localTime("正在被接管", "Asia/Shanghai")).toBe("正在被接管");
    expect(localMinute("正在被接管", "Asia/Shanghai")).toBe("正在被接管");
  });
  it("China Standard Time is 北京时间; any other zone by its IANA name", () => {
    expect(timeZoneLabel("Asia/Shanghai")).toBe("北京时间");
    expect(timeZoneLabel("Asia/Urumqi")).toBe("Asia/Urumqi");
    expect(timeZoneLabel("UTC")).toBe("UTC");
  });
});
