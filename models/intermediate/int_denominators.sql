-- Province and city totals a share divides by, one row per data vintage, in the
-- indicator's canonical unit (exchange rate applied where the currency differs).
with v as (
    select o.*, i.unit as canonical_unit
    from {{ ref('stg_observation_vintages') }} o
    join {{ ref('stg_indicators') }} i using (indicator_code)
    where o.measure = 'value' and o.entity_kind in ('country', 'province', 'city', 'region')
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
    v.vintage = max(v.vintage) over (partition by v.entity_code, v.indicator_code, v.period_start, v.period_end, v.basis) as is_latest_vintage,
    v.source_file,
    v.source_line,
    v.is_synthetic
from v
left join {{ ref('stg_exchange_rates') }} fx on fx.year = year(v.period_end) and fx.currency = 'USD'
where v.unit = v.canonical_unit
   or (v.unit in ('亿元', '亿美元') and v.canonical_unit in ('亿元', '亿美元') and fx.cny_per_unit is not null)
