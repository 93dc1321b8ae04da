/**
 * The site's form for every reader, in headless Chromium: a 390 px phone with
 * JavaScript off, A4 print, an automated accessibility check (axe-core) and the
 * palette under simulated deuteranopia. Screenshots of the phone view and of the
 * first printed page are written to test-results/.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { chromium, type Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { BASE_CONFIG } from "../../pipelines/publish/render-chart.js";
import { STATUS_STYLE } from "../../pipelines/publish/styles.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const CHROMIUM = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";
const ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update", "--disable-sync", "--disable-quic", "--no-first-run"];
const OUT = path.join(REPO, "test-results");

let project: TestProject;
let browser: Browser;
let site: string;

/** One page of each type: every top-level page and the first zone page. */
function pageTypes(): string[] {
  const top = readdirSync(site).filter((n) => n.endsWith(".html")).map((n) => path.join(site, n));
  const zonesDir = path.join(site, "zones");
  const zone = statSync(zonesDir, { throwIfNoEntry: false })?.isDirectory() ? readdirSync(zonesDir).filter((n) => n.endsWith(".html")).sort().map((n) => path.join(zonesDir, n))[0] : undefined;
  return [...top, ...(zone ? [zone] : [])];
}

beforeAll(async () => {
  project = tempProject();
  const r = await project.run("refresh", "--sample");
  expect(r.code, r.stderr).toBe(0);
  site = project.config.site;
  browser = await chromium.launch({ executablePath: CHROMIUM, args: ARGS });
  mkdirSync(OUT, { recursive: true });
});
afterAll(async () => {
  await browser?.close();
  project.cleanup();
});

describe("on a 390 px phone with JavaScript off", () => {
  it("no page is wider than the screen and no chart text is drawn below 10 CSS px", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const file of pageTypes()) {
      await page.goto(pathToFileURL(file).href);
      const name = path.relative(site, file);
      const width = await page.evaluate(() => document.documentElement.scrollWidth);
      if (width > 390) problems.push(`${name}: page is ${width}px wide`);
      // Each displayed chart: its drawn width over its own coordinate width is the scale of its text.
      const small = await page.$$eval("figure svg", (svgs) =>
        svgs.flatMap((svg) => {
          const box = svg.getBoundingClientRect();
          if (box.width === 0 || !(svg as SVGSVGElement).checkVisibility()) return [];
          const own = Number(svg.getAttribute("width")) || (svg as SVGSVGElement).viewBox.baseVal.width || box.width;
          const scale = box.width / own;
          return [...svg.querySelectorAll("text")].map((t) => parseFloat(getComputedStyle(t).fontSize) * scale).filter((px) => px < 10).map((px) => px.toFixed(1));
        }),
      );
      if (small.length) problems.push(`${name}: ${small.length} chart texts below 10px (smallest ${Math.min(...small.map(Number))}px)`);
      // A card's value never breaks inside its unit ("亿 / 元"): a line may start only after a space. The sample's values
      // fit a phone, so the first card is given a value as long as a national total (a tester's 20,080.0 亿元 wrapped).
      if (name === "index.html") await page.$eval(".kf .v", (el) => (el.textContent = "12,345,678,901.2 亿元"));
      const broken = await page.$$eval(".kf .v", (els) =>
        els.flatMap((el) => {
          const node = el.firstChild;
          const text = node?.textContent ?? "";
          const range = document.createRange();
          let previousTop: number | undefined;
          for (let i = 0; node && i < text.length; i++) {
            range.setStart(node, i);
            range.setEnd(node, i + 1);
            const r = range.getBoundingClientRect();
            if (r.width === 0) continue;
            const top = Math.round(r.top);
            if (previousTop !== undefined && top > previousTop && i > 0 && !/\s/.test(text[i - 1]!)) return [text];
            previousTop = top;
          }
          return [];
        }),
      );
      if (broken.length) problems.push(`${name}: card values broken inside a word: ${broken.join("; ")}`);
      if (name === "index.html") await page.screenshot({ path: path.join(OUT, "phone-overview.png"), fullPage: false });
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});

describe("tables on a 390 px phone", () => {
  it("a table scrolled to its last column still shows, on every row, the zone, indicator or target the row is about", async () => {
    // reader-qa 9: 排名, 总览's target tables and a zone's 最近一期 scrolled their numbers away from the names.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    for (const file of pageTypes()) {
      await page.goto(pathToFileURL(file).href);
      const name = path.relative(site, file);
      // Folded tables too (总览's 无法评估的目标, 1,105 px wide: reader-qa2 7), as a reader who unfolds them sees them.
      await page.$$eval("details", (ds) => ds.forEach((d) => ((d as HTMLDetailsElement).open = true)));
      const lost = await page.$$eval("table", (tables) =>
        tables.flatMap((table, i) => {
          const box = (table.closest(".table-scroll") as HTMLElement | null) ?? table;
          if (box.scrollWidth <= box.clientWidth + 1 || !table.checkVisibility()) return [];
          box.scrollLeft = box.scrollWidth;
          // The name cell: the second on 排名 (after the rank), else the first.
          const col = table.classList.contains("rank-name") ? 1 : 0;
          return [...table.querySelectorAll("tbody tr")].slice(0, 5).flatMap((tr) => {
            const cell = tr.children[col];
            if (!cell) return [];
            const r = cell.getBoundingClientRect();
            return r.left < -1 || r.right > 390 ? [`table ${i} (${table.querySelector("th")?.textContent ?? ""}): "${(cell.textContent ?? "").trim().slice(0, 12)}" at ${Math.round(r.left)}px`] : [];
          });
        }),
      );
      if (lost.length) problems.push(`${name}: ${lost.slice(0, 3).join("; ")}`);
    }
    await context.close();
    expect(problems).toEqual([]);
  });
});

describe("进度's 最近一期 on a phone and on a desktop", () => {
  it("at 390 px every row shows its verdict on screen beside the target's name; at 1280 px the verdict is the 状态 column", async () => {
    // reader-qa3 7: the table was 915 px wide at 390 px, the verdict 500 px away from the fixed name column.
    const rowsAt = async (width: number) => {
      const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width, height: 900 }, deviceScaleFactor: 1 });
      const page = await context.newPage();
      await page.goto(pathToFileURL(path.join(site, "progress.html")).href);
      const rows = await page.$$eval("h2", (hs) => {
        const h = hs.find((x) => x.textContent === "最近一期")!;
        // One table per document under its <h3> (reader-qa3 F21): every table up to the next section.
        const tables: Element[] = [];
        for (let e = h.nextElementSibling; e && e.tagName !== "H2"; e = e.nextElementSibling) tables.push(...e.querySelectorAll("table"));
        return tables.flatMap((table) => [...table.querySelectorAll("tbody tr")]).map((tr) => {
          const name = tr.children[0]!.getBoundingClientRect();
          // The verdict badges a reader sees in this row, wherever they are.
          const shown = [...tr.querySelectorAll(".status")].filter((b) => b.checkVisibility()).map((b) => ({ rect: b.getBoundingClientRect(), column: [...tr.children].findIndex((td) => td.contains(b)) }));
          return { target: (tr.children[0]!.textContent ?? "").slice(0, 12), nameTop: name.top, nameBottom: name.bottom, shown: shown.map((b) => ({ left: b.rect.left, right: b.rect.right, top: b.rect.top, column: b.column })) };
        });
      });
      await context.close();
      return rows;
    };
    const phone = await rowsAt(390);
    expect(phone.length).toBeGreaterThan(5);
    // One verdict per row, inside the screen (0–390 px) and within the name cell's height.
    expect(phone.filter((r) => r.shown.length !== 1 || r.shown[0]!.left < 0 || r.shown[0]!.right > 390 || r.shown[0]!.top < r.nameTop || r.shown[0]!.top > r.nameBottom).map((r) => r.target)).toEqual([]);
    const desktop = await rowsAt(1280);
    // On a desktop the verdict is once per row, in the last (状态) column, not under the name.
    expect(desktop.filter((r) => r.shown.length !== 1 || r.shown[0]!.column === 0).map((r) => r.target)).toEqual([]);
  });
});

describe("charts on a 390 px phone with JavaScript off", () => {
  it("every mark of every shown chart lies inside the chart's visible box, or the box shows a scroll cue", async () => {
    // A QA tester lost the 17 best dots of 土地利用率 and the last year of the 占比 axis at the right edge of a box that scrolled without saying so.
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    const problems: string[] = [];
    let charts = 0;
    for (const file of pageTypes()) {
      await page.goto(pathToFileURL(file).href);
      const found = await page.$$eval("figure svg", (svgs) =>
        svgs.flatMap((svg, i) => {
          if (!(svg as SVGSVGElement).checkVisibility()) return [];
          // The visible box: the nearest ancestor that clips (a scroll box), else the figure.
          let clip: Element = svg.closest("figure")!;
          for (let e = svg.parentElement; e && e !== clip.parentElement; e = e.parentElement) {
            if (getComputedStyle(e).overflowX !== "visible") {
              clip = e;
              break;
            }
          }
          const box = clip.getBoundingClientRect();
          const figure = svg.closest("figure")!;
          const cue = [...figure.querySelectorAll(".scroll-cue")].some((c) => (c as HTMLElement).checkVisibility()) || /滑动/.test(getComputedStyle(figure, "::before").content);
          const outside = [...svg.querySelectorAll("path, line, rect, circle, text, symbol, use")].filter((m) => {
            const r = m.getBoundingClientRect();
            return (r.width > 0 || r.height > 0) && (r.right > box.right + 0.5 || r.left < box.left - 0.5);
          });
          return [{ i, outside: outside.length, first: outside[0]?.textContent?.slice(0, 20) ?? outside[0]?.tagName ?? "", cue }];
        }),
      );
      charts += found.length;
      for (const f of found) if (f.outside > 0 && !f.cue) problems.push(`${path.relative(site, file)} chart ${f.i}: ${f.outside} marks outside the visible box (first: ${f.first}) and no scroll cue`);
    }
    await context.close();
    expect(charts).toBeGreaterThan(10);
    expect(problems).toEqual([]);
  });

  it("the 土地 dot plots and the 占比 lines are drawn to fit: no scroll cue needed", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 390, height: 844 }, deviceScaleFactor: 1 });
    const page = await context.newPage();
    for (const name of ["land.html", "shares.html"]) {
      await page.goto(pathToFileURL(path.join(site, name)).href);
      const shown = await page.$$eval("figure svg", (svgs) => svgs.filter((s) => (s as SVGSVGElement).checkVisibility()).map((s) => ({ w: s.getBoundingClientRect().width, box: s.closest("figure")!.clientWidth })));
      expect(shown.length, name).toBeGreaterThan(0);
      // Each phone drawing is no wider than its figure's content box (PHONE_BOX = 320 px ≤ 390 − 20 − 18 = 352).
      for (const s of shown) expect(s.w, name).toBeLessThanOrEqual(s.box);
      expect(await page.locator(".scroll-cue:visible").count(), name).toBe(0);
    }
    await context.close();
  });
});

describe("in print", () => {
  it("土地 prints on at most 10 A4 pages; every figure's title and chart fit one page and stay together; data tables print", async () => {
    const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    await page.goto(pathToFileURL(path.join(site, "land.html")).href);
    const pdf = await page.pdf({ format: "A4", landscape: true, preferCSSPageSize: true });
    // Page objects in the PDF: "/Type /Page" not followed by "s".
    const pages = (pdf.toString("latin1").match(/\/Type\s*\/Page(?!s)/g) ?? []).length;
    expect(pages).toBeGreaterThan(0);
    expect(pages).toBeLessThanOrEqual(10);
    // The printed text per page (poppler's pdftotext, installed by .ci/run): the first chart starts on page 1, under
    // the title (its figure title and its legend are there), and the three-column data tables repeat their header
    // (比率) in each column of every page they continue on — a page with table rows shows it three times.
    const pdfFile = path.join(project.dir, "land.pdf");
    writeFileSync(pdfFile, pdf);
    const pageText = (i: number) => execFileSync("pdftotext", ["-f", String(i), "-l", String(i), pdfFile, "-"], { encoding: "utf8" });
    expect(pageText(1)).toContain("各开发区土地开发率");
    expect(pageText(1)).toContain("与目标比");
    let tablePages = 0;
    for (let i = 1; i <= pages; i++) {
      const text = pageText(i);
      // More status words than the legend's two: rows of a data table are on this page.
      if ((text.match(/达到目标|未达目标/g) ?? []).length <= 2) continue;
      tablePages++;
      expect((text.match(/比率/g) ?? []).length, `page ${i}`).toBeGreaterThanOrEqual(3);
    }
    expect(tablePages).toBeGreaterThan(1);
    await page.emulateMedia({ media: "print" });
    // A4 landscape content box (297 − 20 mm) × (210 − 24 mm) at 96 dpi.
    const contentHeight = ((210 - 24) / 25.4) * 96;
    const figures = await page.$$eval("figure:has(.chart-wide)", (fs) =>
      fs.map((f) => {
        const title = f.querySelector("h3")!;
        const chart = f.querySelector(".chart-wide")!;
        return { h: chart.getBoundingClientRect().bottom - title.getBoundingClientRect().top, keepChart: getComputedStyle(chart).breakInside, keepTitle: getComputedStyle(title).breakAfter, title: title.textContent ?? "" };
      }),
    );
    expect(figures.length).toBeGreaterThan(0);
    for (const f of figures) {
      expect(f.keepTitle, f.title).toBe("avoid");
      expect(f.keepChart, f.title).toBe("avoid");
      expect(f.h, f.title).toBeLessThanOrEqual(contentHeight);
    }
    // Collapsed data tables are shown in print.
    const hiddenTables = await page.$$eval("details table", (ts) => ts.filter((t) => t.getBoundingClientRect().height === 0).length);
    expect(hiddenTables).toBe(0);
    await page.setViewportSize({ width: 1047, height: 703 });
    await page.screenshot({ path: path.join(OUT, "print-land-page1.png") });
    await context.close();
  });
});

describe("accessibility", () => {
  it("axe-core finds no serious or critical violation on any page type", async () => {
    const axeSource = readFileSync(createRequire(import.meta.url).resolve("axe-core/axe.min.js"), "utf8");
    const context = await browser.newContext({ javaScriptEnabled: true, viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const found: string[] = [];
    for (const file of pageTypes()) {
      await page.goto(pathToFileURL(file).href);
      // The site's CSP allows no inline script: axe is evaluated through the DevTools protocol instead.
      await page.evaluate(axeSource);
      const result = (await page.evaluate(`axe.run(document, { resultTypes: ["violations"] })`)) as { violations: Array<{ id: string; impact: string; nodes: unknown[] }> };
      for (const v of result.violations.filter((x) => x.impact === "serious" || x.impact === "critical")) found.push(`${path.relative(site, file)}: ${v.id} (${v.impact}, ${v.nodes.length})`);
    }
    await context.close();
    expect(found).toEqual([]);
  });

  it("every chart has a Chinese accessible name and no English generated description", async () => {
    const html = readFileSync(path.join(site, "shares.html"), "utf8");
    const svgs = html.match(/<svg role="img"[^>]*>/g) ?? [];
    expect(svgs.length).toBeGreaterThan(0);
    for (const s of svgs) expect(s).toMatch(/aria-label="[^"]*[\u4e00-\u9fff]/);
    expect(html).not.toMatch(/aria-roledescription|X-axis titled|Y-axis titled/);
  });
});

describe("colour", () => {
  /** sRGB hex → linear RGB → Machado et al. (2009) deuteranopia, severity 1 → CIELAB. */
  const lin = (c: number) => (c <= 0.04045 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4);
  const rgb = (hex: string) => [1, 3, 5].map((i) => lin(parseInt(hex.slice(i, i + 2), 16) / 255)) as [number, number, number];
  const DEUTAN = [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.01182, 0.04294, 0.968881]];
  const deutan = ([r, g, b]: number[]) => DEUTAN.map((row) => Math.min(1, Math.max(0, row[0]! * r! + row[1]! * g! + row[2]! * b!)));
  const lab = ([r, g, b]: number[]) => {
    const x = (0.4124 * r! + 0.3576 * g! + 0.1805 * b!) / 0.95047;
    const y = 0.2126 * r! + 0.7152 * g! + 0.0722 * b!;
    const z = (0.0193 * r! + 0.1192 * g! + 0.9505 * b!) / 1.08883;
    const f = (t: number) => (t > 216 / 24389 ? Math.cbrt(t) : (24389 / 27 * t + 16) / 116);
    return [116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))];
  };
  const dE = (a: string, b: string) => {
    const [p, q] = [lab(deutan(rgb(a))), lab(deutan(rgb(b)))];
    return Math.hypot(p[0]! - q[0]!, p[1]! - q[1]!, p[2]! - q[2]!);
  };

  it("the first six category colours stay apart under deuteranopia (ΔE*ab ≥ 10 for every pair)", () => {
    const palette = BASE_CONFIG.range.category.slice(0, 6);
    for (let i = 0; i < palette.length; i++) for (let j = i + 1; j < palette.length; j++) expect(dE(palette[i]!, palette[j]!), `${palette[i]} vs ${palette[j]}`).toBeGreaterThanOrEqual(10);
  });

  it("status badges carry a symbol each, distinct meanings have distinct symbols, and text on tint passes WCAG AA (4.5:1)", () => {
    const luminance = (hex: string) => {
      const [r, g, b] = rgb(hex);
      return 0.2126 * r + 0.7152 * g + 0.0722 * b;
    };
    const meaningful = ["achieved", "on_track", "behind", "missed"];
    expect(new Set(meaningful.map((s) => STATUS_STYLE[s]![2])).size).toBe(meaningful.length);
    for (const [s, [bg, fg]] of Object.entries(STATUS_STYLE)) {
      const [a, b] = [luminance(bg), luminance(fg)].sort((x, y) => y - x);
      expect((a! + 0.05) / (b! + 0.05), s).toBeGreaterThanOrEqual(4.5);
    }
    // Met and behind differ in lightness as well as hue, so they differ in a greyscale print and to a deuteranope.
    expect(dE(STATUS_STYLE.achieved![1], STATUS_STYLE.behind![1])).toBeGreaterThanOrEqual(10);
  });
});
