/**
 * Each mart as CSV (UTF-8 with BOM, so Excel opens Chinese correctly; cells that
 * start with = + - @ neutralised against formula injection) and as Parquet.
 * DuckDB writes both files (a JavaScript CSV writer takes minutes at 800k rows):
 * text columns are neutralised in SQL, and the BOM is prepended while the CSV is
 * streamed into place.
 */
import { createReadStream, createWriteStream, rmSync } from "node:fs";
import path from "node:path";
import { pipeline } from "node:stream/promises";
import type { DuckDBHandle } from "../warehouse/duckdb.js";

export const DOWNLOADABLE_MARTS = ["shares", "land_metrics", "growth", "growth_cagr", "target_status", "zone_counts", "rankings", "coverage", "revisions", "data_quality"] as const;

/** A cell a spreadsheet would run as a formula gets a leading apostrophe. Numbers pass. */
export function neutralizeCell(v: unknown): unknown {
  if (typeof v !== "string") return v;
  return /^[=+\-@\t\r]/.test(v) && !/^[+-]?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(v) ? `'${v}` : v;
}

/** The same rule as `neutralizeCell`, as SQL over one text column. */
export function neutralizeSql(column: string): string {
  const id = `"${column.replace(/"/g, '""')}"`;
  return `case when regexp_matches(${id}, '^[=+@\\t\\r-]') and not regexp_matches(${id}, '^[+-]?[0-9]+(\\.[0-9]+)?([eE][+-]?[0-9]+)?$') then chr(39) || ${id} else ${id} end as ${id}`;
}

export async function writeDownloads(db: DuckDBHandle, dir: string): Promise<string[]> {
  const written: string[] = [];
  for (const mart of DOWNLOADABLE_MARTS) {
    const cols = await db.all<{ name: string; type: string }>(
      `select column_name as name, data_type as type from information_schema.columns where table_schema = 'main' and table_name = ? order by ordinal_position`,
      [mart],
    );
    const select = cols
      .map((c) => {
        const id = `"${c.name.replace(/"/g, '""')}"`;
        if (c.type === "VARCHAR") return neutralizeSql(c.name);
        if (c.type.endsWith("[]") || c.type.startsWith("STRUCT")) return `to_json(${id})::varchar as ${id}`;
        return id;
      })
      .join(", ");
    const csvTmp = path.join(dir, `.${mart}.csv.tmp`);
    await db.exec(`copy (select ${select} from main.${mart}) to '${csvTmp.replace(/'/g, "''")}' (format csv, header true)`);
    await prependBom(csvTmp, path.join(dir, `${mart}.csv`));
    await db.exec(`copy (select * from main.${mart}) to '${path.join(dir, `${mart}.parquet`).replace(/'/g, "''")}' (format parquet)`);
    written.push(mart);
  }
  return written;
}

async function prependBom(from: string, to: string): Promise<void> {
  const out = createWriteStream(to);
  out.write("\uFEFF");
  await pipeline(createReadStream(from), out);
  rmSync(from);
}
