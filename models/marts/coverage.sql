{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years) or exists (select 1 from {{ this }} where is_lateness_judged <> (period_end + interval 45 day >= (select min(loaded_at) from ingest.files))){% endif %}"
) }}
-- Which zone reported which core indicator for which period: one row per active
-- zone × core indicator × period seen in any zone report, with the value (if any),
-- its file, and whether it arrived late (loaded more than 45 days after the period).
-- A year's 年 value and its 1-12月 累计 are one figure (2024年): one row, basis 'period', reported when either form
-- is (stat-qa5 F6: with both a 「2024年」 and a 1-12月 file loaded, every unreported zone was 未报送 twice and the
-- 年度分析 listed 地区生产总值、地区生产总值). Its value is the form not held for 核实, the 年 first (as
-- int_observations_canonical chooses); reported_basis says which; lateness goes by the form that arrived first.
-- Collection schedule: zones report the quarterly year-to-date periods (1-3/1-6/1-9/1-12月)
-- and the year; any other period (a single 2025年6月 or 第二季度 file) is kept but not
-- expected of every zone (is_expected_period). Lateness is judged only for periods due on
-- or after the project's first load: files of earlier periods are backfill, not late reports.
-- Incremental (issue #24): a period's rows read that period's values and that year's members, and the
-- first load; the pre-hook deletes the changed years, and every year if an earlier first load would
-- judge lateness differently; the years left without rows are recomputed. The years are listed once and met with
-- their range first: as an OR of two subqueries, or a bare IN, DuckDB hashed every year's 684k values to keep one
-- year's (EXPLAIN ANALYZE CPU 0.92 → 0.13–0.21 s, issue #24).
{% set recomputed_years -%}
and year between (select min(year) from recomputed_years) and (select max(year) from recomputed_years) and year in (select year from recomputed_years)
{%- endset %}
with
{% if is_incremental() -%}
recomputed_years as materialized (
    select year from {{ source('ingest', 'changed_years') }}
    union (select distinct year from {{ ref('stg_observations') }} except select distinct year from {{ this }})
),
{%- endif %}
core as (
    -- The core indicators: the bureau's usual six and the flows and stocks the project's targets name.
    select unnest(['gdp', 'fiscal_revenue', 'fixed_asset_investment', 'exports', 'fdi', 'industrial_output']) as indicator_code
    union
    select t.indicator_code
    from {{ ref('stg_targets') }} t
    join {{ ref('stg_indicators') }} i using (indicator_code)
    where i.kind in ('flow', 'stock')
),
collected as (
    -- A core indicator is expected of every zone for a period only when some zone reported it for that
    -- period: the collection asked for it (a province whose reports never carry 固定资产投资 is not told
    -- every zone failed to report it; one whose plan targets 工业增加值 is told who did not).
    select distinct indicator_code, period_start, period_end, {{ year_form_key('basis', 'period_start', 'period_end') }} as basis
    from {{ ref('stg_observations') }}
    where entity_kind = 'zone' and measure = 'value' and indicator_code in (select indicator_code from core)
    {% if is_incremental() %}{{ recomputed_years }}{% endif %}
),
periods as (
    -- 1-12月 累计 is labelled as the year (2023年), as growth and shares label it.
    select distinct period_start, period_end,
           {{ full_year_period_label('period_label', 'period_end', "basis = 'ytd' and month(period_start) = 1 and month(period_end) = 12") }} as period_label,
           {{ year_form_key('basis', 'period_start', 'period_end') }} as basis, year,
           period_start = make_date(year, 1, 1) and period_end = last_day(period_end)
           and ((basis = 'ytd' and month(period_end) in (3, 6, 9, 12)) or (basis = 'period' and month(period_end) = 12))
               as is_expected_period,
           period_end + interval 45 day as due_date
    from {{ ref('stg_observations') }}
    where entity_kind = 'zone' and measure = 'value' and basis in ('ytd', 'period')
    {% if is_incremental() %}{{ recomputed_years }}{% endif %}
),
first_load as (
    select min(loaded_at) as first_loaded_at from {{ source('ingest', 'files') }}
),
expected as (
    select m.zone_code, z.zone_name, m.level, m.city_code, c.indicator_code, p.*
    from periods p
    join {{ ref('int_scope_members') }} m on m.year = p.year and m.scope_code = '{{ var("headline_scope") }}'
    join {{ ref('stg_zones') }} z on z.zone_code = m.zone_code
    join collected c on c.period_start = p.period_start and c.period_end = p.period_end and c.basis = p.basis
)
select
    e.zone_code,
    e.zone_name,
    e.level,
    e.city_code,
    e.indicator_code,
    e.period_start,
    e.period_end,
    e.period_label,
    e.basis,
    e.year,
    o.chosen.value as value,
    o.chosen.unit as unit,
    o.chosen.source_file as source_file,
    -- The form reported (a year's 1-12月 累计 is 'ytd' under basis 'period'); null when not reported.
    o.chosen.basis as reported_basis,
    o.chosen.vintage as vintage,
    o.chosen.value is not null as reported,
    o.loaded_at is not null and o.loaded_at > e.due_date and e.due_date >= fl.first_loaded_at and e.is_expected_period as is_late,
    e.is_expected_period,
    e.due_date >= fl.first_loaded_at as is_lateness_judged
from expected e
cross join first_load fl
left join (
    -- One value per key: of a year's two forms the one not held, the 年 first; the earliest load of either for lateness.
    -- An aggregate (`pick` orders a key's two forms, never equal): as two windows over every value, DuckDB sorted all
    -- 530k where most keys hold one row (1.06 of this model's 1.08 s at province, EXPLAIN ANALYZE; issue #24).
    select entity_code, indicator_code, period_start, period_end, key_basis, min(loaded_at) as loaded_at,
           arg_min({'value': value, 'unit': unit, 'source_file': source_file, 'basis': basis, 'vintage': vintage}, pick) as chosen
    from (
        select o.*, (h.entity_code is not null)::integer * 2 + (o.basis <> o.key_basis)::integer as pick
        from (
            select *, {{ year_form_key('basis', 'period_start', 'period_end') }} as key_basis
            from {{ ref('stg_observations') }}
            -- Only zones' values of core indicators can match (expected's come from core): the join's hash table holds
            -- those alone (issue #24). A period's values lie in its year: the years recomputed are the only ones to read.
            where entity_kind = 'zone' and indicator_code in (select indicator_code from core) and measure = 'value'
            {% if is_incremental() %}{{ recomputed_years }}{% endif %}
        ) o
        left join {{ ref('int_held_observations') }} h
          on h.entity_code = o.entity_code and h.indicator_code = o.indicator_code and h.period_start = o.period_start
         and h.period_end = o.period_end and h.basis = o.basis
    )
    group by entity_code, indicator_code, period_start, period_end, key_basis
) o
  on o.entity_code = e.zone_code and o.indicator_code = e.indicator_code
 and o.period_start = e.period_start and o.period_end = e.period_end and o.key_basis = e.basis
-- Written in year order (issue #24): an incremental build deletes a year's rows from one row group, not from every
-- one (a delete spread over every row group made the commit's checkpoint rewrite the table: growth 2.1 s → 0.26 s).
order by e.year
