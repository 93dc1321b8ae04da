/**
 * Reads a reference CSV from `sources/seeds/` as header-keyed rows (BOM tolerated).
 * Shared by the ingester's name resolution and the target catalogue.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { ZonestatError } from "./errors.js";

/**
 * A seed file's text. Seeds are UTF-8: a file Excel saved as GBK is refused by name,
 * never read as mojibake that then fails later with a baffling message.
 */
export function readSeedText(file: string): string {
  try {
    return new TextDecoder("utf-8", { fatal: true }).decode(readFileSync(file)).replace(/^\uFEFF/, "");
  } catch (e) {
    if (e instanceof TypeError) throw new ZonestatError("SEED_ENCODING", `参照表 ${path.basename(file)} 不是 UTF-8 编码（Excel 另存为“CSV”时常为 GBK）：请另存为“CSV UTF-8（逗号分隔）”`, { file });
    throw e;
  }
}

export function readSeedCsv(file: string): Record<string, string>[] {
  return Papa.parse<Record<string, string>>(readSeedText(file), { header: true, skipEmptyLines: true, comments: "#" }).data;
}
