{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- Values per named scope, indicator and period: the sum over the zones in the scope
-- as it stood that year (only summable indicators), with how many zones reported
-- and how many were expected; and, where a document or department reported the
-- scope's aggregate directly, that figure too. `is_preferred` picks the reported
-- aggregate when there is one.
-- Incremental (issue #24): a year's sums depend on that year's values and members only
-- (a change of members comes from the seeds, which rebuilds everything), and on the
-- ABOVE_PARENT flags standing on them (their states are part of the file-year
-- fingerprint, migration 0010_audit_quarantine, so a flag opened, confirmed or closed
-- recomputes its year).
-- Quarantine (inc-qa2 finding 2): a zone value on which an open ABOVE_PARENT 审核 flag
-- stands (larger than its own city's or province's total: impossible as reported,
-- typically 万元 typed as 亿元 — sources/audit-rules/10-bureau-checks.yml) is kept out of
-- the sum: the zone counts as not reporting (is_partial) and zones_held_for_check says
-- how many were held. A confirmed flag (zonestat confirm: the statistician vouches for
-- the value) or a closed one (corrected, withdrawn) sums it again.
with members as (
    select * from {{ ref('int_scope_members') }}
),
expected as (
    select scope_code, year, count(*) as zones_expected
    from members
    group by all
),
held as (
    select * from {{ ref('int_held_values') }}
),
zone_values as (
    select o.*, h.entity_code is not null as is_held_for_check
    from {{ ref('int_observations_comparable') }} o
    left join held h on h.entity_code = o.entity_code and h.indicator_code = o.indicator_code and h.period_end = o.period_end
    where o.entity_kind = 'zone' and o.summable
    {% if is_incremental() %}and o.year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
),
file_numbers as (
    -- Files numbered in name order: the sums list numbers, not names (listing the names of 3M zone × scope
    -- rows was 60% of this model's time at province scale, issue #24), and sorted numbers are sorted names.
    select source_file, row_number() over (order by source_file) as file_no
    from (select distinct source_file from zone_values where not is_held_for_check)
),
file_names as (
    select list(source_file order by file_no) as names from file_numbers
),
membership_sets as (
    select * from {{ ref('int_scope_member_sets') }}
),
set_scopes as (
    select set_no, unnest(scopes) as scope_code from (select distinct set_no, scopes from membership_sets)
),
set_sums as (
    -- The zones' values summed per list of scopes first (int_scope_member_sets), then per scope in zone_sums.
    select
        ms.set_no, o.indicator_code, o.period_start, o.period_end, o.basis, o.unit,
        min(o.period_label) as period_label, min(o.grain) as grain, min(o.year) as year, min(o.end_month) as end_month,
        -- Held values are counted, not summed: what the sum, its edition and its files are made of is the rest.
        sum(o.value::decimal(38, 10)) filter (where not o.is_held_for_check) as value,
        count(*) filter (where not o.is_held_for_check) as zones_reporting,
        count(*) filter (where o.is_held_for_check) as zones_held_for_check,
        max(o.vintage) filter (where not o.is_held_for_check) as vintage,
        coalesce(bool_or(o.is_synthetic) filter (where not o.is_held_for_check), false) as is_synthetic,
        coalesce(bool_or(o.fx_rate is not null) filter (where not o.is_held_for_check), false) as used_exchange_rate,
        coalesce(list_distinct(list(f.file_no) filter (where not o.is_held_for_check)), []) as file_nos
    from zone_values o
    join membership_sets ms on ms.zone_code = o.entity_code and ms.year = o.year
    left join file_numbers f on f.source_file = o.source_file
    group by ms.set_no, o.indicator_code, o.period_start, o.period_end, o.basis, o.unit
),
zone_sums as (
    -- Grouped on the value key only (the label, grain, year and end month follow from the period), with
    -- no DISTINCT aggregate: a zone has one row per key in int_observations_comparable, so count(*)
    -- counts zones, and the files are de-duplicated as a list (DISTINCT aggregates were 90% of this
    -- model's time at province scale, issue #24).
    select
        s.scope_code,
        t.indicator_code,
        t.period_start, t.period_end,
        min(t.period_label) as period_label, min(t.grain) as grain,
        t.basis,
        min(t.year) as year, min(t.end_month) as end_month,
        t.unit,
        -- Summed as DECIMAL: exact, so the same whatever order DuckDB adds in (an incremental build's 593.44999999999993
        -- against a full one's 593.45000000000005 printed 593.4 and 593.5).
        sum(t.value)::double as value,
        sum(t.zones_reporting)::bigint as zones_reporting,
        sum(t.zones_held_for_check)::bigint as zones_held_for_check,
        max(t.vintage) as vintage,
        bool_or(t.is_synthetic) as is_synthetic,
        bool_or(t.used_exchange_rate) as used_exchange_rate,
        list_sort(list_distinct(flatten(list(t.file_nos)))) as file_nos
    from set_sums t
    join set_scopes s using (set_no)
    group by s.scope_code, t.indicator_code, t.period_start, t.period_end, t.basis, t.unit
    -- Every zone held: no sum at all (not a sum of nothing shown as 0); the flags say why (data_quality).
    having sum(t.zones_reporting) > 0
),
reported as (
    select
        o.entity_code as scope_code,
        o.indicator_code,
        o.period_start, o.period_end, o.period_label, o.grain, o.basis, o.year, o.end_month, o.unit,
        o.value,
        o.vintage, o.is_synthetic, o.fx_rate is not null as used_exchange_rate, o.source_file as source_files
    from {{ ref('int_observations_comparable') }} o
    where o.entity_kind = 'scope'
    {% if is_incremental() %}and o.year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
),
combined as (
    select
        z.scope_code, z.indicator_code, z.period_start, z.period_end, z.period_label, z.grain, z.basis, z.year, z.end_month, z.unit,
        z.value, 'sum_of_zones' as method, z.zones_reporting, z.zones_held_for_check, e.zones_expected, z.vintage, z.is_synthetic, z.used_exchange_rate,
        array_to_string(list_transform(z.file_nos, n -> fn.names[n]), '; ') as source_files
    from zone_sums z
    cross join file_names fn
    left join expected e on e.scope_code = z.scope_code and e.year = z.year
    union all
    select
        r.scope_code, r.indicator_code, r.period_start, r.period_end, r.period_label, r.grain, r.basis, r.year, r.end_month, r.unit,
        r.value, 'reported_aggregate' as method, null, null, e.zones_expected, r.vintage, r.is_synthetic, r.used_exchange_rate, r.source_files
    from reported r
    left join expected e on e.scope_code = r.scope_code and e.year = r.year
)
select
    *,
    zones_reporting is not null and zones_reporting < coalesce(zones_expected, 0) as is_partial,
    row_number() over (
        partition by scope_code, indicator_code, period_start, period_end, basis, unit
        order by case method when 'reported_aggregate' then 0 else 1 end
    ) = 1 as is_preferred
from combined
