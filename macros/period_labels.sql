{#- The period label of a full-year 1-12月 累计 figure read as the year's value: 「2023年」, the annual
    figure's own label (pipelines/ingest/periods.ts), so every mart names the year alike and downloads join on
    期间 (dl-qa #6). `is_full_year_ytd` is the caller's condition (a flow's 1-12月 累计, see
    int_observations_comparable). -#}
{% macro full_year_period_label(period_label, period_end, is_full_year_ytd) -%}
    case when {{ is_full_year_ytd }} then year({{ period_end }}) || '年' else {{ period_label }} end
{%- endmacro %}

{#- The basis a value is counted under as a figure of its period: a 1-12月 累计 (Jan 1 to Dec 31 of one year) is the
    year's figure, 'period' like the 年 value; any other basis as is (coverage.sql, stat-qa5 F6). -#}
{% macro year_form_key(basis, period_start, period_end) -%}
case when {{ basis }} = 'ytd' and month({{ period_start }}) = 1 and day({{ period_start }}) = 1 and month({{ period_end }}) = 12 and day({{ period_end }}) = 31
     then 'period' else {{ basis }} end
{%- endmacro %}
