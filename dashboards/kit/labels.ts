/**
 * The words readers see instead of codes: target verdicts, comparators, target
 * kinds, the five documents (title and issuer, shared/seeds/README.md), data
 * checks, bases. One place, so every page says the same thing.
 */
import { esc } from "../../pipelines/publish/html.js";

export const STATUS_LABEL: Record<string, string> = {
  achieved: "已达成",
  on_track: "符合进度",
  behind: "落后进度",
  missed: "未达成",
  incomplete: "数据不全",
  no_data: "暂无数据",
  not_evaluable: "无法评估",
  no_schedule: "无进度基准",
  // Issue #16: before the base year nothing is judged; the base year is the start of the path; after the target year the deadline verdict speaks.
  before_base: "基期前",
  base_year: "基期",
  after_target_year: "目标年后",
};

/** A coloured verdict label; the class carries the code for styling only, the text is Chinese. */
export function statusBadge(status: unknown): string {
  const s = String(status ?? "");
  return `<span class="status s-${esc(s)}">${esc(STATUS_LABEL[s] ?? "未知状态")}</span>`;
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

export interface DocumentInfo {
  readonly title: string;
  readonly issuer: string;
  /** Short name used in headings: "文件000". */
  readonly short: string;
}

/** The five documents, by the file name targets cite (shared/seeds/README.md). */
export const DOCUMENTS: Record<string, DocumentInfo> = {
  "000_a15158e3137421c5.txt": { short: "文件000", title: "辽宁省经济开发区总体发展规划（2017-2020年）", issuer: "辽宁省人民政府" },
  "001_305298ae3fc0e8d8.txt": { short: "文件001", title: "沈阳市关于以高水平开放引领经济开发区高质量发展的落实意见（征求意见稿）", issuer: "沈阳市人民政府" },
  "002_2d6fe91a5af628ff.txt": { short: "文件002", title: "辽宁省高新技术产业开发区发展规划（2017-2020年）", issuer: "辽宁省科学技术厅" },
  "003_37b94779644853b1.txt": { short: "文件003", title: "关于推动省级以上经济技术开发区转型升级创新发展的意见（外省）", issuer: "外省人民政府" },
  "004_48f94057b5eb1751.txt": { short: "文件004", title: "辽宁省推进“一圈一带两区”区域协调发展三年行动方案", issuer: "辽宁省人民政府" },
};

/** "《标题》（发文单位）"; an unknown file is named as unknown rather than by its hash. */
export function documentName(file: unknown): string {
  const d = DOCUMENTS[String(file ?? "")];
  return d ? `《${d.title}》（${d.issuer}）` : "未登记的文件";
}
export function documentShort(file: unknown): string {
  return DOCUMENTS[String(file ?? "")]?.short ?? "未登记的文件";
}

/** data_quality.check_code → what a statistician calls it. */
export const CHECK_LABEL: Record<string, string> = {
  late_report: "报送延迟",
  missing_report: "未报送",
  land_rate_disagrees: "土地开发率公布值与计算值不符",
  annual_ytd_mismatch: "年度值与1-12月累计不一致",
  share_above_one: "占比超过100%",
  developed_exceeds_planned: "已开发面积超过规划面积",
};
export function checkLabel(code: unknown): string {
  return CHECK_LABEL[String(code ?? "")] ?? "其他检查";
}
export const SEVERITY_LABEL: Record<string, string> = { error: "错误", warning: "警告", info: "提示" };

export const RUN_STATUS_LABEL: Record<string, string> = { ok: "成功", succeeded: "成功", success: "成功", failed: "失败", error: "失败", running: "进行中", partial: "部分成功" };

/** The downloadable marts by what they hold. */
export const MART_TITLE: Record<string, string> = {
  shares: "占比", land_metrics: "土地指标", growth: "同比增长", growth_cagr: "年均增速", target_status: "目标完成情况",
  zone_counts: "各市开发区数量", rankings: "年度排名", coverage: "报送覆盖", revisions: "修订", data_quality: "数据问题",
  target_verdicts: "目标到期判定", int_scope_values: "口径汇总值",
};
