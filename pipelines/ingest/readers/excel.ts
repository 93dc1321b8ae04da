/**
 * An Excel workbook → one grid per visible sheet, the same `GridRow`s a CSV becomes,
 * so layout detection, the period and header grammar and every check after the grid
 * are shared. A row's `line` is its Excel row number and cells start at column A, so
 * `Sheet1!D7` names the cell a statistician clicks on.
 *
 * Values are taken as stored, not as displayed (SheetJS `v`, not `w`): a number shown
 * with one decimal keeps its full value; a cell formatted as a percentage (stored
 * 0.052) reads as `5.2%`; a date cell reads as an ISO date at the precision its format
 * shows (`2024-03`, `2024-03-31`); a formula reads as its cached value. What cannot be
 * read exactly is a problem naming the cell: a formula with no cached value, an error
 * value (`#DIV/0!`, `#N/A`, `#REF!`…), a number spread over merged cells, a formula
 * that pulls a value from another workbook. Hidden sheets, rows and columns are left
 * out and reported.
 */
import * as XLSX from "@e965/xlsx";
import { columnLetter, type GridRow } from "../grid.js";
import { ProblemList } from "../problems.js";
import { excelMsg } from "./excel-messages.js";

export interface SheetGrid {
  readonly sheet: string;
  readonly rows: GridRow[];
  /** Addresses (`D7`) of cells formatted as a percentage: their value must land in a % column. */
  readonly percentCells: ReadonlySet<string>;
}

/** BIFF error codes ([MS-XLS] 2.5.97.2 BErr) as Excel shows them. */
const ERRORS: Record<number, string> = { 0x00: "#NULL!", 0x07: "#DIV/0!", 0x0f: "#VALUE!", 0x17: "#REF!", 0x1d: "#NAME?", 0x24: "#NUM!", 0x2a: "#N/A", 0x2b: "#GETTING_DATA" };

/**
 * Parses a workbook whose container `checkContainer` has passed.
 * @returns one grid per visible, non-empty sheet (problems go to `problems`, each with its sheet)
 * @throws Error from SheetJS on a file it cannot parse (the caller turns it into EXCEL_CORRUPT / EXCEL_PASSWORD)
 */
export function readWorkbookGrids(bytes: Uint8Array, problems: ProblemList): SheetGrid[] {
  // No VBA, no external fetches: SheetJS only reads the bytes it is given.
  const wb = XLSX.read(bytes, { type: "buffer", dense: true, cellFormula: true, cellNF: true, cellStyles: true, cellDates: false, bookVBA: false, WTF: false });
  // A workbook saved in the 1904 date system (old Mac Excel) counts serials from 1904-01-01.
  const date1904 = Boolean(wb.Workbook?.WBProps?.date1904);
  const grids: SheetGrid[] = [];
  wb.SheetNames.forEach((name, i) => {
    const hidden = wb.Workbook?.Sheets?.[i]?.Hidden ?? 0;
    const ws = wb.Sheets[name]!;
    const data: XLSX.CellObject[][] = (ws as XLSX.DenseSheet)["!data"] ?? [];
    if (hidden) {
      if (data.some((row) => row?.some((c) => c && !isBlank(c)))) problems.warn("EXCEL_HIDDEN_SHEET", excelMsg.hiddenSheet(name), { sheet: name });
      return;
    }
    if (ws["!type"] === "chart") return;
    const grid = sheetGrid(name, ws, data, problems, date1904);
    if (grid.rows.length > 0) grids.push(grid);
  });
  return grids;
}

function sheetGrid(sheet: string, ws: XLSX.WorkSheet, data: XLSX.CellObject[][], problems: ProblemList, date1904: boolean): SheetGrid {
  const hiddenRows = new Set<number>();
  (ws["!rows"] ?? []).forEach((r, R) => r?.hidden && hiddenRows.add(R));
  const hiddenCols = new Set<number>();
  (ws["!cols"] ?? []).forEach((c, C) => c?.hidden && hiddenCols.add(C));
  const at = (R: number, C: number) => ({ sheet, line: R + 1, column: columnLetter(C) });

  // Text cells as a grid of strings; merged label cells copied over their span first.
  const text: string[][] = [];
  const percentCells = new Set<string>();
  // A hidden row or column is skipped whole: an error value in it does not reject the file.
  const unread = new ProblemList();
  for (let R = 0; R < data.length; R++) {
    const row = data[R];
    if (!row) continue;
    const out: string[] = [];
    for (let C = 0; C < row.length; C++) {
      const c = row[C];
      const own = hiddenRows.has(R) || hiddenCols.has(C) ? unread : problems;
      out[C] = c ? cellText(c, R, C, at, own, percentCells, date1904) : "";
    }
    text[R] = out;
  }
  expandMerges(ws["!merges"] ?? [], data, text, at, problems);

  const rows: GridRow[] = [];
  const skippedRows: number[] = [];
  const skippedCols = new Set<number>();
  for (let R = 0; R < text.length; R++) {
    const cells = text[R];
    if (!cells) continue;
    const blankRow = cells.every((s) => s === undefined || s.trim() === "");
    if (hiddenRows.has(R)) {
      if (!blankRow) skippedRows.push(R + 1);
      continue;
    }
    const out = Array.from({ length: cells.length }, (_, C) => cells[C] ?? "");
    for (const C of hiddenCols) {
      if (C < out.length && out[C]!.trim() !== "") {
        skippedCols.add(C);
        out[C] = "";
      }
    }
    let n = out.length;
    while (n > 0 && out[n - 1]!.trim() === "") n--;
    if (n > 0) rows.push({ line: R + 1, cells: out.slice(0, n) });
  }
  if (skippedRows.length) problems.warn("EXCEL_HIDDEN_ROWS", excelMsg.hiddenRows(sheet, skippedRows), { sheet, line: skippedRows[0], value: skippedRows.join(",") });
  if (skippedCols.size) {
    const letters = [...skippedCols].sort((a, b) => a - b).map(columnLetter);
    problems.warn("EXCEL_HIDDEN_COLUMNS", excelMsg.hiddenColumns(sheet, letters), { sheet, column: letters[0], value: letters.join(",") });
  }
  return { sheet, rows, percentCells };
}

type At = (R: number, C: number) => { sheet: string; line: number; column: string };

function cellText(c: XLSX.CellObject, R: number, C: number, at: At, problems: ProblemList, percentCells: Set<string>, date1904: boolean): string {
  if (c.f !== undefined && /\[\d+\]|\[[^\]]+\.(xlsx?|xlsm|et|csv)\]/i.test(c.f)) {
    problems.error("EXCEL_EXTERNAL_LINK", excelMsg.externalLink(c.f), { ...at(R, C), value: "=" + c.f, expected: "数值（请“选择性粘贴 → 数值”后再保存）" });
    return "";
  }
  if (c.f !== undefined && (c.v === undefined || c.t === "z")) {
    problems.error("EXCEL_FORMULA_NO_VALUE", excelMsg.formulaNoValue(c.f), { ...at(R, C), value: "=" + c.f, expected: "在 Excel 中重新计算并保存，或粘贴为数值" });
    return "";
  }
  if (c.t === "e") {
    const shown = c.w ?? ERRORS[c.v as number] ?? String(c.v);
    problems.error("EXCEL_CELL_ERROR", excelMsg.cellError(shown), { ...at(R, C), value: c.f ? `${shown}（=${c.f}）` : shown, expected: "数值，或留空表示缺失" });
    return "";
  }
  if (c.v === undefined || c.v === null) return "";
  if (c.t === "s") return String(c.v);
  if (c.t === "b") return c.v ? "TRUE" : "FALSE";
  if (c.t === "d") return isoDate(c.v instanceof Date ? dateCode(c.v) : undefined, typeof c.z === "string" ? c.z : "yyyy-mm-dd");
  if (c.t === "n") {
    const v = c.v as number;
    const fmt = typeof c.z === "string" ? c.z : "General";
    if (isPercentFormat(fmt)) {
      percentCells.add(`${columnLetter(C)}${R + 1}`);
      // ×100 in binary can leave 5.200000000000001; 15 significant digits is what Excel itself keeps.
      return `${numberText(Number((v * 100).toPrecision(15)))}%`;
    }
    if (XLSX.SSF.is_date(fmt)) return isoDate(XLSX.SSF.parse_date_code(v, { date1904 }), fmt);
    return numberText(v);
  }
  return String(c.v);
}

/** The shortest text that reads back as the same double (ECMAScript Number::toString). */
function numberText(v: number): string {
  if (Object.is(v, -0)) return "0";
  const t = String(v);
  // The stored value is exact; only its text form may be exponential (1e-7, 1e+21) — written out, so
  // the CSV rule against exponent notation (resolve.ts, VALUE_SCIENTIFIC) never hits a workbook's value.
  return /e/i.test(t) ? v.toLocaleString("en-US", { useGrouping: false, maximumSignificantDigits: 17 }) : t;
}

/** Percent sign outside quotes and brackets: `0.0%`, not `0.0"%"` or `[Red]`. */
function isPercentFormat(fmt: string): boolean {
  return /%/.test(fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, ""));
}

function dateCode(d: Date): { y: number; m: number; d: number; H: number; M: number; S: number } {
  return { y: d.getUTCFullYear(), m: d.getUTCMonth() + 1, d: d.getUTCDate(), H: d.getUTCHours(), M: d.getUTCMinutes(), S: d.getUTCSeconds() };
}

/** A date at the precision its format shows: no day in the format → `2024-03`; no month → `2024`. */
function isoDate(p: { y: number; m: number; d: number; H: number; M: number; S: number } | undefined, fmt: string): string {
  if (!p) return "";
  const pad = (n: number) => String(n).padStart(2, "0");
  const tokens = fmt.replace(/"[^"]*"|\[[^\]]*\]|\\./g, "").toLowerCase();
  const hasDay = /d/.test(tokens);
  const hasMonth = /m/.test(tokens.replace(/h+:?m+|m+:?s+/g, ""));
  const time = p.H || p.M || p.S ? ` ${pad(p.H)}:${pad(p.M)}:${pad(p.S)}` : "";
  if (!hasDay && !hasMonth && /y/.test(tokens)) return String(p.y);
  if (!hasDay && hasMonth) return `${p.y}-${pad(p.m)}`;
  return `${p.y}-${pad(p.m)}-${pad(p.d)}${time}`;
}

function isBlank(c: XLSX.CellObject): boolean {
  return c.t === "z" || c.v === undefined || c.v === null || (c.t === "s" && String(c.v).trim() === "");
}

/**
 * A merged label (a header spanning two quarter columns, a city spanning its zones'
 * rows) is copied to every cell it covers — except a title or note row whose merge
 * holds all of the row's content, which stays one cell as a CSV re-save writes it,
 * and a row that would hold nothing but copies from the row above.
 * A number spread over merged cells belongs to no single row or column: an error.
 */
function expandMerges(merges: readonly XLSX.Range[], data: XLSX.CellObject[][], text: string[][], at: At, problems: ProblemList): void {
  const copiedDown = new Set<string>();
  for (const m of merges) {
    if (m.s.r === m.e.r && m.s.c === m.e.c) continue;
    const anchor = data[m.s.r]?.[m.s.c];
    if (!anchor || isBlank(anchor)) continue;
    const range = XLSX.utils.encode_range(m);
    if (anchor.t !== "s") {
      problems.error("EXCEL_MERGED_VALUE", excelMsg.mergedValue(range), { ...at(m.s.r, m.s.c), value: text[m.s.r]?.[m.s.c] ?? "", expected: "每个数值单独占一个单元格（取消合并）" });
      continue;
    }
    let othersInRows = false;
    for (let R = m.s.r; R <= m.e.r && !othersInRows; R++) {
      (text[R] ?? []).forEach((s, C) => {
        if ((C < m.s.c || C > m.e.c) && s && s.trim() !== "") othersInRows = true;
      });
    }
    if (!othersInRows) continue;
    const label = text[m.s.r]![m.s.c]!;
    for (let R = m.s.r; R <= m.e.r; R++) {
      text[R] ??= [];
      for (let C = m.s.c; C <= m.e.c; C++) {
        if (text[R]![C]) continue;
        text[R]![C] = label;
        if (R > m.s.r) copiedDown.add(`${R},${C}`);
      }
    }
  }
  // A row whose only content is labels continued from above (a header two rows tall)
  // says nothing new: it stays empty, as a CSV re-save writes it.
  const rows = new Set([...copiedDown].map((k) => Number(k.split(",")[0])));
  for (const R of rows) {
    const own = (text[R] ?? []).some((s, C) => s && s.trim() !== "" && !copiedDown.has(`${R},${C}`));
    if (!own) text[R] = [];
  }
}
