-- Each zone-year's scopes as one list (int_scope_members), numbered: at province scale 9,542 zone-years
-- share 23 lists. Sums over a scope's zones add the zones' values per list first, then the lists' sums
-- per scope (set_no → scopes): adding every zone once per scope it is in (3M zone × scope rows at
-- province scale) was most of the time of int_scope_values, growth and growth_cagr (issue #24). The sums
-- are exact (DECIMAL), so adding in two steps changes no figure. A zone listed twice in a scope stays
-- twice in its list, as it counted twice in the join. set_no is valid within one build only.
select zone_code, year, dense_rank() over (order by scopes) as set_no, scopes
from (
    select zone_code, year, list(scope_code order by scope_code) as scopes
    from {{ ref('int_scope_members') }}
    group by zone_code, year
)
