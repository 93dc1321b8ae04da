/**
 * The wording rules of the 季度分析, in the bureau's 公文 register: the word follows
 * the sign (增长/下降, 提高/降低, 高于/低于), a change in a share is in 个百分点, and
 * every number is printed with its indicator's precision. The sign is decided on the
 * printed (rounded) number, so a text never says 增长0.0%.
 */
import { formatNumber, toFixedHalfUp } from "../../pipelines/publish/format.js";
import { nonZeroDecimals, sideDecimals, targetValueNumber } from "../kit/format.js";

/** Decimals per unit: amounts in 亿元/亿美元, percentages and areas one decimal; counts none. */
export function decimalsFor(unit: string): number {
  if (unit === "家" || unit === "个" || unit === "项" || unit === "人" || unit === "只") return 0;
  return 1;
}

/**
 * 8263.71 → "8,263.7": the site's formatter (pipelines/publish/format.ts formatNumber: half-up, thousands separated),
 * so the report and the site print one number alike (reader-qa3 12/13: 8,950.0 on the site, 8950.0 in the report).
 * A value that rounds to zero has no sign ("0.0", never "-0.0").
 */
export function fixed(v: number, decimals = 1): string {
  const s = formatNumber(Math.abs(v), decimals);
  return (v < 0 && Number(toFixedHalfUp(Math.abs(v), decimals)) !== 0 ? "-" : "") + s;
}

/**
 * A unit as the text prints it after a number: the catalogue's 百分点 (a difference of percentages: relative targets)
 * is 个百分点, as the bureau writes it (stat-qa F13); every other unit as stored.
 */
export function unitText(unit: string): string {
  return unit === "百分点" ? "个百分点" : unit;
}

/** A value with its unit, as the text prints it: "8,263.7亿元", "28.9亿美元", "52家", "1.5个百分点". */
export function amount(v: number, unit: string): string {
  return `${fixed(v, decimalsFor(unit))}${unitText(unit)}`;
}

/** A value beside its target, with the decimals that show its side ("44.996%" against 45%, sideDecimals). */
export function amountBeside(v: number, target: number, unit: string): string {
  return `${fixed(v, sideDecimals(v, target, decimalsFor(unit)))}${unitText(unit)}`;
}

/** A target as the document states it ("40%", "10,500亿元", "3.15亿美元", "0个百分点"): the site's targetValueNumber, never rounded. */
export function targetAmount(v: number, unit: string): string {
  return `${targetValueNumber(v)}${unitText(unit)}`;
}

/** A fraction as a percentage with one decimal: 0.3479 → "34.8%". */
export function percent(fraction: number): string {
  return `${fixed(fraction * 100, 1)}%`;
}

/** The printed magnitude of a fraction in percent, e.g. 0.0596 → 6.0 (for the sign rule). */
function printedPercent(fraction: number): number {
  return Number(toFixedHalfUp(fraction * 100, 1));
}

/**
 * 同比: "同比增长6.0%", "同比下降3.2%", or "与上年同期持平" when the printed rate is 0.0;
 * for a whole year the bureau writes "比上年增长".
 * @param growth a fraction (value ÷ previous − 1)
 */
export function growthPhrase(growth: number, annual = false): { word: "增长" | "下降" | "持平"; text: string; number: string } {
  const p = printedPercent(growth);
  const lead = annual ? "比上年" : "同比";
  if (p > 0) return { word: "增长", text: `${lead}增长`, number: `${fixed(p, 1)}%` };
  if (p < 0) return { word: "下降", text: `${lead}下降`, number: `${fixed(-p, 1)}%` };
  return { word: "持平", text: annual ? "与上年持平" : "与上年同期持平", number: "" };
}

/**
 * A change in a share, in 个百分点: "比上年同期提高0.7个百分点", "降低…", or "与上年同期持平".
 * @param current,previous fractions (0.348); the difference is taken on the unrounded shares, then rounded,
 *   as the bureau's releases and the site's 总览 do (34.768% − 34.147% → 0.6, not 34.8 − 34.1 = 0.7), so the
 *   report and the site never state two different changes for one share.
 */
export function shareChangePhrase(current: number, previous: number, annual = false): { word: "提高" | "降低" | "持平"; text: string; number: string } {
  const d = Math.round((current - previous) * 1000 + (current >= previous ? 1e-9 : -1e-9)) / 10;
  const than = annual ? "比上年" : "比上年同期";
  if (d > 0) return { word: "提高", text: `${than}提高`, number: `${fixed(d, 1)}个百分点` };
  if (d < 0) return { word: "降低", text: `${than}降低`, number: `${fixed(-d, 1)}个百分点` };
  return { word: "持平", text: annual ? "与上年持平" : "与上年同期持平", number: "" };
}

/**
 * Actual against a reference (target or schedule): "高于…X", "低于…X", or "持平".
 * @param diff actual − reference, in the unit given ("%" prints as 个百分点)
 */
export function compareWord(diff: number, unit: string, exact = false): { word: "高于" | "低于" | "持平"; number: string } {
  // Against a target (`exact`) a difference is printed with the decimals that show it (差0.004个百分点), never 持平.
  const decimals = exact ? nonZeroDecimals(diff, decimalsFor(unit)) : decimalsFor(unit);
  const printed = Number(toFixedHalfUp(Math.abs(diff), decimals));
  // A difference of two percentages is in 个百分点, whether the unit is % or the catalogue's 百分点 (amount says so).
  const n = unit === "%" ? `${fixed(printed, decimals)}个百分点` : amount(printed, unit);
  if (printed === 0) return { word: "持平", number: "" };
  return { word: diff > 0 ? "高于" : "低于", number: n };
}

/** "2024年1-9月" → the same period one year earlier, "2023年1-9月". */
export function previousYearLabel(label: string): string {
  return label.replace(/^(\d{4})年/, (_, y: string) => `${Number(y) - 1}年`);
}

/** Chinese list: "甲、乙和丙". */
export function joinList(items: readonly string[]): string {
  if (items.length <= 1) return items.join("");
  return `${items.slice(0, -1).join("、")}和${items[items.length - 1]}`;
}

/** The verb the bureau puts before each indicator: "实现地区生产总值", "完成一般公共预算收入", "实际利用外资". */
export function indicatorPhrase(code: string, name: string): string {
  switch (code) {
    case "gdp":
    case "industrial_output":
    case "industrial_value_added":
    case "trade":
      return `实现${name}`;
    case "fiscal_revenue":
    case "fixed_asset_investment":
    case "tax_revenue":
      return `完成${name}`;
    case "fdi":
      return "实际利用外资";
    case "exports":
      return "实现出口额";
    default:
      return `${name}为`;
  }
}

/** The comparator of a target in words: ">=" → 不低于, "≈" → 左右. */
export function comparatorWords(comparator: string, valueText: string): string {
  switch (comparator) {
    case ">=":
    case "≥":
      return `不低于${valueText}`;
    case "<=":
    case "≤":
      return `不高于${valueText}`;
    case "≈":
      return `${valueText}左右`;
    default:
      return valueText;
  }
}

/** A whole-year report (the 1-12月 quarter is stored as the year, "2024年"): "比上年" instead of "同比"/"比上年同期". */
export function isAnnual(period: { readonly label: string }): boolean {
  return !period.label.includes("月");
}
