/**
 * Period labels as bureaus and zone committees write them → an explicit interval
 * and a basis hint. Year-to-date figures (1-6月, 上半年, 前三季度) start on 1 January;
 * the basis is stored with every value, never guessed downstream.
 *
 * @example
 *   parsePeriod("2024年1-6月")  // { start: "2024-01-01", end: "2024-06-30", grain: "ytd", basisHint: "ytd", label: "2024年1-6月" }
 *   parsePeriod("一季度", { year: 2024 }) // 2024Q1
 */
export type Grain = "year" | "half" | "quarter" | "month" | "ytd";
export type Basis = "ytd" | "period" | "level";

export interface Period {
  readonly year: number;
  readonly start: string;
  readonly end: string;
  readonly grain: Grain;
  /** What the label alone says about the basis; an indicator label may override it. */
  readonly basisHint: Basis;
  readonly label: string;
  /** Months covered from the start of the year to the end of the period (1-12). */
  readonly endMonth: number;
}

export interface PeriodContext {
  /** The year to use when the label has none ("一季度", "1-6月"). */
  readonly year?: number;
}

const CN_NUM: Record<string, number> = { 一: 1, 二: 2, 三: 3, 四: 4, 五: 5, 六: 6, 七: 7, 八: 8, 九: 9, 十: 10, 十一: 11, 十二: 12 };

function toInt(s: string): number {
  return /^\d+$/.test(s) ? Number(s) : (CN_NUM[s] ?? NaN);
}

const pad = (n: number) => String(n).padStart(2, "0");
function monthEnd(year: number, month: number): string {
  const d = new Date(Date.UTC(year, month, 0)).getUTCDate();
  return `${year}-${pad(month)}-${pad(d)}`;
}
const monthStart = (year: number, month: number) => `${year}-${pad(month)}-01`;

const QUARTER_LABEL = ["", "第一季度", "第二季度", "第三季度", "第四季度"];

function quarter(year: number, q: number): Period {
  return { year, start: monthStart(year, q * 3 - 2), end: monthEnd(year, q * 3), grain: "quarter", basisHint: "period", label: `${year}年${QUARTER_LABEL[q]}`, endMonth: q * 3 };
}
function ytd(year: number, toMonth: number): Period {
  if (toMonth === 12) return { year, start: monthStart(year, 1), end: monthEnd(year, 12), grain: "ytd", basisHint: "ytd", label: `${year}年1-12月`, endMonth: 12 };
  const label = toMonth === 1 ? `${year}年1月` : `${year}年1-${toMonth}月`;
  return { year, start: monthStart(year, 1), end: monthEnd(year, toMonth), grain: "ytd", basisHint: "ytd", label, endMonth: toMonth };
}
function month(year: number, m: number): Period {
  return { year, start: monthStart(year, m), end: monthEnd(year, m), grain: "month", basisHint: "period", label: `${year}年${m}月`, endMonth: m };
}
function wholeYear(year: number): Period {
  return { year, start: `${year}-01-01`, end: `${year}-12-31`, grain: "year", basisHint: "period", label: `${year}年`, endMonth: 12 };
}

/** Returns undefined when the text is not a period this reader knows. */
export function parsePeriod(raw: string, ctx: PeriodContext = {}): Period | undefined {
  const s = raw.normalize("NFKC").replace(/\s+/g, "").replace(/[—–~～至到]/g, "-");
  if (!s) return undefined;
  let m: RegExpMatchArray | null;
  const yearPart = "(?:(\\d{4})年?)?";
  const y = (g: string | undefined) => (g ? Number(g) : ctx.year);
  const valid = (year: number | undefined): year is number => year !== undefined && year >= 1949 && year <= 2100;

  if ((m = s.match(/^(\d{4})(?:年|年度)?(?:全年)?$/))) return wholeYear(Number(m[1]));
  if ((m = s.match(/^(\d{4})[Qq]([1-4])$/))) return quarter(Number(m[1]), Number(m[2]));
  if ((m = s.match(/^(\d{4})[Hh]([12])$/))) return m[2] === "1" ? ytd(Number(m[1]), 6) : undefined;
  if ((m = s.match(new RegExp(`^${yearPart}(?:第)?([一二三四1-4])季度$`)))) {
    const year = y(m[1]);
    return valid(year) ? quarter(year, toInt(m[2]!)) : undefined;
  }
  if ((m = s.match(new RegExp(`^${yearPart}1-(\\d{1,2}|十[一二]?|[二三四五六七八九])月(?:份)?$`)))) {
    const year = y(m[1]);
    const to = toInt(m[2]!);
    return valid(year) && to >= 2 && to <= 12 ? ytd(year, to) : undefined;
  }
  if ((m = s.match(new RegExp(`^${yearPart}(上半年|前三季度|前三个季度|全年)$`)))) {
    const year = y(m[1]);
    if (!valid(year)) return undefined;
    return m[2] === "上半年" ? ytd(year, 6) : m[2] === "全年" ? wholeYear(year) : ytd(year, 9);
  }
  if ((m = s.match(/^(\d{4})年(\d{1,2})月(?:份)?$/)) || (m = s.match(/^(\d{4})[-./](\d{1,2})$/)) || (m = s.match(/^(\d{4})M(\d{1,2})$/i))) {
    const mm = Number(m[2]);
    return mm >= 1 && mm <= 12 ? month(Number(m[1]), mm) : undefined;
  }
  if ((m = s.match(/^(\d{1,2})月(?:份)?$/)) && valid(ctx.year)) {
    const mm = Number(m[1]);
    return mm >= 1 && mm <= 12 ? month(ctx.year, mm) : undefined;
  }
  return undefined;
}

/** Finds a period inside free text such as a title or a file name. */
export function findPeriod(text: string): Period | undefined {
  const s = text.normalize("NFKC").replace(/\s+/g, "").replace(/[—–~～至到]/g, "-");
  const patterns = [
    /(\d{4})年1-(\d{1,2})月/,
    /(\d{4})年(上半年|前三季度|全年)/,
    /(\d{4})年(?:第)?[一二三四1-4]季度/,
    /(\d{4})[Qq][1-4]/,
    /(\d{4})年\d{1,2}月/,
    /(\d{4})年(?:度)?/,
  ];
  for (const p of patterns) {
    const m = s.match(p);
    if (m) {
      const parsed = parsePeriod(m[0].replace(/年度$/, "年"));
      if (parsed) return parsed;
    }
  }
  return undefined;
}

/** Re-labels a period for a year-to-date basis (NBS 累计值 under a quarter or month header). */
export function asYearToDate(p: Period): Period {
  return ytd(p.year, p.endMonth);
}
