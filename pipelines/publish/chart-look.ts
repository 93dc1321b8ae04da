/**
 * What every chart looks like and how its SVG ids are scoped on a page: the parts of
 * chart drawing a page needs without drawing (render-chart.ts draws, with vega). Kept
 * apart so the publish's main thread, which only assembles pages while worker threads
 * draw, does not load vega and vega-lite.
 */
import { CHART_FONT } from "./text-metrics.js";

/**
 * One look for every chart. Chinese conventions: the y axis title (the unit) is
 * written horizontally above the axis, not rotated; text is never below 11 px at the
 * width a chart is drawn. Vega's own ARIA text is English and generated per mark, so
 * it is off: each chart gets a Chinese name and description from its page instead.
 * Categories use the Okabe–Ito palette (distinct under colour-vision deficiencies).
 */
export const BASE_CONFIG = {
  font: CHART_FONT,
  background: "#ffffff",
  aria: false,
  view: { stroke: null },
  axis: { labelFontSize: 11, titleFontSize: 12, titleFontWeight: "normal", labelColor: "#333", titleColor: "#333", gridColor: "#e6e6e6" },
  axisY: { titleAngle: 0, titleAlign: "left", titleAnchor: "end", titleBaseline: "bottom", titleY: -8, titleX: 0, titlePadding: 0 },
  legend: { labelFontSize: 11, titleFontSize: 11, orient: "bottom", direction: "horizontal" },
  title: { fontSize: 14, anchor: "start", fontWeight: "bold", subtitleFontSize: 11, subtitleColor: "#555" },
  range: { category: ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#8c6d31", "#000000"] },
} as const;

/** Prefixes the ids vega puts in an SVG (clip paths, gradients) and their references, so several charts can share a page. */
export function scopeSvgIds(svg: string, scope: string): string {
  return svg.replace(/(id="|url\(#)((?:p_)?gradient_\d+|clip\d+)\b/g, `$1${scope}-$2`);
}
