{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where to_year >= (select min(year) from ingest.changed_years) and from_year <= (select max(year) + 1 from ingest.changed_years){% endif %}"
) }}
-- Compound annual growth (年均增速) between any two years with annual values:
-- (V_t / V_0)^(1/(t − t0)) − 1, for entities and scopes; nominal (current prices).
-- A scope summed from its zones is compared like for like (可比口径): over the zones
-- in the scope in the later year with values in both years (zones_compared). Withheld
-- across a series break (int_series_breaks).
-- A zone's annual value held for 核实 (int_held_values, a 12月 period end) in either year is left out of
-- the like-for-like pair as a zone without a value is, and counted in zones_held_for_check (reader-qa
-- problem 1: a held ×10 一般公共预算收入 gave 410.6% and 符合进度); a held zone's own rate is withheld.
-- Incremental (issue #24): a changed year Y can change a pair ending in it or starting in it, and
-- through a series break at Y or Y + 1 any pair spanning them: every pair ending at or after the
-- first changed year and starting at or before the last changed year + 1 is recomputed.
with held as (
    -- A year's value is the 12月 one (int_values_annual): held when a flag stands on that period end (as rankings.sql).
    select distinct entity_code, indicator_code, year from {{ ref('int_held_values') }} where month(period_end) = 12
),
annual as (
    select a.entity_code, a.entity_name, a.entity_kind, a.indicator_code, a.year, a.unit, a.value, 'reported' as method, false as is_partial,
           a.entity_kind = 'zone' and h.entity_code is not null as is_held_for_check,
           -- A zone's value of a summable indicator: its pairs are the zones' like-for-like pairs (set_pairs).
           a.entity_kind = 'zone' and a.indicator_code in (select indicator_code from {{ ref('stg_indicators') }} where summable) as is_summable_zone
    from {{ ref('int_values_annual') }} a
    left join held h on h.entity_code = a.entity_code and h.indicator_code = a.indicator_code and h.year = a.year
    where a.entity_kind <> 'scope'
    union all
    select v.scope_code, s.scope_name, 'scope', v.indicator_code, v.year, v.unit, v.value, v.method, v.is_partial, false, false
    from {{ ref('int_scope_values') }} v
    join {{ ref('stg_scopes') }} s using (scope_code)
    where v.is_preferred and (v.grain = 'year' or (v.basis = 'ytd' and v.end_month = 12))
    qualify row_number() over (partition by v.scope_code, v.indicator_code, v.year, v.unit order by v.grain = 'year' desc) = 1
),
pairs as materialized (
    select a.entity_code, a.entity_name, a.entity_kind, a.indicator_code, a.unit, a.year as from_year, b.year as to_year,
           a.value as from_value, b.value as to_value, a.method as from_method, b.method as to_method,
           a.is_partial or b.is_partial as is_partial, a.is_held_for_check or b.is_held_for_check as is_held_for_check,
           -- Both years a summable zone's values (as reported, not a scope's): a like-for-like pair. Taken from these
           -- pairs, not paired again (pairing the zones apart repeated the largest join of this model, issue #24).
           a.is_summable_zone and a.method = 'reported' and b.is_summable_zone and b.method = 'reported' as is_zone_pair
    from annual a
    join annual b
      on b.entity_code = a.entity_code and b.indicator_code = a.indicator_code and b.unit = a.unit and b.year > a.year
    {% if is_incremental() %}where b.year >= (select min(year) from {{ source('ingest', 'changed_years') }}) and a.year <= (select max(year) + 1 from {{ source('ingest', 'changed_years') }}){% endif %}
),
set_scopes as (
    select set_no, unnest(scopes) as scope_code from (select distinct set_no, scopes from {{ ref('int_scope_member_sets') }})
),
first_break as materialized (
    -- The first series break between the two years, for the few pairs that span one (ranking every
    -- pair to find it was a third of this model's time at province scale, issue #24).
    select p.entity_code, p.indicator_code, p.unit, p.from_year, p.to_year, arg_min(brk.note, brk.year) as note
    from pairs p
    join {{ ref('int_series_breaks') }} brk
      on brk.entity_code = p.entity_code and brk.indicator_code = p.indicator_code and brk.year > p.from_year and brk.year <= p.to_year
    group by all
),
set_pairs as (
    -- Summed per list of scopes the zone is in (int_scope_member_sets) first, then per scope: exact sums,
    -- so the same figures; summing every zone once per scope was most of this model's time (issue #24).
    -- The zones in the lists of the later year (as the scope's members that year).
    -- A zone whose own series breaks between the two years (口径调整) is no part of the scope's like-for-like pair, as
    -- growth leaves it out: its two values are not one measure; zones_series_break counts it.
    select ms.set_no, p.indicator_code, p.unit, p.from_year, p.to_year,
           sum(p.from_value::decimal(38, 10)) filter (where not p.is_held_for_check and not p.is_broken) as from_compared,
           sum(p.to_value::decimal(38, 10)) filter (where not p.is_held_for_check and not p.is_broken) as to_compared,
           count(*) filter (where not p.is_held_for_check and not p.is_broken) as zones_compared,
           count(*) filter (where p.is_held_for_check) as zones_held_for_check,
           count(*) filter (where p.is_broken and not p.is_held_for_check) as zones_series_break
    from (
        -- first_break (above) holds the pairs a break falls between: met on equal keys (as an EXISTS per pair, DuckDB
        -- grouped the 797k pairs' keys first: ~0.6 s of this model's 2.0 s at province, EXPLAIN ANALYZE; issue #24).
        select p.*, fb.entity_code is not null as is_broken
        from pairs p
        left join first_break fb
          on fb.entity_code = p.entity_code and fb.indicator_code = p.indicator_code and fb.unit = p.unit
         and fb.from_year = p.from_year and fb.to_year = p.to_year
        where p.is_zone_pair
    ) p
    join {{ ref('int_scope_member_sets') }} ms on ms.zone_code = p.entity_code and ms.year = p.to_year
    group by ms.set_no, p.indicator_code, p.unit, p.from_year, p.to_year
),
like_for_like as (
    select s.scope_code, t.indicator_code, t.unit, t.from_year, t.to_year,
           -- Exact (DECIMAL) sums: the same whichever order they are added in (int_scope_values).
           sum(t.from_compared)::double as from_compared, sum(t.to_compared)::double as to_compared, sum(t.zones_compared)::bigint as zones_compared,
           sum(t.zones_held_for_check)::bigint as zones_held_for_check, sum(t.zones_series_break)::bigint as zones_series_break
    from set_pairs t
    join set_scopes s using (set_no)
    group by s.scope_code, t.indicator_code, t.unit, t.from_year, t.to_year
),
matched as (
    -- The like-for-like sums joined only to the pairs of a code they can match (a scope of
    -- int_scope_member_sets: 45k of the 669k pairs at province scale); every other pair has none. Joined to
    -- every pair, DuckDB built its hash table on the 669k pairs: a third of this model's time (issue #24).
    select p.*, l.from_compared, l.to_compared, l.zones_compared, l.zones_held_for_check, l.zones_series_break
    from pairs p
    semi join set_scopes s on s.scope_code = p.entity_code
    left join like_for_like l
      on l.scope_code = p.entity_code and l.indicator_code = p.indicator_code and l.unit = p.unit and l.from_year = p.from_year and l.to_year = p.to_year
    union all
    select p.*, null::double, null::double, null::bigint, null::bigint, null::bigint
    from pairs p
    anti join set_scopes s on s.scope_code = p.entity_code
)
select
    p.entity_code, p.entity_name, p.entity_kind, p.indicator_code, p.unit,
    p.from_year, p.to_year,
    p.from_value, p.to_value,
    case
        when brk.note is not null then null
        when p.is_held_for_check then null
        when p.from_method = 'sum_of_zones' and p.to_method = 'sum_of_zones' then
            case when p.from_compared > 0 and p.to_compared > 0 then pow(p.to_compared / p.from_compared, 1.0 / (p.to_year - p.from_year)) - 1 end
        when p.is_partial then null
        when p.from_value > 0 and p.to_value > 0 then pow(p.to_value / p.from_value, 1.0 / (p.to_year - p.from_year)) - 1
    end as cagr,
    brk.note as break_note,
    case when p.from_method = 'sum_of_zones' and p.to_method = 'sum_of_zones' then 'like_for_like' else 'as_reported' end as comparison_basis,
    p.zones_compared,
    p.is_partial,
    -- Appended: zones left out of a like-for-like rate for 核实; 1 on a held zone's own row.
    case
        when p.from_method = 'sum_of_zones' and p.to_method = 'sum_of_zones' then coalesce(p.zones_held_for_check, 0)
        when p.entity_kind = 'zone' then p.is_held_for_check::integer
    end::bigint as zones_held_for_check,
    -- Appended: zones of a like-for-like rate left out for a series break of their own between the two years.
    case when p.from_method = 'sum_of_zones' and p.to_method = 'sum_of_zones' then coalesce(p.zones_series_break, 0) end::bigint as zones_series_break
from matched p
left join first_break brk
  on brk.entity_code = p.entity_code and brk.indicator_code = p.indicator_code and brk.unit = p.unit
 and brk.from_year = p.from_year and brk.to_year = p.to_year
-- Written in year order (issue #24): an incremental build deletes a year's rows from one row group, not from every
-- one (a delete spread over every row group made the commit's checkpoint rewrite the table: growth 2.1 s → 0.26 s).
order by p.to_year
