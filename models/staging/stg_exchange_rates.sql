select year, currency, cny_per_unit, source
from {{ ref('exchange_rates') }}
