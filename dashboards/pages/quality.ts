/**
 * 数据质量: the coverage heatmap, the load log, rejected files, revisions, and
 * every problem the marts detect.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { conflictNotice } from "./editions.js";
import { VINTAGE_SOURCE_LABEL } from "../../pipelines/edition-messages.js";

export const quality: PageDefinition = {
  file: "quality.html",
  title: "数据质量",
  nav: "数据质量",
  async render(ctx) {
    const heat = await ctx.query(`
      select zone_name, period_label, period_end::varchar as period_end, round(100.0 * count(*) filter (where reported) / count(*), 0) as reported_pct
      from main.coverage group by all order by zone_name, period_end`);
    const files = await ctx.query(`select name, layout, encoding, rows_loaded, vintage::varchar as vintage, vintage_source, vintage_note, correction_marker, strftime(loaded_at, '%Y-%m-%d %H:%M') as loaded_at, status, is_synthetic, json_array_length(warnings) as warnings from ingest.files left join ingest.file_editions using (file_id) order by loaded_at desc limit 200`);
    const rejected = await ctx.query(`select name, first_code, problems, strftime(rejected_at, '%Y-%m-%d %H:%M') as rejected_at, report_path from ingest.rejections order by rejected_at desc limit 100`);
    const revisions = await ctx.query(`select entity_name, indicator_name, period_label, previous_value, value, unit, previous_file, source_file, vintage::varchar as vintage, evidence from main.revisions order by loaded_at desc limit 200`);
    const issues = await ctx.query(`select severity, check_code, entity_code, indicator_code, period_label, detail from main.data_quality order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, check_code limit 500`);
    const flags = await ctx.query(`select a.flag_id, a.state, f.name || ':' || a.line || ':' || a.col as place, a.entity_name, a.indicator_name, a.period_label, a.original_text,
        a.rule_code, a.message, a.confirmed_by, strftime(a.confirmed_at, '%Y-%m-%d') as confirmed_at, a.confirm_reason, c.name as corrected_by
      from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.files c on c.file_id = a.resolved_by_file_id
      where f.status = 'loaded' order by a.state <> 'open', a.flag_id desc limit 500`);
    const openFlags = flags.filter((f) => f.state === "open").length;
    const runs = await ctx.query(`select command, status, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at, duration_ms, files_loaded, files_rejected, message from ingest.runs order by run_id desc limit 20`);
    const synthetic = files.some((f) => f.is_synthetic);
    return `${await conflictNotice(ctx)}
${await ctx.chart({
      spec: "coverage-heatmap",
      rows: heat,
      title: "报送覆盖：各开发区已报送的核心指标比例",
      subtitle: "核心指标：地区生产总值、一般公共预算收入、固定资产投资、出口额、实际利用外资、工业总产值",
      source: "coverage（省级以上经济开发区 × 核心指标 × 开发区报表中出现过的期间）",
      synthetic,
      columns: [{ key: "zone_name", label: "开发区" }, { key: "period_label", label: "期间" }, { key: "reported_pct", label: "已报送（%）", num: true }],
    })}
<h2>数据问题（${issues.length}）</h2>
${issues.length ? ctx.table([{ key: "severity", label: "级别" }, { key: "check_code", label: "检查" }, { key: "entity_code", label: "主体" }, { key: "indicator_code", label: "指标" }, { key: "period_label", label: "期间" }, { key: "detail", label: "说明" }], issues) : "<p>未发现问题。</p>"}
<h2>审核：需核实的数值（${openFlags}）</h2>
<p class="meta">核实性审核规则（sources/audit-rules/）标出的数值。与填报单位核实无误的，运行 <code>zonestat confirm --flag 标记号 --by 核实人 --reason 说明</code>；有误的，报送更正后的文件，入库后自动解除。</p>
${flags.length ? ctx.table([{ key: "flag_id", label: "标记号", num: true }, { key: "state", label: "状态", format: (v, r) => (v === "open" ? "需核实" : v === "confirmed" ? `已核实（${String(r.confirmed_by)}，${String(r.confirmed_at)}：${String(r.confirm_reason)}）` : `已更正（${String(r.corrected_by ?? "")}）`) }, { key: "place", label: "文件:行:列" }, { key: "entity_name", label: "主体" }, { key: "indicator_name", label: "指标" }, { key: "period_label", label: "期间" }, { key: "original_text", label: "填报值", num: true }, { key: "rule_code", label: "规则" }, { key: "message", label: "说明" }], flags) : "<p>没有需核实的数值。</p>"}
<h2>最近运行</h2>
${ctx.table([{ key: "started_at", label: "开始" }, { key: "command", label: "命令" }, { key: "status", label: "结果" }, { key: "duration_ms", label: "耗时（毫秒）", num: true }, { key: "files_loaded", label: "入库文件", num: true }, { key: "files_rejected", label: "拒收文件", num: true }, { key: "message", label: "说明" }], runs)}
<h2>已拒收的文件（${rejected.length}）</h2>
${rejected.length ? ctx.table([{ key: "name", label: "文件" }, { key: "first_code", label: "首个错误" }, { key: "problems", label: "错误数", num: true }, { key: "rejected_at", label: "时间" }, { key: "report_path", label: "报告" }], rejected) : "<p>没有被拒收的文件。</p>"}
<h2>修订（${revisions.length}）</h2>
${revisions.length ? ctx.table([{ key: "entity_name", label: "主体" }, { key: "indicator_name", label: "指标" }, { key: "period_label", label: "期间" }, { key: "previous_value", label: "原值", num: true }, { key: "value", label: "新值", num: true }, { key: "unit", label: "单位" }, { key: "previous_file", label: "原文件" }, { key: "source_file", label: "新文件" }, { key: "vintage", label: "数据版本" }, { key: "evidence", label: "依据" }], revisions) : "<p>没有修订。</p>"}
<h2>入库记录</h2>
${ctx.table([{ key: "loaded_at", label: "入库时间" }, { key: "name", label: "文件" }, { key: "layout", label: "格式" }, { key: "encoding", label: "编码" }, { key: "rows_loaded", label: "数值个数", num: true }, { key: "vintage", label: "数据版本", format: (v, r) => `${String(v)}（${VINTAGE_SOURCE_LABEL[String(r.vintage_source)] ?? String(r.vintage_source)}）` }, { key: "vintage_note", label: "版本依据", format: (v, r) => `${String(v ?? "")}${r.correction_marker ? `；标有「${String(r.correction_marker)}」，更正同格式文件（规则3）` : ""}` }, { key: "warnings", label: "提醒", num: true }, { key: "status", label: "状态" }], files)}
<p class="downloads">下载：<a href="downloads/coverage.csv">coverage.csv</a><a href="downloads/data_quality.csv">data_quality.csv</a><a href="downloads/revisions.csv">revisions.csv</a></p>`;
  },
};
