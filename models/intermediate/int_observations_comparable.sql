{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- Values keyed so that like compares with like: a flow's 1-12月 year-to-date figure
-- is the year's value, so it is keyed as the year (basis 'period', grain 'year'),
-- and where a file gave both, the annual figure is kept. Shares and growth join on
-- these keys; int_values_annual still sees both and flags a disagreement.
-- Incremental (issue #24): only the years whose files changed since the last complete build.
select * exclude (rn)
from (
    select
        * exclude (basis, grain, period_label),
        case when is_full_year_ytd then 'period' else basis end as basis,
        case when is_full_year_ytd then 'year' else grain end as grain,
        case when is_full_year_ytd then year || '年' else period_label end as period_label,
        row_number() over (
            partition by entity_code, indicator_code, period_start, period_end,
                         case when is_full_year_ytd then 'period' else basis end, unit
            order by is_full_year_ytd
        ) as rn
    from (
        select *, (indicator_kind = 'flow' or indicator_kind is null) and basis = 'ytd' and end_month = 12 and month(period_start) = 1 as is_full_year_ytd
        from {{ ref('int_observations_canonical') }}
        {% if is_incremental() %}where year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
    )
)
where rn = 1
