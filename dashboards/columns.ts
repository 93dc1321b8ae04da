/**
 * The Chinese data dictionary of the downloadable marts: each column's header in
 * the CSV files, its unit, how its numbers are written, and what it means. The
 * publish job writes CSV headers and the `<mart>.columns.csv` metadata files from
 * it; the 方法 page shows it. Columns are named alike across marts, so one entry
 * serves every mart that has the column.
 *
 * format: text | value (the row's indicator decimals, sources/seeds/indicator_formats.csv)
 * | fraction_pct (a fraction written as a percentage, one decimal) | pct (already in %,
 * one decimal) | points (个百分点, one decimal) | count (integer) | area (km², two
 * decimals) | date | bool (是/否)
 */
import { CHECK_LABEL, STATUS_LABEL } from "./kit/labels.js";

export type ColumnFormat = "text" | "value" | "fraction_pct" | "pct" | "points" | "count" | "area" | "date" | "bool";

export interface ColumnInfo {
  readonly label: string;
  readonly format: ColumnFormat;
  readonly description: string;
  /** Code values written in Chinese in the CSV (the Parquet keeps the codes). */
  readonly values?: Readonly<Record<string, string>>;
}

// Every verdict code the marts write (target_status, target_verdicts, the catalogue), in the words the pages use.
const STATUS: Readonly<Record<string, string>> = STATUS_LABEL;
const BASIS = { ytd: "1至本期累计", period: "当期", level: "期末" };

export const COLUMNS: Readonly<Record<string, ColumnInfo>> = {
  // Columns added by the editions (#15) and target verdicts (#16) marts.
  base_value_source: { label: "基期值来源", format: "text", description: "基期值取自目标目录（文件）还是数据", values: { catalogue: "文件给出", document: "文件给出", data: "取自数据" } },
  base_value_used: { label: "所用基期值", format: "value", description: "进度路径起点的数值" },
  break_note: { label: "口径断点说明", format: "text", description: "与上一期之间的来源或口径变化（跨断点不计算增速）" },
  catalogue_reason: { label: "目录说明", format: "text", description: "目标目录中无法评估等的原因" },
  catalogue_status: { label: "目录状态", format: "text", description: "目标目录中的状态", values: STATUS },
  comparison_basis: { label: "比较口径", format: "text", description: "增速的比较口径", values: { like_for_like: "可比口径（两期都有数据的开发区）", reported_aggregate: "直接报送的合计", all: "全部" } },
  completion_rate: { label: "完成率（%）", format: "fraction_pct", description: "到期时实际 ÷ 目标" },
  current_actual: { label: "最近全年实际值", format: "value", description: "最近一个有全年数据的年份的实际值（年度或1-12月）" },
  current_meets_target: { label: "最近全年是否达到目标", format: "bool", description: "最近一个全年的实际值是否达到目标" },
  current_period_label: { label: "最近全年期间", format: "text", description: "最近一个有全年数据的期间，如 2024年（年度或1-12月）" },
  current_year: { label: "最近全年年份", format: "count", description: "最近一个有全年数据的年份" },
  deadline_actual: { label: "目标年实际值", format: "value", description: "目标年全年的实际值" },
  deadline_gap: { label: "到期差距", format: "value", description: "目标年实际值 − 目标值（占比为个百分点）" },
  deadline_period_label: { label: "目标年期间", format: "text", description: "判定所用的目标年期间" },
  deadline_verdict: { label: "到期判定", format: "text", description: "目标年全年数据的判定", values: { achieved: "达成", missed: "未达成", no_data: "暂无数据" } },
  deadline_verdict_label: { label: "到期判定（文字）", format: "text", description: "到期判定的中文" },
  denominator_vintage_source: { label: "分母版本依据", format: "text", description: "分母数据版本的来源", values: { row: "数据行注明（规则1）", filename: "文件名注明（规则1）", option: "命令行注明（规则1）", file: "文件内注明（规则2）", inferred: "由内容推断（规则4）", load_date: "入库日期" } },
  description: { label: "说明", format: "text", description: "中文说明" },
  edition_basis: { label: "分母版本口径", format: "text", description: "占比所用分母版本的说明" },
  edition_date: { label: "版本日期", format: "date", description: "数值所属版本的日期（按证据顺序）" },
  edition_label: { label: "分子分母版本", format: "text", description: "分子与分母各自的数据版本" },
  evidence: { label: "依据", format: "text", description: "以哪条证据决定新值替代旧值" },
  evidence_rule: { label: "依据规则", format: "count", description: "证据顺序中的规则号（1–5）" },
  expected_by_rule: { label: "按规则计算的预期值", format: "value", description: "按进度规则计算的预期值（文件列出年度值时，判定用列出值）" },
  gap_unit: { label: "差距单位", format: "text", description: "差距的单位" },
  headline_label: { label: "总判定（文字）", format: "text", description: "总判定的中文" },
  headline_status: { label: "总判定", format: "text", description: "到期目标为到期判定，未到期目标为进度判定", values: { ...STATUS, before_base: "基期前", base_year: "基期", after_target_year: "目标年后" } },
  headline_text: { label: "判定说明", format: "text", description: "一句话的判定说明" },
  is_conflict: { label: "版本冲突", format: "bool", description: "证据相同的文件数值不一致" },
  is_correction: { label: "更正文件", format: "bool", description: "文件名或标题标有更正、修订等" },
  is_full_year: { label: "全年数据", format: "bool", description: "该期为全年（1-12月或年末）数据" },
  break_year_since_base: { label: "基期后口径变化年份", format: "count", description: "基期之后开发区名单或口径变化的第一年；此后与基期不可比" },
  latest_actual: { label: "最近一期实际值", format: "value", description: "有数据的最近一期（可为1-3月、1-6月等累计）的实际值" },
  break_year_after_deadline: { label: "到期后口径变化年份", format: "count", description: "目标年之后口径变化的第一年；此后各年不与目标比较" },
  break_after_deadline_declared: { label: "到期后已声明口径调整", format: "bool", description: "目标年之后有登记的口径调整，此后数值不可比" },
  is_expired: { label: "已到期", format: "bool", description: "目标年已有全年数据" },
  is_matched_edition: { label: "同期版本", format: "bool", description: "分母为分子公布时的版本（无时取最早版本）" },
  is_preferred_file: { label: "指定优先", format: "bool", description: "用 zonestat prefer 指定的文件" },
  latest_data_year: { label: "最新数据年份", format: "count", description: "数据最新的年份" },
  latest_expected: { label: "最近预期值", format: "value", description: "最近一期按进度应达到的值" },
  latest_gap_to_expected: { label: "最近比进度差距", format: "value", description: "最近一期实际值 − 预期值" },
  latest_period_label: { label: "最近一期期间", format: "text", description: "有数据的最近一期的期间（可为1-3月、1-6月等累计），进度判定所用" },
  latest_reason: { label: "最近说明", format: "text", description: "最近一期判定的说明" },
  latest_status: { label: "最近状态", format: "text", description: "最近一期的进度判定", values: { ...STATUS, before_base: "基期前", base_year: "基期", after_target_year: "目标年后" } },
  meets_target: { label: "是否达到目标", format: "bool", description: "该期实际值是否达到目标" },
  membership_assumed: { label: "开发区名录为假定", format: "bool", description: "名录缺少设立、撤并日期，按现状回推" },
  previous_edition_date: { label: "原版本日期", format: "date", description: "被替代数值的版本日期" },
  previous_mtime: { label: "原文件修改时间（UTC）", format: "text", description: "被替代文件的修改时间，协调世界时" },
  previous_vintage_source: { label: "原版本依据", format: "text", description: "被替代数值的版本依据", values: { row: "数据行注明（规则1）", filename: "文件名注明（规则1）", option: "命令行注明（规则1）", file: "文件内注明（规则2）", inferred: "由内容推断（规则4）", load_date: "入库日期" } },
  previous_year_actual: { label: "上年同期实际值", format: "value", description: "上年同期的实际值" },
  reached_since_year: { label: "首次达到年份", format: "count", description: "首次达到目标的年份" },
  series_segment: { label: "序列分段", format: "count", description: "口径断点分开的序列段号" },
  source_mtime: { label: "文件修改时间（UTC）", format: "text", description: "来源文件的修改时间，协调世界时" },
  vintage_source: { label: "版本依据", format: "text", description: "数据版本的来源", values: { row: "数据行注明（规则1）", filename: "文件名注明（规则1）", option: "命令行注明（规则1）", file: "文件内注明（规则2）", inferred: "由内容推断（规则4）", load_date: "入库日期" } },
  zones_compared: { label: "比较的开发区数", format: "count", description: "两期都有数据、参与比较的开发区个数" },
  zones_in_scope: { label: "范围内开发区数", format: "count", description: "该年统计范围内的开发区个数（增速目标：与比较的开发区数不同时，增速按可比口径计算）" },
  zones_series_break: { label: "口径调整未比较的开发区数", format: "count", description: "两期都有数据、但本身在两期之间口径调整（序列断点）而未参与比较的开发区个数" },
  value_compared: { label: "可比口径本期数值", format: "value", description: "参与比较的开发区本期数值之和；可比口径同比 = 可比口径本期数值 ÷ 可比口径上年同期数值 − 1" },
  previous_compared: { label: "可比口径上年同期数值", format: "value", description: "同一批开发区上年同期数值之和" },
  entity_code: { label: "主体代码", format: "text", description: "开发区、地区或范围的代码（行政区划代码或开发区登记代码）" },
  entity_name: { label: "主体名称", format: "text", description: "开发区、地区或范围的名称" },
  entity_kind: { label: "主体类别", format: "text", description: "主体类别：开发区、省或统计范围", values: { zone: "开发区", province: "省", scope: "统计范围", city: "市", region: "区域" } },
  zone_code: { label: "开发区代码", format: "text", description: "开发区登记代码（sources/seeds/zones.csv）" },
  zone_name: { label: "开发区名称", format: "text", description: "开发区名称" },
  level: { label: "级别", format: "text", description: "国家级或省级" },
  city_code: { label: "所在市代码", format: "text", description: "所在市的行政区划代码" },
  city_name: { label: "所在市", format: "text", description: "所在市名称" },
  scope_code: { label: "范围代码", format: "text", description: "统计范围代码（sources/seeds/scopes.csv）" },
  scope_name: { label: "范围名称", format: "text", description: "统计范围，如全省省级以上经济开发区" },
  indicator_code: { label: "指标代码", format: "text", description: "指标代码（sources/seeds/indicators.csv）" },
  indicator_name: { label: "指标名称", format: "text", description: "指标的中文名称" },
  period_start: { label: "期间起", format: "date", description: "统计期间的第一天" },
  period_end: { label: "期间止", format: "date", description: "统计期间的最后一天" },
  period_label: { label: "期间", format: "text", description: "期间，如 2024年1-9月" },
  previous_period_label: { label: "上年同期", format: "text", description: "同比所比较的期间" },
  grain: { label: "期间粒度", format: "text", description: "期间粒度：年、年内累计或季度", values: { year: "年", ytd: "年内累计", quarter: "季度" } },
  basis: { label: "口径", format: "text", description: "口径：1至本期累计、当期或期末数", values: BASIS },
  year: { label: "年份", format: "count", description: "期间所在年份" },
  unit: { label: "单位", format: "text", description: "数值的计量单位" },
  value: { label: "数值", format: "value", description: "本期数值，单位见“单位”列" },
  previous_value: { label: "上年同期数值", format: "value", description: "上年同期、同口径的数值；开发区合计为上年同期报送的全部开发区之和，不一定是同比的分母（比较口径为可比口径时见“可比口径上年同期数值”）" },
  yoy_growth: { label: "同比增长（%）", format: "fraction_pct", description: "本期 ÷ 上年同期 − 1，名义值；比较口径为可比口径的开发区合计为 可比口径本期数值 ÷ 可比口径上年同期数值 − 1（两年都有数值的同一批开发区），与“数值”“上年同期数值”两列之比可以不同" },
  yoy_change_points: { label: "比上年同期增减（个百分点）", format: "points", description: "占比、比率类：本期 − 上年同期，单位为个百分点（此类指标不给同比增长率）" },
  denominator_check_name: { label: "需核实的分母", format: "text", description: "占比的分母（如全省总量）有尚未处理的审核标记时，分母的名称：占比仅供参考，目标核实前不判定" },
  awaits_check: { label: "待核实", format: "bool", description: "数值待核实（分母或开发区数值有未处理的审核标记，或本期开发区数值全部需核实）：未判定的目标标为“待核实”而非“数据不全”" },
  headline_awaits_check: { label: "总判定待核实", format: "bool", description: "总判定为未判定，原因是数值待核实（而非开发区未报送）：显示为“待核实”（到期目标为“到期待核实”）" },
  values_check_count: { label: "含需核实的开发区数值", format: "count", description: "合计中有尚未处理的审核标记（不扣留、照常计入）的开发区数值个数：大于0时目标核实或更正前不判定" },
  growth_kind: { label: "增速口径", format: "text", description: "增速口径：名义增速（现价）", values: { nominal: "名义" } },
  from_year: { label: "起始年", format: "count", description: "年均增速的起始年份" },
  to_year: { label: "终止年", format: "count", description: "年均增速的终止年份" },
  from_value: { label: "起始年数值", format: "value", description: "起始年的年度值" },
  to_value: { label: "终止年数值", format: "value", description: "终止年的年度值" },
  cagr: { label: "年均增速（%）", format: "fraction_pct", description: "（终止年数值 ÷ 起始年数值）^(1 ÷ 年数) − 1" },
  numerator_method: { label: "分子口径", format: "text", description: "分子口径：开发区逐个相加，或直接报送的合计", values: { sum_of_zones: "开发区逐个相加", reported_aggregate: "直接报送的合计" } },
  is_preferred_numerator: { label: "是否首选分子", format: "bool", description: "两种分子都有时首选直接报送的合计" },
  numerator: { label: "开发区合计", format: "value", description: "占比的分子" },
  numerator_vintage: { label: "分子数据版本", format: "date", description: "分子数据的版本日期" },
  numerator_files: { label: "分子来源文件", format: "text", description: "分子数值来自的文件" },
  denominator_code: { label: "分母地区代码", format: "text", description: "占比分母（全省或全市）的代码" },
  denominator_name: { label: "分母地区", format: "text", description: "占比分母（全省或全市）的名称" },
  denominator: { label: "分母总量", format: "value", description: "全省或全市同一指标、同一期间、同一口径的总量" },
  denominator_vintage: { label: "分母数据版本", format: "date", description: "分母数据的版本日期" },
  is_latest_vintage: { label: "是否最新版本", format: "bool", description: "分母为最新数据版本" },
  denominator_file: { label: "分母来源文件", format: "text", description: "分母数值来自的文件" },
  denominator_needs_check: { label: "分母需核实", format: "bool", description: "分母（如某市全市总量）大于其上级（全省）总量、审核标记未处理：占比按填报的分母计算，仅供参考" },
  share: { label: "占比（%）", format: "fraction_pct", description: "开发区合计 ÷ 分母总量，以百分数表示" },
  zones_reporting: { label: "已报送开发区数", format: "count", description: "有数值的开发区个数" },
  zones_expected: { label: "应报送开发区数", format: "count", description: "当年范围内的开发区个数" },
  reporting_ratio: { label: "报送率（%）", format: "fraction_pct", description: "已报送 ÷ 应报送" },
  is_partial: { label: "是否数据不全", format: "bool", description: "有开发区未报送，或有需核实的数值未计入，合计不完整" },
  zones_held_for_check: { label: "需核实未计入开发区数", format: "count", description: "数值被暂不计入合计的审核规则标出（高于上级总量、当季增量异常偏大或与上期或上年同期相差20倍以上）、标记未处理，核实前不计入合计的开发区个数" },
  needs_check: { label: "需核实", format: "bool", description: "数值有未处理的审核标记（见数据质量页）" },
  held_for_check: { label: "需核实未计入合计", format: "bool", description: "数值被暂不计入合计的审核规则标出（高于上级总量、当季增量异常偏大或与上期或上年同期相差20倍以上）、标记未处理：核实前不计入合计、不计算占比、不计算同比、不参与排名" },
  used_exchange_rate: { label: "是否经汇率换算", format: "bool", description: "部分数值按汇率表在美元与人民币之间换算" },
  is_synthetic: { label: "是否示例数据", format: "bool", description: "合成的示例数据，不是真实统计" },
  planned_area: { label: "规划面积（平方公里）", format: "area", description: "土地开发率的分母（TD/T 1029）" },
  supply_ready_area: { label: "已达到供地条件面积（平方公里）", format: "area", description: "土地开发率的分子" },
  supplied_area: { label: "已供应国有建设用地面积（平方公里）", format: "area", description: "土地供应率的分子" },
  built_area: { label: "已建成城镇建设用地面积（平方公里）", format: "area", description: "土地建成率的分子" },
  published_land_development_rate: { label: "土地开发率公布值（%）", format: "pct", description: "来源文件公布的土地开发率" },
  published_land_use_rate: { label: "土地利用率公布值（%）", format: "pct", description: "来源文件公布的土地利用率" },
  published_output_per_land: { label: "单位土地产出公布值（亿元/平方公里）", format: "area", description: "来源文件公布的单位土地产出值" },
  annual_gdp: { label: "年度地区生产总值（亿元）", format: "value", description: "计算单位土地产出所用的年度地区生产总值" },
  land_development_rate: { label: "土地开发率（%）", format: "pct", description: "已达到供地条件面积 ÷ 规划面积 × 100" },
  land_supply_rate: { label: "土地供应率（%）", format: "pct", description: "已供应国有建设用地面积 ÷ 已达到供地条件面积 × 100" },
  land_built_rate: { label: "土地建成率（%）", format: "pct", description: "已建成城镇建设用地面积 ÷ 已供应国有建设用地面积 × 100" },
  land_use_rate: { label: "土地利用率（%）", format: "pct", description: "已建成面积 ÷ 已达到供地条件面积 × 100（工作假设）" },
  output_per_land: { label: "单位土地产出值（亿元/平方公里）", format: "area", description: "年度地区生产总值 ÷ 已达到供地条件面积" },
  land_development_rate_best: { label: "土地开发率（采用值，%）", format: "pct", description: "有计算值用计算值，否则用公布值" },
  land_use_rate_best: { label: "土地利用率（采用值，%）", format: "pct", description: "有计算值用计算值，否则用公布值" },
  output_per_land_best: { label: "单位土地产出值（采用值）", format: "area", description: "有计算值用计算值，否则用公布值" },
  development_rate_disagrees: { label: "开发率公布值与计算值不符", format: "bool", description: "两者相差超过0.5个百分点" },
  use_rate_disagrees: { label: "利用率公布值与计算值不符", format: "bool", description: "两者相差超过0.5个百分点" },
  developed_exceeds_planned: { label: "已开发面积超过规划面积", format: "bool", description: "数据错误" },
  target_id: { label: "目标编号", format: "text", description: "目标目录中的编号（sources/seeds/targets.csv）" },
  document: { label: "文件", format: "text", description: "目标所在的政策文件" },
  clause: { label: "条款", format: "text", description: "文件中的条款位置" },
  phrase: { label: "目标原文", format: "text", description: "文件中的原文" },
  kind: { label: "目标类型", format: "text", description: "目标类型：总量、占比、增速、相对水平等", values: { level: "总量", share: "占比", growth: "增速", reduction: "降幅", count: "计数", zone_count: "开发区数量", count_per_city: "各市数量", relative: "相对水平" } },
  comparator: { label: "比较方式", format: "text", description: "比较方式：不低于、不高于或左右", values: { ">=": "不低于", "<=": "不高于", "≈": "左右", ">": "高于", "<": "低于" } },
  aspirational: { label: "是否力争目标", format: "bool", description: "文件用“力争”表述的目标" },
  base_year: { label: "基期年", format: "count", description: "目标的基期年份" },
  base_value: { label: "基期值", format: "value", description: "目标的基期数值" },
  target_year: { label: "目标年", format: "count", description: "目标应实现的年份" },
  target_value: { label: "目标值", format: "value", description: "目标数值，单位见“单位”列" },
  actual: { label: "实际值", format: "value", description: "本期实际数值（占比以%计，增速为年均增速%）" },
  expected: { label: "按进度预期值", format: "value", description: "按序时进度应达到的数值" },
  expected_method: { label: "预期计算方法", format: "text", description: "预期计算方法：文件规定的增量进度、线性进度或目标值", values: { increment_fraction: "文件规定的增量进度", linear: "线性进度", target: "目标值" } },
  schedule_fraction: { label: "进度比例（%）", format: "fraction_pct", description: "截至本期应完成的增量比例" },
  milestone_value: { label: "文件列出的年度预期值", format: "value", description: "文件专栏列出的年度数值" },
  milestone_clause: { label: "年度预期值出处", format: "text", description: "年度预期值所在的专栏" },
  gap_to_expected: { label: "与预期之差", format: "value", description: "实际值 − 按进度预期值（占比和增速为个百分点）" },
  gap_to_target: { label: "与目标之差", format: "value", description: "实际值 − 目标值（占比和增速为个百分点）" },
  required_annual_growth: { label: "所需年均增速（%）", format: "fraction_pct", description: "（目标 ÷ 该年全年实际值）^(1 ÷ 剩余年数) − 1" },
  status: { label: "判定", format: "text", description: "判定：已达成、符合进度、落后进度、未达成、数据不全、暂无数据、无法评估、无进度基准", values: STATUS },
  reason: { label: "原因说明", format: "text", description: "数据不全、无法评估或暂无数据的原因" },
  conflict_group: { label: "冲突组", format: "text", description: "同一事项在不同文件中的目标" },
  zones: { label: "登记开发区数", format: "count", description: "登记在册的省级以上开发区数量" },
  national_zones: { label: "国家级开发区数", format: "count", description: "其中国家级开发区数量" },
  zones_2016_document: { label: "文件所列基期数量", format: "count", description: "规划文件按市列出的基期年份开发区数量（各市数量目标的基期值）" },
  zones_target: { label: "目标数量", format: "count", description: "规划文件按市列出的目标年份开发区数量" },
  zones_over_1000_yi: { label: "工业总产值超千亿元开发区数", format: "count", description: "工业总产值 ≥ 1000 亿元的开发区数量" },
  rank_in_level: { label: "同级别名次", format: "count", description: "在同级别开发区中的名次" },
  zones_ranked: { label: "参与排名开发区数", format: "count", description: "同级别参与排名的开发区数量" },
  rank_from_bottom: { label: "倒数名次", format: "count", description: "从末位起算的名次" },
  is_bottom_warning: { label: "是否末位预警", format: "bool", description: "排名末位预警：国家级开发区排末1名、省级开发区排末5名（目标目录中有末位预警条款时才列出）" },
  source_file: { label: "来源文件", format: "text", description: "数值来自的文件" },
  source_line: { label: "来源行号", format: "count", description: "数值在来源文件中的行号" },
  source_column: { label: "来源列", format: "text", description: "数值在来源文件中的列（A、B、C…）" },
  source_sheet: { label: "来源工作表", format: "text", description: "数值所在的工作表（Excel 文件；文本文件为空）" },
  vintage: { label: "数据版本", format: "date", description: "数据的版本日期" },
  reported: { label: "是否已报送", format: "bool", description: "该期有数值" },
  is_late: { label: "是否迟报", format: "bool", description: "报送晚于期末45天" },
  reported_yoy: { label: "填报增速（%）", format: "fraction_pct", description: "开发区报表填报的比上年增长（%），未用于计算同比；可能按可比价计算" },
  is_expected_period: { label: "是否应报期间", format: "bool", description: "按报送制度各开发区应报的期间（1-3、1-6、1-9、1-12月累计和全年）；其他期间的报表保留但不要求每个开发区报送" },
  is_lateness_judged: { label: "是否判断迟报", format: "bool", description: "期末45天的报送期限在本项目首次入库之后（此前期间的文件是补录，不算迟报）" },
  measure: { label: "度量", format: "text", description: "度量：数值", values: { value: "数值" } },
  loaded_at: { label: "入库时间（UTC）", format: "text", description: "数值入库的时间，协调世界时" },
  file_status: { label: "文件状态", format: "text", description: "文件状态：已入库等", values: { loaded: "已入库", superseded: "已被替代", removed: "已撤回" } },
  is_current: { label: "是否现行值", format: "bool", description: "当前采用的数值" },
  replaced_value: { label: "原值", format: "value", description: "被新文件的数值取代的原数值（修订前）" },
  previous_file: { label: "原来源文件", format: "text", description: "修订前数值的来源文件" },
  previous_sheet: { label: "原来源工作表", format: "text", description: "修订前数值所在的工作表（Excel 文件；文本文件为空）" },
  previous_line: { label: "原来源行号", format: "count", description: "修订前数值在其来源文件中的行号" },
  previous_column: { label: "原来源列", format: "text", description: "修订前数值在其来源文件中的列（A、B、C…）" },
  previous_vintage: { label: "原数据版本", format: "date", description: "修订前数值的版本" },
  previous_loaded_at: { label: "原入库时间（UTC）", format: "text", description: "修订前数值的入库时间" },
  check_code: { label: "检查", format: "text", description: "数据检查：报送延迟、未报送、公布值与计算值不符等", values: CHECK_LABEL },
  severity: { label: "级别", format: "text", description: "级别：错误、警告或提示", values: { error: "错误", warning: "警告", info: "提示" } },
  detail: { label: "说明", format: "text", description: "问题的具体说明" },
  // Columns of the 排名 and 城市与区域 pages' own downloads (#19).
  rank: { label: "范围内名次", format: "count", description: "在统计范围（headline_scope，与排名数据 rankings 相同）有数值的开发区中的名次（并列同名次）；不在范围内的开发区不排名、为空" },
  zones_in_level: { label: "同级别开发区数", format: "count", description: "统计范围内同级别参与排名的开发区数量" },
  share_province: { label: "占全省（%）", format: "fraction_pct", description: "开发区数值 ÷ 全省同一指标、同一期间的总量；分母取与统计范围合计同期的全省总量数据版本（与总览、占比和目标判定相同）" },
  share_city_total: { label: "占本市（%）", format: "fraction_pct", description: "开发区数值 ÷ 所在市全市同一指标、同一期间的总量（最新数据版本）" },
  share_city: { label: "占本市开发区合计（%）", format: "fraction_pct", description: "开发区数值 ÷ 本市有数据的开发区合计" },
};

/**
 * Columns that apply a rule only some plans have, with the catalogue condition that shows them:
 * is_bottom_warning (rankings.sql's 末位 rule) only when a target's wording names 末位 (末位预警,
 * 末位淘汰); otherwise the rule is no clause of this project's plan, and the column is left out of
 * the downloads and the 方法 dictionary. denominator_needs_check (shares) only while some share's denominator is flagged.
 */
const CONDITIONAL_COLUMNS: Record<string, string> = {
  is_bottom_warning: "select count(*) > 0 as shown from main_staging.stg_targets where phrase like '%末位%'",
  // Only while some denominator is flagged (as the pages' 需核实 columns), so an unflagged project's shares.csv keeps its columns.
  denominator_needs_check: "select coalesce(bool_or(denominator_needs_check), false) as shown from main.shares",
};

/** The names of the conditional columns this project does not show (see CONDITIONAL_COLUMNS). */
export async function hiddenColumns(query: (sql: string) => Promise<Array<Record<string, unknown>>>): Promise<Set<string>> {
  const hidden = new Set<string>();
  for (const [name, sql] of Object.entries(CONDITIONAL_COLUMNS)) {
    const rows = await query(sql).catch(() => [] as Array<Record<string, unknown>>);
    if (rows[0]?.shown !== true) hidden.add(name);
  }
  return hidden;
}

/** A column's entry; an unknown column keeps its name and is written as text (and shows up in the dictionary test). */
export function columnInfo(name: string): ColumnInfo {
  return COLUMNS[name] ?? { label: name, format: "text", description: "" };
}
