/**
 * Each mart as CSV (UTF-8 with BOM, so Excel opens Chinese correctly; cells that
 * start with = + - @ neutralised against formula injection) and as Parquet.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import type { DuckDBHandle } from "../warehouse/duckdb.js";

export const DOWNLOADABLE_MARTS = ["shares", "land_metrics", "growth", "growth_cagr", "target_status", "zone_counts", "rankings", "coverage", "revisions", "data_quality"] as const;

/** A cell a spreadsheet would run as a formula gets a leading apostrophe. Numbers pass. */
export function neutralizeCell(v: unknown): unknown {
  if (typeof v !== "string") return v;
  return /^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? `'${v}` : v;
}

export async function writeDownloads(db: DuckDBHandle, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const mart of DOWNLOADABLE_MARTS) {
    const rows = await db.all(`select * from main.${mart}`);
    const columns = rows.length ? Object.keys(rows[0]!) : await db.columns(`select * from main.${mart}`);
    const csv = Papa.unparse({ fields: columns, data: rows.map((r) => columns.map((c) => csvValue(neutralizeCell(r[c])))) });
    writeFileSync(path.join(dir, `${mart}.csv`), "\uFEFF" + csv + "\r\n");
    await db.exec(`copy (select * from main.${mart}) to '${path.join(dir, `${mart}.parquet`).replace(/'/g, "''")}' (format parquet)`);
    written.push(mart);
  }
  return written;
}

function csvValue(v: unknown): unknown {
  if (v === null || v === undefined) return "";
  if (Array.isArray(v) || (typeof v === "object" && v !== null)) return JSON.stringify(v);
  return v;
}
