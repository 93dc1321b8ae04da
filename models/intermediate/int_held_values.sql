-- Zone values held out of sums for 核实: those on which an open 审核 flag of a rule marked
-- `holds: true` stands (int_held_observations), from a loaded file. One row per entity, indicator and period
-- end — mapped to values as the pages' 需核实 mark is (dashboards/kit/zone-values.ts) — with the first such
-- flag (标记号) and its rule. One definition read by int_scope_values, rankings, growth, growth_cagr and the
-- zone pages, so a sum and the 同比 or 年均增速 built on it leave out the same values.
-- A year's 年 value and its 1-12月 累计 share the year's period end and are one value to the models (the one
-- int_observations_canonical marks is_comparable, the one not held first): a held one the models do not use,
-- because the other is loaded and not held, holds nothing (stat-qa F7: a ×0.1 年 value held beside a right
-- 1-12月 left the year's totals 数据不全 although the right figure was loaded). data_quality says which was used.
-- Rebuilt whole on every run (a handful of rows): a flag opened, confirmed or closed changes it, and its
-- state is part of the file-year fingerprint (a holding rule's flag, or any flag on a full-year form: migrations
-- 0012 and 0013), so the incremental models reading it recompute that year.
-- A year whose 年 value and 1-12月 累计, neither held, differ twofold or more (or in sign) is held too, both forms: which
-- is right is undecided (stat-qa7 F1: a ×10 「2024年」 5200 beside a right 1-12月 520 was summed as the year's, the share
-- 23.4% 完整). A revision (年报 after 快报) moves a figure by a few per cent, a typo tenfold; under twofold the 年 value
-- is used and data_quality asks which is right. No flag stands on it (held_flag null, held_rule YEAR_FORMS_DIFFER): a
-- corrected file (更正) or a withdrawn one that makes the two agree, a hold on one of them, or a forced confirmation of
-- a flag on either (int_confirmed_year_forms) ends it.
with held as (
    select h.entity_code, h.indicator_code, h.period_end, h.held_flag, h.held_rule
    from {{ ref('int_held_observations') }} h
    -- Not a value the comparable key passed over for another (only a 年 value and its 1-12月 share a key).
    where not exists (
        select 1 from {{ ref('int_observations_canonical') }} c
        where c.entity_code = h.entity_code and c.indicator_code = h.indicator_code and c.period_start = h.period_start
          and c.period_end = h.period_end and c.basis = h.basis and not c.is_comparable
    )
    union all
    select v.entity_code, v.indicator_code, make_date(v.year, 12, 31), null, 'YEAR_FORMS_DIFFER'
    from {{ ref('int_values_annual') }} v
    where v.entity_kind = 'zone' and v.method in ('annual', 'ytd_december') and not v.annual_held and not v.ytd_december_held
      and {{ year_forms_conflict('v.annual_value', 'v.ytd_december_value') }}
      -- Unless a person decided: a flag on either form confirmed (confirm --force, past CONFIRM_OTHER_FORM_DIFFERS,
      -- which names both figures and the one the year then takes).
      and not exists (
          select 1 from {{ ref('int_confirmed_year_forms') }} c
          where c.entity_code = v.entity_code and c.indicator_code = v.indicator_code and c.year = v.year
      )
)
select entity_code, indicator_code, period_end, year(period_end) as year,
       min(held_flag)::integer as held_flag, coalesce(arg_min(held_rule, held_flag), min(held_rule)) as held_rule
from held
group by entity_code, indicator_code, period_end
