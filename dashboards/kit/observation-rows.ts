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
 * GROUP BY), so the 700k facts are grouped on two integers, not six strings (about half the time).
 */
export const ANY_REPEATED_VALUE = `with loaded as (select file_id from ingest.files where status = 'loaded'),
  e as (select file_id, entity_key, dense_rank() over (order by entity_code) as entity_id from ingest.fact_entities join loaded using (file_id)),
  s as (select file_id, series_key, dense_rank() over (order by indicator_code, measure, period_start, period_end, basis) as series_id
        from ingest.fact_series join loaded using (file_id))
  select exists (
  select 1 from ingest.facts f join e using (file_id, entity_key) join s using (file_id, series_key)
  group by e.entity_id, s.series_id having count(*) > 1) as repeated`;

/**
 * SQL for one text, `latest_period`: the newest period end (YYYY-MM-DD) of OBSERVATION_ROWS from loaded files, or
 * NULL when none. The series that have a fact of a loaded file are found first (distinct file and series keys) and
 * only their period ends compared: the same maximum without carrying every fact's series columns through the
 * join (0.2 → 0.04 CPU-s at province scale, on every publish's shell line; issue #24).
 */
export const LATEST_LOADED_PERIOD = `select max(s.period_end)::varchar as latest_period from ingest.fact_series s
  semi join (select distinct f.file_id, f.series_key from ingest.facts f join ingest.fact_entities e using (file_id, entity_key)
             join ingest.files fl using (file_id) where fl.status = 'loaded') k using (file_id, series_key)`;
