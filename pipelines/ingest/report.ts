/**
 * The report left beside a rejected file: JSON for scripts, text for a person.
 */
import type { FileRead } from "./read-file.js";
import { MAX_PROBLEMS } from "./problems.js";
import { ingestMsg } from "./messages.js";
import { cellRef } from "../cell-ref.js";
import { formatAccounting } from "./accounting.js";
import { neutraliseBidi } from "../safety/bidi.js";

export function reportJson(read: FileRead, rejectedAt: string): string {
  return neutraliseBidi(JSON.stringify(
    {
      file: read.name,
      sha256: read.sha256,
      rejected_at: rejectedAt,
      encoding: read.encoding,
      layout: read.layout || null,
      errors: read.problems.errors,
      warnings: read.problems.warnings,
      truncated: read.problems.droppedCount,
      row_accounting: read.accounting ?? null,
    },
    null,
    2,
  ));
}

export function reportText(read: FileRead, rejectedAt: string): string {
  const lines = [
    `文件：${read.name}`,
    `结果：已拒收（整个文件未入库，数据仓库未改变）`,
    `时间：${rejectedAt}`,
    `编码：${read.encoding}　格式：${read.layout || "无法识别"}`,
    ...(read.accounting ? [`行数：${formatAccounting(read.accounting)}`] : []),
    "",
    `错误（${read.problems.errors.length}）：`,
  ];
  for (const p of read.problems.errors) lines.push("  " + formatProblem(read.name, p));
  if (read.problems.warnings.length) {
    lines.push("", `提醒（${read.problems.warnings.length}）：`);
    for (const p of read.problems.warnings) lines.push("  " + formatProblem(read.name, p));
  }
  if (read.problems.droppedCount) lines.push("", ingestMsg.tooManyProblems(MAX_PROBLEMS));
  lines.push("", "修正后把文件重新放入收件箱即可；同一内容的文件不会重复入库。");
  return neutraliseBidi(lines.join("\n") + "\n");
}

/** `file:line:column [CODE] …`; for an Excel sheet `file:Sheet1!D7 [CODE] …` (a whole row `Sheet1!7:7`). */
export function formatProblem(file: string, p: { code: string; message: string; sheet?: string; line?: number; column?: string; value?: string; expected?: string }): string {
  const where = p.sheet !== undefined ? `${file}:${cellRef(p.sheet, p.line, p.column)}` : [file, p.line, p.column].filter((x) => x !== undefined && x !== "").join(":");
  const extra = [p.value !== undefined ? `值「${p.value}」` : "", p.expected ? `应为：${p.expected}` : ""].filter(Boolean).join("；");
  return `${where} [${p.code}] ${p.message}${extra ? "（" + extra + "）" : ""}`;
}

