/**
 * 数据质量: the coverage heatmap, the load log, rejected files, revisions, and
 * every problem the marts detect.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";

export const quality: PageDefinition = {
  file: "quality.html",
  title: "数据质量",
  nav: "数据质量",
  order: 80,
  async render(ctx) {
    const heat = await ctx.query(`
      select zone_name, period_label, period_end::varchar as period_end, round(100.0 * count(*) filter (where reported) / count(*), 0) as reported_pct
      from main.coverage group by all order by zone_name, period_end`);
    const files = await ctx.query(`select name, layout, encoding, rows_loaded, vintage::varchar as vintage, vintage_source, strftime(loaded_at, '%Y-%m-%d %H:%M') as loaded_at, status, is_synthetic, json_array_length(warnings) as warnings from ingest.files order by loaded_at desc limit 200`);
    const rejected = await ctx.query(`select name, first_code, problems, strftime(rejected_at, '%Y-%m-%d %H:%M') as rejected_at, report_path from ingest.rejections order by rejected_at desc limit 100`);
    const revisions = await ctx.query(`select entity_name, indicator_name, period_label, previous_value, value, unit, previous_file, source_file, vintage::varchar as vintage from main.revisions order by loaded_at desc limit 200`);
    const issues = await ctx.query(`select severity, check_code, entity_code, indicator_code, period_label, detail from main.data_quality order by case severity when 'error' then 0 when 'warning' then 1 else 2 end, check_code limit 500`);
    const runs = await ctx.query(`select command, status, strftime(started_at, '%Y-%m-%d %H:%M:%S') as started_at, duration_ms, files_loaded, files_rejected, message from ingest.runs order by run_id desc limit 20`);
    const synthetic = files.some((f) => f.is_synthetic);
    return `
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
<h2>最近运行</h2>
${ctx.table([{ key: "started_at", label: "开始" }, { key: "command", label: "命令" }, { key: "status", label: "结果" }, { key: "duration_ms", label: "耗时（毫秒）", num: true }, { key: "files_loaded", label: "入库文件", num: true }, { key: "files_rejected", label: "拒收文件", num: true }, { key: "message", label: "说明" }], runs)}
<h2>已拒收的文件（${rejected.length}）</h2>
${rejected.length ? ctx.table([{ key: "name", label: "文件" }, { key: "first_code", label: "首个错误" }, { key: "problems", label: "错误数", num: true }, { key: "rejected_at", label: "时间" }, { key: "report_path", label: "报告" }], rejected) : "<p>没有被拒收的文件。</p>"}
<h2>修订（${revisions.length}）</h2>
${revisions.length ? ctx.table([{ key: "entity_name", label: "主体" }, { key: "indicator_name", label: "指标" }, { key: "period_label", label: "期间" }, { key: "previous_value", label: "原值", num: true }, { key: "value", label: "新值", num: true }, { key: "unit", label: "单位" }, { key: "previous_file", label: "原文件" }, { key: "source_file", label: "新文件" }, { key: "vintage", label: "数据版本" }], revisions) : "<p>没有修订。</p>"}
<h2>入库记录</h2>
${ctx.table([{ key: "loaded_at", label: "入库时间" }, { key: "name", label: "文件" }, { key: "layout", label: "格式" }, { key: "encoding", label: "编码" }, { key: "rows_loaded", label: "数值个数", num: true }, { key: "vintage", label: "数据版本", format: (v, r) => `${esc(v)}（${esc(r.vintage_source)}）` }, { key: "warnings", label: "提醒", num: true }, { key: "status", label: "状态" }], files)}
<p class="downloads">下载：<a href="downloads/coverage.csv">coverage.csv</a><a href="downloads/data_quality.csv">data_quality.csv</a><a href="downloads/revisions.csv">revisions.csv</a></p>`;
  },
};
