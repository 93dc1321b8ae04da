-- Every value of every file with its names, its file and its place in the order of evidence: the
-- ranked keys of stg_observation_editions joined to what a file says once per entity, per series and
-- per file (ingest.fact_entities, fact_series, files). A view: the names are joined when read, so the
-- build writes the 722k values narrow (issue #24). Left joins, which always match (every key came from
-- these tables): as inner joins, DuckDB's optimizer joined entities to series first, 722k wide rows.
with files as (
    select fl.file_id, fl.name as source_file, fl.loaded_at, fl.status as file_status, fl.is_synthetic,
           fl.vintage_source,
           coalesce(fe.correction_marker is not null, false) as is_correction,
           -- How `status` tells two loaded files of one name apart: the short sha (pipelines/edition-status.ts).
           left(fl.sha256, 8) as source_sha8,
           count(*) filter (where fl.status = 'loaded') over (partition by fl.name) > 1 as source_name_shared,
           coalesce(fe.preferred_at is not null, false) as is_preferred_file, fe.source_mtime
    from {{ source('ingest', 'files') }} fl
    left join {{ source('ingest', 'file_editions') }} fe using (file_id)
)
select
    -- Names from the current register (zones, regions, indicators seeds), not as stored at load (dl-qa #2):
    -- a renamed zone or indicator is renamed in every mart, as in a project loaded afresh. A name the
    -- register does not hold (an uncatalogued indicator) stays as the file gave it.
    e.entity_code, coalesce(z.zone_name, r.entity_name, e.entity_name) as entity_name, e.entity_kind,
    s.indicator_code, coalesce(i.indicator_name, s.indicator_name) as indicator_name, s.uncatalogued,
    s.measure, s.period_start, s.period_end, s.period_label, s.grain, s.basis, d.year,
    d.value, s.unit, s.vintage, fl.vintage_source,
    fl.source_file, d.source_line, d.source_column, d.source_sheet,
    fl.loaded_at, fl.file_status, fl.is_synthetic,
    d.is_current,
    d.edition_date, fl.is_correction, fl.is_preferred_file, fl.source_mtime, d.edition_rank, d.is_conflict,
    d.edition_count, fl.source_sha8, fl.source_name_shared
from {{ ref('stg_observation_editions') }} d
left join {{ source('ingest', 'fact_entities') }} e using (file_id, entity_key)
left join {{ source('ingest', 'fact_series') }} s using (file_id, series_key)
left join files fl using (file_id)
left join {{ ref('stg_zones') }} z on z.zone_code = e.entity_code
left join {{ ref('stg_regions') }} r on r.entity_code = e.entity_code
left join {{ ref('stg_indicators') }} i on i.indicator_code = s.indicator_code
