/**
 * 开发区: the list of zones, and one page per zone with data — a key-indicator card
 * (本期累计, 同比, 占全省, 排名 in its peer group), one small chart per indicator, a
 * value table with 同比 and shares, the annual series as a wide table (CSV and
 * .xlsx), and links to its city and peer zones.
 */
import { cellRef } from "../../pipelines/cell-ref.js";
import { ANNUAL_RELATION, flagEffectSql, flagEffectText, flagYearFormSql } from "../../pipelines/ingest/flag-effect.js";
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition, PageFamily } from "../../pipelines/publish/page.js";
import { cardGrid, keyFigureCard } from "../kit/cards.js";
import { colourScale } from "../kit/colours.js";
import { loadNumberFormats, pct, REPORTED_NOTE, yoyCell } from "../kit/format.js";
import { provenanceList } from "../kit/provenance.js";
import { groupBy } from "../kit/rows.js";
import { wideTable } from "../kit/wide.js";
import { zoneDirectory } from "../kit/zone-directory.js";
import { CHECK_MARK, headlineScope, heldReasonNote, latestPerIndicator, rankText, shareText, unrankedReason, zoneAnnualValues, zoneSummaries, zoneValues, type AnnualValue, type ZoneValue } from "../kit/zone-values.js";

/** Open 核实性 审核 flags (ingest.audit_flags of loaded files), once per file, line and key they stand on. */
const OPEN_FLAGS = `select distinct f.name as source_file, a.line, a.entity_code, a.indicator_code, a.period_end
  from ingest.audit_flags a join ingest.files f using (file_id) where a.state = 'open' and f.status = 'loaded'`;
const checkMark = (r: Record<string, unknown>) => (r.needs_check ? "（需核实）" : "");
/** Beside a year's value used, the other form held for 核实 and left out (「（另有年度值 17.0 亿元需核实，不计入）」). */
/**
 * Beside a year's value used, the other form: held for 核实 and left out (「（另有年度值 17.0 亿元需核实，不计入）」), or
 * clean and different (after a confirm --force, stat-qa6 F6), with who confirmed which and the form the year takes.
 */
const unusedNote = (r: Record<string, unknown>, f: { value: (v: unknown, indicator: unknown, unit: unknown) => string }) => {
  if (r.unused_value == null) return "";
  const other = `${r.unused_basis === "ytd" ? "1-12月累计值" : "年度值"} ${f.value(r.unused_value, r.indicator_code, r.unit)}`;
  if (r.unused_kind === "held") return `（另有${other}需核实，不计入）`;
  if (r.forms_held === true) return `（另有${other}，与本值相差一倍以上；核实前本年不计入合计和占比，请与开发区核实哪一个正确）`;
  const otherBy = r.unused_by == null ? "" : `，已由${String(r.unused_by)}核实`;
  const ownBy = r.own_by == null ? "" : `本值已由${String(r.own_by)}核实；`;
  return `（另有${other}，与本值不同${otherBy}；${ownBy}本年取${r.used_basis === "ytd" ? "1-12月累计值" : "年度值"}${otherBy || ownBy ? "" : "，请与开发区核实哪一个正确"}）`;
};
/** The latest confirmation's who on each full-year form of a zone's year (年 value: annual_by, 1-12月: ytd_by). */
const CONFIRMED_FORMS = `select entity_code, indicator_code, year, annual_by, ytd_by from main_intermediate.int_confirmed_year_forms`;

export const zoneIndex: PageDefinition = {
  file: "zones/index.html",
  title: "开发区一览",
  nav: "开发区",
  order: 60,
  async render(ctx) {
    const zones = await ctx.query(`
      select z.zone_code, z.zone_name, z.short_name, ref.aliases, z.current_level, z.zone_type, z.city_code, r.entity_name as city_name,
             count(o.value) as values_loaded, max(o.period_label) filter (where o.period_end = (select max(period_end) from main_staging.stg_observations o2 where o2.entity_code = z.zone_code)) as latest_period
      from main_staging.stg_zones z
      left join main_reference.zones ref on ref.code = z.zone_code
      left join main_staging.stg_regions r on r.entity_code = z.city_code
      left join main_staging.stg_observations o on o.entity_code = z.zone_code
      group by all order by z.city_code, z.zone_code`);
    return zoneDirectory(ctx, zones);
  },
};

export const zonePages: PageFamily = {
  family: "zones",
  order: 61,
  async expand({ query, shared }) {
    // One query for all zones at once: hundreds of zone pages must not each scan the warehouse.
    const zones = await query(`select distinct z.zone_code, z.zone_name, z.city_code, z.current_level from main_staging.stg_zones z join main_staging.stg_observations o on o.entity_code = z.zone_code order by z.zone_code`);
    // Only the periods the pages show: the latest (cards, 最近一期; shared with 排名 and 城市) and the annual values
    // (chart, wide table); what a page needs from all its values (its city, 示例数据) comes aggregated per zone.
    const latest = latestPerIndicator(await zoneValues({ query, shared }, { periods: "latest" }));
    const scope = await headlineScope({ query, shared });
    const scopeName = scope?.scope_name ?? "统计范围";
    const annualOf = groupBy(await zoneAnnualValues({ query, shared }), "zone_code") as Map<string, AnnualValue[]>;
    const summaryOf = new Map((await zoneSummaries({ query, shared })).map((s) => [s.zone_code, s]));
    // Each zone's latest value per indicator, in indicator order (the first of the zone's rows where it has several).
    const nowOf = new Map<string, ZoneValue[]>();
    for (const list of latest.values()) {
      const seen = new Set<string>();
      for (const r of list) {
        if (seen.has(r.zone_code)) continue;
        seen.add(r.zone_code);
        const own = nowOf.get(r.zone_code);
        if (own) own.push(r);
        else nowOf.set(r.zone_code, [r]);
      }
    }
    const f = await loadNumberFormats({ query });
    const hasPage = new Set(zones.map((z) => String(z.zone_code)));
    const byCity = groupBy(zones, "city_code");
    // A latest value that is a year's held 年 value (or 1-12月) whose year took the other, clean form is not the zone's
    // figure: the row traces the form used, the held one named beside it as 需核实、不计入 (stat-qa6 F3: 17.0（需核实）
    // stood as the 2024 GDP with no row for the 170 in every total).
    // traced's columns: the form used where the held form lost to it (u), else o's own; the other form's.
    const pick = (c: string, as = ` as ${c}`) => `case when u.entity_code is not null and v.kind = 'held' then u.${c} else o.${c} end${as}`;
    const other = (c: string) => `case when u.entity_code is null then null when v.kind = 'held' then o.${c} else u.${c} end`;
    const latestAll = await query(
      `with obs as not materialized (select * from main_staging.stg_observations where entity_kind = 'zone' and measure = 'value'),
       -- The years whose held form lost to the other (o_basis: the held form's), and those whose two forms differ with
       -- neither held — a confirm --force, or nothing flagged (stat-qa6 F6: both forms' rows, o_basis each), with who
       -- confirmed which (c, on equalities): a handful, the only years the other form is read for.
       held as (select a.entity_code, a.indicator_code, a.year, b.o_basis, case when a.annual_held or a.ytd_december_held then 'held' else 'differs' end as kind,
                       case a.method when 'annual' then 'period' else 'ytd' end as used_basis, c.annual_by, c.ytd_by,
                       -- Twofold apart and no one decided: the year is held, neither form used (int_held_values YEAR_FORMS_DIFFER).
                       exists (select 1 from main_intermediate.int_held_values y where y.entity_code = a.entity_code and y.indicator_code = a.indicator_code
                               and y.year = a.year and y.held_rule = 'YEAR_FORMS_DIFFER') as forms_held
                from (select * from ${ANNUAL_RELATION}
                      where (method = 'ytd_december' and annual_held and not ytd_december_held)
                         or (method = 'annual' and ytd_december_held and not annual_held)
                         or (annual_and_ytd_differ and not annual_held and not ytd_december_held)) a
                cross join (values ('period'), ('ytd')) b(o_basis)
                left join (${CONFIRMED_FORMS}) c on c.entity_code = a.entity_code and c.indicator_code = a.indicator_code and c.year = a.year
                where not (a.annual_held or a.ytd_december_held) or b.o_basis = case a.method when 'ytd_december' then 'period' else 'ytd' end),
       latest as (select * from obs qualify row_number() over (partition by entity_code, indicator_code, basis, measure order by period_end desc) = 1),
       traced as (
         -- held: the row traces the form used (u), the held one (o) named beside it; differs: each form's row is itself,
         -- the other (u) named beside it.
         select o.entity_code, o.indicator_code, ${pick("indicator_name")}, ${pick("period_label")}, ${pick("period_end")}, ${pick("value")}, ${pick("unit")},
                ${pick("basis")}, ${pick("source_file")}, ${pick("source_line")}, ${pick("source_column")}, ${pick("source_sheet")}, ${pick("vintage")},
                ${other("value")} as unused_value, ${other("basis")} as unused_basis, case when u.entity_code is not null then v.kind end as unused_kind,
                case when u.entity_code is not null then v.used_basis end as used_basis, case when u.entity_code is not null then v.forms_held end as forms_held,
                case ${other("basis")} when 'period' then v.annual_by when 'ytd' then v.ytd_by end as unused_by,
                case when u.entity_code is null then null when ${pick("basis", "")} = 'period' then v.annual_by else v.ytd_by end as own_by
         from latest o
         -- Equalities only in this ON: any other test in a LEFT JOIN's ON (on o alone, or an OR across both sides) makes
         -- DuckDB run a nested loop (10–35 s of a province publish). o's key carries the whole-year test (null otherwise).
         left join held v
           on v.entity_code = o.entity_code and v.indicator_code = o.indicator_code
           and v.year = case when month(o.period_start) = 1 and day(o.period_start) = 1 and month(o.period_end) = 12 and day(o.period_end) = 31
                               and year(o.period_start) = year(o.period_end) then year(o.period_end) end
           and v.o_basis = o.basis
         -- u joins on v's key (o's where v matched, null where it did not), for the same reason; only the held years'
         -- rows are hashed (the whole 702k at province took 0.4 s).
         left join (select u.* from obs u semi join held h on h.entity_code = u.entity_code and h.indicator_code = u.indicator_code and h.year = year(u.period_end)) u on u.entity_code = v.entity_code and u.indicator_code = o.indicator_code
           and u.period_start = o.period_start and u.period_end = o.period_end and u.basis = case o.basis when 'period' then 'ytd' else 'period' end)
       select t.entity_code, t.indicator_code, t.indicator_name, t.period_label, t.value, t.unit, t.basis, t.source_file, t.source_line, t.source_column, t.source_sheet,
              t.vintage::varchar as vintage, t.unused_value, t.unused_basis, t.unused_kind, t.used_basis, t.forms_held, t.unused_by, t.own_by, nc.entity_code is not null as needs_check
       from traced t
       left join (${OPEN_FLAGS}) nc on nc.source_file = t.source_file and nc.line = t.source_line and nc.entity_code = t.entity_code and nc.indicator_code = t.indicator_code and nc.period_end = t.period_end
       -- The form used may also be its basis's own latest row: once, with the held one named.
       qualify row_number() over (partition by t.entity_code, t.indicator_code, t.period_end, t.source_file, t.source_line, t.source_column order by t.unused_value nulls last) = 1
       order by t.entity_code, t.indicator_name, t.basis`,
    );
    const sourcesOf = groupBy(latestAll, "entity_code");
    // Zones ever in the headline scope, and the site's main indicators by name: a page whose zone has values only of
    // other indicators says so instead of 暂无数据 above its own 数值来源 (reader-qa3 2: a 高新区).
    const inScope = new Set((await query(`select distinct zone_code from main_intermediate.int_scope_members where scope_code = (select scope_code from main.site_scope)`)).map((r) => String(r.zone_code)));
    const mainNames = [...latest.values()].map((l) => String(l[0]!.indicator_name));
    const cityNames = new Map((await query(`select entity_code, entity_name from main_staging.stg_regions`)).map((r) => [String(r.entity_code), String(r.entity_name)]));
    // Every open 审核 flag on a zone's value, whatever its period (reader-qa3 F10: 锦州经开区's 2025年1-6月 995.0, the value that
    // kept it out of the 季度分析's ranking, was on no page of the zone, which shows the latest period only): one row per value.
    const openFlagsOf = groupBy(await query(`
      select a.entity_code, a.period_label, coalesce(i.indicator_name, any_value(a.indicator_name)) as indicator_name, a.indicator_code, i.unit,
             any_value(a.value) as value, string_agg(a.flag_id::varchar, '、' order by a.flag_id) as flags,
             bool_or(a.rule_code in (select rule_code from ingest.held_audit_rules)) as held,
             -- A held 年 value whose year took the clean 1-12月 (or the reverse) holds nothing: said with the figure used (stat-qa5 F3).
             bool_or(a.effect = 'superseded') as superseded, any_value(a.year_form) as year_form, any_value(a.year_value) as year_value, any_value(a.year_unit) as year_unit
      from (select a.*, ${flagEffectSql("a", ANNUAL_RELATION)} as effect, ${flagYearFormSql("a", ANNUAL_RELATION)} from ingest.audit_flags a) a
      join ingest.files f using (file_id)
      left join main_staging.stg_indicators i on i.indicator_code = a.indicator_code
      where a.state = 'open' and f.status = 'loaded' and a.entity_code in (select zone_code from main_staging.stg_zones)
      group by a.entity_code, a.period_label, a.period_end, a.indicator_code, i.indicator_name, i.unit, f.file_id, a.line
      order by a.entity_code, a.period_end, a.indicator_code`), "entity_code");
    return zones.map((z): PageDefinition => ({
      file: `zones/${String(z.zone_code)}.html`,
      title: String(z.zone_name),
      async render(ctx) {
        const code = String(z.zone_code);
        const summary = summaryOf.get(code);
        if (summary?.is_synthetic) ctx.markSynthetic();
        const now = nowOf.get(code) ?? [];
        const first = summary;
        const cityName = first?.city_name ?? cityNames.get(String(z.city_code));
        const cityLink = cityName ? `<a href="../cities.html#city-${esc(first?.city_code ?? z.city_code)}">${esc(cityName)}</a>` : "";
        const peers = (byCity.get(String(z.city_code)) ?? []).filter((p) => String(p.zone_code) !== code && hasPage.has(String(p.zone_code)));
        const cards = now.map((r) =>
          keyFigureCard({
            title: r.indicator_name,
            value: f.value(r.value, r.indicator_code, r.unit) + (r.needs_check ? CHECK_MARK : ""),
            gap: `同比${r.held_for_check ? "—（需核实）" : yoyCell(r.yoy_growth, r.reported_yoy, r.series_break, r.has_previous)}`,
            period: r.period_label,
            trend: undefined,
            source: `占全省 ${shareText(r.share_province, r.held_for_check, pct, r.province_total_needs_check)}｜${rankText(r, scope)}${r.rank == null ? "" : `｜${r.rank_level ?? r.level}开发区第 ${r.rank_in_level}/${r.zones_in_level} 名`}`,
            data: { indicator: r.indicator_code },
          }),
        );
        // Annual values (one point per year) for the small multiples and the wide table.
        const own = annualOf.get(code) ?? [];
        // A panel drawing a value an open 审核 flag stands on says so in its title, as the tables beside it mark the value
        // (held-qa finding 8: a bare 112,000 axis beside 112,000.0（需核实）).
        const checked = new Set(own.filter((r) => r.needs_check).map((r) => r.indicator_code));
        // Only what the chart and its table show, made once per row (no copy of the whole row): the drawn chart is reused
        // across publishes while these are unchanged (pipelines/publish/chart-cache.ts: its key is these rows' JSON, so
        // the keys keep this order), and a new quarter leaves a zone's annual values as they were.
        // A series break (口径调整) starts a new segment of the indicator's line: the chart draws no line across it.
        const segments = new Map<string, number>();
        const annual = own.map(({ indicator_name, indicator_code, unit, period_label, value, yoy_growth, series_break, needs_check }) => {
          const segment = (segments.get(indicator_code) ?? 0) + (series_break != null ? 1 : 0);
          segments.set(indicator_code, segment);
          return {
            panel: `${indicator_name}（${unit}）${checked.has(indicator_code) ? "（含需核实数值）" : ""}`,
            year_label: period_label.replace(/年$/, ""),
            indicator_name, indicator_code, unit, period_label, value, yoy_growth, series_break, segment, needs_check,
          };
        });
        const breakNotes = [...new Set(own.filter((r) => r.series_break != null).map((r) => `${r.indicator_name}（${r.period_label}起）${String(r.series_break)}`))];
        // Periods whose annual value has an open 审核 flag, per indicator: named in the wide table's row label (its cells are numbers).
        const flaggedYears = new Map<string, string[]>();
        for (const r of own) if (r.needs_check) flaggedYears.set(r.indicator_code, [...(flaggedYears.get(r.indicator_code) ?? []), r.period_label]);
        const chart = await ctx.chart({
          spec: "zone-multiples",
          rows: annual,
          title: "主要指标年度值",
          subtitle: "每个指标一张小图，纵轴各自独立（单位见小图标题）",
          // Panels in the core indicators' order; each indicator in its site-wide colour.
          patch: { facet: { sort: [...new Set(annual.map((r) => r.panel))] }, spec: { encoding: { color: { scale: colourScale(annual.map((r) => r.indicator_name)) } } } },
          source: "",
          provenanceHtml: provenanceList(own),
          synthetic: own.some((r) => r.is_synthetic),
          columns: [
            { key: "indicator_name", label: "指标" },
            { key: "period_label", label: "期间" },
            { key: "value", label: "数值", num: true, format: (v, r) => f.value(v, r.indicator_code, r.unit) + checkMark(r) + unusedNote(r, f) },
            { key: "yoy_growth", label: "同比", num: true, format: (v, r) => yoyCell(v, r.reported_yoy, r.series_break) },
          ],
        });
        const pivoted = own.map((r) => ({ label: `${r.indicator_name}（${r.unit}）${flaggedYears.has(r.indicator_code) ? `（${flaggedYears.get(r.indicator_code)!.join("、")}需核实）` : ""}`, period_label: r.period_label, value: r.value }));
        const codeOfLabel = new Map(own.map((r, i) => [pivoted[i]!.label, r.indicator_code]));
        const wide = wideTable(
          ctx,
          {
            name: `zone-${code}-annual`,
            rowKeys: [{ key: "label", label: "指标" }],
            column: "period_label",
            value: "value",
            // A pivoted row keeps only its label: the indicator's decimals are found through it (every row took the
            // default 1 decimal — 计数 120.0, 面积 12.4 for 12.35 — in the table and its downloads).
            decimals: (r) => f.decimals(codeOfLabel.get(String(r.label))),
            unit: "",
            caption: "年度值（列为年份），可复制到文字材料；下载文件保留同样的小数位。",
            held: new Set(own.flatMap((r, i) => (r.held_for_check ? [`${pivoted[i]!.label}|${r.period_label}`] : []))),
            breaks: new Set(own.flatMap((r, i) => (r.series_break != null ? [`${pivoted[i]!.label}|${r.period_label}`] : []))),
          },
          // Only the fields the table pivots (its row key, column and value).
          pivoted,
        );
        const table = `<table class="values"><thead><tr><th scope="col">指标</th><th scope="col">期间</th><th class="num" scope="col">本期</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col">占全省</th><th class="num" scope="col">占本市</th><th class="num" scope="col">占本市开发区合计</th><th class="num" scope="col">在${esc(scopeName)}中排名</th><th class="num" scope="col">同级别排名</th></tr></thead><tbody>
${now
  .map(
    (r) => `<tr><td><a href="../ranking.html#${esc(`${r.indicator_code}-${r.zone_code}`)}">${esc(r.indicator_name)}</a></td><td>${esc(r.period_label)}</td><td class="num">${f.value(r.value, r.indicator_code, r.unit)}${r.needs_check ? CHECK_MARK : ""}</td><td class="num">${r.held_for_check ? "—（需核实）" : esc(yoyCell(r.yoy_growth, r.reported_yoy, r.series_break, r.has_previous))}</td><td class="num">${shareText(r.share_province, r.held_for_check, pct, r.province_total_needs_check)}</td><td class="num">${shareText(r.share_city_total, r.held_for_check, pct, r.city_total_needs_check)}</td><td class="num">${shareText(r.share_city, r.held_for_check, pct)}</td><td class="num">${r.held_for_check ? "—（需核实）" : r.rank == null ? "—" : `${r.rank}/${r.zones_ranked}`}</td><td class="num">${r.rank == null ? "—" : `${r.rank_in_level}/${r.zones_in_level}（${esc(r.rank_level ?? r.level)}）`}</td></tr>`,
  )
  .join("\n")}</tbody></table>
<div class="meta">${provenanceList(now)}</div>
<p class="meta">占全省为开发区数值 ÷ 全省同一指标、同一期间的总量，分母取与${esc(scopeName)}合计同期的全省总量数据版本（与总览、占比页和目标判定相同）；排名只在${esc(scopeName)}内排列${now.some((r) => r.rank == null && !r.held_for_check) ? `，本开发区${esc(unrankedReason(scope))}` : ""}。${now.some((r) => r.held_for_check) ? `标“—（需核实）”的指标：${esc(heldReasonNote(now, (r) => String(r.indicator_name)))}；其他开发区的名次不受影响。` : ""}${now.some((r) => r.city_total_needs_check) ? "标“分母需核实”的占本市：所在市的全市总量有尚未处理的审核标记（见“数据质量”页），仅供参考。" : ""}占本市为开发区数值 ÷ 所在市全市同一指标、同一期间的总量（各市主要指标文件）；占本市开发区合计为 ÷ 本市有数据的开发区之和。${now.some((r) => r.yoy_growth == null && r.reported_yoy != null) ? REPORTED_NOTE : ""}</p>`;
        const sources = sourcesOf.get(code) ?? [];
        const sourceTable = `<p class="meta">每个指标最近一期的数值、来源文件（Excel 注明工作表和单元格）与数据版本；“需核实”为审核规则标出、尚未核实的数值。</p>
${ctx.table(
          [
            { key: "indicator_name", label: "指标" },
            { key: "period_label", label: "期间" },
            { key: "value", label: "数值", num: true, format: (v, r) => f.value(v, r.indicator_code, r.unit) + checkMark(r) + unusedNote(r, f) },
            { key: "basis", label: "口径", format: (v) => ({ ytd: "累计", period: "当期", level: "期末" })[String(v)] ?? "其他" },
            { key: "source_file", label: "来源文件", format: (v, r) => `${String(v)} ${r.source_sheet == null ? `第${String(r.source_line)}行${r.source_column ? ` ${String(r.source_column)}列` : ""}` : `工作表 ${cellRef(String(r.source_sheet), Number(r.source_line), String(r.source_column))}`}` },
            { key: "vintage", label: "数据版本" },
          ],
          sources,
        )}`;
        const flagged = openFlagsOf.get(code) ?? [];
        const flagText = flagged.length
          ? `<p class="meta check-list">本开发区有${flagged.length}个需核实的数值（审核规则标出、尚未核实）：${esc(flagged.map((r) => `${String(r.period_label)} ${String(r.indicator_name)} ${f.value(r.value, r.indicator_code, r.unit)}（标记号 ${String(r.flags)}${r.superseded ? `，${flagEffectText({ effect: "superseded", year_form: r.year_form, year_value: r.year_value, year_unit: r.year_unit })}` : r.held ? "，核实前不计入合计、占比和排名" : ""}）`).join("；"))}。详见<a href="../quality.html">数据质量</a>。</p>`
          : "";
        const peerText = `<h2>同市开发区</h2>
<p>${peers.map((p) => `<a href="${esc(String(p.zone_code))}.html">${esc(p.zone_name)}</a>`).join("　") || "本市没有其他有数据的开发区。"}</p>`;
        if (now.length === 0 && own.length === 0 && sources.length) {
          // Values, but none of the main indicators: what they are, and why they are not in the tables of the site.
          const why = inScope.has(code) ? "" : `，也不在${scopeName}范围内（本站的排名、占比和合计按该范围统计）`;
          const listed = sources.map((r) => `${String(r.indicator_name)}（${String(r.period_label)}）${f.value(r.value, r.indicator_code, r.unit)}${checkMark(r)}`).join("、");
          const note = `<p class="no-main">本开发区已入库${sources.length}项数值：${esc(listed)}。这些不是本站的主要指标（${esc(mainNames.join("、") || "—")}），本开发区没有主要指标的数值${esc(why)}，故不列关键指标、排名和年度数据表；各数值的来源见下方“数值来源”。</p>`;
          return `
<p><a href="index.html">← 开发区一览</a>　所在市：${cityLink || "—"}　级别：${esc(z.current_level ?? "—")}</p>
<h2>已入库的数值</h2>
${note}
${flagText}
<h2>数值来源</h2>
${sourceTable}
${peerText}`;
        }
        return `
<p><a href="index.html">← 开发区一览</a>　所在市：${cityLink || "—"}　级别：${esc(z.current_level ?? "—")}　<a href="../ranking.html">排名</a></p>
<h2>关键指标</h2>
${flagText}
${now.length ? cardGrid(cards) : '<p class="meta">暂无主要指标数据。</p>'}
<h2>最近一期</h2>
${now.length ? table : '<p class="meta">暂无数据。</p>'}
${chart}
<h2>年度数据表</h2>
${breakNotes.length ? `<p class="meta">以下指标与上年不可比，不计同比，图中折线在此断开：${esc(breakNotes.join("；"))}。</p>` : ""}
${wide}
<h2>数值来源</h2>
${sourceTable}
${peerText}`;
      },
    }));
  },
};
