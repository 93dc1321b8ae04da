{#- Project generic tests, written as dbt {% test %} blocks. -#}

{% test unique_combination(model, combination_of_columns) %}
{#- The grain of a model: no two rows share these columns. -#}
select {{ combination_of_columns | join(', ') }}, count(*) as n_records
from {{ model }}
group by {{ combination_of_columns | join(', ') }}
having count(*) > 1
{% endtest %}

{% test value_between(model, column_name, min_value, max_value) %}
{#- Values outside [min_value, max_value]; NULL passes (use not_null for that). -#}
select {{ column_name }}
from {{ model }}
where {{ column_name }} < {{ min_value }} or {{ column_name }} > {{ max_value }}
{% endtest %}
