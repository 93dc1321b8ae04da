/**
 * 占全省 and 占本市 at year end (dl-qa #3): the growth rows key a flow's 1-12月 累计 as the year (basis
 * 'period', 2023年) while the province's and city's own 1-12月 rows are basis 'ytd' in stg_observations, so the
 * pages' denominators found nothing once the latest period was the full year. Checked on the 排名, 城市 and zone
 * pages and the 排名/城市 downloads (CSV and .xlsx) after a 1-9月 file and then a 1-12月 file.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const HEAD = "主体,期间,指标,数值,单位\n";

/** A page download's rows (BOM stripped), header first. */
function csv(rel: string): string[][] {
  const bytes = readFileSync(path.join(p.config.site, rel));
  return Papa.parse<string[]>(bytes.subarray(3).toString("utf8"), { skipEmptyLines: true }).data;
}
/** The first sheet of a page .xlsx as rows of cell text. */
function xlsx(rel: string): string[][] {
  const wb = XLSX.read(readFileSync(path.join(p.config.site, rel)));
  return XLSX.utils.sheet_to_json<unknown[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: true }).map((r) => r.map((c) => String(c ?? "")));
}
/** The row of `zone` in a download, as {header: cell}. */
function rowOf(rows: string[][], zone: string): Record<string, string> {
  const [header, ...body] = rows;
  const row = body.find((r) => r.includes(zone));
  expect(row, zone).toBeDefined();
  return Object.fromEntries(header!.map((h, i) => [h, row![i]!]));
}
/** A page's text, tags and scripts removed, whitespace collapsed. */
const text = (rel: string) =>
  readFileSync(path.join(p.config.site, rel), "utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

beforeAll(async () => {
  p = tempProject();
  // The tester's repro: 1-9月 first (ED210101 615.3 of 210000 22500 and 210100 5850).
  p.drop("2023年1-9月.csv", HEAD + "ED210101,2023年1-9月,地区生产总值,615.3,亿元\n210000,2023年1-9月,地区生产总值,22500,亿元\n210100,2023年1-9月,地区生产总值,5850,亿元\n");
  const r = await p.run("refresh");
  expect(r.code, r.stderr).toBe(0);
}, 120_000);
afterAll(() => p.cleanup());

describe("shares at year end", () => {
  it("1-9月: 占全省 615.3 / 22500 = 2.7347% → 2.7; 占本市 615.3 / 5850 = 10.518% → 10.5", () => {
    const r = rowOf(csv("downloads/pages/ranking-latest.csv"), "ED210101");
    expect([r["期间"], r["占全省（%）"]]).toEqual(["2023年1-9月", "2.7"]);
    const c = rowOf(csv("downloads/pages/cities-zones-gdp.csv"), "ED210101");
    expect([c["占本市（%）"], c["占全省（%）"]]).toEqual(["10.5", "2.7"]);
  });

  it("1-12月: the 排名, 城市 and zone pages and their downloads keep 占全省 and 占本市", async () => {
    // ED210101 820.5 and ED210102 390 of 210000 30000 and 210100 7800 (both zones in 沈阳市):
    //   ED210101 占全省 820.5 / 30000 = 2.735% → 2.7, 占本市 820.5 / 7800 = 10.519% → 10.5
    //   ED210102 占全省 390 / 30000 = 1.3% → 1.3,      占本市 390 / 7800 = 5.0% → 5.0
    p.drop(
      "2023年1-12月.csv",
      HEAD +
        "ED210101,2023年1-12月,地区生产总值,820.5,亿元\nED210102,2023年1-12月,地区生产总值,390,亿元\n" +
        "210000,2023年1-12月,地区生产总值,30000,亿元\n210100,2023年1-12月,地区生产总值,7800,亿元\n",
    );
    const r = await p.run("refresh");
    expect(r.code, r.stderr).toBe(0);

    for (const rows of [csv("downloads/pages/ranking-latest.csv"), xlsx("downloads/pages/ranking-latest.xlsx")]) {
      const a = rowOf(rows, "ED210101");
      const b = rowOf(rows, "ED210102");
      expect([a["期间"], a["占全省（%）"], b["占全省（%）"]]).toEqual(["2023年", "2.7", "1.3"]);
    }
    for (const rows of [csv("downloads/pages/cities-zones-gdp.csv"), xlsx("downloads/pages/cities-zones-gdp.xlsx")]) {
      const a = rowOf(rows, "ED210101");
      const b = rowOf(rows, "ED210102");
      expect([a["期间"], a["占本市（%）"], a["占全省（%）"]]).toEqual(["2023年", "10.5", "2.7"]);
      expect([b["占本市（%）"], b["占全省（%）"]]).toMatchObject([expect.stringMatching(/^5(\.0)?$/), "1.3"]);
    }
    // The 排名 page's row and the zone page's headline and 最近一期 table.
    expect(text("ranking.html")).toMatch(/沈阳经济技术开发区[^%]*820\.5[^%]*2\.7%/);
    const zone = text("zones/ED210101.html");
    expect(zone).toContain("占全省 2.7%");
    // 最近一期: 本期, 同比 (none), 占全省, 占本市, 占本市开发区合计 (820.5 / 1210.5 = 67.78% → 67.8).
    expect(zone).toMatch(/地区生产总值 2023年 820\.5 亿元 —（上年同期无数据） 2\.7% 10\.5% 67\.8%/);
    expect(zone).not.toContain("占全省 —");
  }, 120_000);
});
