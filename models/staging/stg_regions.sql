select code as entity_code, name as entity_name, kind as entity_kind, parent_code, aliases, source
from {{ ref('regions') }}
