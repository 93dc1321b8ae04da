-- The plan documents targets cite (sources/seeds/documents.csv): the title a page
-- quotes in 《》, the issuer, a short name, and the system's reading of points the
-- document leaves open (the 方法 page lists them).
select
    document,
    nullif(trim(short_name), '') as short_name,
    nullif(trim(title), '') as title,
    nullif(trim(issuer), '') as issuer,
    nullif(trim(method_note), '') as method_note
from {{ ref('documents') }}
