select document, year, fraction, clause
from {{ ref('schedule_fractions') }}
