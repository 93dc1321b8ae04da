{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- Current value per (entity, indicator, measure, period, basis), decided by the order
-- of evidence in the observations view (README, 数据版本). Values are already in
-- canonical units (ingest converted them).
-- Incremental (issue #24): only the years whose files changed since the last complete build.
select
    entity_code,
    entity_name,
    entity_kind,
    indicator_code,
    indicator_name,
    uncatalogued,
    measure,
    period_start,
    period_end,
    period_label,
    grain,
    basis,
    year(period_end) as year,
    month(period_end) as end_month,
    value,
    unit,
    vintage,
    vintage_source,
    is_conflict,
    source_file,
    source_line,
    source_column,
    source_sheet,
    is_synthetic,
    loaded_at
from {{ ref('stg_observation_editions_named') }}
where is_current
{% if is_incremental() %}  and year in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
-- Not sorted (issue #24): the rows come in year order already — read from a table written in year order, through
-- hash joins that keep the order of what they read closely enough that a year's rows share one or two row groups (a
-- later build's delete of that year touches those, not every row group). ORDER BY year cost a fifth of this model's
-- time at province scale and bought nothing measurable (a year's delete and re-insert took no longer unsorted).
