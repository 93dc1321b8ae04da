-- Land metrics per zone and per scope at each period end, computed from area
-- components (TD/T 1029 definitions; see the YAML), beside any published rate.
-- A published rate that differs from the computed one by more than 0.5 points is flagged.
with zone_levels as (
    select entity_code, entity_name, entity_kind, period_end, year, indicator_code, value, is_synthetic
    from {{ ref('int_observations_canonical') }}
    where basis = 'level' and entity_kind in ('zone', 'scope', 'city', 'province')
),
scope_levels as (
    select v.scope_code as entity_code, s.scope_name as entity_name, 'scope' as entity_kind, v.period_end, v.year, v.indicator_code, v.value, v.is_synthetic
    from {{ ref('int_scope_values') }} v
    join {{ ref('stg_scopes') }} s using (scope_code)
    where v.basis = 'level' and v.method = 'sum_of_zones'
      and v.indicator_code in ('planned_area', 'supply_ready_area', 'supplied_area', 'built_area')
),
levels as (
    select * from zone_levels
    union all
    select * from scope_levels
),
pivoted as (
    select
        entity_code, any_value(entity_name) as entity_name, any_value(entity_kind) as entity_kind, period_end, year,
        max(case when indicator_code = 'planned_area' then value end) as planned_area,
        max(case when indicator_code = 'supply_ready_area' then value end) as supply_ready_area,
        max(case when indicator_code = 'supplied_area' then value end) as supplied_area,
        max(case when indicator_code = 'built_area' then value end) as built_area,
        max(case when indicator_code = 'land_development_rate' then value end) as published_land_development_rate,
        max(case when indicator_code = 'land_use_rate' then value end) as published_land_use_rate,
        max(case when indicator_code = 'output_per_land' then value end) as published_output_per_land,
        bool_or(is_synthetic) as is_synthetic
    from levels
    group by entity_code, period_end, year
),
output as (
    select entity_code, year, value as gdp from {{ ref('int_values_annual') }} where indicator_code = 'gdp' and entity_kind <> 'scope'
    union all
    select scope_code, year, value from (
        select scope_code, year, value,
               row_number() over (partition by scope_code, year order by case method when 'reported_aggregate' then 0 else 1 end, grain = 'year' desc) as rn
        from {{ ref('int_scope_values') }}
        where indicator_code = 'gdp' and ((grain = 'year') or (basis = 'ytd' and end_month = 12))
    ) where rn = 1
),
computed as (
    select
        p.*,
        o.gdp as annual_gdp,
        100 * p.supply_ready_area / nullif(p.planned_area, 0) as land_development_rate,
        100 * p.supplied_area / nullif(p.supply_ready_area, 0) as land_supply_rate,
        100 * p.built_area / nullif(p.supplied_area, 0) as land_built_rate,
        100 * p.built_area / nullif(p.supply_ready_area, 0) as land_use_rate,
        o.gdp / nullif(p.supply_ready_area, 0) as output_per_land
    from pivoted p
    -- The year's output belongs to the year-end level only: the condition on p alone as a join key (in the ON clause
    -- DuckDB planned a nested-loop join, half this model's time at province scale, issue #24).
    left join output o on o.entity_code = p.entity_code and o.year = case when month(p.period_end) = 12 then p.year end
)
select
    *,
    coalesce(land_development_rate, published_land_development_rate) as land_development_rate_best,
    coalesce(land_use_rate, published_land_use_rate) as land_use_rate_best,
    coalesce(output_per_land, published_output_per_land) as output_per_land_best,
    abs(land_development_rate - published_land_development_rate) > 0.5 as development_rate_disagrees,
    abs(land_use_rate - published_land_use_rate) > 0.5 as use_rate_disagrees,
    supply_ready_area > planned_area as developed_exceeds_planned
from computed
