/**
 * Row accounting: every physical line of a file is counted once — loaded as data, or
 * recognised as title / header / unit / note / total / subtotal / blank, or an error —
 * so nothing a file holds can vanish unnoticed. The counts add up to the file's line
 * count (`lines`), are stored in `ingest.file_accounting.row_accounting` (JSON, one row per loaded file) and printed in
 * the report (issue #14, "Row accounting").
 */
import { physicalLines, type GridRow } from "./grid.js";
import type { ProblemList } from "./problems.js";

/** What a reader recognised a row as. Data rows become loaded, empty or error after resolution. */
export type LineKind = "data" | "title" | "header" | "unit" | "note" | "total" | "subtotal" | "meta";

export interface RowAccounting {
  /** Physical lines in the file (LF, CRLF or CR endings; a final line ending starts no line). */
  readonly lines: number;
  /** Data rows with at least one value stored. */
  readonly loaded: number;
  /** Data rows whose cells were all missing (—, blank): nothing to store. */
  readonly empty: number;
  readonly title: number;
  readonly header: number;
  readonly unit: number;
  readonly note: number;
  readonly total: number;
  readonly subtotal: number;
  /** Portal export description lines (数据库：…, 时间：…). */
  readonly meta: number;
  readonly blank: number;
  /** Lines with at least one error. */
  readonly error: number;
  /** Lines after a structural error that were not read (a second table). */
  readonly unread: number;
}

export const ACCOUNTING_LABELS: ReadonlyArray<[keyof RowAccounting, string]> = [
  ["loaded", "数据行（有数值）"], ["empty", "数据行（全部为空值）"], ["title", "标题"], ["header", "表头"], ["unit", "单位行"],
  ["meta", "导出说明行"], ["note", "注释"], ["total", "合计行"], ["subtotal", "小计行"], ["blank", "空行"], ["error", "有错误的行"], ["unread", "未读取"],
];

/**
 * Counts each physical line once. A grid row spanning several lines (a quoted newline)
 * counts each of its lines with the row's kind; a line no row starts on is blank.
 */
export function accountLines(text: string, rows: readonly GridRow[], kinds: ReadonlyMap<number, LineKind>, loadedLines: ReadonlySet<number>, problems: ProblemList): RowAccounting {
  const lines = physicalLines(text);
  const n = lines.length;
  const errorLines = new Set(problems.errors.map((p) => p.line).filter((l): l is number => l !== undefined));
  const counts: Record<Exclude<keyof RowAccounting, "lines">, number> = { loaded: 0, empty: 0, title: 0, header: 0, unit: 0, note: 0, total: 0, subtotal: 0, meta: 0, blank: 0, error: 0, unread: 0 };
  const rowAt = new Map(rows.map((r) => [r.line, r]));
  let current: keyof typeof counts = "blank";
  for (let line = 1; line <= n; line++) {
    const row = rowAt.get(line);
    if (row) {
      const kind = kinds.get(line);
      if (errorLines.has(line)) current = "error";
      else if (kind === undefined) current = "unread";
      else if (kind === "data") current = loadedLines.has(line) ? "loaded" : "empty";
      else current = kind;
      counts[current]++;
    } else if (lines[line - 1]!.replace(/[,\t\s\u3000]/g, "") === "") {
      counts.blank++;
      current = "blank";
    } else {
      // A continuation line of a quoted multi-line cell: counted with its row.
      counts[current === "blank" ? "unread" : current]++;
    }
  }
  return { lines: n, ...counts };
}

/** Text for the report: `共 6 行：数据行（已入库） 2，标题 1，…`; zero counts left out. */
export function formatAccounting(a: RowAccounting): string {
  const parts = ACCOUNTING_LABELS.filter(([k]) => a[k] > 0).map(([k, label]) => `${label} ${a[k]}`);
  return `共 ${a.lines} 行：${parts.join("，")}`;
}
