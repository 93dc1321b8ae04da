{{ config(materialized="view") }}
-- Single quarters of flow indicators. Reported 当季 values are used as they are;
-- otherwise a quarter is the difference of consecutive year-to-date figures of the
-- same year (Q1 = 1-3月). A quarter whose previous YTD figure is missing is not
-- derived. Both are kept when both exist, with the difference flagged.
-- A view (issue #24): no model or page reads it, so a build does not write its rows (it was an incremental table,
-- 0.5 s of every province build); a reader computes them when it asks.
with ytd as (
    select
        entity_code, entity_name, entity_kind, indicator_code, year, end_month, unit, value, vintage, is_synthetic, source_file,
        lag(value) over w as previous_value,
        lag(end_month) over w as previous_month
    from {{ ref('int_observations_canonical') }}
    where (indicator_kind = 'flow' or indicator_kind is null)
      and basis = 'ytd' and end_month in (3, 6, 9, 12) and grain <> 'year'
    window w as (partition by entity_code, indicator_code, unit, year order by end_month)
),
derived as (
    select
        entity_code, entity_name, entity_kind, indicator_code, year, end_month // 3 as quarter, unit,
        case when end_month = 3 then value when previous_month = end_month - 3 then value - previous_value end as value,
        vintage, is_synthetic, source_file
    from ytd
),
reported as (
    select
        entity_code, entity_name, entity_kind, indicator_code, year, end_month // 3 as quarter, unit, value, vintage, is_synthetic, source_file
    from {{ ref('int_observations_canonical') }}
    where (indicator_kind = 'flow' or indicator_kind is null)
      and basis = 'period' and grain = 'quarter'
)
select
    coalesce(r.entity_code, d.entity_code) as entity_code,
    coalesce(r.entity_name, d.entity_name) as entity_name,
    coalesce(r.entity_kind, d.entity_kind) as entity_kind,
    coalesce(r.indicator_code, d.indicator_code) as indicator_code,
    coalesce(r.year, d.year) as year,
    coalesce(r.quarter, d.quarter) as quarter,
    coalesce(r.year, d.year) || 'Q' || coalesce(r.quarter, d.quarter) as quarter_label,
    coalesce(r.unit, d.unit) as unit,
    coalesce(r.value, d.value) as value,
    case when r.value is not null then 'reported' else 'derived_from_ytd' end as method,
    r.value as reported_value,
    d.value as derived_value,
    r.value is not null and d.value is not null and abs(r.value - d.value) > 0.005 * greatest(abs(r.value), 1e-9) as reported_and_derived_differ,
    coalesce(r.vintage, d.vintage) as vintage,
    coalesce(r.is_synthetic, d.is_synthetic) as is_synthetic
from reported r
full outer join (select * from derived where value is not null) d
  on r.entity_code = d.entity_code and r.indicator_code = d.indicator_code and r.year = d.year
 and r.quarter = d.quarter and r.unit = d.unit
