{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- One value per entity, indicator and year. Flows: an annual figure, or the 1-12月
-- year-to-date figure; when both exist and differ, both are kept and flagged. The annual figure is the
-- year's value unless it is held for 核实 (int_held_observations) and the 1-12月 is not: then the 1-12月
-- is (stat-qa F7), as int_observations_canonical chooses; annual_held / ytd_december_held say which was held.
-- Stocks and rates: the level at the year's end.
-- Incremental (issue #24): a year's values depend on that year's observations only.
with flows as (
    select
        entity_code, entity_name, entity_kind, indicator_code, year, unit,
        max(case when grain = 'year' then value end) as annual_value,
        max(case when basis = 'ytd' and end_month = 12 and grain <> 'year' then value end) as ytd_december_value,
        coalesce(bool_or(is_held) filter (where grain = 'year'), false) as annual_held,
        coalesce(bool_or(is_held) filter (where basis = 'ytd' and end_month = 12 and grain <> 'year'), false) as ytd_december_held,
        max(vintage) as vintage,
        bool_or(is_synthetic) as is_synthetic,
        -- The files named once each, in name order, as string_agg(distinct source_file, '; ' order by source_file) names
        -- them (NULL when none): that DISTINCT ordered aggregate was a quarter of this model's CPU at province scale (issue #24).
        case when count(source_file) > 0 then array_to_string(list_sort(list_distinct(list(source_file))), '; ') end as source_files,
        min(case when grain = 'year' then source_file end) as annual_source_file,
        min(case when basis = 'ytd' and end_month = 12 and grain <> 'year' then source_file end) as ytd_december_source_file
    from (
        select o.*, h.entity_code is not null as is_held
        from {{ ref('int_observations_canonical') }} o
        left join {{ ref('int_held_observations') }} h
          on h.entity_code = o.entity_code and h.indicator_code = o.indicator_code and h.period_start = o.period_start
         and h.period_end = o.period_end and h.basis = o.basis
        where (o.indicator_kind = 'flow' or o.indicator_kind is null)
          and o.basis in ('period', 'ytd')
          and (o.grain = 'year' or (o.basis = 'ytd' and o.end_month = 12))
          {% if is_incremental() %}and o.year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
    )
    group by entity_code, entity_name, entity_kind, indicator_code, year, unit
),
chosen as (
    -- The 1-12月 in place of a held annual figure when it is not held itself (stat-qa F7), or when it is the form last
    -- confirmed (zonestat confirm, stat-qa10 F5: a forced confirmation of the 1-12月 made the year take the other
    -- form) — int_observations_canonical's order.
    select f.*,
           annual_value is null
           or (not ytd_december_held and ytd_december_value is not null
               and (annual_held or coalesce(cy.ytd_confirmed_last, false))) as uses_ytd
    from flows f
    left join {{ ref('int_confirmed_year_forms') }} cy using (entity_code, indicator_code, year)
),
levels as (
    select * exclude (rn) from (
        select
            entity_code, entity_name, entity_kind, indicator_code, year, unit, value, vintage, is_synthetic, source_file,
            row_number() over (partition by entity_code, indicator_code, year order by period_end desc, vintage desc) as rn
        from {{ ref('int_observations_canonical') }}
        where indicator_kind in ('stock', 'rate') and basis = 'level' and end_month = 12
          {% if is_incremental() %}and year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
    ) where rn = 1
)
select
    entity_code, entity_name, entity_kind, indicator_code, year, unit,
    case when uses_ytd then ytd_december_value else annual_value end as value,
    case when uses_ytd then 'ytd_december' else 'annual' end as method,
    annual_value,
    ytd_december_value,
    annual_value is not null and ytd_december_value is not null
        and abs(annual_value - ytd_december_value) > 0.005 * greatest(abs(annual_value), 1e-9) as annual_and_ytd_differ,
    vintage, is_synthetic, source_files,
    annual_held, ytd_december_held,
    -- The file the value came from (the pages' 来源 names it, not the other form's file).
    case when uses_ytd then ytd_december_source_file else annual_source_file end as value_source_file
from chosen
where coalesce(annual_value, ytd_december_value) is not null
union all
select
    entity_code, entity_name, entity_kind, indicator_code, year, unit, value,
    'level_at_year_end' as method, null, null, false, vintage, is_synthetic, source_file,
    false, false, source_file
from levels
-- Written in year order (issue #24): an incremental build deletes a year's rows from one row group, not from every
-- one (a delete spread over every row group made the commit's checkpoint rewrite the table: growth 2.1 s → 0.26 s).
order by year
