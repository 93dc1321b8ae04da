-- Every value another file's value replaced, in the order of evidence (README, 数据版本;
-- pipelines/ingest/edition.ts): the key, the replaced and the replacing value, both
-- files and editions, and on what evidence (rules 1–5), in plain Chinese.
-- Withdrawn files are not in the chain: the load log shows them.
with chain as (
    select
        entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, basis,
        value, unit, vintage, vintage_source, source_file, source_line,
        -- A workbook's value is found by sheet and cell, not by row alone (stat-qa3 F16).
        source_column, source_sheet, loaded_at, file_status, is_current, is_conflict,
        edition_date, is_correction, is_preferred_file, source_mtime,
        lag(value) over w as previous_value,
        lag(source_file) over w as previous_file,
        -- The replaced value's own cell, so it can be found in the old file too (stat-qa4 F12).
        lag(source_sheet) over w as previous_sheet,
        lag(source_line) over w as previous_line,
        lag(source_column) over w as previous_column,
        lag(vintage) over w as previous_vintage,
        lag(vintage_source) over w as previous_vintage_source,
        lag(loaded_at) over w as previous_loaded_at,
        lag(edition_date) over w as previous_edition_date,
        lag(is_correction) over w as previous_is_correction,
        lag(is_preferred_file) over w as previous_is_preferred,
        lag(source_mtime) over w as previous_mtime
    from {{ ref('stg_observation_editions_named') }}
    -- A key with one loaded value replaced nothing (edition_count, issue #24: the window skips those rows).
    where file_status = 'loaded' and edition_count > 1
    window w as (partition by entity_code, indicator_code, measure, period_start, period_end, basis order by edition_rank desc)
),
judged as (
    select *,
        case
            when is_correction and not previous_is_correction and edition_date >= previous_edition_date and edition_date > vintage then 3
            when edition_date > previous_edition_date then
                case vintage_source when 'row' then 1 when 'filename' then 1 when 'option' then 1 when 'file' then 2 when 'inferred' then 4 else 5 end
            when is_correction and not previous_is_correction then 3
            when is_preferred_file and not previous_is_preferred then 1
            else 5
        end as evidence_rule
    from chain
    where previous_file is not null and (previous_value is distinct from value or previous_vintage <> vintage)
)
select
    -- The value replaced is 原值, not a 上年同期 (stat-qa5 F5: growth's previous_value label read 上年同期数值 here).
    * exclude (previous_is_correction, previous_is_preferred) rename (previous_value as replaced_value),
    case
        when evidence_rule = 3 then '规则3 更正文件：「' || source_file || '」标有更正标记，取代未标记的「' || previous_file || '」'
        when evidence_rule = 1 and is_preferred_file and edition_date = previous_edition_date then '规则1 用户指定：已用 zonestat prefer 指定以「' || source_file || '」为准'
        when evidence_rule = 1 then '规则1 用户注明的数据版本：新值 ' || strftime(vintage, '%Y-%m-%d') || ' 版，原值 ' || strftime(previous_vintage, '%Y-%m-%d') || ' 版'
        when evidence_rule = 2 then '规则2 文件内注明的日期：新值 ' || strftime(vintage, '%Y-%m-%d') || ' 版，原值 ' || strftime(previous_vintage, '%Y-%m-%d') || ' 版'
        when evidence_rule = 4 then '规则4 由内容推断：新文件的最新期间较晚，版本不早于 ' || strftime(vintage, '%Y-%m-%d') || '；原文件不早于 ' || strftime(previous_vintage, '%Y-%m-%d')
        when previous_mtime is not null and source_mtime is not null and source_mtime <> previous_mtime
            then '规则5 仅凭文件修改时间（' || strftime(source_mtime, '%Y-%m-%d %H:%M') || ' 晚于 ' || strftime(previous_mtime, '%Y-%m-%d %H:%M') || '）：版本证据不足'
        else '规则5 仅凭入库顺序：版本证据不足'
    end || case when evidence_rule = 5 and previous_value is distinct from value and is_conflict then '，已标记为版本冲突' else '' end as evidence,
    entity_name || ' ' || period_label || ' ' || indicator_name || '：' || coalesce(rtrim(rtrim(printf('%.6f', value), '0'), '.'), '空') || ' 取代 ' || coalesce(rtrim(rtrim(printf('%.6f', previous_value), '0'), '.'), '空') as description
from judged
