{#- A figure as text rounded half away from zero (四舍五入) to `decimals` places (0–4), on the figure as written
    (the double's shortest decimal form), as the pages and downloads round; a figure DECIMAL(38,10) cannot hold,
    or other decimals, is written in full (up to 6 places, trailing zeros dropped). null → null. -#}
{% macro half_up_text(expr, decimals) -%}
    coalesce(case {{ decimals }}
        when 0 then round(try_cast(({{ expr }})::double::varchar as decimal(38,10)), 0)::varchar
        when 1 then round(try_cast(({{ expr }})::double::varchar as decimal(38,10)), 1)::varchar
        when 2 then round(try_cast(({{ expr }})::double::varchar as decimal(38,10)), 2)::varchar
        when 3 then round(try_cast(({{ expr }})::double::varchar as decimal(38,10)), 3)::varchar
        when 4 then round(try_cast(({{ expr }})::double::varchar as decimal(38,10)), 4)::varchar
    end, rtrim(rtrim(printf('%.6f', {{ expr }}), '0'), '.'))
{%- endmacro %}

{#- The decimals a value of `indicator_code` in `unit` is shown with, the pages' rule (dashboards/kit/format.ts
    NumberFormats.decimals): the indicator's own (indicator_formats seed, joined as `formats`, its unit as
    `indicator_unit`) for a value in its unit or a unit without a rule of its own; else the unit's; else 1. -#}
{% macro display_decimals(formats_decimals, indicator_unit, unit) -%}
    coalesce(
        case when {{ formats_decimals }} is not null and ({{ unit }} = {{ indicator_unit }}
             or {{ unit }} not in ('亿元', '亿美元', '%', '家', '个', '项', '只', '名', '人', '万人', '平方公里')) then {{ formats_decimals }} end,
        case when {{ unit }} in ('家', '个', '项', '只', '名', '人') then 0 when {{ unit }} = '平方公里' then 2
             when {{ unit }} in ('亿元', '亿美元', '%', '万人') then 1 end,
        {{ formats_decimals }}, 1)
{%- endmacro %}
