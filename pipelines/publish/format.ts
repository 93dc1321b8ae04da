/**
 * zh-CN number and date formats: amounts in 亿元 with one or two decimals, 万/亿
 * magnitudes where values span them, percentages with one decimal.
 */
export const ZH_NUMBER_LOCALE = { decimal: ".", thousands: ",", grouping: [3], currency: ["¥", ""] } as const;

export const ZH_TIME_LOCALE = {
  dateTime: "%x %A %X",
  date: "%Y/%-m/%-d",
  time: "%H:%M:%S",
  periods: ["上午", "下午"],
  days: ["星期日", "星期一", "星期二", "星期三", "星期四", "星期五", "星期六"],
  shortDays: ["周日", "周一", "周二", "周三", "周四", "周五", "周六"],
  months: ["一月", "二月", "三月", "四月", "五月", "六月", "七月", "八月", "九月", "十月", "十一月", "十二月"],
  shortMonths: ["1月", "2月", "3月", "4月", "5月", "6月", "7月", "8月", "9月", "10月", "11月", "12月"],
} as const;

/**
 * `v` with `decimals` decimals rounded half away from zero (四舍五入) on the number as written, not on its binary
 * double: 593.45 → "593.5" whether a sum came out as 593.44999999999993 or 593.45000000000005, and 1.005 → "1.01"
 * (toFixed gives "1.00"). The value is first read to 15 significant digits, the precision a double holds for any
 * decimal figure, so sums that differ only in their last binary digits print alike.
 */
export function toFixedHalfUp(v: number, decimals: number): string {
  if (!Number.isFinite(v)) return String(v);
  const scaled = halfUpScaled(Math.abs(v), decimals);
  // Beyond 1e21 or below 1e-7 toPrecision writes an exponent: no figure this site shows; toFixed as it is.
  if (scaled === undefined) return v.toFixed(decimals);
  const s = (scaled / 10 ** decimals).toFixed(decimals);
  return v < 0 && scaled !== 0 ? `-${s}` : s;
}

/**
 * |v| × 10^decimals rounded half up as toFixedHalfUp reads it (the 15-significant-digit figure, scaled), or undefined
 * where that figure has an exponent. Most values are nowhere near a half: there the product in doubles rounds to the
 * same integer as the figure's — the two differ by under 6e-15 of the product, and the product must be farther than
 * 1e-13 of itself from the half — so the figure's text (two conversions a number, most of a page's formatting time,
 * issue #24) is made only for values near a half. tests/publish/format.test.ts compares both ways on 10^6 values.
 */
function halfUpScaled(a: number, decimals: number): number | undefined {
  if (Number.isInteger(decimals) && decimals >= 0 && decimals <= 8 && (a === 0 || (a >= 1e-6 && a < 1e14))) {
    const x = a * 10 ** decimals;
    if (Math.abs(x - Math.floor(x) - 0.5) > x * 1e-13) return Math.round(x);
  }
  const snapped = a.toPrecision(15);
  return snapped.includes("e") ? undefined : Math.round(Number(`${snapped}e${decimals}`));
}

function group(intPart: string): string {
  return intPart.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
}

/** 12345.678 → "12,345.68"; null → "—". */
export function formatNumber(v: number | null | undefined, decimals = 2): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  const fixed = toFixedHalfUp(Math.abs(v), decimals);
  const [i, d] = fixed.split(".");
  return (v < 0 ? "-" : "") + group(i!) + (d ? "." + d : "");
}

/** A value in its unit, with sensible precision: 亿元 two decimals, counts none, % one. */
export function formatValue(v: number | null | undefined, unit: string): string {
  if (v === null || v === undefined || !Number.isFinite(v)) return "—";
  if (unit === "%") return `${formatNumber(v, 1)}%`;
  if (unit === "家" || unit === "个") return `${formatNumber(v, 0)} ${unit}`;
  if (unit === "元" && Math.abs(v) >= 1e8) return `${formatNumber(v / 1e8, 2)} 亿元`;
  if (unit === "元" && Math.abs(v) >= 1e4) return `${formatNumber(v / 1e4, 2)} 万元`;
  const decimals = Math.abs(v) >= 1000 ? 1 : 2;
  return `${formatNumber(v, decimals)} ${unit}`;
}

export function formatShare(v: number | null | undefined): string {
  return v === null || v === undefined || !Number.isFinite(v) ? "—" : `${formatNumber(v * 100, 1)}%`;
}

