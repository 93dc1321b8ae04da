/**
 * The withholding rule (issue #20): a number whose base is partial (fewer zones
 * reported than expected) or crosses a series break (the zones of the scope changed
 * between the two years) is left out of the text, and 数据说明 says which and why.
 */
import { reportMsg } from "./messages.js";
import type { DataNote, Figure, Measure, ReportFacts } from "./model.js";

/** What may be said about a measure, and the notes for what may not. */
export interface Sayable {
  /** The value itself (false when the period's reporting is partial). */
  readonly value: boolean;
  /** 同比 and the change in share (false when last year is partial, missing or not comparable). */
  readonly change: boolean;
  readonly notes: DataNote[];
  /**
   * Said with this mark after the number ("不含1个需核实数值"): every zone reported but values held for check are not in
   * the sum — the total is a known lower bound, given as the site's pages give it rather than left out (held-qa finding 4).
   */
  readonly mark?: string;
}

/** Applies the withholding rule to one measure. */
export function sayable(m: Measure, period: ReportFacts["period"]): Sayable {
  const notes: DataNote[] = [];
  const r = m.reporting;
  if (r && (r.held ?? 0) > 0 && r.current + r.held! >= r.expected) {
    // Every zone reported, some held: said, marked; no 同比 or change in share (the two sums are of different zones).
    if (r.current === 0 || !m.current) {
      notes.push({ kind: "withheld", text: reportMsg.heldAll(period.label, m.name, m.indicatorName, r.heldNames ?? "", r.held!) });
      return { value: false, change: false, notes };
    }
    notes.push({ kind: "withheld", text: reportMsg.heldMarked(period.label, m.name, m.indicatorName, r.heldNames ?? "", r.held!), held: { period: period.label, indicator: m.indicatorName, names: r.heldNames ?? "", count: r.held!, scope: m.name } });
    return { value: true, change: false, notes, mark: `不含${r.held}个需核实数值` };
  }
  if (r && r.current < r.expected && (r.held ?? 0) > 0) {
    notes.push({ kind: "withheld", text: reportMsg.heldCurrent(period.label, m.name, m.indicatorName, r.heldNames ?? "", r.held!, r.expected - r.current - r.held!) });
    return { value: false, change: false, notes };
  }
  if (r && r.current < r.expected) {
    notes.push({ kind: "withheld", text: reportMsg.partialCurrent(period.label, m.name, m.indicatorName, r.current, r.expected) });
    return { value: false, change: false, notes };
  }
  if (m.seriesBreak) {
    notes.push({ kind: "break", text: reportMsg.seriesBreak(m.name, m.indicatorName, m.seriesBreak) });
    return { value: true, change: false, notes };
  }
  if (r && r.previous !== null && r.previousExpected !== null && r.previous < r.previousExpected && (r.previousHeld ?? 0) > 0) {
    notes.push({ kind: "partial", text: reportMsg.heldPrevious(period.previousLabel, m.name, m.indicatorName, r.previousHeldNames ?? "", r.previousHeld!, r.previousExpected - r.previous - r.previousHeld!) });
    return { value: true, change: false, notes };
  }
  if (r && r.previous !== null && r.previousExpected !== null && r.previous < r.previousExpected) {
    // A sum of zones has its like-for-like 同比 (growth mart), given 可比口径: the note says so, never 「未列出」 beside it (reader-qa7 F3).
    const compared = m.growth && m.zonesCompared != null && m.zonesCompared > 0 ? m.zonesCompared : null;
    notes.push({ kind: "partial", text: compared !== null
      ? reportMsg.partialPreviousComparable(period.previousLabel, m.name, m.indicatorName, r.previous, r.previousExpected, compared)
      : reportMsg.partialPrevious(period.previousLabel, m.name, m.indicatorName, r.previous, r.previousExpected) });
    return { value: true, change: false, notes };
  }
  if (!m.growth) {
    notes.push({ kind: "partial", text: reportMsg.noComparable(period.previousLabel, m.name, m.indicatorName) });
    return { value: true, change: false, notes };
  }
  return { value: true, change: true, notes };
}


/**
 * A measure's 同比 as the report gives it (一, 三, 表1, 附表1): the rate itself (`comparable` null) when both years' totals
 * are complete and every zone is compared; else, for a total summed from zones, the growth mart's like-for-like rate over
 * the zones with values (not held, no series break of their own) in both years — the figure the site's 城市与区域 page
 * gives — with how many zones it compares (可比口径: stat-qa F12, reader-qa7 F2-F4); null when neither (no previous year,
 * the scope's own series break, a held value, no zone in both years). `expected`: the zones the scope has this year;
 * `broken`: those left out for 口径调整.
 */
export function comparableGrowth(m: Measure, period: ReportFacts["period"]): { figure: Figure; comparable: number | null; expected: number; broken: number } | null {
  if (!m.growth) return null;
  const expected = m.reporting?.expected ?? 0;
  const broken = m.zonesSeriesBreak ?? 0;
  if (sayable(m, period).change) {
    // Complete both years, but a zone left out for its own series break: the rate compares fewer zones than the total has.
    const partialCompare = m.zonesCompared != null && m.reporting && (broken > 0 || m.zonesCompared < expected);
    return { figure: m.growth, comparable: partialCompare ? m.zonesCompared! : null, expected, broken };
  }
  // A total without a held value keeps its 同比和占比变化未列出 (heldMarked, said for every scope it affects).
  if (m.reporting && ((m.reporting.held ?? 0) > 0 || (m.reporting.previousHeld ?? 0) > 0)) return null;
  if (m.seriesBreak || m.zonesCompared == null || m.zonesCompared <= 0 || !m.reporting) return null;
  return { figure: m.growth, comparable: m.zonesCompared, expected, broken };
}
