-- The value of each vintage: the same year's total differs between data vintages,
-- and a share must be computable against each of them. Within one vintage the
-- order of evidence decides, as for the current value (migration 0004_vintages).
-- A key with one loaded value (edition_count = 1) is its vintage's value without a window (issue #24).
select
    entity_code, entity_name, entity_kind, indicator_code, measure, period_start, period_end,
    period_label, basis, value, unit, vintage, vintage_source, source_file, source_line, is_synthetic
from {{ ref('stg_observation_editions_named') }}
where file_status = 'loaded' and edition_count = 1
union all
select * exclude (rn)
from (
    select
        entity_code, entity_name, entity_kind, indicator_code, measure, period_start, period_end,
        period_label, basis, value, unit, vintage, vintage_source, source_file, source_line, is_synthetic,
        row_number() over (
            partition by entity_code, indicator_code, measure, period_start, period_end, basis, vintage
            order by edition_date desc, is_correction desc, is_preferred_file desc, source_mtime desc nulls last, loaded_at desc, source_line desc
        ) as rn
    from {{ ref('stg_observation_editions_named') }}
    where file_status = 'loaded' and edition_count > 1
)
where rn = 1
