/**
 * 方法: definitions and formulas, the whole target catalogue with document clauses,
 * the marts' columns, and the model lineage.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { esc } from "../../pipelines/publish/html.js";
import { lineageSvg, type LineageNode } from "../../pipelines/publish/lineage.js";
import { EVIDENCE_RULES } from "../../pipelines/edition-messages.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { columnInfo, hiddenColumns } from "../columns.js";
import { comparatorText, KIND_LABEL, MART_TITLE } from "../kit/labels.js";
import { loadDocuments } from "../kit/documents.js";
import { scheduleFacts, type ScheduleFacts } from "../kit/schedule-text.js";
import { groupBy } from "../kit/rows.js";
import { phraseText } from "../kit/targets.js";

interface ManifestNode { unique_id: string; resource_type: string; name: string; description: string; depends_on: { nodes: string[] }; original_file_path: string; columns: Record<string, { name: string; description: string }> }

export const method: PageDefinition = {
  file: "method.html",
  title: "方法：定义、目标目录与模型",
  nav: "方法",
  order: 90,
  async render(ctx) {
    const docs = await loadDocuments(ctx);
    const schedule = await scheduleFacts(ctx, docs);
    // A revised provincial total from this project's own data: the base year of the headline scope's targets when its
    // GDP differs between editions (Liaoning: 2016), else the latest year that does.
    const revised = await ctx.query<{ entity_name: string; period_label: string; unit: string; vintage_year: number; value: number }>(`
      with v as (
        select entity_name, period_label, period_start, unit, year(vintage) as vintage_year, any_value(value) as value
        from main_staging.stg_observation_vintages
        where entity_code = (select jurisdiction_code from main.site_scope) and indicator_code = 'gdp' and measure = 'value' and basis = 'period'
          and month(period_start) = 1 and month(period_end) = 12 and year(period_start) = year(period_end)
        group by all
      ), revised as (
        select period_start from v group by period_start having count(distinct value) > 1
      ), chosen as (
        select period_start from revised
        order by year(period_start) = (select min(base_year) from main_staging.stg_targets where scope_code = (select scope_code from main.site_scope)) desc, period_start desc
        limit 1
      )
      select entity_name, period_label, unit, vintage_year, value from v where period_start = (select period_start from chosen) order by vintage_year`);
    const revisedExample = revised.length > 1
      ? `（例如${revised[0]!.period_label}${revised[0]!.entity_name}地区生产总值：${revised.map((r) => `${r.vintage_year}年版本 ${r.value} ${r.unit}`).join("，")}）`
      : "";
    const notes = docs.list.filter((d) => d.methodNote).map((d) => `${docs.cite(d.document)}：${d.methodNote}`);
    const targets = await ctx.query(`select t.*, s.scope_name, i.indicator_name from main_staging.stg_targets t left join main_staging.stg_scopes s using (scope_code) left join main_staging.stg_indicators i using (indicator_code) order by t.document, t.target_id`);
    const dictionary = await ctx.query<{ mart: string; name: string }>(`select table_name as mart, column_name as name from information_schema.columns where table_schema = 'main' and table_name in (${Object.keys(MART_TITLE).map((m) => `'${m}'`).join(", ")}) order by table_name, ordinal_position`);
    const hidden = await hiddenColumns((sql) => ctx.query(sql));
    const byMart = groupBy(dictionary.filter((c) => !hidden.has(String(c.name))), "mart");
    const breaks = await ctx.query(`
      select coalesce(s.scope_name, z.zone_name, r.entity_name, b.entity_code) as entity, coalesce(i.indicator_name, b.indicator_code) as indicator,
             b.year, b.previous_year, b.origin, b.note, b.source
      from main_intermediate.int_series_breaks b
      left join main_staging.stg_scopes s on s.scope_code = b.entity_code
      left join main_staging.stg_zones z on z.zone_code = b.entity_code
      left join main_staging.stg_regions r on r.entity_code = b.entity_code
      left join main_staging.stg_indicators i on i.indicator_code = b.indicator_code
      order by b.entity_code, b.indicator_code, b.year`);
    const manifestFile = path.join(ctx.targetDir, "manifest.json");
    const manifest = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, "utf8")) as { nodes: Record<string, ManifestNode>; sources?: Record<string, { unique_id: string; name: string; source_name: string; description?: string }> })
      : { nodes: {}, sources: {} };
    const models = Object.values(manifest.nodes).filter((n) => n.resource_type === "model" || n.resource_type === "seed");
    const short = (id: string) => id.split(".").slice(2).join(".");
    return `
<h2>计算口径</h2>
<ul>
<li><strong>占比</strong> = 范围内开发区合计 ÷ 全省（或全市）同一指标、同一期间、同一口径（累计／当期）的总量。同一年份的全省总量随数据版本变化${esc(revisedExample)}，每个占比都注明分母的数据版本。报送不全时标为“数据不全”，不作为偏低的占比显示。美元与人民币指标只通过汇率表（sources/seeds/exchange_rates.csv）换算。</li>
<li><strong>数据版本</strong>：同一数值有多个文件时，按证据顺序决定采用哪个：${EVIDENCE_RULES.map((r) => esc(r)).join("；")}。占比默认按<strong>同期版本</strong>计算：分母取分子公布时已公布的全省数（规划编制时的口径，目标评估采用）；按最新修订分母计算的占比同时保留，两者相差超过0.5个百分点时在“占比”页并列显示。</li>
<li><strong>单季值</strong>：一季度 = 1-3月累计；其后各季度 = 本期累计 − 上期累计（同一年）。缺少上期累计时不推算。</li>
<li><strong>年度值</strong>：年度数据，或1-12月累计值；两者都有且不一致时在“数据质量”页提示。</li>
<li><strong>同比增长</strong>：与上年同期、同口径比较，按名义值计算（公布的地区生产总值增速为可比价，两者不同）。<strong>年均增速</strong> =（V<sub>t</sub> ÷ V<sub>0</sub>）<sup>1/(t−t0)</sup> − 1。<strong>所需增速</strong> =（目标 ÷ 最近值）<sup>1/剩余年数</sup> − 1。<strong>相对目标</strong>（“年均增速高于全市／全省／全国水平”）= 范围自基期起的年均增速 − 比较对象同期、同币种的年均增速，单位为百分点，不低于0即符合；增速与相对目标是整个规划期的平均，目标年之前最多为“符合进度”。</li>
${scheduleItem(schedule, docs.cite)}
<li><strong>到期判定</strong>：目标年已有全年数据（或数据已到更晚年份）的目标，按目标年全年数据判定达成／未达成：完成率 = 实际 ÷ 目标（总量）；占比与增速给出相差的百分点。之后年份的水平另行给出（如“2023年起超过目标”），不改变到期结论。见 target_verdicts。</li>
<li><strong>序列断点</strong>：同一序列前后两年的来源或口径变化（部门汇总 ↔ 开发区报表合计、文件格式变化，或 sources/seeds/series_breaks.csv 声明的口径调整）记为断点；跨断点不计算同比与年均增速，图中实线在断点处断开。</li>
<li><strong>土地指标</strong>：见“土地”页；土地利用率、单位土地产出值的分子分母为工作假设（单位土地产出值 = 地区生产总值 ÷ 已达到供地条件面积）。</li>
<li><strong>文件未写明、本系统采用的解读</strong>：“左右”“接近”按达到目标的95%及以上计；换算美元与人民币时年内累计值使用全年平均汇率；年内进度按已过月份 ÷ 12 折算，不考虑季节性。${notes.length ? `各文件（sources/seeds/documents.csv 的 method_note）：<ul>${notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>` : ""}</li>
<li><strong>开发区范围</strong>按各年年末的级别与状态（sources/seeds/zone_history.csv）确定；名录中没有设立、升级、撤并日期的开发区按现状回推到各年，属于假定（目标判定中注明“开发区名录部分为假定”）。</li>
<li><strong>增速</strong>：按现价计算的名义增速；规划中的地区生产总值、工业增加值增速通常为可比价，二者不可直接比较。由开发区合计得到的范围增速按可比口径计算（只比较两期都有数据的开发区），报送不全时标明。</li>
</ul>
<h2>序列断点（${breaks.length} 处）</h2>
${breaks.length ? ctx.table(
      [
        { key: "entity", label: "对象" },
        { key: "indicator", label: "指标" },
        { key: "year", label: "新序列起始年" },
        // A declared break names no earlier year of its own: it is with the year before (reader-qa7 F16: an empty cell).
        { key: "previous_year", label: "前一年份", format: (v, r) => String(v ?? Number(r.year) - 1) },
        { key: "origin", label: "来源", format: (v) => (v === "declared" ? "声明（口径调整）" : "自动识别") },
        { key: "note", label: "说明" },
        { key: "source", label: "依据" },
      ],
      breaks,
    ) : `<p class="meta">未发现序列断点。</p>`}
<h2>目标目录（${targets.length} 项）</h2>
${ctx.table(
      [
        { key: "document", label: "文件", format: (v) => docs.cite(v) },
        { key: "clause", label: "条款" },
        // A document's table row with its cells joined by ｜, never raw tabs (stat-qa F13).
        { key: "phrase", label: "原文", format: (v) => phraseText(v) },
        { key: "scope_name", label: "范围", format: (v) => String(v ?? "—") },
        { key: "indicator_name", label: "指标", format: (v) => String(v ?? "—") },
        { key: "kind", label: "类型", format: (v) => KIND_LABEL[String(v)] ?? "其他" },
        { key: "comparator", label: "比较", format: (v) => comparatorText(v) || "左右" },
        // The documents' own figures, as stated (not reformatted).
        { key: "base_value", label: "基期值（原文）", format: (v, r) => (v == null ? "—" : `${String(v)}（${r.base_year}年）`) },
        { key: "target_value", label: "目标值（原文）", format: (v, r) => `${String(v)}（${r.target_year}年）` },
        { key: "unit", label: "单位" },
        { key: "evaluable", label: "可评估", format: (v, r) => (v ? "是" : `否：${r.not_evaluable_reason ?? ""}`) },
      ],
      targets,
    )}
<h2>数据字典</h2>
<p>下载的 CSV 文件以中文列名为表头；每个文件旁的“列说明”文件（*.columns.csv）列出中文列名、程序中的列代码、数字格式和含义。Parquet 文件保留原始列代码和全精度数值，供程序读取。</p>
${[...byMart].map(([mart, cols]) => `<h3>${esc(MART_TITLE[mart] ?? "数据集")}</h3>${ctx.table([{ key: "label", label: "列名" }, { key: "description", label: "含义" }], cols.map((c) => ({ ...columnInfo(String(c.name)) })))}<p class="downloads">下载：<a href="downloads/${esc(mart)}.csv">CSV</a><a href="downloads/${esc(mart)}.columns.csv">列说明</a><a href="downloads/${esc(mart)}.parquet">Parquet</a></p>`).join("\n")}
<h2>模型血缘</h2>
<figure class="lineage">${lineageSvg(lineageNodes(manifest.nodes, manifest.sources ?? {}), "模型血缘图")}
<figcaption>从左到右：数据源与参照表 → staging → intermediate → marts。鼠标停在方框上可见文件与说明；下表列出同样的依赖。</figcaption></figure>
<details><summary>依赖表</summary>
${ctx.table([{ key: "name", label: "模型" }, { key: "type", label: "类型" }, { key: "deps", label: "依赖" }, { key: "file", label: "文件" }], models.map((m) => ({ name: m.name, type: m.resource_type, deps: m.depends_on.nodes.map(short).join("、"), file: displayPath(m.original_file_path) })))}
</details>`;
  },
};

/**
 * 序时进度 in words from this project's seeds: yearly values the documents list, their
 * increment rules (schedule_fractions.csv), constant-growth targets, base years without values.
 */
function scheduleItem(s: ScheduleFacts, cite: (file: unknown) => string): string {
  const listed = s.milestoneSources.length ? `，经过文件逐年列出的预期值（${s.milestoneSources.join("、")}），状态按这些列出值判断` : "";
  const rules = s.rules.map((r) => `${cite(r.document)}按增量进度规则（基期值 + 进度比例 ×（目标 − 基期），${r.fractions}，${r.clause}）`);
  const compound = s.compoundSources.length ? `文件写明年均增速的总量目标（${s.compoundSources.join("、")}）按不变的年均增速` : "";
  const between = [...rules, compound].filter(Boolean);
  const baseOnly = s.baseYearOnly.length ? `文件只给基期年份（${s.baseYearOnly.join("、")}）时，基期值取该年实际数据。` : "";
  return `<li><strong>序时进度</strong>：${esc(`进度路径从基期到目标年${listed}；${s.milestoneSources.length ? "两点之间，" : ""}${between.length ? `${between.join("，")}，其他按线性` : "按线性"}。${baseOnly}基期之前不评价（基期前），基期为路径起点。年内累计值只对未到期目标按已过月份 ÷ 12 折算，并与上年同期比较。`)}</li>`;
}

function lineageNodes(nodes: Record<string, ManifestNode>, sources: Record<string, { unique_id: string; name: string; source_name: string; description?: string }>): LineageNode[] {
  const kindOf = (n: ManifestNode) =>
    n.resource_type === "seed" ? "seed" : displayPath(n.original_file_path).startsWith("models/marts/") ? "mart" : displayPath(n.original_file_path).startsWith("models/intermediate/") ? "intermediate" : "staging";
  const out: LineageNode[] = Object.values(sources).map((s) => ({ id: s.unique_id, label: `${s.source_name}.${s.name}`, kind: "source", parents: [], detail: s.description }));
  for (const n of Object.values(nodes)) {
    if (n.resource_type !== "model" && n.resource_type !== "seed") continue;
    // The schema YAML's descriptions are English notes for engineers (and cite the example's documents): readers get the Chinese title.
    const title = MART_TITLE[n.name];
    out.push({ id: n.unique_id, label: n.name, kind: kindOf(n), parents: n.depends_on?.nodes ?? [], detail: `${displayPath(n.original_file_path)}${title ? `：${title}` : ""}` });
  }
  return out;
}

/**
 * A node's file as the reader's project names it. The engine records paths relative to the
 * package (the built-in models); a project's own seeds and models then start with `../` and
 * name folders of this machine — shown from the project's `sources/` or `models/` instead.
 */
function displayPath(p: string): string {
  // A file outside the built-in project (an init project's own model) is absolute: named from its resource folder on.
  if (!p.startsWith("..") && !path.isAbsolute(p)) return p;
  const at = Math.max(p.lastIndexOf("/sources/"), p.lastIndexOf("/models/"));
  return at >= 0 ? p.slice(at + 1) : path.basename(p);
}
