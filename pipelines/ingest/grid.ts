/**
 * Text → rows of cells with the 1-based line each row starts on. papaparse does the
 * CSV grammar (quoted fields with newlines and commas); we keep line numbers so every
 * message can point into the file. Trailing empty cells (Excel's comma padding) are
 * dropped, so a padded header line reads like an unpadded one.
 *
 * Lines end in LF, CRLF or a lone CR (old Excel for Mac): all three count, so line
 * numbers are true for every file. The delimiter is a comma, or a tab for Excel's
 * "Unicode 文本" export (tabs and no commas in the first lines).
 */
import Papa from "papaparse";

export interface GridRow {
  /** 1-based line number where the row starts. */
  readonly line: number;
  readonly cells: readonly string[];
}

/** Offsets where each physical line starts (LF, CRLF or lone CR end a line). */
export function lineStartsOf(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10 || (c === 13 && text.charCodeAt(i + 1) !== 10)) starts.push(i + 1);
  }
  return starts;
}

/** Physical lines of the text (a final line ending does not start another line). */
export function physicalLines(text: string): string[] {
  const starts = lineStartsOf(text);
  if (starts.length > 1 && starts[starts.length - 1] === text.length) starts.pop();
  return starts.map((s, i) => text.slice(s, i + 1 < starts.length ? starts[i + 1] : text.length).replace(/\r?\n$|\r$/, ""));
}

/** Tab when the first lines hold tabs and no commas (Excel "Unicode 文本"), else comma. */
export function sniffDelimiter(text: string): "," | "\t" {
  const head = physicalLines(text.slice(0, 8192)).slice(0, 10).join("\n");
  return head.includes("\t") && !head.includes(",") ? "\t" : ",";
}

export function parseGrid(text: string): GridRow[] {
  const lineStarts = lineStartsOf(text);
  const lineOf = (offset: number) => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo + 1;
  };
  const rows: GridRow[] = [];
  let start = 0;
  Papa.parse<string[]>(text, {
    delimiter: sniffDelimiter(text),
    skipEmptyLines: false,
    step: (result) => {
      const cursor = result.meta.cursor;
      const cells = trimTrailingEmpty(result.data.map((c) => c.replace(/\r$/, "")));
      // Skip the leading newline(s) a previous row's terminator leaves behind.
      let s = start;
      while (s < text.length && (text[s] === "\n" || text[s] === "\r")) s++;
      if (cells.length > 0) rows.push({ line: lineOf(Math.min(s, text.length - 1)), cells });
      start = cursor;
    },
  });
  return rows;
}

function trimTrailingEmpty(cells: string[]): string[] {
  let n = cells.length;
  while (n > 0 && cells[n - 1]!.trim() === "") n--;
  return n === cells.length ? cells : cells.slice(0, n);
}

/** Spreadsheet-style column name for a 0-based index: 0 → A, 26 → AA. */
export function columnLetter(index: number): string {
  let s = "";
  let n = index + 1;
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}
