{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- Values keyed so that like compares with like: a flow's 1-12月 year-to-date figure
-- is the year's value, so it is keyed as the year (basis 'period', grain 'year'),
-- and where a file gave both, the annual figure is kept. Shares and growth join on
-- these keys; int_values_annual still sees both and flags a disagreement.
-- One row per key (entity, indicator, period, comparable basis, unit): a key with one row keeps it; only the
-- few keys with more (a 1-12月 figure beside the annual one) are ranked, annual first. Ranking every row
-- carried the 722k wide rows through a sort: 90% of this model's time at province scale (issue #24).
-- Only the columns growth and int_scope_values read (issue #24: every string column written costs time
-- at 722k rows); the provenance of each value (line, column, sheet, load time) is in int_observations_canonical.
-- Incremental (issue #24): only the years whose files changed since the last complete build.
with flagged as (
    select entity_code, entity_name, entity_kind, indicator_code, period_start, period_end, period_label, grain, basis, year, end_month,
           value, unit, vintage, fx_rate, source_file, is_synthetic, summable,
           (indicator_kind = 'flow' or indicator_kind is null) and basis = 'ytd' and end_month = 12 and month(period_start) = 1 as is_full_year_ytd
    from {{ ref('int_observations_canonical') }}
    {% if is_incremental() %}where year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
),
observations as (
    -- The key's hash finds the keys with more than one row cheaply; those rows are then ranked on the key itself,
    -- so a collision of hashes only sends a few more rows through the exact ranking.
    select *, hash(entity_code, indicator_code, period_start, period_end, comparable_basis, unit) as comparable_hash
    from (select *, case when is_full_year_ytd then 'period' else basis end as comparable_basis from flagged)
),
crowded as (
    select comparable_hash
    from observations
    group by comparable_hash
    having count(*) > 1
),
kept as (
    select o.*
    from observations o
    anti join crowded c using (comparable_hash)
    union all
    select * exclude (rn)
    from (
        select o.*,
            row_number() over (
                partition by o.entity_code, o.indicator_code, o.period_start, o.period_end, o.comparable_basis, o.unit
                order by o.is_full_year_ytd
            ) as rn
        from observations o
        semi join crowded c using (comparable_hash)
    )
    where rn = 1
)
select
    * exclude (basis, grain, period_label, comparable_basis, comparable_hash),
    comparable_basis as basis,
    case when is_full_year_ytd then 'year' else grain end as grain,
    case when is_full_year_ytd then year || '年' else period_label end as period_label
from kept
-- Written in year order (issue #24): an incremental build deletes a year's rows from one row group, not from every
-- one (a delete spread over every row group made the commit's checkpoint rewrite the table: growth 2.1 s → 0.26 s).
order by year
