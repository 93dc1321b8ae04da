-- Every value that a later file changed: the key, the old and new value, when and
-- from which file. Same-vintage revisions and new vintages alike.
with history as (
    select
        entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, basis,
        value, unit, vintage, source_file, source_line, loaded_at, file_status, is_current,
        lag(value) over w as previous_value,
        lag(source_file) over w as previous_file,
        lag(vintage) over w as previous_vintage,
        lag(loaded_at) over w as previous_loaded_at
    from {{ source('warehouse', 'observations') }}
    window w as (partition by entity_code, indicator_code, measure, period_start, period_end, basis order by vintage, loaded_at, source_line)
)
select *
from history
where previous_file is not null and (previous_value is distinct from value or previous_vintage <> vintage)
