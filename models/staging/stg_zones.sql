select
    code as zone_code,
    name as zone_name,
    short_name,
    level as current_level,
    type as zone_type,
    city_code,
    source
from {{ ref('zones') }}
