/**
 * One page per zone that has data: its main indicators over time, the latest
 * values, and its rank among zones of the same level.
 */
import { esc } from "../../pipelines/publish/html.js";
import { formatValue } from "../../pipelines/publish/format.js";
import type { PageDefinition, PageFamily } from "../../pipelines/publish/page.js";
import { groupBy, sourceLine } from "../kit/common.js";

export const zoneIndex: PageDefinition = {
  file: "zones/index.html",
  title: "开发区一览",
  nav: "开发区",
  order: 60,
  async render(ctx) {
    const zones = await ctx.query(`
      select z.zone_code, z.zone_name, z.current_level, z.zone_type, z.city_code, r.entity_name as city_name,
             count(o.value) as values_loaded, max(o.period_label) filter (where o.period_end = (select max(period_end) from main_staging.stg_observations o2 where o2.entity_code = z.zone_code)) as latest_period
      from main_staging.stg_zones z
      left join main_staging.stg_regions r on r.entity_code = z.city_code
      left join main_staging.stg_observations o on o.entity_code = z.zone_code
      group by all order by z.city_code, z.zone_code`);
    return ctx.table(
      [
        { key: "zone_name", label: "开发区", html: true, format: (v, r) => (Number(r.values_loaded) > 0 ? `<a href="${esc(String(r.zone_code))}.html">${esc(v)}</a>` : esc(v)) },
        { key: "city_name", label: "所在市" },
        { key: "current_level", label: "级别" },
        { key: "zone_type", label: "类型" },
        { key: "values_loaded", label: "已入库数值", num: true },
        { key: "latest_period", label: "最近期间" },
      ],
      zones,
    );
  },
};

export const zonePages: PageFamily = {
  family: "zones",
  order: 61,
  async expand({ query }) {
    // One query per kind of data for all zones at once: hundreds of zone pages must not each scan the warehouse.
    const zones = await query(`select distinct z.zone_code, z.zone_name from main_staging.stg_zones z join main_staging.stg_observations o on o.entity_code = z.zone_code order by z.zone_code`);
    const trendAll = await query(
      `select entity_code, indicator_name, period_label, period_end::varchar as period_end, value, unit, source_file, vintage::varchar as vintage, is_synthetic
       from main_staging.stg_observations
       where entity_kind = 'zone' and measure = 'value' and basis = 'ytd' and unit = '亿元' and indicator_code in ('gdp', 'fiscal_revenue', 'fixed_asset_investment', 'industrial_output')
       order by entity_code, period_end, indicator_name`,
    );
    const latestAll = await query(
      `select entity_code, indicator_name, period_label, value, unit, basis, source_file, source_line, vintage::varchar as vintage
       from (select *, row_number() over (partition by entity_code, indicator_code, basis, measure order by period_end desc) rn from main_staging.stg_observations where entity_kind = 'zone' and measure = 'value')
       where rn = 1 order by entity_code, indicator_name, basis`,
    );
    const ranksAll = await query(
      `select r.zone_code, i.indicator_name, r.year, r.rank_in_level, r.zones_ranked, r.level, r.is_bottom_warning
       from main.rankings r join main_staging.stg_indicators i using (indicator_code)
       where r.year = (select max(year) from main.rankings r2 where r2.zone_code = r.zone_code)
       order by r.zone_code, i.indicator_name`,
    );
    const trends = groupBy(trendAll, "entity_code");
    const latests = groupBy(latestAll, "entity_code");
    const rankings = groupBy(ranksAll, "zone_code");
    return zones.map((z): PageDefinition => ({
      file: `zones/${String(z.zone_code)}.html`,
      title: String(z.zone_name),
      async render(ctx) {
        const code = String(z.zone_code);
        const trend = trends.get(code) ?? [];
        const latest = latests.get(code) ?? [];
        const ranks = rankings.get(code) ?? [];
        const files = [...new Set(trend.map((t) => String(t.source_file)))].join("; ");
        return `
<p><a href="index.html">← 开发区一览</a></p>
${await ctx.chart({
          spec: "zone-trend",
          rows: trend,
          title: "主要指标（1至当期累计）",
          source: sourceLine(files),
          synthetic: trend.some((t) => t.is_synthetic),
          columns: [{ key: "indicator_name", label: "指标" }, { key: "period_label", label: "期间" }, { key: "value", label: "数值", num: true, format: (v, r) => formatValue(v as number, String(r.unit)) }],
        })}
<h2>最近一期数值</h2>
${ctx.table(
          [
            { key: "indicator_name", label: "指标" },
            { key: "period_label", label: "期间" },
            { key: "value", label: "数值", num: true, format: (v, r) => formatValue(v as number, String(r.unit)) },
            { key: "basis", label: "口径", format: (v) => ({ ytd: "累计", period: "当期", level: "期末" })[String(v)] ?? String(v) },
            { key: "source_file", label: "来源文件", format: (v, r) => `${String(v)} 第${String(r.source_line)}行` },
            { key: "vintage", label: "数据版本" },
          ],
          latest,
        )}
<h2>同级别排名</h2>
${ranks.length ? ctx.table([{ key: "indicator_name", label: "指标" }, { key: "year", label: "年份" }, { key: "rank_in_level", label: "名次", num: true, format: (v, r) => `${v}/${r.zones_ranked}（${r.level}）` }, { key: "is_bottom_warning", label: "预警", format: (v) => (v ? "末位（文件000 五（六））" : "") }], ranks) : '<p class="meta">暂无年度数据可排名。</p>'}`;
      },
    }));
  },
};
