{#- A year's 年 value and its 1-12月 累计 that cannot both be one figure revised (int_held_values holds the year): both
    given, and twofold or more apart, or of different sign (0 beside a value included). -#}
{% macro year_forms_conflict(annual, ytd) -%}
({{ annual }} is not null and {{ ytd }} is not null and greatest(abs({{ annual }}), abs({{ ytd }})) > 0
 and (sign({{ annual }}) <> sign({{ ytd }}) or greatest(abs({{ annual }}), abs({{ ytd }})) >= 2 * least(abs({{ annual }}), abs({{ ytd }}))))
{%- endmacro %}
