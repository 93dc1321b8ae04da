/**
 * The data vintage: when the figures were published or exported. The same year's
 * provincial GDP differs between vintages, so it is part of every value's key.
 * Taken from the row (long format), the file name (`…_vintage2018-06-30.csv`,
 * `…@2018.csv`), the command line, a line in the file (`file`), or inferred from the
 * newest period (`inferred`): the order of evidence is in `edition.ts`. `load_date`
 * is what warehouses loaded before that order existed recorded.
 */
export type VintageSource = "row" | "filename" | "option" | "file" | "inferred" | "load_date";

export function parseVintage(text: string): string | undefined {
  const s = text.normalize("NFKC").trim();
  let m = s.match(/^(\d{4})[-/.年]?(\d{1,2})[-/.月]?(\d{1,2})日?$/);
  if (m) return iso(Number(m[1]), Number(m[2]), Number(m[3]));
  m = s.match(/^(\d{4})[-/.年](\d{1,2})月?$/);
  if (m) return iso(Number(m[1]), Number(m[2]), lastDay(Number(m[1]), Number(m[2])));
  m = s.match(/^(\d{4})年?$/);
  if (m) return iso(Number(m[1]), 12, 31);
  return undefined;
}

export function vintageFromFileName(name: string): string | undefined {
  const m = name.normalize("NFKC").match(/(?:vintage|版本|数据版本|@)[-_ ]?(\d{4}(?:-?\d{2}(?:-?\d{2})?)?)/i);
  if (!m) return undefined;
  const d = m[1]!.replace(/-/g, "");
  return parseVintage(d.length === 8 ? `${d.slice(0, 4)}-${d.slice(4, 6)}-${d.slice(6)}` : d.length === 6 ? `${d.slice(0, 4)}-${d.slice(4)}` : d);
}

/** File names and titles that mark sample (synthetic) data, shown as 示例数据. */
export const SYNTHETIC_MARK = /示例数据|示例|synthetic|sample/i;

function iso(y: number, m: number, d: number): string | undefined {
  if (m < 1 || m > 12 || d < 1 || d > lastDay(y, m) || y < 1949 || y > 2100) return undefined;
  return `${y}-${String(m).padStart(2, "0")}-${String(d).padStart(2, "0")}`;
}

function lastDay(y: number, m: number): number {
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}

/** Today's date in the project's timezone, as YYYY-MM-DD. */
export function todayIn(timezone: string, now: Date = new Date()): string {
  // One formatter per time zone (making one is most of the cost, and a run asks once per file).
  let f = dayFormats.get(timezone);
  if (!f) dayFormats.set(timezone, (f = new Intl.DateTimeFormat("en-CA", { timeZone: timezone, year: "numeric", month: "2-digit", day: "2-digit" })));
  return f.format(now);
}
const dayFormats = new Map<string, Intl.DateTimeFormat>();
