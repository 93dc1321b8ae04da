-- Province and city totals a share divides by, one row per data vintage, in the
-- indicator's canonical unit (exchange rate applied where the currency differs).
with raw as (
    select o.*, i.unit as canonical_unit,
           i.kind = 'flow' and o.basis = 'ytd' and month(o.period_end) = 12 and month(o.period_start) = 1 as is_full_year_ytd
    from {{ ref('stg_observation_vintages') }} o
    join {{ ref('stg_indicators') }} i using (indicator_code)
    where o.measure = 'value' and o.entity_kind in ('country', 'province', 'city', 'county', 'region')
),
v as (
    -- A 1-12月 figure is the year's value (see int_observations_comparable); annual wins when both exist.
    select * exclude (basis, period_label, rn),
        case when is_full_year_ytd then 'period' else basis end as basis,
        {{ full_year_period_label('period_label', 'period_end', 'is_full_year_ytd') }} as period_label
    from (
        select *, row_number() over (
            partition by entity_code, indicator_code, period_start, period_end, vintage,
                         case when is_full_year_ytd then 'period' else basis end
            order by is_full_year_ytd) as rn
        from raw
    )
    where rn = 1
)
select
    v.entity_code, v.entity_name, v.indicator_code, v.period_start, v.period_end, v.period_label, v.basis,
    case
        when v.unit = v.canonical_unit then v.value
        when v.unit = '亿元' and v.canonical_unit = '亿美元' then v.value / fx.cny_per_unit
        when v.unit = '亿美元' and v.canonical_unit = '亿元' then v.value * fx.cny_per_unit
    end as value,
    v.canonical_unit as unit,
    v.vintage,
    v.vintage_source,
    v.vintage = max(v.vintage) over (partition by v.entity_code, v.indicator_code, v.period_start, v.period_end, v.basis) as is_latest_vintage,
    v.source_file,
    v.source_line,
    v.is_synthetic
from v
left join {{ ref('stg_exchange_rates') }} fx on fx.year = year(v.period_end) and fx.currency = 'USD'
where v.unit = v.canonical_unit
   or (v.unit in ('亿元', '亿美元') and v.canonical_unit in ('亿元', '亿美元') and fx.cny_per_unit is not null)
