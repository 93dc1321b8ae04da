-- Series breaks: a change of source, definition or coverage between two years of
-- one series (entity or scope × indicator × unit). Detected where the annual value's
-- method (a department's reported aggregate vs the sum of zone reports) or its source
-- files' layout changes from the previous year with data; declared in
-- sources/seeds/series_breaks.csv (口径调整), where a declared 可比 withdraws a detected
-- one. `year` is the first year of the new series: growth and CAGR are not computed
-- across it (growth, growth_cagr, target_status) and charts draw a gap there.
with layouts as (
    select name, string_agg(distinct layout, '+' order by layout) as layout
    from {{ ref('stg_loaded_files') }}
    group by name
),
scope_annual as (
    select v.scope_code as entity_code, v.indicator_code, v.unit, v.year, v.method, v.source_files
    from {{ ref('int_scope_values') }} v
    where v.is_preferred and v.end_month = 12
    qualify row_number() over (partition by v.scope_code, v.indicator_code, v.unit, v.year order by v.grain = 'year' desc) = 1
),
entity_annual as (
    select entity_code, indicator_code, unit, year, 'reported' as method, source_files
    from {{ ref('int_values_annual') }}
    where entity_kind <> 'scope'
),
annual as (
    select *, method || ':' || layout as signature,
           case method when 'reported_aggregate' then '部门汇总' when 'sum_of_zones' then '开发区报表合计' else '报送值' end
               || '（' || layout || ' 格式）' as source_label
    from (
        select s.entity_code, s.indicator_code, s.unit, s.year, s.method,
               coalesce((
                   select string_agg(distinct l.layout, '+' order by l.layout)
                   from (select unnest(string_split(s.source_files, '; ')) as name) f join layouts l using (name)
               ), '未知') as layout
        from (select * from scope_annual union all select * from entity_annual) s
    )
),
changing as (
    -- The series whose signature is not the same every year: only they can break. Ordering every series' years
    -- (174k at province) cost this model most of its time on every build (issue #24).
    select entity_code, indicator_code, unit
    from annual
    group by entity_code, indicator_code, unit
    having min(signature) <> max(signature)
),
sequenced as (
    select a.*,
           lag(a.signature) over w as previous_signature,
           lag(a.source_label) over w as previous_source_label,
           lag(a.year) over w as previous_year
    from annual a
    semi join changing c
      on c.entity_code is not distinct from a.entity_code and c.indicator_code is not distinct from a.indicator_code
     and c.unit is not distinct from a.unit
    window w as (partition by a.entity_code, a.indicator_code, a.unit order by a.year)
),
detected as (
    select entity_code, indicator_code, year, previous_year,
           'detected' as origin,
           '来源变更：' || previous_source_label || ' → ' || source_label as note
    from sequenced
    where previous_signature is not null and previous_signature <> signature
),
declared as (
    select entity_code, indicator_code, year, null::bigint as previous_year, 'declared' as origin, kind || '：' || note as note, source
    from {{ ref('stg_series_breaks') }}
    where kind = '口径调整'
)
select
    coalesce(dc.entity_code, dt.entity_code) as entity_code,
    coalesce(dc.indicator_code, dt.indicator_code) as indicator_code,
    coalesce(dc.year, dt.year) as year,
    dt.previous_year,
    case when dc.entity_code is not null then 'declared' else 'detected' end as origin,
    coalesce(dc.note, dt.note) as note,
    dt.note as detected_note,
    dc.source
from declared dc
full outer join detected dt
  on dt.entity_code = dc.entity_code and dt.indicator_code = dc.indicator_code and dt.year = dc.year
where not exists (
    select 1 from {{ ref('stg_series_breaks') }} c
    where c.kind = '可比' and c.entity_code = coalesce(dc.entity_code, dt.entity_code)
      and c.indicator_code = coalesce(dc.indicator_code, dt.indicator_code) and c.year = coalesce(dc.year, dt.year)
)
