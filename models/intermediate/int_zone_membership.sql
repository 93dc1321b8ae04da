-- Each zone's level, type and status as of the end of each year, so a scope such as
-- 全省省级以上经济开发区 is evaluated as it stood then. A zone without history rows
-- has its current level in every year (membership_basis = assumed, shown as such on
-- the pages); with history, only the years a row covers (recorded).
-- A row covers the year's end when valid_from ≤ 12-31 and valid_to ≥ 12-31: valid_to is the last day the row holds, so
-- 2023-12-31 keeps the zone in 2023 (stat-qa10 F2: read as exclusive, it dropped the zone's 2023 values from every 2023
-- total, which still read 完整); the next row's valid_from (2024-01-01) works the same. A zone counts for the whole
-- year it is a member at the end of: data_quality says so where its register entry starts or ends within a year.
with covering as (
    select
        h.zone_code,
        y.year,
        h.level,
        h.status,
        row_number() over (partition by h.zone_code, y.year order by h.valid_from desc nulls last) as rn
    from {{ ref('stg_zone_history') }} h
    join {{ ref('int_years') }} y
      on coalesce(h.valid_from, date '1900-01-01') <= make_date(y.year, 12, 31)
     and (h.valid_to is null or h.valid_to >= make_date(y.year, 12, 31))
),
with_history as (
    select distinct zone_code from {{ ref('stg_zone_history') }}
)
select
    z.zone_code,
    z.zone_name,
    y.year,
    z.zone_type,
    z.city_code,
    case when wh.zone_code is null then z.current_level else c.level end as level,
    case when wh.zone_code is null then true else coalesce(c.status = 'active', false) end as is_active,
    -- No dated history (approval, upgrade, merger, revocation): today's level is assumed for every year.
    case when wh.zone_code is null then 'assumed' else 'recorded' end as membership_basis
from {{ ref('stg_zones') }} z
cross join {{ ref('int_years') }} y
left join with_history wh on wh.zone_code = z.zone_code
left join covering c on c.zone_code = z.zone_code and c.year = y.year and c.rn = 1
