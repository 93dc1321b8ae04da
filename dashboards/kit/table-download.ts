/**
 * A page's own table as CSV (UTF-8 with BOM, formulas neutralised) and .xlsx, with the
 * Chinese headers and number conventions of the data dictionary (dashboards/columns.ts):
 * `value` cells to the indicator's decimals (sources/seeds/indicator_formats.csv),
 * fractions as percentages with one decimal, codes written in Chinese. For the long
 * tables of 排名 and 城市与区域, which are not one mart each.
 */
import * as XLSX from "@e965/xlsx";
import { createHash } from "node:crypto";
import { toFixedHalfUp } from "../../pipelines/publish/format.js";
import { esc } from "../../pipelines/publish/html.js";
import { neutralizeCell } from "../../pipelines/publish/downloads.js";
import { neutraliseBidi } from "../../pipelines/safety/bidi.js";
import { columnInfo } from "../columns.js";
import { toNum, type NumberFormats } from "./format.js";
import type { Downloader } from "./wide.js";

/** One cell as written to the files: a number string with fixed decimals, or text; "" for none. */
export function downloadCell(key: string, row: Record<string, unknown>, f: NumberFormats): string {
  const info = columnInfo(key);
  const v = row[key];
  if (v == null || v === "") return "";
  const n = toNum(v);
  switch (info.format) {
    case "value":
      return n === null ? "" : toFixedHalfUp(n, f.decimals(row.indicator_code, row.unit));
    case "fraction_pct":
      return n === null ? "" : toFixedHalfUp(n * 100, 1);
    case "pct":
    case "points":
      return n === null ? "" : toFixedHalfUp(n, 1);
    case "area":
      return n === null ? "" : toFixedHalfUp(n, 2);
    case "count":
      return n === null ? "" : String(Math.round(n));
    case "bool":
      return v === true || v === "true" ? "是" : "否";
    default:
      return info.values?.[String(v)] ?? String(v);
  }
}

const NUMERIC = new Set(["value", "fraction_pct", "pct", "points", "area", "count"]);

/**
 * Writes `<name>.csv` and `<name>.xlsx` (through the page's `download`) with the
 * columns `keys` of `rows`; returns the "下载：" paragraph linking both. `label` names
 * the table in the links ("各开发区排名").
 */
export function tableDownloads(ctx: Downloader, name: string, label: string, keys: readonly string[], rows: readonly Record<string, unknown>[], f: NumberFormats): string {
  const header = keys.map((k) => columnInfo(k).label);
  const body = rows.map((r) => keys.map((k) => downloadCell(k, r, f)));
  const numeric = keys.map((k) => NUMERIC.has(columnInfo(k).format));
  // The files are made from exactly these cells: unchanged ones are linked from the previous version.
  const key = createHash("sha256").update(FILE_CODE).update(JSON.stringify([header, body, numeric])).digest("hex").slice(0, 32);
  const csvHref = ctx.download(`${name}.csv`, () => tableCsv(header, body), `csv:${key}`);
  const xlsxHref = ctx.download(`${name}.xlsx`, () => tableXlsx(header, body, numeric), `xlsx:${key}`);
  return `<p class="downloads">下载：<a href="${esc(csvHref)}">${esc(label)}（CSV）</a><a href="${esc(xlsxHref)}">${esc(label)}（Excel .xlsx）</a></p>`;
}

function tableCsv(header: readonly string[], body: readonly (readonly string[])[]): string {
  return "\uFEFF" + [header, ...body].map((line) => line.map((c) => csvCell(neutralizeCell(c))).join(",")).join("\r\n") + "\r\n";
}

function tableXlsx(header: readonly string[], body: readonly (readonly string[])[], numeric: readonly boolean[]): Uint8Array {
  // An xlsx string cell is never a formula: the text as is (no CSV apostrophe, dl-qa #7), bidi controls shown.
  // Dense (rows of cells, not one key per cell "B7"): the same file, made in about half the time — 排名's 4,500-row
  // table took 0.7 CPU-s of a publish's main thread (issue #24).
  const sheet = XLSX.utils.aoa_to_sheet([[...header], ...body.map((line) => line.map((c, i) => (numeric[i] && c !== "" ? Number(c) : neutraliseBidi(c))))], { dense: true });
  const cells = sheet["!data"] ?? [];
  // Cells show the same decimals in Excel as in the CSV.
  body.forEach((line, r) =>
    line.forEach((c, i) => {
      const cell = cells[r + 1]?.[i];
      const d = c.includes(".") ? c.length - c.indexOf(".") - 1 : 0;
      if (cell && cell.t === "n") cell.z = d > 0 ? `#,##0.${"0".repeat(d)}` : "#,##0";
    }),
  );
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, "数据");
  return XLSX.write(book, { type: "buffer", bookType: "xlsx" }) as Uint8Array;
}

/** What makes the files besides their cells: the code that writes them and SheetJS's version. */
const FILE_CODE = createHash("sha256").update(XLSX.version).update(tableCsv.toString()).update(tableXlsx.toString()).update(csvCell.toString()).update(neutralizeCell.toString()).update(neutraliseBidi.toString()).digest("hex");

function csvCell(v: unknown): string {
  const s = String(v ?? "");
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}
