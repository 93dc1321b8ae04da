/**
 * `zonestat confirm`: records that a value flagged 需核实 by a 核实性 审核 rule was
 * checked with the reporting zone and is right. The flag keeps who, when and why
 * and stays in `ingest.audit_flags` (state confirmed); it no longer shows as 需核实.
 * A wrong value is not confirmed but corrected: a newer file with the right value
 * clears the flag on load (state corrected).
 *
 * @example
 *   await confirmFlags(ctx, wh, { flagIds: [3], by: "张三", reason: "经开区统计科电话核实：一季度含土地出让收入" });
 *   await confirmFlags(ctx, wh, { file: "2024年1-6月.csv", line: 7, column: "D", by: "张三", reason: "…" });
 */
import type { JobContext } from "./context.js";
import { ZonestatError } from "./errors.js";
import { msg } from "./messages.js";
import { refreshProblemReports } from "./ingest/problem-reports.js";
import { reportTime } from "./ingest/problem-reports.js";
import type { Warehouse } from "./warehouse/index.js";
import { flagSheetSql } from "./ingest/cell-ref.js";

export interface ConfirmRequest {
  /** Flag ids (标记号) as printed in the file's .problems.txt, `zonestat status` and the 数据质量 page. */
  readonly flagIds?: readonly number[];
  /** Or: the file (name or sha256 prefix) and line, optionally the column letter. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  /** Who checked (name), and why the value stands. Both required. */
  readonly by: string;
  readonly reason: string;
  /** Withdraw an earlier confirmation instead: the flag is open (需核实) again; who and why go to the run history. */
  readonly undo?: boolean;
}

export interface ConfirmedFlag extends Record<string, unknown> {
  readonly flag_id: number;
  readonly name: string;
  readonly line: number;
  readonly col: string;
  /** The workbook sheet of the cell (null for a text file): places print as file.xlsx:开发区!D19. */
  readonly sheet: string | null;
  readonly rule_code: string;
  readonly message: string;
  /** Who and what the value is about (stat-qa 9: the output named only file, line and rule). */
  readonly about: string;
}

/**
 * Confirms every open flag the request names, in one statement (or, with `undo`, opens again every confirmed
 * one it names: CONFIRM_NOT_CONFIRMED when none is). Errors:
 * USAGE_CONFIRM (no flag or file+line given, or no --by/--reason),
 * CONFIRM_NOT_FOUND (nothing matches), CONFIRM_NOT_OPEN (it matches, but was
 * already confirmed or corrected — the message says by whom or by which file).
 */
export async function confirmFlags(ctx: JobContext, wh: Warehouse, req: ConfirmRequest): Promise<ConfirmedFlag[]> {
  if (!req.by.trim() || !req.reason.trim()) throw new ZonestatError("USAGE_CONFIRM", msg.confirmNeedsWho());
  const byId = req.flagIds && req.flagIds.length > 0;
  if (!byId && (!req.file || req.line === undefined)) throw new ZonestatError("USAGE_CONFIRM", msg.confirmNeedsTarget());
  const where = byId
    ? { sql: `a.flag_id in (${req.flagIds!.map(() => "?").join(", ")})`, params: [...req.flagIds!] }
    : {
        sql: `(f.name = ? or f.sha256 like ? || '%') and a.line = ?${req.column ? " and upper(a.col) = upper(?)" : ""}`,
        params: [req.file!, req.file!.toLowerCase(), req.line!, ...(req.column ? [req.column] : [])],
      };
  const matches = await wh.sql.all<ConfirmedFlag & { state: string; confirmed_by: string | null; confirmed_at: string | null; corrected_by: string | null; file_status: string }>(
    `select a.flag_id, f.name, a.line, a.col, ${flagSheetSql("a")} as sheet, a.rule_code, a.message, concat_ws(' ', a.entity_name, a.indicator_name, a.period_label) as about, a.state, a.confirmed_by, strftime(a.confirmed_at, '%Y-%m-%d %H:%M') as confirmed_at,
            c.name as corrected_by, f.status as file_status
     from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.files c on c.file_id = a.resolved_by_file_id
     where ${where.sql} order by a.flag_id`,
    where.params,
  );
  const target = byId ? `标记号 ${req.flagIds!.join("、")}` : `${req.file} 第 ${req.line} 行${req.column ? ` ${req.column} 列` : ""}`;
  if (!matches.length) throw new ZonestatError("CONFIRM_NOT_FOUND", msg.confirmNotFound(target), { file: req.file, line: req.line, column: req.column });
  if (req.undo) {
    // Only a confirmation can be withdrawn; a flag cleared or corrected by data stays as the data say.
    const confirmed = matches.filter((m) => m.state === "confirmed" && m.file_status === "loaded");
    if (!confirmed.length) throw new ZonestatError("CONFIRM_NOT_CONFIRMED", msg.unconfirmNotConfirmed(target), { file: matches[0]!.name, line: Number(matches[0]!.line), column: matches[0]!.col, sheet: matches[0]!.sheet });
    await wh.sql.exec(
      `update ingest.audit_flags set state = 'open', confirmed_by = null, confirmed_at = null, confirm_reason = null where flag_id in (${confirmed.map((m) => Number(m.flag_id)).join(", ")}) and state = 'confirmed'`,
    );
    await refreshProblemReports(wh, reportTime(ctx.now().toISOString(), ctx.config.timezone));
    return confirmed.map(({ flag_id, name, line, col, sheet, rule_code, message, about }) => ({ flag_id: Number(flag_id), name, line: Number(line), col, sheet, rule_code, message, about }));
  }
  const open = matches.filter((m) => m.state === "open" && m.file_status === "loaded");
  if (!open.length) {
    const m = matches[0]!;
    const why = m.state === "confirmed" ? `已于 ${m.confirmed_at} 由 ${m.confirmed_by} 核实` : m.state === "corrected" ? `已被更新的文件 ${m.corrected_by} 更正` : m.state === "cleared" ? "已按现行数值重新审核后解除" : "所在文件已撤回";
    throw new ZonestatError("CONFIRM_NOT_OPEN", msg.confirmNotOpen(target, why), { file: m.name, line: Number(m.line), column: m.col, sheet: m.sheet });
  }
  const ids = open.map((m) => Number(m.flag_id));
  await wh.sql.exec(
    `update ingest.audit_flags set state = 'confirmed', confirmed_by = ?, confirmed_at = ?::timestamp, confirm_reason = ? where flag_id in (${ids.join(", ")}) and state = 'open'`,
    [req.by.trim(), ctx.now().toISOString(), req.reason.trim()],
  );
  await refreshProblemReports(wh, reportTime(ctx.now().toISOString(), ctx.config.timezone));
  return open.map(({ flag_id, name, line, col, sheet, rule_code, message, about }) => ({ flag_id: Number(flag_id), name, line: Number(line), col, sheet, rule_code, message, about }));
}
