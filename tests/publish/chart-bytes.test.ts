/**
 * The weight publish orders its own pages by: the bytes of the drawings the previous version's pages.json lists for
 * a page (chart-cache.ts previousChartBytes). Sizes written here by hand, so the sums are known: 3 + 5 = 8.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHART_CACHE_DIR, previousChartBytes } from "../../pipelines/publish/chart-cache.js";

const dir = mkdtempSync(path.join(tmpdir(), "zonestat-chart-bytes-"));
mkdirSync(path.join(dir, CHART_CACHE_DIR));
writeFileSync(path.join(dir, CHART_CACHE_DIR, "aaa.svg"), "abc");
writeFileSync(path.join(dir, CHART_CACHE_DIR, "bbb.svg"), "abcde");
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("previousChartBytes", () => {
  it("sums the listed drawings' sizes", () => {
    expect(previousChartBytes(dir, ["aaa", "bbb"])).toBe(8);
  });
  it("counts a listed drawing that is not there as 0", () => {
    expect(previousChartBytes(dir, ["aaa", "gone"])).toBe(3);
  });
  it("is 0 without a previous version or without a record of the page (a fresh publish keeps nav order)", () => {
    expect(previousChartBytes(undefined, ["aaa"])).toBe(0);
    expect(previousChartBytes(dir, undefined)).toBe(0);
  });
});
