select unit, dimension, factor, canonical
from {{ ref('units') }}
