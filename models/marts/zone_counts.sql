-- Zones per city (provincial-and-above ED zones, from the zone register as of each
-- year) against document 000 专栏5, and zones whose 工业总产值 reaches 1000 亿元.
with per_city as (
    select m.city_code, m.year, count(*) as zones, count(*) filter (where m.level = '国家级') as national_zones
    from {{ ref('int_scope_members') }} m
    where m.scope_code = '{{ var("headline_scope") }}'
    group by all
),
targets as (
    select replace(replace(scope_code, 'C', ''), '_ED', '') as city_code, base_value as zones_2016_document, target_value as zones_target, target_year, target_id, clause
    from {{ ref('stg_targets') }}
    where kind = 'count_per_city'
),
big as (
    select m.city_code, a.year, count(*) filter (where a.value >= 1000) as zones_over_1000_yi
    from {{ ref('int_scope_members') }} m
    join {{ ref('int_values_annual') }} a on a.entity_code = m.zone_code and a.year = m.year and a.indicator_code = 'industrial_output'
    where m.scope_code = '{{ var("headline_scope") }}'
    group by all
)
select
    c.city_code,
    r.entity_name as city_name,
    c.year,
    c.zones,
    c.national_zones,
    t.zones_2016_document,
    t.zones_target,
    t.target_year,
    c.zones - t.zones_target as gap_to_target,
    t.target_id,
    t.clause,
    b.zones_over_1000_yi
from per_city c
left join {{ ref('stg_regions') }} r on r.entity_code = c.city_code
left join targets t on t.city_code = c.city_code
left join big b on b.city_code = c.city_code and b.year = c.year
