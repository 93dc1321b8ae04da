/**
 * 土地: land development and use rates by zone against the project's own land targets
 * (targets.csv rows of the headline scope for land_development_rate / land_use_rate —
 * in the Liaoning example 000_a15158e3137421c5.txt 二（三）6: 90% and 80%), with the
 * components each rate is computed from. A project with no land target draws no line
 * and says none is registered.
 */
import { esc } from "../../pipelines/publish/html.js";
import { formatNumber } from "../../pipelines/publish/format.js";
import { targetValueNumber } from "../kit/format.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { loadDocuments, type Documents } from "../kit/documents.js";

interface LandTarget extends Record<string, unknown> {
  readonly indicator_code: string;
  readonly target_value: number;
  readonly target_year: number;
  readonly document: string;
  readonly clause: string;
}

/** Chart rows and the subtitle for one rate: against its target, or plainly when none is registered. */
function rateRows(zones: Record<string, unknown>[], key: string, target: LandTarget | undefined, docs: Documents, name: string) {
  const rows = zones.filter((r) => r[key] != null).map((r) => ({
    label: r.label,
    rate: r[key],
    target: target ? target.target_value : null,
    band: target ? (Number(r[key]) >= target.target_value ? "达到目标" : "未达目标") : "未登记目标",
  }));
  const subtitle = target
    ? `黑色虚线：${target.target_year}年目标${targetValueNumber(target.target_value)}%（${docs.cite(target.document)} ${target.clause.split("；")[0]}）`
    : `未登记${name}目标（本项目的规划目标中没有）：图中不画目标线`;
  // Without a target the colour and shape say nothing: one colour, one shape.
  const patch: { layer?: { encoding: Record<string, unknown> }[] } = target ? {} : { layer: [{ encoding: { color: { scale: { domain: ["未登记目标"], range: ["#0072B2"] } }, shape: { scale: { domain: ["未登记目标"], range: ["circle"] } } } }] };
  return { rows, subtitle, patch };
}

export const land: PageDefinition = {
  file: "land.html",
  title: "土地：集约利用",
  nav: "土地",
  order: 40,
  async render(ctx) {
    const rows = await ctx.query(`
      select lm.*, lm.period_end::varchar as period_end_text, coalesce(z.short_name, lm.entity_name) as label
      from main.land_metrics lm
      left join main_staging.stg_zones z on z.zone_code = lm.entity_code
      -- The latest date with a land rate: land_metrics has a row per stock date, so a 1-3月 file's 3月末 (no land
      -- figures) is no reason to show an empty page until the year-end land survey arrives.
      where lm.period_end = (select max(period_end) from main.land_metrics
                             where entity_kind = 'zone' and (land_development_rate_best is not null or land_use_rate_best is not null))
      order by lm.entity_kind desc, lm.land_development_rate_best desc nulls last, lm.entity_code`);
    const zones = rows.filter((r) => r.entity_kind === "zone" && r.land_development_rate_best != null);
    const synthetic = rows.some((r) => r.is_synthetic);
    // A stock at a date, in the bureau's words: 2024-12-31 → 2024年末, 2025-06-30 → 2025年6月末.
    const [y, m] = String(rows[0]?.period_end_text ?? "").split("-");
    const period = !y || !m ? "" : m === "12" ? `${y}年末` : `${y}年${Number(m)}月末`;
    // The headings' period in parentheses, or that there is no land data at all (reader-qa3 F11: "明细（）" above 暂无数据).
    const when = period ? `（${period}）` : "（暂无土地数据）";
    const docs = await loadDocuments(ctx);
    // The headline scope's land targets, the latest target year first when a document sets several.
    const targets = await ctx.query<LandTarget>(`
      select indicator_code, target_value, target_year, document, clause from main_staging.stg_targets
      where scope_code = (select scope_code from main.site_scope) and kind = 'level' and unit = '%'
        and indicator_code in ('land_development_rate', 'land_use_rate')
      qualify row_number() over (partition by indicator_code order by target_year desc, target_id) = 1`);
    const targetOf = (code: string) => targets.find((t) => t.indicator_code === code);
    const dev = rateRows(zones, "land_development_rate_best", targetOf("land_development_rate"), docs, "土地开发率");
    const use = rateRows(zones, "land_use_rate_best", targetOf("land_use_rate"), docs, "土地利用率");
    const pct = (v: unknown) => (v == null ? "—" : `${formatNumber(v as number, 1)}%`);
    const area = (v: unknown) => (v == null ? "—" : formatNumber(v as number, 2));
    const columns = [
      { key: "label", label: "开发区" },
      { key: "rate", label: "比率", num: true, format: pct },
      { key: "band", label: "与目标比" },
    ];
    return `
<p>土地开发率 = 已达到供地条件面积 ÷ 规划面积；土地供应率 = 已供应国有建设用地 ÷ 已达到供地条件面积；土地建成率 = 已建成城镇建设用地 ÷ 已供应国有建设用地（TD/T 1029）。规划文件一般不定义“土地利用率”和“单位土地产出值”：本系统取 已建成面积 ÷ 已达到供地条件面积，以及 地区生产总值 ÷ 已达到供地条件面积（工作假设，见“方法”页）。来源同时给出公布值时两者都保留，差异超过0.5个百分点时在“数据质量”页提示。</p>
${targets.length ? "" : `<p class="meta">${esc("本项目没有登记土地开发率、土地利用率的规划目标，下图只列出各开发区的比率。")}</p>`}
${await ctx.chart({ spec: "rate-bars", rows: dev.rows, title: `各开发区土地开发率${when}`, subtitle: dev.subtitle, patch: { layer: [{ encoding: { ...dev.patch.layer?.[0]?.encoding, x: { title: "土地开发率（%）" } } }] }, source: "开发区报表中的面积指标（土地指标表）", synthetic, columns })}
${await ctx.chart({ spec: "rate-bars", rows: use.rows, title: `各开发区土地利用率${when}`, subtitle: use.subtitle, patch: { layer: [{ encoding: { ...use.patch.layer?.[0]?.encoding, x: { title: "土地利用率（%）" } } }] }, source: "开发区报表中的面积指标（土地指标表）", synthetic, columns })}
<h2>明细${when}</h2>
${ctx.table(
      [
        { key: "label", label: "开发区／范围" },
        { key: "planned_area", label: "规划面积（km²）", num: true, format: area },
        { key: "supply_ready_area", label: "已达供地条件（km²）", num: true, format: area },
        { key: "supplied_area", label: "已供应（km²）", num: true, format: area },
        { key: "built_area", label: "已建成（km²）", num: true, format: area },
        { key: "land_development_rate", label: "开发率（计算）", num: true, format: pct },
        { key: "published_land_development_rate", label: "开发率（公布）", num: true, format: pct },
        { key: "land_supply_rate", label: "供应率", num: true, format: pct },
        { key: "land_built_rate", label: "建成率", num: true, format: pct },
        { key: "land_use_rate_best", label: "利用率", num: true, format: pct },
        { key: "output_per_land_best", label: "单位土地产出（亿元/km²）", num: true, format: area },
      ],
      rows,
    )}
<p class="downloads">下载：<a href="downloads/land_metrics.csv">土地指标（CSV）</a><a href="downloads/land_metrics.parquet">土地指标（Parquet）</a></p>`;
  },
};
