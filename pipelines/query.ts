/**
 * `zonestat query`: run SQL against the warehouse and print it as a table, CSV or
 * JSON (an array of row objects).
 */
import Papa from "papaparse";
import type { DuckDBHandle } from "./warehouse/duckdb.js";
import { neutraliseBidi } from "./safety/bidi.js";

export type QueryFormat = "table" | "csv" | "json";

export async function runQuery(db: DuckDBHandle, sql: string): Promise<{ columns: string[]; rows: Record<string, unknown>[] }> {
  const rows = await db.all(sql);
  const columns = rows.length ? Object.keys(rows[0]!) : await db.columns(sql).catch(() => []);
  return { columns, rows };
}

export function formatRows(columns: string[], rows: Record<string, unknown>[], format: QueryFormat): string {
  if (format === "json") return neutraliseBidi(JSON.stringify(rows, (_k, v) => (typeof v === "bigint" ? v.toString() : v)));
  if (format === "csv") return Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => cell(r[c]))) }) + "\n";
  const text = rows.map((r) => columns.map((c) => cell(r[c])));
  const widths = columns.map((c, i) => Math.max(displayWidth(c), ...text.map((t) => displayWidth(t[i]!))));
  const line = (cells: string[]) => cells.map((s, i) => s + " ".repeat(widths[i]! - displayWidth(s))).join("  ").trimEnd();
  return [line(columns), widths.map((w) => "-".repeat(w)).join("  "), ...text.map(line)].join("\n") + `\n(${rows.length} 行)\n`;
}

function cell(v: unknown): string {
  if (v === null || v === undefined) return "";
  if (typeof v === "object") return neutraliseBidi(JSON.stringify(v));
  return neutraliseBidi(String(v));
}

/** Terminal columns: CJK characters take two. */
function displayWidth(s: string): number {
  let w = 0;
  for (const ch of s) w += /[\u1100-\u115f\u2e80-\ua4cf\uac00-\ud7a3\uf900-\ufaff\ufe30-\ufe4f\uff00-\uff60\uffe0-\uffe6]/.test(ch) ? 2 : 1;
  return w;
}
