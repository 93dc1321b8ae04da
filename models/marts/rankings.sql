-- Zones ranked per indicator and year within their level (国家级 / 省级), highest
-- first, and the bottom-N warnings of document 000 五（六）: the last national zone
-- and the last 5 provincial zones.
with ranked as (
    select
        a.entity_code as zone_code,
        a.entity_name as zone_name,
        m.level,
        m.city_code,
        a.indicator_code,
        a.year,
        a.value,
        a.unit,
        rank() over (partition by a.indicator_code, a.year, m.level order by a.value desc) as rank_in_level,
        count(*) over (partition by a.indicator_code, a.year, m.level) as zones_ranked,
        a.is_synthetic
    from {{ ref('int_values_annual') }} a
    join {{ ref('int_scope_members') }} m on m.zone_code = a.entity_code and m.year = a.year and m.scope_code = '{{ var("headline_scope") }}'
)
select
    *,
    zones_ranked - rank_in_level + 1 as rank_from_bottom,
    case when level = '国家级' then zones_ranked - rank_in_level + 1 <= 1 else zones_ranked - rank_in_level + 1 <= 5 end as is_bottom_warning
from ranked
