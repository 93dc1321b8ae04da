-- Zone shares of provincial and city totals: per scope × indicator × period × basis
-- and per denominator vintage. A share from incomplete reporting is marked partial,
-- never shown as simply low.
-- Editions are paired deliberately (issue #15). The default, `is_matched_edition`, is
-- the planning office's basis: the denominator as published when the numerator was —
-- the newest denominator edition not later than the numerator's, or, when every
-- edition is later, the earliest one. `is_latest_vintage` is the analyst's latest
-- revised series. target_status judges shares on the matched edition.
with denominator_flags as (
    -- Totals on which any open 审核 flag of a loaded file stands: a share over such a denominator is marked 分母需核实, as
    -- the cities page marks 占本市. Not only a holding rule's (a city above its province, ×20 off, below its own zones):
    -- a first-year ×0.1 city total with only a fall (YTD_DECREASE) gave 占本市 20.8% for 2.1% unmarked (stat-qa4 F14).
    -- Its share above 100% is the denominator's error, not the zones': the schema's range test warns on it instead of
    -- failing the build (a right zone value over a wrong city total blocked the whole site at 584%).
    select distinct a.entity_code, a.indicator_code, a.period_end
    from {{ source('ingest', 'audit_flags') }} a
    join {{ source('ingest', 'files') }} f using (file_id)
    where a.state = 'open' and f.status = 'loaded'
),
paired as (
select
    v.scope_code,
    s.scope_name,
    v.indicator_code,
    i.indicator_name,
    v.period_start,
    v.period_end,
    v.period_label,
    v.grain,
    v.basis,
    v.year,
    v.unit,
    v.method as numerator_method,
    v.is_preferred as is_preferred_numerator,
    v.value as numerator,
    v.vintage as numerator_vintage,
    d.entity_code as denominator_code,
    d.entity_name as denominator_name,
    d.value as denominator,
    d.vintage as denominator_vintage,
    d.is_latest_vintage,
    d.vintage_source as denominator_vintage_source,
    d.source_file as denominator_file,
    df.entity_code is not null as denominator_needs_check,
    v.value / nullif(d.value, 0) as share,
    v.zones_reporting,
    v.zones_held_for_check,
    v.zones_expected,
    v.zones_reporting::double / nullif(v.zones_expected, 0) as reporting_ratio,
    v.is_partial,
    v.used_exchange_rate,
    v.is_synthetic or d.is_synthetic as is_synthetic,
    v.source_files as numerator_files
from {{ ref('int_scope_values') }} v
join {{ ref('stg_scopes') }} s using (scope_code)
join {{ ref('stg_indicators') }} i using (indicator_code)
join {{ ref('int_denominators') }} d
  on d.entity_code = s.denominator_code
 and d.indicator_code = v.indicator_code
 and d.period_start = v.period_start
 and d.period_end = v.period_end
 and d.basis = v.basis
 and d.unit = v.unit
left join denominator_flags df on df.entity_code = d.entity_code and df.indicator_code = v.indicator_code and df.period_end = v.period_end
where i.summable
)
select
    * exclude (matched_vintage),
    denominator_vintage = matched_vintage as is_matched_edition,
    case
        when denominator_vintage = matched_vintage and denominator_vintage > numerator_vintage then '最早的版本（分子公布时尚无已公布的全省数）'
        when denominator_vintage = matched_vintage and is_latest_vintage then '同期版本，即最新修订'
        when denominator_vintage = matched_vintage then '同期版本（分子公布时的分母）'
        when is_latest_vintage then '最新修订版本'
        else '其他版本'
    end as edition_basis,
    '分子 ' || coalesce(strftime(numerator_vintage, '%Y-%m-%d'), '版本不明') || ' 版；分母 ' || strftime(denominator_vintage, '%Y-%m-%d') || ' 版（'
        || case denominator_vintage_source when 'row' then '数据行注明' when 'filename' then '文件名注明' when 'option' then '命令行注明'
                when 'file' then '文件内注明' when 'inferred' then '由内容推断，不早于此日' else '入库日期' end || '）' as edition_label
from (
    select *,
        coalesce(
            max(case when denominator_vintage <= numerator_vintage then denominator_vintage end) over k,
            min(denominator_vintage) over k
        ) as matched_vintage
    from paired
    window k as (partition by scope_code, indicator_code, period_start, period_end, basis, unit, numerator_method, denominator_code)
)
