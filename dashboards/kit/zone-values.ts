/**
 * Every zone's values of the core indicators with what a reader needs beside them:
 * 同比 (growth mart, same period one year earlier, same basis), 占全省 (zone ÷ the
 * province's total for the same indicator, period, basis and unit, newest vintage),
 * 占本市开发区合计 (zone ÷ the sum of its city's zones that reported), and the rank
 * among all zones and within its level (国家级/省级). One query for all pages.
 */
import type { QueryOnly } from "./format.js";

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
   * The zone's own 比上年增长(%) from its report (observations.measure 'yoy_pct'), as a fraction; shown only
   * where no 同比 can be computed, always marked 填报 (it may be at comparable prices; never mixed unmarked).
   */
  reported_yoy: number | null;
  /** Fraction of the province (0.05 = 5%); null when the province's total is missing. */
  share_province: number | null;
  /** Fraction of the sum of the city's zones for the same period. */
  share_city: number | null;
  /** 占本市: fraction of the city's own total (its 全市 figure, newest vintage) for the same indicator, period, basis and unit. */
  share_city_total: number | null;
  /** An open 核实性 audit flag (ingest.audit_flags) stands on this value: shown with （需核实） wherever it is used. */
  needs_check: boolean;
  rank: number;
  zones_ranked: number;
  rank_in_level: number;
  zones_in_level: number;
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

/** All periods (ytd and annual) of the given indicators (default: projectIndicators), ordered by indicator, period, rank. */
export async function zoneValues(ctx: QueryOnly, given?: readonly string[]): Promise<ZoneValue[]> {
  const indicators = given ?? (await projectIndicators(ctx));
  const list = indicators.map((i) => `'${i.replace(/'/g, "''")}'`).join(", ");
  return ctx.query<ZoneValue>(`
    with src as (
      select entity_code, indicator_code, period_start, period_end, unit, min(source_file) as source_file, min(source_line) as source_line, bool_or(is_synthetic) as is_synthetic
      from main_intermediate.int_observations_canonical
      where entity_kind = 'zone' and measure = 'value' and basis in ('ytd', 'period') and indicator_code in (${list})
      group by all
    ), v as (
      -- The growth mart carries every zone value (1-12月 累计 read as the annual value) with its 同比.
      select g.entity_code as zone_code, z.zone_name, z.current_level as level, z.zone_type, z.city_code, r.entity_name as city_name,
             g.indicator_code, i.indicator_name, g.unit, g.period_label, g.period_start, g.period_end, g.basis, g.value,
             src.source_file, src.source_line, coalesce(src.is_synthetic, g.is_synthetic) as is_synthetic, g.yoy_growth
      from main.growth g
      join main_staging.stg_zones z on z.zone_code = g.entity_code
      join main_staging.stg_indicators i on i.indicator_code = g.indicator_code
      left join main_staging.stg_regions r on r.entity_code = z.city_code
      left join src on src.entity_code = g.entity_code and src.indicator_code = g.indicator_code and src.period_start = g.period_start and src.period_end = g.period_end and src.unit = g.unit
      where g.entity_kind = 'zone' and g.basis in ('ytd', 'period') and g.indicator_code in (${list}) and g.value is not null
    ), p as (
      select indicator_code, period_start, period_end, basis, unit, value
      from main_staging.stg_observations
      where entity_code = ${PROVINCE_SQL} and measure = 'value'
      qualify row_number() over (partition by indicator_code, period_start, period_end, basis, unit order by vintage desc) = 1
    ), c as (
      -- The cities' own totals (a city totals file), the denominators of 占本市.
      select entity_code, indicator_code, period_start, period_end, basis, unit, value
      from main_staging.stg_observations
      where entity_code in (select city_code from main_staging.stg_zones) and measure = 'value'
      qualify row_number() over (partition by entity_code, indicator_code, period_start, period_end, basis, unit order by vintage desc) = 1
    )
    select v.zone_code, v.zone_name, v.level, v.zone_type, v.city_code, v.city_name, v.indicator_code, v.indicator_name, v.unit,
           v.period_label, v.period_end::varchar as period_end, v.basis, v.value, v.yoy_growth,
           (select o.value / 100 from main_staging.stg_observations o
             where o.entity_code = v.zone_code and o.indicator_code = v.indicator_code and o.measure = 'yoy_pct'
               and o.period_start = v.period_start and o.period_end = v.period_end
             order by o.vintage desc limit 1) as reported_yoy,
           v.value / nullif(p.value, 0) as share_province,
           v.value / nullif(sum(v.value) over (partition by v.indicator_code, v.period_start, v.period_end, v.basis, v.city_code), 0) as share_city,
           v.value / nullif(c.value, 0) as share_city_total,
           exists (select 1 from ingest.audit_flags a join ingest.files f using (file_id)
             where a.state = 'open' and f.status = 'loaded' and a.entity_code = v.zone_code and a.indicator_code = v.indicator_code and a.period_end = v.period_end) as needs_check,
           rank() over (partition by v.indicator_code, v.period_start, v.period_end, v.basis order by v.value desc)::integer as rank,
           count(*) over (partition by v.indicator_code, v.period_start, v.period_end, v.basis)::integer as zones_ranked,
           rank() over (partition by v.indicator_code, v.period_start, v.period_end, v.basis, v.level order by v.value desc)::integer as rank_in_level,
           count(*) over (partition by v.indicator_code, v.period_start, v.period_end, v.basis, v.level)::integer as zones_in_level,
           v.source_file, v.source_line, v.is_synthetic
    from v left join p on p.indicator_code = v.indicator_code and p.period_start = v.period_start and p.period_end = v.period_end and p.basis = v.basis and p.unit = v.unit
    left join c on c.entity_code = v.city_code and c.indicator_code = v.indicator_code and c.period_start = v.period_start and c.period_end = v.period_end and c.basis = v.basis and c.unit = v.unit
    order by array_position([${list}], v.indicator_code), v.period_end, v.basis, rank, v.zone_code`);
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
