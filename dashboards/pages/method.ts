/**
 * 方法: definitions and formulas, the whole target catalogue with document clauses,
 * the marts' columns, and the model lineage.
 */
import { readFileSync, existsSync } from "node:fs";
import path from "node:path";
import { esc } from "../../pipelines/publish/html.js";
import { lineageSvg, type LineageNode } from "../../pipelines/publish/lineage.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { columnInfo } from "../columns.js";
import { comparatorText, documentShort, KIND_LABEL, MART_TITLE } from "../kit/labels.js";
import { groupBy } from "../kit/rows.js";

interface ManifestNode { unique_id: string; resource_type: string; name: string; description: string; depends_on: { nodes: string[] }; original_file_path: string; columns: Record<string, { name: string; description: string }> }

export const method: PageDefinition = {
  file: "method.html",
  title: "方法：定义、目标目录与模型",
  nav: "方法",
  order: 90,
  async render(ctx) {
    const targets = await ctx.query(`select t.*, s.scope_name, i.indicator_name from main_staging.stg_targets t left join main_staging.stg_scopes s using (scope_code) left join main_staging.stg_indicators i using (indicator_code) order by t.document, t.target_id`);
    const dictionary = await ctx.query<{ mart: string; name: string }>(`select table_name as mart, column_name as name from information_schema.columns where table_schema = 'main' and table_name in (${Object.keys(MART_TITLE).map((m) => `'${m}'`).join(", ")}) order by table_name, ordinal_position`);
    const byMart = groupBy(dictionary, "mart");
    const manifestFile = path.join(ctx.targetDir, "manifest.json");
    const manifest = existsSync(manifestFile)
      ? (JSON.parse(readFileSync(manifestFile, "utf8")) as { nodes: Record<string, ManifestNode>; sources?: Record<string, { unique_id: string; name: string; source_name: string; description?: string }> })
      : { nodes: {}, sources: {} };
    const models = Object.values(manifest.nodes).filter((n) => n.resource_type === "model" || n.resource_type === "seed");
    const short = (id: string) => id.split(".").slice(2).join(".");
    return `
<h2>计算口径</h2>
<ul>
<li><strong>占比</strong> = 范围内开发区合计 ÷ 全省（或全市）同一指标、同一期间、同一口径（累计／当期）的总量。同一年份的全省总量随数据版本变化（例如2016年辽宁地区生产总值：2018年版本 22246.9 亿元，第五次经济普查修订后 20832.0 亿元），每个占比都注明分母的数据版本。报送不全时标为“数据不全”，不作为偏低的占比显示。美元与人民币指标只通过汇率表（sources/seeds/exchange_rates.csv）换算。</li>
<li><strong>单季值</strong>：一季度 = 1-3月累计；其后各季度 = 本期累计 − 上期累计（同一年）。缺少上期累计时不推算。</li>
<li><strong>年度值</strong>：年度数据，或1-12月累计值；两者都有且不一致时在“数据质量”页提示。</li>
<li><strong>同比增长</strong>：与上年同期、同口径比较，按名义值计算（公布的地区生产总值增速为可比价，两者不同）。<strong>年均增速</strong> =（V<sub>t</sub> ÷ V<sub>0</sub>）<sup>1/(t−t0)</sup> − 1。<strong>所需增速</strong> =（目标 ÷ 最近值）<sup>1/剩余年数</sup> − 1。<strong>相对目标</strong>（“年均增速高于全市／全省／全国水平”）= 范围自基期起的年均增速 − 比较对象同期、同币种的年均增速，单位为百分点，不低于0即符合；增速与相对目标是整个规划期的平均，目标年之前最多为“符合进度”。</li>
<li><strong>序时进度</strong>：文件000为基期值 + 进度比例 ×（目标 − 基期），2017—2020年比例为20%、45%、70%、100%；其他文件按线性；年内累计值按已过月份 ÷ 12 折算。</li>
<li><strong>土地指标</strong>：见“土地”页；土地利用率、单位土地产出值的分子分母为工作假设。</li>
<li><strong>开发区范围</strong>按各年年末的级别与状态（sources/seeds/zone_history.csv）确定。</li>
</ul>
<h2>目标目录（${targets.length} 项）</h2>
${ctx.table(
      [
        { key: "document", label: "文件", format: (v) => documentShort(v) },
        { key: "clause", label: "条款" },
        { key: "phrase", label: "原文" },
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
${ctx.table([{ key: "name", label: "模型" }, { key: "type", label: "类型" }, { key: "deps", label: "依赖" }, { key: "file", label: "文件" }], models.map((m) => ({ name: m.name, type: m.resource_type, deps: m.depends_on.nodes.map(short).join("、"), file: m.original_file_path })))}
</details>`;
  },
};

function lineageNodes(nodes: Record<string, ManifestNode>, sources: Record<string, { unique_id: string; name: string; source_name: string; description?: string }>): LineageNode[] {
  const kindOf = (n: ManifestNode) =>
    n.resource_type === "seed" ? "seed" : n.original_file_path.startsWith("models/marts/") ? "mart" : n.original_file_path.startsWith("models/intermediate/") ? "intermediate" : "staging";
  const out: LineageNode[] = Object.values(sources).map((s) => ({ id: s.unique_id, label: `${s.source_name}.${s.name}`, kind: "source", parents: [], detail: s.description }));
  for (const n of Object.values(nodes)) {
    if (n.resource_type !== "model" && n.resource_type !== "seed") continue;
    out.push({ id: n.unique_id, label: n.name, kind: kindOf(n), parents: n.depends_on?.nodes ?? [], detail: `${n.original_file_path}${n.description ? `：${n.description}` : ""}` });
  }
  return out;
}
