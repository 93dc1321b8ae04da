/**
 * A file's edition (数据版本): when the figures in it were published or exported,
 * decided by an explicit order of evidence (issue #15), strongest first:
 *
 *   1. stated by the user — a vintage column in the rows, the file name
 *      (`…_vintage2018.csv`), or `--vintage`;
 *   2. stated in the file — a line `填报日期：`, `报送日期：`, `数据截止：`, `导出时间：`
 *      or `更新时间：` among the first or last lines;
 *   3. a correction marker (`更正`, `修订`, `修正`, `补报`, `（第二版）`) in the file name or
 *      title — the file supersedes the unmarked files of its layout it overlaps
 *      (applied per value in the `observations` view, not here);
 *   4. inferred from the content — an export whose newest period ends on day D was
 *      made after D: the edition is at least D + 1 (a lower bound);
 *   5. only then the file's modification time, then load order — a value decided by
 *      these alone, where two files disagree, is flagged as a conflict.
 *
 * This module finds the evidence for 1, 2, 3 and 4; the ranking is SQL (migration
 * `0004_vintages`), so a later drop or a withdraw re-decides every value.
 */
import { parseVintage, vintageFromFileName, type VintageSource } from "./vintage.js";

/** The labels of rule 2, as statistical offices and the portal write them. */
export const STATED_LABELS = ["填报日期", "填报时间", "报送日期", "报送时间", "报出日期", "报出时间", "填表日期", "数据截止", "导出时间", "更新时间"] as const;

const STATED_LINE = new RegExp(`^\\s*"?\\s*(${STATED_LABELS.join("|")})\\s*[：:]\\s*([^",]*?)\\s*"?\\s*,*\\s*$`);
const STATED_LABEL_CELL = new RegExp(`^(${STATED_LABELS.join("|")})\\s*[：:]?$`);
/** Rule 3's markers. `修订` inside a footnote (`注：…进行了系统修订`) is not a title, so only name and title are read. */
const CORRECTION = /更正|修订|修正|补报|[（(]第二版[)）]/;
/** How many lines at the head and at the foot of a file are searched for a rule-2 line. */
const STATED_SEARCH_LINES = 12;

/** The rule (1–5) each recorded source stands for. `load_date` is the old default, kept for warehouses loaded before #15. */
export const VINTAGE_RULE: Record<VintageSource, number> = { row: 1, filename: 1, option: 1, file: 2, inferred: 4, load_date: 5 };

export interface StatedVintage {
  /** ISO date (YYYY-MM-DD); a month or year means its last day. */
  readonly vintage?: string;
  readonly label: string;
  /** 1-based line number in the decoded text (a workbook: the sheet's row). */
  readonly line: number;
  readonly text: string;
  /** The worksheet, for a workbook. */
  readonly sheet?: string;
  /** Only a month was written (2025年10月): `vintage` is its first day. */
  readonly monthOnly?: boolean;
}

/**
 * Rule 2: the first `填报日期：…`-style line among the first and last
 * {@link STATED_SEARCH_LINES} lines of `text`. A date that cannot be read comes back
 * with `vintage` undefined so the caller can flag it (never guessed).
 * A time after the date (`导出时间：2018-03-02 10:31:05`) is dropped: the edition is a day.
 */
export function statedVintage(text: string): StatedVintage | undefined {
  const lines = text.split(/\r\n|\n|\r/);
  const picks = new Set<number>();
  for (let i = 0; i < Math.min(STATED_SEARCH_LINES, lines.length); i++) picks.add(i);
  for (let i = Math.max(0, lines.length - STATED_SEARCH_LINES); i < lines.length; i++) picks.add(i);
  for (const i of [...picks].sort((a, b) => a - b)) {
    const m = lines[i]!.replace(/^\uFEFF/, "").normalize("NFKC").match(STATED_LINE);
    if (!m) continue;
    const raw = m[2]!.trim();
    const day = raw.replace(/\s*(\d{1,2}:\d{2}(:\d{2})?)$/, "").replace(/\s+/g, "");
    return { vintage: parseVintage(day), label: m[1]!, line: i + 1, text: raw };
  }
  return undefined;
}

/**
 * A form's header or signature row read as `名称：内容` pairs — `填报单位：大连市商务局`, or the
 * name and the content in two cells (`填报日期：` | `2025-04-20`, `单位负责人：` | `赵六`), or a bare
 * rule-2 label followed by its date. Undefined when any cell is not part of such a pair, so a
 * data row is never taken for one.
 */
export function metadataPairs(cells: readonly string[]): Array<{ key: string; value: string }> | undefined {
  const filled = cells.map((c) => c.trim().normalize("NFKC")).filter(Boolean);
  if (filled.length === 0) return undefined;
  const pairs: Array<{ key: string; value: string }> = [];
  for (let k = 0; k < filled.length; k++) {
    const m = /^([^：:]{1,12}?)\s*[：:]\s*(.*)$/.exec(filled[k]!);
    const bare = m ? null : STATED_LABEL_CELL.exec(filled[k]!);
    if (!m && !bare) return undefined;
    const key = m ? m[1]! : bare![1]!;
    let value = m ? m[2]! : "";
    // An empty value takes the next cell, unless that cell is itself a `名称：` pair.
    if (!value && k + 1 < filled.length && !/^[^：:]{1,12}[：:]/.test(filled[k + 1]!)) value = filled[++k]!;
    pairs.push({ key: key.trim(), value });
  }
  return pairs;
}

/** The rule-2 pair of a row, if the row is a metadata row (see {@link metadataPairs}) carrying one. */
function statedCell(cells: readonly string[]): { label: string; text: string } | undefined {
  const pairs = metadataPairs(cells);
  const hit = pairs?.find((p) => (STATED_LABELS as readonly string[]).includes(p.key));
  return hit ? { label: hit.key, text: hit.value } : undefined;
}

/**
 * Whether a grid row is a rule-2 line (see {@link statedCell}): readers skip it as a metadata
 * line, never as a title, a note that hides the date, or a second table.
 */
export function isStatedRow(cells: readonly string[]): boolean {
  return statedCell(cells) !== undefined;
}

/**
 * Rule 2 over a grid (a CSV's rows or one worksheet's): the first rule-2 row among its first
 * and last {@link STATED_SEARCH_LINES} rows. `line` is the grid row's own line number (physical
 * line of a text file; sheet row of a workbook, hidden rows already left out). A date that
 * cannot be read comes back with `vintage` undefined (never guessed); a time after it is dropped.
 */
export function statedVintageInRows(rows: ReadonlyArray<{ line: number; cells: readonly string[] }>, sheet?: string): StatedVintage | undefined {
  const picks = new Set<number>();
  for (let i = 0; i < Math.min(STATED_SEARCH_LINES, rows.length); i++) picks.add(i);
  for (let i = Math.max(0, rows.length - STATED_SEARCH_LINES); i < rows.length; i++) picks.add(i);
  for (const i of [...picks].sort((a, b) => a - b)) {
    const found = statedCell(rows[i]!.cells.map((c, k) => (k === 0 ? c.replace(/^\uFEFF/, "") : c)));
    if (!found) continue;
    const day = found.text.replace(/\s*(\d{1,2}:\d{2}(:\d{2})?)$/, "").replace(/\s+/g, "");
    // 2025年10月 without a day: the month's first day, the earliest it can mean — a file dated within that
    // month outranks it, and the reader is told (VINTAGE_MONTH_ONLY) rather than left with a guess.
    const month = /^(\d{4})[-/.年](\d{1,2})月?$/.exec(day.normalize("NFKC"));
    const vintage = month ? parseVintage(`${month[1]}-${month[2]!.padStart(2, "0")}-01`) : parseVintage(day);
    return { vintage, label: found.label, line: rows[i]!.line, text: found.text, ...(sheet ? { sheet } : {}), ...(month && vintage ? { monthOnly: true } : {}) };
  }
  return undefined;
}

/** Rule 3: the correction marker in the file name or title, if any. */
export function correctionMarker(name: string, title: string | undefined): string | undefined {
  const n = name.normalize("NFC").match(CORRECTION);
  if (n) return n[0];
  return title?.normalize("NFC").match(CORRECTION)?.[0];
}

/** Rule 4: the day after the newest period's end (ISO dates), or undefined without periods. */
export function inferredVintage(newestPeriodEnd: string | undefined): string | undefined {
  if (!newestPeriodEnd) return undefined;
  const d = new Date(`${newestPeriodEnd}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + 1);
  return d.toISOString().slice(0, 10);
}

export interface Edition {
  readonly vintage: string;
  readonly source: VintageSource;
  /** Where the date came from, in plain Chinese, for status and the pages. */
  readonly note: string;
}

/**
 * A file's edition by rules 1, 2 and 4 (rule 3 and 5 are decided per value in SQL).
 * `today` is used only when a file has no period at all (it is then rejected anyway).
 */
export function fileEdition(input: { name: string; option?: string; stated?: StatedVintage; newestPeriodEnd?: string; today: string }): Edition {
  if (input.option) return { vintage: input.option, source: "option", note: `命令行 --vintage ${input.option}（规则1）` };
  const fromName = vintageFromFileName(input.name);
  if (fromName) return { vintage: fromName, source: "filename", note: `文件名中的版本 ${fromName}（规则1）` };
  if (input.stated?.vintage) return { vintage: input.stated.vintage, source: "file", note: `${input.stated.sheet ? `工作表「${input.stated.sheet}」` : "文件"}第${input.stated.line}行「${input.stated.label}：${input.stated.text}」（规则2）` };
  const inferred = inferredVintage(input.newestPeriodEnd);
  if (inferred) return { vintage: inferred, source: "inferred", note: `由内容推断：最新期间截至 ${input.newestPeriodEnd}，版本不早于 ${inferred}（规则4）` };
  return { vintage: input.today, source: "load_date", note: `入库日期（规则5）` };
}

/** The newest period end among ISO dates. */
export function newestPeriodEnd(ends: Iterable<string>): string | undefined {
  let max: string | undefined;
  for (const e of ends) if (!max || e > max) max = e;
  return max;
}
