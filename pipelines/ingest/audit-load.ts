/**
 * Wires the 审核 evaluator into a file's load: a `LoadAudit` for `loadFile`, the
 * rejection problems of 强制性 rules, and the `.problems.txt` of a loaded file
 * whose values were flagged 需核实.
 */
import { mkdirSync } from "node:fs";
import path from "node:path";
import type { Warehouse } from "../warehouse/index.js";
import type { AuditRule } from "./audit-rules.js";
import { AuditRejection, dropAudit, evaluateAudit, storeAuditFlags, type AuditFlag, type TotalFinding } from "./audit.js";
import { writeBeside } from "./files.js";
import type { LoadAudit } from "./load.js";
import type { ProblemList } from "./problems.js";
import type { FileRead } from "./read-file.js";
import { formatProblem } from "./report.js";

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

/**
 * Writes `<file>.problems.txt` beside the archived copy (or into the archive folder
 * for a file loaded from elsewhere): loaded, N values 需核实, each with its flag id
 * for `zonestat confirm`. Returns the report's path.
 */
export function writeLoadedReport(archived: string | undefined, archiveDir: string, read: FileRead, run: Pick<AuditRun, "flagCount" | "flags">, at: string): string {
  const flags = run.flags;
  const target = archived ?? (mkdirSync(archiveDir, { recursive: true }), path.join(archiveDir, read.name));
  const lines = [
    `文件：${read.name}`,
    `结果：已入库；${run.flagCount} 个数值需核实（核实性审核规则，见 sources/audit-rules/）`,
    `时间：${at}`,
    "",
    `需核实（${run.flagCount}）：`,
    ...flags.map((f) => "  " + formatProblem(read.name, { code: f.rule_code, message: `${[f.entity_name, f.indicator_name, f.period_label].filter(Boolean).join(" ")}：${f.message}`, line: Number(f.line), column: f.col, value: f.original_text ?? undefined }) + `　标记号 ${f.flag_id}`),
  ];
  if (run.flagCount > flags.length) lines.push(`  …… 只列出前 ${flags.length} 个；全部见 zonestat query "select * from ingest.audit_flags where state = 'open'"`);
  if (read.problems.warnings.length) {
    lines.push("", `提醒（${read.problems.warnings.length}）：`);
    for (const p of read.problems.warnings) lines.push("  " + formatProblem(read.name, p));
  }
  lines.push(
    "",
    "与填报单位核实后：数值无误的，运行 zonestat confirm --flag <标记号> --by <核实人> --reason <说明>；",
    "数值有误的，请填报单位报送更正后的文件，入库后此标记自动解除。",
  );
  return writeBeside(target, ".problems.txt", lines.join("\n") + "\n");
}
