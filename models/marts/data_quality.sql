-- Every data problem the marts can see, one row each, for the data-quality page.
-- Over a denominator held for check, the total's error (its own flag is listed): a warning, as the shares test says.
select 'share_above_100' as check_code, case when denominator_needs_check then 'warning' else 'error' end as severity, scope_code as entity_code, indicator_code, period_label,
       '占比超过100%：' || round(100 * share, 1) || '%（分母版本 ' || denominator_vintage || '）'
       || case when denominator_needs_check then '；分母（' || denominator_name || '的总量）本身需核实，占比仅供参考' else '' end as detail
from {{ ref('shares') }} where share > 1
union all
select 'ytd_decreases', 'warning', d.entity_code, d.indicator_code, d.period_label,
       '年内累计值下降：' || previous_value || ' → ' || d.value
       -- The later value confirmed (zonestat confirm): said with who and when — the fall itself is still there (stat-qa6 F4).
       || coalesce('（' || d.value || ' 已由' || cf.confirmed_by || '于 ' || cf.confirmed_local || ' 核实；累计值不应下降，请核实此前的累计值）', '')
from {{ ref('int_ytd_decreases') }} d
left join (
    select a.entity_code, a.indicator_code, a.period_label, a.value, arg_max(a.confirmed_by, a.confirmed_at) as confirmed_by,
           strftime(timezone('{{ var("timezone", "Asia/Shanghai") }}', timezone('UTC', max(a.confirmed_at))), '%Y-%m-%d %H:%M') as confirmed_local
    from {{ source('ingest', 'audit_flags') }} a join {{ source('ingest', 'files') }} f using (file_id)
    where a.state = 'confirmed' and f.status = 'loaded' and a.measure = 'value'
    group by all
) cf on cf.entity_code = d.entity_code and cf.indicator_code = d.indicator_code and cf.period_label = d.period_label and cf.value = d.value
-- One entry per problem, on the cell the flag is on (stat-qa finding 10): a fall whose wrong value YTD_OUT_OF_LINE names
-- (either of the two) is listed as that flag only, and so is one YTD_DECREASE marks on this row's own value. A fall
-- whose YTD_DECREASE sits on the earlier value stays listed here too: the 季度分析 of the later period reads this row
-- (with the flags' 标记号) to mention it. A fall whose flag was confirmed stays: confirming one value does not make the
-- 累计 rise.
where not exists (
    select 1 from {{ source('ingest', 'audit_flags') }} a join {{ source('ingest', 'files') }} f using (file_id)
    where a.state = 'open' and f.status = 'loaded'
      and a.entity_code = d.entity_code and a.indicator_code = d.indicator_code and year(a.period_end) = d.year
      and (a.rule_code = 'YTD_OUT_OF_LINE' and (a.value = d.value or a.value = d.previous_value)
           or a.rule_code = 'YTD_DECREASE' and a.period_label = d.period_label and a.value = d.value))
union all
select 'developed_exceeds_planned', 'warning', entity_code, 'supply_ready_area', strftime(period_end, '%Y年%m月末'),
       '已开发面积 ' || supply_ready_area || ' 超过规划面积 ' || planned_area
from {{ ref('land_metrics') }} where developed_exceeds_planned
union all
select 'land_rate_disagrees', 'warning', entity_code, 'land_development_rate', strftime(period_end, '%Y年%m月末'),
       '公布的土地开发率 ' || round(published_land_development_rate, 1) || '% 与按面积计算的 ' || round(land_development_rate, 1) || '% 不符'
from {{ ref('land_metrics') }} where development_rate_disagrees
union all
-- Which of the two the year's value is, when one is held for 核实 and the other not (stat-qa F7: the reader saw
-- the 1-12月's file named beside the held 年 value); both held, the 年 value is used and the sums hold it.
-- Neither held and a form's flag confirmed (zonestat confirm --force): checked, not 需核实 — who and when, and the
-- form the year takes (stat-qa6 F4: it stayed a 需核实 warning with no word of the confirmation).
select case when cf.year is not null and not annual_held and not ytd_december_held then 'year_form_confirmed' else 'annual_differs_from_ytd' end,
       case when cf.year is not null and not annual_held and not ytd_december_held then 'info' else 'warning' end,
       v.entity_code, v.indicator_code, v.year || '年',
       '年度值 ' || annual_value || ' 与 1-12月累计值 ' || ytd_december_value || ' 不一致'
       || case when annual_held and not ytd_december_held then '；年度值需核实，本年取 1-12月累计值 ' || ytd_december_value || '（计入合计和占比）'
               when ytd_december_held and not annual_held then '；1-12月累计值需核实，本年取年度值 ' || annual_value || '（计入合计和占比）'
               -- Neither (or both) held: the 年 value is used — said, so the pick is not silent (stat-qa5 F11).
               when annual_held then '；二者都需核实，本年取年度值 ' || annual_value || '（核实前不计入合计）'
               when cf.year is not null then
                    coalesce('；年度值 ' || annual_value || ' 已由' || cf.annual_by || '于 ' || cf.annual_at || ' 核实', '')
                    || coalesce('；1-12月累计值 ' || ytd_december_value || ' 已由' || cf.ytd_by || '于 ' || cf.ytd_at || ' 核实', '')
                    || case when method = 'ytd_december' then '；本年取 1-12月累计值 ' || ytd_december_value else '；本年取年度值 ' || annual_value end
                    || '（计入合计和占比）'
                    -- The confirmed form is not the one used: the totals keep the other until it is corrected.
                    || case when method = 'annual' and cf.annual_by is null then '；如以 1-12月累计值为准，请报送单位更正年度值'
                            when method = 'ytd_december' and cf.ytd_by is null then '；如以年度值为准，请报送单位更正 1-12月累计值' else '' end
               -- Twofold apart, neither held: the year is held (int_held_values YEAR_FORMS_DIFFER, stat-qa7 F1).
               when {{ year_forms_conflict('annual_value', 'ytd_december_value') }}
                   then '；二者相差一倍以上，不是同一数值的修订，核实前本年不计入合计和占比、不参与排名：请与开发区核实哪一个正确，报送更正文件（或撤回有误的文件）'
               else '；本年取年度值 ' || annual_value || '（计入合计和占比），请与开发区核实哪一个正确' end
from {{ ref('int_values_annual') }} v
-- Who confirmed each full-year form, when, in the project's timezone.
left join (
    select entity_code, indicator_code, year, annual_by, ytd_by,
           strftime(timezone('{{ var("timezone", "Asia/Shanghai") }}', timezone('UTC', annual_confirmed_at)), '%Y-%m-%d %H:%M') as annual_at,
           strftime(timezone('{{ var("timezone", "Asia/Shanghai") }}', timezone('UTC', ytd_confirmed_at)), '%Y-%m-%d %H:%M') as ytd_at
    from {{ ref('int_confirmed_year_forms') }}
) cf on cf.entity_code = v.entity_code and cf.indicator_code = v.indicator_code and cf.year = v.year
where annual_and_ytd_differ
union all
-- Membership is as of each year's end (int_zone_membership): a zone whose register entry (zone_history) starts within a
-- year counts for every period of that year — values before the day summed, a period not reported 未报送 — and one not
-- in it at a year's end counts for none of that year, its values left out of every total (stat-qa9 F2, stat-qa10 F2).
-- Said for the years with data, so neither is silent.
select 'membership_starts_mid_year', 'info', z.zone_code, null, s.year || '年',
       z.zone_name || '自 ' || strftime(s.valid_from, '%Y-%m-%d') || ' 起列入开发区名录（zone_history）：开发区名单按年末口径，'
       || s.year || '年各期（含此日期之前的期间）都计入合计和应报家数'
from (select zone_code, min(valid_from) as valid_from, year(min(valid_from)) as year
      from {{ ref('stg_zone_history') }} where status = 'active' group by zone_code) s
join {{ ref('stg_zones') }} z using (zone_code)
where s.valid_from is not null and s.valid_from <> make_date(s.year, 1, 1)
  and s.year in (select distinct year from {{ ref('stg_observations') }})
union all
-- A zone not in the register at a year's end (before its entry starts, after it ends — or, ending within the year, for
-- all of it) whose values of that year are loaded: they are in no total.
select 'outside_register', 'warning', x.zone_code, null, x.year || '年',
       z.zone_name || '在' || x.year || '年末不在开发区名录中（zone_history'
       || coalesce('：' || (select string_agg(coalesce(strftime(h.valid_from, '%Y-%m-%d'), '') || ' 至 ' || coalesce(strftime(h.valid_to, '%Y-%m-%d'), '今'), '；' order by h.valid_from)
                           from {{ ref('stg_zone_history') }} h where h.zone_code = x.zone_code and h.status = 'active'), '')
       || '）：开发区名单按年末口径，该年已入库的 ' || x.values || ' 个数值不计入任何合计和应报家数'
from (
    select m.zone_code, m.year, count(*) as values
    from {{ ref('int_zone_membership') }} m
    join {{ ref('stg_observations') }} o on o.entity_code = m.zone_code and o.year = m.year and o.measure = 'value'
    where m.membership_basis = 'recorded' and not m.is_active
    group by all
) x
join {{ ref('stg_zones') }} z using (zone_code)
union all
select 'missing_report', 'warning', zone_code, indicator_code, period_label, zone_name || ' 未报送'
from {{ ref('coverage') }} where not reported and is_expected_period
union all
select 'late_report', 'info', zone_code, indicator_code, period_label, zone_name || ' 报送晚于期末45天'
from {{ ref('coverage') }} where is_late and is_expected_period
union all
select 'missing_exchange_rate', 'error', o.entity_code, o.indicator_code, o.period_label,
       '缺少 ' || o.year || ' 年美元汇率，无法将 ' || o.unit || ' 换算为 ' || i.unit
from {{ ref('stg_observations') }} o
join {{ ref('stg_indicators') }} i using (indicator_code)
left join {{ ref('stg_exchange_rates') }} fx on fx.year = o.year and fx.currency = 'USD'
where o.measure = 'value' and o.unit <> i.unit and o.unit in ('亿元', '亿美元') and i.unit in ('亿元', '亿美元') and fx.year is null
union all
-- Two files of equal evidence disagree and only modification time or load order chose the current value (issue #15).
-- A file is named as `status` names it: a name two loaded files share is followed by its short sha (dl-qa #8).
-- Values are rounded as the pages show them (indicator_formats), unless that would show two different values alike.
select 'version_conflict', 'warning', entity_code, indicator_code, period_label,
       entity_name || ' ' || period_label || ' ' || indicator_name || '：'
       || case when count(distinct rounded) < count(distinct value)
               then string_agg(source_named || '为 ' || coalesce(exact, '空'), '，' order by edition_rank)
               else string_agg(source_named || '为 ' || coalesce(rounded, '空'), '，' order by edition_rank) end
       || '；两文件的数据版本证据相同，当前值「'
       || coalesce(case when count(distinct rounded) < count(distinct value)
                        then max(case when is_current then exact end) else max(case when is_current then rounded end) end, '空')
       || '」仅由修改时间或入库顺序决定。请用 zonestat prefer 文件名 指定，或注明版本后重新放入'
from (
    select c.*,
           '「' || c.source_file || '」' || case when c.source_name_shared then '（' || c.source_sha8 || '）' else '' end as source_named,
           -- Trailing zeros dropped, as this text always wrote figures (215, not 215.0).
           regexp_replace(regexp_replace({{ half_up_text('c.value', display_decimals('f.decimals', 'i.unit', 'c.unit')) }},
               '(\.[0-9]*?)0+$', '\1'), '\.$', '') as rounded,
           rtrim(rtrim(printf('%.6f', c.value), '0'), '.') as exact
    from {{ ref('stg_observation_editions_named') }} c
    left join {{ ref('indicator_formats') }} f on f.code = c.indicator_code
    left join {{ ref('stg_indicators') }} i on i.indicator_code = c.indicator_code
    where c.is_conflict
)
group by entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, basis
union all
-- 核实性 审核 findings made at load time (sources/audit-rules/), until confirmed or corrected.
select a.rule_code, 'warning', a.entity_code, a.indicator_code, a.period_label,
       -- A workbook's cell as sheet!cell (stat-qa finding 9: 开发区!D19), a text file's by line and column.
       '需核实：' || a.message || '（' || f.name || coalesce(' ' || (select min(x.sheet) from {{ source('ingest', 'facts') }} x
           where x.file_id = a.file_id and x.line = a.line and x.col = a.col
             and (a.original_text is null or x.original_text = a.original_text)) || '!' || a.col || a.line, ' 第' || a.line || '行 ' || a.col || '列')
       || '，标记号 ' || a.flag_id || '）'
       -- int_scope_values holds such a value out of the sums (inc-qa2 finding 2).
       || case -- The year held as its two forms disagree (int_held_values YEAR_FORMS_DIFFER), whatever this flag's rule: out of
               -- the sums (stat-qa8: the 年度分析 said 「该数值仍计入各范围合计」 of a non-holding mark on it).
               when a.entity_code in (select zone_code from {{ ref('stg_zones') }}) and a.basis in ('period', 'ytd')
                    and a.period_start = make_date(year(a.period_end), 1, 1) and month(a.period_end) = 12
                    and exists (select 1 from {{ ref('int_held_values') }} v where v.held_rule = 'YEAR_FORMS_DIFFER' and v.entity_code = a.entity_code
                                  and v.indicator_code = a.indicator_code and v.period_end = a.period_end)
               then '；同年年度值与 1-12月累计值相差一倍以上，核实前本年不计入各范围合计和占比'
               when not coalesce(a.rule_code in (select rule_code from {{ source('ingest', 'held_audit_rules') }}) and a.entity_code in (select zone_code from {{ ref('stg_zones') }}), false) then ''
               -- A 年 value (or 1-12月) held while the year's other form is not: the models use that one (int_held_values, stat-qa F7).
               when not exists (select 1 from {{ ref('int_held_values') }} v where v.entity_code = a.entity_code and v.indicator_code = a.indicator_code and v.period_end = a.period_end)
                    and a.basis in ('period', 'ytd') and month(a.period_start) = 1 and month(a.period_end) = 12
               then case when a.basis = 'ytd' then '；同年年度值未标记，本年取年度值，计入各范围合计和占比' else '；同年 1-12月累计值未标记，本年取 1-12月累计值，计入各范围合计和占比' end
               else '；核实前该数值不计入各范围合计和占比（该范围标为数据不全），确认（zonestat confirm）或更正后计入' end
from {{ source('ingest', 'audit_flags') }} a
join {{ source('ingest', 'files') }} f using (file_id)
where a.state = 'open' and f.status = 'loaded'
