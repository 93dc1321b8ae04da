/**
 * The site's form for every reader, in one place: phone widths, print, colour and
 * the status colours with a second channel. Appended after the base stylesheet.
 *
 * Colours: the Okabe–Ito palette (distinct under the common colour-vision
 * deficiencies); status badges are dark text on a light tint (WCAG AA ≥ 4.5:1 at
 * 12 px) with a symbol, so no meaning rests on hue alone. Red/green are not used
 * for good/bad: in China red means "up", and the two are one colour to a deuteranope.
 */
import { neutraliseBidi } from "../safety/bidi.js";

/** Status → [tint, text colour, symbol]. Text on tint contrast ≥ 7:1 for all. */
export const STATUS_STYLE: Record<string, readonly [string, string, string]> = {
  achieved: ["#d7e9f7", "#0b3d6b", "✓"],
  achieved_early: ["#d7e9f7", "#0b3d6b", "✓"],
  on_track: ["#d9efe6", "#0b4a35", "→"],
  behind: ["#fde6cf", "#6b3300", "▼"],
  missed: ["#f9dccf", "#6e1f00", "✕"],
  incomplete: ["#ececec", "#333333", "…"],
  no_data: ["#ececec", "#333333", "—"],
  not_evaluable: ["#ececec", "#333333", "—"],
  no_schedule: ["#ececec", "#333333", "—"],
  before_base: ["#ececec", "#333333", "○"],
  base_year: ["#ececec", "#333333", "○"],
  after_target_year: ["#ececec", "#333333", "·"],
};

const statusCss = Object.entries(STATUS_STYLE)
  .map(([s, [bg, fg, sym]]) => `.s-${s}{background:${bg};color:${fg};border:1px solid ${fg}33}.s-${s}::before{content:"${sym} "}`)
  .join("");

export const FORM_CSS = `
.skip{position:absolute;left:-999px;top:0;background:#fff;padding:6px 10px;z-index:10}.skip:focus{left:8px}
.status{color:#1d1d1f}${statusCss}
.table-scroll{overflow-x:auto;max-width:100%;margin:6px 0}
.table-scroll table{width:auto;min-width:100%}
.table-scroll th:first-child,.table-scroll td:first-child{position:sticky;left:0;background:#fff;z-index:1}
.table-scroll thead th:first-child{background:#efefec}
caption{caption-side:top;text-align:left;font-weight:bold;font-size:13px;padding:4px 0}
td,th{word-break:keep-all;overflow-wrap:normal}
h3.chart-title{font-size:15px;margin:0 0 4px}
.toc{background:#fff;border:1px solid var(--line);padding:6px 12px;margin:10px 0;font-size:13px}.toc ol{margin:4px 0 0;padding-left:20px;columns:2}
.chart-narrow{display:none}
.scroll-cue{display:none}
.phone-verdict{display:none}
@media (max-width:640px){
  header,main{padding-left:10px;padding-right:10px}
  /* Content box 320 px at 360 px (PHONE_BOX in page.ts): phone drawings are fitted to it. */
  figure{padding:8px}
  /* A drawing still wider than the screen says that its box scrolls (no script needed). */
  .scroll-cue,.lineage::before{display:block;position:sticky;left:0;margin:0 0 4px;font-size:12px;color:#5b5b60;background:#fff;border-left:3px solid var(--accent);padding:0 6px}
  .lineage::before{content:"图宽于屏幕：左右滑动查看全部 →"}
  .chart-narrow:has(.scroll-cue),.lineage{box-shadow:inset -10px 0 8px -8px rgba(0,0,0,.35)}
  /* On a phone a chart keeps its drawn size (text stays ≥ 11 px) and scrolls inside its box. */
  .chart-wide,.chart-narrow,.lineage{overflow-x:auto;max-width:100%}
  figure svg,.lineage svg{max-width:none}
  table{display:block;overflow-x:auto;max-width:100%}
  .table-scroll table{display:table}
  /* The fixed name column takes at most ~40% of the screen and wraps (keep-all kept a long target's name on one
     line: 401 px sticky in a 370 px box hid every figure on 进度, reader-qa 8); other cells wrap their notes. */
  .table-scroll th:first-child,.table-scroll td:first-child{max-width:40vw;min-width:8em;word-break:normal;overflow-wrap:anywhere}
  .table-scroll td{word-break:normal}
  /* 数据质量's 说明 keeps a readable width and the table scrolls sideways (reader-qa3 F17: 7 columns squeezed it to ~2
     characters a line, rows 650 px tall). */
  .dq-issues td:last-child,.dq-issues th:last-child{min-width:16em}
  /* Tables scrolling by themselves keep their name column in view too (reader-qa 9: 排名, 总览, a zone's 最近一期
     scrolled their figures away from the zone or target they belong to); on 排名 the name, second after the rank,
     stays and covers the rank as the table scrolls (two sticky columns would need the first one's exact width). */
  table.values:not(.rank-name) th:first-child,table.values:not(.rank-name) td:first-child,
  .wide-table th:first-child,.wide-table td:first-child,.report-table th:first-child,.report-table td:first-child,
  table.sticky-name th:first-child,table.sticky-name td:first-child,
  table.values.rank-name th:nth-child(2),table.values.rank-name td:nth-child(2){position:sticky;left:0;background:#fff;z-index:1;max-width:40vw;min-width:8em;word-break:normal;overflow-wrap:anywhere}
  table.values:not(.rank-name) thead th:first-child,table.values.rank-name thead th:nth-child(2),.wide-table thead th:first-child,.report-table thead th:first-child,table.sticky-name thead th:first-child{background:#efefec}
  /* A table whose verdict is its last column (进度's 最近一期) shows it under the name instead (reader-qa3 7). */
  .verdict-stack .phone-verdict{display:block;margin-top:4px}
  .verdict-stack th:last-child,.verdict-stack td:last-child{display:none}
  .chart-wide:has(+ .chart-narrow){display:none}.chart-narrow{display:block}
  .cards{grid-template-columns:1fr 1fr}
  h1{font-size:20px}
  nav{gap:2px 10px}
}
@media print{
  @page{size:A4 landscape;margin:12mm 10mm 12mm 10mm;@bottom-right{content:"第 " counter(page) " 页";font-size:9px;color:#555}}
  .chart-wide{display:block!important}.chart-narrow{display:none!important}
  details{display:block}details::details-content{content-visibility:visible;display:block}details>summary{display:none}
  .table-scroll{overflow:visible}
  /* Title and chart stay together and fit a page; the data table after them may continue on the next. */
  figure{break-inside:auto}
  .chart-wide{break-inside:avoid;page-break-inside:avoid}
  /* 125 mm: 土地's first chart fits on page 1 under the page title and the introduction. */
  figure svg{max-width:100%;max-height:125mm;width:auto}
  figure table{font-size:9px}
  /* A chart's data table in three newspaper columns: the numbers print without doubling the page count. */
  figure details .table-scroll{columns:3;column-gap:6mm;display:block}
  figure details table{width:100%;min-width:0}
  td,th{padding:1px 4px}
  /* The subtitle stays with the chart by the chart's break-before: a second break-after:avoid in a row
     (title, subtitle) stops Chromium repeating the data table's header in the columns of later pages. */
  h2,h3,.chart-title{break-after:avoid;page-break-after:avoid}
  .chart-wide{break-before:avoid;page-break-before:avoid}
  tr{break-inside:avoid}
  td,th{word-break:normal;overflow-wrap:anywhere}
  table{max-width:100%}
  thead{display:table-header-group}
  .skip,header nav{display:none}
  .status{border:1px solid #555}
  a{color:inherit;text-decoration:none}
}
`;

/**
 * A print header naming the page and its data period; a per-page @page rule (Chromium prints margin boxes). The text
 * leaves for the reader here (printed margins), so bidi controls are shown as [U+202E] (safety/bidi.ts), as `esc` does.
 */
export function printHeaderCss(title: string, freshness: string, generatedAt: string): string {
  const q = (s: string) => JSON.stringify(neutraliseBidi(s)).replace(/</g, "\\3c ");
  return `@media print{@page{@top-left{content:${q(`开发区统计 · ${title}`)};font-size:9px;color:#555}@top-right{content:${q(`数据截至 ${freshness}`)};font-size:9px;color:#555}@bottom-left{content:${q(`生成于 ${generatedAt}`)};font-size:9px;color:#555}}}`;
}
