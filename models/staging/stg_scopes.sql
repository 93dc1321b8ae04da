-- Named scopes: which zones, as of each year, and the total a share divides by.
select
    code as scope_code,
    name as scope_name,
    string_split(zone_types, '|') as zone_types,
    string_split(levels, '|') as levels,
    jurisdiction_code,
    nullif(city_code, '') as city_code,
    nullif(region_code, '') as region_code,
    nullif(denominator_code, '') as denominator_code,
    document,
    note
from {{ ref('scopes') }}
