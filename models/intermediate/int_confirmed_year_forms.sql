-- The latest confirmation (zonestat confirm) on each full-year form of a zone's year: the 年 value (annual_*) and
-- the 1-12月 累计 (ytd_*), from a loaded file, whatever the flag's rule. One row per entity, indicator and year with at
-- least one. A confirmed form ends the year's YEAR_FORMS_DIFFER hold (int_held_values); data_quality and the zone
-- pages say who confirmed which. Such flags' states are part of the file-year fingerprint (migration
-- 0013_full_year_form_flags), so confirming one recomputes its year in the incremental models.
-- confirmed_at is UTC (confirm.ts writes an ISO instant); readers show it in the project's timezone.
select a.entity_code, a.indicator_code, year(a.period_end)::integer as year,
       arg_max(a.confirmed_by, a.confirmed_at) filter (where a.basis = 'period') as annual_by,
       max(a.confirmed_at) filter (where a.basis = 'period') as annual_confirmed_at,
       arg_max(a.confirmed_by, a.confirmed_at) filter (where a.basis = 'ytd') as ytd_by,
       max(a.confirmed_at) filter (where a.basis = 'ytd') as ytd_confirmed_at,
       -- The 1-12月 confirmed after the 年 value (or the 年 value never): the year takes the 1-12月 unless it is held
       -- (int_observations_canonical, int_values_annual; stat-qa10 F5).
       coalesce(max(a.confirmed_at) filter (where a.basis = 'ytd') > coalesce(max(a.confirmed_at) filter (where a.basis = 'period'), '-infinity'::timestamp), false) as ytd_confirmed_last
from {{ source('ingest', 'audit_flags') }} a join {{ source('ingest', 'files') }} f using (file_id)
where a.state = 'confirmed' and f.status = 'loaded' and a.measure = 'value' and a.basis in ('period', 'ytd')
  and a.period_start = make_date(year(a.period_end), 1, 1) and month(a.period_end) = 12 and day(a.period_end) = 31
group by all
