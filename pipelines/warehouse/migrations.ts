/**
 * Bookkeeping tables, created by numbered migrations applied when the warehouse
 * opens. Add a migration; never edit one that has shipped.
 */
import { sql, type Kysely, type Migration, type MigrationProvider } from "kysely";

const migrations: Record<string, Migration> = {
  "0001_ingest_tables": {
    async up(db: Kysely<any>) {
      await sql`create schema if not exists ingest`.execute(db);
      await sql`create sequence if not exists ingest.file_id_seq start 1`.execute(db);
      await sql`create table ingest.files (
        file_id integer primary key default nextval('ingest.file_id_seq'),
        sha256 varchar not null unique,
        name varchar not null,
        original_path varchar not null,
        size_bytes bigint not null,
        layout varchar not null,
        encoding varchar not null,
        status varchar not null,
        title varchar,
        rows_loaded integer not null,
        vintage date not null,
        vintage_source varchar not null,
        is_synthetic boolean not null,
        loaded_at timestamp not null,
        withdrawn_at timestamp,
        warnings varchar not null
      )`.execute(db);
      await sql`create table ingest.facts (
        file_id integer not null,
        line integer not null,
        col varchar not null,
        entity_code varchar not null,
        entity_name varchar not null,
        entity_kind varchar not null,
        indicator_code varchar not null,
        indicator_name varchar not null,
        indicator_label varchar not null,
        uncatalogued boolean not null,
        measure varchar not null,
        period_start date not null,
        period_end date not null,
        period_label varchar not null,
        grain varchar not null,
        basis varchar not null,
        value double,
        unit varchar not null,
        original_text varchar not null,
        original_unit varchar not null,
        vintage date not null,
        loaded_at timestamp not null
      )`.execute(db);
      await sql`create sequence if not exists ingest.rejection_id_seq start 1`.execute(db);
      await sql`create table ingest.rejections (
        rejection_id integer primary key default nextval('ingest.rejection_id_seq'),
        sha256 varchar not null,
        name varchar not null,
        rejected_at timestamp not null,
        first_code varchar not null,
        problems integer not null,
        report_path varchar not null
      )`.execute(db);
      await sql`create sequence if not exists ingest.run_id_seq start 1`.execute(db);
      await sql`create table ingest.runs (
        run_id integer primary key default nextval('ingest.run_id_seq'),
        command varchar not null,
        started_at timestamp not null,
        finished_at timestamp,
        status varchar not null,
        files_loaded integer not null default 0,
        files_rejected integer not null default 0,
        message varchar,
        duration_ms integer
      )`.execute(db);
      // The documented public view. Changing its columns needs a README note.
      await sql`create or replace view main.observations as
        select
          f.entity_code, f.entity_name, f.entity_kind,
          f.indicator_code, f.indicator_name, f.indicator_label, f.uncatalogued,
          f.measure, f.period_start, f.period_end, f.period_label, f.grain, f.basis,
          f.value, f.unit, f.original_text, f.original_unit,
          f.vintage, fl.name as source_file, fl.sha256 as source_sha256, f.line as source_line, f.col as source_column,
          f.loaded_at, fl.status as file_status, fl.is_synthetic,
          fl.status = 'loaded' and row_number() over (
            partition by f.entity_code, f.indicator_code, f.measure, f.period_start, f.period_end, f.basis,
                         fl.status = 'loaded'
            order by f.vintage desc, f.file_id desc, f.line desc
          ) = 1 as is_current
        from ingest.facts f
        join ingest.files fl using (file_id)`.execute(db);
    },
  },
  "0002_state": {
    async up(db: Kysely<any>) {
      await sql`create table ingest.state (key varchar primary key, value varchar not null, updated_at timestamp not null)`.execute(db);
    },
  },
  // Facts keep only what varies per row; what a file says once per entity or per
  // series (names, labels, period, unit, vintage) is stored once per file and joined
  // back by `ingest.facts_wide`. Inserting 5M narrow rows costs a fifth of the wide ones.
  "0003_narrow_facts": {
    async up(db: Kysely<any>) {
      await sql`drop view if exists main.observations`.execute(db);
      await sql`create table ingest.fact_entities (
        file_id integer not null,
        entity_key integer not null,
        entity_code varchar not null,
        entity_name varchar not null,
        entity_kind varchar not null
      )`.execute(db);
      await sql`create table ingest.fact_series (
        file_id integer not null,
        series_key integer not null,
        indicator_code varchar not null,
        indicator_name varchar not null,
        indicator_label varchar not null,
        uncatalogued boolean not null,
        measure varchar not null,
        period_start date not null,
        period_end date not null,
        period_label varchar not null,
        grain varchar not null,
        basis varchar not null,
        unit varchar not null,
        original_unit varchar not null,
        vintage date not null
      )`.execute(db);
      await sql`create table ingest.fact_values (
        file_id integer not null,
        line integer not null,
        col varchar not null,
        entity_key integer not null,
        series_key integer not null,
        value double,
        original_text varchar not null
      )`.execute(db);
      await sql`insert into ingest.fact_entities
        select file_id, row_number() over (partition by file_id order by entity_code, entity_name, entity_kind)::integer,
               entity_code, entity_name, entity_kind
        from (select distinct file_id, entity_code, entity_name, entity_kind from ingest.facts)`.execute(db);
      await sql`insert into ingest.fact_series
        select file_id, row_number() over (partition by file_id order by indicator_code, indicator_name, indicator_label, uncatalogued, measure, period_start, period_end, period_label, grain, basis, unit, original_unit, vintage)::integer, * exclude (file_id)
        from (select distinct file_id, indicator_code, indicator_name, indicator_label, uncatalogued, measure, period_start,
                     period_end, period_label, grain, basis, unit, original_unit, vintage from ingest.facts)`.execute(db);
      await sql`insert into ingest.fact_values
        select f.file_id, f.line, f.col, e.entity_key, s.series_key, f.value, f.original_text
        from ingest.facts f
        join ingest.fact_entities e using (file_id, entity_code, entity_name, entity_kind)
        join ingest.fact_series s using (file_id, indicator_code, indicator_name, indicator_label, uncatalogued, measure,
                                         period_start, period_end, period_label, grain, basis, unit, original_unit, vintage)`.execute(db);
      await sql`drop table ingest.facts`.execute(db);
      await sql`alter table ingest.fact_values rename to facts`.execute(db);
      // The old row shape, for tests and for anyone who read ingest.facts: one row per stored value.
      await sql`create view ingest.facts_wide as
        select f.file_id, f.line, f.col, e.entity_code, e.entity_name, e.entity_kind,
               s.indicator_code, s.indicator_name, s.indicator_label, s.uncatalogued, s.measure,
               s.period_start, s.period_end, s.period_label, s.grain, s.basis,
               f.value, s.unit, f.original_text, s.original_unit, s.vintage, fl.loaded_at
        from ingest.facts f
        join ingest.fact_entities e using (file_id, entity_key)
        join ingest.fact_series s using (file_id, series_key)
        join ingest.files fl using (file_id)`.execute(db);
      // The documented public view: same columns as before.
      await sql`create view main.observations as
        select
          e.entity_code, e.entity_name, e.entity_kind,
          s.indicator_code, s.indicator_name, s.indicator_label, s.uncatalogued,
          s.measure, s.period_start, s.period_end, s.period_label, s.grain, s.basis,
          f.value, s.unit, f.original_text, s.original_unit,
          s.vintage, fl.name as source_file, fl.sha256 as source_sha256, f.line as source_line, f.col as source_column,
          fl.loaded_at, fl.status as file_status, fl.is_synthetic,
          fl.status = 'loaded' and row_number() over (
            partition by e.entity_code, s.indicator_code, s.measure, s.period_start, s.period_end, s.basis,
                         fl.status = 'loaded'
            order by s.vintage desc, f.file_id desc, f.line desc
          ) = 1 as is_current
        from ingest.facts f
        join ingest.fact_entities e using (file_id, entity_key)
        join ingest.fact_series s using (file_id, series_key)
        join ingest.files fl using (file_id)`.execute(db);
    },
  },
  // 审核 flags: a 核实性 rule's finding on a loaded value. state: open (需核实) → confirmed
  // (checked with the reporting zone: who, when, why) or corrected (a newer file replaced the value).
  "0004_audit_flags": {
    async up(db: Kysely<any>) {
      await sql`create sequence if not exists ingest.flag_id_seq start 1`.execute(db);
      await sql`create table ingest.audit_flags (
        flag_id integer primary key default nextval('ingest.flag_id_seq'),
        file_id integer not null,
        line integer not null,
        col varchar not null,
        entity_code varchar,
        entity_name varchar,
        indicator_code varchar,
        indicator_name varchar,
        measure varchar,
        period_start date,
        period_end date,
        period_label varchar,
        basis varchar,
        value double,
        original_text varchar,
        rule_code varchar not null,
        message varchar not null,
        severity varchar not null,
        state varchar not null,
        flagged_at timestamp not null,
        confirmed_by varchar,
        confirmed_at timestamp,
        confirm_reason varchar,
        resolved_at timestamp,
        resolved_by_file_id integer
      )`.execute(db);
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
