/**
 * What a dashboard page is: a definition in `dashboards/pages/` that reads marts
 * through a `PageContext` and returns the body HTML. Charts go through
 * `ctx.chart`, which renders the SVG and adds title, units, source line, a data
 * table alternative and the 示例数据 mark.
 */
import { projectOrPackage } from "../package-dir.js";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { esc, table } from "./html.js";
import { BASE_CONFIG, scopeSvgIds } from "./chart-look.js";
import type { renderSvg } from "./render-chart.js";
import { chartKey } from "./chart-cache.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";

export interface Column {
  readonly key: string;
  readonly label: string;
  readonly num?: boolean;
  readonly format?: (v: unknown, row: Record<string, unknown>) => string;
  readonly html?: boolean;
}

export interface ChartOptions {
  readonly spec: string;
  readonly rows: readonly Record<string, unknown>[];
  readonly title: string;
  readonly subtitle?: string;
  /** Patches merged over the spec (axis titles with units, sizes). */
  readonly patch?: Record<string, unknown>;
  /** Files and vintages the numbers come from. */
  readonly source: string;
  /** Provenance as HTML (e.g. the kit's folded list of files); shown instead of `source` when given. */
  readonly provenanceHtml?: string;
  readonly synthetic: boolean;
  readonly columns: readonly Column[];
  readonly tableRows?: readonly Record<string, unknown>[];
}

/**
 * A memo for one publish run: `shared(key, compute)` runs `compute` once per key and hands every later
 * caller the same promise. For data several pages show (every zone's latest values): the pages of one
 * publish read one warehouse state, so one computation serves them all. The results are shared objects:
 * read them, do not change them.
 */
export type Shared = <T>(key: string, compute: () => Promise<T>) => Promise<T>;

/** A fresh memo (one per publish run; a failed computation is not kept, the next caller tries again). */
export function createShared(): Shared {
  const memo = new Map<string, Promise<unknown>>();
  return <T>(key: string, compute: () => Promise<T>): Promise<T> => {
    let p = memo.get(key) as Promise<T> | undefined;
    if (!p) {
      p = compute();
      memo.set(key, p);
      p.catch(() => memo.delete(key));
    }
    return p;
  };
}

export interface PageContext {
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: Array<string | number | null>): Promise<T[]>;
  chart(o: ChartOptions): Promise<string>;
  /** A bare SVG (no figure, caption or table): for sparklines inside tables. */
  svg(spec: string, rows: readonly Record<string, unknown>[]): Promise<string>;
  table(columns: readonly Column[], rows: readonly Record<string, unknown>[]): string;
  /** Relative prefix from this page to the site root ("" or "../"). */
  readonly root: string;
  /** The dbt project the site is built from. */
  readonly projectDir: string;
  /** The engine's artifacts folder (manifest.json for the lineage). */
  readonly targetDir: string;
  markSynthetic(): void;
  /**
   * A file published beside the page (e.g. the 季度分析 .docx), at `file` relative to
   * the site root. `key` stands for its content in the page's fingerprint; `bytes` is
   * called only when the page is rendered, not when it is carried over unchanged.
   */
  attach(file: string, bytes: () => Promise<Uint8Array>, key: string): void;
  /**
   * A download that belongs to this page (a wide table's CSV or .xlsx), written under
   * downloads/pages/ beside the marts' downloads. Returns its link relative to the page.
   * With a `key` (standing for every byte of the file: what it is made from and the code that
   * makes it), the file is linked from the previous version when that one was made from the same
   * key, and `content` — then may be a function — is not called.
   */
  download(file: string, content: DownloadContent, key?: string): string;
  /** Time zone every shown time is in (config `timezone`). */
  readonly timezone: string;
  /** The publish run's memo (createShared), the same for every page of the run. */
  readonly shared: Shared;
}

/** A download's bytes, or (with a key) how to make them when the previous version has no file of the same key. */
export type DownloadContent = string | Uint8Array | (() => string | Uint8Array);

/** A page's own download: written at every publish, or linked from the previous version when its key is unchanged. */
export interface PageDownload {
  readonly file: string;
  readonly content: DownloadContent;
  /** What the bytes are made from (see PageContext.download); none: always written. */
  readonly key?: string;
}

/** Where pages' own downloads go, relative to the site root. */
export const ATTACHMENTS_DIR = "downloads/pages";

export interface PageDefinition {
  /** Output file, relative to the site root. */
  readonly file: string;
  readonly title: string;
  /** Label in the navigation bar; pages without one are reached by links. */
  readonly nav?: string;
  /** Position in the navigation bar (ascending); pages are found, not listed by hand. */
  readonly order?: number;
  render(ctx: PageContext): Promise<string>;
}

/** A definition that expands to several pages (one per zone). */
export interface PageFamily {
  readonly family: string;
  readonly order?: number;
  expand(ctx: { query: PageContext["query"]; shared?: Shared }): Promise<PageDefinition[]>;
}

/**
 * Charts are not rendered while a page's body is built: each becomes a placeholder,
 * and the page's fingerprint (body + every chart's spec and rows) decides whether it
 * is rendered at all or copied from the previous site unchanged.
 */
export interface PendingChart {
  readonly token: string;
  readonly spec: Record<string, unknown>;
  readonly rows: readonly Record<string, unknown>[];
  /** The chart's accessible name and description (Chinese), put into the SVG as aria-label and <title>/<desc>. */
  readonly label?: string;
  readonly description?: string;
  /** A figure's chart: wrapped for the page, with a second drawing for phones when the first is wider than one. */
  readonly phone?: boolean;
}

export interface PageDraft {
  readonly body: string;
  readonly charts: PendingChart[];
  readonly synthetic: boolean;
  readonly attachments?: readonly Attachment[];
}

export interface Attachment {
  readonly file: string;
  readonly bytes: () => Promise<Uint8Array>;
  readonly key: string;
}

/** The chart specs read in a publish run, by file, per run memo (createShared): the pages of one run read one project. */
const specCaches = new WeakMap<Shared, Map<string, Record<string, unknown>>>();

export function createPageContext(db: DuckDBHandle, projectDir: string, targetDir: string, depth: number, timezone = "Asia/Shanghai", shared: Shared = createShared()): PageContext & { synthetic: boolean; charts: PendingChart[]; attachments: Attachment[]; downloads: PageDownload[] } {
  const chartsDir = projectOrPackage(projectDir, path.join("dashboards", "charts"));
  // Specs read once per publish run (its memo), not once per page: 300 zone pages each read and parsed the same file.
  let specCache = specCaches.get(shared);
  if (!specCache) specCaches.set(shared, (specCache = new Map()));
  const loadSpec = (name: string) => {
    const file = path.join(chartsDir, `${name}.vl.json`);
    let spec = specCache.get(file);
    if (!spec) {
      spec = JSON.parse(readFileSync(file, "utf8")) as Record<string, unknown>;
      specCache.set(file, spec);
    }
    return structuredClone(spec);
  };
  const charts: PendingChart[] = [];
  const pending = (spec: Record<string, unknown>, rows: readonly Record<string, unknown>[], label?: string, description?: string, phone?: boolean) => {
    const token = `\u0000chart-${charts.length}\u0000`;
    charts.push({ token, spec, rows, label, description, phone });
    return token;
  };
  const attachments: Attachment[] = [];
  const downloads: PageDownload[] = [];
  const ctx = {
    synthetic: false,
    charts,
    attachments,
    timezone,
    shared,
    downloads,
    download(file: string, content: DownloadContent, key?: string): string {
      if (!/^[A-Za-z0-9._-]+$/.test(file)) throw new Error(`attachment name must be a plain file name: ${file}`);
      if (typeof content === "function" && key === undefined) throw new Error(`a download made on demand needs a key: ${file}`);
      downloads.push({ file, content, key });
      return `${ctx.root}${ATTACHMENTS_DIR}/${file}`;
    },
    root: depth > 0 ? "../".repeat(depth) : "",
    projectDir,
    targetDir,
    async query<T extends Record<string, unknown>>(sql: string, params?: Array<string | number | null>): Promise<T[]> {
      return db.all<T>(sql, params);
    },
    markSynthetic() {
      ctx.synthetic = true;
    },
    attach(file: string, bytes: () => Promise<Uint8Array>, key: string) {
      attachments.push({ file, bytes, key });
    },
    table(columns: readonly Column[], rows: readonly Record<string, unknown>[]) {
      return table(columns, rows);
    },
    async svg(name: string, rows: readonly Record<string, unknown>[]): Promise<string> {
      return rows.length ? pending(loadSpec(name), rows) : "";
    },
    async chart(o: ChartOptions): Promise<string> {
      if (o.synthetic) ctx.synthetic = true;
      const spec = deepMerge(loadSpec(o.spec), o.patch ?? {});
      const description = describeChart(o);
      // renderDraft wraps it in .chart-wide and adds the phone drawing (.chart-narrow) where the first is too wide.
      const svg = o.rows.length ? pending(spec, o.rows, o.title, description, true) : "";
      const mark = o.synthetic ? ' <span class="synthetic">示例数据</span>' : "";
      const body = svg || `<p class="meta">暂无数据。</p>`;
      return `<figure>
<h3 class="chart-title">${esc(o.title)}${mark}</h3>${o.subtitle ? `<div class="meta">${esc(o.subtitle)}</div>` : ""}
${body}
<figcaption>${o.provenanceHtml ?? `来源：${esc(o.source || "—")}`}</figcaption>
<details><summary>数据表</summary>${tableAlternative(o.columns, o.tableRows ?? o.rows)}</details>
</figure>`;
    },
  };
  return ctx;
}

/**
 * A figure's content box on a 360 px phone (360 − 2 × 10 px page padding − 2 × 9 px
 * figure padding and border, see FORM_CSS): a phone drawing is made to fit it, so a
 * 390 px phone shows every mark without scrolling.
 */
export const PHONE_BOX = 320;

/**
 * The same chart for a phone. A single or layered view is fitted to PHONE_BOX with
 * its axes and legend inside (Vega-Lite `autosize: fit-x, contains: padding`); a facet or
 * concat cannot be fitted (Vega-Lite sizes each panel), so its panels are stacked at
 * PHONE_BOX each and the page shows a scroll cue if the drawing is still wider.
 */
export function narrowSpec(spec: Record<string, unknown>): Record<string, unknown> {
  const s = structuredClone(spec);
  const composite = "facet" in s || "hconcat" in s || "vconcat" in s || "concat" in s || "repeat" in s;
  if (!composite) {
    s.width = PHONE_BOX;
    s.autosize = { type: "fit-x", contains: "padding" };
    // A horizontal legend is one row and may be wider than the phone: two entries a row.
    const config = (s.config ?? {}) as Record<string, unknown>;
    s.config = { ...config, legend: { ...BASE_CONFIG.legend, ...((config.legend as object | undefined) ?? {}), columns: 2 } };
    return s;
  }
  if (Number(s.width ?? 0) > PHONE_BOX) s.width = PHONE_BOX;
  if ("columns" in s) s.columns = 1;
  const inner = s.spec as Record<string, unknown> | undefined;
  if (inner && Number(inner.width ?? 0) > PHONE_BOX) inner.width = PHONE_BOX;
  if ("hconcat" in s) {
    s.vconcat = s.hconcat;
    delete s.hconcat;
  }
  return s;
}

/** The drawn width of an SVG from vega (its `width` attribute), in px. */
export function svgWidth(svg: string): number {
  return Number(/^<svg[^>]*?\swidth="([\d.]+)"/.exec(svg)?.[1] ?? 0);
}

/** Shown on a phone above a chart that is still wider than the screen: the box scrolls, and says so. */
export const SCROLL_CUE = '<p class="scroll-cue">图宽于屏幕：左右滑动查看全部 →</p>';

/** What a chart shows, for screen readers: its subtitle and the last row of its table. */
function describeChart(o: ChartOptions): string {
  const rows = o.tableRows ?? o.rows;
  const last = rows[rows.length - 1];
  const parts = [o.subtitle ?? ""];
  if (last) {
    // An HTML cell (a data-side value, a badge) is said as its text.
    const plain = (c: ChartOptions["columns"][number]) => {
      const v = String(c.format ? c.format(last[c.key], last) : last[c.key] ?? "—");
      return c.html ? v.replace(/<[^>]*>/g, "").replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&") : v;
    };
    const cells = o.columns.map((c) => `${c.label} ${plain(c)}`.trim()).filter((x) => x.length > 0);
    parts.push(`最后一行：${cells.join("，")}`);
  }
  parts.push("完整数据见图下的数据表。");
  return parts.filter(Boolean).join("。");
}

/** The chart's data as a table; very long ones show their first rows and point to the download. */
const TABLE_ROWS = 400;
function tableAlternative(columns: readonly Column[], rows: readonly Record<string, unknown>[]): string {
  if (rows.length <= TABLE_ROWS) return table(columns, rows);
  return `${table(columns, rows.slice(0, TABLE_ROWS))}<p class="meta">共 ${rows.length} 行，此处显示前 ${TABLE_ROWS} 行；完整数据见“下载”。</p>`;
}

/** What decides whether a page must be rendered again: its body and its charts' specs and data. */
export function draftFingerprint(draft: PageDraft, shellKey: string): string {
  const h = createHash("sha256");
  h.update(shellKey);
  h.update(draft.body);
  // A chart by its cache key (the hash of its spec and rows): computed once per chart, and again not when it is drawn.
  for (const c of draft.charts) h.update(chartKey(c.spec, c.rows));
  for (const a of draft.attachments ?? []) h.update(a.file).update(a.key);
  return h.digest("hex");
}

/** Renders a draft's charts (in parallel where the renderer has workers) and puts them in place of their placeholders. */
export async function renderDraft(draft: PageDraft, stats: { charts: number; chartMs: number[] }, renderer: { render: typeof renderSvg } = { render: drawHere }): Promise<string> {
  const draw = async (spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]) => {
    const t0 = performance.now();
    const svg = await renderer.render(spec, rows);
    stats.chartMs.push(performance.now() - t0);
    stats.charts++;
    return svg;
  };
  const svgs = await Promise.all(
    draft.charts.map(async (c, i) => {
      // Widths are read from the drawings as drawn: labelling and scoping keep the <svg> tag's width, and the drawing
      // is one flat string where the labelled one is pieces that reading would join (a copy of 60 MB of SVG a publish).
      const drawnWide = await draw(c.spec, c.rows);
      const wide = labelSvg(scopeSvgIds(drawnWide, `chart${i}`), c);
      if (!c.phone) return wide;
      // Only a drawing wider than a phone gets a second one: scaled down, its text would be 4-5 px.
      if (svgWidth(drawnWide) <= PHONE_BOX) return `<div class="chart-wide">${wide}</div>`;
      const drawnNarrow = await draw(narrowSpec(c.spec), c.rows);
      const narrow = labelSvg(scopeSvgIds(drawnNarrow, `chart${i}n`), c);
      return `<div class="chart-wide">${wide}</div><div class="chart-narrow">${svgWidth(drawnNarrow) > PHONE_BOX ? SCROLL_CUE : ""}${narrow}</div>`;
    }),
  );
  // Each placeholder's first place in the body, replaced as a replace per chart did; the page joined by concatenation,
  // copied once when written, where each replace scanned and copied the whole page (~250 KB a zone page, two or
  // more drawings: 0.45-0.6 s of a publish's main thread, issue #24). Drawings hold no placeholder (no U+0000).
  const places = draft.charts.map((c, i) => [draft.body.indexOf(c.token), i] as const).filter(([at]) => at >= 0).sort((a, b) => a[0] - b[0]);
  let body = "";
  let from = 0;
  for (const [at, i] of places) {
    body += draft.body.slice(from, at) + svgs[i]!;
    from = at + draft.charts[i]!.token.length;
  }
  return body + draft.body.slice(from);
}

/** Draws in this thread, loading vega on first use. */
const drawHere: typeof renderSvg = async (spec, rows) => (await import("./render-chart.js")).renderSvg(spec, rows);

/** Names the SVG for assistive technology: aria-label plus <title> and <desc> as its first children. */
function labelSvg(svg: string, c: PendingChart): string {
  // A sparkline in a table cell repeats numbers the row already shows: hidden from screen readers.
  if (!c.label) return svg.replace(/^<svg role="img" /, '<svg aria-hidden="true" ');
  const strip = (s: string) => s.replace(/<[^>]*>/g, "");
  return svg.replace(/^<svg role="img" ([^>]*)>/, (_, attrs: string) => `<svg role="img" aria-label="${esc(strip(c.label!))}" ${attrs}><title>${esc(strip(c.label!))}</title>${c.description ? `<desc>${esc(strip(c.description))}</desc>` : ""}`);
}

/** Merges a patch into a spec; arrays of objects (layers) merge element by element. */
function deepMerge(a: Record<string, unknown>, b: Record<string, unknown>): Record<string, unknown> {
  for (const [k, v] of Object.entries(b)) {
    const cur = a[k];
    if (Array.isArray(v) && Array.isArray(cur)) v.forEach((item, i) => (item && typeof item === "object" && cur[i] && typeof cur[i] === "object" ? deepMerge(cur[i], item) : (cur[i] = item)));
    else if (v && typeof v === "object" && !Array.isArray(v) && cur && typeof cur === "object" && !Array.isArray(cur)) deepMerge(cur as Record<string, unknown>, v as Record<string, unknown>);
    else a[k] = v;
  }
  return a;
}
