-- Compound annual growth (年均增速) between any two years with annual values:
-- (V_t / V_0)^(1/(t − t0)) − 1, for entities and scopes; nominal (current prices).
-- A scope summed from its zones is compared like for like (可比口径): over the zones
-- in the scope in the later year with values in both years (zones_compared). Withheld
-- across a series break (int_series_breaks).
with annual as (
    select entity_code, entity_name, entity_kind, indicator_code, year, unit, value, 'reported' as method, false as is_partial
    from {{ ref('int_values_annual') }}
    where entity_kind <> 'scope'
    union all
    select v.scope_code, s.scope_name, 'scope', v.indicator_code, v.year, v.unit, v.value, v.method, v.is_partial
    from {{ ref('int_scope_values') }} v
    join {{ ref('stg_scopes') }} s using (scope_code)
    where v.is_preferred and (v.grain = 'year' or (v.basis = 'ytd' and v.end_month = 12))
    qualify row_number() over (partition by v.scope_code, v.indicator_code, v.year, v.unit order by v.grain = 'year' desc) = 1
),
zone_annual as (
    select a.entity_code, a.indicator_code, a.unit, a.year, a.value
    from {{ ref('int_values_annual') }} a
    join {{ ref('stg_indicators') }} i using (indicator_code)
    where a.entity_kind = 'zone' and i.summable
),
like_for_like as (
    select m.scope_code, zb.indicator_code, zb.unit, za.year as from_year, zb.year as to_year,
           sum(za.value) as from_compared, sum(zb.value) as to_compared, count(*) as zones_compared
    from zone_annual zb
    join {{ ref('int_scope_members') }} m on m.zone_code = zb.entity_code and m.year = zb.year
    join zone_annual za on za.entity_code = zb.entity_code and za.indicator_code = zb.indicator_code and za.unit = zb.unit and za.year < zb.year
    group by all
)
select
    a.entity_code, a.entity_name, a.entity_kind, a.indicator_code, a.unit,
    a.year as from_year, b.year as to_year,
    a.value as from_value, b.value as to_value,
    case
        when brk.note is not null then null
        when a.method = 'sum_of_zones' and b.method = 'sum_of_zones' then
            case when l.from_compared > 0 and l.to_compared > 0 then pow(l.to_compared / l.from_compared, 1.0 / (b.year - a.year)) - 1 end
        when a.is_partial or b.is_partial then null
        when a.value > 0 and b.value > 0 then pow(b.value / a.value, 1.0 / (b.year - a.year)) - 1
    end as cagr,
    brk.note as break_note,
    case when a.method = 'sum_of_zones' and b.method = 'sum_of_zones' then 'like_for_like' else 'as_reported' end as comparison_basis,
    l.zones_compared,
    a.is_partial or b.is_partial as is_partial
from annual a
join annual b
  on b.entity_code = a.entity_code and b.indicator_code = a.indicator_code and b.unit = a.unit and b.year > a.year
left join like_for_like l
  on l.scope_code = a.entity_code and l.indicator_code = a.indicator_code and l.unit = a.unit and l.from_year = a.year and l.to_year = b.year
left join {{ ref('int_series_breaks') }} brk
  on brk.entity_code = a.entity_code and brk.indicator_code = a.indicator_code and brk.year > a.year and brk.year <= b.year
qualify row_number() over (partition by a.entity_code, a.indicator_code, a.unit, a.year, b.year order by brk.year) = 1
