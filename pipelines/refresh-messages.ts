/**
 * What `zonestat refresh` says it did (operator finding 8): the build — incremental
 * with the years recomputed, or full and why — the data tests run, the pages published
 * and how many changed; and, when nothing new arrived, why it rebuilds.
 */
import type { EngineResult } from "./engine/index.js";
import type { BuildPlan } from "./build.js";

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
  /** The final line of a refresh that published. */
  done: (p: { loaded: number; rejected: number; flagged: number; build?: string; pages: string; why?: string }) =>
    `入库 ${p.loaded} 个文件，拒收 ${p.rejected} 个${p.flagged ? `，${p.flagged} 个数值需核实` : ""}；${p.build ?? "未构建（模型已是最新）"}；${p.pages}${p.why ? `（原因：${p.why}）` : ""}`,
} as const;
