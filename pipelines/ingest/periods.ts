/**
 * Period labels as bureaus and zone committees write them → an explicit interval
 * and a basis hint. Year-to-date figures (1-6月, 上半年, 前三季度) start on 1 January;
 * the basis is stored with every value, never guessed downstream.
 *
 * A label is read whole or not at all: text the grammar does not consume is a
 * `PERIOD_INVALID` naming the leftover (`readPeriod`), and in a title or file name
 * a period followed by more period-like text (`2024年1月-6月` read as far as `1月`)
 * is refused rather than half-read (`scanPeriod`). The grammar is listed in the
 * README ("Period grammar") and tested as a table in tests/ingest/period-grammar.test.ts.
 *
 * @example
 *   parsePeriod("2024年1-6月")  // { start: "2024-01-01", end: "2024-06-30", grain: "ytd", basisHint: "ytd", label: "2024年1-6月" }
 *   parsePeriod("一季度", { year: 2024 }) // 2024Q1
 *   readPeriod("2024年1-6月x") // { ok: false, leftover: "x", … }
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
  /**
   * A point in time (`6月末`, `年底`, `截至2024年6月底`): a stock's level at the end of the
   * interval. A flow under such a label is read as year-to-date with a warning (resolve.ts).
   */
  readonly asOf?: boolean;
}

export interface PeriodContext {
  /** The year to use when the label has none ("一季度", "1-6月"). */
  readonly year?: number;
}

/** A label read whole, or why not: `leftover` is the text the grammar could not consume. */
export type PeriodParse =
  | { readonly ok: true; readonly period: Period }
  | { readonly ok: false; readonly reason: string; readonly leftover?: string };

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
function secondHalf(year: number): Period {
  return { year, start: `${year}-07-01`, end: `${year}-12-31`, grain: "half", basisHint: "period", label: `${year}年下半年`, endMonth: 12 };
}
function asOfMonth(year: number, m: number): Period {
  return { ...month(year, m), basisHint: "level", label: `${year}年${m}月末`, asOf: true };
}
function asOfYearEnd(year: number): Period {
  return { ...wholeYear(year), basisHint: "level", label: `${year}年末`, asOf: true };
}

/** The single quarter ending at `p`'s last month (当季值 in a year-to-date file); undefined off a quarter end. */
export function lastQuarterOf(p: Period): Period | undefined {
  return p.endMonth % 3 === 0 ? quarter(p.year, p.endMonth / 3) : undefined;
}
/** The single month ending `p` (当月值 in a year-to-date file). */
export function lastMonthOf(p: Period): Period {
  return month(p.year, p.endMonth);
}

/**
 * Folds the spellings the grammar treats alike: full-width forms (NFKC), spaces,
 * every range dash or word (— – ~ ～ 至 到 －) to "-", and 截至/截止 to "@".
 */
export function normalizePeriodText(raw: string): string {
  return raw
    .normalize("NFKC")
    .replace(/[\s\u3000]+/g, "")
    .replace(/截[至止]到?/g, "@")
    .replace(/[—–―‒‐‑−﹣－~～至到]/g, "-");
}

const N = "(\\d{1,2}|十[一二]?|[一二三四五六七八九])";
const Q = "([1-4]|[一二三四])";
const LEI = "(累计(?:值)?)?";

interface Hit {
  readonly len: number;
  readonly make: (year: number) => Period | string;
}

/**
 * Every production of the grammar that can start `body` (the text after the year),
 * each with its length; the caller takes the longest. A production returns a reason
 * (string) when it matched the text but names no interval zonestat stores.
 */
function productions(body: string, yearSep: string | undefined): Hit[] {
  const hits: Hit[] = [];
  const rule = (re: string, make: (m: RegExpMatchArray) => (year: number) => Period | string) => {
    const m = body.match(new RegExp(`^(?:${re})`));
    if (m) hits.push({ len: m[0].length, make: make(m) });
  };
  const months = (a: number, b: number, cum: boolean) => (year: number): Period | string => {
    if (!(a >= 1 && b <= 12 && a <= b)) return `月份范围 ${a}-${b} 无效`;
    if (a === 1) return b === 1 && !cum ? month(year, 1) : ytd(year, b);
    if (cum) return `累计期间应从 1 月开始（写的是 ${a}-${b} 月）`;
    if (a === b) return month(year, a);
    if (b - a === 2 && a % 3 === 1) return quarter(year, b / 3);
    return `${a}-${b} 月不是从 1 月起的累计，也不是一个季度`;
  };
  // Ranges of months: 1-6月, 1月-6月, 一至六月, 1-6月份, 1-6月累计; with a "2024." year also bare 1-6.
  rule(`${N}月?-${N}月份?${LEI}`, (m) => months(toInt(m[1]!), toInt(m[2]!), !!m[3]));
  if (yearSep === "." || yearSep === "/") {
    rule(`(\\d{1,2})-(\\d{1,2})(?![\\d月])`, (m) => months(Number(m[1]), Number(m[2]), false));
    rule(`(\\d{1,2})(?![\\d-])`, (m) => months(Number(m[1]), Number(m[1]), false));
  }
  rule(`前${N}个?月${LEI}`, (m) => months(1, toInt(m[1]!), true));
  // Ranges of quarters: 1-3季度, 一至三季度, 第一至第三季度, 前三季度.
  rule(`第?${Q}季?度?-第?${Q}季度${LEI}`, (m) => (year) => {
    const a = toInt(m[1]!);
    const b = toInt(m[2]!);
    if (a === 1 && b >= a) return ytd(year, b * 3);
    if (a === b) return m[3] ? ytd(year, b * 3) : quarter(year, b);
    return `季度范围 ${a}-${b} 不是从第一季度起的累计`;
  });
  rule(`前${Q}个?季度${LEI}`, (m) => (year) => ytd(year, toInt(m[1]!) * 3));
  // One quarter: 第三季度, 三季度, 3季度; 累计 makes it year-to-date; 季度末 a point in time.
  rule(`第?${Q}季度${LEI}`, (m) => (year) => (m[2] ? ytd(year, toInt(m[1]!) * 3) : quarter(year, toInt(m[1]!))));
  rule(`第?${Q}季度?[末底]`, (m) => (year) => asOfMonth(year, toInt(m[1]!) * 3));
  // Halves and the whole year.
  rule(`上半年${LEI}`, () => (year) => ytd(year, 6));
  rule(`下半年`, () => (year) => secondHalf(year));
  rule(`全年${LEI}|年度`, () => (year) => wholeYear(year));
  // One month: 6月, 6月份, 6月累计 (= 1-6月), 6月末/6月底 (a point in time).
  rule(`${N}月份?${LEI}`, (m) => (year) => {
    const mm = toInt(m[1]!);
    if (!(mm >= 1 && mm <= 12)) return `${m[1]}月不是有效月份`;
    return m[2] ? ytd(year, mm) : month(year, mm);
  });
  rule(`${N}月[末底]`, (m) => (year) => {
    const mm = toInt(m[1]!);
    return mm >= 1 && mm <= 12 ? asOfMonth(year, mm) : `${m[1]}月不是有效月份`;
  });
  rule(`年?[末底]`, () => (year) => asOfYearEnd(year));
  return hits;
}

interface Match {
  /** Characters of the normalized text consumed. */
  readonly len: number;
  readonly result: PeriodParse;
}

/** The longest reading of a period at the start of normalized text `s`, or undefined when nothing period-like starts there. */
function matchAt(s: string, ctx: PeriodContext): Match | undefined {
  const asOfWord = s.startsWith("@");
  const t = asOfWord ? s.slice(1) : s;
  const off = asOfWord ? 1 : 0;
  const valid = (year: number | undefined): year is number => year !== undefined && year >= 1949 && year <= 2100;

  // Whole-label compact forms: 2024Q3, 2024H1, 2024M03, 2024-03.
  let m = t.match(/^(\d{4})(?:[Qq]([1-4])|[Hh]([12])|[Mm](\d{1,2})|[-/](\d{1,2})(?![\d-]))/);
  if (m && !asOfWord) {
    const year = Number(m[1]);
    const len = m[0].length;
    if (m[2]) return { len, result: { ok: true, period: quarter(year, Number(m[2])) } };
    if (m[3]) return { len, result: { ok: true, period: m[3] === "1" ? ytd(year, 6) : secondHalf(year) } };
    const mm = Number(m[4] ?? m[5]);
    return { len, result: mm >= 1 && mm <= 12 ? { ok: true, period: month(year, mm) } : { ok: false, reason: `${mm} 不是有效月份` } };
  }
  m = t.match(/^(\d{4})(年度|年|\.|\/)?/);
  const yearText = m?.[1];
  const yearSep = m?.[2];
  if (m && (m.index !== 0 || t.slice(4, 5).match(/\d/))) m = null;
  const bodyAt = m ? m[0].length : 0;
  const body = t.slice(bodyAt);
  const year = yearText && m ? Number(yearText) : ctx.year;
  const hits = productions(body, yearSep);
  if (m && yearSep === "年度") {
    // 2024年度 is the whole year; nothing else may follow "年度" in the same label.
    if (!valid(year)) return { len: off + bodyAt, result: { ok: false, reason: `年份 ${yearText} 超出 1949-2100` } };
    return { len: off + bodyAt, result: { ok: true, period: asOfWord ? asOfYearEnd(year) : wholeYear(year) } };
  }
  const best = hits.sort((a, b) => b.len - a.len)[0];
  if (!best) {
    if (!m || (yearSep !== undefined && yearSep !== "年")) return m ? { len: off + 4, result: { ok: false, reason: "年份后缺少期间" } } : undefined;
    if (!valid(year)) return { len: off + bodyAt, result: { ok: false, reason: `年份 ${yearText} 超出 1949-2100` } };
    return { len: off + bodyAt, result: { ok: true, period: asOfWord ? asOfYearEnd(year) : wholeYear(year) } };
  }
  const len = off + bodyAt + best.len;
  if (!valid(year)) return { len, result: { ok: false, reason: yearText ? `年份 ${yearText} 超出 1949-2100` : "期间没有年份（标题或文件名中也没有）" } };
  const made = best.make(year);
  if (typeof made === "string") return { len, result: { ok: false, reason: made } };
  if (asOfWord) {
    // 截至…: a point in time. 截至6月底 and 截至6月 alike; 截至上半年/一季度 name their last month.
    return { len, result: { ok: true, period: made.asOf ? made : made.grain === "year" ? asOfYearEnd(year) : asOfMonth(year, made.endMonth) } };
  }
  return { len, result: { ok: true, period: made } };
}

/**
 * Reads a whole period label (a period column, an NBS column header). Every character
 * must be consumed by the grammar; otherwise `{ ok: false, leftover }`.
 */
export function readPeriod(raw: string, ctx: PeriodContext = {}): PeriodParse {
  const s = normalizePeriodText(raw);
  if (!s) return { ok: false, reason: "期间为空" };
  const hit = matchAt(s, ctx);
  if (!hit) return { ok: false, reason: "不是可识别的期间", leftover: s };
  if (!hit.result.ok) return hit.result;
  if (hit.len < s.length) return { ok: false, reason: `期间后有无法识别的文字「${s.slice(hit.len)}」`, leftover: s.slice(hit.len) };
  return hit.result;
}

/** Returns undefined when the text is not wholly a period this reader knows (see `readPeriod` for why). */
export function parsePeriod(raw: string, ctx: PeriodContext = {}): Period | undefined {
  const r = readPeriod(raw, ctx);
  return r.ok ? r.period : undefined;
}

/** Text right after a period that says the period went on: `-6月` after `2024年1月`, `季度`, `末`, `累计`… */
const CONTINUES = /^(?:[-@][0-9一二三四五六七八九十]|[0-9]|[一二三四五六七八九十][0-9一二三四五六七八九十]*[月季]|[月季度末底份]|累计|上半|下半|前[0-9一二三四五六七八九十])/;
/** Where a period can start inside free text: a year written with 年, 年度, Q/H, or "2024.1"; or 截至 before one. */
const STARTS = /@?(?<!\d)\d{4}(?=年|[Qq][1-4]|[Hh][12]|[./]\d)/g;

/**
 * Finds the period inside free text such as a title or a file name. Undefined when the
 * text names none; `{ ok: false }` when it names one only partly (the leftover named).
 */
export function scanPeriod(text: string): PeriodParse | undefined {
  // A vintage in a file name (`…_vintage2017-06-20`, `…@2018`, vintage.ts) is not a period.
  const s = normalizePeriodText(text.normalize("NFKC").replace(/(?:vintage|版本|数据版本|@)[-_ ]?\d{4}(?:-?\d{2}(?:-?\d{2})?)?/gi, ""));
  for (const m of s.matchAll(STARTS)) {
    const at = m.index!;
    const hit = matchAt(s.slice(at), {});
    if (!hit) continue;
    const before = s.slice(0, at).match(/[0-9一二三四五六七八九十年月季度]-$/);
    if (before) return { ok: false, reason: `期间范围「${s.slice(Math.max(0, at - 6), at + hit.len)}」跨年或起点无法识别`, leftover: s.slice(Math.max(0, at - 6), at) };
    if (!hit.result.ok) return { ...hit.result, leftover: hit.result.leftover ?? s.slice(at, at + hit.len + 4) };
    const rest = s.slice(at + hit.len);
    const more = rest.match(CONTINUES);
    if (more) {
      const tail = rest.match(/^[-@0-9一二三四五六七八九十月季度末底份累计值上下半前个第年]+/)?.[0] ?? more[0];
      return { ok: false, reason: `「${s.slice(at, at + hit.len)}」后还有无法识别的期间文字「${tail}」`, leftover: tail };
    }
    // A second period word later in the same text (「2024年…下半年」) makes the reading ambiguous: refused, not guessed.
    // 累计 later in the title agrees with a year-to-date period (「2024年1-6月主要指标累计完成情况」); elsewhere it may change it.
    const second = rest.match(SECOND_PERIOD) ?? (hit.result.period.grain !== "ytd" ? rest.match(/累/) : null);
    if (second) return { ok: false, reason: `「${s.slice(at, at + hit.len)}」之外还有期间文字「${second[0]}」，无法确定期间`, leftover: second[0] };
    return hit.result;
  }
  return undefined;
}

/** Whether a text carries a period word without a year (1-6月, 上半年, 第三季度): see read-table.ts's readFilePeriod. */
export const SECOND_PERIOD_WORD: RegExp = /上半年|下半年|前[一二三四1-4]个?季度|第?[一二三四1-4]季度|前[0-9一二三四五六七八九十]+个?月|(?<![0-9])(?:1[0-2]|[1-9])月|[一二三四五六七八九十]+月|[一二三四1-4]季/;
const SECOND_PERIOD = /上半年|下半年|前[一二三四1-4]个?季度|第?[一二三四1-4]季度|前[0-9一二三四五六七八九十]+个?月|(?<![0-9])(?:1[0-2]|[1-9])月|[一二三四五六七八九十]+月|全年|年末|年底|月末|月底|半年|季度|[末底]|截至|@|[一二三四1-4]季|季(?![报刊节])|个月|-[0-9一二三四五六七八九十]|[0-9一二三四五六七八九十]-[0-9一二三四五六七八九十]|(?<![A-Za-z])(?:[QqHh][1-4]|[Mm][0-9]{1,2})(?![0-9])/;

/** Finds a period inside free text such as a title or a file name; undefined if none or only partly readable. */
export function findPeriod(text: string): Period | undefined {
  const r = scanPeriod(text);
  return r?.ok ? r.period : undefined;
}

/** Re-labels a period for a year-to-date basis (NBS 累计值 under a quarter or month header). */
export function asYearToDate(p: Period): Period {
  return ytd(p.year, p.endMonth);
}

/**
 * A SQL expression for how many months a period covers (start and end are DATE column expressions): 3 for 1-3月,
 * 12 for 1-12月. One definition for JUMP_20X's pro-rating of a 累计 by months at load time and in the re-audit
 * (stat-qa finding 6: a 1-3月 against last year's 1-12月 is compared with that 1-12月 × 3 ÷ 12).
 */
export function periodMonthsSql(start: string, end: string): string {
  return `(date_diff('month', ${start}, ${end}) + 1)`;
}

/**
 * `source`'s rows with `columns` (SQL expressions over period_start and period_end, each `… as name`) added after its
 * own, computed once per distinct span and joined back on it — the same values as `select *, columns from source`, for
 * a fraction of the cost: date arithmetic with month and year intervals is slow per row (EXPLAIN ANALYZE at province:
 * 0.87 s for three such columns over 293 000 累计 in INCREMENT_JUMP; a few hundred distinct spans). `source` is a table
 * or materialized CTE name (read twice). A null span gets nulls, as the expressions give them.
 */
export function perSpanSql(source: string, columns: string): string {
  return `select s.*, d.* exclude (period_start, period_end) from ${source} s
    left join (select period_start, period_end, ${columns} from (select distinct period_start, period_end from ${source})) d
      on d.period_start = s.period_start and d.period_end = s.period_end`;
}
