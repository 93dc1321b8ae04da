/**
 * Wide tables (periods as columns, the layout pasted into Word) with their CSV and
 * .xlsx downloads. The reshape is arquero's `pivot`; cells are rounded to the
 * indicator's decimals before they are written, so no file carries float noise.
 */
import * as aq from "arquero";
import * as XLSX from "@e965/xlsx";
import { createHash } from "node:crypto";
import { esc } from "../../pipelines/publish/html.js";
import { formatNumber, toFixedHalfUp } from "../../pipelines/publish/format.js";
import { neutralizeCell } from "../../pipelines/publish/downloads.js";
import { neutraliseBidi } from "../../pipelines/safety/bidi.js";
import { toNum, yoyText } from "./format.js";

export interface WideOptions {
  /** Download base name (ASCII, no extension): "zone-ED210101-gdp". */
  readonly name: string;
  /** Columns that identify a row, in order, with their Chinese labels. */
  readonly rowKeys: ReadonlyArray<{ key: string; label: string }>;
  /** The column whose values become the period columns (e.g. period_label). */
  readonly column: string;
  /** Period columns in reading order; values not listed are appended in first-seen order. */
  readonly order?: readonly string[];
  readonly value: string;
  /** Decimals of every number, or per row (rows of different indicators). */
  readonly decimals: number | ((row: Record<string, unknown>) => number);
  /** Unit shown in the first header cell and the file header: "亿元". */
  readonly unit: string;
  /** Caption above the table. */
  readonly caption: string;
  /**
   * Cells held for 核实 (kept out of totals), as `key values|period` (the row keys' values joined by "|"): the 同比 of a
   * row whose latest or year-earlier cell is held is 「—（需核实）」, never a rate over a held value (stat-qa5 F14:
   * 「增长 947.1%」 over a held 17 typed for 170).
   */
  readonly held?: ReadonlySet<string>;
  /**
   * Cells that begin a new series (a series break between them and the year before, growth.break_note), keyed as
   * `held`: the 同比 into such a cell is 「—（口径调整）」, never a rate over two measures (reader-qa7 F1: 增长 160.0%
   * over a declared 口径调整).
   */
  readonly breaks?: ReadonlySet<string>;
}

/** PageContext.download: a file of the page, made only when the previous version has none of the same key. */
export interface Downloader {
  download(file: string, content: string | Uint8Array | (() => string | Uint8Array), key?: string): string;
}

/** Rounded number for files: a plain decimal string with exactly `decimals` places, "" for none. */
export function fileNumber(v: unknown, decimals: number): string | number {
  const n = toNum(v);
  return n === null ? "" : toFixedHalfUp(n, decimals);
}

/**
 * arquero's `groupby(...keys).pivot(column, value).objects()` for rows whose keys are strings, numbers,
 * booleans or null and string column values: one row per group in first-seen order (its key values from its first row), and per
 * `column` value the group's first valid value (arquero's `any`: not null, not NaN), undefined where it
 * has none. Undefined (the caller uses arquero) for inputs outside that: object keys, a column value not a
 * string, a key's name or `__proto__`. About 15× faster for a zone's 600 rows (arquero parses its expressions
 * on every call); tests/site/wide-pivot.test.ts compares the two.
 */
export function pivotRows(rows: readonly Record<string, unknown>[], keys: readonly string[], column: string, value: string): Record<string, unknown>[] | undefined {
  const groups = new Map<string, Record<string, unknown>>();
  const out: Record<string, unknown>[] = [];
  const names = new Set<string>();
  for (const r of rows) {
    // arquero's group key (util/key-function.js): a string quoted, other primitives as text, joined by "|".
    let id = "";
    for (let i = 0; i < keys.length; i++) {
      const v = r[keys[i]!];
      if (v !== null && typeof v === "object") return undefined;
      id += (i > 0 ? "|" : "") + (typeof v === "string" ? `"${v}"` : String(v));
    }
    let row = groups.get(id);
    if (!row) {
      row = {};
      for (const k of keys) row[k] = r[k];
      groups.set(id, row);
      out.push(row);
    }
    const name = r[column];
    if (typeof name !== "string" || keys.includes(name) || name === "__proto__") return undefined;
    names.add(name);
    const v = r[value];
    if (v != null && v === v && row[name] == null) row[name] = v;
  }
  // Every row has every column (arquero's: the keys, then the column values sorted), undefined where it has no value.
  const columns = [...names].sort();
  return out.map((row) => {
    const full: Record<string, unknown> = {};
    for (const k of keys) full[k] = row[k];
    for (const c of columns) full[c] = row[c];
    return full;
  });
}

/** Pivots `rows` and returns the HTML table plus CSV and .xlsx download links (attached to the page). */
export function wideTable(ctx: Downloader, o: WideOptions, rows: readonly Record<string, unknown>[]): string {
  if (rows.length === 0) return `<p class="meta">暂无数据。</p>`;
  const keys = o.rowKeys.map((k) => k.key);
  const slim = rows.map((r) => Object.fromEntries([...keys.map((k) => [k, r[k]]), [o.column, String(r[o.column])], [o.value, toNum(r[o.value])]]));
  const wide = pivotRows(slim, keys, o.column, o.value) ?? (aq.from(slim).groupby(...keys).pivot(o.column, o.value).objects() as Record<string, unknown>[]);
  const seen = [...new Set(slim.map((r) => String(r[o.column])))];
  const periods = [...(o.order ?? []).filter((p) => seen.includes(p)), ...seen.filter((p) => !(o.order ?? []).includes(p))];
  const unitNote = o.unit ? `（${o.unit}）` : "";
  // 同比 of the latest period column against the same period one year earlier, where both are in the table.
  const last = periods[periods.length - 1] ?? "";
  const lastYear = last.replace(/^(\d{4})/, (y) => String(Number(y) - 1));
  const yoy = (r: Record<string, unknown>) => {
    const id = keys.map((k) => String(r[k] ?? "")).join("|");
    if (o.held?.has(`${id}|${last}`) || o.held?.has(`${id}|${lastYear}`)) return "—（需核实）";
    if (o.breaks?.has(`${id}|${last}`)) return "—（口径调整）";
    const a = toNum(r[last]);
    const b = toNum(r[lastYear]);
    return a === null || b === null || b === 0 || !periods.includes(lastYear) ? "—" : yoyText(a / b - 1);
  };
  const header = [...o.rowKeys.map((k, i) => (i === 0 ? `${k.label}${unitNote}` : k.label)), ...periods, `${last}同比`];
  const dec = (r: Record<string, unknown>) => (typeof o.decimals === "number" ? o.decimals : o.decimals(r));
  const rowDecimals = wide.map(dec);
  const body = wide.map((r, i) => [...keys.map((k) => String(r[k] ?? "")), ...periods.map((p) => fileNumber(r[p], rowDecimals[i]!)), yoy(r)]);
  const isNum = (i: number) => i >= keys.length && i < keys.length + periods.length;

  // The files are made from exactly these cells: an unchanged zone's files are linked from the previous version.
  const key = fileKey(header, body, rowDecimals, keys.length, periods.length);
  const csvHref = ctx.download(`${o.name}.csv`, () => wideCsv(header, body), `csv:${key}`);
  const xlsxHref = ctx.download(`${o.name}.xlsx`, () => wideXlsx(header, body, rowDecimals, keys.length, periods.length), `xlsx:${key}`);

  const head = header.map((h, i) => `<th scope="col"${i >= keys.length ? ' class="num"' : ""}${i === header.length - 1 ? ' data-yoy=""' : ""}>${esc(h)}</th>`).join("");
  const trs = body
    .map((line, ri) => `<tr>${line.map((c, i) => (isNum(i) ? `<td class="num">${c === "" ? "—" : formatNumber(Number(c), rowDecimals[ri]!)}</td>` : i >= keys.length ? `<td class="num">${esc(c)}</td>` : `<td>${esc(c)}</td>`)).join("")}</tr>`)
    .join("\n");
  return `<div class="wide"><p class="meta">${esc(o.caption)}</p><div class="scroll"><table class="wide-table"><thead><tr>${head}</tr></thead><tbody>\n${trs}\n</tbody></table></div>
<p class="downloads">下载：<a href="${esc(csvHref)}">CSV</a><a href="${esc(xlsxHref)}">Excel（.xlsx）</a></p></div>`;
}

/** The CSV of a wide table: UTF-8 with BOM, formulas neutralised, CRLF. */
function wideCsv(header: readonly string[], body: readonly (readonly (string | number)[])[]): string {
  return "\uFEFF" + [header, ...body].map((line) => line.map((c) => csvCell(neutralizeCell(c))).join(",")).join("\r\n") + "\r\n";
}

/** The .xlsx of a wide table: the period columns (from `first`, `count` of them) as numbers with their row's decimals. */
function wideXlsx(header: readonly string[], body: readonly (readonly (string | number)[])[], rowDecimals: readonly number[], first: number, count: number): Uint8Array {
  const isNum = (i: number) => i >= first && i < first + count;
  // An xlsx string cell is never a formula (no CSV apostrophe); bidi controls shown as in the CSV.
  const sheet = XLSX.utils.aoa_to_sheet([[...header], ...body.map((line) => line.map((c, i) => (isNum(i) && c !== "" ? Number(c) : neutraliseBidi(String(c)))))]);
  // Cells show the indicator's decimals in Excel too.
  for (let r = 1; r <= body.length; r++) {
    const d = rowDecimals[r - 1]!;
    const fmt = d > 0 ? `#,##0.${"0".repeat(d)}` : "#,##0";
    for (let c = first; c < first + count; c++) {
      const cell = sheet[XLSX.utils.encode_cell({ r, c })];
      if (cell && cell.t === "n") cell.z = fmt;
    }
  }
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "数据");
  return XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
}

/** What makes a wide table's files: the code that writes them (this module's and SheetJS's version) and the cells. */
const FILE_CODE = createHash("sha256").update(XLSX.version).update(wideCsv.toString()).update(wideXlsx.toString()).update(csvCell.toString()).update(neutralizeCell.toString()).update(neutraliseBidi.toString()).digest("hex");
function fileKey(...made: unknown[]): string {
  return createHash("sha256").update(FILE_CODE).update(JSON.stringify(made)).digest("hex").slice(0, 32);
}

function csvCell(v: unknown): string {
  const s = String(v ?? "");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
