/**
 * Every zone's values of the core indicators with what a reader needs beside them:
 * 同比 (growth mart, same period one year earlier, same basis), 占全省 (zone ÷ the
 * province's total for the same indicator, period, basis and unit, in the edition the shares mart
 * matched for the headline scope — see MATCHED_PROVINCE_SQL), 占本市开发区合计 (zone ÷ the sum of its
 * city's zones that reported), and the rank among the headline scope's zones and within its level
 * (国家级/省级) — the set the rankings mart ranks. One query per slice of periods, shared by every page
 * of a publish run.
 */
import type { Shared } from "../../pipelines/publish/page.js";
import type { QueryOnly } from "./format.js";
import { heldNote } from "./held-values.js";

/** The indicators ranked and shown on zone pages, in reading order. */
export const CORE_INDICATORS = ["gdp", "fiscal_revenue", "fixed_asset_investment", "industrial_output", "exports", "fdi"] as const;

/** The mark beside a value an open audit flag stands on (the zone pages' and report's 需核实). */
export const CHECK_MARK = "（需核实）";

/**
 * The province whose totals are the denominators, as SQL: the jurisdiction of the
 * project's headline scope (site_scope mart), so another province's pages divide by
 * its own totals, never Liaoning's.
 */
export const PROVINCE_SQL = "(select jurisdiction_code from main.site_scope)";

/** The headline scope (var headline_scope, site_scope mart) as SQL: the zones ranked, as in the rankings mart. */
const HEADLINE_SQL = "(select scope_code from main.site_scope)";

/** The headline scope's code and name (site_scope mart); null when headline_scope is not in scopes.csv (then nothing is ranked). */
export interface HeadlineScope extends Record<string, unknown> {
  scope_code: string;
  scope_name: string;
}

/** The site's headline scope (site_scope mart), once per publish run when memoised; null when the mart has no row. */
export async function headlineScope(ctx: ZoneQueries): Promise<HeadlineScope | null> {
  const read = async () => (await ctx.query<HeadlineScope>("select scope_code, scope_name from main.site_scope"))[0] ?? null;
  return ctx.shared ? ctx.shared("zone-values:headline-scope", read) : read();
}

/**
 * Why a zone has no rank, for the pages: it is not in the headline scope in the value's year (another
 * zone type or level, or not active that year — int_scope_members), so ranking it among that set would
 * rank it among zones it is not compared with (document 000 五（六） ranks the scope's zones).
 */
export function unrankedReason(scope: HeadlineScope | null): string {
  return scope ? `不在「${scope.scope_name}」范围内，不参与排名` : "未设定统计范围（headline_scope），不排名";
}

/**
 * Why held values (held_for_check: an open flag of a holding rule, kept out of int_scope_values' sums) have no
 * rank, no share and no 同比: ranking one would rank a value the totals leave out and push the other zones down.
 * Each is named with its 标记号 and its own rule's reason (heldNote); `label` names it (zone, or indicator on a zone page).
 */
export function heldReasonNote<T extends Pick<ZoneValue, "held_for_check" | "held_flag" | "held_rule">>(rows: readonly T[], label: (r: T) => string): string {
  return heldNote(rows.filter((r) => r.held_for_check).map((r) => ({ label: label(r), flagId: r.held_flag == null ? null : Number(r.held_flag), ruleCode: r.held_rule ?? null })));
}

/** "在<范围名称>中第 r/n 名", or the reason the zone has no rank (a held value first, then outside the scope). */
export function rankText(r: Pick<ZoneValue, "rank" | "zones_ranked"> & Partial<Pick<ZoneValue, "held_for_check">>, scope: HeadlineScope | null): string {
  if (r.held_for_check) return "需核实，不排名";
  return r.rank == null ? unrankedReason(scope) : `在${scope?.scope_name ?? "统计范围"}中第 ${r.rank}/${r.zones_ranked} 名`;
}

/** The downloads' 需核实 columns (columns.ts needs_check, held_for_check), only when some row has an open flag — as 填报 is. */
export function checkColumns(rows: readonly Pick<ZoneValue, "needs_check">[]): string[] {
  return rows.some((r) => r.needs_check) ? ["needs_check", "held_for_check"] : [];
}

/** A share shown beside a held value ("—（需核实）") or over a denominator under an open flag (mark appended); else pct(v). */
export function shareText(v: unknown, held: unknown, pct: (v: number | null) => string, denominatorCheck: unknown = false): string {
  if (held) return "—（需核实）";
  const n = v == null ? null : Number(v);
  return denominatorCheck && n != null ? `${pct(n)}（分母需核实）` : pct(n);
}

export interface ZoneValue extends Record<string, unknown> {
  zone_code: string;
  zone_name: string;
  level: string;
  zone_type: string;
  city_code: string;
  city_name: string;
  indicator_code: string;
  indicator_name: string;
  unit: string;
  period_label: string;
  period_end: string;
  basis: string;
  value: number;
  yoy_growth: number | null;
  /**
   * The series break (口径调整 or a detected change of source, int_series_breaks) between this value and the same
   * period a year earlier, as growth's break_note; null when the two are comparable. No 同比 is computed across it,
   * and a zone with one is no part of a hand-summed like-for-like 同比 either.
   */
  series_break: string | null;
  /** The same period a year earlier has a value (growth.previous_value): a 同比 of — without one says 上年同期无数据. */
  has_previous: boolean;
  /**
   * The zone's own 比上年增长(%) from its report (observations.measure 'yoy_pct'), as a fraction; shown only
   * where no 同比 can be computed, always marked 填报 (it may be at comparable prices; never mixed unmarked).
   */
  reported_yoy: number | null;
  /**
   * Fraction of the province (0.05 = 5%); null when the province's total is missing. The denominator is the
   * province total in the edition the shares mart matched for the headline scope (is_preferred_numerator,
   * is_matched_edition: the edition as published when the numerator was — shares.sql, issue #15), so the
   * scope's zones' shares add up to the headline share on 总览 and the targets; where the mart has no such
   * row, the same rule applied to the zone's own data vintage (int_denominators).
   */
  share_province: number | null;
  /** Fraction of the sum of the city's zones for the same period. */
  share_city: number | null;
  /** 占本市: fraction of the city's own total (its 全市 figure, newest vintage) for the same indicator, period, basis and unit. */
  share_city_total: number | null;
  /** An open 核实性 audit flag (ingest.audit_flags) stands on this value: shown with （需核实） wherever it is used. */
  needs_check: boolean;
  /**
   * The value is held out of the scopes' sums (int_scope_values: an open ABOVE_PARENT flag on it): no rank, no
   * shares (null), and it is left out of the other zones' ranks, zones_ranked and 占本市开发区合计 (HELD_REASON).
   */
  held_for_check: boolean;
  /** The first open holding flag on the value (标记号) and its rule (heldReason gives the words); null when not held. */
  held_flag: number | null;
  held_rule: string | null;
  /** The city's own total (the denominator of 占本市) carries an open ABOVE_PARENT flag: the share is shown marked. */
  city_total_needs_check: boolean;
  /** The province's total (the denominator of 占全省) carries an open 审核 flag: the share is shown marked (stat-qa9 F6). */
  province_total_needs_check: boolean;
  /** The zone is in the headline scope that year (int_scope_members): summed into the city totals of 城市与区域. */
  in_scope: boolean;
  /**
   * Rank among the headline scope's zones of that year (int_scope_members, as the rankings mart); null
   * for a zone outside the scope (see unrankedReason). zones_ranked counts the scope's zones with a value.
   */
  rank: number | null;
  zones_ranked: number;
  /** Rank and count within the zone's level in the scope that year (int_scope_members.level, as rankings); null outside. */
  rank_in_level: number | null;
  zones_in_level: number | null;
  /** The level the zone is ranked within (its level in the year of the value); null outside the scope. */
  rank_level: string | null;
  source_file: string;
  source_line: number;
  is_synthetic: boolean;
}

/**
 * The indicators ranked and shown on zone pages for this project: CORE_INDICATORS, then every flow
 * indicator its plan's targets name (targets.csv) that its zone files report (工业增加值 in a plan that
 * targets it), in catalogue order — so a province's own plan indicators are never left off the pages.
 */
export async function projectIndicators(ctx: QueryOnly): Promise<string[]> {
  const core = CORE_INDICATORS.map((c) => `'${c}'`).join(", ");
  const extra = await ctx.query<{ indicator_code: string }>(`
    select t.indicator_code from main_staging.stg_targets t join main_staging.stg_indicators i using (indicator_code)
    where i.kind = 'flow' and t.indicator_code not in (${core})
      and exists (select 1 from main_intermediate.int_observations_canonical o where o.entity_kind = 'zone' and o.measure = 'value' and o.indicator_code = t.indicator_code)
    group by t.indicator_code order by min(t.target_id)`);
  return [...CORE_INDICATORS, ...extra.map((r) => String(r.indicator_code))];
}

/**
 * Which periods `zoneValues` returns. Ranks, zone counts and 占本市开发区合计 are always computed over
 * every zone of a period before the choice, so a row reads the same whichever slice it comes in:
 * - "latest": per indicator, the period latestPerIndicator picks (newest period_end; an annual value
 *   over 1-12月 of the same year) — the cards, the 最近一期 tables and 排名;
 * - "annual": basis 'period' (one value per year) — the zone pages' chart and wide table;
 * - `{ label }`: one period label (e.g. the year before the latest, for a 同比 of sums);
 * - "all": every ytd and annual period.
 */
export type ZonePeriods = "latest" | "annual" | "all" | { readonly label: string };

/** A query function plus, in a publish, the run's memo (PageContext.shared): the same slice is computed once per run. */
export type ZoneQueries = QueryOnly & { readonly shared?: Shared };

export interface ZoneValuesOptions {
  /** Default: projectIndicators. */
  readonly indicators?: readonly string[];
  /** Default: "all". */
  readonly periods?: ZonePeriods;
}

/**
 * The zones' values of the given indicators for the chosen periods, ordered by indicator (in the given
 * order), period, basis, rank, zone. Memoised per publish run when `ctx.shared` is given (queries read
 * one warehouse state during a publish). Shape: ZoneValue rows; shares are fractions, 同比 a fraction.
 */
export async function zoneValues(ctx: ZoneQueries, opts: ZoneValuesOptions = {}): Promise<ZoneValue[]> {
  const compute = async () => {
    const indicators = opts.indicators ?? (await projectIndicatorsShared(ctx));
    return ctx.query<ZoneValue>(zoneValuesSql(indicators, opts.periods ?? "all"));
  };
  if (!ctx.shared) return compute();
  return ctx.shared(`zone-values:${JSON.stringify([opts.indicators ?? null, opts.periods ?? "all"])}`, compute);
}

/** projectIndicators, once per publish run when memoised. */
function projectIndicatorsShared(ctx: ZoneQueries): Promise<string[]> {
  return ctx.shared ? ctx.shared("zone-values:indicators", () => projectIndicators(ctx)) : projectIndicators(ctx);
}

/** The zone values (growth mart rows of zones in the register, with names), before any shares or provenance. */
function zoneRowsSql(list: string): string {
  return `
      -- The growth mart carries every zone value (1-12月 累计 read as the annual value) with its 同比.
      select g.entity_code as zone_code, z.zone_name, z.current_level as level, z.zone_type, z.city_code, r.entity_name as city_name,
             g.indicator_code, i.indicator_name, g.unit, g.period_label, g.period_start, g.period_end, g.basis, g.value,
             g.is_synthetic as growth_synthetic, g.yoy_growth, g.break_note, g.previous_value is not null as has_previous,
             hm.zone_code is not null as in_scope, hm.level as rank_level, hf.entity_code is not null as held_for_check, hf.held_flag, hf.held_rule
      from main.growth g
      join main_staging.stg_zones z on z.zone_code = g.entity_code
      join main_staging.stg_indicators i on i.indicator_code = g.indicator_code
      left join main_staging.stg_regions r on r.entity_code = z.city_code
      -- Ranked only within the headline scope as it stood that year, as the rankings mart ranks (dbt_project.yml: the
      -- scope rankings, zone counts and coverage count).
      left join main_intermediate.int_scope_members hm on hm.zone_code = g.entity_code and hm.year = year(g.period_end) and hm.scope_code = ${HEADLINE_SQL}
      -- Held out of the sums as int_scope_values holds it (open ABOVE_PARENT of a loaded file; entity, indicator, period end).
      left join (${ABOVE_PARENT_SQL}) hf on hf.entity_code = g.entity_code and hf.indicator_code = g.indicator_code and hf.period_end = g.period_end
      where g.entity_kind = 'zone' and g.basis in ('ytd', 'period') and ${inList("g.indicator_code", list)} and g.value is not null`;
}

/**
 * Values under an open 审核 flag of a holding rule (ingest.held_audit_rules) of a loaded file, once per entity, indicator
 * and period end, with the first such flag and its rule: int_held_values itself, the held values int_scope_values
 * leaves out (a held 年 value beside a 1-12月 not held holds nothing: the year shows the 1-12月, stat-qa F7).
 */
const ABOVE_PARENT_SQL = `select entity_code, indicator_code, period_end, held_flag, held_rule from main_intermediate.int_held_values`;

const quote = (i: string) => `'${i.replace(/'/g, "''")}'`;

/**
 * `expr in (list)` as a test on each row: DuckDB plans an IN list of six or more as a MARK join, which took 0.36 s of
 * the latest values' 0.8 s over the growth mart's 702k rows (issue #24); list_contains is the same test (NULL is in no list).
 */
const inList = (expr: string, list: string) => `list_contains([${list}], ${expr})`;

/**
 * A flow's 1-12月 累计 row of stg_observations `o` (indicator `i`), as int_observations_comparable reads it: the
 * year's value, so the denominators join the growth rows' basis 'period' at year end (dl-qa #3). Where a file gave
 * both, the annual row (false) sorts first within a vintage, as in int_denominators.
 */
const FULL_YEAR_YTD = "((i.kind = 'flow' or i.kind is null) and o.basis = 'ytd' and month(o.period_end) = 12 and month(o.period_start) = 1)";
const COMPARABLE_BASIS = `(case when ${FULL_YEAR_YTD} then 'period' else o.basis end)`;
/** The same key on a row `o` of int_observations_canonical, which carries the indicator's kind itself. */
const CANONICAL_COMPARABLE_BASIS = "(case when (o.indicator_kind = 'flow' or o.indicator_kind is null) and o.basis = 'ytd' and o.end_month = 12 and month(o.period_start) = 1 then 'period' else o.basis end)";

/**
 * The province totals 占全省 divides by: the denominator of the shares mart's headline-scope row
 * (is_preferred_numerator and is_matched_edition, as 总览, 占比, target_status and the 季度分析 read it), so a
 * zone's share and the headline share divide by one edition of the province total, and the scope's zones add up
 * to the headline share. Keyed like the growth rows (indicator, period, comparable basis, canonical unit).
 */
const MATCHED_PROVINCE_SQL = `select sh.indicator_code, sh.period_start, sh.period_end, sh.basis, sh.unit, sh.denominator as value
      from main.shares sh
      where sh.scope_code = ${HEADLINE_SQL} and sh.denominator_code = ${PROVINCE_SQL} and sh.is_preferred_numerator and sh.is_matched_edition`;

/**
 * Where the shares mart has no headline row for a key (no zone of the scope reported it, or the indicator is not
 * summable), the rule of shares.sql applied to the zone's own value: the newest province edition not later than
 * the zone value's vintage, or, when every edition is later, the earliest (int_denominators, canonical unit).
 */
const OWN_MATCHED_PROVINCE_SQL = `select o.entity_code, o.indicator_code, o.period_start, o.period_end, o.basis, o.unit, d.value
      from main_intermediate.int_observations_comparable o
      join keys k on k.indicator_code = o.indicator_code and k.period_start = o.period_start and k.period_end = o.period_end
      join main_intermediate.int_denominators d
        on d.entity_code = ${PROVINCE_SQL} and d.indicator_code = o.indicator_code and d.period_start = o.period_start
       and d.period_end = o.period_end and d.basis = o.basis and d.unit = o.unit
      -- Only the keys the mart has no headline row for (p): the rest never reads this.
      anti join p on p.indicator_code = o.indicator_code and p.period_start = o.period_start and p.period_end = o.period_end and p.basis = o.basis and p.unit = o.unit
      where o.entity_kind = 'zone'
      qualify row_number() over (partition by o.entity_code, o.indicator_code, o.period_start, o.period_end, o.basis, o.unit
                                 order by d.vintage <= o.vintage desc nulls last, case when d.vintage <= o.vintage then d.vintage end desc nulls last, d.vintage) = 1`;

/** What each ZoneValue column is, over the chosen rows `s` and the joined denominators, flags and provenance. */
const COLUMN_SQL = {
  zone_code: "s.zone_code",
  zone_name: "s.zone_name",
  level: "s.level",
  zone_type: "s.zone_type",
  city_code: "s.city_code",
  city_name: "s.city_name",
  indicator_code: "s.indicator_code",
  indicator_name: "s.indicator_name",
  unit: "s.unit",
  period_label: "s.period_label",
  period_end: "s.period_end::varchar as period_end",
  basis: "s.basis",
  value: "s.value",
  // A 同比 built from a held value is held with it (reader-qa 11: 1,048,052.3% beside a value under check).
  yoy_growth: "case when not s.held_for_check then s.yoy_growth end as yoy_growth",
  series_break: "s.break_note as series_break",
  has_previous: "s.has_previous",
  reported_yoy: "ry.reported_yoy",
  share_province: "case when not s.held_for_check then s.value / nullif(coalesce(p.value, pz.value), 0) end as share_province",
  share_city: "s.share_city",
  share_city_total: "case when not s.held_for_check then s.value / nullif(c.value, 0) end as share_city_total",
  needs_check: "nc.entity_code is not null as needs_check",
  held_for_check: "s.held_for_check",
  held_flag: "s.held_flag",
  held_rule: "s.held_rule",
  city_total_needs_check: "cf.entity_code is not null as city_total_needs_check",
  province_total_needs_check: "pf.entity_code is not null as province_total_needs_check",
  in_scope: "s.in_scope",
  rank: "s.rank",
  zones_ranked: "s.zones_ranked",
  rank_in_level: "s.rank_in_level",
  zones_in_level: "s.zones_in_level",
  rank_level: "s.rank_level",
  source_file: "src.source_file",
  source_line: "src.source_line",
  is_synthetic: "coalesce(src.is_synthetic, s.growth_synthetic) as is_synthetic",
} as const;
export type ZoneValueColumn = keyof typeof COLUMN_SQL;
/** Every column, in ZoneValue's order. */
const ZONE_VALUE_COLUMNS = Object.keys(COLUMN_SQL) as ZoneValueColumn[];

/**
 * The columns the zone pages' annual chart and wide table read (zones.ts): the rest of a ZoneValue —
 * names of the zone and city, shares, ranks, flags — is left in the warehouse for the 45k rows at
 * province scale (360k at national), which would otherwise all be built as JS objects.
 */
export const ANNUAL_COLUMNS = ["zone_code", "indicator_code", "indicator_name", "unit", "period_label", "basis", "value", "yoy_growth", "series_break", "reported_yoy", "source_file", "is_synthetic", "needs_check", "held_for_check"] as const satisfies readonly ZoneValueColumn[];
export type AnnualValue = Pick<ZoneValue, (typeof ANNUAL_COLUMNS)[number]>;

/** Every zone's annual values (basis 'period') of the project's indicators, only ANNUAL_COLUMNS, in zoneValues' order. */
export async function zoneAnnualValues(ctx: ZoneQueries): Promise<AnnualValue[]> {
  const indicators = await projectIndicatorsShared(ctx);
  return ctx.query<AnnualValue>(zoneValuesSql(indicators, "annual", ANNUAL_COLUMNS));
}

/**
 * The query behind zoneValues. Narrow before wide: the rows' ranks and city sums are computed on the
 * zone values alone, the slice is chosen, and only then are provenance, the denominators, the reported
 * rates and the audit flags joined — each as one grouped read, not one subquery per row.
 */
export function zoneValuesSql(indicators: readonly string[], periods: ZonePeriods, columns?: readonly ZoneValueColumn[]): string {
  const list = indicators.map(quote).join(", ");
  // The chosen periods as whole partitions of the windows below (indicator, period, basis), so each row's rank,
  // zone count and city sum are those of its whole period whichever slice is asked for.
  const chosen =
    periods === "latest"
      ? // latestPerIndicator's choice: the newest period_end, an annual value over 1-12月 of the same year.
        `select v.* from v join (
           select v.indicator_code, v.period_end, bool_or(v.basis = 'period') as annual
           from v join (select indicator_code, max(period_end) as period_end from v group by all) m using (indicator_code, period_end)
           group by all
         ) l on l.indicator_code = v.indicator_code and l.period_end = v.period_end and (v.basis = 'period') = l.annual`
      : periods === "annual"
        ? "select * from v where basis = 'period'"
        : periods === "all"
          ? "select * from v"
          : `select v.* from v semi join (select distinct indicator_code, period_start, period_end, basis from v where period_label = ${quote(periods.label)}) l
               on l.indicator_code = v.indicator_code and l.period_start = v.period_start and l.period_end = v.period_end and l.basis = v.basis`;
  const slice = typeof periods === "object" ? `period_label = ${quote(periods.label)}` : "true";
  // Only the windows and joins the asked columns read (the rank always: rows are ordered by it). Each join is on
  // a key its side is unique on (grouped, distinct or the newest row), so leaving one out drops no row and adds none.
  const need = new Set(columns ?? ZONE_VALUE_COLUMNS);
  const only = (c: ZoneValueColumn | readonly ZoneValueColumn[], sql: string) => ((Array.isArray(c) ? c : [c]) as ZoneValueColumn[]).some((x) => need.has(x)) ? sql : "";
  return `
    with v as (${zoneRowsSql(list)}
    ), chosen as (
      ${chosen}
    ), sel as (
      select * from (
      -- A held value (held_for_check) is in no rank, count or city sum: the others rank as if it were not there.
      select c.*,${only("share_city", `
             case when not c.held_for_check then c.value / nullif(sum(c.value) filter (where not c.held_for_check) over (partition by c.indicator_code, c.period_start, c.period_end, c.basis, c.city_code), 0) end as share_city,`)}
             case when c.ranked then rank() over (partition by c.indicator_code, c.period_start, c.period_end, c.basis, c.ranked order by c.value desc) end::integer as rank${only("zones_ranked", `,
             count(*) filter (where c.ranked) over (partition by c.indicator_code, c.period_start, c.period_end, c.basis)::integer as zones_ranked`)}${only(["rank_in_level", "zones_in_level"], `,
             case when c.ranked then rank() over (partition by c.indicator_code, c.period_start, c.period_end, c.basis, c.ranked, c.rank_level order by c.value desc) end::integer as rank_in_level,
             case when c.ranked then count(*) over (partition by c.indicator_code, c.period_start, c.period_end, c.basis, c.ranked, c.rank_level) end::integer as zones_in_level`)}
      from (select *, in_scope and not held_for_check as ranked from chosen) c
      ) where ${slice}
    ), keys as (
      select distinct indicator_code, period_start, period_end from sel
    )${only(["source_file", "source_line", "is_synthetic"], `, src as (
      -- The row the shown value is (is_comparable, keyed by its comparable basis as the growth rows are): of a 年 value
      -- and its 1-12月, the file of the one shown, not of both (stat-qa F7: the 1-12月's file named beside the 年 value).
      select o.entity_code, o.indicator_code, o.period_start, o.period_end, o.unit, ${CANONICAL_COMPARABLE_BASIS} as basis,
             min(o.source_file) as source_file, min(o.source_line) as source_line, bool_or(o.is_synthetic) as is_synthetic
      from main_intermediate.int_observations_canonical o
      join keys k on k.indicator_code = o.indicator_code and k.period_start = o.period_start and k.period_end = o.period_end
      where o.entity_kind = 'zone' and o.measure = 'value' and o.basis in ('ytd', 'period') and o.is_comparable
      group by all
    )`)}${only("share_province", `, p as (
      ${MATCHED_PROVINCE_SQL}
    ), pz as (
      ${OWN_MATCHED_PROVINCE_SQL}
    )`)}${only("share_city_total", `, c as (
      -- The cities' own totals (a city totals file), the denominators of 占本市; keyed as p.
      select o.entity_code, o.indicator_code, o.period_start, o.period_end, ${COMPARABLE_BASIS} as basis, o.unit, o.value
      from main_staging.stg_observations o left join main_staging.stg_indicators i on i.indicator_code = o.indicator_code
      where o.entity_code in (select city_code from main_staging.stg_zones) and o.measure = 'value'
      qualify row_number() over (partition by o.entity_code, o.indicator_code, o.period_start, o.period_end, ${COMPARABLE_BASIS}, o.unit order by o.vintage desc, ${FULL_YEAR_YTD}) = 1
    )`)}${only("reported_yoy", `, ry as (
      -- The zone's own 比上年增长(%), newest vintage, whatever its basis or unit.
      select o.entity_code, o.indicator_code, o.period_start, o.period_end, o.value / 100 as reported_yoy
      from main_staging.stg_observations o
      join keys k on k.indicator_code = o.indicator_code and k.period_start = o.period_start and k.period_end = o.period_end
      where o.measure = 'yoy_pct'
      qualify row_number() over (partition by o.entity_code, o.indicator_code, o.period_start, o.period_end order by o.vintage desc) = 1
    )`)}${only("city_total_needs_check", `, cf as (
      -- Any open flag on the city's total marks 占本市 分母需核实, as shares.sql marks its denominator (stat-qa4 F14).
      select distinct a.entity_code, a.indicator_code, a.period_end
      from ingest.audit_flags a join ingest.files f using (file_id)
      where a.state = 'open' and f.status = 'loaded'
    )`)}${only("province_total_needs_check", `, pf as (
      -- Any open flag on the province's total marks 占全省 分母需核实, as shares.sql marks the headline share's.
      select distinct a.entity_code, a.indicator_code, a.period_end
      from ingest.audit_flags a join ingest.files f using (file_id)
      where a.state = 'open' and f.status = 'loaded' and a.entity_code = ${PROVINCE_SQL}
    )`)}${only("needs_check", `, nc as (
      -- Open 核实性 flags of loaded files, once per value they stand on; not those on a 年 value or 1-12月 the year does
      -- not show (not is_comparable: the other form is shown, stat-qa F7 — data_quality names the flag and the form used).
      select distinct a.entity_code, a.indicator_code, a.period_end
      from ingest.audit_flags a join ingest.files f using (file_id)
      where a.state = 'open' and f.status = 'loaded'
        and not exists (select 1 from main_intermediate.int_observations_canonical o
                        where not o.is_comparable and o.entity_code = a.entity_code and o.indicator_code = a.indicator_code
                          and o.period_start = a.period_start and o.period_end = a.period_end and o.basis = a.basis)
    )`)}
    select ${[...need].map((c) => COLUMN_SQL[c]).join(",\n           ")}
    from sel s${only(["source_file", "source_line", "is_synthetic"], `
    left join src on src.entity_code = s.zone_code and src.indicator_code = s.indicator_code and src.period_start = s.period_start and src.period_end = s.period_end and src.unit = s.unit and src.basis = s.basis`)}${only("share_province", `
    left join p on p.indicator_code = s.indicator_code and p.period_start = s.period_start and p.period_end = s.period_end and p.basis = s.basis and p.unit = s.unit
    left join pz on pz.entity_code = s.zone_code and pz.indicator_code = s.indicator_code and pz.period_start = s.period_start and pz.period_end = s.period_end and pz.basis = s.basis and pz.unit = s.unit`)}${only("share_city_total", `
    left join c on c.entity_code = s.city_code and c.indicator_code = s.indicator_code and c.period_start = s.period_start and c.period_end = s.period_end and c.basis = s.basis and c.unit = s.unit`)}${only("reported_yoy", `
    left join ry on ry.entity_code = s.zone_code and ry.indicator_code = s.indicator_code and ry.period_start = s.period_start and ry.period_end = s.period_end`)}${only("needs_check", `
    left join nc on nc.entity_code = s.zone_code and nc.indicator_code = s.indicator_code and nc.period_end = s.period_end`)}${only("city_total_needs_check", `
    left join cf on cf.entity_code = s.city_code and cf.indicator_code = s.indicator_code and cf.period_end = s.period_end`)}${only("province_total_needs_check", `
    left join pf on pf.indicator_code = s.indicator_code and pf.period_end = s.period_end`)}
    order by array_position([${list}], s.indicator_code), s.period_end, s.basis, s.rank nulls last, s.value desc, s.zone_code`;
}

/** What a zone page needs from all its values, whatever slices it shows: its city, and whether any value is 示例数据. */
export interface ZoneSummary extends Record<string, unknown> {
  zone_code: string;
  city_code: string;
  city_name: string | null;
  /** Some value of the zone (any period of zoneValues "all") is synthetic. */
  is_synthetic: boolean;
}

/** One row per zone that has any zoneValues row (default indicators: projectIndicators), as "all" would give it. */
export async function zoneSummaries(ctx: ZoneQueries, given?: readonly string[]): Promise<ZoneSummary[]> {
  const indicators = given ?? (await projectIndicatorsShared(ctx));
  const list = indicators.map(quote).join(", ");
  // is_synthetic as zoneValues has it: the canonical observations' flag where they match the value, else the growth mart's.
  return ctx.query<ZoneSummary>(`
    with v as (${zoneRowsSql(list)}
    ), src as (
      select entity_code, indicator_code, period_start, period_end, unit, bool_or(is_synthetic) as is_synthetic
      from main_intermediate.int_observations_canonical
      where entity_kind = 'zone' and measure = 'value' and basis in ('ytd', 'period') and ${inList("indicator_code", list)}
      group by all
    )
    select v.zone_code, any_value(v.city_code) as city_code, any_value(v.city_name) as city_name, bool_or(coalesce(src.is_synthetic, v.growth_synthetic)) as is_synthetic
    from v left join src on src.entity_code = v.zone_code and src.indicator_code = v.indicator_code and src.period_start = v.period_start and src.period_end = v.period_end and src.unit = v.unit
    group by v.zone_code order by v.zone_code`);
}

/** The latest period per indicator (an annual value wins over 1-12月 of the same year by coming last in order). */
export function latestPerIndicator(rows: readonly ZoneValue[]): Map<string, ZoneValue[]> {
  const latestEnd = new Map<string, string>();
  for (const r of rows) {
    const cur = latestEnd.get(r.indicator_code);
    const key = `${r.period_end}|${r.basis === "period" ? 1 : 0}`;
    if (!cur || key > cur) latestEnd.set(r.indicator_code, key);
  }
  const out = new Map<string, ZoneValue[]>();
  for (const r of rows) {
    if (`${r.period_end}|${r.basis === "period" ? 1 : 0}` !== latestEnd.get(r.indicator_code)) continue;
    const list = out.get(r.indicator_code) ?? [];
    list.push(r);
    out.set(r.indicator_code, list);
  }
  return out;
}
