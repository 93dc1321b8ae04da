-- Year-on-year growth on the same basis (same period, same basis, same unit, one
-- year earlier), for entities and for scopes. Computed from nominal levels: it is
-- not the published comparable-price growth, and says so.
with series as (
    select entity_code, entity_name, entity_kind, indicator_code, period_start, period_end, period_label, basis, unit, value, is_synthetic
    from {{ ref('int_observations_comparable') }}
    where entity_kind <> 'scope'
    union all
    select v.scope_code, s.scope_name, 'scope', v.indicator_code, v.period_start, v.period_end, v.period_label, v.basis, v.unit, v.value, v.is_synthetic
    from {{ ref('int_scope_values') }} v
    join {{ ref('stg_scopes') }} s using (scope_code)
    where v.is_preferred
)
select
    c.entity_code,
    c.entity_name,
    c.entity_kind,
    c.indicator_code,
    c.period_start,
    c.period_end,
    c.period_label,
    year(c.period_end) as year,
    c.basis,
    c.unit,
    c.value,
    p.value as previous_value,
    p.period_label as previous_period_label,
    -- Not computed across a series break (int_series_breaks): the two values are not comparable.
    case when b.entity_code is null then c.value / nullif(p.value, 0) - 1 end as yoy_growth,
    'nominal' as growth_kind,
    c.is_synthetic or coalesce(p.is_synthetic, false) as is_synthetic,
    b.note as break_note
from series c
left join series p
  on p.entity_code = c.entity_code
 and p.indicator_code = c.indicator_code
 and p.basis = c.basis
 and p.unit = c.unit
 and p.period_start = c.period_start - interval 1 year
 and p.period_end = last_day(c.period_end - interval 1 year)
left join {{ ref('int_series_breaks') }} b
  on p.value is not null and b.entity_code = c.entity_code and b.indicator_code = c.indicator_code
 and b.year > year(p.period_end) and b.year <= year(c.period_end)
