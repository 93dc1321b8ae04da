/**
 * The publish job: every page in `dashboards/pages/` rendered from the marts into
 * a new version folder, then published by one atomic rename of the site link. A
 * page whose data did not change is copied from the previous version, not
 * re-rendered. A failed publish leaves the previous site in place.
 */
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "../context.js";
import type { Warehouse } from "../warehouse/index.js";
import { LATEST_LOADED_PERIOD } from "../../dashboards/kit/observation-rows.js";
import { discoverPages } from "./discover.js";
import { writeDownloads } from "./downloads.js";
import { localMinute, timeZoneLabel } from "../local-time.js";
import { shell, withContents, type NavItem } from "./html.js";
import { ATTACHMENTS_DIR, createPageContext, createShared, draftFingerprint, narrowSpec, renderDraft, type PageDefinition, type PageDownload } from "./page.js";
import { createRenderer } from "./render-pool.js";
import { headingDocuments, searchDocuments, writeSearchAssets, type SearchPage } from "./search.js";
import { linkOrCopy, prepareSite } from "./site-dir.js";
import { trustedFiles, writeManifest } from "./site-manifest.js";
import { ZonestatError } from "../errors.js";
import { safetyMsg } from "../safety/messages.js";
import { BASE_CONFIG } from "./chart-look.js";
import { createHash } from "node:crypto";
import { CHART_CACHE_DIR, CHART_PAGES_FILE, cachedCharts, chartKey, previousChartBytes, previousChartPages } from "./chart-cache.js";

/** What every page shares beyond its own content: the shell's markup and styles, the chart theme, the SVG post-processing. */
const SHELL_VERSION = createHash("sha256")
  .update(shell({ title: "", depth: 0, nav: [], current: "", body: "", synthetic: false, generatedAt: "", freshness: "" }))
  .update(JSON.stringify(BASE_CONFIG))
  .update(renderDraft.toString())
  .update(narrowSpec.toString())
  .update(CHART_CACHE_DIR) // a version without drawn charts beside it is rebuilt once, so every later one has them all
  .digest("hex")
  .slice(0, 16);

export interface PublishReport {
  readonly site: string;
  readonly pages: number;
  /** Pages rendered this time; the others were unchanged and copied. */
  readonly rendered: number;
  readonly charts: number;
  readonly chartMs: number[];
  readonly ms: number;
  /** Charts drawn this time; the others were taken from the previous version unchanged (chart-cache.ts). */
  readonly chartsDrawn?: number;
  readonly chartsReused?: number;
  /** Pages rebuilt that had at least one chart to draw (the rest only re-assembled text around kept charts). */
  readonly pagesDrawn?: number;
  /** Pages' own downloads (downloads/pages/) linked from the previous version: made from the same cells by the same code. */
  readonly pageDownloadsReused?: number;
  /** Year-parts of the marts' CSVs written this time and copied from the previous version (csv-parts.ts). */
  readonly downloadParts?: { readonly written: number; readonly reused: number };
}

export interface PublishOptions {
  /** Make every page, drawing and download anew, taking nothing from the published version (`refresh --full`). */
  readonly fresh?: boolean;
}

export async function publish(ctx: JobContext, wh: Warehouse, opts: PublishOptions = {}): Promise<PublishReport> {
  const t0 = performance.now();
  const site = prepareSite(ctx.config.site, ctx.now());
  // The version files are carried over from: none when fresh. A file is carried only while it is as published.
  const dir = { staging: site.staging, current: opts.fresh ? undefined : site.current };
  const trusted = trustedFiles(dir.current);
  const stats = { charts: 0, chartMs: [] as number[] };
  let reused = 0;
  let pageDownloadsReused = 0;
  // Without a version to take drawings from, every chart is drawn: every worker starts at once.
  const renderer = createRenderer({ startAll: !dir.current });
  const charts = cachedCharts(renderer, dir.current, dir.staging, trusted);
  let pagesDrawn = 0;
  const chartsOfPage: Record<string, string[]> = {};
  const previousPages = previousChartPages(dir.current);
  // Pages being rendered; a page leaves the set when written (a failed one stays, for the abort below).
  const inFlight = new Set<Promise<void>>();
  // The pages drafted beside the families, each until written.
  const earlyWritten: Promise<void>[] = [];
  let downloadsDone: Promise<unknown> = Promise.resolve();
  // The pages drafted beside the families: their session, and the end of their queue (settled before it is closed).
  let sessionClosed: { close(): Promise<void> } | undefined;
  let chain: Promise<unknown> = Promise.resolve();
  const chainDone = () => chain.catch(() => {});
  try {
    const db = wh.sql;
    const previous = readPageIndex(dir.current);
    const next: Record<string, string> = {};
    // DuckDB writes the downloads on its own threads, in a session of their own, while pages are drafted and rendered.
    let downloadSeconds = 0;
    const downloads = (async () => {
      const session = await db.session();
      try {
        const t = performance.now();
        mkdirSync(path.join(dir.staging, "downloads"), { recursive: true });
        const before = { dir: path.join(dir.current ?? "", "downloads"), fingerprints: downloadFingerprints(previous), trusted };
        const report = await writeDownloads(session, path.join(dir.staging, "downloads"), dir.current ? before : undefined);
        for (const [mart, f] of Object.entries(report.fingerprints)) next[`${DOWNLOADS_KEY}${mart}`] = f;
        downloadSeconds = (performance.now() - t) / 1000;
        return report;
      } finally {
        await session.close();
      }
    })();
    downloadsDone = downloads.catch(() => {}); // awaited below; a failure there aborts the publish
    // Pages of their own are drafted in a session of their own, one after another, from the start: their queries run
    // while the families (one page per zone) are expanded and drafted here. Drafting order changes nothing written.
    const defs = await discoverPages();
    const draftSession = await db.session();
    sessionClosed = draftSession;
    const later = <T>(work: () => Promise<T>): Promise<T> => {
      const p = chain.then(work);
      chain = p.catch(() => {}); // failures surface where the result is awaited
      return p;
    };
    const shared = createShared();
    const draftPage = async (page: PageDefinition, handle: typeof db): Promise<Drafted> => {
      const td = performance.now();
      const pctx = createPageContext(handle, ctx.config.projectDir, ctx.config.targetDir, page.file.split("/").length - 1, ctx.config.timezone, shared);
      const body = await page.render(pctx);
      return { pctx, body, ms: performance.now() - td };
    };
    const freshness = later(() => draftSession.all<{ latest_period: string | null; latest_load: string | null }>(
      `select (${LATEST_LOADED_PERIOD}) as latest_period,
              (select epoch_ms(max(loaded_at))::varchar from ingest.files) as latest_load`,
    ));
    const all: PageDefinition[] = [];
    const single: SearchPage[] = [];
    const early = new Map<PageDefinition, Promise<Drafted>>();
    // The pages whose drawings were largest last time first (quality's 13,728-cell chart was drafted last and drawn,
    // wide then phone, after every other page): their drawing overlaps the rest instead of trailing it. Stable: else nav order.
    const weight = new Map(defs.map((d) => [d, "family" in d ? 0 : previousChartBytes(dir.current, previousPages[d.file])]));
    for (const def of [...defs].sort((a, b) => weight.get(b)! - weight.get(a)!)) {
      if ("family" in def) continue;
      const drafted = later(() => {
        if (ctx.shouldStop?.()) throw new ZonestatError("STOPPED", safetyMsg.stopped());
        return draftPage(def, draftSession);
      });
      early.set(def, drafted);
    }
    // Data several pages show (every zone's latest values) is computed once in this run, not once per page.
    for (const def of defs) {
      if ("family" in def) all.push(...(await def.expand({ query: (sql, params) => db.all(sql, params) as never, shared })));
      else {
        all.push(def);
        single.push({ file: def.file, title: def.title });
      }
    }
    const f = (await freshness)[0];
    // Both times on the shell line in the configured time zone (loaded_at is stored in UTC).
    const loadText = f?.latest_load ? `${localMinute(Number(f.latest_load), ctx.config.timezone)} ${timeZoneLabel(ctx.config.timezone)}` : "—";
    const freshText = f?.latest_period ? `${f.latest_period}（最近入库 ${loadText}）` : "尚无数据";
    const generatedAt = `${localMinute(ctx.now().getTime(), ctx.config.timezone)}（${timeZoneLabel(ctx.config.timezone)}）`;
    const nav: NavItem[] = all.filter((p) => p.nav).map((p) => ({ href: p.file, label: p.nav! }));
    // The shell's own code (markup, styles) is part of every page: a new zonestat version re-renders them all.
    const shellKey = JSON.stringify({ nav, freshText, publisher: ctx.config.publisher, contact: ctx.config.contact, shell: SHELL_VERSION });
    let draftingMs = 0;
    let blockedMs = 0;
    /**
     * One drafted page into the new version: carried over when unchanged, else its charts rendered (in the
     * background: `written` settles when it is written; undefined when carried over).
     */
    const emit = async (page: PageDefinition, { pctx, body }: Drafted): Promise<{ written: Promise<void> } | undefined> => {
      const depth = page.file.split("/").length - 1;
      const draft = { body, charts: pctx.charts, synthetic: pctx.synthetic, attachments: pctx.attachments };
      pageDownloadsReused += writePageDownloads(pctx.downloads, dir, previous, next, trusted);
      const fingerprint = draftFingerprint(draft, shellKey + page.title + String(pctx.synthetic));
      next[page.file] = fingerprint;
      const out = path.join(dir.staging, page.file);
      mkdirSync(path.dirname(out), { recursive: true });
      // Its charts (phone drawings included) are linked into the new version for later publishes to reuse.
      const keys = previousPages[page.file] ?? draft.charts.map((c) => chartKey(c.spec, c.rows));
      // Same data, same page, and it and everything it carries as published: carried over, not re-rendered.
      const intact = (p: string) => trusted(path.join(dir.current!, p));
      if (dir.current && previous[page.file] === fingerprint && intact(page.file) && draft.attachments.every((a) => intact(a.file)) && keys.every((k) => intact(`${CHART_CACHE_DIR}/${k}.svg`))) {
        linkOrCopy(path.join(dir.current, page.file), out);
        if (keys.length) chartsOfPage[page.file] = keys;
        for (const k of keys) charts.carryKey(k);
        for (const a of draft.attachments) {
          mkdirSync(path.dirname(path.join(dir.staging, a.file)), { recursive: true });
          linkOrCopy(path.join(dir.current, a.file), path.join(dir.staging, a.file));
        }
        reused++;
        return undefined;
      }
      for (const a of draft.attachments) {
        mkdirSync(path.dirname(path.join(dir.staging, a.file)), { recursive: true });
        writeFileSync(path.join(dir.staging, a.file), await a.bytes());
      }
      // Every drawing the page asks for (a phone drawing only where the wide one does not fit) is recorded under it.
      const keysOfPage: string[] = [];
      const pageCharts = { render: (spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]) => (keysOfPage.push(chartKey(spec, rows)), charts.render(spec, rows)) };
      // Headings numbered on the body before its drawings go in (a zone page's are most of its bytes); the same
      // markup as after, since no drawing is inside a heading (checked: else the shell does it as before).
      const headed = !chartInHeading(draft.body);
      const written = renderDraft(headed ? { ...draft, body: withContents(draft.body) } : draft, stats, pageCharts).then((body) => {
        if (keysOfPage.length) chartsOfPage[page.file] = [...new Set(keysOfPage)].sort();
        if (keysOfPage.some((k) => charts.wasDrawn(k))) pagesDrawn++;
        writeFileSync(out, shell({ title: page.title, depth, nav, current: page.file, body, synthetic: pctx.synthetic, generatedAt, freshness: freshText, publisher: ctx.config.publisher, contact: ctx.config.contact, bodyWithContents: headed }));
      });
      return { written };
    };
    // The pages drafted beside the families are emitted as each draft arrives, while the families' pages are drafted
    // here: their drawings (most of what a new quarter draws) start early instead of after the last zone page.
    // Emitting order changes nothing written (the indexes are sorted when written).
    for (const [page, drafted] of early) {
      const written = drafted.then(async (d) => {
        if (ctx.shouldStop?.()) throw new ZonestatError("STOPPED", safetyMsg.stopped());
        draftingMs += d.ms;
        await (await emit(page, d))?.written;
      });
      written.catch(() => {}); // awaited below; a failure there aborts the publish
      earlyWritten.push(written);
    }
    for (const page of all.filter((p) => !early.has(p))) {
      // A safe point: the staging folder is thrown away below, the published site is untouched.
      if (ctx.shouldStop?.()) throw new ZonestatError("STOPPED", safetyMsg.stopped());
      const td = performance.now();
      // A family page is drafted without a query: a turn of the event loop lets the other session's next query start.
      await new Promise<void>((r) => setImmediate(r));
      const rendering = await emit(page, await draftPage(page, db));
      draftingMs += performance.now() - td;
      if (!rendering) continue;
      // Pages render while the next ones are drafted; a bounded window keeps memory flat without stalling the workers.
      const write: Promise<void> = rendering.written.then(() => {
        inFlight.delete(write);
      });
      inFlight.add(write);
      if (inFlight.size >= 12) {
        const tb = performance.now();
        await Promise.race(inFlight);
        blockedMs += performance.now() - tb;
      }
    }
    await Promise.all([...inFlight, ...earlyWritten]);
    // The static search: zones, indicators, targets, pages and the pages' section headings (read from the written pages).
    const searchDocs = [...(await searchDocuments((sql, params) => db.all(sql, params) as never, single, shared)), ...headingDocuments(dir.staging, single)];
    const search = writeSearchAssets(dir.staging, searchDocs);
    ctx.logger.debug("search index", { documents: search.documents, index_bytes: search.indexBytes });
    const tPages = performance.now();
    const dl = await downloads;
    ctx.logger.debug("publish timings", { downloads_written: dl.written.length, downloads_reused: dl.reused.length, page_downloads_reused: pageDownloadsReused, pages_s: (tPages - t0) / 1000, drafting_s: draftingMs / 1000, blocked_on_charts_s: blockedMs / 1000, downloads_s: downloadSeconds, waited_for_downloads_s: (performance.now() - tPages) / 1000 });
    // Sorted: downloads add their entries while pages are drafted, so insertion order varies from run to run.
    writeFileSync(path.join(dir.staging, PAGE_INDEX), JSON.stringify(Object.fromEntries(Object.entries(next).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))), null, 1));
    writeFileSync(path.join(dir.staging, CHART_CACHE_DIR, CHART_PAGES_FILE), JSON.stringify(Object.fromEntries(Object.entries(chartsOfPage).sort(([x], [y]) => (x < y ? -1 : x > y ? 1 : 0))), null, 1));
    writeManifest(dir.staging);
    site.commit();
    ctx.logger.info(`已发布网站：${path.join(ctx.config.site, "index.html")}`, { pages: all.length, rendered: all.length - reused, reused, charts: stats.charts, downloads_written: dl.written.length, downloads_reused: dl.reused.length, charts_drawn: charts.drawn, charts_reused: charts.reused, pages_drawn: pagesDrawn });
    return { site: ctx.config.site, pages: all.length, rendered: all.length - reused, charts: stats.charts, chartMs: stats.chartMs, ms: performance.now() - t0, chartsDrawn: charts.drawn, chartsReused: charts.reused, pagesDrawn, pageDownloadsReused, downloadParts: { written: dl.partsWritten, reused: dl.partsReused } };
  } catch (e) {
    await Promise.allSettled([...inFlight, ...earlyWritten, downloadsDone, chainDone()]);
    site.abort();
    throw e;
  } finally {
    await chainDone();
    await sessionClosed?.close();
    await renderer.close();
  }
}

/**
 * Whether a chart placeholder (page.ts `pending`: "\u0000chart-N\u0000") stands inside an <h2> of the body, as
 * withContents reads one (from "<h2>" to the next "</h2>"); an unclosed one counts when a placeholder follows.
 */
export function chartInHeading(body: string): boolean {
  const parts = body.split("<h2>");
  for (let i = 1; i < parts.length; i++) {
    const end = parts[i]!.indexOf("</h2>");
    if ((end < 0 ? parts.slice(i).join("<h2>") : parts[i]!.slice(0, end)).includes("\u0000")) return true;
  }
  return false;
}

/** A page's body with the context it was drafted in (charts, attachments, downloads), and the milliseconds it took. */
interface Drafted {
  readonly pctx: ReturnType<typeof createPageContext>;
  readonly body: string;
  readonly ms: number;
}

/** What each page and download was made from, for the next publish to compare. */
export const PAGE_INDEX = ".zonestat-pages.json";
export const DOWNLOADS_KEY = "downloads/";

/** The marts' downloads (writeDownloads); the pages' own downloads under downloads/pages/ are not marts. */
function downloadFingerprints(index: Record<string, string>): Record<string, string> {
  return Object.fromEntries(Object.entries(index).filter(([k]) => k.startsWith(DOWNLOADS_KEY) && !k.startsWith(`${ATTACHMENTS_DIR}/`)).map(([k, v]) => [k.slice(DOWNLOADS_KEY.length), v]));
}

/**
 * Writes a page's own downloads into the new version. One with a key is recorded in the page index under
 * its site path (downloads/pages/<file>) and linked from the previous version when that one was made from
 * the same key (a zone's .xlsx whose annual values did not change); the others are written. Returns how
 * many were linked.
 */
function writePageDownloads(downloads: readonly PageDownload[], dir: { staging: string; current: string | undefined }, previous: Record<string, string>, next: Record<string, string>, trusted: (file: string) => boolean): number {
  if (!downloads.length) return 0;
  mkdirSync(path.join(dir.staging, ATTACHMENTS_DIR), { recursive: true });
  let linked = 0;
  for (const a of downloads) {
    const site = `${ATTACHMENTS_DIR}/${a.file}`;
    const to = path.join(dir.staging, site);
    if (a.key !== undefined) {
      next[site] = a.key;
      const from = dir.current ? path.join(dir.current, site) : undefined;
      if (from && previous[site] === a.key && trusted(from)) {
        linkOrCopy(from, to);
        linked++;
        continue;
      }
    }
    writeFileSync(to, typeof a.content === "function" ? a.content() : a.content);
  }
  return linked;
}

export function readPageIndex(dir: string | undefined): Record<string, string> {
  if (!dir) return {};
  try {
    return JSON.parse(readFileSync(path.join(dir, PAGE_INDEX), "utf8")) as Record<string, string>;
  } catch {
    return {};
  }
}
