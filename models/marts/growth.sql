{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years union select year + 1 from ingest.changed_years){% endif %}"
) }}
-- Year-on-year growth on the same basis (same period, same basis, same unit, one
-- year earlier), for entities and for scopes. Computed from nominal levels: it is
-- not the published comparable-price growth, and says so (growth_kind = nominal).
-- A scope summed from its zones is compared like for like (可比口径): the sum over
-- the zones that reported in both periods, so a zone missing in one period neither
-- inflates nor deflates the rate; zones_compared says how many. A scope's reported
-- aggregate is compared as reported, and withheld when either period is partial.
-- Not computed across a series break (int_series_breaks).
-- A zone value held for 核实 (int_held_values: an open 审核 flag of a holding rule) in either period is
-- left out of the like-for-like pair as a zone not reporting is (reader-qa problems 2-3: a ×10 value
-- left out of 数值 but summed into 同比 gave +88.5% for a true +4.8%); zones_held_for_check counts the
-- zones so left out, and the row is partial (int_scope_values marks the held period's sum so). A held
-- zone's own 同比 is withheld (null), its zones_held_for_check 1.
-- Incremental (issue #24): a year's growth reads that year and the one before, so a changed year
-- recomputes itself and the next (series breaks between them included), reading only the values of
-- the year before it to the year after (reading every year made the incremental build cost a full one).
{% set nearby_years %}(select year - 1 from {{ source('ingest', 'changed_years') }} union select year from {{ source('ingest', 'changed_years') }} union select year + 1 from {{ source('ingest', 'changed_years') }}){% endset %}
with held as (
    select entity_code, indicator_code, period_end from {{ ref('int_held_values') }}
),
series as not materialized (
    -- Entities' values and scopes' preferred values, each with the period a year earlier. Not materialized (issue #24):
    -- read twice (the value and its previous one), each read takes only its columns from int_observations_canonical,
    -- cheaper than writing 772k wide rows once and reading them back (province CPU ~3.7 → 3.4 s, same rows). The like-for-like sums
    -- are joined after the pairing (below), so the entities' pairs are made once: the zones' like-for-like pairs
    -- are those pairs (issue #24: pairing the zones apart repeated the largest join of this model).
    select o.entity_code, o.entity_name, o.entity_kind, o.indicator_code, o.period_start, o.period_end, o.period_label, o.basis, o.unit, o.value, o.is_synthetic,
           'reported' as method, false as is_partial,
           (o.period_start - interval 1 year)::date as previous_start, last_day(o.period_end - interval 1 year) as previous_end,
           o.entity_kind = 'zone' and h.entity_code is not null as is_held_for_check,
           o.summable, year(o.period_end) as year
    from {{ ref('int_observations_comparable') }} o
    left join held h on h.entity_code = o.entity_code and h.indicator_code = o.indicator_code and h.period_end = o.period_end
    where o.entity_kind <> 'scope'
    {% if is_incremental() %}and o.year in {{ nearby_years }}{% endif %}
    union all
    select v.scope_code, s.scope_name, 'scope', v.indicator_code, v.period_start, v.period_end, v.period_label, v.basis, v.unit, v.value, v.is_synthetic,
           v.method, v.is_partial,
           (v.period_start - interval 1 year)::date, last_day(v.period_end - interval 1 year),
           false, false, year(v.period_end)
    from {{ ref('int_scope_values') }} v
    join {{ ref('stg_scopes') }} s using (scope_code)
    where v.is_preferred
    {% if is_incremental() %}and v.year in {{ nearby_years }}{% endif %}
),
paired as materialized (
    -- Each value with its value a year earlier (same entity, indicator, basis, unit; the period a year earlier).
    select c.*,
           p.value as previous_value, p.period_label as previous_period_label, p.is_partial as previous_is_partial,
           p.is_synthetic as previous_is_synthetic, p.is_held_for_check as previous_is_held_for_check,
           -- The pair is a zone's like-for-like pair when both are a summable zone's values (as reported, not a scope's).
           c.entity_kind = 'zone' and c.method = 'reported' and c.summable
               and p.entity_kind = 'zone' and p.method = 'reported' and p.summable as is_zone_pair
    from series c
    left join series p
      on p.entity_code = c.entity_code
     and p.indicator_code = c.indicator_code
     and p.basis = c.basis
     and p.unit = c.unit
     and p.period_start = c.previous_start
     and p.period_end = c.previous_end
    {% if is_incremental() %}where c.year in (select year from {{ source('ingest', 'changed_years') }} union select year + 1 from {{ source('ingest', 'changed_years') }}){% endif %}
),
set_scopes as (
    select set_no, unnest(scopes) as scope_code from (select distinct set_no, scopes from {{ ref('int_scope_member_sets') }})
),
broken_pairs as (
    -- The zone pairs with a series break of their own between the two years (a handful), by a join on the small breaks
    -- table and then met on equal keys: as an EXISTS per pair, DuckDB grouped the 637k pairs' keys first (~0.6 s of
    -- this model's 2.4 s at province, EXPLAIN ANALYZE; issue #24). Any unit's break counts, as before.
    select distinct c.entity_code, c.indicator_code, c.previous_end, c.year
    from paired c
    join {{ ref('int_series_breaks') }} b on b.entity_code = c.entity_code and b.indicator_code = c.indicator_code
    where c.is_zone_pair and b.year > year(c.previous_end) and b.year <= c.year
),
set_pairs as (
    -- The zones' pairs summed per list of scopes the zone is in this year first (int_scope_member_sets: 23 lists
    -- for 300 zones at province scale), then per scope: exact sums, so the same figures (issue #24).
    select ms.set_no, c.indicator_code, c.period_start, c.period_end, c.basis, c.unit,
           -- A pair with a held value is counted, not compared (as int_scope_values counts a held value, not sums it).
           sum(c.value::decimal(38, 10)) filter (where not (c.is_held_for_check or c.previous_is_held_for_check or c.is_broken)) as value_compared,
           sum(c.previous_value::decimal(38, 10)) filter (where not (c.is_held_for_check or c.previous_is_held_for_check or c.is_broken)) as previous_compared,
           count(*) filter (where not (c.is_held_for_check or c.previous_is_held_for_check or c.is_broken)) as zones_compared,
           count(*) filter (where c.is_held_for_check or c.previous_is_held_for_check) as zones_held_for_check,
           count(*) filter (where c.is_broken and not (c.is_held_for_check or c.previous_is_held_for_check)) as zones_series_break
    from (
        -- A zone whose own series breaks between the two years is no part of the scope's like-for-like pair: its two
        -- values are not one measure (a 口径调整 zone 100 → 300 made its region's +5.0% read +70.0%).
        select c.*, bp.entity_code is not null as is_broken
        from paired c
        left join broken_pairs bp
          on bp.entity_code = c.entity_code and bp.indicator_code = c.indicator_code and bp.previous_end = c.previous_end and bp.year = c.year
        where c.is_zone_pair
    ) c
    join {{ ref('int_scope_member_sets') }} ms on ms.zone_code = c.entity_code and ms.year = c.year
    group by ms.set_no, c.indicator_code, c.period_start, c.period_end, c.basis, c.unit
),
like_for_like as (
    -- Per scope and period: the current and previous sums over zones in the scope (this year) with both values.
    select s.scope_code, t.indicator_code, t.period_start, t.period_end, t.basis, t.unit,
           -- Exact (DECIMAL) sums: the same whichever order they are added in (int_scope_values).
           sum(t.value_compared)::double as value_compared, sum(t.previous_compared)::double as previous_compared,
           sum(t.zones_compared)::bigint as zones_compared, sum(t.zones_held_for_check)::bigint as zones_held_for_check,
           sum(t.zones_series_break)::bigint as zones_series_break
    from set_pairs t
    join set_scopes s using (set_no)
    group by s.scope_code, t.indicator_code, t.period_start, t.period_end, t.basis, t.unit
),
compared as (
    -- The like-for-like sums joined to the scopes' summed rows only (joined to every row, entities' included, the
    -- join cost as much as the sums: issue #24). A scope's key has one like_for_like row at most.
    select c.*, null::double as value_compared, null::double as previous_compared, null::bigint as zones_compared,
           null::bigint as zones_held_for_check, null::bigint as zones_series_break
    from paired c
    where c.method <> 'sum_of_zones'
    union all
    select c.*, l.value_compared, l.previous_compared, l.zones_compared, l.zones_held_for_check, l.zones_series_break
    from paired c
    left join like_for_like l
      on l.scope_code = c.entity_code and l.indicator_code = c.indicator_code
     and l.period_start = c.period_start and l.period_end = c.period_end and l.basis = c.basis and l.unit = c.unit
    where c.method = 'sum_of_zones'
)
select
    c.entity_code,
    c.entity_name,
    c.entity_kind,
    c.indicator_code,
    c.period_start,
    c.period_end,
    c.period_label,
    c.year,
    c.basis,
    c.unit,
    c.value,
    c.previous_value,
    c.previous_period_label,
    case
        when b.entity_code is not null then null
        when c.is_held_for_check or coalesce(c.previous_is_held_for_check, false) then null
        when c.method = 'sum_of_zones' then c.value_compared / nullif(c.previous_compared, 0) - 1
        when c.is_partial or coalesce(c.previous_is_partial, false) then null
        else c.value / nullif(c.previous_value, 0) - 1
    end as yoy_growth,
    'nominal' as growth_kind,
    c.is_synthetic or coalesce(c.previous_is_synthetic, false) as is_synthetic,
    b.note as break_note,
    case when c.method = 'sum_of_zones' then 'like_for_like' else 'as_reported' end as comparison_basis,
    case when c.method = 'sum_of_zones' then c.zones_compared end as zones_compared,
    c.is_partial or coalesce(c.previous_is_partial, false) as is_partial,
    -- Appended (reader-qa problem 2): zones left out of a like-for-like 同比 for 核实; 1 on a held zone's own row.
    case
        when c.method = 'sum_of_zones' then coalesce(c.zones_held_for_check, 0)
        when c.entity_kind = 'zone' then (c.is_held_for_check or coalesce(c.previous_is_held_for_check, false))::integer
    end::bigint as zones_held_for_check,
    -- Appended: zones of a like-for-like 同比 left out for a series break of their own between the two years.
    case when c.method = 'sum_of_zones' then coalesce(c.zones_series_break, 0) end::bigint as zones_series_break,
    -- Appended (reader-qa7 F6): the two sums a like-for-like rate divides, so the file's reader can check it (value and
    -- previous_value are the totals as summed, over every zone reporting in each period).
    case when c.method = 'sum_of_zones' then c.value_compared end as value_compared,
    case when c.method = 'sum_of_zones' then c.previous_compared end as previous_compared
from compared c
left join {{ ref('int_series_breaks') }} b
  on c.previous_value is not null and b.entity_code = c.entity_code and b.indicator_code = c.indicator_code
 and b.year > year(c.previous_end) and b.year <= c.year
-- Written in year order (issue #24): an incremental build deletes a year's rows from one row group, not from every
-- one (a delete spread over every row group made the commit's checkpoint rewrite the table: growth 2.1 s → 0.26 s).
order by year
