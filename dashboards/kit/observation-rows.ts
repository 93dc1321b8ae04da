/**
 * Which observation rows exist, without main.observations' edition ranking. The view ranks every
 * value's editions with window functions over all rows (seconds at province scale, on every read);
 * a question about which rows exist — the newest period loaded, when a period first arrived,
 * whether any value came from two loaded files — needs only the join the view starts from (its
 * `base`: facts × entities × series × files, pipelines/warehouse/migrations.ts). The two row sets
 * are checked to agree by tests/publish/observation-rows.test.ts.
 */

/**
 * A subquery (use it as `from ${OBSERVATION_ROWS} o`) with one row per row of main.observations
 * and the view's names for these columns; file_status is ingest.files.status ('loaded', 'withdrawn', …).
 */
export const OBSERVATION_ROWS = `(
  select e.entity_code, e.entity_kind, s.indicator_code, s.measure, s.period_start, s.period_end, s.period_label, s.basis,
         fl.status as file_status, fl.loaded_at, fl.name as source_file
  from ingest.facts f
  join ingest.fact_entities e using (file_id, entity_key)
  join ingest.fact_series s using (file_id, series_key)
  join ingest.files fl using (file_id))`;

/**
 * SQL for one boolean, `repeated`: some value (entity, indicator, measure, period, basis) has more than
 * one row from loaded files. Without one there is no version conflict: main.observations' is_conflict
 * compares the values of a key's loaded rows, and a single row has nothing to differ from.
 * The key is numbered on the small entity and series tables first (dense_rank: NULLs are peers, as in
 * GROUP BY), so facts are grouped on two integers, not six strings. Only facts that can share a key are
 * grouped: those of a series tuple stored more than once (in two files, or twice in one file under two
 * vintages) and those of a file naming one entity under two names; any other fact's key is unique, as
 * ingest rejects a file giving one entity and series twice (DUPLICATE_VALUE). One quarterly file per
 * period shares no series, and the check reads the series table only (0.67 s of 700k facts grouped at
 * province scale before, on every publish; issue #24).
 */
export const ANY_REPEATED_VALUE = `with loaded as (select file_id from ingest.files where status = 'loaded'),
  s as (select file_id, series_key, dense_rank() over (order by indicator_code, measure, period_start, period_end, basis) as series_id
        from ingest.fact_series join loaded using (file_id)),
  two_names as (select distinct file_id from ingest.fact_entities join loaded using (file_id) group by file_id, entity_code having count(*) > 1),
  shared as (select * from s where series_id in (select series_id from s group by series_id having count(*) > 1)
             or file_id in (select file_id from two_names)),
  e as (select file_id, entity_key, dense_rank() over (order by entity_code) as entity_id from ingest.fact_entities join loaded using (file_id)
        where file_id in (select file_id from shared))
  select exists (
  select 1 from ingest.facts f join shared using (file_id, series_key) join e using (file_id, entity_key)
  group by e.entity_id, shared.series_id having count(*) > 1) as repeated`;

/**
 * SQL for one text, `latest_period`: the newest period end (YYYY-MM-DD) of OBSERVATION_ROWS from loaded files, or
 * NULL when none. The series that have a fact of a loaded file are found first (distinct file and series keys) and
 * only their period ends compared: the same maximum without carrying every fact's series columns through the
 * join (0.2 → 0.04 CPU-s at province scale, on every publish's shell line; issue #24).
 */
export const LATEST_LOADED_PERIOD = `select max(s.period_end)::varchar as latest_period from ingest.fact_series s
  semi join (select distinct f.file_id, f.series_key from ingest.facts f join ingest.fact_entities e using (file_id, entity_key)
             join ingest.files fl using (file_id) where fl.status = 'loaded') k using (file_id, series_key)`;
