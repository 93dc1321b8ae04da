/**
 * Vega-Lite spec + rows → SVG, on the server, with zh-CN number/time formats and
 * text measured by `text-metrics.ts`. No canvas, no network: the SVG is inlined
 * in static HTML and needs no script to read.
 */
import * as vega from "vega";
import { compile, type TopLevelSpec } from "vega-lite";
import { vegaTextWidth } from "./text-metrics.js";
import { ZH_NUMBER_LOCALE, ZH_TIME_LOCALE } from "./format.js";
import { neutraliseBidi } from "../safety/bidi.js";
import { BASE_CONFIG } from "./chart-look.js";

// The look and the SVG id scoping live in chart-look.ts (no vega there: the main thread of a publish with chart workers never loads vega).
export { BASE_CONFIG, scopeSvgIds } from "./chart-look.js";

let configured = false;

function configureVega(): void {
  if (configured) return;
  vega.formatLocale(ZH_NUMBER_LOCALE as never);
  vega.timeFormatLocale(ZH_TIME_LOCALE as never);
  (vega as unknown as { textMetrics: { width: unknown } }).textMetrics.width = vegaTextWidth;
  configured = true;
}

/** Recoverable chart problems (vega-lite warnings), collected instead of printed, so tests can read them. */
export const chartWarnings: string[] = [];

const collectLogger = {
  level(): number | never { return 0 as never; },
  error(...args: readonly unknown[]) { chartWarnings.push(args.map(String).join(" ")); return this; },
  warn(...args: readonly unknown[]) { chartWarnings.push(args.map(String).join(" ")); return this; },
  info() { return this; },
  debug() { return this; },
};

/**
 * Compiled charts by spec: Vega-Lite compile and Vega parse depend on the spec, not
 * the data (the data is a named source filled per chart), and the 300 zone pages
 * share a handful of specs — so each shape is compiled once (≈ 40% of a chart's time).
 */
const DATA = "rows";
const compiled = new Map<string, ReturnType<typeof vega.parse>>();
const COMPILED_MAX = 200;

function runtimeFor(spec: Record<string, unknown>): ReturnType<typeof vega.parse> {
  const key = JSON.stringify(spec);
  let runtime = compiled.get(key);
  if (!runtime) {
    const full = {
      $schema: "https://vega.github.io/schema/vega-lite/v6.json",
      ...spec,
      data: { name: DATA },
      config: { ...BASE_CONFIG, ...((spec.config as object | undefined) ?? {}) },
    } as unknown as TopLevelSpec;
    runtime = vega.parse(compile(full, { logger: collectLogger as never }).spec);
    if (compiled.size >= COMPILED_MAX) compiled.delete(compiled.keys().next().value!);
    compiled.set(key, runtime);
  }
  return runtime;
}

/** Renders a Vega-Lite spec with `rows` as its data. Rows should already be in display order. */
export async function renderSvg(spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]): Promise<string> {
  configureVega();
  const view = new vega.View(runtimeFor(spec), { renderer: "none" });
  try {
    // The rows' text is drawn into the SVG the reader sees: bidi controls become [U+202E] before drawing (and measuring).
    view.data(DATA, rows.some(needsCopy) ? rows.map(jsonSafe) : (rows as Record<string, unknown>[]));
    // Clip-path and gradient ids restart at every chart, so the same chart is the same SVG in any thread;
    // `scopeSvgIds` makes them unique within a page.
    vega.resetSVGDefIds();
    const svg = await view.toSVG();
    return finishSvg(svg);
  } finally {
    view.finalize();
  }
}

/** Vega's ARIA text is English and per mark: removed, the root made an image the page names in Chinese. */
export function finishSvg(svg: string): string {
  return svg.replace(/ aria-(?:roledescription|label|hidden)="[^"]*"/g, "").replace(/ role="graphics-[^"]*"/g, "").replace(/^<svg /, '<svg role="img" ');
}


const BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const needsCopy = (row: Record<string, unknown>) => Object.values(row).some((v) => typeof v === "bigint" || (typeof v === "string" && BIDI.test(v)));

/** The row with bigints as numbers and text with bidi controls shown as [U+202E] (safety/bidi.ts). */
function jsonSafe(row: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) out[k] = typeof v === "bigint" ? Number(v) : typeof v === "string" ? neutraliseBidi(v) : v;
  return out;
}
