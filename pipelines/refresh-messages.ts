/**
 * What `zonestat refresh` says it did (operator finding 8): the build — incremental
 * with the years recomputed, or full and why — the data tests run, the pages published
 * and how many changed; and, when nothing new arrived, why it rebuilds.
 */
import type { EngineResult } from "./engine/index.js";
import type { BuildPlan } from "./build.js";
import type { FailedNode, ShareOutOfRange } from "./refresh-failures.js";
import { cellRef } from "./cell-ref.js";

/** A figure as a statistician writes it: up to 2 decimals, trailing zeros dropped (395020, 59.5). */
const fig = (x: number) => String(Number(x.toFixed(2)));
/**
 * A value's place as 数据质量 writes it: 文件名 第2行 D列 for a text file, 文件名 开发区!D2 for a workbook's cell (stat-qa2 6:
 * a workbook cell printed as 第25行 D列 beside status's 开发区!F19).
 */
const place = (r: ShareOutOfRange) =>
  r.source_sheet && r.source_line != null && r.source_column
    ? `${r.source_file} ${cellRef(r.source_sheet, r.source_line, r.source_column)}`
    : `${r.source_file}${r.source_line != null ? ` 第${r.source_line}行` : ""}${r.source_column ? ` ${r.source_column}列` : ""}`;

const COMMAND_WORDS: Record<string, string> = {
  ingest: "入库",
  withdraw: "撤回",
  restore: "恢复撤回的文件",
  prefer: "指定优先文件",
  confirm: "核实标记",
  "restore-warehouse": "从备份恢复数据仓库",
};

const STAGE_WORK: Record<string, string> = { loaded: "重新构建和发布", built: "发布" };

export const refreshMsg = {
  /**
   * Nothing loaded and the project unchanged: no build, no publish. A rejected file is named as what arrived (stat-qa3
   * F10: "没有新文件" beside a file just rejected).
   */
  nothingLoaded: (duplicates: number, rejected: number) =>
    rejected
      ? `没有文件入库（${rejected} 个拒收，见 rejected/ 中的报告${duplicates ? `；${duplicates} 个重复文件` : ""}），项目未改变：未构建、未发布`
      : `没有新文件，项目未改变：未构建、未发布（${duplicates} 个重复文件）`,
  projectChanged: () => "项目定义（模型、参考数据 sources/seeds、版式或页面定义）已改变",
  /** The commands since the last refresh that built, oldest first, each with what it said. */
  sinceCommands: (runs: ReadonlyArray<{ command: string; message: string }>) =>
    `上次构建后运行了 ${runs.map((r) => `zonestat ${r.command}（${r.message ? r.message.replace(/。.*$/s, "") : COMMAND_WORDS[r.command] ?? r.command}）`).join("、")}`,
  notYetDone: (stage: string) => (stage === "built" ? "上次构建的结果尚未发布" : "已入库的数据尚未构建"),
  rebuilding: (stage: string, why: readonly string[]) => `${why.join("；")}：本次${STAGE_WORK[stage] ?? "继续"}`,
  lastRunUnfinished: (status: string) => `上一次运行未完成（${status === "stopped" ? "被停止" : "失败或被终止"}）`,
  resumeAfter: (stage: string, status: string) => `上一次运行未完成（${status === "stopped" ? "被停止" : "失败或被终止"}，停在「${stage}」），本次继续${STAGE_WORK[stage] ?? "构建和发布"}`,

  /** "增量构建（重算 2023、2024 年）" or "全量构建（首次构建）". */
  build: (plan: BuildPlan) =>
    plan.fullRefresh
      ? `全量构建（${plan.reason === "option" ? "--full" : plan.reason === "first" ? "首次完整构建" : "项目定义或变量已改变"}）`
      : plan.years.length
        ? `增量构建（重算 ${plan.years.join("、")} 年）`
        : "增量构建（没有年份需要重算）",
  /** "数据测试 85 项：通过 85" with warnings and failures when there are any. */
  tests: (result: EngineResult) => {
    const tests = result.results.filter((r) => r.unique_id.startsWith("test.") || r.unique_id.startsWith("unit_test."));
    if (!tests.length) return "未运行数据测试";
    const n = (s: string) => tests.filter((t) => t.status === s).length;
    const parts = [`通过 ${n("pass")}`, ...(n("warn") ? [`警告 ${n("warn")}`] : []), ...(n("fail") ? [`失败 ${n("fail")}`] : []), ...(n("error") ? [`出错 ${n("error")}`] : []), ...(n("skipped") ? [`跳过 ${n("skipped")}`] : [])];
    return `数据测试 ${tests.length} 项：${parts.join("，")}`;
  },
  pages: (pages: number, changed: number) => `发布 ${pages} 页（其中 ${changed} 页有变化）`,
  /** Files of the published site changed or missing since publish (site-manifest.ts): published again. */
  siteDamaged: (files: readonly string[]) =>
    `网站中有 ${files.length} 个文件在发布后被改动或缺失（${files.slice(0, 3).join("、")}${files.length > 3 ? " 等" : ""}）：重新发布，这些文件按仓库重新生成`,
  /**
   * The first line of a refresh whose build or data tests failed: nothing new is published, and either the last
   * published site stays (its pages carry a notice, publish/held.ts) or — in a new project — there is none yet.
   */
  failedHeadline: (siteExists: boolean, failed: readonly FailedNode[]) =>
    `构建或数据测试失败，${siteExists ? "网站未更新，保留上一次发布的网站" : "尚未发布过网站，本次也未发布"}。未通过：${failed.slice(0, 5).map((f) => `${f.name}${f.failures ? `（${f.failures} 行不符）` : ""}`).join("、")}${failed.length > 5 ? ` 等 ${failed.length} 项` : ""}`,
  /** One share above 100% (or below 0) in the reader's terms, with the zone value behind its numerator and any flag on it. */
  shareOutOfRange: (r: ShareOutOfRange) =>
    `  ${r.scope_name} ${r.indicator_name} ${r.period_label}：占比 ${fig(100 * r.share)}%（${fig(r.numerator)} ÷ ${r.denominator_name} ${fig(r.denominator)} ${r.unit}）` +
    (r.zone_name && r.zone_value != null && r.source_file
      ? `；其中最大的是「${r.zone_name}」${fig(r.zone_value)} ${r.unit}（${place(r)}` +
        (r.flag_id != null ? `，标记号 ${r.flag_id}${r.flag_state === "confirmed" ? `，已由${r.confirmed_by ?? "核实人"}核实` : "，需核实"}` : "") + "）"
      : ""),
  moreRows: (n: number) => `  另有 ${n} 行不符（同一占比的各分母版本各算一行；全部见网站数据质量页或 target/run_results.json）`,
  /** What to do about a share above 100%: the file behind it, by name. */
  shareAdvice: (rows: readonly ShareOutOfRange[]) => {
    const files = [...new Set(rows.map((r) => r.source_file).filter((f): f is string => !!f))];
    const confirmed = [...new Set(rows.filter((r) => r.flag_state === "confirmed" && r.flag_id != null).map((r) => r.flag_id))];
    const file = files[0] ?? "<文件名>";
    return [
      `处理：占比超过 100% 是数据错误。若开发区数值填报有误（如把万元填成了亿元），运行 zonestat withdraw ${file} 撤回该文件，或放入更正文件；` +
        (confirmed.length
          ? `标记号 ${confirmed.join("、")} 已被核实为无误——若核实有误，运行 zonestat confirm --undo --flag ${confirmed.join(" ")} --by <姓名> --reason <说明> 撤销核实（该数值重新不计入合计，不必撤回整个文件），或放入更正文件；若开发区数值确实无误，则是上级总量（分母）有误，请放入更正后的全省及各市文件。`
          : "若数值核实无误（zonestat confirm），则是上级总量（分母）有误，请放入更正后的全省及各市文件。"),
      "处理后运行 zonestat refresh；在此之前重新运行 refresh 会同样失败。",
    ].join("\n");
  },
  otherFailureAdvice: () => "处理：详见 target/run_results.json 中各项的说明；修正数据或项目定义后再运行 zonestat refresh——在此之前重新运行会同样失败。",
  /** The final line of a refresh that published. */
  done: (p: { loaded: number; rejected: number; restored?: number; flagged: number; reaudit?: string; build?: string; pages: string; why?: string }) =>
    // A withdrawn file dropped again is restored, not loaded: said, not "入库 0 个文件" (stat-qa finding 9).
    `入库 ${p.loaded} 个文件${p.restored ? `，恢复 ${p.restored} 个此前撤回的文件` : ""}，拒收 ${p.rejected} 个${p.flagged ? `，${p.flagged} 个数值需核实` : ""}${p.reaudit ? `（${p.reaudit}）` : ""}；${p.build ?? "未构建（模型已是最新）"}；${p.pages}${p.why ? `（原因：${p.why}）` : ""}`,
} as const;
