/**
 * Reads a reference CSV from `sources/seeds/` as header-keyed rows (BOM tolerated).
 * Shared by the ingester's name resolution and the target catalogue.
 */
import { readFileSync } from "node:fs";
import Papa from "papaparse";

export function readSeedCsv(file: string): Record<string, string>[] {
  const text = readFileSync(file, "utf8").replace(/^\uFEFF/, "");
  return Papa.parse<Record<string, string>>(text, { header: true, skipEmptyLines: true, comments: "#" }).data;
}
