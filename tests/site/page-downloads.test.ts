/**
 * 排名 and 城市与区域 have downloads of their own (CSV with BOM and .xlsx, Chinese
 * headers): checked against the tables the same pages show, read from the HTML — an
 * independent path from the rows the files were written from.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { DOWNLOADABLE_MARTS } from "../../pipelines/publish/downloads.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

let project: TestProject;
let site: string;

beforeAll(async () => {
  project = tempProject();
  const r = await project.run("refresh", "--sample");
  expect(r.code, r.stderr).toBe(0);
  site = project.config.site;
});
afterAll(() => project.cleanup());

/** Rows of the page's tables: each `<tr>` matching `rowPattern`, as its cells' text. */
function htmlRows(file: string, rowPattern: RegExp): string[][] {
  const html = readFileSync(path.join(site, file), "utf8");
  return [...html.matchAll(rowPattern)].map((m) => [...m[0].matchAll(/<td[^>]*>([\s\S]*?)<\/td>/g)].map((c) => c[1]!.replace(/<[^>]*>/g, "").trim()));
}

function readCsv(file: string): string[][] {
  const bytes = readFileSync(path.join(site, file));
  expect([...bytes.subarray(0, 3)], file).toEqual([0xef, 0xbb, 0xbf]);
  return Papa.parse<string[]>(bytes.subarray(3).toString("utf8"), { skipEmptyLines: true }).data;
}

/** "1,784.4" → "1784.4"; "5.5%" → "5.5"; "—" (none) → "" (an empty cell in the files). */
const plain = (s: string) => (s === "—" ? "" : s.replace(/,/g, "").replace(/%$/, ""));

describe("the pages' own downloads", () => {
  it("排名: one CSV and .xlsx with every ranked row, Chinese headers, the numbers the page shows", () => {
    const html = readFileSync(path.join(site, "ranking.html"), "utf8");
    expect(html).toContain('href="downloads/pages/ranking-latest.csv"');
    expect(html).toContain('href="downloads/pages/ranking-latest.xlsx"');
    const [header, ...rows] = readCsv("downloads/pages/ranking-latest.csv");
    // 范围内名次 (was 全省名次): the rank is within the headline scope, as the rankings mart (inc-qa #2).
    expect(header).toEqual(["指标名称", "期间", "范围内名次", "开发区代码", "开发区名称", "所在市", "级别", "数值", "单位", "同比增长（%）", "占全省（%）", "同级别名次", "同级别开发区数"]);
    // The page's rows in page order: 排名, 开发区, 所在市, 级别, 本期, 同比, 占全省, 同级别排名 ("n/m"); a zone outside
    // the headline scope has "—" for both on the page and empty cells in the file.
    const shown = htmlRows("ranking.html", /<tr id="[^"]+">[\s\S]*?<\/tr>/g);
    expect(shown.length).toBeGreaterThan(50);
    expect(rows.length).toBe(shown.length);
    rows.forEach((r, i) => {
      const h = shown[i]!;
      expect([r[2], r[4], r[5], r[6], r[7], r[10], r[11] ? `${r[11]}/${r[12]}` : "—"], `row ${i + 1}`).toEqual([plain(h[0]!), h[1], h[2], h[3], plain(h[4]!), plain(h[6]!), h[7]]);
    });
    const book = XLSX.read(readFileSync(path.join(site, "downloads/pages/ranking-latest.xlsx")), { cellNF: true });
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    expect(XLSX.utils.sheet_to_json<string[]>(sheet, { header: 1 })[0]).toEqual(header);
    // 数值 of the first row is a number cell with the CSV's value, formatted to the CSV's decimals (as the zone pages' .xlsx).
    const first = rows[0]![7]!;
    expect(sheet.H2?.t).toBe("n");
    expect(sheet.H2?.v).toBe(Number(first));
    expect(sheet.H2?.z).toBe(first.includes(".") ? `#,##0.${"0".repeat(first.length - first.indexOf(".") - 1)}` : "#,##0");
  });

  it("城市与区域: the city totals and the per-city zone table as CSV and .xlsx, matching the page", () => {
    const html = readFileSync(path.join(site, "cities.html"), "utf8");
    for (const f of ["cities-gdp.csv", "cities-gdp.xlsx", "cities-zones-gdp.csv", "cities-zones-gdp.xlsx"]) {
      expect(html).toContain(`href="downloads/pages/${f}"`);
      expect(existsSync(path.join(site, "downloads/pages", f)), f).toBe(true);
    }
    const [header, ...rows] = readCsv("downloads/pages/cities-gdp.csv");
    // 应报送 and 是否数据不全 always (stat-qa5 F15: a city with zones unreported read as complete from the download alone).
    expect(header).toEqual(["所在市", "应报送开发区数", "已报送开发区数", "需核实未计入开发区数", "是否数据不全", "指标名称", "期间", "数值", "单位", "同比增长（%）", "比较的开发区数", "占全省（%）"]);
    // The city table's rows: 城市, 开发区数, 合计, 同比, 占全省.
    const shown = htmlRows("cities.html", /<tr><td><a href="cities\.html#city-[^"]+">[\s\S]*?<\/tr>/g);
    expect(shown.length).toBeGreaterThan(5);
    // 已报送/应报 "2/5" → the CSV's 已报送 2; a 数据不全/下限 mark after a number is the page's, not the CSV's (reader-qa3 F3).
    const bare = (s: string) => plain(s.replace(/（[^）]*）/g, ""));
    expect(rows.map((r) => [r[0], r[1], r[2], r[7], r[11]])).toEqual(shown.map((h) => [h[0], h[1]!.split("/")[1], h[1]!.split("/")[0], bare(h[2]!), bare(h[4]!)]));
    // 是否数据不全 is 是 exactly where the page marks the total 数据不全.
    expect(rows.map((r) => r[4])).toEqual(shown.map((h) => (h[2]!.includes("数据不全") ? "是" : "否")));
    const [zHeader, ...zones] = readCsv("downloads/pages/cities-zones-gdp.csv");
    expect(zHeader!.slice(0, 3)).toEqual(["所在市", "开发区代码", "开发区名称"]);
    // Every zone of the per-city tables, once: the cities' 已报送 plus the zones listed outside the headline scope (reader-qa3 F2).
    const outside = html.split("（不在统计范围内，未计入城市合计）").length - 1;
    expect(zones.length).toBe(shown.reduce((a, h) => a + Number(h[1]!.split("/")[0]), 0) + outside);
  });
});

describe("the marts' downloads", () => {
  it("no mart's CSV header (Chinese labels, hidden columns left out) repeats a label", () => {
    // target_verdicts had 最近期间 and 最近实际值 twice (current_* = the latest full year, latest_* = the latest period):
    // Excel and pandas then read 最近期间2 / 最近实际值.1 and a lookup takes the wrong one.
    for (const mart of DOWNLOADABLE_MARTS) {
      const [header] = readCsv(`downloads/${mart}.csv`);
      expect(header!.length, mart).toBeGreaterThan(1);
      expect(header!.filter((h, i) => header!.indexOf(h) !== i), mart).toEqual([]);
      const [, ...dict] = readCsv(`downloads/${mart}.columns.csv`);
      expect(dict.map((r) => r[0]), mart).toEqual(header);
    }
    const [verdicts] = readCsv("downloads/target_verdicts.csv");
    expect(verdicts).toEqual(expect.arrayContaining(["最近全年期间", "最近全年实际值", "最近一期期间", "最近一期实际值"]));
    // Each of the two pairs says in its description which figure it is.
    const [, ...dict] = readCsv("downloads/target_verdicts.columns.csv");
    const said = new Map(dict.map((r) => [r[1], r[3]]));
    expect(new Set(["current_period_label", "current_actual", "latest_period_label", "latest_actual"].map((c) => said.get(c))).size).toBe(4);
  });
});

describe("数据质量's listing", () => {
  /** The 数据问题 table's rows (cells' text), in page order. */
  function issues(): string[] {
    const html = readFileSync(path.join(site, "quality.html"), "utf8");
    const at = html.search(/<h2[^>]*>数据问题（/);
    expect(at).toBeGreaterThan(0);
    return [...html.slice(at, html.indexOf("</table>", at)).matchAll(/<tr>([\s\S]*?)<\/tr>/g)].map((m) => m[1]!.replace(/<[^>]+>/g, "|"));
  }

  it("shows the same rows in the same order whatever order the build stored the problems in (a total order)", async () => {
    const before = issues();
    expect(before.length).toBeGreaterThan(1);
    // The rows stored in another order, as an incremental build and a from-scratch one may leave them (dl-qa #11):
    // the reverse of the current order, then the page published again from the same rows.
    const db = await openDuckDB(project.config.warehouse);
    try {
      const [{ ties }] = await db.all<{ ties: bigint }>(`select count(*) as ties from (select severity, entity_code, period_label from main.data_quality group by all having count(*) > 1)`);
      expect(Number(ties), "the sample has problems that tie on severity, zone and period").toBeGreaterThan(0);
      await db.exec(`create table main.dq_reversed as select * from (select *, row_number() over () as n from main.data_quality) order by n desc`);
      await db.exec(`alter table main.dq_reversed drop column n`);
      await db.exec(`drop table main.data_quality`);
      await db.exec(`alter table main.dq_reversed rename to data_quality`);
    } finally {
      await db.close();
    }
    const r = await project.run("publish");
    expect(r.code, r.stderr).toBe(0);
    expect(issues()).toEqual(before);
  });
});
