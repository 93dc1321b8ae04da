/**
 * The published site, tested as a person would: every page opened in headless
 * Chromium from file://, with JavaScript off. Fails on any console error, any
 * request outside the site, any broken link, and any overlap of text boxes in the
 * key charts; saves a screenshot of the overview.
 */
import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import * as XLSX from "@e965/xlsx";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];
export const SCREENSHOT = path.join(REPO, "test-results", "overview.png");

let project: TestProject;
let browser: Browser;
let site: string;

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? htmlFiles(full) : n.endsWith(".html") ? [full] : [];
  });
}

beforeAll(async () => {
  project = tempProject("", { ownProject: true });
  // A zone whose name is markup, and a file whose name is markup: both must show as text.
  appendFileSync(path.join(project.config.projectDir, "sources/seeds/zones.csv"), 'ED219999,<script>alert(1)</script>经济开发区,<b>x</b>,,省级,经济开发区,210100,test fixture\n');
  project.drop("<img src=x onerror=alert(2)>.csv", "nothing,to,see\n");
  project.drop("示例_xss_2024年1-3月.csv", "2024年1-3月开发区主要指标\r\n序号,开发区名称,地区生产总值(亿元)\r\n1,<script>alert(1)</script>经济开发区,12.5\r\n");
  // An Excel workbook for the same zone, a later period: its latest value shows its sheet and cell.
  const ws = XLSX.utils.aoa_to_sheet([["2024年1-6月开发区主要指标"], ["序号", "开发区名称", "工业总产值(亿元)"], [1, "<script>alert(1)</script>经济开发区", 40.5]]);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, "上半年 汇总");
  project.drop("示例_excel_2024年1-6月.xlsx", XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer);
  const r = await project.run("refresh", "--sample");
  expect(r.code, r.stderr).toBe(1); // one file is rejected on purpose
  site = project.config.site;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
});
afterAll(async () => {
  await browser?.close();
  project.cleanup();
});

describe("the published site in Chromium", () => {
  it("every page loads from file:// with JavaScript off: no console error, no request outside the site, no broken link", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const problems: string[] = [];
    page.on("console", (m) => m.type() === "error" && problems.push(`console: ${m.text()}`));
    page.on("pageerror", (e) => problems.push(`pageerror: ${e.message}`));
    page.on("dialog", (d) => problems.push(`dialog: ${d.message()}`));
    await context.route("**/*", (route) => {
      const url = route.request().url();
      if (!url.startsWith(pathToFileURL(site).href)) {
        problems.push(`request outside the site: ${url}`);
        return route.abort();
      }
      return route.continue();
    });
    const pages = htmlFiles(site);
    expect(pages.length).toBeGreaterThan(10);
    for (const file of pages) {
      await page.goto(pathToFileURL(file).href);
      expect(await page.getAttribute("html", "lang")).toBe("zh-CN");
      const links = await page.$$eval("a[href]", (as) => as.map((a) => a.getAttribute("href")!));
      const ids = new Set(await page.$$eval("[id]", (es) => es.map((e) => e.id)));
      for (const href of links) {
        // An anchor on the same page (table of contents, skip link) must name an element of the page.
        if (href.startsWith("#")) {
          if (!ids.has(decodeURIComponent(href.slice(1)))) problems.push(`broken anchor on ${path.relative(site, file)}: ${href}`);
          continue;
        }
        if (/^(https?:|mailto:)/.test(href)) {
          problems.push(`external link on ${file}: ${href}`);
          continue;
        }
        const target = path.resolve(path.dirname(file), decodeURIComponent(href.split("#")[0]!));
        if (!existsSync(target)) problems.push(`broken link on ${path.relative(site, file)}: ${href}`);
      }
      const images = await page.$$eval("img", (imgs) => imgs.map((i) => (i as HTMLImageElement).naturalWidth));
      if (images.some((w) => w === 0)) problems.push(`broken image on ${file}`);
    }
    expect(problems).toEqual([]);
    await context.close();
  });

  it("the key charts have no overlapping text", async () => {
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const overlaps: string[] = [];
    for (const name of ["shares.html", "land.html", "cities.html", "progress.html", "quality.html"]) {
      await page.goto(pathToFileURL(path.join(site, name)).href);
      const found = await page.$$eval("figure svg", (svgs) => {
        const out: string[] = [];
        svgs.forEach((svg, si) => {
          // Vega hides labels it would overlap by setting opacity 0: those are not shown.
          const visible = (t: Element) => {
            for (let e: Element | null = t; e && e !== svg; e = e.parentElement) {
              const st = getComputedStyle(e);
              if (st.opacity === "0" || st.visibility === "hidden" || st.display === "none" || e.getAttribute("opacity") === "0") return false;
            }
            return true;
          };
          const boxes = [...svg.querySelectorAll("text")]
            .filter((t) => (t.textContent ?? "").trim() !== "" && visible(t))
            .map((t) => ({ text: t.textContent!, r: t.getBoundingClientRect() }))
            .filter((b) => b.r.width > 0 && b.r.height > 0);
          for (let i = 0; i < boxes.length; i++)
            for (let j = i + 1; j < boxes.length; j++) {
              const a = boxes[i]!.r;
              const b = boxes[j]!.r;
              const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
              const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
              if (w > 1 && h > 1) out.push(`chart ${si}: «${boxes[i]!.text}» overlaps «${boxes[j]!.text}»`);
            }
        });
        return out;
      });
      overlaps.push(...found.map((f) => `${name} ${f}`));
    }
    expect(overlaps).toEqual([]);
    await context.close();
  });

  it("markup in data shows as text, never runs", async () => {
    const quality = readFileSync(path.join(site, "quality.html"), "utf8");
    expect(quality).toContain("&lt;img src=x onerror=alert(2)&gt;.csv");
    expect(quality).not.toContain("<img src=x");
    const zones = readFileSync(path.join(site, "zones", "index.html"), "utf8");
    expect(zones).toContain("&lt;script&gt;alert(1)&lt;/script&gt;经济开发区");
    expect(zones).not.toContain("<script>alert(1)");
    const zonePage = readFileSync(path.join(site, "zones", "ED219999.html"), "utf8");
    expect(zonePage).not.toContain("<script>alert(1)");
    expect(zonePage).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
  });

  it("a value read from Excel names its sheet and cell where provenance is shown", () => {
    const zonePage = readFileSync(path.join(site, "zones", "ED219999.html"), "utf8");
    // 工业总产值 40.5 was written to C3 of sheet 「上半年 汇总」 above; the CSV value keeps its line.
    expect(zonePage).toContain("示例_excel_2024年1-6月.xlsx 工作表 &#39;上半年 汇总&#39;!C3");
    expect(zonePage).toMatch(/示例_xss_2024年1-3月\.csv 第3行/);
  });

  it("the overview's status column shows an expired target's deadline verdict, not its latest year", async () => {
    // Sample: D000-01 GDP 8950 in 2020 against 10500 → 未达成, 8950 ÷ 10500 = 85.2%; 2024's 11313.9 is above but does not change it.
    const context = await browser.newContext({ javaScriptEnabled: false });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "index.html")).href);
    // D000-01's row, found by its words (the page shows no catalogue codes).
    const row = (await page.locator("tr", { has: page.locator("td", { hasText: "地区生产总值达到10500亿元以上" }) }).first().innerText()).replace(/\s+/g, " ");
    await context.close();
    expect(row).toContain("未达成 2020年未达成（完成85.2%，差1550亿元）；2023年起超过目标");
    // The gap at the deadline, in the target's unit: 8950 − 10500 = −1550 亿元 (one decimal for 亿元).
    expect(row).toContain("2020年差 1,550.0 亿元");
  });

  it("a Content-Security-Policy forbids remote loads on every page", () => {
    for (const file of htmlFiles(site)) {
      const html = readFileSync(file, "utf8");
      expect(html, file).toContain(`http-equiv="Content-Security-Policy" content="default-src 'none'`);
      expect(html, file).not.toMatch(/(src|href)="(https?:)?\/\//);
    }
  });

  it("downloads: CSV with BOM and neutralized formulas, and Parquet", () => {
    const csv = readFileSync(path.join(site, "downloads", "shares.csv"));
    expect([...csv.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    expect(existsSync(path.join(site, "downloads", "shares.parquet"))).toBe(true);
  });

  it("saves a screenshot of the overview; it prints on A4 landscape", async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "index.html")).href);
    mkdirSync(path.dirname(SCREENSHOT), { recursive: true });
    await page.screenshot({ path: SCREENSHOT, fullPage: true });
    expect(statSync(SCREENSHOT).size).toBeGreaterThan(10_000);
    const pdf = await page.pdf({ format: "A4", landscape: true });
    expect(pdf.subarray(0, 4).toString()).toBe("%PDF");
    // No cut charts: in print layout at A4 landscape's content box (297 − 2×10 mm by 210 − 2×10 mm at 96 dpi =
    // 1047 × 718 px) every chart fits the width, and every figure fits one page and may not break across two.
    await page.emulateMedia({ media: "print" });
    await page.setViewportSize({ width: 1047, height: 718 });
    const boxes = await page.$$eval("main svg, main table, figure", (els) =>
      els.map((e) => ({ tag: e.tagName, right: e.getBoundingClientRect().right, height: e.getBoundingClientRect().height, breakInside: getComputedStyle(e).breakInside })),
    );
    expect(boxes.filter((b) => b.tag.toLowerCase() === "svg").length).toBeGreaterThan(0);
    for (const b of boxes) {
      expect(b.right, b.tag).toBeLessThanOrEqual(1047);
      if (b.tag === "FIGURE") {
        expect(b.height).toBeLessThanOrEqual(718);
        expect(b.breakInside).toBe("avoid");
      }
    }
    await context.close();
  });
});
