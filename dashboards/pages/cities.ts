/**
 * 城市与区域: zones per city against the catalogue's per-city count targets (kind
 * count_per_city; in the Liaoning example 000_a15158e3137421c5.txt 专栏5), and aggregates
 * for the regions of scopes.csv (Liaoning: document 004's four; membership is a working
 * assumption; regions overlap). Every document is named from the project's documents seed.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { loadNumberFormats, pct, REPORTED_NOTE, yoyCell, yoyText } from "../kit/format.js";
import { periodNote } from "../kit/period-note.js";
import { provenanceList } from "../kit/provenance.js";
import { tableDownloads } from "../kit/table-download.js";
import { groupBy, previousYearLabel } from "../kit/rows.js";
import { loadDocuments } from "../kit/documents.js";
import { CHECK_MARK, checkColumns, headlineScope, heldReasonNote, latestPerIndicator, shareText, zoneValues } from "../kit/zone-values.js";

/** The indicator of the per-city tables. */
const CITY_INDICATOR = "gdp";

export const cities: PageDefinition = {
  file: "cities.html",
  title: "城市与区域",
  nav: "城市与区域",
  order: 50,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    // The latest period of every ranked indicator is shared with 排名 and the zone pages (one computation per publish).
    const now = latestPerIndicator(await zoneValues(ctx, { periods: "latest" })).get(CITY_INDICATOR) ?? [];
    const period = now[0]?.period_label ?? "";
    // Ranks are within the headline scope (the rankings mart's set); a zone outside it shows "—".
    const ranked = await headlineScope(ctx);
    // Last year's value of the same period per zone, for the cities' 同比 over zones with both years.
    const lastYear = now.length ? await zoneValues(ctx, { indicators: [CITY_INDICATOR], periods: { label: previousYearLabel(period) } }) : [];
    // A value held for check last year is no base (stat-qa5 F14: 营口 「下降 67.6%」 over a held 830 typed for 83): the zone
    // is left out of both years, as the growth mart's like-for-like pairs leave it.
    const before = new Map(lastYear.filter((r) => r.basis === now[0]?.basis && !r.held_for_check).map((r) => [r.zone_code, r.value]));
    // Zones each city should report in the headline scope that year (int_scope_members), for 已报送/应报 (reader-qa3 F3).
    const expectedRows = now.length && ranked ? await ctx.query<{ city_code: string; zones: number }>(
      `select city_code, count(*)::integer as zones from main_intermediate.int_scope_members where scope_code = $1 and year = $2 group by city_code`,
      [ranked.scope_code, Number(String(now[0]!.period_end).slice(0, 4))]) : [];
    const expected = new Map(expectedRows.map((r) => [String(r.city_code), Number(r.zones)]));
    // The city totals are the headline scope's, as 排名, 总览 and the 季度分析 sum them (reader-qa3 F2: 沈阳 2,287.3 with its
    // 高新区 here against 1,800.7 there); a zone outside the scope is listed under its city, marked, and not summed.
    const cityRows = [...groupBy(now, "city_code")].sort((a, b) => a[0].localeCompare(b[0])).map(([code, listed]) => {
      const all = ranked ? listed.filter((z) => z.in_scope) : listed;
      const outside = listed.filter((z) => !all.includes(z));
      // A value held for check (open ABOVE_PARENT) is left out of the city's sum and shares, as int_scope_values and
      // the shares mart leave it out: the total is marked 数据不全 with the count held, never shown as complete.
      const zs = all.filter((z) => !z.held_for_check);
      const held = all.length - zs.length;
      // A zone whose series breaks between the two years (口径调整, int_series_breaks) is no part of the city's 同比, as the
      // growth mart computes none across a break: its two values are not the same measure.
      const broken = zs.filter((z) => z.series_break != null && before.has(String(z.zone_code)));
      const both = zs.filter((z) => before.has(String(z.zone_code)) && z.series_break == null);
      const sumNow = both.reduce((a, z) => a + Number(z.value), 0);
      const sumBefore = both.reduce((a, z) => a + Number(before.get(String(z.zone_code))), 0);
      const total = zs.reduce((a, z) => a + Number(z.value), 0);
      const shareProvince = zs.every((z) => z.share_province != null) ? zs.reduce((a, z) => a + Number(z.share_province), 0) : null;
      // 占本市: the city's zones ÷ the city's own total (every zone ÷ the same total, so the shares add up).
      const shareCity = zs.every((z) => z.share_city_total != null) ? zs.reduce((a, z) => a + Number(z.share_city_total), 0) : null;
      const denominatorCheck = all.some((z) => z.city_total_needs_check);
      const provinceCheck = all.some((z) => z.province_total_needs_check);
      const due = expected.get(code) ?? null;
      // Fewer zones reported than the city has in the scope: the sum and its shares are lower bounds (as the region table says).
      const missing = due != null && all.length < due ? due - all.length : 0;
      return { code, name: String(listed[0]!.city_name ?? "—"), zones: [...all, ...outside], inScope: all.length, outside, due, missing, held, total: zs.length ? total : null, yoy: sumBefore ? sumNow / sumBefore - 1 : null, shareProvince: zs.length ? shareProvince : null, shareCity: zs.length ? shareCity : null, denominatorCheck, provinceCheck, broken, compared: both.length, unit: listed[0]!.unit };
    });
    const outsideZones = cityRows.flatMap((c) => c.outside);
    const scopeName = ranked?.scope_name ?? "统计范围";
    // One mark for what the total lacks: held values, zones not reported, or both (stat-qa9: two marks side by side).
    const partialMark = (c: (typeof cityRows)[number]) => {
      const parts = [c.held ? `${c.held} 个数值需核实未计入` : "", c.missing ? `${c.missing} 家未报送` : ""].filter(Boolean);
      return parts.length ? `<span class="held-mark">（数据不全，${parts.join("，")}，为下限）</span>` : "";
    };
    const cityTable = `<table class="values"><thead><tr><th scope="col">城市</th><th class="num" scope="col">已报送/应报（家）</th><th class="num" scope="col">地区生产总值合计（${esc(now[0]?.unit ?? "亿元")}）</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col">占全省</th><th class="num" scope="col">占本市</th></tr></thead><tbody>
${cityRows.filter((c) => c.inScope).map((c) => `<tr><td><a href="cities.html#city-${esc(c.code)}">${esc(c.name)}</a></td><td class="num">${c.inScope}/${c.due ?? "—"}</td><td class="num">${c.total == null ? "—" : f.number(c.total, CITY_INDICATOR)}${partialMark(c)}</td><td class="num">${esc(yoyText(c.yoy))}${c.yoy != null && c.compared < c.zones.length - c.outside.length ? `（可比的 ${c.compared} 家）` : ""}</td><td class="num">${shareText(c.shareProvince, false, pct, c.provinceCheck)}${(c.missing || c.held) && c.shareProvince != null ? "（下限）" : ""}</td><td class="num">${shareText(c.shareCity, false, pct, c.denominatorCheck)}${(c.missing || c.held) && c.shareCity != null ? "（下限）" : ""}</td></tr>`).join("\n")}</tbody></table>
${cityRows.some((c) => c.broken.length) ? `<p class="meta">同比不含口径调整的开发区（与上年不可比，见“方法”页）：${esc(cityRows.flatMap((c) => c.broken.map((z) => `${c.name} ${String(z.zone_name)}`)).join("、"))}。</p>` : ""}${cityRows.some((c) => c.missing) ? `<p class="meta">标“数据不全”的城市有开发区未报送：合计与占比只含已报送的开发区，是下限；同比只比较两年都有数据的开发区。</p>` : ""}${outsideZones.length ? `<p class="meta">不在「${esc(scopeName)}」范围内的开发区未计入城市合计（与排名、总览、季度分析相同），列在各市明细中：${esc(outsideZones.map((z) => `${String(z.zone_name)} ${f.value(z.value, CITY_INDICATOR, z.unit)}`).join("、"))}。</p>` : ""}
${cityRows.some((c) => c.held) ? `<p class="meta held-note">标“需核实未计入”的城市：${esc(heldReasonNote(now, (z) => String(z.zone_name)))}。这些城市的合计与占比与“占比”页相同，只含其余开发区。</p>` : ""}${cityRows.some((c) => c.denominatorCheck) ? `<p class="meta">标“分母需核实”的占本市：所在市的全市总量有尚未处理的审核标记（见“数据质量”页），占比按填报的全市总量计算，仅供参考。</p>` : ""}`;
    const perCity = cityRows
      .map((c) => `<h3 id="city-${esc(c.code)}">${esc(c.name)}（${esc(cityHeading(c.inScope, c.due, c.outside.length))}）</h3>
<table class="values"><thead><tr><th scope="col">开发区</th><th scope="col">级别</th><th class="num" scope="col">地区生产总值（${esc(c.unit)}）</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col">占本市</th><th class="num" scope="col">占本市开发区合计</th><th class="num" scope="col">占全省</th><th class="num" scope="col">排名（${esc(ranked?.scope_name ?? "统计范围")}）</th></tr></thead><tbody>
${c.zones.map((z) => `<tr><td><a href="zones/${esc(z.zone_code)}.html">${esc(z.zone_name)}</a>${c.outside.includes(z) ? "（不在统计范围内，未计入城市合计）" : ""}</td><td>${esc(z.level)}</td><td class="num">${f.number(z.value, CITY_INDICATOR)}${z.needs_check ? CHECK_MARK : ""}</td><td class="num">${z.held_for_check ? "—（需核实）" : esc(yoyCell(z.yoy_growth, z.reported_yoy, z.series_break, z.has_previous))}</td><td class="num">${shareText(z.share_city_total, z.held_for_check, pct, z.city_total_needs_check)}</td><td class="num">${shareText(z.share_city, z.held_for_check, pct)}</td><td class="num">${shareText(z.share_province, z.held_for_check, pct, z.province_total_needs_check)}</td><td class="num">${z.held_for_check ? "—（需核实）" : z.rank == null ? "—" : `${z.rank}/${z.zones_ranked}`}</td></tr>`).join("\n")}</tbody></table>`)
      .join("\n");
    const docs = await loadDocuments(ctx);
    // The two tables above as files of their own (Chinese headers from the data dictionary).
    const cityDownloads = tableDownloads(ctx, "cities-gdp", "各市开发区地区生产总值", ["city_name", "zones_expected", "zones_reporting", "zones_held_for_check", "is_partial", "indicator_name", "period_label", "value", "unit", "yoy_growth", "zones_compared", "share_province"], cityRows.filter((c) => c.inScope).map((c) => ({ city_name: c.name, zones_expected: c.due, zones_reporting: c.inScope - c.held, zones_held_for_check: c.held,
      // Partial when a value is held or a zone did not report (stat-qa5 F15: 否 for 营口 with 2 of 4 reporting).
      is_partial: c.held > 0 || c.missing > 0, indicator_code: CITY_INDICATOR, indicator_name: c.zones[0]?.indicator_name, period_label: period, value: c.total, unit: c.unit, yoy_growth: c.yoy, zones_compared: c.yoy == null ? null : c.compared, share_province: c.shareProvince })), f);
    const zoneDownloads = tableDownloads(ctx, "cities-zones-gdp", "各市开发区明细", ["city_name", "zone_code", "zone_name", "level", "indicator_name", "period_label", "value", "unit", "yoy_growth", ...(now.some((z) => z.yoy_growth == null && z.reported_yoy != null) ? ["reported_yoy"] : []), "share_city_total", "share_city", "share_province", "rank", "zones_ranked", ...checkColumns(now)], cityRows.flatMap((c) => c.zones), f);
    const counts = await ctx.query(`
      select c.*, t.base_year, t.document from main.zone_counts c left join main_staging.stg_targets t using (target_id)
      where c.year = (select max(year) from main.zone_counts where year <= (select max(year) from main_staging.stg_observations)) order by c.city_code`);
    // The per-city count targets' document and clause (one document in the Liaoning example); none → registered counts only.
    const counted = counts.find((c) => c.target_id != null);
    const clause = counted ? String(counted.clause ?? "") : "";
    // Base year, registered, target year: `order` keeps the bars in that order (grouped-counts spec).
    const bars = counts.flatMap((c) => [
      ...(counted ? [{ city_name: c.city_name, series: `${String(counted.base_year ?? "基期")}年（${clause}）`, count: c.zones_2016_document, order: 1 }] : []),
      { city_name: c.city_name, series: "登记在册（最新年份）", count: c.zones, order: 2 },
      ...(counted ? [{ city_name: c.city_name, series: `${String(counted.target_year)}年目标（${clause}）`, count: c.zones_target, order: 3 }] : []),
    ]);
    // The province's own count in the same document (the headline scope's zone_count target with a base value).
    const [total] = await ctx.query(`
      select base_year, base_value, document from main_staging.stg_targets
      where kind = 'zone_count' and base_value is not null and scope_code = (select scope_code from main.site_scope)
      order by (document = '${String(counted?.document ?? "").replace(/'/g, "''")}') desc, target_id limit 1`);
    const [scope] = await ctx.query<{ scope_name: string }>("select scope_name from main.site_scope");
    const scopeWords = String(scope?.scope_name ?? "省级以上开发区").replace(/^全省/, "");
    const regionScopes = await ctx.query<{ document: string | null }>("select distinct document from main_staging.stg_scopes where region_code is not null order by document");
    // Only the documents a region scope names: a scope written without one gets the plain heading (reader-qa7 F10:
    // 「区域（文件 （未写明）…）」).
    // Region members written but no scope over a region (reader-qa7 F10: nothing shown, no word why).
    const [{ n: regionMembers = 0 } = {}] = regionScopes.length ? [] : await ctx.query<{ n: number }>("select count(*)::integer as n from main_staging.stg_region_members");
    const regionCited = regionScopes.map((r) => r.document).filter((d): d is string => d != null && d.trim() !== "");
    const regions = await ctx.query(`
      select s.scope_name, v.indicator_code, i.indicator_name, v.period_label, v.value, v.unit, v.zones_reporting, v.zones_expected, v.is_synthetic,
             coalesce(v.zones_held_for_check, 0) as zones_held_for_check,
             -- 同比 like for like (growth mart: the zones with values in both years), as the city table above and the
             -- 季度分析 compare; the sum a year earlier over every zone then would set 10 reporting zones against 13
             -- (reader-qa3 F1: 辽西 −18.5% for a like-for-like +1.8%).
             g.yoy_growth, g.zones_compared
      from main_intermediate.int_scope_values v
      left join main.growth g on g.entity_code = v.scope_code and g.entity_kind = 'scope' and g.indicator_code = v.indicator_code
        and g.period_start = v.period_start and g.period_end = v.period_end and g.basis = v.basis and g.unit = v.unit
      join main_staging.stg_scopes s using (scope_code)
      join main_staging.stg_indicators i on i.indicator_code = v.indicator_code
      where s.region_code is not null and v.is_preferred and v.indicator_code in ('gdp', 'fiscal_revenue', 'exports')
        and v.period_end = (select max(period_end) from main_intermediate.int_scope_values where scope_code in (select scope_code from main_staging.stg_scopes where region_code is not null))
      order by s.scope_name, v.indicator_code`);
    // The period said once, as 排名 says it (reader-qa3 8); the regions' period is in their table.
    const periodText = await periodNote(ctx, new Map(now.length ? [[CITY_INDICATOR, now]] : []), (sql, params) => ctx.query(sql, params));
    return `
${periodText}
<h2>各市开发区地区生产总值（${esc(period)}）</h2>
<p class="meta">城市合计为本市「${esc(scopeName)}」中有数据的开发区相加（与排名、总览、季度分析同一范围）；同比只比较两年都有数据的开发区；占全省为开发区合计 ÷ 全省地区生产总值；占本市为开发区合计 ÷ 本市全市地区生产总值（各市主要指标文件，无全市数值时为“—”）。${now.some((z) => z.yoy_growth == null && z.reported_yoy != null) ? REPORTED_NOTE : ""}</p>
${cityTable}
<div class="meta">${provenanceList(now)}</div>
${cityRows.length ? cityDownloads : ""}
<h2>各市开发区明细（${esc(period)}）</h2>
${perCity}
${cityRows.length ? zoneDownloads : ""}
<h2>各市开发区数量</h2>
<p>${esc(countsNote(counted ? `${docs.cite(counted.document)}${clause}` : "", total))}</p>
${await ctx.chart({
      spec: "grouped-counts",
      rows: bars,
      title: `各市${scopeWords}数量（${String(counts[0]?.year ?? "")}年）`,
      source: `${counted ? `${docs.cite(counted.document)} ${clause}；` : ""}sources/seeds/zones.csv 与 zone_history.csv`,
      synthetic: false,
      columns: [{ key: "city_name", label: "城市" }, { key: "series", label: "系列" }, { key: "count", label: "数量（家）", num: true }],
    })}
${regionScopes.length === 0 ? (regionMembers ? `<h2>区域</h2>
<p class="meta">sources/seeds/region_members.csv 列出了区域成员，但 scopes.csv 中没有指向这些区域（region_code）的统计范围，区域合计未计算；在 scopes.csv 为每个区域加一行统计范围后重新构建即可。</p>` : "") : `<h2>区域${regionCited.length ? `（${esc(regionCited.map((d) => docs.cite(d)).join("、"))}）` : ""}</h2>
<p class="meta">区域成员为工作假设（sources/seeds/region_members.csv，可编辑）；区域之间有重叠，区域合计不能相加。同比与城市表相同，只比较两年都有数据的开发区；报送不全时注明比较了几家。</p>
${ctx.table(
      [
        { key: "scope_name", label: "区域" },
        { key: "indicator_name", label: "指标" },
        { key: "period_label", label: "期间" },
        // A region's total without a value held for check says so, as the city rows above (held-qa finding 2).
        { key: "value", label: "开发区合计", num: true, format: (v, r) => f.value(v, r.indicator_code, r.unit) + (Number(r.zones_held_for_check) > 0 ? `（数据不全，${Number(r.zones_held_for_check)} 个数值需核实未计入）` : "") },
        { key: "yoy_growth", label: "同比（可比口径）", num: true, format: (v, r) => regionYoy(v, r) },
        { key: "zones_reporting", label: "报送/应报", format: (v, r) => `${v ?? "—"}/${r.zones_expected ?? "—"}${Number(r.zones_held_for_check) > 0 ? `（另${Number(r.zones_held_for_check)}个数值需核实未计入）` : ""}` },
      ],
      regions,
    )}`}
<p class="downloads">下载：<a href="downloads/zone_counts.csv">各市开发区数量（CSV）</a><a href="downloads/zone_counts.parquet">各市开发区数量（Parquet）</a></p>`;
  },
};

/**
 * A city's heading in 各市开发区明细: "已报送 2 家，应报 5 家" (or "11 个开发区" when all reported), and the zones listed
 * outside the headline scope ("另有 1 家不在统计范围内").
 */
function cityHeading(reported: number, due: number | null, outside: number): string {
  const inScope = due != null && reported < due ? `已报送 ${reported} 家，应报 ${due} 家` : `${reported} 个开发区`;
  return outside ? `${inScope}；另有 ${outside} 家不在统计范围内` : inScope;
}

/**
 * A region's 同比 cell: the growth mart's like-for-like rate ("增长 1.8%"), with the zones compared named when
 * fewer than the region's expected zones reported ("增长 1.8%（可比的 10 家）"); "—" when none compared.
 */
function regionYoy(v: unknown, r: Record<string, unknown>): string {
  const text = yoyText(v);
  if (text === "—") return text;
  const compared = Number(r.zones_compared ?? 0);
  return r.zones_expected != null && compared < Number(r.zones_expected) ? `${text}（可比的 ${compared} 家）` : text;
}

/**
 * What the counts chart compares: the registered zones, and where the catalogue has them,
 * the document's per-city figures and the province's total in that document.
 */
function countsNote(source: string, total: Record<string, unknown> | undefined): string {
  const base = "开发区数量按 sources/seeds/zones.csv 登记的开发区及其历年级别计算";
  if (!source) return `${base}；本项目没有登记各市开发区数量的目标（sources/seeds/targets.csv）。`;
  const whole = total ? `（${String(total.base_year)}年共${String(total.base_value)}家）` : "";
  return `${base}；${source}给出的是全省实际数量${whole}，登记不全时“登记在册”会偏少。`;
}
