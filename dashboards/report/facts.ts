/**
 * Reads what the 季度分析 needs for one period from the marts into `ReportFacts`:
 * the main scope's key indicators with growth (mart growth) and shares (mart
 * shares, latest vintage of the provincial total), cities and regions, zones,
 * non-reporting zones, land metrics, targets, revisions and values to verify.
 * Every number is registered with the row it came from (sources.ts).
 */
import { ZonestatError } from "../../pipelines/errors.js";
import { heldReasonSql } from "../kit/held-values.js";
import { OBSERVATION_ROWS } from "../kit/observation-rows.js";
import { groupBy } from "../kit/rows.js";
import { reportMsg } from "./messages.js";
import type { DataNote, Measure, ReportFacts, ReportPeriod, Span, ZoneFact } from "./model.js";
import type { Query } from "./query.js";
import { SourceRegister } from "./sources.js";
import { targetPositions } from "./target-verdicts.js";
import { amount, amountBeside, percent, previousYearLabel } from "./wording.js";

/**
 * The main scope: the zones the bureau's quarterly text is about — the project's headline
 * scope (site_scope mart; Liaoning example: LN_ED, document 000's scope), as SQL.
 */
export const MAIN_SCOPE = "(select scope_code from main.site_scope)";
/** Key indicators in the bureau's order (issue #20); those without data this period are left out. */
export const KEY_INDICATORS = ["gdp", "fiscal_revenue", "fixed_asset_investment", "fdi", "trade", "exports", "industrial_output"] as const;

/**
 * The periods a report can be written for: year-to-date periods ending at a
 * quarter (1-3月, 1-6月, 1-9月) and whole years (1-12月 is stored as the year,
 * 2024年) with the main scope's GDP; newest first. `complete`: every zone sent its GDP — a value held for check
 * (open ABOVE_PARENT, int_scope_values.zones_held_for_check) was sent, so it does not make the quarter incomplete;
 * `held` counts such values, `reporting`/`expected` the zones summed and expected.
 */
export async function reportPeriods(query: Query): Promise<Array<ReportPeriod & { complete: boolean; held: number; reporting: number; expected: number }>> {
  const rows = await query(`
    select period_label, year::integer as year, end_month::integer as end_month, period_start::varchar as start, period_end::varchar as "end",
           coalesce(zones_reporting, 0)::integer as reporting, coalesce(zones_held_for_check, 0)::integer as held, coalesce(zones_expected, 0)::integer as expected,
           not is_partial or coalesce(zones_reporting, 0) + coalesce(zones_held_for_check, 0) >= coalesce(zones_expected, 0) as complete
    from main_intermediate.int_scope_values
    where scope_code = ${MAIN_SCOPE} and indicator_code = 'gdp' and is_preferred
      and ((basis = 'ytd' and month(period_start) = 1 and end_month in (3, 6, 9, 12)) or (grain = 'year' and basis = 'period'))
    union all
    -- A period whose every zone GDP value is held for 核实 has no sum (int_scope_values holds none), but it was sent
    -- (qa40 F3: \`report --period 2025年\` answered 「没有期间「2025年」的数据」 for a year copied ×10): the report is
    -- written, its totals not given and the held values named (heldOnly).
    select case when month(h.period_end) = 12 then h.year || '年' else h.year || '年1-' || month(h.period_end) || '月' end,
           h.year::integer, month(h.period_end)::integer, make_date(h.year, 1, 1)::varchar, h.period_end::varchar,
           0, count(distinct h.entity_code)::integer, any_value(e.expected)::integer,
           count(distinct h.entity_code) >= any_value(e.expected)
    from main_intermediate.int_held_values h
    join main_intermediate.int_scope_members m on m.zone_code = h.entity_code and m.year = h.year and m.scope_code = ${MAIN_SCOPE}
    join (select year, count(*) as expected from main_intermediate.int_scope_members where scope_code = ${MAIN_SCOPE} group by year) e on e.year = h.year
    where h.indicator_code = 'gdp' and month(h.period_end) in (3, 6, 9, 12)
      and not exists (select 1 from main_intermediate.int_scope_values v where v.scope_code = ${MAIN_SCOPE} and v.indicator_code = 'gdp' and v.is_preferred
                        and v.period_start = make_date(h.year, 1, 1) and v.period_end = h.period_end)
    group by h.year, h.period_end
    order by 5 desc`);
  return rows.map((r) => ({
    label: String(r.period_label), year: Number(r.year), endMonth: Number(r.end_month), start: String(r.start), end: String(r.end), previousLabel: previousYearLabel(String(r.period_label)),
    complete: Boolean(r.complete), held: Number(r.held), reporting: Number(r.reporting), expected: Number(r.expected),
  }));
}

/**
 * The period asked for, or by default the latest quarter in which every zone sent its GDP. A value held for check
 * does not pass a quarter over: the report is of the latest quarter, its totals marked 不含N个需核实数值, as the site's
 * pages give them — a 统计局 reader expects the quarter just reported, not the one before with no word why (held-qa
 * finding 4). A default period says why it was chosen (`choice`, the first item of 数据说明).
 * @throws ZonestatError USAGE_REPORT_PERIOD (exit 2) for a label with no data; REPORT_NO_DATA when the warehouse has no quarter.
 */
export async function choosePeriod(query: Query, label?: string): Promise<ReportPeriod> {
  const periods = await reportPeriods(query);
  if (!periods.length) throw new ZonestatError("REPORT_NO_DATA", reportMsg.noData());
  const plain = ({ complete: _c, held: _h, reporting: _r, expected: _e, ...p }: (typeof periods)[number]): ReportPeriod => p;
  if (label) {
    // 1-12月 is stored as the year (int_observations_canonical): accept the bureau's way of writing it.
    const wanted = label.trim().replace(/^(\d{4})年1-12月$/, "$1年");
    const p = periods.find((x) => x.label === wanted);
    if (!p) throw new ZonestatError("USAGE_REPORT_PERIOD", reportMsg.unknownPeriod(label, periods.map((x) => x.label)), { value: label, expected: periods.map((x) => x.label).join("、") });
    return plain(p);
  }
  const chosen = periods.find((p) => p.complete) ?? periods[0]!;
  const later = periods.filter((p) => p.end > chosen.end);
  const choice = chosen.complete
    ? reportMsg.periodChosen(chosen.label, chosen.held, later.map((p) => ({ label: p.label, reporting: p.reporting + p.held, expected: p.expected })))
    : reportMsg.periodIncomplete(chosen.label, chosen.reporting + chosen.held, chosen.expected);
  return { ...plain(chosen), choice };
}

/** The held value's reason by the rule of its flag, for the held-name lists (kit/held-values.ts heldReason). */
const HELD_REASON_SQL = heldReasonSql("hz.rule_code");

const scopeList = (codes: readonly string[]) => codes.map((c) => `'${c.replace(/[^A-Za-z0-9_]/g, "")}'`).join(", ");

/** One Measure per (scope × indicator) with a value this period. */
async function measures(query: Query, period: ReportPeriod, scopes: readonly string[], indicators: readonly string[], sources: SourceRegister): Promise<Measure[]> {
  // A province without city or region scopes has nothing to list (and `in ()` is no SQL).
  if (scopes.length === 0 || indicators.length === 0) return [];
  const rows = await query(`
    with cur as (
      select v.*, s.scope_name, i.indicator_name
      from main_intermediate.int_scope_values v
      join main_staging.stg_scopes s using (scope_code)
      join main_staging.stg_indicators i on i.indicator_code = v.indicator_code and i.unit = v.unit
      where v.is_preferred and v.period_label = $1 and v.basis in ('ytd', 'period', 'level')
        and v.scope_code in (${scopeList(scopes)}) and v.indicator_code in (${scopeList(indicators)})
    ),
    -- Zone values held out of the sums for check, per scope: int_held_values, as int_scope_values holds them (not the open
    -- flags themselves: a held 年 value whose 1-12月 is summed holds nothing, and a year whose two forms disagree is
    -- held with no flag — stat-qa8).
    held as (
      select m.scope_code, a.indicator_code, a.period_end, z.zone_name, a.held_flag as flag_id, a.held_rule as rule_code
      from main_intermediate.int_held_values a
      join main_intermediate.int_scope_members m on m.zone_code = a.entity_code and m.year = a.year
      join main_staging.stg_zones z on z.zone_code = a.entity_code
    ),
    joined as (
      select c.scope_code, c.scope_name, c.indicator_code, c.indicator_name, c.unit, c.value::double as value,
             c.zones_reporting::integer as zones_reporting, c.zones_expected::integer as zones_expected, c.source_files, c.vintage::varchar as vintage,
             p.value::double as previous_value, p.zones_reporting::integer as previous_reporting, p.zones_expected::integer as previous_expected,
             coalesce(c.zones_held_for_check, 0)::integer as zones_held, coalesce(p.zones_held_for_check, 0)::integer as previous_held,
             (select string_agg(hz.zone_name || coalesce('，标记号 ' || hz.flag_id, '') || '，' || ${HELD_REASON_SQL}, '；' order by hz.flag_id) from held hz where hz.scope_code = c.scope_code and hz.indicator_code = c.indicator_code and hz.period_end = c.period_end) as held_names,
             (select string_agg(hz.zone_name || coalesce('，标记号 ' || hz.flag_id, '') || '，' || ${HELD_REASON_SQL}, '；' order by hz.flag_id) from held hz where hz.scope_code = p.scope_code and hz.indicator_code = p.indicator_code and hz.period_end = p.period_end) as previous_held_names,
             p.source_files as previous_files, p.vintage::varchar as previous_vintage,
             g.yoy_growth::double as yoy_growth,
             case when g.comparison_basis = 'like_for_like' then g.zones_compared::integer end as zones_compared,
             case when g.comparison_basis = 'like_for_like' then g.zones_series_break::integer end as zones_series_break,
             -- The zones that like-for-like rate leaves out for their own series break (口径调整), named with the break's
             -- note, as the site's 城市与区域 names them (reader-qa7 F2): the zones' growth rows with a previous value and a break.
             (select string_agg(z.zone_name || '（' || zg.break_note || '）', '；' order by zg.entity_code)
                from main.growth zg
                join main_intermediate.int_scope_members zm on zm.zone_code = zg.entity_code and zm.scope_code = c.scope_code and zm.year = c.year
                join main_staging.stg_zones z on z.zone_code = zg.entity_code
               where g.comparison_basis = 'like_for_like' and zg.entity_kind = 'zone' and zg.indicator_code = c.indicator_code and zg.unit = c.unit
                 and zg.basis = c.basis and zg.period_start = c.period_start and zg.period_end = c.period_end
                 and zg.break_note is not null and zg.previous_value is not null) as broken_zones,
             sh.share::double as share, sh.denominator_name, sh.denominator_vintage::varchar as denominator_vintage, sh.denominator_file,
             coalesce(sh.denominator_needs_check, false) or coalesce(shp.denominator_needs_check, false) as share_denominator_check,
             shp.share::double as share_previous, shp.denominator_name as previous_denominator_name, shp.denominator_vintage::varchar as previous_denominator_vintage, shp.denominator_file as previous_denominator_file,
             c.year,
             (select max(t.target_value)::double from main_staging.stg_targets t where t.scope_code = c.scope_code and t.indicator_code = c.indicator_code and t.kind = 'share' and t.unit = '%') as share_target
      from cur c
      left join main_intermediate.int_scope_values p
        on p.scope_code = c.scope_code and p.indicator_code = c.indicator_code and p.unit = c.unit and p.basis = c.basis and p.is_preferred
       and p.period_start = c.period_start - interval 1 year and p.period_end = last_day(c.period_end - interval 1 year)
      left join main.growth g
        on g.entity_code = c.scope_code and g.indicator_code = c.indicator_code and g.unit = c.unit and g.basis = c.basis
       and g.period_start = c.period_start and g.period_end = c.period_end
      left join main.shares sh
        on sh.scope_code = c.scope_code and sh.indicator_code = c.indicator_code and sh.unit = c.unit and sh.basis = c.basis
       and sh.period_start = c.period_start and sh.period_end = c.period_end and sh.is_preferred_numerator and sh.is_matched_edition
      left join main.shares shp
        on shp.scope_code = c.scope_code and shp.indicator_code = c.indicator_code and shp.unit = c.unit and shp.basis = c.basis
       and shp.period_start = p.period_start and shp.period_end = p.period_end and shp.is_preferred_numerator and shp.is_matched_edition
    )
    -- In one order every time: the 数据来源 rows are numbered as they are registered, and a varying order made the
    -- report page and its .docx differ (and be rebuilt) at every publish.
    select * from joined order by all`, [period.label]);
  const breaks = await seriesBreaks(query, period, scopes);
  const out: Measure[] = [];
  for (const r of rows) {
    const unit = String(r.unit);
    const key = (label: string) => `${r.scope_name} · ${r.indicator_name} · ${label}`;
    const value = r.value as number;
    const ref = sources.add("int_scope_values", key(period.label), amount(value, unit), r.source_files, r.vintage);
    const growth = r.yoy_growth as number | null;
    const share = r.share as number | null;
    const sharePrev = r.share_previous as number | null;
    out.push({
      code: String(r.scope_code),
      name: String(r.scope_name),
      indicatorCode: String(r.indicator_code),
      indicatorName: String(r.indicator_name),
      unit,
      current: { value, ref },
      // A like-for-like rate over fewer zones than the scope has is registered as such (可比口径, with the zones compared).
      growth: growth === null ? null : { value: growth, ref: sources.add("growth", key(`${period.label} 比 ${period.previousLabel}${r.zones_compared != null && Number(r.zones_compared) < Number(r.zones_expected ?? 0) ? `（可比口径，${Number(r.zones_compared)}家）` : ""}`), percent(growth), joinFiles(r.source_files, r.previous_files), joinFiles(r.vintage, r.previous_vintage)) },
      share: share === null ? null : { value: share, ref: sources.add("shares", key(`${period.label} 占${r.denominator_name}`), r.share_target == null ? percent(share) : `${amountBeside(share * 100, Number(r.share_target), "")}%`, joinFiles(r.source_files, r.denominator_file), `分母版本 ${r.denominator_vintage}`) },
      sharePrevious: sharePrev === null ? null : { value: sharePrev, ref: sources.add("shares", key(`${period.previousLabel} 占${r.previous_denominator_name ?? r.denominator_name ?? "全省"}`), percent(sharePrev), joinFiles(r.previous_files, r.previous_denominator_file), `分母版本 ${r.previous_denominator_vintage}`) },
      shareOf: (r.denominator_name as string | null) ?? null,
      shareDenominatorCheck: r.share_denominator_check === true,
      reporting: r.zones_reporting === null ? null : {
        current: Number(r.zones_reporting), expected: Number(r.zones_expected ?? 0), previous: (r.previous_reporting as number | null) ?? null, previousExpected: (r.previous_expected as number | null) ?? null,
        held: Number(r.zones_held ?? 0), previousHeld: Number(r.previous_held ?? 0), heldNames: String(r.held_names ?? ""), previousHeldNames: String(r.previous_held_names ?? ""),
      },
      seriesBreak: breaks.get(String(r.scope_code)) ?? null,
      zonesCompared: r.zones_compared == null ? null : Number(r.zones_compared),
      zonesSeriesBreak: r.zones_series_break == null ? null : Number(r.zones_series_break),
      brokenZones: (r.broken_zones as string | null) ?? null,
    });
  }
  const order = (m: Measure) => [scopes.indexOf(m.code), indicators.indexOf(m.indicatorCode)] as const;
  return out.sort((a, b) => order(a)[0] - order(b)[0] || order(a)[1] - order(b)[1]);
}

/**
 * Scopes whose every reported GDP value is held for check (an open flag of a holding rule): int_scope_values has no sum for them
 * (not a sum of nothing shown as 0), so `measures` has no row — without this a city whose only zone is held would
 * drop out of 三 and 表1 without a word. Each is a Measure with no value and the held values named.
 */
async function heldOnly(query: Query, period: ReportPeriod, scopes: readonly string[]): Promise<Measure[]> {
  if (scopes.length === 0) return [];
  const rows = await query(`
    select m.scope_code, s.scope_name, min(i.indicator_name) as indicator_name, min(i.unit) as unit, count(distinct a.entity_code)::integer as held,
           string_agg(z.zone_name || coalesce('，标记号 ' || a.flag_id, '') || '，' || ${heldReasonSql("a.rule_code")}, '；' order by a.flag_id) as held_names,
           (select count(*) from main_intermediate.int_scope_members e where e.scope_code = m.scope_code and e.year = $3)::integer as expected
    -- One row per held value (int_held_values, as int_scope_values holds them): its first holding flag and rule, or none.
    from (select entity_code, indicator_code, period_end, held_flag as flag_id, held_rule as rule_code from main_intermediate.int_held_values) a
    join main_intermediate.int_scope_members m on m.zone_code = a.entity_code and m.year = year(a.period_end)
    join main_staging.stg_zones z on z.zone_code = a.entity_code
    join main_staging.stg_scopes s on s.scope_code = m.scope_code
    join main_staging.stg_indicators i on i.indicator_code = a.indicator_code
    where a.indicator_code = 'gdp'
      and a.period_end = $2::date and m.scope_code in (${scopeList(scopes)})
      and not exists (select 1 from main_intermediate.int_scope_values v where v.scope_code = m.scope_code and v.indicator_code = 'gdp'
                        and v.period_start = $1::date and v.period_end = $2::date and v.is_preferred)
    group by m.scope_code, s.scope_name order by m.scope_code`, [period.start, period.end, period.year]);
  return rows.map((r) => ({
    code: String(r.scope_code), name: String(r.scope_name), indicatorCode: "gdp", indicatorName: String(r.indicator_name), unit: String(r.unit),
    current: null, growth: null, share: null, sharePrevious: null, shareOf: null,
    reporting: { current: 0, expected: Number(r.expected), previous: null, previousExpected: null, held: Number(r.held), heldNames: String(r.held_names ?? "") },
    seriesBreak: null,
  }));
}

function joinFiles(a: unknown, b: unknown): string {
  return [...new Set([a, b].flatMap((x) => String(x ?? "").split("; ")).filter(Boolean))].join("; ");
}

/**
 * A scope whose zones differ between the period's year and the year before: a sum
 * over zones then compares different sets, so its 同比 crosses a series break.
 */
async function seriesBreaks(query: Query, period: ReportPeriod, scopes: readonly string[]): Promise<Map<string, string>> {
  const rows = await query(`
    with a as (select scope_code, zone_code from main_intermediate.int_scope_members where year = $1 and scope_code in (${scopeList(scopes)})),
         b as (select scope_code, zone_code from main_intermediate.int_scope_members where year = $1 - 1 and scope_code in (${scopeList(scopes)}))
    select coalesce(a.scope_code, b.scope_code) as scope_code,
           string_agg(z.zone_name, '、' order by z.zone_name) filter (where b.zone_code is null) as joined,
           string_agg(z.zone_name, '、' order by z.zone_name) filter (where a.zone_code is null) as left_scope
    from a full join b on a.scope_code = b.scope_code and a.zone_code = b.zone_code
    left join main_staging.stg_zones z on z.zone_code = coalesce(a.zone_code, b.zone_code)
    group by 1
    having count(*) filter (where a.zone_code is null or b.zone_code is null) > 0`, [period.year]);
  return new Map(rows.map((r) => [String(r.scope_code), reportMsg.membershipChanged(period.year, r.joined as string | null, r.left_scope as string | null)]));
}

async function zones(query: Query, period: ReportPeriod, sources: SourceRegister): Promise<ZoneFact[]> {
  const rows = await query(`
    select m.zone_code, z.zone_name, m.level, coalesce(c.entity_name, m.city_code) as city_name,
           g.value::double as value, g.yoy_growth::double as yoy_growth, o.source_file, o.vintage::varchar as vintage,
           g.previous_period_label, g.break_note,
           -- The base year's file and vintage (stat-qa F13: a zone's 同比 row named this year's file only): the row the
           -- growth mart paired it with, one per key in int_observations_comparable.
           (select string_agg(b.source_file, '; ' order by b.source_file) from main_intermediate.int_observations_comparable b
             where g.previous_value is not null and b.entity_code = m.zone_code and b.indicator_code = 'gdp' and b.basis = g.basis and b.unit = g.unit
               and b.period_start = g.period_start - interval 1 year and b.period_end = last_day(g.period_end - interval 1 year)) as previous_file,
           (select string_agg(b.vintage::varchar, '; ' order by b.source_file) from main_intermediate.int_observations_comparable b
             where g.previous_value is not null and b.entity_code = m.zone_code and b.indicator_code = 'gdp' and b.basis = g.basis and b.unit = g.unit
               and b.period_start = g.period_start - interval 1 year and b.period_end = last_day(g.period_end - interval 1 year)) as previous_vintage,
           (select r.value / 100 from main_staging.stg_observations r where r.entity_code = m.zone_code and r.indicator_code = 'gdp' and r.measure = 'yoy_pct'
             and r.period_start = g.period_start and r.period_end = g.period_end order by r.vintage desc limit 1)::double as reported_growth,
           -- Held out of the totals for check (open ABOVE_PARENT of a loaded file, as int_scope_values holds it).
           -- (int_held_values: not a held 年 value whose 1-12月, not held, is the year's value.)
           (select min(a.held_flag) from main_intermediate.int_held_values a
             where a.entity_code = m.zone_code and a.indicator_code = 'gdp' and a.period_end = g.period_end)::integer as held_flag,
           -- (One row per key; arg_min over held_flag would skip a hold without a flag, YEAR_FORMS_DIFFER.)
           (select any_value(a.held_rule) from main_intermediate.int_held_values a
             where a.entity_code = m.zone_code and a.indicator_code = 'gdp' and a.period_end = g.period_end) as held_rule,
           -- A year held as its two forms disagree: both figures, for the sentence naming it.
           (select any_value(v.annual_value) from main_intermediate.int_values_annual v
             where v.entity_code = m.zone_code and v.indicator_code = 'gdp' and v.year = year(g.period_end) and v.unit = '亿元')::double as annual_value,
           (select any_value(v.ytd_december_value) from main_intermediate.int_values_annual v
             where v.entity_code = m.zone_code and v.indicator_code = 'gdp' and v.year = year(g.period_end) and v.unit = '亿元')::double as ytd_december_value
    from main_intermediate.int_scope_members m
    join main_staging.stg_zones z on z.zone_code = m.zone_code
    left join main_staging.stg_regions c on c.entity_code = m.city_code
    join main.growth g on g.entity_code = m.zone_code and g.indicator_code = 'gdp' and g.period_label = $1 and g.basis in ('ytd', 'period') and g.unit = '亿元'
    -- The file row the growth row was made from: at year end a flow's 1-12月 累计 is the year's row (basis 'period' in
    -- growth, 'ytd' in the file — int_observations_comparable); the row of the value shown first (a held 年 value gives
    -- way to its 1-12月, stat-qa F7), then the same basis, then the newest vintage.
    left join main_staging.stg_observations o on o.entity_code = m.zone_code and o.indicator_code = 'gdp' and o.period_start = g.period_start and o.period_end = g.period_end
      and (o.basis = g.basis or (g.basis = 'period' and o.basis = 'ytd' and month(o.period_start) = 1 and month(o.period_end) = 12)) and o.measure = 'value' and o.unit = '亿元'
    where m.scope_code = ${MAIN_SCOPE} and m.year = $2
    qualify row_number() over (partition by m.zone_code order by (o.value = g.value) desc nulls last, (o.basis = g.basis) desc nulls last, o.vintage desc nulls last) = 1
    order by m.zone_code`, [period.label, period.year]);
  return rows.map((r) => {
    const key = `${r.zone_name} · 地区生产总值 · ${period.label}`;
    // Held: a holding rule's flag, or the year's two forms twofold apart (YEAR_FORMS_DIFFER, no flag: stat-qa8, the
    // zone was ranked by its 年 value while the totals left it out).
    const isHeld = r.held_rule != null;
    const value = isHeld ? null : (r.value as number | null);
    const growth = isHeld ? null : (r.yoy_growth as number | null);
    return {
      held: isHeld,
      heldFlag: r.held_flag == null ? null : Number(r.held_flag),
      heldRule: isHeld ? String(r.held_rule) : null,
      heldValue: isHeld ? (r.value as number | null) : null,
      heldForms: r.held_rule === "YEAR_FORMS_DIFFER" && r.annual_value != null && r.ytd_december_value != null
        ? { annual: Number(r.annual_value), ytd: Number(r.ytd_december_value) } : null,
      code: String(r.zone_code),
      name: String(r.zone_name),
      level: String(r.level),
      cityName: String(r.city_name ?? ""),
      // The zone's own reported value (the file's row), not a growth rate: registered as such in 附表2 (sc-qa finding 8).
      value: value === null ? null : { value, ref: sources.add("stg_observations", key, amount(value, "亿元"), r.source_file, r.vintage) },
      growth: growth === null ? null : { value: growth, ref: sources.add("growth", `${key} 比 ${String(r.previous_period_label ?? period.previousLabel)}`, percent(growth), joinFiles(r.source_file, r.previous_file), joinFiles(r.vintage, r.previous_vintage)) },
      reportedGrowth: (r.reported_growth as number | null) ?? null,
      breakNote: (r.break_note as string | null) ?? null,
    };
  });
}

async function missing(query: Query, period: ReportPeriod): Promise<ReportFacts["missing"]> {
  const rows = await query(`
    select c.zone_name, string_agg(i.indicator_name, '、' order by c.indicator_code) as indicators
    from main.coverage c join main_staging.stg_indicators i using (indicator_code)
    where c.period_label = $1 and not c.reported
      -- 未报送 only for an indicator some zone did report that period: one nobody sent is not collected.
      and exists (select 1 from main.coverage o where o.period_label = c.period_label and o.indicator_code = c.indicator_code and o.reported)
    -- In city order, as every other list (stat-qa6 F8: 丹东边境经济合作区, code BZ…, came before all of 沈阳's ED… zones).
    group by c.zone_code, c.zone_name order by any_value(c.city_code), c.zone_code`, [period.label]);
  return rows.map((r) => ({ zoneName: String(r.zone_name), indicators: String(r.indicators).split("、") }));
}

async function land(query: Query, period: ReportPeriod, sources: SourceRegister): Promise<ReportFacts["land"]> {
  const rows = await query(`select land_development_rate_best::double as dev, land_use_rate_best::double as use, output_per_land_best::double as output, year, (select scope_name from main.site_scope) as scope_name from main.land_metrics where entity_code = ${MAIN_SCOPE} and period_end = $1::date`, [period.end]);
  const r = rows[0];
  if (!r) return [];
  const items: Array<[string, string, unknown]> = [["土地开发率", "%", r.dev], ["土地利用率", "%", r.use], ["单位土地产出值", "亿元/平方公里", r.output]];
  return items
    .filter(([, , v]) => v !== null && v !== undefined)
    .map(([name, unit, v]) => ({ name, unit, value: { value: v as number, ref: sources.add("land_metrics", `${String(r.scope_name ?? "")} · ${name} · ${r.year}年末`, amount(v as number, unit), "land_metrics", "") } }));
}

async function notes(query: Query, period: ReportPeriod, sources: SourceRegister): Promise<DataNote[]> {
  const out: DataNote[] = [];
  // Revisions since the last report: values changed by files loaded after the previous quarter's data arrived.
  const previousQuarter = period.endMonth > 3 ? `${period.year}年1-${period.endMonth - 3}月` : `${period.year - 1}年`;
  const revisions = await query(`
    select r.period_label, r.source_file, r.previous_file, r.vintage::varchar as vintage, count(*)::integer as n, min(r.period_end) as pe
    from main.revisions r
    -- A value two files of equal evidence dispute is not a revision: it is said once, as a 版本冲突, below (reader-qa3 5).
    where not coalesce(r.is_conflict, false) and r.period_end <= $1::date and r.loaded_at > coalesce((select min(o.loaded_at) from ${OBSERVATION_ROWS} o where o.period_label = $2 and o.entity_kind = 'zone'), '-infinity'::timestamp)
    group by all order by pe, r.period_label, r.previous_file, r.source_file, vintage`, [period.end, previousQuarter]);
  for (const r of revisions) {
    const ref = sources.add("revisions", `${r.period_label} · ${r.previous_file} → ${r.source_file}`, `${r.n}个数值`, `${r.previous_file}; ${r.source_file}`, r.vintage);
    out.push({ kind: "revision", text: reportMsg.revision(String(r.period_label), Number(r.n), String(r.previous_file), String(r.source_file), String(r.vintage)), ref });
  }
  const quality = await query(`
    select d.check_code, d.detail, d.period_label, coalesce(z.zone_name, s.scope_name, g.entity_name, d.entity_code) as entity, z.zone_name is null and g.entity_name is not null as is_total, coalesce(i.indicator_name, d.indicator_code) as indicator,
           -- A model check (年内累计值下降) has no 标记号 of its own: the open 审核 flags on the same zone, indicator and year
           -- name the value suspected and the number \`zonestat confirm --flag\` takes (held-qa finding 8).
           case when d.check_code = 'ytd_decreases' then (
             -- One entry per value (file, line, column), its flags' numbers together: 标记号 1、2、7：2024年1-6月的数值（…）.
             select string_agg(v.item, '；' order by v.first_flag) from (
               select min(y.flag_id) as first_flag,
                      '标记号 ' || string_agg(y.flag_id::varchar, '、' order by y.flag_id) || '：' || any_value(y.period_label) || '的数值（' || yf.name || ' 第' || y.line || '行 ' || y.col || '列）' as item
               from ingest.audit_flags y join ingest.files yf using (file_id)
               where y.state = 'open' and yf.status = 'loaded' and y.entity_code = d.entity_code and y.indicator_code = d.indicator_code
                 and year(y.period_end) = try_cast(left(d.period_label, 4) as integer)
               group by yf.file_id, yf.name, y.line, y.col) v) end as flags
    from main.data_quality d
    left join main_staging.stg_zones z on z.zone_code = d.entity_code
    left join main_staging.stg_scopes s on s.scope_code = d.entity_code
    -- A city or province total is named, not printed as its GB/T 2260 code (stat-qa3 F14).
    left join main_staging.stg_regions g on g.entity_code = d.entity_code
    left join main_staging.stg_indicators i on i.indicator_code = d.indicator_code
    -- The year's report (2024年) also lists what stands on the 1-12月 values it is built from.
    where (d.period_label = $1 or d.period_label = $2 or d.period_label = $3) and (d.severity in ('error', 'warning') or d.check_code = 'year_form_confirmed') and d.check_code not in ('missing_report', 'version_conflict')
      -- One decrease once: the model's ytd_decreases is the load-time audit rule YTD_DECREASE's older twin.
      and not (d.check_code = 'ytd_decreases' and exists (select 1 from main.data_quality y where y.check_code = 'YTD_DECREASE'
               and y.entity_code = d.entity_code and y.indicator_code = d.indicator_code and y.period_label = d.period_label))
    order by d.check_code, entity, indicator, d.detail`, [period.label, period.previousLabel, period.endMonth === 12 ? `${period.year}年1-12月` : period.label]);
  for (const q of quality) {
    // Confirmed (zonestat confirm --force): said as checked, with who and when, outside the 需核实 items (stat-qa6 F4).
    // A zone's own note with no indicator (data_quality outside_register: the register's dates) reads as its detail.
    if (q.indicator == null) {
      out.push({ kind: "verify", text: reportMsg.verifyNote(String(q.detail)) });
      continue;
    }
    if (q.check_code === "year_form_confirmed") {
      out.push({ kind: "confirmed", text: reportMsg.yearFormConfirmed(String(q.entity), `${String(q.period_label)}${String(q.indicator)}`, String(q.detail)) });
      continue;
    }
    out.push({
      kind: "verify", text: reportMsg.verify(String(q.entity), String(q.indicator), String(q.detail), q.flags == null ? undefined : String(q.flags)),
      ...(q.flags == null ? { value: { entity: String(q.entity), indicator: String(q.indicator), period: String(q.period_label), detail: String(q.detail), total: q.is_total === true } } : {}),
    });
  }
  // Each disputed value once (data_quality's version_conflict names the operator's command and the files' short sha;
  // a reader gets the files in the order they came and the value used): reader-qa3 5 and 6.
  const disputed = await query(`
    select entity_name, indicator_name, period_label, unit, value::double as value, source_file, is_current
    from main_staging.stg_observation_editions_named
    where is_conflict and file_status = 'loaded' and (period_label = $1 or period_label = $2 or period_label = $3)
    order by period_end desc, entity_name, indicator_name, loaded_at, source_file`, [period.label, period.previousLabel, period.endMonth === 12 ? `${period.year}年1-12月` : period.label]);
  for (const [, eds] of groupBy(disputed.map((d) => ({ ...d, key: `${d.period_label}\u0000${d.entity_name}\u0000${d.indicator_name}` })), "key")) {
    const first = eds[0]!;
    const figure = (d: Record<string, unknown>) => amount(Number(d.value), String(d.unit));
    const current = eds.find((d) => d.is_current);
    out.push({ kind: "conflict", text: reportMsg.versionConflict(String(first.period_label), String(first.entity_name), String(first.indicator_name), eds.map((d) => ({ file: String(d.source_file), value: figure(d) })), current ? figure(current) : null) });
  }
  const vintages = await query(`
    select distinct sh.denominator_name, sh.indicator_name, sh.period_label, sh.denominator_vintage::varchar as vintage, sh.denominator_file,
           sh.denominator::double as denominator, sh.unit
    from main.shares sh
    where sh.scope_code = ${MAIN_SCOPE} and sh.is_matched_edition and sh.is_preferred_numerator and sh.period_label in ($1, $2)
    order by sh.period_label desc, sh.indicator_name, sh.denominator_name, vintage, sh.denominator_file`, [period.label, period.previousLabel]);
  const byFile = new Map<string, Array<{ item: string; value: string }>>();
  for (const v of vintages) {
    const k = `${v.denominator_name}\u0000${v.denominator_file}\u0000${v.vintage}`;
    const item = `${v.period_label}${v.indicator_name}`;
    // The same item once (distinct rows of one file and vintage differ only by a numerator's basis).
    if (!(byFile.get(k) ?? []).some((x) => x.item === item)) byFile.set(k, [...(byFile.get(k) ?? []), { item, value: amount(Number(v.denominator), String(v.unit)) }]);
  }
  for (const [k, items] of byFile) {
    const [name, file, vintage] = k.split("\u0000") as [string, string, string];
    // One 附表2 row per total, its value in 数值 and the date in 数据版本 (stat-qa F13: s33/s34 printed the vintage date as
    // the 数值); each item of the note links to its own row.
    const refs = items.map((x) => sources.add("shares", `${name} · ${x.item}（分母）`, x.value, file, vintage));
    const spans: Span[] = [{ text: reportMsg.vintageLead(name, file, vintage) }];
    items.forEach((x, i) => spans.push(...(i ? [{ text: "、" }] : []), { text: x.item, ref: refs[i]! }));
    spans.push({ text: "的占比。" });
    out.push({ kind: "vintage", text: reportMsg.vintage(name, file, vintage, items.map((x) => x.item)), spans });
  }
  return out;
}

/** Everything the report says about `period`, read from the marts. */
export async function gatherFacts(query: Query, period: ReportPeriod): Promise<ReportFacts> {
  const sources = new SourceRegister();
  const main = await query(`select scope_code, document from main_staging.stg_scopes where scope_code = ${MAIN_SCOPE}`);
  // The bureau's list, then the flow indicators the project's own plan targets (工业增加值 in a plan that targets it).
  const planned = await query(`
    select t.indicator_code from main_staging.stg_targets t join main_staging.stg_indicators i using (indicator_code)
    where i.kind = 'flow' and t.indicator_code not in (${scopeList(KEY_INDICATORS)}) group by t.indicator_code order by min(t.target_id)`);
  const indicators = await measures(query, period, main.map((r) => String(r.scope_code)), [...KEY_INDICATORS, ...planned.map((r) => String(r.indicator_code))], sources);
  const scopeRows = await query(`select scope_code, city_code, region_code from main_staging.stg_scopes where (city_code is not null and city_code <> '' and scope_code like 'C%_ED') or (region_code is not null and region_code <> '') order by scope_code`);
  const cityScopes = scopeRows.filter((r) => r.city_code).map((r) => String(r.scope_code));
  const regionScopes = scopeRows.filter((r) => r.region_code && !r.city_code).map((r) => String(r.scope_code));
  const cities = [...(await measures(query, period, cityScopes, ["gdp"], sources)), ...(await heldOnly(query, period, cityScopes))]
    .sort((a, b) => cityScopes.indexOf(a.code) - cityScopes.indexOf(b.code));
  // Document 004's order: 一圈 (沈阳现代化都市圈), 一带 (沿海经济带), 两区 (辽西, 辽东).
  const regionOrder = ["R21SY_ED", "R21CO_ED", "R21LX_ED", "R21LD_ED"];
  regionScopes.sort((a, b) => (regionOrder.indexOf(a) + 1 || 99) - (regionOrder.indexOf(b) + 1 || 99));
  const regions = await measures(query, period, regionScopes, ["gdp"], sources);
  const cityDocumentScopes = await query(`
    select distinct s.scope_code from main_staging.stg_scopes s join main_staging.stg_targets t on t.scope_code = s.scope_code and t.document = s.document
    where s.document is distinct from (select document from main_staging.stg_scopes where scope_code = ${MAIN_SCOPE}) and s.city_code is not null and s.city_code <> '' order by 1`);
  const cityDocuments = await measures(query, period, cityDocumentScopes.map((r) => String(r.scope_code)), ["gdp"], sources);
  // How the text cites each document: its title in 《》 (a reader's document, as the site's pages cite it), else the seed's
  // short name — never 文件000, a seed's handle (reader-qa3 6).
  const documents = await query("select document, coalesce('《' || title || '》', short_name) as cited from main_staging.stg_documents where coalesce(short_name, title) is not null");
  const regionDocuments = await query(`select distinct document from main_staging.stg_scopes where scope_code in (${regionScopes.length ? scopeList(regionScopes) : "''"}) and document is not null order by document`);
  const synthetic = await query(`select bool_or(is_synthetic) as s from main_intermediate.int_scope_values where scope_code = ${MAIN_SCOPE} and period_label = $1`, [period.label]);
  return {
    period,
    scopeName: indicators[0]?.name ?? "全省省级以上经济开发区",
    indicators,
    cityDocuments,
    cities,
    regions,
    zones: await zones(query, period, sources),
    missing: await missing(query, period),
    land: await land(query, period, sources),
    targets: await targetPositions(query, period, sources),
    notes: await notes(query, period, sources),
    sources: sources.list(),
    synthetic: Boolean(synthetic[0]?.s),
    documentNames: Object.fromEntries(documents.map((d) => [String(d.document), String(d.cited)])),
    regionDocuments: regionDocuments.map((d) => String(d.document)),
  };
}
