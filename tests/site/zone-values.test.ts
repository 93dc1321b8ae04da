/**
 * The zone values the pages show, now that a publish reads only the periods they need (issue #24):
 * each slice of `zoneValues` is exactly the all-periods rows cut the same way (ranks, zone counts and
 * city sums of the whole period), and 同比, 需核实, 占本市开发区合计 and the ranks still read right on
 * the zone page, 排名 and 城市 — numbers worked out by hand below.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANNUAL_COLUMNS, CORE_INDICATORS, latestPerIndicator, zoneAnnualValues, zoneSummaries, zoneValues, zoneValuesSql } from "../../dashboards/kit/zone-values.js";
import { createShared } from "../../pipelines/publish/page.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const HEAD = "entity,period,indicator,value,unit,basis\n";

/** A page's text, tags and scripts removed, whitespace collapsed. */
const text = (rel: string) =>
  readFileSync(path.join(p.config.site, rel), "utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

beforeAll(async () => {
  p = tempProject();
  // Two 国家级 zones of 沈阳 (210100). 沈阳经开区: 2023 全年 300, 2023年1-6月 100, 2024年1-3月 200, 2024年1-6月 150
  // (line 5 falls from 200 → YTD_DECREASE, loaded and flagged 需核实). 辉山经开区: 2024年1-6月 50 only.
  p.drop(
    "gdp.csv",
    HEAD +
      "沈阳经济技术开发区,2023年1-12月,地区生产总值,300,亿元,累计\n" +
      "沈阳经济技术开发区,2023年1-6月,地区生产总值,100,亿元,累计\n" +
      "沈阳经济技术开发区,2024年1-3月,地区生产总值,200,亿元,累计\n" +
      "沈阳经济技术开发区,2024年1-6月,地区生产总值,150,亿元,累计\n" +
      "沈阳辉山经济技术开发区,2024年1-6月,地区生产总值,50,亿元,累计\n",
  );
  const r = await p.run("refresh");
  expect(r.code, r.stderr).toBe(0);
});
afterAll(() => p.cleanup());

describe("zoneValues slices", () => {
  it("latest, annual and one period label are the all-periods rows cut the same way; memoised per run", async () => {
    const db = await openDuckDB(p.config.warehouse, { readOnly: true });
    try {
      const ctx = { query: (sql: string) => db.all(sql) as never };
      const all = await zoneValues(ctx);
      // Independent path: the cut made in JS from every period (what the pages did before).
      expect(all.length).toBe(5);
      expect(await zoneValues(ctx, { periods: "latest" })).toEqual([...latestPerIndicator(all).values()].flat());
      expect(await zoneValues(ctx, { periods: "annual" })).toEqual(all.filter((r) => r.basis === "period"));
      // The zone pages' annual rows: the same rows, only the columns they read.
      const pick = (r: Record<string, unknown>) => Object.fromEntries(ANNUAL_COLUMNS.map((c) => [c, r[c]]));
      expect(await zoneAnnualValues(ctx)).toEqual(all.filter((r) => r.basis === "period").map(pick));
      expect((await zoneAnnualValues(ctx)).map((r) => [r.zone_code, r.period_label, r.value])).toEqual([["ED210101", "2023年", 300]]);
      expect(await zoneValues(ctx, { periods: { label: "2023年1-6月" } })).toEqual(all.filter((r) => r.period_label === "2023年1-6月"));
      const latest = await zoneValues(ctx, { periods: "latest" });
      // Both zones in 2024年1-6月: ranks and shares of the whole period (150 ÷ (150 + 50) = 0.75), the flag on 经开区's value.
      expect(latest.map((r) => [r.zone_code, r.period_label, r.value, r.rank, r.zones_ranked, r.share_city, r.needs_check, r.yoy_growth])).toEqual([
        ["ED210101", "2024年1-6月", 150, 1, 2, 0.75, true, 0.5],
        ["ED210102", "2024年1-6月", 50, 2, 2, 0.25, false, null],
      ]);
      // The summary a zone page takes its city and 示例数据 mark from, one row per zone with values.
      expect((await zoneSummaries(ctx)).map((s) => [s.zone_code, s.city_code, s.is_synthetic])).toEqual([
        ["ED210101", "210100", false],
        ["ED210102", "210100", false],
      ]);
      // One computation per key and run: the second caller gets the same rows, not a new query.
      const shared = createShared();
      let queries = 0;
      const counting = { query: (sql: string) => (queries++, db.all(sql) as never), shared };
      const a = await zoneValues(counting, { periods: "latest" });
      const before = queries;
      expect(await zoneValues(counting, { periods: "latest" })).toBe(a);
      expect(queries).toBe(before);
      // The indicators are tested on each row, not joined: an IN list of six or more is a MARK join in DuckDB's plan,
      // which was half the latest values' time over the growth mart (issue #24). Seven indicators, as a plan with 工业增加值.
      const seven = [...CORE_INDICATORS, "industrial_value_added"];
      for (const periods of ["latest", "annual"] as const) {
        const plan = (await db.all<{ explain_value: string }>(`explain ${zoneValuesSql(seven, periods)}`)).map((r) => r.explain_value).join("\n");
        expect(plan).toContain("HASH_JOIN");
        expect(plan).not.toMatch(/MARK/);
      }
    } finally {
      await db.close();
    }
  });
});

describe("the pages read the same numbers", () => {
  it("zone page 最近一期: 150.0（需核实）, 同比 增长 50.0% (150 ÷ 100 − 1), 占本市开发区合计 75.0%, 全省 1/2, 国家级 1/2", () => {
    const zone = text("zones/ED210101.html");
    expect(zone).toMatch(/地区生产总值 2024年1-6月 150\.0 亿元（需核实） 增长 50\.0% — — 75\.0% 1\/2 1\/2（国家级）/);
    // The annual table and chart have the 2023 全年 value only (1-12月 累计 is the annual value).
    expect(zone).toContain("年度值（列为年份）");
    expect(zone).toMatch(/地区生产总值（亿元） 300\.0/);
    // 辉山: no 2023 value → no 同比; 占本市开发区合计 50 ÷ 200 = 25.0%; second of two.
    expect(text("zones/ED210102.html")).toMatch(/地区生产总值 2024年1-6月 50\.0 亿元 —（上年同期无数据） — — 25\.0% 2\/2 2\/2（国家级）/);
  });

  it("排名: 沈阳经开区 first with its flagged value; 城市: 沈阳 200.0 with 同比 50.0% over the zone with both years", () => {
    expect(text("ranking.html")).toMatch(/1 沈阳经济技术开发区 沈阳市 国家级 150\.0（需核实） 增长 50\.0%/);
    // 同比 of the city's sum only over zones with both years: 经开区 150 ÷ 100 − 1 = 50.0% (辉山 has no 2023 value).
    expect(text("cities.html")).toMatch(/沈阳市 2\/11 200\.0 ?（数据不全，9 家未报送，为下限） 增长 50\.0%/);
  });
});
