-- Declared series breaks (sources/seeds/series_breaks.csv): kind 口径调整 records a
-- break the data cannot show; kind 可比 declares a detected source change comparable.
select entity_code, indicator_code, year, kind, note, source
from {{ ref('series_breaks') }}
