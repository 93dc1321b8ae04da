/**
 * One new quarter's file after the sample: the pages whose text changed are rebuilt,
 * but only the charts whose spec or rows changed are drawn again (chart-cache.ts);
 * the site is byte for byte what a from-scratch publish of the same warehouse gives.
 */
import { readdirSync, readFileSync, realpathSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { CHART_CACHE_DIR, CHART_PAGES_FILE } from "../../pipelines/publish/chart-cache.js";
import { PAGE_INDEX, publish, type PublishReport } from "../../pipelines/publish/job.js";
import { SITE_MANIFEST } from "../../pipelines/publish/site-manifest.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const Q1_2024 = "示例_2024年1-3月全省经济开发区主要经济指标.csv";
const T1 = new Date("2026-01-10T02:00:00Z");
const T2 = new Date("2026-04-20T02:00:00Z");

let project: TestProject;
let second: PublishReport;
let site: string;
let scratch: string;
let before: { pages: Record<string, string>; charts: Record<string, string[]> };
let after: { pages: Record<string, string>; charts: Record<string, string[]> };

const indexes = (version: string) => ({
  pages: JSON.parse(readFileSync(path.join(version, PAGE_INDEX), "utf8")) as Record<string, string>,
  charts: JSON.parse(readFileSync(path.join(version, CHART_CACHE_DIR, CHART_PAGES_FILE), "utf8")) as Record<string, string[]>,
});

/** Every file under `dir` (hidden ones too) with its bytes. */
function files(dir: string, at = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(path.join(dir, at), { withFileTypes: true })) {
    const rel = path.join(at, e.name);
    if (e.isDirectory()) for (const [k, v] of files(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(path.join(dir, rel)));
  }
  return out;
}

beforeAll(async () => {
  project = tempProject();
  const wh = await openWarehouse(project.config.warehouse);
  try {
    const sample = readdirSync(SAMPLE).map((f) => path.join(SAMPLE, f));
    expect((await ingest(project.ctx(() => T1), wh, { paths: sample })).rejected).toBe(0);
    expect((await build(project.ctx(() => T1), wh, { command: "build" })).ok).toBe(true);
    await publish(project.ctx(() => T1), wh);
    site = project.config.site;
    before = indexes(realpathSync(site));
    // The new quarter: 2025年1-3月, the same zones and values as 2024年1-3月 under a new title (同比 0%).
    const text = readFileSync(path.join(SAMPLE, Q1_2024), "utf8").replace("2024年1-3月", "2025年1-3月");
    const file = path.join(project.dir, "示例_2025年1-3月全省经济开发区主要经济指标.csv");
    writeFileSync(file, text);
    expect((await ingest(project.ctx(() => T2), wh, { paths: [file] })).loaded).toBe(1);
    expect((await build(project.ctx(() => T2), wh, { command: "build" })).ok).toBe(true);
    second = await publish(project.ctx(() => T2), wh);
    after = indexes(realpathSync(site));
    // The same warehouse published from nothing, at the same moment, into another folder.
    scratch = path.join(project.dir, "scratch-site");
    await publish({ ...project.ctx(() => T2), config: { ...project.config, site: scratch } }, wh);
  } finally {
    await wh.close();
  }
}, 600_000);
afterAll(() => (process.env.KEEP_TEST_PROJECT ? console.log(project.dir) : project?.cleanup()));

describe("a new quarter's file", () => {
  it("rebuilds the pages whose fingerprint changed, as before", () => {
    const changed = Object.keys(after.pages).filter((p) => !p.startsWith("downloads/") && after.pages[p] !== before.pages[p]);
    // The shell's freshness line names the latest period and load on every page: all pages change.
    expect(second.rendered).toBe(changed.length);
    expect(changed.length).toBe(second.pages);
  });

  it("draws only the charts whose spec or rows changed: no zone page draws, far fewer pages than are rebuilt", () => {
    const old = new Set(Object.values(before.charts).flat());
    const drewPages = Object.entries(after.charts).filter(([, keys]) => keys.some((k) => !old.has(k))).map(([p]) => p).sort();
    const newKeys = new Set(Object.values(after.charts).flat().filter((k) => !old.has(k)));
    expect(second.chartsDrawn).toBe(newKeys.size);
    expect(second.pagesDrawn).toBe(drewPages.length);
    // Zone pages chart annual values: a 1-3月 file adds none, so not one zone page draws.
    const zonePages = Object.keys(after.pages).filter((p) => /^zones\/(?!index).*\.html$/.test(p));
    expect(zonePages.length).toBeGreaterThan(30);
    expect(drewPages.filter((p) => p.startsWith("zones/"))).toEqual([]);
    // Before chart reuse every rebuilt page drew all its charts: `rendered` pages, every chart.
    expect(drewPages.length).toBeLessThan(second.rendered / 4);
    // (35–37 of 144 on the sample: the quarterly pages' charts, and a few whose rows carry float sums DuckDB may add in another order.)
    expect(second.chartsDrawn!).toBeLessThan(second.charts / 2);
    expect(second.chartsDrawn! + second.chartsReused!).toBe(second.charts);
    // Yet the new quarter shows where it belongs: charts of the quarterly pages changed.
    expect(drewPages.length).toBeGreaterThan(0);
  });

  it("leaves the site byte for byte as a from-scratch publish of the same warehouse", () => {
    const a = files(realpathSync(site));
    const b = files(realpathSync(scratch));
    expect([...a.keys()].sort()).toEqual([...b.keys()].sort());
    // Two kinds of file differ by design, outside this change: a mart download whose rows did not change is linked
    // from the previous version (downloads.ts fingerprints rows order-independently, so its row order may differ
    // from a fresh COPY: compared as sorted lines; Parquet likewise, not compared byte for byte), and the 季度分析
    // .docx, whose library stamps the wall-clock time into docProps/core.xml.
    const mart = (k: string) => /^downloads\/[^/]+\.(csv|parquet)$/.test(k) && !k.endsWith(".columns.csv");
    const lines = (x: Buffer) => x.toString("utf8").split("\n").sort().join("\n");
    // The site manifest records each file's time (site-manifest.ts): a time, not content.
    const differ = [...a.keys()].filter((k) => !k.endsWith(".docx") && k !== SITE_MANIFEST && !k.endsWith(".parquet") && !(mart(k) ? lines(a.get(k)!) === lines(b.get(k)!) : a.get(k)!.equals(b.get(k)!)));
    expect(differ).toEqual([]);
    expect([...a.keys()].filter((k) => k.endsWith(".html")).length).toBe(second.pages);
    // The zone pages changed (their latest-period table shows 2025年1-3月) with their charts inline, as before.
    const zone = a.get("zones/ED210101.html")!.toString("utf8");
    expect(zone).toContain("2025年1-3月");
    expect(zone).toMatch(/<svg role="img" aria-label="[^"]*[\u4e00-\u9fff]/);
  });

  it("keeps 土地 on the latest land figures (2024年末): a 1-3月 file with no land values does not empty it", () => {
    // operator tester: land_metrics has a row per stock date, and the page took 2025年3月末 — 52 rows of "—", 暂无数据.
    const land = files(realpathSync(site)).get("land.html")!.toString("utf8");
    expect(land).toContain("2024年末");
    expect(land).not.toContain("2025年3月末");
    expect(land).not.toContain("暂无数据");
  });
});
