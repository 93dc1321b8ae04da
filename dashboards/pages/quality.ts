/**
 * 数据质量: a summary first (problems by check, by city in administrative code
 * order, zones that did not report the latest quarter), then the problems list
 * ("显示 N 条，共 M 条" with the full download), revisions of the province's own
 * data (other provinces' on request via the download), runs, rejected and loaded
 * files — every time in the configured time zone.
 */
import { esc } from "../../pipelines/publish/html.js";
import { localMinute, timeZoneLabel } from "../../pipelines/local-time.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { conflictNotice } from "./editions.js";
import { VINTAGE_SOURCE_LABEL } from "../../pipelines/edition-messages.js";
import { loadNumberFormats } from "../kit/format.js";
import { checkLabel, RUN_STATUS_LABEL, SEVERITY_LABEL } from "../kit/labels.js";
import { flagSheetSql, placeSql } from "../../pipelines/cell-ref.js";
import { ANNUAL_RELATION, flagEffectSql, flagEffectText, flagYearFormSql } from "../../pipelines/ingest/flag-effect.js";

/** Problems listed on the page; the rest are in the download. */
export const QUALITY_ROWS_SHOWN = 300;
/**
 * The problems shown: data_quality without the 未报送 of an indicator no zone reported that period — a
 * project whose zone files do not carry 一般公共预算收入 has not 80 missing reports (the 季度分析's rule,
 * report/facts.ts `missing`; coverage.sql's core list is the Liaoning example's).
 */
const DQ = `(select q.* from main.data_quality q where (q.check_code <> 'missing_report'
  or exists (select 1 from main.coverage o where o.period_label = q.period_label and o.indicator_code = q.indicator_code and o.reported))
  -- One decrease once: ytd_decreases (data_quality.sql) repeats the load-time audit rule YTD_DECREASE.
  and not (q.check_code = 'ytd_decreases' and exists (select 1 from main.data_quality y where y.check_code = 'YTD_DECREASE'
    and y.entity_code = q.entity_code and y.indicator_code = q.indicator_code and y.period_label = q.period_label)))`;
/** Coverage of the indicators collected: those some zone reported in that period. */
const COVERAGE = `(select c.* from main.coverage c where exists (select 1 from main.coverage o where o.period_label = c.period_label and o.indicator_code = c.indicator_code and o.reported))`;

/** The province's own entities (the headline scope's jurisdiction): its code and every code under it (administrative codes share the first two digits). */
const OWN = `(select left(jurisdiction_code, 2) || '%' from main.site_scope)`;

export const quality: PageDefinition = {
  file: "quality.html",
  title: "数据质量",
  nav: "数据质量",
  order: 80,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    const tz = timeZoneLabel(ctx.timezone);
    const when = (ms: unknown) => (ms == null ? "—" : localMinute(Number(ms), ctx.timezone));
    const [{ total }] = (await ctx.query(`select count(*)::integer as total from ${DQ}`)) as Array<{ total: number }>;
    // Each problem with the names of its zone (or region), city and indicator.
    const named = `
      select q.*, coalesce(z.zone_name, r.entity_name, s.scope_name, '全省') as entity_name, coalesce(z.city_code, s.city_code, case when q.entity_code like ${OWN} and length(q.entity_code) = 6 then q.entity_code end) as city_code,
             coalesce(c.entity_name, r.entity_name, sc.entity_name) as city_name, i.indicator_name
      from ${DQ} q
      left join main_staging.stg_zones z on z.zone_code = q.entity_code
      left join main_staging.stg_regions r on r.entity_code = q.entity_code
      left join main_staging.stg_regions c on c.entity_code = z.city_code
      -- A scope's problem (a city's zones' share over 100%) under its own name and city, not 全省 (stat-qa5 F7).
      left join main_staging.stg_scopes s on s.scope_code = q.entity_code
      left join main_staging.stg_regions sc on sc.entity_code = s.city_code
      left join main_staging.stg_indicators i on i.indicator_code = q.indicator_code`;
    const byCheck = await ctx.query(`select check_code, severity, count(*)::integer as n from ${DQ} group by check_code, severity order by case when check_code in ('missing_report', 'late_report') then 3 when severity = 'error' then 0 when severity = 'warning' then 1 else 2 end, n desc`);
    const byCity = await ctx.query(`
      select city_code, any_value(city_name) as city_name, count(*) filter (where severity = 'error')::integer as errors, count(*) filter (where severity = 'warning')::integer as warnings, count(*) filter (where severity = 'info')::integer as infos
      from (${named}) group by city_code order by city_code nulls last`);
    const latest = await ctx.query(`select max(period_end)::varchar as p, arg_max(period_label, period_end) as label from main.coverage`);
    const missing = await ctx.query(`
      select c.zone_name, c.city_code, r.entity_name as city_name, count(*)::integer as indicators
      from ${COVERAGE} c left join main_staging.stg_regions r on r.entity_code = c.city_code
      where c.period_end = (select max(period_end) from main.coverage) and not c.reported
      group by all order by c.city_code, c.zone_name`);
    // A total order (every column of a problem as a tie-breaker): the same rows are shown whatever order the build stored them in (dl-qa #11).
    // 未报送 and 报送延迟 last (报送覆盖 lists them by zone): hundreds of them filled the rows shown and hid the 提示 that say
    // which year form was taken or why a zone counts for a whole year (qa40 F7).
    const issues = await ctx.query(`${named} order by case when check_code in ('missing_report', 'late_report') then 3 when severity = 'error' then 0 when severity = 'warning' then 1 else 2 end, city_code nulls last, entity_code, period_label, check_code, indicator_code nulls first, detail limit ${QUALITY_ROWS_SHOWN}`);
    const heat = await ctx.query(`
      select zone_name, period_label, period_end::varchar as period_end, round(100.0 * count(*) filter (where reported) / count(*), 0) as reported_pct
      from ${COVERAGE} group by all order by zone_name, period_end`);
    const collected = await ctx.query(`select i.indicator_name from main.coverage c join main_staging.stg_indicators i using (indicator_code) where c.reported group by all order by min(c.indicator_code)`);
    const [{ dropped }] = (await ctx.query(`select (select count(*) from main.data_quality) - (select count(*) from ${DQ}) as dropped`)) as Array<{ dropped: unknown }>;
    const [scopeRow] = await ctx.query(`select scope_name from main.site_scope`);
    const files = await ctx.query(`select name, layout, encoding, rows_loaded, vintage::varchar as vintage, vintage_source, vintage_note, correction_marker, epoch_ms(loaded_at) as loaded_ms, status, epoch_ms(withdrawn_at) as withdrawn_ms, is_synthetic, json_array_length(warnings) as warnings,
        (select count(*) from ingest.audit_flags a where a.file_id = ingest.files.file_id and a.state = 'open')::integer as open_flags
      from ingest.files left join ingest.file_editions using (file_id) order by loaded_at desc limit 200`);
    const rejected = await ctx.query(`select name, first_code, problems, epoch_ms(rejected_at) as rejected_ms, report_path from ingest.rejections r where not exists (select 1 from ingest.files f where f.name = r.name and f.status = 'loaded' and f.loaded_at > r.rejected_at) order by rejected_at desc limit 100`);
    const [{ revisionsAll }] = (await ctx.query(`select count(*)::integer as "revisionsAll" from main.revisions`)) as Array<{ revisionsAll: number }>;
    const revisions = await ctx.query(`select entity_name, indicator_name, indicator_code, period_label, replaced_value, value, unit, previous_file, source_file, vintage::varchar as vintage, evidence from main.revisions where entity_code like ${OWN} or entity_code in (select zone_code from main_staging.stg_zones) order by entity_code, indicator_code, period_end limit 200`);
    const runs = await ctx.query(`select command, status, epoch_ms(started_at) as started_ms, duration_ms, files_loaded, files_rejected, message from ingest.runs order by run_id desc limit 20`);
    // A workbook's cell as the statistician finds it (开发区!F19, as status and .problems.txt print it); the value with the
    // unit it was written in; the confirmation's time local like every other time on the page (stat-qa2 6–8).
    const flags = await ctx.query(`select a.flag_id, a.state, ${placeSql("f.name", flagSheetSql("a"), "a.line", "a.col")} as place, a.entity_name, a.indicator_name, a.period_label, a.original_text,
        (select min(s.original_unit) from ingest.facts u join ingest.fact_series s using (file_id, series_key) where u.file_id = a.file_id and u.line = a.line and u.col = a.col) as original_unit,
        a.rule_code, a.message, a.basis,
        -- The site is published from the models: a held 年 value whose year took the clean 1-12月 says so (stat-qa5 F3).
        ${flagEffectSql("a", ANNUAL_RELATION)} as effect, ${flagYearFormSql("a", ANNUAL_RELATION)}, a.confirmed_by, epoch_ms(a.confirmed_at) as confirmed_ms, a.confirm_reason, c.name as corrected_by, x.reason as cleared_reason
      from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.files c on c.file_id = a.resolved_by_file_id
      left join ingest.audit_flag_closures x on x.flag_id = a.flag_id
      where f.status = 'loaded' order by a.state <> 'open', a.flag_id desc limit 500`);
    const openFlags = flags.filter((f) => f.state === "open").length;
    // Values, not flags: one cell may carry two (stat-qa4 F2).
    const openValues = new Set(flags.filter((f) => f.state === "open").map((f) => String(f.place))).size;
    const synthetic = files.some((r) => r.is_synthetic);
    const n = (v: unknown) => f.number(v, "zone_count");

    // A run still going (the one publishing this page) has not counted its files yet: "—", not 0 (stat-qa4 F13).
    // The values to act on (需核实) come before the long lists of what is missing (stat-qa3 F11: after ~550 未报送 rows).
    return `${await conflictNotice(ctx)}
<h2>概况</h2>
<p>共发现 <strong class="dq-total" data-total="${total}">${n(total)}</strong> 条数据问题；最近一期（${esc(latest[0]?.label ?? "—")}）${esc(String(scopeRow?.scope_name ?? "统计范围内的开发区"))}中有 ${n(missing.length)} 个开发区的核心指标未报送（报送覆盖只统计这一范围内的开发区）。${Number(dropped) > 0 ? `另有 ${n(dropped)} 条记录未计为问题（当期没有任何开发区报送的指标的“未报送”，以及与审核规则重复的年内累计值下降），仍在下载文件中。` : ""}</p>
<h3>按检查</h3>
${ctx.table([{ key: "check_code", label: "检查", format: (v) => checkLabel(v) }, { key: "severity", label: "级别", format: (v) => SEVERITY_LABEL[String(v)] ?? "其他" }, { key: "n", label: "问题数", num: true, format: n }], byCheck)}
<h3>按城市（行政区划代码顺序）</h3>
${ctx.table([{ key: "city_name", label: "城市", format: (v) => String(v ?? "全省及其他") }, { key: "errors", label: "错误", num: true, format: n }, { key: "warnings", label: "警告", num: true, format: n }, { key: "infos", label: "提示", num: true, format: n }], byCity)}
<h2>审核：需核实的数值（${openValues}）</h2>
<p class="meta">核实性审核规则（sources/audit-rules/）标出的数值。与填报单位核实无误的，运行 <code>zonestat confirm --flag 标记号 --by 核实人 --reason 说明</code>；有误的，报送更正后的文件，入库后自动解除。${openValues !== openFlags ? `${openValues} 个数值上共有 ${openFlags} 个标记（一个数值可被几条规则标出）。` : ""}核实时间为${tz}。</p>
${flags.length ? ctx.table([{ key: "flag_id", label: "标记号", num: true }, { key: "state", label: "状态", format: (v, r) => (v === "open" ? `需核实（${flagEffectText(r)}）` : v === "confirmed" ? `已核实（${String(r.confirmed_by)}，${when(r.confirmed_ms)}：${String(r.confirm_reason)}）` : v === "cleared" ? String(r.cleared_reason ?? "已解除") : `已更正（${String(r.corrected_by ?? "")}）`) }, { key: "place", label: "位置（文件:行:列 或 工作表!单元格）" }, { key: "entity_name", label: "主体" }, { key: "indicator_name", label: "指标" }, { key: "period_label", label: "期间" }, { key: "original_text", label: "填报值", num: true, format: (v, r) => `${String(v ?? "—")}${r.original_unit ? ` ${String(r.original_unit)}` : ""}` }, { key: "rule_code", label: "规则", format: (v) => checkLabel(v) }, { key: "message", label: "说明" }], flags) : "<p>没有需核实的数值。</p>"}
<h2>报送覆盖</h2>
<h3>最近一期未报送的开发区（${esc(latest[0]?.label ?? "—")}）</h3>
${missing.length ? ctx.table([{ key: "city_name", label: "所在市" }, { key: "zone_name", label: "开发区" }, { key: "indicators", label: "未报送的核心指标数", num: true, format: n }], missing) : `<p>${esc(String(scopeRow?.scope_name ?? "统计范围内的开发区"))}各开发区均已报送。</p>`}
${await ctx.chart({
      spec: "coverage-heatmap",
      rows: heat,
      title: "报送覆盖：各开发区已报送的核心指标比例",
      subtitle: `核心指标：${collected.map((r) => String(r.indicator_name)).join("、") || "—"}（开发区报表中报送过的；某期没有任何开发区报送的指标不计入该期）`,
      source: `报送覆盖表（${String(scopeRow?.scope_name ?? "统计范围内的开发区")} × 核心指标 × 开发区报表中出现过的期间）`,
      synthetic,
      columns: [{ key: "zone_name", label: "开发区" }, { key: "period_label", label: "期间" }, { key: "reported_pct", label: "已报送（%）", num: true, format: (v) => f.number(v, "zone_count") }],
    })}
<h2>数据问题（${n(total)}）</h2>
<p class="meta dq-shown">显示 ${n(issues.length)} 条，共 ${n(total)} 条（先错误，后警告和提示，未报送与报送延迟列在最后；按行政区划代码排列）；全部问题见下载：<a href="downloads/data_quality.csv">数据问题（CSV）</a></p>
${issues.length ? `<div class="dq-issues">${ctx.table([{ key: "severity", label: "级别", format: (v) => SEVERITY_LABEL[String(v)] ?? "其他" }, { key: "check_code", label: "检查", format: (v) => checkLabel(v) }, { key: "city_name", label: "所在市", format: (v) => String(v ?? "—") }, { key: "entity_name", label: "主体" }, { key: "indicator_name", label: "指标", format: (v) => String(v ?? "—") }, { key: "period_label", label: "期间" }, { key: "detail", label: "说明" }], issues)}</div>` : "<p>未发现问题。</p>"}
<h2>修订（本省 ${n(revisions.length)} 条，含外省共 ${n(revisionsAll)} 条）</h2>
<p class="meta">只列本省及省内开发区的修订；外省数据的修订见下载：<a href="downloads/revisions.csv">修订（CSV）</a></p>
${revisions.length ? ctx.table([{ key: "entity_name", label: "主体" }, { key: "indicator_name", label: "指标" }, { key: "period_label", label: "期间" }, { key: "replaced_value", label: "原值", num: true, format: (v, r) => f.number(v, r.indicator_code, r.unit) }, { key: "value", label: "新值", num: true, format: (v, r) => f.number(v, r.indicator_code, r.unit) }, { key: "unit", label: "单位" }, { key: "previous_file", label: "原文件" }, { key: "source_file", label: "新文件" }, { key: "vintage", label: "数据版本" }, { key: "evidence", label: "依据" }], revisions) : "<p>没有修订。</p>"}
<h2>最近运行</h2>
${ctx.table([{ key: "started_ms", label: `开始（${tz}）`, format: when }, { key: "command", label: "命令" }, { key: "status", label: "结果", format: (v, r) => (v === "running" ? (r === runs[0] ? "进行中（生成本页的运行）" : "未完成（中断）") : RUN_STATUS_LABEL[String(v)] ?? "其他") }, { key: "duration_ms", label: "耗时（秒）", num: true, format: (v) => (v == null ? "—" : f.number(Number(v) / 1000, "", "秒")) }, { key: "files_loaded", label: "入库文件", num: true, format: (v, r) => (r.status === "running" ? "—" : n(v)) }, { key: "files_rejected", label: "拒收文件", num: true, format: (v, r) => (r.status === "running" ? "—" : n(v)) }, { key: "message", label: "说明" }], runs)}
<h2>已拒收的文件（${n(rejected.length)}）</h2>
${rejected.length ? ctx.table([{ key: "name", label: "文件" }, { key: "first_code", label: "首个错误" }, { key: "problems", label: "错误数", num: true, format: n }, { key: "rejected_ms", label: `拒收时间（${tz}）`, format: when }, { key: "report_path", label: "报告" }], rejected) : "<p>没有被拒收的文件。</p>"}
<h2>入库记录</h2>
<p class="meta">已撤回的文件（zonestat withdraw）留在记录中，标明撤回时间；其数值不再参与模型、网站和下载，可用 zonestat restore 恢复。</p>
${ctx.table([{ key: "loaded_ms", label: `入库时间（${tz}）`, format: when }, { key: "name", label: "文件" }, { key: "status", label: "状态", format: (v, r) => (v === "withdrawn" ? `已撤回（${when(r.withdrawn_ms)}）` : v === "loaded" ? "已入库" : String(v)) }, { key: "encoding", label: "编码" }, { key: "rows_loaded", label: "数值个数", num: true, format: n }, { key: "vintage", label: "数据版本", format: (v, r) => `${String(v)}（${VINTAGE_SOURCE_LABEL[String(r.vintage_source)] ?? "其他"}）` }, { key: "vintage_note", label: "版本依据", format: (v, r) => `${String(v ?? "")}${r.correction_marker ? `；标有「${String(r.correction_marker)}」，更正同格式文件（规则3）` : ""}` }, { key: "warnings", label: "读取提醒", num: true, format: n }, { key: "open_flags", label: "需核实数值", num: true, format: n }], files)}
<p class="downloads">下载：<a href="downloads/coverage.csv">报送覆盖（CSV）</a><a href="downloads/data_quality.csv">数据问题（CSV）</a><a href="downloads/revisions.csv">修订（CSV）</a></p>`;
  },
};
