-- Zone shares of provincial and city totals: per scope × indicator × period × basis
-- and per denominator vintage. A share from incomplete reporting is marked partial,
-- never shown as simply low.
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
    d.source_file as denominator_file,
    v.value / nullif(d.value, 0) as share,
    v.zones_reporting,
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
where i.summable
