/**
 * Wires the 审核 evaluator into a file's load: a `LoadAudit` for `loadFile`, the
 * rejection problems of 强制性 rules, and the `.problems.txt` of a loaded file
 * whose values were flagged 需核实.
 */
import { appendFileSync, mkdirSync } from "node:fs";
import path from "node:path";
import type { Warehouse } from "../warehouse/index.js";
import type { AuditRule } from "./audit-rules.js";
import { AuditRejection, dropAudit, evaluateAudit, storeAuditFlags, type AuditFlag, type TotalFinding } from "./audit.js";
import { writeBeside } from "./files.js";
import type { LoadAudit } from "./load.js";
import type { ProblemList } from "./problems.js";
import type { FileRead } from "./read-file.js";
import { formatProblem } from "./report.js";
import { ingestMsg } from "./messages.js";
import { flagSheetSql } from "../cell-ref.js";
import { flagEffectSql, flagEffectText } from "./flag-effect.js";

export interface AuditRun extends LoadAudit {
  /** How many 核实性 flags were stored for the file, once `after` has run. */
  readonly flagCount: number;
  /** The first 200 of them, in file order. */
  readonly flags: AuditFlag[];
}

/** 合计 rows the reader found off by more than rounding (its TOTAL_MISMATCH warnings). */
export function totalFindings(problems: ProblemList): TotalFinding[] {
  return problems.warnings
    .filter((w) => w.code === "TOTAL_MISMATCH" && w.line !== undefined)
    .map((w) => ({ line: w.line!, column: w.column ?? "", value: w.value ?? "", sum: w.expected ?? "" }));
}

export function auditRun(wh: Warehouse, rules: readonly AuditRule[], ref: Parameters<typeof evaluateAudit>[2], totals: readonly TotalFinding[], at: string): AuditRun {
  const flags: AuditFlag[] = [];
  let count = 0;
  return {
    flags,
    get flagCount() {
      return count;
    },
    async before() {
      await evaluateAudit(wh, rules, ref, totals);
    },
    async after(fileId: number) {
      const stored = await storeAuditFlags(wh, fileId, at);
      count = stored.count;
      flags.push(...stored.first);
      await dropAudit(wh);
    },
  };
}

/** Adds a rejection's 强制性 findings to the file's problems (the usual rejection report). */
export function addAuditErrors(problems: ProblemList, e: AuditRejection): void {
  for (const p of e.problems) problems.error(p.code, p.message, { line: p.line, column: p.column, value: p.value, expected: p.expected });
}

/** One 审核 flag as a report line: place, rule, what the value is (zone, indicator, period), the message and its 标记号. */
export function flagLine(file: string, f: { rule_code: string; message: string; line: number; col: string; entity_name: string | null; indicator_name: string | null; period_label: string | null; original_text: string | null; flag_id: number; sheet?: string | null }): string {
  const about = [f.entity_name, f.indicator_name, f.period_label].filter(Boolean).join(" ");
  // A workbook's cell as the README promises it: file.xlsx:开发区!D19 (stat-qa finding 9), a text file's file.csv:19:D.
  return "  " + formatProblem(file, { code: f.rule_code, message: `${about}：${f.message}`, ...(f.sheet ? { sheet: f.sheet } : {}), line: Number(f.line), column: f.col, value: f.original_text ?? undefined }) + `　标记号 ${f.flag_id}`;
}

/** The `.problems.txt` path of a loaded file: beside its archived copy, else in the archive folder under its name. */
export function problemsPathOf(archived: string | undefined, archiveDir: string, name: string): string {
  return `${archived ?? path.join(archiveDir, name)}.problems.txt`;
}

/**
 * 「N 个数值」 counting cells, not flags, as the run's log and status count them (stat-qa5 F17: 2 个数值 for one cell with
 * two rules), with the flags added when they differ; the flags alone when only the first of them are listed.
 */
function flagsAndValues(run: Pick<AuditRun, "flagCount" | "flags">): string {
  if (run.flags.length < run.flagCount) return `${run.flagCount} 个标记需核实`;
  const values = new Set(run.flags.map((f) => `${(f as { sheet?: string | null }).sheet ?? ""}|${f.line}|${f.col}`)).size;
  return values === run.flagCount ? `${values} 个数值需核实` : `${values} 个数值需核实（${run.flagCount} 个标记）`;
}

/**
 * What a just-loaded file's held flags on a year's 年 value or 1-12月 累计 do when the year's other form is loaded too
 * (flag-effect's `held_pending`: the next build decides which form the year takes, so nothing more is claimed):
 * flag id → the words printed beside the flag in the `.problems.txt` (stat-qa6 F1: it said the year was 数据不全).
 * Empty when there are none or the warehouse cannot answer.
 */
export async function yearFormNotes(wh: Warehouse, flags: readonly Pick<AuditFlag, "flag_id">[]): Promise<Map<number, string>> {
  const ids = flags.map((f) => Number(f.flag_id)).filter(Number.isFinite);
  if (!ids.length) return new Map();
  const rows = await wh.sql.all<{ flag_id: number; effect: string; basis: string }>(
    `select a.flag_id, a.basis, ${flagEffectSql("a")} as effect from ingest.audit_flags a where a.flag_id in (${ids.join(", ")})`).catch(() => []);
  return new Map(rows.filter((r) => r.effect === "held_pending").map((r) => [Number(r.flag_id), flagEffectText(r)]));
}

/**
 * Writes `<file>.problems.txt` beside the archived copy (or into the archive folder
 * for a file loaded from elsewhere): loaded, N values 需核实, each with its flag id
 * for `zonestat confirm`; `notes` (yearFormNotes) beside their flags. Returns the report's path.
 */
export function writeLoadedReport(archived: string | undefined, archiveDir: string, read: FileRead, run: Pick<AuditRun, "flagCount" | "flags">, at: string, rules: readonly AuditRule[], notes: ReadonlyMap<number, string> = new Map()): string {
  const flags = run.flags;
  const line = (f: AuditFlag) => flagLine(read.name, f) + (notes.has(Number(f.flag_id)) ? `（${notes.get(Number(f.flag_id))}）` : "");
  const target = archived ?? (mkdirSync(archiveDir, { recursive: true }), path.join(archiveDir, read.name));
  const lines = [
    `文件：${read.name}`,
    `结果：已入库；${flagsAndValues(run)}（核实性审核规则，见 sources/audit-rules/）`,
    `时间：${at}`,
    "（入库时的审核结果；此后的变化见文末「当前状态」，也可看 zonestat status 和网站的数据质量页）",
    "",
    `需核实（${run.flagCount}）：`,
    ...flags.map(line),
  ];
  if (run.flagCount > flags.length) lines.push(`  …… 只列出前 ${flags.length} 个；全部见 zonestat query "select * from ingest.audit_flags where state = 'open'"`);
  if (read.problems.warnings.length) {
    lines.push("", `提醒（${read.problems.warnings.length}）：`);
    for (const p of read.problems.warnings) lines.push("  " + formatProblem(read.name, p));
  }
  // Rules marked `holds` keep a zone's value out of the scope sums until checked (int_scope_values, inc-qa2 finding 2).
  // A flag with its own note (a year form whose other form is loaded) is not one the 数据不全 note is about (stat-qa6 F1).
  const holding = [...new Set(flags.filter((f) => !notes.has(Number(f.flag_id))).map((f) => f.rule_code))].filter((c) => rules.some((r) => r.code === c && r.holds));
  if (holding.length) lines.push("", ingestMsg.reportHeldNote(holding));
  lines.push(
    "",
    "与填报单位核实后：数值无误的，运行 zonestat confirm --flag <标记号> --by <核实人> --reason <说明>；",
    "数值有误的，请填报单位报送更正后的文件，入库后此标记自动解除。",
  );
  return writeBeside(target, ".problems.txt", lines.join("\n") + "\n");
}

/**
 * After a re-audit that changed flags (reaudit.ts, stamped `at`), appends to each `reports` file (a `.problems.txt`
 * written earlier in the same run) what the re-audit did to that file's values: flags cleared (with the reason) and
 * flags opened — so the report the statistician opens agrees with status and the site. `reports`: file id → path;
 * `shownAt`: `at` as the report prints times (problem-reports.ts `reportTime`).
 */
export async function appendReaudit(wh: Warehouse, reports: ReadonlyMap<number, string>, at: string, shownAt = at): Promise<void> {
  if (!reports.size) return;
  const ids = [...reports.keys()].map(Number).join(", ");
  const rows = await wh.sql.all<{ file_id: number; name: string; flag_id: number; line: number; col: string; sheet: string | null; rule_code: string; message: string; entity_name: string | null;
    indicator_name: string | null; period_label: string | null; original_text: string | null; state: string; reason: string | null; open_now: number }>(
    `select a.file_id, f.name, a.flag_id, a.line, a.col, ${flagSheetSql("a")} as sheet, a.rule_code, a.message, a.entity_name, a.indicator_name, a.period_label, a.original_text, a.state, c.reason,
            (select count(*) from ingest.audit_flags o where o.file_id = a.file_id and o.state = 'open')::integer as open_now
     from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.audit_flag_closures c using (flag_id)
     where a.file_id in (${ids}) and ((a.state = 'cleared' and a.resolved_at = ?::timestamp) or (a.state = 'open' and a.flagged_at = ?::timestamp))
     order by a.file_id, a.line, a.col, a.rule_code`, [at, at]);
  for (const [fileId, reportPath] of reports) {
    const mine = rows.filter((r) => Number(r.file_id) === Number(fileId));
    if (!mine.length) continue;
    const line = (r: (typeof mine)[number]) => flagLine(r.name, r);
    const cleared = mine.filter((r) => r.state === "cleared");
    const opened = mine.filter((r) => r.state === "open");
    const text = ["", ingestMsg.reportReauditHeading(shownAt, Number(mine[0]!.open_now)),
      ...(cleared.length ? [ingestMsg.reportReauditCleared(cleared.length), ...cleared.map((r) => `${line(r)}（${r.reason ?? ""}）`)] : []),
      ...(opened.length ? [ingestMsg.reportReauditOpened(opened.length), ...opened.map(line)] : [])];
    appendFileSync(reportPath, text.join("\n") + "\n");
  }
}
