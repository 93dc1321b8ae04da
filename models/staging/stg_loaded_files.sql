-- Files loaded and not withdrawn, with the layout each was read with (series breaks
-- are detected where a series' source layout changes).
select name, layout, vintage, loaded_at
from {{ source('ingest', 'files') }}
where withdrawn_at is null
