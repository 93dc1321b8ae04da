/**
 * Shares pair numerator and denominator editions deliberately (issue #15). The two
 * real portal exports, loaded in both orders, with document 000's 2016 base (6403
 * 亿元, 文件000_…_vintage2017-06-20.csv): both 2016 zone shares are in `shares`,
 * labelled by edition; target_status uses the documented default (matched editions);
 * the published pages show both pairings side by side and the version-conflict notice,
 * opened in headless Chromium.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { chromium } from "playwright-core";
import { pathToFileURL } from "node:url";
import { afterAll, describe, expect, it } from "vitest";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { REPO, SHARED, tempProject, type TestProject } from "../support/project.js";

const NBS = path.join(SHARED, "realdata", "nbs");
const EXPORTS = { "01": path.join(NBS, "01_nbs_fsnd_gdp_by_province_2006-2024_GBK.csv"), "07": path.join(NBS, "07_nbs_fsnd_gdp_1993-2017_OLD_VINTAGE_GBK.csv") };
const BASE = path.join(REPO, "sources/sample/inbox/文件000_全省经济开发区2016年基数_vintage2017-06-20.csv");
const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const LONG = "entity,period,indicator,value,unit,basis\r\n";

const projects: TestProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

async function rows(p: TestProject, sql: string): Promise<Record<string, unknown>[]> {
  const wh = await openWarehouse(p.config.warehouse);
  try {
    return await wh.sql.all(sql);
  } finally {
    await wh.close();
  }
}

/** Loads the base, then the exports in `order`, each by its own `zonestat ingest`; then `zonestat refresh` builds and publishes. */
async function project(order: readonly ("01" | "07")[], extra: (p: TestProject) => Promise<void> = async () => {}): Promise<TestProject> {
  const p = tempProject();
  projects.push(p);
  p.dropFrom(BASE);
  expect((await p.run("ingest")).code).toBe(0);
  for (const o of order) {
    p.dropFrom(EXPORTS[o]);
    const r = await p.run("ingest");
    expect(r.code, r.stderr).toBe(0);
  }
  await extra(p);
  const r = await p.run("refresh");
  expect(r.code, r.stderr + r.stdout).toBe(0);
  return p;
}

const SHARES_2016 = `select round(denominator, 1) as denominator, denominator_vintage::varchar as vintage, round(100 * share, 2) as pct,
    is_matched_edition, is_latest_vintage, edition_basis, edition_label
  from shares where scope_code = 'LN_ED' and indicator_code = 'gdp' and period_label = '2016年' and is_preferred_numerator order by vintage`;
// 6403 / 22246.9 = 0.287815 → 28.78%; 6403 / 20832.0 = 0.307364 → 30.74%. The numerator is the 2017-06-20 edition; no
// denominator edition is known to be older, so the matched one is the earliest: file 07 (no earlier than 2018-01-01).
const EXPECTED_2016 = [
  // The numerator (2017-06-20) precedes every provincial edition loaded (2018-01-01 at the earliest): the pairing is the earliest edition and says so.
  { denominator: 22246.9, vintage: "2018-01-01", pct: 28.78, is_matched_edition: true, is_latest_vintage: false, edition_basis: "最早的版本（分子公布时尚无已公布的全省数）", edition_label: "分子 2017-06-20 版；分母 2018-01-01 版（由内容推断，不早于此日）" },
  { denominator: 20832.0, vintage: "2025-01-01", pct: 30.74, is_matched_edition: false, is_latest_vintage: true, edition_basis: "最新修订版本", edition_label: "分子 2017-06-20 版；分母 2025-01-01 版（由内容推断，不早于此日）" },
];

describe("shares on both pairings of editions, in either load order", () => {
  it("07 then 01: both 2016 shares labelled by edition; target_status on matched editions (28.78%); the pages show both and the conflict", async () => {
    const p = await project(["07", "01"], async (q) => {
      // Two unmarked reports of equal evidence that disagree: a version conflict the 数据质量 page must name.
      q.drop("甲.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n");
      expect((await q.run("ingest")).code).toBe(0);
      q.drop("乙.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,215,亿元,累计\r\n");
      expect((await q.run("ingest")).code).toBe(0);
    });
    expect(await rows(p, SHARES_2016)).toEqual(EXPECTED_2016);
    expect(await rows(p, `select round(actual, 2) as actual, denominator_vintage::varchar as v from target_status where target_id = 'D000-02' and year = 2016`)).toEqual([
      { actual: 28.78, v: "2018-01-01" },
    ]);
    expect(await rows(p, `select value, replaced_value, evidence_rule, description from revisions where entity_name = '辽宁省' and period_label = '2016年'`)).toEqual([
      { value: 20832.0, replaced_value: 22246.9, evidence_rule: 4, description: "辽宁省 2016年 地区生产总值：20832 取代 22246.9" },
    ]);
    expect(await rows(p, `select detail from data_quality where check_code = 'version_conflict'`)).toEqual([
      { detail: "沈阳经济技术开发区 2024年1-6月 地区生产总值：「乙.csv」为 215，「甲.csv」为 210；两文件的数据版本证据相同，当前值「215」仅由修改时间或入库顺序决定。请用 zonestat prefer 文件名 指定，或注明版本后重新放入" },
    ]);

    const browser = await chromium.launch({ executablePath: CHROMIUM, args: ["--no-sandbox", "--disable-gpu"] });
    try {
      const page = await (await browser.newContext({ javaScriptEnabled: false })).newPage();
      await page.goto(pathToFileURL(path.join(p.config.site, "quality.html")).href);
      const notice = (await page.locator(".version-conflicts").innerText()).replace(/\s+/g, " ");
      expect(notice).toContain("版本冲突（1）");
      expect(notice).toContain("沈阳经济技术开发区 2024年1-6月 地区生产总值：「乙.csv」215（当前采用） 与 「甲.csv」210");
      const revisions = await page.locator("table", { hasText: "原值" }).innerText();
      expect(revisions).toContain("规则4 由内容推断：新文件的最新期间较晚，版本不早于 2025-01-01；原文件不早于 2018-01-01");

      await page.goto(pathToFileURL(path.join(p.config.site, "shares.html")).href);
      const side = page.locator("table", { hasText: "占比（同期版本，默认）" });
      const row2016 = (await side.locator("tr", { hasText: "2016年" }).innerText()).replace(/\s+/g, " ");
      // 6403 亿元, 22246.9 (2018-01-01) → 28.8%; 20832.0 (2025-01-01) → 30.7%: 1.96 points apart, above 0.5.
      expect(row2016).toMatch(/地区生产总值 2016年 6,?403\.0 亿元（2017-06-20 版） 22,?246\.9 亿元（2018-01-01 版） 28\.8% 20,?832\.0 亿元（2025-01-01 版） 30\.7%/);
    } finally {
      await browser.close();
    }
    expect(readFileSync(path.join(p.config.site, "shares.html"), "utf8")).toContain("分母取同期版本");
  });

  it("01 then 07: the same shares, labels and default", async () => {
    const p = await project(["01", "07"]);
    expect(await rows(p, SHARES_2016)).toEqual(EXPECTED_2016);
    expect(await rows(p, `select round(actual, 2) as actual from target_status where target_id = 'D000-02' and year = 2016`)).toEqual([{ actual: 28.78 }]);
    expect(await rows(p, `select value from observations where is_current and entity_name = '辽宁省' and indicator_code = 'gdp' and period_label = '2016年'`)).toEqual([{ value: 20832.0 }]);
  });
});
