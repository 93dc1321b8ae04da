select
    code as indicator_code,
    name as indicator_name,
    name_en,
    unit,
    kind,
    default_basis,
    summable,
    description
from {{ ref('indicators') }}
