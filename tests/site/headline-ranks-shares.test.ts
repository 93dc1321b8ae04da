/**
 * inc-qa findings 2 and 3: the zone pages, 排名 and 城市 rank the same set of zones as the rankings mart (the
 * headline scope, dbt_project.yml "the scope of zones that rankings, zone counts and coverage count"), and
 * 占全省 divides by the province edition the shares mart matched for the headline scope (as 总览, targets and
 * the 季度分析), not the latest revision — so the scope's zones' shares add up to the headline share.
 *
 * Project: the repository's register, headline scope LN_ED (全省省级以上经济开发区: 经开区 types only), so the
 * registered 沈阳高新区 (HT210101, 国家级 高新区) is outside it. 2025年1-12月 地区生产总值 (亿元):
 *   in LN_ED  ED210101 沈阳经开区 国家级 667.8 · ED210201 大连经开区 国家级 445.2 · ED210103 金融商贸开发区 省级 150.0
 *             ED210202 长兴岛经开区 国家级 113.5 · ED210301 鞍山经开区 省级 100.0
 *   outside   HT210101 沈阳高新区 国家级 300.0
 * By hand, within LN_ED: overall 667.8 > 445.2 > 150.0 > 113.5 > 100.0 → 长兴岛 4/5; 国家级 667.8 > 445.2 > 113.5 →
 * 长兴岛 3/3; 省级 150.0 > 100.0 → 金融商贸 1/2, 鞍山 2/2. (Ranking all six, as the pages did: 长兴岛 5/6 and 4/4.)
 * Province 辽宁 (210000) 33390 (edition inferred 2026-01-01, as the zones'), then a revision
 * `…_修订_vintage2026-03-01.csv` of 25000. Matched edition for the zones' 2026-01-01 data: 33390.
 * 出口额 is reported by 沈阳高新区 only (15 亿美元; province 300, revised to 250): the shares mart has no LN_ED row for
 * it, so the page applies the mart's rule to the zone's own edition (2026-01-01 → 300): 15 ÷ 300 = 5.0%, not 6.0%.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zoneValues } from "../../dashboards/kit/zone-values.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const HEAD = "主体,期间,指标,数值,单位\n";
const SCOPE = "全省省级以上经济开发区";
const ZONES: Array<[string, number]> = [
  ["ED210101", 667.8],
  ["ED210201", 445.2],
  ["ED210103", 150],
  ["ED210202", 113.5],
  ["ED210301", 100],
  ["HT210101", 300],
];
const IN_SCOPE_SUM = 667.8 + 445.2 + 150 + 113.5 + 100; // 1476.5

/** A CSV of the site (BOM stripped) as {header: cell} rows. */
function csv(rel: string): Record<string, string>[] {
  const text = readFileSync(path.join(p.config.site, rel), "utf8").replace(/^\uFEFF/, "");
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true }).data;
}
/** A page's text, tags and scripts removed, whitespace collapsed. */
const text = (rel: string) =>
  readFileSync(path.join(p.config.site, rel), "utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

/** zoneValues' latest gdp rows and the shares mart's headline share, read from the warehouse. */
async function warehouse() {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    const ctx = { query: (sql: string) => db.all(sql) as never };
    const rows = (await zoneValues(ctx, { periods: "latest", indicators: ["gdp"] })).filter((r) => r.period_label === "2025年");
    const [head] = (await db.all(
      `select share, denominator from main.shares where scope_code = 'LN_ED' and indicator_code = 'gdp' and period_label = '2025年' and is_preferred_numerator and is_matched_edition`,
    )) as Array<{ share: number; denominator: number }>;
    return { rows, head: head! };
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  p = tempProject("headline_scope: LN_ED\n");
  p.drop("2025年1-12月开发区.csv", HEAD + ZONES.map(([z, v]) => `${z},2025年1-12月,地区生产总值,${v},亿元\n`).join("") + "HT210101,2025年1-12月,出口额,15,亿美元\n");
  p.drop("2025年1-12月全省.csv", HEAD + "210000,2025年1-12月,地区生产总值,33390,亿元\n210000,2025年1-12月,出口额,300,亿美元\n");
  const r = await p.run("refresh");
  expect(r.code, r.stderr).toBe(0);
}, 180_000);
afterAll(() => p.cleanup());

describe("ranks: the pages rank the headline scope, as the rankings mart", () => {
  it("ranking-latest.csv's 同级别名次 equals downloads/rankings.csv for every ranked zone; the zone outside has none", () => {
    // The mart's download (Chinese headers from dashboards/columns.ts: rank_in_level 同级别名次, zones_ranked 参与排名开发区数).
    const mart = csv("downloads/rankings.csv").filter((r) => r["指标代码"] === "gdp" && r["年份"] === "2025");
    const page = csv("downloads/pages/ranking-latest.csv");
    const pageOf = (z: string) => page.find((r) => r["开发区代码"] === z)!;
    // The mart ranks the five LN_ED zones only (hand-worked above).
    const martRank = new Map(mart.map((r) => [r["开发区代码"]!, r]));
    expect([...martRank.keys()].sort()).toEqual(["ED210101", "ED210103", "ED210201", "ED210202", "ED210301"]);
    const hand: Record<string, [string, string, string]> = {
      // zone: [范围内名次, 同级别名次, 同级别开发区数]
      ED210101: ["1", "1", "3"],
      ED210201: ["2", "2", "3"],
      ED210103: ["3", "1", "2"],
      ED210202: ["4", "3", "3"],
      ED210301: ["5", "2", "2"],
    };
    for (const [zone, [rank, inLevel, ofLevel]] of Object.entries(hand)) {
      const row = pageOf(zone);
      expect([row["范围内名次"], row["同级别名次"], row["同级别开发区数"]], zone).toEqual([rank, inLevel, ofLevel]);
      // The same numbers in the mart's row.
      const m = martRank.get(zone)!;
      expect([m["同级别名次"], m["参与排名开发区数"]], zone).toEqual([inLevel, ofLevel]);
    }
    // 沈阳高新区 is listed with its value and share but no rank.
    const ht = pageOf("HT210101");
    expect([ht["数值"], ht["范围内名次"], ht["同级别名次"], ht["同级别开发区数"]]).toEqual(["300.0", "", "", ""]);
  });

  it("zone pages and 排名 say which set: 长兴岛 在全省省级以上经济开发区中第 4/5 名｜国家级 3/3; 沈阳高新区 not ranked, with the reason", () => {
    expect(text("zones/ED210202.html")).toContain(`在${SCOPE}中第 4/5 名｜国家级开发区第 3/3 名`);
    expect(text("zones/ED210202.html")).toMatch(/地区生产总值 2025年 113\.5 亿元 —（上年同期无数据） 0\.3% — 20\.3% 4\/5 3\/3（国家级）/);
    // (占全省 113.5 ÷ 33390 = 0.34%; no 大连市 total → 占本市 —; 占本市开发区合计 113.5 ÷ (445.2 + 113.5) = 20.3%.)
    const ht = text("zones/HT210101.html");
    expect(ht).toContain(`不在「${SCOPE}」范围内，不参与排名`);
    expect(ht).not.toMatch(/第 \d+\/\d+ 名/);
    const ranking = text("ranking.html");
    expect(ranking).toContain(`在${SCOPE}中排名`);
    // Rank, name, city, level, value … 同级别 n/m; 沈阳高新区 after the ranked zones with "—".
    expect(ranking).toMatch(/4 大连长兴岛经济技术开发区 大连市 国家级 113\.5 —（上年同期无数据） [\d.]+% 3\/3/);
    expect(ranking).toMatch(/5 鞍山经济开发区 鞍山市 省级 100\.0 —（上年同期无数据） [\d.]+% 2\/2 — 沈阳高新技术产业开发区 沈阳市 国家级 300\.0 —（上年同期无数据） [\d.]+% —/);
  });
});

describe("占全省: the matched province edition, as 总览 and the targets", () => {
  it("before the revision: 沈阳经开区 667.8 ÷ 33390 = 2.0%; the scope's zones add up to the headline 1476.5 ÷ 33390", async () => {
    expect(text("zones/ED210101.html")).toContain("占全省 2.0%");
    const { rows, head } = await warehouse();
    expect(head.denominator).toBe(33390);
    expect(head.share).toBeCloseTo(IN_SCOPE_SUM / 33390, 12);
    const inScope = rows.filter((r) => r.rank != null);
    expect(inScope.reduce((a, r) => a + Number(r.share_province), 0)).toBeCloseTo(head.share, 12);
  });

  it("after a province revision 33390 → 25000: still ÷ 33390 (the matched edition), not 667.8 ÷ 25000 = 2.7%", async () => {
    p.drop("2025年1-12月全省_修订_vintage2026-03-01.csv", HEAD + "210000,2025年1-12月,地区生产总值,25000,亿元\n210000,2025年1-12月,出口额,250,亿美元\n");
    const r = await p.run("refresh");
    expect(r.code, r.stderr).toBe(0);
    const { rows, head } = await warehouse();
    // The shares mart's matched edition is still the one as published with the zones' data (2026-01-01).
    expect(head.denominator).toBe(33390);
    expect(head.share).toBeCloseTo(0.0442198, 6); // 1476.5 ÷ 33390 = 4.42198%
    const of = (z: string) => rows.find((x) => x.zone_code === z)!;
    expect(of("ED210101").share_province).toBeCloseTo(667.8 / 33390, 12); // 2.0000%, not 2.6712%
    expect(of("HT210101").share_province).toBeCloseTo(300 / 33390, 12); // outside the scope, same edition
    // The five zones of the scope add up to the headline share (the old pages: 1476.5 ÷ 25000 = 5.9%).
    const inScope = rows.filter((x) => x.rank != null);
    expect(inScope.map((x) => x.zone_code).sort()).toEqual(["ED210101", "ED210103", "ED210201", "ED210202", "ED210301"]);
    expect(inScope.reduce((a, x) => a + Number(x.share_province), 0)).toBeCloseTo(head.share, 12);
    // Pages and download: 2.0 (667.8 ÷ 33390), 1.3 (445.2 ÷ 33390 = 1.333%).
    expect(text("zones/ED210101.html")).toContain("占全省 2.0%");
    expect(text("zones/ED210101.html")).not.toContain("占全省 2.7%");
    const page = csv("downloads/pages/ranking-latest.csv");
    expect(page.find((x) => x["开发区代码"] === "ED210101")!["占全省（%）"]).toBe("2.0");
    expect(page.find((x) => x["开发区代码"] === "ED210201")!["占全省（%）"]).toBe("1.3");
    expect(text("ranking.html")).toMatch(/1 沈阳经济技术开发区 沈阳市 国家级 667\.8 —（上年同期无数据） 2\.0%/);
  }, 180_000);

  it("no headline row in the shares mart (出口额 of a zone outside the scope only): the same rule on the zone's own edition, 15 ÷ 300 = 5.0%", async () => {
    const db = await openDuckDB(p.config.warehouse, { readOnly: true });
    try {
      const ctx = { query: (sql: string) => db.all(sql) as never };
      expect(await db.all(`select count(*)::int as n from main.shares where scope_code = 'LN_ED' and indicator_code = 'exports' and period_label = '2025年'`)).toEqual([{ n: 0 }]);
      const [ex] = await zoneValues(ctx, { periods: "latest", indicators: ["exports"] });
      expect([ex!.zone_code, ex!.rank, ex!.share_province]).toEqual(["HT210101", null, 0.05]);
    } finally {
      await db.close();
    }
    expect(text("zones/HT210101.html")).toMatch(/出口额 2025年 15\.0 亿美元 —（上年同期无数据） 5\.0%/);
  });
});
