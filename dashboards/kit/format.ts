/**
 * One number format per indicator (sources/seeds/indicator_formats.csv: 亿元 one
 * decimal, % one decimal, counts integer — bureau practice), and the bureau's
 * wording for change: 增长/下降 X% for values, 提高/降低 X 个百分点 for shares
 * and rates.
 */
import { formatNumber, toFixedHalfUp } from "../../pipelines/publish/format.js";

export interface QueryOnly {
  query<T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: Array<string | number | null>): Promise<T[]>;
}

/** Decimals when an indicator is not in the seed: by unit, the same rule the seed states. */
const UNIT_DECIMALS: Record<string, number> = { "亿元": 1, "亿美元": 1, "%": 1, "家": 0, "个": 0, "项": 0, "只": 0, "名": 0, "人": 0, "万人": 1, "平方公里": 2 };

export class NumberFormats {
  constructor(private readonly byIndicator: ReadonlyMap<string, { decimals: number; unit: string }>) {}

  /**
   * Decimals for an indicator (seed), else for its unit, else 1. A value in another unit than
   * the indicator's own (a count of zones 家 about 工业总产值) takes that unit's rule.
   */
  decimals(indicator: unknown, unit?: unknown): number {
    const own = this.byIndicator.get(String(indicator ?? ""));
    const u = String(unit ?? "");
    if (own && (!u || u === own.unit || UNIT_DECIMALS[u] === undefined)) return own.decimals;
    return UNIT_DECIMALS[u] ?? own?.decimals ?? 1;
  }

  /**
   * The bare number: "2,683.4"; null → "—". A value that is not zero never prints as 0: it gets the decimals that show
   * it (stat-qa 10: a zone's 315 万美元 of FDI read "0.0 亿美元"; now 0.03).
   */
  number(v: unknown, indicator: unknown, unit?: unknown): string {
    const n = toNum(v);
    const base = this.decimals(indicator, unit);
    return formatNumber(n, n === null ? base : nonZeroDecimals(n, base));
  }

  /** The number with its unit: "2,683.4 亿元", "34.8%"; `decimals` overrides the indicator's (a verdict's side, sideDecimals). */
  value(v: unknown, indicator: unknown, unit: unknown, decimals?: number): string {
    const n = toNum(v);
    if (n === null) return "—";
    const u = String(unit ?? "");
    const s = formatNumber(n, decimals ?? nonZeroDecimals(n, this.decimals(indicator, u)));
    return u === "%" ? `${s}%` : u ? `${s} ${u}` : s;
  }
}

/** Reads the seed once per page; the seed is in the warehouse's reference schema. */
export async function loadNumberFormats(ctx: QueryOnly): Promise<NumberFormats> {
  const rows = await ctx.query<{ code: string; decimals: number; unit: string }>(
    `select f.code, f.decimals::integer as decimals, i.unit from main_reference.indicator_formats f left join main_staging.stg_indicators i on i.indicator_code = f.code`,
  );
  return new NumberFormats(new Map(rows.map((r) => [String(r.code), { decimals: Number(r.decimals), unit: String(r.unit ?? "") }])));
}

export function toNum(v: unknown): number | null {
  if (v === null || v === undefined || v === "") return null;
  const n = typeof v === "bigint" ? Number(v) : Number(v);
  return Number.isFinite(n) ? n : null;
}

/** Most decimals a document's target is printed with (a stored 3.1500000000000004 is 3.15). */
const MAX_TARGET_DECIMALS = 4;

/**
 * A target value as its document wrote it, the same on the site and in the 季度分析 (reader-qa3 F4, F16: the report's
 * one-decimal formatter printed 沈阳's 3.15 亿美元 as "3.2", the site's tables 10500 as "10,500.0"): its own decimals,
 * none added and none rounded away — 3.15 → "3.15", 10500 → "10,500", 5.86 → "5.86", 40 → "40"; null → "—".
 */
export function targetValueNumber(v: unknown): string {
  const n = toNum(v);
  if (n === null) return "—";
  const own = (String(Number(n.toFixed(MAX_TARGET_DECIMALS))).split(".")[1] ?? "").length;
  return formatNumber(n, own);
}

/** A share given as a fraction (0.348) → "34.8%". */
export function pct(fraction: unknown, decimals = 1): string {
  const n = toNum(fraction);
  return n === null ? "—" : `${formatNumber(n * 100, decimals)}%`;
}

/** A year-on-year change given as a fraction: "增长 5.3%", "下降 2.1%", "持平". */
export function yoyText(fraction: unknown, decimals = 1): string {
  const n = toNum(fraction);
  if (n === null) return "—";
  const s = formatNumber(Math.abs(n) * 100, decimals);
  if (Number(s.replace(/,/g, "")) === 0) return "持平";
  return `${n > 0 ? "增长" : "下降"} ${s}%`;
}

/** A change in points (shares and rates): "提高 0.5 个百分点", "降低 1.2 个百分点". */
export function pointsChangeText(points: unknown, decimals = 1): string {
  const n = toNum(points);
  if (n === null) return "—";
  const s = formatNumber(Math.abs(n), decimals);
  if (Number(s) === 0) return "持平";
  return `${n > 0 ? "提高" : "降低"} ${s} 个百分点`;
}

/** A gap in points with its unit and no sign: "5.2 个百分点". */
export function pointsText(points: unknown, decimals = 1): string {
  const n = toNum(points);
  return n === null ? "—" : `${formatNumber(Math.abs(n), decimals)} 个百分点`;
}

/** Most decimals a verdict's number is given with (a difference below 0.000001 is read as none). */
const MAX_SIDE_DECIMALS = 6;

/**
 * Decimals for `value` beside the `reference` it is judged against (a target): the display's own
 * `base`, or as many more as make the two print differently when they differ — so 44.9956% against
 * 45% prints 44.996%, never "45.0%" beside 未达成. Equal numbers keep `base`; at most 6.
 */
export function sideDecimals(value: number, reference: number, base: number): number {
  if (value === reference) return base;
  for (let d = base; d <= MAX_SIDE_DECIMALS; d++) if (Number(toFixedHalfUp(value, d)) !== Number(toFixedHalfUp(reference, d))) return d;
  // Equal to every shown digit (840/3000 = 28.000000000000004% against 28%): more digits say nothing, so the base.
  return base;
}

/**
 * Decimals for a non-zero difference: the display's `base`, or as many more as keep it from printing
 * as 0 (a miss of 0.0044 points is "差 0.004 个百分点", never "差 0.0"); at most 6.
 */
export function nonZeroDecimals(diff: number, base: number): number {
  for (let d = base; d <= MAX_SIDE_DECIMALS; d++) if (Number(toFixedHalfUp(Math.abs(diff), d)) !== 0) return d;
  return base;
}

/** The mark beside a reported (not computed) growth rate. */
export const REPORTED_MARK = "（填报）";

/**
 * A 同比 cell: the computed rate (same period a year earlier) when there is one, else the zone's own
 * reported rate marked 填报 ("增长 6.0%（填报）"), else "—" ("—（口径调整）" across a series break, `seriesBreak` the
 * growth row's break_note; "—（上年同期无数据）" when `hasPrevious` is false). The two are never shown unmarked side by side.
 */
export function yoyCell(computed: unknown, reported: unknown, seriesBreak?: unknown, hasPrevious?: unknown): string {
  if (toNum(computed) !== null) return yoyText(computed);
  if (toNum(reported) !== null) return `${yoyText(reported)}${REPORTED_MARK}`;
  // No 同比 across a series break (growth.break_note), or without last year's value: say why, not a bare dash that
  // reads as zero or a missing value (reader-qa7 F14).
  if (seriesBreak != null && seriesBreak !== "") return "—（口径调整）";
  return hasPrevious === false ? "—（上年同期无数据）" : "—";
}

/** The sentence a page with 同比 cells carries when any of them is a reported rate. */
export const REPORTED_NOTE = "同比为按上年同期数值计算的名义增长；没有上年同期数值时，列出开发区报表填报的增速，标“填报”（填报增速可能按可比价计算，与按数值计算的同比口径不同，不参与排名和合计）。";
