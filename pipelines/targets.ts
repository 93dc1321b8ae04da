/**
 * `zonestat targets`: the target catalogue, read and validated from
 * `sources/seeds/targets.csv`, with each target's stated yearly milestones
 * (document 000 专栏1-3, document 001 附件1's 2028 column); with `--status`, each
 * target's headline from the target_verdicts mart — the verdict at its deadline for
 * an expired target, progress against the schedule path for a live one.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "./context.js";
import { ZonestatError } from "./errors.js";
import { msg } from "./messages.js";
import { formatRows } from "./query.js";
import { loadCatalogue } from "./catalogue.js";
import type { DuckDBHandle } from "./warehouse/duckdb.js";

export type TargetFormat = "table" | "csv" | "json";

const TABLE_COLUMNS = ["id", "document", "clause", "scope_code", "indicator_code", "kind", "comparator", "base_year", "base_value", "target_year", "target_value", "unit", "milestones", "evaluable"];
const STATUS_COLUMNS = ["status", "verdict", "latest_period"];

/** Catalogue rows with a `milestones` column: "2017年 7200（专栏1）；2018年 8200（专栏2）…", "" when none. */
function catalogueRows(ctx: JobContext, doc: string | undefined): Record<string, unknown>[] {
  const catalogue = loadCatalogue(ctx.config.seedsDir);
  const milestones = new Map<string, string[]>();
  for (const m of [...catalogue.milestones].sort((a, b) => a.year - b.year)) {
    milestones.set(m.target_id, [...(milestones.get(m.target_id) ?? []), `${m.year}年 ${m.value}（${m.clause}）`]);
  }
  return catalogue.targets
    .filter((t) => !doc || t.document === doc || t.document.startsWith(doc))
    .map((t) => ({ ...t, milestones: (milestones.get(t.id) ?? []).join("；") }));
}

/** The catalogue as a table, CSV or JSON. */
export function listTargets(ctx: JobContext, opts: { doc?: string; format: TargetFormat }): string {
  const rows = catalogueRows(ctx, opts.doc);
  const columns = opts.format === "table" ? TABLE_COLUMNS : Object.keys(rows[0] ?? {});
  return formatRows(columns, rows, opts.format) + (opts.format === "json" ? "\n" : "");
}

/**
 * The catalogue with each target's headline as of the latest data: `status` (e.g. 到期未达成,
 * 符合进度, 基期前), `verdict` (e.g. 2020年未达成（完成85.2%，差1550亿元）；2023年起超过目标) and
 * `latest_period`. `db` is the warehouse opened read-only (or null when it does not exist).
 * @throws ZonestatError TARGETS_NO_STATUS when the warehouse has no target_verdicts mart yet.
 */
export async function listTargetsWithStatus(ctx: JobContext, db: DuckDBHandle | null, opts: { doc?: string; format: TargetFormat }): Promise<string> {
  const rows = catalogueRows(ctx, opts.doc);
  const verdicts = db
    ? await db.all(`select target_id, headline_label, headline_text, latest_period_label from main.target_verdicts`).catch(() => null)
    : null;
  if (!verdicts) throw new ZonestatError("TARGETS_NO_STATUS", msg.targetStatusUnavailable(ctx.config.warehouse), { file: ctx.config.warehouse });
  const byId = new Map(verdicts.map((v) => [String(v.target_id), v]));
  const merged = rows.map((r) => {
    const v = byId.get(String(r.id));
    return { ...r, status: v?.headline_label ?? "", verdict: v?.headline_text ?? "", latest_period: v?.latest_period_label ?? "" };
  });
  const columns = opts.format === "table" ? ["id", "target_year", "target_value", "unit", "milestones", ...STATUS_COLUMNS] : Object.keys(merged[0] ?? {});
  return formatRows(columns, merged, opts.format) + (opts.format === "json" ? "\n" : "");
}

/** True when the warehouse file exists (the status needs a built warehouse). */
export function warehouseExists(ctx: JobContext): boolean {
  return existsSync(ctx.config.warehouse);
}
