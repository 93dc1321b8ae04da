/**
 * Findability, in headless Chromium on the sample site: the static search index
 * (MiniSearch, built at publish) holds every zone and target of the seeds and every indicator with data or a target;
 * the header's search box finds a zone by its short name; with JavaScript off the 搜索
 * page lists everything as links; 开发区一览's filter hides the zones that do not match;
 * axe-core finds nothing serious on the new pages. Expected sets come from the seed
 * CSV files read here with papaparse, not from the warehouse the site was built from.
 */
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import vm from "node:vm";
import Papa from "papaparse";
import { chromium, type Browser, type Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { cjkQueryTokenize, cjkTokenize } from "../../pipelines/publish/search.js";
import { phraseText } from "../../dashboards/kit/targets.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];

const seed = (name: string) => Papa.parse<Record<string, string>>(readFileSync(path.join(REPO, "sources", "seeds", name), "utf8"), { header: true, skipEmptyLines: true }).data;
const ZONES = seed("zones.csv");
const INDICATORS = seed("indicators.csv");
const TARGETS = seed("targets.csv");
// Catalogue rows with the same words in the same document are one search result (the first id's).
const TARGET_TEXTS = new Map<string, string>();
for (const t of TARGETS) if (!TARGET_TEXTS.has(`${t.document}|${t.phrase}`)) TARGET_TEXTS.set(`${t.document}|${t.phrase}`, t.id!);

let project: TestProject;
let browser: Browser;
let site: string;
/**
 * The indicators search lists (sc-qa finding 7): those with a target in targets.csv (the seed) or with an
 * observation in the warehouse (zonestat query); a catalogue indicator with neither (税收收入 on the sample) is left out.
 */
let LISTED: Record<string, string>[] = [];
let UNLISTED: Record<string, string>[] = [];

beforeAll(async () => {
  project = tempProject();
  const r = await project.run("refresh", "--sample");
  expect(r.code, r.stderr).toBe(0);
  site = project.config.site;
  const q = await project.run("query", "--format", "json", "select distinct indicator_code from main_staging.stg_observations");
  expect(q.code, q.stderr).toBe(0);
  const withData = new Set([...(JSON.parse(q.stdout) as { indicator_code: string }[]).map((r) => r.indicator_code), ...TARGETS.map((t) => t.indicator_code!)]);
  LISTED = INDICATORS.filter((i) => withData.has(i.code!));
  UNLISTED = INDICATORS.filter((i) => !withData.has(i.code!));
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
}, 600_000); // a whole sample refresh: 120 s was not enough on a loaded machine (CI of 2026-12-01 at load 13)
afterAll(async () => {
  await browser?.close();
  project.cleanup();
});

/** The index script run as a browser would: it assigns window.ZONESTAT_SEARCH. */
function loadIndex(): { documentIds: Record<string, string>; storedFields: Record<string, { url: string; group: string; title: string }> } {
  const window: Record<string, unknown> = {};
  vm.runInNewContext(readFileSync(path.join(site, "search", "index.js"), "utf8"), { window });
  return (window.ZONESTAT_SEARCH as { index: ReturnType<typeof loadIndex> }).index;
}

async function typeInSearch(page: Page, q: string): Promise<string[]> {
  await page.fill("#site-search-q", q);
  await page.waitForFunction((q) => (document.querySelector(".search-status")?.textContent ?? "").length > 0 && (document.querySelector<HTMLInputElement>("#site-search-q")!.value === q), q);
  return page.$$eval(".search-results a", (as) => as.map((a) => a.getAttribute("href")!));
}

describe("the CJK tokenizer", () => {
  it("indexes a Han run as its character bigrams plus the whole run, and cuts a query into bigrams only", () => {
    // 沈阳经开区: 沈阳 阳经 经开 开区, then the run itself (hand-written).
    expect(cjkTokenize("沈阳经开区")).toEqual(["沈阳", "阳经", "经开", "开区", "沈阳经开区"]);
    expect(cjkQueryTokenize("沈阳经开区")).toEqual(["沈阳", "阳经", "经开", "开区"]);
    // One character stays itself (it matches bigrams as a prefix); codes keep their parts.
    expect(cjkQueryTokenize("沈")).toEqual(["沈"]);
    expect(cjkTokenize("D000-01 GDP占比")).toEqual(["D000-01", "D000", "01", "GDP", "占比"]);
    // A sentence is indexed by its bigrams only (13 characters → 12 bigrams, no whole run).
    expect(cjkTokenize("全省经济开发区地区生产总值")).toHaveLength(12);
  });
});

describe("the search index", () => {
  it("holds every zone, indicator and target of the seeds, each linking to a file of the site", () => {
    const index = loadIndex();
    const ids = new Set(Object.values(index.documentIds));
    for (const z of ZONES) expect(ids.has(`zone:${z.code}`), z.code).toBe(true);
    for (const i of LISTED) expect(ids.has(`indicator:${i.code}`), i.code).toBe(true);
    for (const i of UNLISTED) expect(ids.has(`indicator:${i.code}`), i.code).toBe(false);
    expect(LISTED.length).toBeGreaterThan(5);
    for (const t of TARGETS) expect(ids.has(`target:${TARGET_TEXTS.get(`${t.document}|${t.phrase}`)}`), t.id).toBe(true);
    // No two target results with the same words.
    expect([...ids].filter((id) => id.startsWith("target:")).length).toBe(TARGET_TEXTS.size);
    for (const stored of Object.values(index.storedFields)) expect(existsSync(path.join(site, decodeURIComponent(stored.url.split("#")[0]!))), stored.url).toBe(true);
    const bytes = readFileSync(path.join(site, "search", "index.js")).length;
    console.info(`search index: ${ids.size} documents, ${bytes} bytes`);
    // MiniSearch's browser build ships inside the site (no CDN: the site opens from file://).
    expect(readFileSync(path.join(site, "search", "minisearch.js"), "utf8")).toContain("MiniSearch");
  });
});

describe("the search box (JavaScript on)", () => {
  it("typing 沈阳 lists 沈阳经济技术开发区's page first; typing any zone's short name lists that zone first", async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    page.on("console", (m) => m.type() === "error" && errors.push(m.text()));
    await page.goto(pathToFileURL(path.join(site, "land.html")).href);
    expect(await page.isVisible("#site-search-q")).toBe(true);
    // Zones whose short name begins with 沈阳 (seeds): ED210101 沈阳经开区 and HT210101 沈阳高新区; only ED210101 has data in the sample, so a page.
    expect(ZONES.filter((z) => z.short_name!.startsWith("沈阳")).map((z) => z.code)).toEqual(["ED210101", "HT210101"]);
    expect((await typeInSearch(page, "沈阳"))[0]).toBe("zones/ED210101.html");
    // Every zone with a page: its short name (unique in the seeds) finds it first.
    const withPage = ZONES.filter((z) => existsSync(path.join(site, "zones", `${z.code}.html`)));
    expect(withPage.length).toBeGreaterThan(20);
    const wrong: string[] = [];
    for (const z of withPage) {
      const first = (await typeInSearch(page, z.short_name!))[0];
      if (first !== `zones/${z.code}.html`) wrong.push(`${z.short_name} → ${first}`);
    }
    expect(wrong).toEqual([]);
    // From a page one folder down the links still resolve: 排名 from a zone page.
    await page.goto(pathToFileURL(path.join(site, "zones", "ED210101.html")).href);
    expect((await typeInSearch(page, "地区生产总值"))[0]).toBe("../ranking.html#i-gdp");
    // A target by its id, and a section heading.
    // A target links to its row on 总览 (value, gap, verdict), not to the method catalogue; the row has that id.
    expect((await typeInSearch(page, "D000-01"))[0]).toBe("../index.html#t-D000-01");
    expect(readFileSync(path.join(site, "index.html"), "utf8")).toContain(`<tr id="t-D000-01"`);
    for (const id of TARGET_TEXTS.values()) expect(readFileSync(path.join(site, "index.html"), "utf8"), id).toContain(`id="t-${id}"`);
    // More than 12 results: 显示全部 lists every one the status line counts.
    await typeInSearch(page, "开发区");
    await page.waitForFunction(() => (document.querySelector(".search-status")?.textContent ?? "").includes("显示前"));
    const many = await page.$$eval(".search-results a", (as) => as.map((a) => a.getAttribute("href")!));
    const found = Number(/找到 (\d+) 项/.exec((await page.textContent(".search-status")) ?? "")?.[1]);
    expect(found).toBeGreaterThan(12);
    expect(many.filter((h) => h !== "#")).toHaveLength(12);
    await page.click(".search-all");
    await page.waitForFunction((n) => document.querySelectorAll(".search-results a").length === n, found);
    await typeInSearch(page, "D000-01");
    await page.click(".search-results a");
    await page.waitForURL(/index\.html/);
    expect(errors).toEqual([]);
    await context.close();
  });
});

describe("with JavaScript off", () => {
  it("the 搜索 page lists every zone, indicator, target and page as links; the header's box is not shown", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "search.html")).href);
    expect(await page.isVisible("#site-search-q")).toBe(false);
    const links = await page.$$eval("main .search-page a", (as) => as.map((a) => ({ text: a.textContent ?? "", href: a.getAttribute("href")! })));
    for (const z of ZONES) {
      const l = links.find((x) => x.text === z.name);
      expect(l, z.name).toBeDefined();
      expect([`zones/${z.code}.html`, `zones/index.html#z-${z.code}`]).toContain(l!.href);
    }
    for (const i of LISTED) expect(links.some((x) => x.text === i.name), i.name).toBe(true);
    for (const i of UNLISTED) expect(links.some((x) => x.text === i.name), i.name).toBe(false);
    // Targets by their words (the page shows no catalogue ids): every target's phrase, one link per target.
    // A document's table row with its cells joined by ｜, never raw tabs (stat-qa F13).
    for (const t of TARGETS) expect(links.some((x) => x.text === phraseText(t.phrase)), t.id).toBe(true);
    expect(await page.locator("#目标 + ul a").count()).toBe(TARGET_TEXTS.size);
    for (const title of ["开发区一览", "土地：集约利用", "排名：各开发区主要指标"]) expect(links.some((x) => x.text === title), title).toBe(true);
    // A zone without data links to its row on 开发区一览, which has that id.
    const zonesHtml = readFileSync(path.join(site, "zones", "index.html"), "utf8");
    for (const l of links.filter((x) => x.href.startsWith("zones/index.html#"))) expect(zonesHtml).toContain(`id="${l.href.split("#")[1]}"`);
    await context.close();
  });
});

describe("开发区一览", () => {
  const CITY = "210200"; // 大连市
  it("groups zones by city with counts; without JavaScript every zone is listed and no filter box shows", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "zones", "index.html")).href);
    expect(await page.isVisible("#zone-filter-q")).toBe(false);
    expect(await page.locator("tr[data-filter-text]:visible").count()).toBe(ZONES.length);
    // 大连市's heading states its count: the zones of city 210200 in zones.csv.
    const dalian = ZONES.filter((z) => z.city_code === CITY).length;
    expect(await page.textContent(`#city-${CITY}`)).toContain(`（${dalian} 个开发区）`);
    await context.close();
  });

  it("typing in the filter box hides the zones that do not match, and the groups left empty", async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "zones", "index.html")).href);
    await page.fill("#zone-filter-q", "大连");
    const visible = await page.$$eval("tr[data-filter-text]", (rs) => rs.filter((r) => (r as HTMLElement).checkVisibility()).map((r) => r.id));
    // Zones matching 大连 (seeds): those of city 210200 plus any other whose name or alias contains 大连.
    const expected = ZONES.filter((z) => z.city_code === CITY || `${z.name} ${z.short_name} ${z.aliases}`.includes("大连")).map((z) => `z-${z.code}`);
    expect(visible.sort()).toEqual(expected.sort());
    expect(await page.isVisible(`#city-${CITY}`)).toBe(true);
    expect(await page.isVisible("#city-210100")).toBe(false);
    // Two words: both must match (国家级 and 大连).
    await page.fill("#zone-filter-q", "大连 国家级");
    const both = await page.$$eval("tr[data-filter-text]", (rs) => rs.filter((r) => (r as HTMLElement).checkVisibility()).length);
    expect(both).toBe(ZONES.filter((z) => z.city_code === CITY && z.level === "国家级").length);
    await page.fill("#zone-filter-q", "");
    expect(await page.locator("tr[data-filter-text]:visible").count()).toBe(ZONES.length);
    await context.close();
  });
});

describe("accessibility of the new pages", () => {
  it("axe-core finds no serious or critical violation on 搜索, 开发区一览 and a page with search results open", async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found: string[] = [];
    const check = async (name: string) => {
      await page.evaluate(axeSource);
      const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as { violations: Array<{ id: string; impact: string; nodes: unknown[] }> };
      for (const v of result.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) found.push(`${name}: ${v.id} (${v.impact}, ${v.nodes.length})`);
    };
    for (const file of ["search.html", "zones/index.html"]) {
      await page.goto(pathToFileURL(path.join(site, file)).href);
      await check(file);
    }
    await page.goto(pathToFileURL(path.join(site, "index.html")).href);
    await typeInSearch(page, "大连");
    await check("index.html with results");
    await context.close();
    expect(found).toEqual([]);
  });
});
