{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- Flow year-to-date figures lower than the figure before them in the same year (entity, indicator, unit): the
-- data-quality mart's ytd_decreases check. Its own model so that a build recomputes only the changed years: the
-- window over every year's figures cost data_quality half a second on each new quarter at province (issue #24).
select entity_code, indicator_code, period_label, year, value, previous_value
from (
    select entity_code, indicator_code, period_label, year, value,
           lag(value) over (partition by entity_code, indicator_code, unit, year order by end_month) as previous_value
    from {{ ref('int_observations_canonical') }}
    where basis = 'ytd' and indicator_kind = 'flow' and grain <> 'year'
    {% if is_incremental() %}and year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
)
where value < previous_value
order by year
