-- The years over which memberships and schedules are evaluated.
select cast(range as integer) as year
from range({{ var('first_year') }}, {{ var('last_year') }} + 1)
