-- Compound annual growth (年均增速) between any two years with annual values:
-- (V_t / V_0)^(1/(t − t0)) − 1, for entities and scopes; nominal (current prices).
-- Withheld across a series break and when a scope's total is partial in either year.
with annual as (
    select entity_code, entity_name, entity_kind, indicator_code, year, unit, value, false as is_partial from {{ ref('int_values_annual') }}
    where entity_kind <> 'scope'
    union all
    select v.scope_code, s.scope_name, 'scope', v.indicator_code, v.year, v.unit, v.value, v.is_partial
    from {{ ref('int_scope_values') }} v
    join {{ ref('stg_scopes') }} s using (scope_code)
    where v.is_preferred and (v.grain = 'year' or (v.basis = 'ytd' and v.end_month = 12))
    qualify row_number() over (partition by v.scope_code, v.indicator_code, v.year, v.unit order by v.grain = 'year' desc) = 1
)
select
    a.entity_code, a.entity_name, a.entity_kind, a.indicator_code, a.unit,
    a.year as from_year, b.year as to_year,
    a.value as from_value, b.value as to_value,
    -- Not computed across a series break (int_series_breaks).
    case when a.value > 0 and b.value > 0 and brk.note is null and not a.is_partial and not b.is_partial
         then pow(b.value / a.value, 1.0 / (b.year - a.year)) - 1 end as cagr,
    brk.note as break_note,
    -- A scope total with zones missing in either year: the rate is withheld, not computed on unlike totals.
    a.is_partial or b.is_partial as is_partial
from annual a
join annual b
  on b.entity_code = a.entity_code and b.indicator_code = a.indicator_code and b.unit = a.unit and b.year > a.year
left join (
    select entity_code, indicator_code, year, string_agg(note, '；' order by year) over (partition by entity_code, indicator_code, year) as note
    from {{ ref('int_series_breaks') }}
) brk on brk.entity_code = a.entity_code and brk.indicator_code = a.indicator_code and brk.year > a.year and brk.year <= b.year
qualify row_number() over (partition by a.entity_code, a.indicator_code, a.unit, a.year, b.year order by brk.year) = 1
