select zone_code, valid_from, valid_to, level, status, source
from {{ ref('zone_history') }}
