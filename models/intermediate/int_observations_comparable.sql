{{ config(materialized="view") }}
-- Values keyed so that like compares with like: a flow's 1-12月 year-to-date figure
-- is keyed as the year (basis 'period', grain 'year'), and where a file gave both,
-- the annual figure is kept. Shares and growth join on these keys; int_values_annual
-- still sees both and flags a disagreement.
-- One row per key (entity, indicator, period, comparable basis, unit): the rows int_observations_canonical marks
-- is_comparable (it decides which, annual first). A view: the 722k rows are written once, by
-- int_observations_canonical, not again here (writing and sorting them was this model's whole time, issue #24);
-- it follows that model's years, incremental builds included.
-- Only the columns growth and int_scope_values read; the provenance of each value (line, column, sheet, load
-- time) is in int_observations_canonical.
select
    entity_code, entity_name, entity_kind, indicator_code, period_start, period_end, year, end_month,
    value, unit, vintage, fx_rate, source_file, is_synthetic, summable, is_full_year_ytd,
    case when is_full_year_ytd then 'period' else basis end as basis,
    case when is_full_year_ytd then 'year' else grain end as grain,
    case when is_full_year_ytd then year || '年' else period_label end as period_label
from (
    select *,
        (indicator_kind = 'flow' or indicator_kind is null) and basis = 'ytd' and end_month = 12 and month(period_start) = 1 as is_full_year_ytd
    from {{ ref('int_observations_canonical') }}
    where is_comparable
)
