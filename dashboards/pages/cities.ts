/**
 * 城市与区域: zones per city against document 000 专栏5, and aggregates for the four
 * regions of document 004 (membership is a working assumption; regions overlap).
 */
import { formatValue } from "../../pipelines/publish/format.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";

export const cities: PageDefinition = {
  file: "cities.html",
  title: "城市与区域",
  nav: "城市与区域",
  order: 50,
  async render(ctx) {
    const counts = await ctx.query(`
      select * from main.zone_counts where year = (select max(year) from main.zone_counts where year <= (select max(year) from main_staging.stg_observations)) order by city_code`);
    const bars = counts.flatMap((c) => [
      { city_name: c.city_name, series: "2016年（文件000专栏5）", count: c.zones_2016_document },
      { city_name: c.city_name, series: "登记在册（最新年份）", count: c.zones },
      { city_name: c.city_name, series: "2020年目标（专栏5）", count: c.zones_target },
    ]);
    const regions = await ctx.query(`
      select s.scope_name, v.indicator_code, i.indicator_name, v.period_label, v.value, v.unit, v.zones_reporting, v.zones_expected, v.is_synthetic
      from main_intermediate.int_scope_values v
      join main_staging.stg_scopes s using (scope_code)
      join main_staging.stg_indicators i using (indicator_code)
      where s.region_code is not null and v.is_preferred and v.indicator_code in ('gdp', 'fiscal_revenue', 'exports')
        and v.period_end = (select max(period_end) from main_intermediate.int_scope_values where scope_code like 'R21%')
      order by s.scope_name, v.indicator_code`);
    return `
<p>开发区数量按 sources/seeds/zones.csv 登记的开发区及其历年级别计算；文件000专栏5给出的是全省实际数量（2016年共55家），登记不全时“登记在册”会偏少。</p>
${await ctx.chart({
      spec: "grouped-counts",
      rows: bars,
      title: `各市省级以上经济开发区数量（${String(counts[0]?.year ?? "")}年）`,
      source: "文件000 专栏5；sources/seeds/zones.csv 与 zone_history.csv",
      synthetic: false,
      columns: [{ key: "city_name", label: "城市" }, { key: "series", label: "系列" }, { key: "count", label: "数量（家）", num: true }],
    })}
<h2>四大区域（文件004）</h2>
<p class="meta">区域成员为工作假设（sources/seeds/region_members.csv，可编辑）；区域之间有重叠，区域合计不能相加。</p>
${ctx.table(
      [
        { key: "scope_name", label: "区域" },
        { key: "indicator_name", label: "指标" },
        { key: "period_label", label: "期间" },
        { key: "value", label: "开发区合计", num: true, format: (v, r) => formatValue(v as number, String(r.unit)) },
        { key: "zones_reporting", label: "报送/应报", format: (v, r) => `${v ?? "—"}/${r.zones_expected ?? "—"}` },
      ],
      regions,
    )}
<p class="downloads">下载：<a href="downloads/zone_counts.csv">zone_counts.csv</a><a href="downloads/zone_counts.parquet">zone_counts.parquet</a></p>`;
  },
};
