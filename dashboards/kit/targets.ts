/**
 * How a target row of the target_status mart is read on the site: its verdict
 * column (one constant, so the deadline verdicts another model adds can be switched
 * in), its gap in words with the unit (个百分点 for % targets), and whether the
 * target is still live.
 */
import { formatNumber } from "../../pipelines/publish/format.js";
import { esc } from "../../pipelines/publish/html.js";
import { comparatorText, statusBadge } from "./labels.js";
import type { NumberFormats } from "./format.js";
import { nonZeroDecimals, pointsChangeText, sideDecimals, targetValueNumber, toNum, yoyText } from "./format.js";

/** The verdict column of target_status shown to readers; change here to switch every page. */
// target_verdicts' headline: an expired target's verdict at its deadline, a live one's progress (issue #16).
export const VERDICT_COLUMN = "headline_status";

export function verdictOf(row: Record<string, unknown>): string {
  const v = String(row[VERDICT_COLUMN] ?? row.status ?? "");
  // Not judged while a figure waits for 核实 reads 待核实, as target_verdicts.headline_label says (qa40 F6).
  if (v === "incomplete" && row.headline_awaits_check === true) return "awaits_check";
  // A live target met before its year reads 提前达成, as `targets --status` says (target_verdicts.headline_text).
  return v === "achieved" && row.is_expired === false ? "achieved_early" : v;
}

/**
 * An expired target with a value but no verdict at its deadline (the target year has no full-year figure:
 * target_verdicts.deadline_verdict null, headline_status null or no_data) reads 无法判定 with the reason,
 * never 暂无数据 beside a real value. Needs the row joined with target_verdicts (is_expired, deadline_verdict).
 */
export function isUndecidable(r: Record<string, unknown>): boolean {
  const verdict = r[VERDICT_COLUMN];
  return r.is_expired === true && r.actual != null && r.deadline_verdict == null && (verdict == null || verdict === "no_data");
}

/**
 * The verdict cell of a target row (HTML), the same on 总览 and 进度: the badge, then why. An undecidable expired
 * target says 「2020年无全年数据」 and, when the value shown is itself an incomplete total, 「本期数据不全：」 with
 * target_status.reason (a held 需核实 value or zones not reporting) — the words target_status.csv gives (held-qa finding 3).
 */
export function verdictCell(r: Record<string, unknown>): string {
  if (isUndecidable(r)) {
    const partial = r.is_partial === true && r.reason ? `；本期数据不全：${String(r.reason)}` : "";
    return `${statusBadge("undecidable")}<div class="meta">${esc(`${String(r.target_year)}年无全年数据${partial}`)}</div>`;
  }
  return `${statusBadge(verdictOf(r) || "no_data")}${r.headline_text || r.reason ? `<div class="meta">${esc(String(r.headline_text || r.reason))}</div>` : ""}`;
}

/** Units whose differences are read in 个百分点. */
const POINT_UNITS = new Set(["%", "百分点"]);

export function isPointUnit(unit: unknown): boolean {
  return POINT_UNITS.has(String(unit ?? ""));
}

/**
 * A gap in its unit without sign: "5.2 个百分点", "312.0 亿元", "7 家"; a gap that would print
 * as 0 gets the decimals that show it ("0.004 个百分点"), so a miss never reads as none.
 */
export function gapAmount(gap: number, row: Record<string, unknown>, f: NumberFormats): string {
  const unit = String(row.unit ?? "");
  if (isPointUnit(unit)) return `${formatNumber(Math.abs(gap), nonZeroDecimals(gap, 1))} 个百分点`;
  return f.value(Math.abs(gap), row.indicator_code, unit, nonZeroDecimals(gap, f.decimals(row.indicator_code, unit)));
}

/** What a live target already at its level reads instead of a gap to its path (gapText; 进度's 按进度预期). */
export const REACHED_LEVEL = "已达到目标水平";

/**
 * The gap to the final target in words, from `gap_to_target` (actual − target):
 * ≥ targets read "差 X" below and "超出 X" above; ≤ targets the other way round.
 */
export function gapText(row: Record<string, unknown>, f: NumberFormats): string {
  // A partial total (zones not reporting, values held for check) gives no gap, as it gives no verdict (reader-qa 7:
  // "比进度差 379.7 亿元" on a sum without its largest zone).
  if (row.is_partial === true) return partialChange(row);
  // An expired target: the gap at its deadline, with the year. A live one with a schedule: the gap to the schedule.
  const deadline = toNum(row.deadline_gap);
  if (row.is_expired === true && row.deadline_verdict === "incomplete") return `${row.target_year}年${row.headline_awaits_check === true ? AWAITS_CHANGE : PARTIAL_CHANGE}`;
  if (row.is_expired === true) return deadline !== null ? `${row.target_year}年${gapWords(deadline, row, f)}` : laterLevelText(row);
  // A live target whose part-year cumulative is already at its level (target_status 'achieved' on a 1-9月 flow) is not set
  // against its path — which falls when the base is above the target (reader-qa3 F5). A full year keeps 比进度 (sc-qa 6).
  if (row.status === "achieved" && row.is_full_year === false) return `${REACHED_LEVEL}（${latestGapText(row, f)}）`;
  const toPath = toNum(row.gap_to_expected);
  if (row.is_expired !== true && toPath !== null && toNum(row.expected) !== null) return `比进度${gapWords(toPath, row, f)}`;
  return gapWords(toNum(row.gap_to_target), row, f);
}

/**
 * An expired target without its target year's full-year figure (no deadline gap): no gap at all — a part-year or later
 * value against the deadline's level measures neither the deadline nor like with like (reader-qa3 F9: "差 2,237.3 亿元" from
 * 2025年1-9月 against ≥10,500 by 2020, while 2024's full year 11,313.9 was above it). A later full year is said as a level
 * only (target_verdicts.current_year, current_meets_target): "2024年全年已超过目标", "2024年全年仍未达到目标"; none →
 * "—（无2020年全年数据）"; not known (target_verdicts: a partial figure below a ≥ target) → "2024年全年数据不全，未与目标比较". Needs the row joined with target_verdicts (current_year, current_meets_target,
 * break_after_deadline_declared: a declared 口径调整 after the deadline is not compared at all).
 */
export function laterLevelText(row: Record<string, unknown>): string {
  const year = toNum(row.current_year);
  const none = `—（无${String(row.target_year)}年全年数据）`;
  if (year === null || year <= Number(row.target_year) || row.break_after_deadline_declared === true) return none;
  // Not known either way (a partial figure below a ≥ target, or over a denominator needing check): not compared.
  if (row.current_meets_target == null) return `${year}年全年数据不全，未与目标比较`;
  const cmp = String(row.comparator ?? "");
  const meets = row.current_meets_target === true;
  const word = cmp === "<=" || cmp === "<" ? (meets ? "在目标上限以内" : "超出目标上限") : cmp === "≈" ? (meets ? "已达到目标" : "未达到目标") : meets ? "已超过目标" : "仍未达到目标";
  return `${year}年全年${word}`;
}

/** The latest value's gap to the final target, whatever the verdict ("差 5.2 个百分点"). */
export function latestGapText(row: Record<string, unknown>, f: NumberFormats): string {
  if (row.is_partial === true) return partialChange(row);
  // Said against what: the final target here, the schedule path in gapText's 比进度 (sc-qa finding 6).
  const g = gapWords(toNum(row.gap_to_target), row, f);
  return g === "—" || g === "恰好达到" ? g : `比目标${g}`;
}

function gapWords(g: number | null, row: Record<string, unknown>, f: NumberFormats): string {
  if (g === null) return "—";
  const amount = gapAmount(g, row, f);
  const cmp = String(row.comparator ?? "");
  if (cmp === "<=" || cmp === "<") return g > 0 ? `超出上限 ${amount}` : `低于上限 ${amount}`;
  if (Math.abs(g) < 1e-9) return "恰好达到";
  return g < 0 ? `差 ${amount}` : `超出 ${amount}`;
}

/**
 * "≥40%", "≥5,250 亿元", "≥3.15 亿美元": the number as the document wrote it (targetValueNumber, as the 季度分析 prints it);
 * `compact` (cards) leaves out a count target's make-up. `_f` is kept for the callers' shape.
 */
export function targetText(row: Record<string, unknown>, _f: NumberFormats, compact = false): string {
  const unit = String(row.unit ?? "");
  const n = targetValueNumber(row.target_value);
  const v = unit === "%" ? `${n}%` : unit === "百分点" ? `${n} 个百分点` : `${n} ${unit}`;
  return `${comparatorText(row.comparator)}${v}${compact ? "" : targetMakeup(row)}`;
}

/**
 * How a count target is made up where its document states it as an increase on the base count: 文件002 三（二）
 * "新升级国家级高新区2家以上" on the 8 国家级高新区 of 2016 is ≥10 家 "（2016年8家 + 新升级2家）" (reader-qa3 11: ≥10 家
 * alone hid the arithmetic). Only a zone_count target with a base (base_year, base_value) whose phrase names the
 * increase itself — a number equal to target − base beside 新升级, 新增 or 进入 — never a total ("数量达到25家"). "" otherwise.
 */
export function targetMakeup(row: Record<string, unknown>): string {
  if (row.kind !== "zone_count") return "";
  const base = toNum(row.base_value);
  const target = toNum(row.target_value);
  if (base === null || target === null || target <= base || row.base_year == null) return "";
  const phrase = String(row.phrase ?? "");
  const word = /新升级/.test(phrase) ? "新升级" : /新增/.test(phrase) ? "新增" : /进入/.test(phrase) ? "新进入" : "";
  const added = target - base;
  if (!word || !(phrase.match(/\d+/g) ?? []).some((d) => Number(d) === added)) return "";
  const unit = String(row.unit ?? "");
  return `（${String(row.base_year)}年${formatNumber(base, 0)}${unit} + ${word}${formatNumber(added, 0)}${unit}）`;
}

/**
 * 「（可比口径，N 家）」 when a growth target's rate is like for like over fewer zones (`compared`) than its scope holds
 * (`inScope`: target_status.zones_compared, zones_in_scope), else "" — one wording for the site and the report.
 */
export function likeForLikeMark(kind: unknown, compared: unknown, inScope: unknown): string {
  const c = toNum(compared);
  const s = toNum(inScope);
  return kind === "growth" && c !== null && s !== null && c < s ? `（可比口径，${c} 家）` : "";
}

/**
 * The actual value in its unit ("34.8%"); beside its target it gets the decimals that show which
 * side of the target it is on (44.996% against ≥45%, sideDecimals), never "45.0%" beside 未达成; "88.1%（分母需核实）"
 * when the row's denominator_check_name is set, "…（含需核实数值）" when its values_check_count is above 0.
 */
export function actualText(row: Record<string, unknown>, f: NumberFormats): string {
  const unit = String(row.unit ?? "");
  const actual = toNum(row.actual);
  // No value is a dash, never "—%" or "— 个百分点".
  if (actual === null) return "—";
  const base = isPointUnit(unit) ? 1 : f.decimals(row.indicator_code, unit);
  const target = toNum(row.target_value);
  const d = target === null ? base : sideDecimals(actual, target, base);
  // A share over a total under an open 审核 flag (target_status.denominator_check_name) is marked where it is shown, as
  // 占比 marks it (stat-qa8: 总览's card read a bare 88.1% over a ÷10 province total).
  // Likewise a sum with a member value under an open flag that does not hold it (target_status.values_check_count).
  // A growth rate like for like over fewer zones than the scope holds says so (可比口径; the reason says which are left out).
  const mark = row.denominator_check_name ? "（分母需核实）" : toNum(row.values_check_count) ? "（含需核实数值）"
    : likeForLikeMark(row.kind, row.zones_compared, row.zones_in_scope);
  if (unit === "%") return `${formatNumber(actual, d)}%${mark}`;
  if (unit === "百分点") return `${formatNumber(actual, d)} 个百分点${mark}`;
  return `${f.value(actual, row.indicator_code, unit, d)}${mark}`;
}

/**
 * A target as a reader reads it: cleanPhrase, or — for a phrase that is a document's table row (cells tab-separated, 文件001
 * 附件1 "地区生产总值	年均增速高于全市水平	5250	5.86%") — the row's indicator, year and the cell the target judges, from the
 * catalogue: "地区生产总值2030年5250亿元", "地区生产总值年均增速2030年5.86%" (reader-qa3 F8: the level target read
 * "年均增速高于全市水平", the other half of its row).
 */
export function targetWords(r: Record<string, unknown>): string {
  const phrase = String(r.phrase ?? "");
  if (!phrase.includes("\t")) return cleanPhrase(phrase);
  const unit = String(r.unit ?? "");
  return `${phrase.split("\t")[0]!.trim()}${r.kind === "growth" ? "年均增速" : ""}${String(r.target_year)}年${targetValueNumber(r.target_value)}${unit}`;
}

/** How a catalogue phrase's table cells are joined for a reader (a document's table row, cells tab-separated). */
export const CELL_SEPARATOR = "｜";

/**
 * A catalogue phrase as printed text (the 方法 page's 原文, the search index): a document's table row keeps every cell,
 * joined with ｜ rather than raw tab characters (stat-qa F13: 「沈阳市\t11\t13」 printed its tabs); other whitespace runs
 * are one space.
 */
export function phraseText(phrase: unknown): string {
  return String(phrase ?? "").split("\t").map((c) => c.replace(/\s+/g, " ").trim()).filter(Boolean).join(CELL_SEPARATOR);
}

/**
 * A target's wording without the table residue the catalogue's phrases carry from
 * the documents' tables ("地区生产总值 年均增速高于全市水平 5250 5.86%" → without the
 * trailing cells). The full phrase stays in the catalogue and on the 方法 page.
 */
export function cleanPhrase(phrase: unknown): string {
  return String(phrase ?? "").replace(/(\s+[-+]?[\d.,]+%?)+\s*$/u, "").trim();
}

/**
 * The 同比 shown when this year's or last year's total is partial (target_status.is_partial: values held for check or
 * zones not reported): none. A sum that leaves zones out, set against one that has them, measures the gap, not growth
 * (reader-qa 3: "同比下降 40.2%" for a total without its largest zone); 总览, 进度 and the report say the same.
 */
export const PARTIAL_CHANGE = "—（数据不全）";

/** No gap from a figure that waits for 核实 (target_status.awaits_check: held or flagged values, every zone reported). */
export const AWAITS_CHANGE = "—（待核实）";

/** PARTIAL_CHANGE, or AWAITS_CHANGE when the row's figure waits for 核实 rather than for zones to report (qa42 F3). */
function partialChange(row: Record<string, unknown>): string {
  return row.awaits_check === true ? AWAITS_CHANGE : PARTIAL_CHANGE;
}

/** The 同比 of a total whose own series breaks between the two years (int_series_breaks of the scope: target_status.series_segment differs). */
export const BREAK_CHANGE = "—（口径调整）";

/** The 同比 of a sum over zones whose zone list changed between the two years, with no like-for-like rate (kit/scope-members.ts). */
export const MEMBERS_CHANGE = "—（开发区名单变化）";

/**
 * changeText, or PARTIAL_CHANGE when either year's total is partial (the like-for-like rate where the growth mart has one),
 * or BREAK_CHANGE when the total's own series breaks between the two years (`seriesBreak`: a declared 口径调整 of the scope,
 * sources/seeds/series_breaks.csv; the growth mart gives no 同比 across it either), or — the zone list of a sum over
 * zones changed between the two years (`membersChanged`, kit/scope-members.ts) — the like-for-like rate, else MEMBERS_CHANGE.
 */
export function targetChangeText(actual: unknown, previous: unknown, unit: unknown, partial: unknown, previousPartial: unknown, likeForLike?: LikeForLike, seriesBreak = false, membersChanged = false): string {
  if (seriesBreak && previous != null) return BREAK_CHANGE;
  const lfl = isPointUnit(unit) ? undefined : likeForLike;
  if (lfl && lfl.yoy !== undefined && (partial === true || previousPartial === true || Number(lfl.broken ?? 0) > 0 || membersChanged)) return likeForLikeText(lfl);
  if (previous != null && (partial === true || previousPartial === true)) return PARTIAL_CHANGE;
  if (previous != null && membersChanged) return MEMBERS_CHANGE;
  return changeText(actual, previous, unit);
}

/** A scope's like-for-like 同比 from the growth mart (comparison_basis like_for_like): the rate, zones compared, zones left out for a break. */
export interface LikeForLike {
  readonly yoy: unknown;
  readonly compared: unknown;
  readonly broken?: unknown;
}

/**
 * A like-for-like 同比 as a total's 同比 where the totals' own ratio is none (partial in either year, or a zone with a
 * 口径调整 inside): 「增长 4.5%（可比口径，18 家，不含口径调整的开发区）」, or PARTIAL_CHANGE when the mart has no rate
 * (reader-qa7 F4: 全省 —（数据不全） beside cities and regions with theirs).
 */
export function likeForLikeText(l: LikeForLike): string {
  const yoy = toNum(l.yoy);
  if (yoy === null) return PARTIAL_CHANGE;
  return `${yoyText(yoy)}（可比口径，${Number(l.compared ?? 0)} 家${Number(l.broken ?? 0) > 0 ? "，不含口径调整的开发区" : ""}）`;
}

/** 同比 in bureau wording: 提高/降低 X 个百分点 for % and point units, 增长/下降 X% for amounts. */
export function changeText(actual: unknown, previous: unknown, unit: unknown): string {
  const a = toNum(actual);
  const b = toNum(previous);
  if (a === null || b === null) return "—";
  if (isPointUnit(unit)) return pointsChangeText(a - b);
  return b === 0 ? "—" : yoyText(a / b - 1);
}
