-- Which zones belong to each named scope in each year.
select
    s.scope_code,
    m.zone_code,
    m.year,
    m.level,
    m.city_code,
    m.membership_basis
from {{ ref('stg_scopes') }} s
join {{ ref('int_zone_membership') }} m
  on m.is_active
 and list_contains(s.zone_types, m.zone_type)
 and list_contains(s.levels, m.level)
 and left(m.city_code, 2) = left(s.jurisdiction_code, 2)
 and (s.city_code is null or m.city_code = s.city_code)
 and (s.region_code is null or m.city_code in (
        select r.city_code from {{ ref('stg_region_members') }} r where r.region_code = s.region_code))
