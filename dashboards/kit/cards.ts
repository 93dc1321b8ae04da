/**
 * Key-figure cards: one number a leader reads first, with its target, the gap in
 * its unit (个百分点 for shares), the period, the verdict and a trend line.
 */
import { esc } from "../../pipelines/publish/html.js";
import { statusBadge } from "./labels.js";

export interface KeyFigure {
  /** What is measured, in words: "开发区地区生产总值占全省比重". */
  readonly title: string;
  /** Formatted value: "34.8%". */
  readonly value: string;
  /** Formatted target with comparator: "≥40%". */
  readonly target?: string;
  /** Formatted gap with its unit and direction word: "差 5.2 个百分点". */
  readonly gap?: string;
  readonly period?: string;
  /** target_status verdict code (shown as its Chinese label). */
  readonly status?: string;
  /** A short trend sentence: "比上年同期提高 0.6 个百分点". */
  readonly trend?: string;
  /** A small chart of the series (HTML/SVG placeholder from the page context). */
  readonly spark?: string;
  /** Document and clause. */
  readonly source?: string;
  /** data-* attributes for tests and links (never shown). */
  readonly data?: Record<string, string>;
}

export function keyFigureCard(k: KeyFigure): string {
  const data = Object.entries(k.data ?? {}).map(([n, v]) => ` data-${esc(n)}="${esc(v)}"`).join("");
  const line = [k.target ? `目标 <span class="kf-target">${esc(k.target)}</span>` : "", k.gap ? `<span class="kf-gap">${esc(k.gap)}</span>` : "", k.period ? `<span class="kf-period">${esc(k.period)}</span>` : ""]
    .filter(Boolean)
    .join("｜");
  return `<div class="card kf"${data}>
<div class="kf-title">${esc(k.title)}</div>
<div class="v kf-value">${esc(k.value)}</div>
<div class="kf-line">${line}</div>
${k.status ? `<div>${statusBadge(k.status)}${k.trend ? ` <span class="meta kf-trend">${esc(k.trend)}</span>` : ""}</div>` : ""}
${k.spark ? `<div class="kf-spark" aria-hidden="true">${k.spark}</div>` : ""}
${k.source ? `<div class="meta">${esc(k.source)}</div>` : ""}
</div>`;
}

/** Several cards in the responsive grid. */
export function cardGrid(cards: readonly string[]): string {
  return `<div class="cards">${cards.join("\n")}</div>`;
}
