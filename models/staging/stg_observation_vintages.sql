-- The latest value of each vintage: the same year's total differs between data
-- vintages, and a share must be computable against each of them.
select * exclude (rn)
from (
    select
        entity_code, entity_name, entity_kind, indicator_code, measure, period_start, period_end,
        period_label, basis, value, unit, vintage, source_file, source_line, is_synthetic,
        row_number() over (
            partition by entity_code, indicator_code, measure, period_start, period_end, basis, vintage
            order by loaded_at desc, source_line desc
        ) as rn
    from {{ source('warehouse', 'observations') }}
    where file_status = 'loaded'
)
where rn = 1
