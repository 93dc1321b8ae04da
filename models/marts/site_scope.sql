-- The scope of zones the site's headline pages speak about (var headline_scope: zonestat.config.yml
-- or dbt_project.yml), with its name, so pages never hard-code one province's scope.
select
    s.scope_code,
    s.scope_name,
    s.jurisdiction_code
from {{ ref('stg_scopes') }} s
where s.scope_code = '{{ var("headline_scope") }}'
