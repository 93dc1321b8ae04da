/**
 * `zonestat targets`: the target catalogue, read and validated from
 * `sources/seeds/targets.csv` (with milestones), printed as a table, CSV or JSON.
 */
import path from "node:path";
import type { JobContext } from "./context.js";
import { formatRows } from "./query.js";
import { loadCatalogue } from "./catalogue.js";

export type TargetFormat = "table" | "csv" | "json";

export function listTargets(ctx: JobContext, opts: { doc?: string; format: TargetFormat }): string {
  const catalogue = loadCatalogue(ctx.config.seedsDir);
  const rows = catalogue.targets.filter((t) => !opts.doc || t.document === opts.doc || t.document.startsWith(opts.doc)) as unknown as Record<string, unknown>[];
  const columns = opts.format === "table" ? ["id", "document", "clause", "scope_code", "indicator_code", "kind", "comparator", "base_year", "base_value", "target_year", "target_value", "unit", "evaluable"] : Object.keys(rows[0] ?? {});
  return formatRows(columns, rows, opts.format) + (opts.format === "json" ? "\n" : "");
}
