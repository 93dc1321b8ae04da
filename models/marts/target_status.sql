-- Progress against every catalogue target, for every period with data: actual,
-- target, expected by schedule, gap and status. Schedules: document 000's increment
-- fractions (20%/45%/70%/100%) with its stated milestones shown beside them; linear
-- from base to target elsewhere; for year-to-date flows, the expected annual value
-- times the elapsed share of the year.
{#- Land targets read land_metrics: indicator → column (document 001's 单位土地地区生产总值 uses the same output measure). -#}
{% set land_columns = {'land_development_rate': 'land_development_rate_best', 'land_use_rate': 'land_use_rate_best', 'land_supply_rate': 'land_supply_rate', 'land_built_rate': 'land_built_rate', 'output_per_land': 'output_per_land_best', 'gdp_per_land': 'output_per_land_best'} %}
{% set land_rates = land_columns.keys() | list %}
with targets as (
    select t.*, i.kind as indicator_kind
    from {{ ref('stg_targets') }} t
    left join {{ ref('stg_indicators') }} i using (indicator_code)
),
data_years as (
    select distinct year from {{ ref('stg_observations') }}
),
actuals as (
    -- Levels of summable indicators and reported scope aggregates.
    select t.target_id, v.period_end, v.period_label, v.year, v.end_month, v.basis, v.value as actual,
           v.is_partial, v.is_synthetic, null::date as denominator_vintage
    from targets t
    join {{ ref('int_scope_values') }} v
      on v.scope_code = t.scope_code and v.indicator_code = t.indicator_code and v.is_preferred and v.unit = t.unit
    where t.kind = 'level' and t.indicator_code not in ({% for r in land_rates %}'{{ r }}'{% if not loop.last %}, {% endif %}{% endfor %})
    union all
    -- Land rates, computed from area components (or published).
    select t.target_id, lm.period_end, lm.year || '年末', lm.year, month(lm.period_end), 'level',
           case t.indicator_code
               {% for r in land_rates %}when '{{ r }}' then lm.{{ land_columns[r] }}
               {% endfor %}end,
           false, lm.is_synthetic, null::date
    from targets t
    join {{ ref('land_metrics') }} lm on lm.entity_code = t.scope_code
    where t.kind = 'level' and t.indicator_code in ({% for r in land_rates %}'{{ r }}'{% if not loop.last %}, {% endif %}{% endfor %})
    union all
    -- Levels of a single entity (a city's GDP in document 004), from its annual values.
    select t.target_id, make_date(a.year, 12, 31), a.year || '年', a.year, 12, 'period', a.value, false, a.is_synthetic, null::date
    from targets t
    join {{ ref('int_values_annual') }} a on a.entity_code = t.scope_code and a.indicator_code = t.indicator_code and a.unit = t.unit
    where t.kind = 'level' and t.scope_code not in (select scope_code from {{ ref('stg_scopes') }})
    union all
    -- Compound annual growth from the base year, in percent.
    select t.target_id, make_date(g.to_year, 12, 31), g.to_year || '年', g.to_year, 12, 'period', 100 * g.cagr, false, false, null::date
    from targets t
    join {{ ref('growth_cagr') }} g on g.entity_code = t.scope_code and g.indicator_code = t.indicator_code and g.from_year = t.base_year
    where t.kind = 'growth' and g.cagr is not null
    union all
    -- Relative targets (年均增速高于全市水平): the scope's compound annual growth from the base year minus the
    -- comparison's over the same years, in percentage points; growth compared in one currency.
    select t.target_id, make_date(g.to_year, 12, 31), g.to_year || '年', g.to_year, 12, 'period', 100 * (g.cagr - c.cagr), false, false, null::date
    from targets t
    join {{ ref('growth_cagr') }} g on g.entity_code = t.scope_code and g.indicator_code = t.indicator_code and g.from_year = t.base_year
    join {{ ref('growth_cagr') }} c on c.entity_code = t.comparison_code and c.indicator_code = t.indicator_code and c.from_year = t.base_year
        and c.to_year = g.to_year and c.unit = g.unit
    where t.kind = 'relative' and g.cagr is not null and c.cagr is not null
    qualify row_number() over (partition by t.target_id, g.to_year order by g.unit = '亿元' desc, g.unit) = 1
    union all
    -- Shares, in percent, on matched editions: the denominator as published when the numerator was (the planning
    -- office's basis; the latest-revised alternative stays in shares, see shares.sql).
    select t.target_id, s.period_end, s.period_label, s.year, month(s.period_end), s.basis, 100 * s.share,
           s.is_partial, s.is_synthetic, s.denominator_vintage
    from targets t
    join {{ ref('shares') }} s
      on s.scope_code = t.scope_code and s.indicator_code = t.indicator_code
     and s.is_preferred_numerator and s.is_matched_edition
     and (t.denominator_code is null or s.denominator_code = t.denominator_code)
    where t.kind = 'share'
    union all
    -- Zones in the scope whose annual value reaches the threshold.
    select t.target_id, make_date(m.year, 12, 31), m.year || '年', m.year, 12, 'period',
           count(*) filter (where a.value >= t.threshold)::double, false, bool_or(a.is_synthetic), null::date
    from targets t
    join {{ ref('int_scope_members') }} m on m.scope_code = t.scope_code
    join {{ ref('int_values_annual') }} a on a.entity_code = m.zone_code and a.year = m.year and a.indicator_code = t.indicator_code
    where t.kind = 'count'
    group by t.target_id, m.year
    union all
    -- Zone counts from the zone register, for years the warehouse has data for.
    select t.target_id, make_date(m.year, 12, 31), m.year || '年', m.year, 12, 'level', count(*)::double, false, false, null::date
    from targets t
    join {{ ref('int_scope_members') }} m on m.scope_code = t.scope_code
    where t.kind in ('zone_count', 'count_per_city') and m.year in (select year from data_years)
    group by t.target_id, m.year
),
scheduled as (
    select
        a.*,
        t.* exclude (target_id),
        case
            when a.year >= t.target_year then t.target_value
            when t.base_value is null or t.base_year is null then t.target_value
            when a.year < t.base_year then null
            when t.schedule = 'doc000_increment' and f.fraction is not null then t.base_value + f.fraction * (t.target_value - t.base_value)
            else t.base_value + (a.year - t.base_year)::double / (t.target_year - t.base_year) * (t.target_value - t.base_value)
        end as expected_annual,
        case
            when a.year >= t.target_year then 'target'
            when t.base_value is null or t.base_year is null then 'target'
            when t.schedule = 'doc000_increment' and f.fraction is not null then 'increment_fraction'
            else 'linear'
        end as expected_method,
        f.fraction as schedule_fraction,
        ms.value as milestone_value,
        ms.clause as milestone_clause,
        t.indicator_kind = 'flow' and t.kind = 'level' and a.basis = 'ytd' and a.end_month < 12 as is_part_year
    from actuals a
    join targets t using (target_id)
    left join {{ ref('stg_schedule_fractions') }} f on f.document = t.document and f.year = a.year
    left join {{ ref('stg_target_milestones') }} ms on ms.target_id = t.target_id and ms.year = a.year
),
judged as (
    select
        *,
        case when is_part_year then expected_annual * end_month / 12.0 else expected_annual end as expected,
        case comparator
            when '>=' then actual >= target_value
            when '<=' then actual <= target_value
            when '≈' then actual >= 0.95 * target_value
        end and not is_part_year as meets_target,
        case comparator
            when '>=' then actual >= (case when is_part_year then expected_annual * end_month / 12.0 else expected_annual end)
            when '<=' then actual <= (case when is_part_year then expected_annual * end_month / 12.0 else expected_annual end)
            when '≈' then actual >= 0.95 * (case when is_part_year then expected_annual * end_month / 12.0 else expected_annual end)
        end as meets_expected
    from scheduled
)
select
    target_id, document, clause, phrase, scope_code, indicator_code, kind, comparator, aspirational, unit,
    base_year, base_value, target_year, target_value,
    period_end, period_label, year, basis, actual,
    expected, expected_method, schedule_fraction, milestone_value, milestone_clause,
    actual - expected as gap_to_expected,
    actual - target_value as gap_to_target,
    case
        when kind = 'level' and indicator_kind = 'flow' and not is_part_year and year < target_year and actual > 0 and target_value > 0
             and not coalesce(meets_target, false)
        then pow(target_value / actual, 1.0 / (target_year - year)) - 1
    end as required_annual_growth,
    case
        when is_partial then 'incomplete'
        -- An average growth rate is judged over the whole period: before the target year it is only on track.
        when kind in ('growth', 'relative') and year < target_year and meets_target then 'on_track'
        when meets_target then 'achieved'
        when year > target_year or (year = target_year and not is_part_year) then 'missed'
        when expected is null then 'no_schedule'
        when meets_expected then 'on_track'
        else 'behind'
    end as status,
    case
        when is_partial then '部分开发区未报送，合计不完整'
        when expected is null and not meets_target then '基期早于数据或缺少基期值'
    end as reason,
    is_partial,
    is_synthetic,
    denominator_vintage,
    conflict_group
from judged
union all
select
    t.target_id, t.document, t.clause, t.phrase, t.scope_code, t.indicator_code, t.kind, t.comparator, t.aspirational, t.unit,
    t.base_year, t.base_value, t.target_year, t.target_value,
    null, null, null, null, null, null, null, null, null, null, null, null, null,
    case when t.evaluable then 'no_data' else 'not_evaluable' end,
    case when t.evaluable then '暂无可计算此目标的数据' else t.not_evaluable_reason end,
    false, false, null, t.conflict_group
from targets t
where not t.evaluable or t.target_id not in (select target_id from actuals)
