/**
 * The words readers see instead of codes: target verdicts, comparators, target
 * kinds, the five documents (title and issuer, shared/seeds/README.md), data
 * checks, bases. One place, so every page says the same thing.
 */
import { esc } from "../../pipelines/publish/html.js";

export const STATUS_LABEL: Record<string, string> = {
  achieved: "已达成",
  // A live target already at or past its final value before its target year (target_verdicts.headline_text's word).
  achieved_early: "提前达成",
  on_track: "符合进度",
  behind: "落后进度",
  missed: "未达成",
  incomplete: "数据不全",
  // Not judged because a figure waits for 核实 (target_verdicts.headline_awaits_check), not because zones are missing.
  awaits_check: "待核实",
  no_data: "暂无数据",
  not_evaluable: "无法评估",
  no_schedule: "无进度基准",
  // Issue #16: before the base year nothing is judged; the base year is the start of the path; after the target year the deadline verdict speaks.
  before_base: "基期前",
  base_year: "基期",
  after_target_year: "目标年后",
  // An expired target whose target year has no full-year figure: a value exists, but no verdict at the deadline.
  undecidable: "无法判定",
};

/** A coloured verdict label; the class carries the code for styling only, the text is Chinese. */
export function statusBadge(status: unknown): string {
  const s = String(status ?? "");
  return `<span class="status s-${esc(s)}">${esc(STATUS_LABEL[s] ?? "未知状态")}</span>`;
}

/** A target's kind as tagged on 总览 and 进度: a level in % (土地开发率) is a 比率, not a 总量 (sc-qa finding 8). */
export function kindLabel(kind: unknown, unit: unknown): string {
  if (String(kind) === "level" && (String(unit) === "%" || String(unit) === "百分点")) return "比率";
  return KIND_LABEL[String(kind)] ?? "其他";
}

/** targets.csv `comparator` as printed in bureau text (≥ not >=). */
export const COMPARATOR_LABEL: Record<string, string> = { ">=": "≥", "<=": "≤", ">": "＞", "<": "＜", "=": "＝", "==": "＝", "≈": "约" };
export function comparatorText(c: unknown): string {
  return COMPARATOR_LABEL[String(c ?? "")] ?? "";
}

export const KIND_LABEL: Record<string, string> = {
  level: "总量", share: "占比", growth: "增速", reduction: "降幅", count: "计数", zone_count: "开发区数量", count_per_city: "各市数量", relative: "相对水平",
};

export const BASIS_LABEL: Record<string, string> = { ytd: "1至本期累计", period: "当期", level: "期末" };

// Documents are named from the project's documents seed: kit/documents.ts.

/** data_quality.check_code → what a statistician calls it. */
export const CHECK_LABEL: Record<string, string> = {
  late_report: "报送延迟",
  missing_report: "未报送",
  land_rate_disagrees: "土地开发率公布值与计算值不符",
  annual_ytd_mismatch: "年度值与1-12月累计不一致",
  share_above_one: "占比超过100%",
  developed_exceeds_planned: "已开发面积超过规划面积",
  // data_quality.sql's own codes, and the built-in audit rules (sources/audit-rules/10-bureau-checks.yml).
  share_above_100: "占比超过100%",
  ytd_decreases: "年内累计值下降",
  annual_differs_from_ytd: "年度值与1-12月累计不一致",
  year_form_confirmed: "年度值与1-12月累计不一致（已核实）",
  membership_starts_mid_year: "年中列入开发区名录（按年末名单计全年）",
  outside_register: "年末不在开发区名录中（该年数值不计入）",
  missing_exchange_rate: "缺少美元汇率",
  version_conflict: "数据版本冲突",
  NEGATIVE_VALUE: "总量为负数",
  RATE_OUT_OF_RANGE: "比率不在0–100%之间",
  YTD_DECREASE: "年内累计值下降",
  YTD_OUT_OF_LINE: "年内累计值下降（已判明疑误数值）",
  JUMP_20X: "与上期相差20倍以上（疑似单位错误）",
  ABOVE_PARENT: "高于上级同期数值",
  INCREMENT_JUMP: "当季增量异常偏大（疑似多输一位）",
  FIRST_QUARTER_JUMP: "一季度累计或年度数与上年同期相差5倍以上（疑似多输或少输一位）",
  PEER_OUTLIER: "无上年同期数，是同市其他开发区最大值6倍以上（疑似多输一位）",
  TOTAL_MISMATCH: "合计行与各行之和不符",
  GROWTH_MISMATCH: "填报增速与计算增速不符",
  GROWTH_MISMATCH_COMPARABLE: "填报增速（可比价）与计算增速不符",
};
export function checkLabel(code: unknown): string {
  return CHECK_LABEL[String(code ?? "")] ?? "其他检查";
}
export const SEVERITY_LABEL: Record<string, string> = { error: "错误", warning: "警告", info: "提示" };

export const RUN_STATUS_LABEL: Record<string, string> = { ok: "成功", succeeded: "成功", success: "成功", failed: "失败", error: "失败", running: "进行中", partial: "部分成功", nothing_to_do: "无新内容", data_problems: "有文件被拒收" };

/** The downloadable marts by what they hold. */
export const MART_TITLE: Record<string, string> = {
  shares: "占比", land_metrics: "土地指标", growth: "同比增长", growth_cagr: "年均增速", target_status: "目标完成情况",
  zone_counts: "各市开发区数量", rankings: "年度排名", coverage: "报送覆盖", revisions: "修订", data_quality: "数据问题",
  target_verdicts: "目标到期判定", int_scope_values: "口径汇总值", stg_observations: "开发区报表数值",
};
