-- Zone values held out of sums for 核实: those on which an open 审核 flag of a rule marked
-- `holds: true` stands (sources/audit-rules/10-bureau-checks.yml, mirrored in ingest.held_audit_rules),
-- from a loaded file. One row per entity, indicator and period end — mapped to values as the pages'
-- 需核实 mark is (dashboards/kit/zone-values.ts). One definition read by int_scope_values, rankings,
-- growth and growth_cagr, so a sum and the 同比 or 年均增速 built on it leave out the same values.
-- Rebuilt whole on every run (a handful of rows): a flag opened, confirmed or closed changes it, and its
-- state is part of the file-year fingerprint, so the incremental models reading it recompute that year.
select distinct a.entity_code, a.indicator_code, a.period_end, year(a.period_end) as year
from {{ source('ingest', 'audit_flags') }} a
join {{ source('ingest', 'files') }} f using (file_id)
where a.state = 'open' and a.rule_code in (select rule_code from {{ source('ingest', 'held_audit_rules') }}) and f.status = 'loaded'
