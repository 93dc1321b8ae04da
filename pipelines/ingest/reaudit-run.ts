/**
 * Where the re-audit (reaudit.ts) runs: at the end of every ingest run that loaded,
 * restored or re-dated a file, and after `zonestat withdraw`, `restore` and `prefer` —
 * the four ways the current value of a cell changes. Says what it changed in the log
 * (and returns it for the command's own line).
 */
import type { JobContext } from "../context.js";
import { refreshProblemReports } from "./problem-reports.js";
import type { Warehouse } from "../warehouse/index.js";
import { loadAuditRules, type AuditRule } from "./audit-rules.js";
import { ingestMsg } from "./messages.js";
import { appendedOnly, reaudit, type ReauditResult } from "./reaudit.js";
import { loadReference, type Reference } from "./reference.js";

/** The run's files whose values became current or not (loaded, restored, re-dated), by sha256; undefined when none. */
export async function reauditChanged(
  ctx: JobContext, wh: Warehouse, files: ReadonlyArray<{ sha256: string; status: string }>, rules: readonly AuditRule[], ref: Reference,
): Promise<ReauditResult | undefined> {
  const changed = files.filter((f) => f.sha256 && (f.status === "loaded" || f.status === "restored" || f.status === "redated"));
  const shas = [...new Set(changed.map((f) => f.sha256))];
  if (!shas.length) return undefined;
  const rows = await wh.sql.all<{ file_id: number }>(`select file_id from ingest.files where sha256 in (${shas.map(() => "?").join(", ")})`, shas);
  const ids = rows.map((r) => Number(r.file_id));
  // New files after everything stored, with no comparative finding: the load-time audit already is the re-audit's answer —
  // unless it found a stored cell to flag (YTD_OUT_OF_LINE on an earlier file's 1-3月: audit.ts, temp.audit_reaudit_due).
  const due = await storedCellsDue(wh);
  if (!due && changed.every((f) => f.status === "loaded") && (await appendedOnly(wh.sql, rules, ids))) return { openedOnEarlier: 0, opened: 0, closed: 0 };
  return say(ctx, await reaudit(wh, rules, ref, ids, ctx.now().toISOString()));
}

/** Whether this run's load-time audit left a verdict on a stored cell for the re-audit (and clears the record). */
async function storedCellsDue(wh: Warehouse): Promise<boolean> {
  const [t] = await wh.sql.all<{ n: number }>(`select count(*)::integer as n from duckdb_tables() where temporary and table_name = 'audit_reaudit_due'`);
  if (!Number(t!.n)) return false;
  const [r] = await wh.sql.all<{ n: number }>(`select count(*)::integer as n from temp.audit_reaudit_due`);
  await wh.sql.exec(`drop table temp.audit_reaudit_due`);
  return Number(r!.n) > 0;
}

/** After withdraw / restore / prefer of `fileIds`: the project's rules and reference read from its config. */
export async function reauditFiles(ctx: JobContext, wh: Warehouse, fileIds: readonly number[]): Promise<ReauditResult> {
  const ref = loadReference(ctx.config.seedsDir);
  const r = say(ctx, await reaudit(wh, loadAuditRules(ctx.config.auditRulesDir, ref), ref, fileIds, ctx.now().toISOString()));
  // withdraw, restore and prefer come here: the withdrawn file's report and those whose flags moved say so.
  await refreshProblemReports(wh, ctx.config.archive, ctx.now().toISOString(), ctx.config.timezone);
  return r;
}

function say(ctx: JobContext, r: ReauditResult): ReauditResult {
  if (r.opened || r.closed) ctx.logger.info(reauditLine(r), { opened: r.opened, openedOnEarlier: r.openedOnEarlier, closed: r.closed });
  return r;
}

/**
 * What a run did to the 需核实 flags, in one sentence: those its files corrected at load, then the re-audit's
 * opened and closed ("新入库的文件更正了 1 个需核实数值…；审核复核…：新增 0 个…，解除 2 个"); "" when nothing changed.
 */
export function flagChangesLine(correctedAtLoad: number | undefined, r: ReauditResult | undefined): string {
  return [correctedAtLoad ? ingestMsg.correctedAtLoad(correctedAtLoad) : "", reauditLine(r)].filter(Boolean).join("；");
}

/** The summary sentence, or "" when nothing changed. */
export function reauditLine(r: ReauditResult | undefined): string {
  return r && (r.opened || r.closed) ? ingestMsg.reauditSummary(r.openedOnEarlier, r.opened, r.closed) : "";
}
