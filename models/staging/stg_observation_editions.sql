{{ config(
    materialized="incremental",
    on_schema_change="sync_all_columns",
    pre_hook="{% if is_incremental() %}delete from {{ this }} where year in (select year from ingest.changed_years){% endif %}"
) }}
-- Every value of every file with its place in the order of evidence: the rules and rows of the
-- observations view (migration 0006_vintages: is_current, edition_rank, is_conflict), computed narrow
-- (issue #24). Values are ranked on integer keys (entity_id, series_id); a key holding one value (most:
-- one file per period) needs no window. The table keeps the file's keys (file_id, entity_key,
-- series_key), not the names: stg_observation_editions_named joins them (writing the 722k rows with their
-- names cost five times the narrow rows, issue #24). edition_count: values of the key in
-- the same loaded/withdrawn state (1 = never revised). Incremental: a build recomputes only the years
-- (of period_end) whose files changed since the last complete build (ingest.changed_years); the order
-- of evidence compares values of one key, and a key lies within one year.
with files as (
    select fl.file_id, fl.name as source_file, fl.loaded_at, fl.status as file_status, fl.is_synthetic,
           fl.vintage_source, fl.layout as source_layout,
           coalesce(fe.correction_marker is not null, false) as is_correction,
           coalesce(fe.preferred_at is not null, false) as is_preferred_file, fe.source_mtime
    from {{ source('ingest', 'files') }} fl
    left join {{ source('ingest', 'file_editions') }} fe using (file_id)
),
entity_ids as (
    select entity_code, dense_rank() over (order by entity_code)::integer as entity_id
    from (select distinct entity_code from {{ source('ingest', 'fact_entities') }})
),
series_ids as (
    select indicator_code, measure, period_start, period_end, basis,
           dense_rank() over (order by indicator_code, measure, period_start, period_end, basis)::integer as series_id
    from (select distinct indicator_code, measure, period_start, period_end, basis from {{ source('ingest', 'fact_series') }})
),
entities as (
    select e.file_id, e.entity_key, i.entity_id from {{ source('ingest', 'fact_entities') }} e join entity_ids i using (entity_code)
),
series as (
    -- file_series: the series' key as one value, met as one value below: joined on the two columns, DuckDB's optimizer
    -- joined entities to series on file_id first (every file's entities × series, 704k rows at province) and the facts
    -- to that on three keys; on one key it joins the facts to each in turn (the join 0.73 → 0.13 s, issue #24). The keys
    -- are NOT NULL (ingest schema), so the struct's equality is the columns' equality.
    select s.file_id, s.series_key, {'file_id': s.file_id, 'series_key': s.series_key} as file_series, i.series_id, s.vintage, year(s.period_end) as year
    from {{ source('ingest', 'fact_series') }} s
    join series_ids i using (indicator_code, measure, period_start, period_end, basis)
    {% if is_incremental() %}where year(s.period_end) in (select year from {{ source('ingest', 'changed_years') }}){% endif %}
),
narrow as materialized (
    select f.file_id, f.entity_key, f.series_key, f.line as source_line, f.col as source_column, f.sheet as source_sheet, f.value,
           e.entity_id, s.series_id, s.vintage, s.year, fl.file_status = 'loaded' as is_loaded
    from {{ source('ingest', 'facts') }} f
    join entities e using (file_id, entity_key)
    join series s on s.file_series = {'file_id': f.file_id, 'series_key': f.series_key}
    join files fl using (file_id)
    -- Incremental: only the files holding a series of a recomputed year. Without it the join hashed every file's facts
    -- (704k at province) to keep one year's (issue #24).
    {% if is_incremental() %}where f.file_id in (select file_id from series){% endif %}
),
crowded as (
    -- The few keys holding more than one value. Counted with a window over every row, the key_rows of
    -- the 704k values cost as much as the joins above (issue #24); a key found here has its count, any
    -- other holds one value.
    select entity_id, series_id, is_loaded, count(*) as key_rows
    from narrow
    group by entity_id, series_id, is_loaded
    having count(*) > 1
),
keyed as (
    select n.*, coalesce(c.key_rows, 1) as key_rows
    from narrow n
    left join crowded c on c.entity_id = n.entity_id and c.series_id = n.series_id and c.is_loaded is not distinct from n.is_loaded
),
single as (
    select file_id, entity_key, series_key, year, is_loaded, source_line, source_column, source_sheet, value, vintage as edition_date,
           1::bigint as edition_rank, false as is_conflict, key_rows
    from keyed where key_rows = 1
),
base as (
    select k.file_id, k.entity_key, k.series_key, k.year, k.is_loaded, k.source_line, k.source_column, k.source_sheet, k.value, k.vintage, k.key_rows,
           k.entity_id, k.series_id, fl.file_status, fl.vintage_source, fl.source_layout, fl.is_correction, fl.is_preferred_file, fl.source_mtime
    from keyed k join files fl using (file_id)
    where k.key_rows > 1
),
corrections as (
    select distinct entity_id, series_id, file_status, source_layout, vintage
    from base where is_correction and vintage_source not in ('row', 'filename', 'option', 'file')
),
raised as (
    select c.entity_id, c.series_id, c.file_status, c.source_layout, c.vintage, max(o.vintage) as unmarked_vintage
    from corrections c
    join base o using (entity_id, series_id, file_status, source_layout)
    where not o.is_correction
    group by all
),
dated as (
    select b.*, case when b.is_correction and r.unmarked_vintage is not null then greatest(b.vintage, r.unmarked_vintage) else b.vintage end as edition_date
    from base b
    left join raised r using (entity_id, series_id, file_status, source_layout, vintage)
),
ranked as (
    select *,
        row_number() over w as edition_rank,
        edition_date = first_value(edition_date) over w and is_correction = first_value(is_correction) over w
            and is_preferred_file = first_value(is_preferred_file) over w as ties_first,
        min(value) over w as run_min, max(value) over w as run_max, count(value) over w as run_values, count(*) over w as run_rows
    from dated
    window w as (
        partition by entity_id, series_id, file_status = 'loaded'
        order by edition_date desc, is_correction desc, is_preferred_file desc, source_mtime desc nulls last, file_id desc, source_line desc)
),
multiple as (
    select file_id, entity_key, series_key, year, is_loaded, source_line, source_column, source_sheet, value, edition_date, edition_rank,
        file_status = 'loaded' and ties_first and bool_or(ties_first and (run_min <> run_max or (run_values > 0 and run_values < run_rows))) over (
            partition by entity_id, series_id, file_status = 'loaded') as is_conflict,
        key_rows
    from ranked
),
decided as (
    select * from single
    union all
    select * from multiple
)
select
    d.file_id, d.entity_key, d.series_key, d.year,
    d.value, d.source_line, d.source_column, d.source_sheet,
    d.is_loaded and d.edition_rank = 1 as is_current,
    d.edition_date, d.edition_rank, d.is_conflict,
    d.key_rows as edition_count
from decided d
-- Written in year order (issue #24): an incremental build deletes a year's rows from one row group, not from every
-- one (a delete spread over every row group made the commit's checkpoint rewrite the table: growth 2.1 s → 0.26 s).
order by d.year
