select region_code, city_code, note
from {{ ref('region_members') }}
