select target_id, year, value, clause, kind
from {{ ref('target_milestones') }}
