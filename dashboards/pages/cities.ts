/**
 * 城市与区域: zones per city against document 000 专栏5, and aggregates for the four
 * regions of document 004 (membership is a working assumption; regions overlap).
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { loadNumberFormats, pct, yoyText } from "../kit/format.js";
import { provenanceList } from "../kit/provenance.js";
import { tableDownloads } from "../kit/table-download.js";
import { groupBy, previousYearLabel } from "../kit/rows.js";
import { changeText } from "../kit/targets.js";
import { latestPerIndicator, zoneValues } from "../kit/zone-values.js";

/** The indicator of the per-city tables. */
const CITY_INDICATOR = "gdp";

export const cities: PageDefinition = {
  file: "cities.html",
  title: "城市与区域",
  nav: "城市与区域",
  order: 50,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    const values = await zoneValues(ctx, [CITY_INDICATOR]);
    const now = latestPerIndicator(values).get(CITY_INDICATOR) ?? [];
    const period = now[0]?.period_label ?? "";
    // Last year's value of the same period per zone, for the cities' 同比 over zones with both years.
    const before = new Map(values.filter((r) => r.period_label === previousYearLabel(period) && r.basis === now[0]?.basis).map((r) => [r.zone_code, r.value]));
    const cityRows = [...groupBy(now, "city_code")].sort((a, b) => a[0].localeCompare(b[0])).map(([code, zs]) => {
      const both = zs.filter((z) => before.has(String(z.zone_code)));
      const sumNow = both.reduce((a, z) => a + Number(z.value), 0);
      const sumBefore = both.reduce((a, z) => a + Number(before.get(String(z.zone_code))), 0);
      const total = zs.reduce((a, z) => a + Number(z.value), 0);
      const shareProvince = zs.every((z) => z.share_province != null) ? zs.reduce((a, z) => a + Number(z.share_province), 0) : null;
      return { code, name: String(zs[0]!.city_name ?? "—"), zones: zs, total, yoy: sumBefore ? sumNow / sumBefore - 1 : null, shareProvince, unit: zs[0]!.unit };
    });
    const cityTable = `<table class="values"><thead><tr><th scope="col">城市</th><th class="num" scope="col">开发区数</th><th class="num" scope="col">地区生产总值合计（${esc(now[0]?.unit ?? "亿元")}）</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col">占全省</th></tr></thead><tbody>
${cityRows.map((c) => `<tr><td><a href="cities.html#city-${esc(c.code)}">${esc(c.name)}</a></td><td class="num">${c.zones.length}</td><td class="num">${f.number(c.total, CITY_INDICATOR)}</td><td class="num">${esc(yoyText(c.yoy))}</td><td class="num">${pct(c.shareProvince)}</td></tr>`).join("\n")}</tbody></table>`;
    const perCity = cityRows
      .map((c) => `<h3 id="city-${esc(c.code)}">${esc(c.name)}（${c.zones.length} 个开发区）</h3>
<table class="values"><thead><tr><th scope="col">开发区</th><th scope="col">级别</th><th class="num" scope="col">地区生产总值（${esc(c.unit)}）</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col">占本市开发区合计</th><th class="num" scope="col">占全省</th><th class="num" scope="col">全省排名</th></tr></thead><tbody>
${c.zones.map((z) => `<tr><td><a href="zones/${esc(z.zone_code)}.html">${esc(z.zone_name)}</a></td><td>${esc(z.level)}</td><td class="num">${f.number(z.value, CITY_INDICATOR)}</td><td class="num">${esc(yoyText(z.yoy_growth))}</td><td class="num">${pct(z.share_city)}</td><td class="num">${pct(z.share_province)}</td><td class="num">${z.rank}/${z.zones_ranked}</td></tr>`).join("\n")}</tbody></table>`)
      .join("\n");
    // The two tables above as files of their own (Chinese headers from the data dictionary).
    const cityDownloads = tableDownloads(ctx, "cities-gdp", "各市开发区地区生产总值", ["city_name", "zones_reporting", "indicator_name", "period_label", "value", "unit", "yoy_growth", "share_province"], cityRows.map((c) => ({ city_name: c.name, zones_reporting: c.zones.length, indicator_code: CITY_INDICATOR, indicator_name: c.zones[0]?.indicator_name, period_label: period, value: c.total, unit: c.unit, yoy_growth: c.yoy, share_province: c.shareProvince })), f);
    const zoneDownloads = tableDownloads(ctx, "cities-zones-gdp", "各市开发区明细", ["city_name", "zone_code", "zone_name", "level", "indicator_name", "period_label", "value", "unit", "yoy_growth", "share_city", "share_province", "rank", "zones_ranked"], cityRows.flatMap((c) => c.zones), f);
    const counts = await ctx.query(`
      select * from main.zone_counts where year = (select max(year) from main.zone_counts where year <= (select max(year) from main_staging.stg_observations)) order by city_code`);
    const bars = counts.flatMap((c) => [
      { city_name: c.city_name, series: "2016年（文件000专栏5）", count: c.zones_2016_document },
      { city_name: c.city_name, series: "登记在册（最新年份）", count: c.zones },
      { city_name: c.city_name, series: "2020年目标（专栏5）", count: c.zones_target },
    ]);
    const regions = await ctx.query(`
      select s.scope_name, v.indicator_code, i.indicator_name, v.period_label, v.value, v.unit, v.zones_reporting, v.zones_expected, v.is_synthetic,
             (select any_value(p.value) from main_intermediate.int_scope_values p where p.scope_code = v.scope_code and p.indicator_code = v.indicator_code and p.is_preferred
                and p.basis = v.basis and p.unit = v.unit and p.period_end = (v.period_end - interval 1 year)::date and p.period_start = (v.period_start - interval 1 year)::date) as previous_value
      from main_intermediate.int_scope_values v
      join main_staging.stg_scopes s using (scope_code)
      join main_staging.stg_indicators i using (indicator_code)
      where s.region_code is not null and v.is_preferred and v.indicator_code in ('gdp', 'fiscal_revenue', 'exports')
        and v.period_end = (select max(period_end) from main_intermediate.int_scope_values where scope_code like 'R21%')
      order by s.scope_name, v.indicator_code`);
    return `
<h2>各市开发区地区生产总值（${esc(period)}）</h2>
<p class="meta">城市合计为本市有数据的开发区相加；同比只比较两年都有数据的开发区；占全省为开发区合计 ÷ 全省地区生产总值。</p>
${cityTable}
<div class="meta">${provenanceList(now)}</div>
${cityRows.length ? cityDownloads : ""}
<h2>各市开发区明细（${esc(period)}）</h2>
${perCity}
${cityRows.length ? zoneDownloads : ""}
<h2>各市开发区数量</h2>
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
        { key: "value", label: "开发区合计", num: true, format: (v, r) => f.value(v, r.indicator_code, r.unit) },
        { key: "previous_value", label: "同比", num: true, format: (v, r) => changeText(r.value, v, r.unit) },
        { key: "zones_reporting", label: "报送/应报", format: (v, r) => `${v ?? "—"}/${r.zones_expected ?? "—"}` },
      ],
      regions,
    )}
<p class="downloads">下载：<a href="downloads/zone_counts.csv">各市开发区数量（CSV）</a><a href="downloads/zone_counts.parquet">各市开发区数量（Parquet）</a></p>`;
  },
};
