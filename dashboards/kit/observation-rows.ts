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
 */
export const ANY_REPEATED_VALUE = `select exists (
  select 1 from ${OBSERVATION_ROWS} o where o.file_status = 'loaded'
  group by o.entity_code, o.indicator_code, o.measure, o.period_start, o.period_end, o.basis having count(*) > 1) as repeated`;
