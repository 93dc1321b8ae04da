-- One headline row per catalogue target, the way a planning office reads a plan.
-- An expired target (its target year has a full-year figure, or lies before the
-- latest data year) is judged at its deadline: deadline_verdict 达成/未达成 with
-- 完成率 (actual ÷ target for levels in their own unit; points for shares and rates),
-- and separately its current level and the first year from which it has stayed at
-- or above the target ("2023年起超过"). A live target's headline is its latest
-- period's progress against the schedule path (target_status). The headline of an
-- expired target is never the latest year's comparison.
with ts as (
    select * from {{ ref('target_status') }}
),
catalogue as (
    select * from ts qualify row_number() over (partition by target_id order by period_end desc nulls last) = 1
),
annual as (
    -- One full-year row per target and year (1-12月 when no annual figure exists). meets_known: whether the year meets
    -- the target as far as the data can tell — a partial total (zones missing or held) is a lower bound, so a level,
    -- share or count of zones at or above a ≥ target meets it, and nothing else about it is known (stat-qa8: 「2024年仍未达到目标」 from a
    -- share without a held zone, 8.81% ≥ 8% by hand); over a denominator needing check, or with a member value under an
    -- open flag summed as reported (values_check_count, stat-qa10 F2), nothing is known.
    select *,
           case when denominator_check_name is not null or values_check_count > 0 then null
                when not is_partial then meets_target
                when meets_target and kind in ('level', 'share', 'count') and comparator in ('>=', '>') then true
           end as meets_known
    from ts
    where period_end is not null and is_full_year
    qualify row_number() over (partition by target_id, year order by basis = 'ytd', period_end desc) = 1
),
latest_row as (
    select * from ts where period_end is not null
    qualify row_number() over (partition by target_id order by period_end desc, basis = 'ytd') = 1
),
deadline as (
    select a.* from annual a join catalogue c using (target_id) where a.year = c.target_year
),
current_annual as (
    select * from annual qualify row_number() over (partition by target_id order by year desc) = 1
),
reached as (
    -- The first year from which every later full-year figure is known to meet the target (a year not known either way
    -- ends a run as a year below does).
    select target_id,
           max(year) filter (where meets_known is distinct from true) as last_year_below,
           min(year) filter (where meets_known) as first_year_meeting
    from annual group by target_id
),
verdicts as (
    select
        c.target_id, c.document, c.clause, c.phrase, c.scope_code, c.indicator_code, c.kind, c.comparator, c.aspirational, c.unit,
        c.gap_unit, c.base_year, c.base_value, c.target_year, c.target_value, c.latest_data_year, c.conflict_group,
        l.base_value_used, l.base_value_source,
        (d.target_id is not null or c.target_year < c.latest_data_year) and c.status not in ('no_data', 'not_evaluable') as is_expired,
        d.period_label as deadline_period_label,
        d.actual as deadline_actual,
        case
            -- Every value of the year held (target_status: no actual, partial): not judged, not 「无全年数据」.
            when d.target_id is not null and d.actual is null and d.is_partial then 'incomplete'
            when d.target_id is null or d.actual is null then null
            -- A partial figure already at a ≥ target meets it (meets_known: a lower bound; stat-qa10 F6).
            when d.is_partial and d.meets_known then 'achieved'
            when d.is_partial then 'incomplete'
            when d.meets_target then 'achieved'
            else 'missed'
        end as deadline_verdict,
        coalesce(d.is_partial, false) as deadline_is_partial,
        case
            when c.kind in ('level', 'count', 'zone_count', 'count_per_city') and c.unit not in ('%', '百分点')
                 and c.comparator in ('>=', '≈') and c.target_value > 0 and not d.is_partial
            then d.actual / c.target_value
        end as completion_rate,
        -- No gap (nor 完成率) from a partial figure at the deadline: a lower bound's gap is not the gap.
        case when not d.is_partial then d.actual - c.target_value end as deadline_gap,
        ca.period_label as current_period_label,
        ca.year as current_year,
        ca.actual as current_actual,
        -- Null when not known: over a denominator under an open flag (a ÷10 province total made an expired target
        -- 「2024年起超过目标」), or a partial figure that does not meet a ≥ target (meets_known above).
        ca.meets_known as current_meets_target,
        ca.denominator_check_name as current_denominator_check,
        d.denominator_check_name as deadline_denominator_check,
        d.reason as deadline_reason,
        ca.values_check_count as current_values_check,
        coalesce(d.awaits_check, false) as deadline_figure_awaits_check,
        coalesce(l.awaits_check, false) as latest_figure_awaits_check,
        -- A growth rate like for like over fewer zones than the scope's (可比口径): the headline says over how many.
        d.zones_compared as deadline_zones_compared,
        d.zones_in_scope as deadline_zones_in_scope,
        d.values_check_count as deadline_values_check,
        case when ca.meets_known then
            coalesce((select min(a2.year) from annual a2 where a2.target_id = c.target_id and a2.year > coalesce(r.last_year_below, 0)), r.first_year_meeting)
        end as reached_since_year,
        l.period_label as latest_period_label,
        l.actual as latest_actual,
        -- A series break after the deadline year up to the current figure (int_series_breaks): later years are not compared with the target.
        (select min(sb.year) from {{ ref('int_series_breaks') }} sb
          where sb.entity_code = c.scope_code and sb.indicator_code = c.indicator_code
            and sb.year > c.target_year and sb.year <= ca.year) as break_year_after_deadline,
        -- Declared 口径调整 (series_breaks.csv) are not comparable at all; a detected change of source is said beside the comparison.
        exists (select 1 from {{ ref('int_series_breaks') }} sb
          where sb.entity_code = c.scope_code and sb.indicator_code = c.indicator_code and sb.origin = 'declared'
            and sb.year > c.target_year and sb.year <= ca.year) as break_after_deadline_declared,
        l.status as latest_status,
        l.expected as latest_expected,
        l.gap_to_expected as latest_gap_to_expected,
        ca.required_annual_growth,
        c.status as catalogue_status,
        c.reason as catalogue_reason,
        l.reason as latest_reason,
        coalesce(d.is_synthetic, false) or coalesce(l.is_synthetic, false) as is_synthetic,
        -- Counts of zones (and sums over them) rest on membership assumed from today's register.
        coalesce(d.membership_assumed, l.membership_assumed, false) as membership_assumed
    from catalogue c
    left join latest_row l using (target_id)
    left join deadline d using (target_id)
    left join current_annual ca using (target_id)
    left join reached r using (target_id)
),
-- Decimals for the verdict's numbers: two, or as many more (up to six) as make the actual print unlike
-- the target and the gap (and 完成率 against 100%) print unlike zero, so "实际45%，差0个百分点" never
-- stands beside 未达成 (44.9956% against 45% prints 44.996, the gap 0.004).
digits as (
    select
        *,
        -- Not judged because a figure waits for 核实 (a flagged denominator or member value, or every value held) — not
        -- 数据不全, which says zones are missing (qa40 F6, qa41 E).
        deadline_verdict = 'incomplete' and deadline_figure_awaits_check as deadline_awaits_check,
        -- The same for a live target's latest figure (its headline), so the site's badge and the report say 待核实 too.
        latest_status = 'incomplete' and latest_figure_awaits_check as latest_awaits_check,
        case
            when deadline_actual is null or deadline_actual = target_value or round(deadline_actual, 2) <> round(target_value, 2) then 2
            when round(deadline_actual, 3) <> round(target_value, 3) then 3
            when round(deadline_actual, 4) <> round(target_value, 4) then 4
            when round(deadline_actual, 5) <> round(target_value, 5) then 5
            else 6
        end as actual_decimals,
        case
            when deadline_gap is null or deadline_gap = 0 or round(abs(deadline_gap), 2) <> 0 then 2
            when round(abs(deadline_gap), 3) <> 0 then 3
            when round(abs(deadline_gap), 4) <> 0 then 4
            when round(abs(deadline_gap), 5) <> 0 then 5
            else 6
        end as gap_decimals,
        case
            when completion_rate is null or completion_rate = 1 or round(100 * completion_rate, 1) <> 100 then 1
            when round(100 * completion_rate, 2) <> 100 then 2
            when round(100 * completion_rate, 3) <> 100 then 3
            else 4
        end as completion_decimals
    from verdicts
)
select
    * exclude (actual_decimals, gap_decimals, completion_decimals, current_denominator_check, deadline_denominator_check, deadline_is_partial,
               current_values_check, deadline_values_check, deadline_zones_compared, deadline_zones_in_scope, deadline_reason, deadline_awaits_check,
               deadline_figure_awaits_check, latest_figure_awaits_check, latest_awaits_check),
    case
        when catalogue_status in ('no_data', 'not_evaluable') then catalogue_status
        when is_expired then coalesce(deadline_verdict, 'no_data')
        else latest_status
    end as headline_status,
    case deadline_verdict when 'achieved' then '达成' when 'missed' then '未达成'
        when 'incomplete' then case when deadline_awaits_check then '待核实' else '数据不全' end
    end as deadline_verdict_label,
    case
        when catalogue_status in ('no_data', 'not_evaluable') then case catalogue_status when 'no_data' then '暂无数据' else '无法评估' end
        when is_expired then coalesce(case deadline_verdict when 'achieved' then '到期达成' when 'missed' then '到期未达成'
            when 'incomplete' then case when deadline_awaits_check then '到期待核实' else '到期数据不全' end end, '暂无数据')
        else case latest_status when 'achieved' then '提前达成' when 'on_track' then '符合进度' when 'behind' then '落后进度'
                 when 'incomplete' then case when latest_awaits_check then '待核实' else '数据不全' end
                 when 'before_base' then '基期前' when 'base_year' then '基期' when 'no_schedule' then '无进度基准' when 'no_data' then '暂无数据' else latest_status end
    end as headline_label,
    case
        when catalogue_status in ('no_data', 'not_evaluable') then catalogue_reason
        when is_expired and deadline_verdict is null then target_year || '年无全年数据，无法判定到期是否达成'
        when is_expired and deadline_verdict = 'incomplete' and deadline_actual is null
            then target_year || '年数据待核实（' || deadline_reason || '）'
        when is_expired and deadline_denominator_check is not null
            then target_year || '年数据待核实（' || deadline_denominator_check || '的总量（分母）需核实，核实前不判定）'
        when is_expired and deadline_values_check > 0
            then target_year || '年数据待核实（含 ' || deadline_values_check || ' 个有未处理审核标记的开发区数值'
                 || case when kind = 'growth' then '（' || base_year || '年或' || target_year || '年）' else '' end
                 || '，核实或更正前不判定）'
        -- Values held out of a total every other zone reported (qa42 F1): the figure waits for them, and says what is counted.
        when is_expired and deadline_awaits_check
            then target_year || '年数据待核实（' || deadline_reason || '；按已计入的开发区为'
                 || regexp_replace(printf('%.' || actual_decimals || 'f', deadline_actual), '\.?0+$', '') || unit || '，不判定）'
        when is_expired then
            target_year || '年' || deadline_verdict_label || '（'
            || case
                   -- A partial figure is what the reporting zones add up to, not the scope's: said so, with no gap.
                   when deadline_is_partial and deadline_verdict = 'achieved' then '按已计入的开发区已达' || regexp_replace(printf('%.' || actual_decimals || 'f', deadline_actual), '\.?0+$', '') || unit
                   when deadline_verdict = 'incomplete' then '按已计入的开发区为' || regexp_replace(printf('%.' || actual_decimals || 'f', deadline_actual), '\.?0+$', '') || unit
                   when completion_rate is not null then '完成' || regexp_replace(printf('%.' || completion_decimals || 'f', 100 * completion_rate), '\.?0+$', '') || '%'
                   when kind in ('growth', 'relative') then '实际' || regexp_replace(printf('%.' || actual_decimals || 'f', deadline_actual), '\.?0+$', '') || unit || '，要求' || regexp_replace(printf('%.2f', target_value), '\.?0+$', '') || unit
                   else '实际' || regexp_replace(printf('%.' || actual_decimals || 'f', deadline_actual), '\.?0+$', '') || unit
               end
            || case when deadline_gap < 0 and comparator <> '<=' then '，差' || regexp_replace(printf('%.' || gap_decimals || 'f', -deadline_gap), '\.?0+$', '') || gap_unit else '' end
            || case when kind = 'growth' and deadline_zones_compared < deadline_zones_in_scope
                    then '；按可比口径，' || deadline_zones_compared || ' 家（共 ' || deadline_zones_in_scope || ' 家）两年均有数值' else '' end
            || '）'
            || case
                   when break_after_deadline_declared and current_year > target_year
                       then '；' || current_year || '年数据（' || break_year_after_deadline || '年起口径变化）不与目标比较'
                   when current_denominator_check is not null and current_year > target_year
                       then '；' || current_year || '年' || current_denominator_check || '的总量（分母）需核实，不与目标比较'
                   when current_values_check > 0 and current_year > target_year
                       then '；' || current_year || '年含需核实的开发区数值，不与目标比较'
                   -- 超过 (低于) only when beyond it: a figure at the target exactly has 达到 it.
                   when deadline_verdict = 'missed' and current_meets_target then '；' || reached_since_year || '年起'
                       || case when comparator = '≈' or current_actual = target_value then '达到' when comparator = '<=' then '低于' else '超过' end || '目标'
                       || case when break_year_after_deadline is not null then '（' || break_year_after_deadline || '年起来源变更，前后不完全可比）' else '' end
                   when deadline_verdict = 'missed' and current_year > target_year and current_meets_target is null
                       then '；' || current_year || '年数据不全，未与目标比较'
                   when deadline_verdict = 'missed' and current_year > target_year then '；' || current_year || '年仍未达到目标'
                       || case when break_year_after_deadline is not null then '（' || break_year_after_deadline || '年起来源变更，前后不完全可比）' else '' end
                   else ''
               end
            || case when membership_assumed and kind in ('zone_count', 'count_per_city') then '；开发区名录部分为假定（缺少设立、升级、撤并日期）' else '' end
        -- Reached before the deadline: said as 提前, so it is not read as the verdict at the deadline.
        when latest_status = 'achieved' then
            '已提前达到目标（' || latest_period_label || '实际' || regexp_replace(printf('%.2f', latest_actual), '\.?0+$', '') || unit
            || '，' || target_year || '年目标' || regexp_replace(printf('%.2f', target_value), '\.?0+$', '') || unit || '）'
        else latest_reason
    end as headline_text,
    -- Appended: the headline is 'incomplete' because a figure waits for 核实 (a flagged denominator or member value, or
    -- every value held), not because zones are missing — read as 待核实 (到期待核实) where the status is shown.
    case when is_expired then coalesce(deadline_awaits_check, false) else coalesce(latest_awaits_check, false) end
        and catalogue_status not in ('no_data', 'not_evaluable') as headline_awaits_check
from digits
