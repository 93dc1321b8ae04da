/**
 * Seeds: CSV → table, with dbt-like type inference (integer, decimal, date,
 * boolean, text) and `column_types` overrides. A column with a leading-zero code
 * ("000123") stays text, so codes are never mangled.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { ZonestatError } from "../errors.js";
import { readSeedText } from "../seed-csv.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Node, Project } from "./types.js";
import { nodeRelation } from "./relation-names.js";

export function inferType(values: readonly string[]): string {
  const present = values.filter((v) => v !== "");
  if (present.length === 0) return "VARCHAR";
  if (present.every((v) => /^-?(0|[1-9]\d*)$/.test(v))) {
    return present.every((v) => Math.abs(Number(v)) <= 2147483647) ? "INTEGER" : "BIGINT";
  }
  if (present.every((v) => /^-?(0|[1-9]\d*)?\.\d+$|^-?(0|[1-9]\d*)(\.\d*)?([eE][+-]?\d+)?$/.test(v))) return "DOUBLE";
  if (present.every((v) => /^\d{4}-\d{2}-\d{2}$/.test(v) && !Number.isNaN(Date.parse(v)))) return "DATE";
  // agate (dbt's seed reader) types ISO date-times as timestamps.
  if (present.every((v) => /^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?$/.test(v) && !Number.isNaN(Date.parse(v.replace(" ", "T"))))) return "TIMESTAMP";
  if (present.every((v) => /^(true|false)$/i.test(v))) return "BOOLEAN";
  return "VARCHAR";
}

export interface SeedTable {
  readonly columns: Array<{ name: string; type: string }>;
  readonly rows: string[][];
}

export function readSeed(project: Project, node: Node): SeedTable {
  const file = path.resolve(project.dir, node.original_file_path);
  const text = readSeedText(file);
  // A one-column seed has no delimiter to detect: papaparse's warning about it is not an error.
  const parsed = Papa.parse<string[]>(text, { skipEmptyLines: true, comments: "#", delimiter: String(node.config.delimiter ?? ",") });
  const errors = parsed.errors.filter((e) => e.code !== "UndetectableDelimiter");
  if (errors.length) {
    const e = errors[0]!;
    throw new ZonestatError("SEED_INVALID", `种子文件 ${node.original_file_path} 第 ${(e.row ?? 0) + 1} 行无法解析：${e.message}`, { file: node.original_file_path, line: (e.row ?? 0) + 1 });
  }
  const [header, ...rows] = parsed.data;
  if (!header) throw new ZonestatError("SEED_INVALID", `种子文件 ${node.original_file_path} 为空`, { file: node.original_file_path });
  rows.forEach((r, i) => {
    if (r.length !== header.length) throw new ZonestatError("SEED_INVALID", `种子文件 ${node.original_file_path} 第 ${i + 2} 行有 ${r.length} 列，表头有 ${header.length} 列`, { file: node.original_file_path, line: i + 2 });
  });
  const columns = header.map((name, c) => ({ name, type: node.config.column_types[name] ?? inferType(rows.map((r) => r[c] ?? "")) }));
  return { columns, rows };
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** Builds the seed beside its table, then swaps it in; a failure leaves the old table. */
export async function loadSeed(db: DuckDBHandle, project: Project, node: Node): Promise<number> {
  const seed = readSeed(project, node);
  const tmp = `${node.identifier}__dbt_tmp`;
  await db.exec(`create schema if not exists ${q(node.schema)}`);
  await db.exec(`drop table if exists ${nodeRelation(node, tmp)}`);
  await db.exec(`create table ${nodeRelation(node, tmp)} (${seed.columns.map((c) => `${q(c.name)} VARCHAR`).join(", ")})`);
  const app = await db.appender(tmp, node.schema, node.database);
  for (const r of seed.rows) app.append(r.map((v) => (v === "" ? null : v)));
  app.close();
  const casts = seed.columns.map((c) => `cast(${q(c.name)} as ${c.type}) as ${q(c.name)}`).join(", ");
  await db.transaction(async () => {
    await db.exec(`create or replace table ${nodeRelation(node)} as select ${casts} from ${nodeRelation(node, tmp)}`);
    await db.exec(`drop table ${nodeRelation(node, tmp)}`);
  });
  return seed.rows.length;
}
