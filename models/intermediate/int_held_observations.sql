-- The reported values under an open 审核 flag of a rule marked `holds: true` (sources/audit-rules/10-bureau-checks.yml,
-- mirrored in ingest.held_audit_rules), from a loaded file: one row per value key as the flag names it (entity,
-- indicator, period start and end, basis as reported — a 年 value is basis 'period', a 1-12月 'ytd'), with the first
-- such flag (标记号) and its rule. int_observations_canonical reads it to choose, of a year's 年 value and its 1-12月
-- 累计, the one not held (stat-qa F7), and int_held_values to hold a year only when the value chosen is held.
-- Rebuilt whole on every run (a handful of rows), as int_held_values: a flag's state is part of the file-year
-- fingerprint, so the incremental models reading it recompute that year.
select a.entity_code, a.indicator_code, a.period_start, a.period_end, a.basis,
       min(a.flag_id)::integer as held_flag, arg_min(a.rule_code, a.flag_id) as held_rule
from {{ source('ingest', 'audit_flags') }} a
join {{ source('ingest', 'files') }} f using (file_id)
where a.state = 'open' and a.rule_code in (select rule_code from {{ source('ingest', 'held_audit_rules') }}) and f.status = 'loaded'
group by all
