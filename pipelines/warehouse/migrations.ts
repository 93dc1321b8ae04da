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
  // Excel provenance: the sheet a value was read from, beside its row and column
  // (`Sheet1!D7`). Null for CSV. Both views are restated with the new column.
  "0004_source_sheet": {
    async up(db: Kysely<any>) {
      await sql`drop view if exists main.observations`.execute(db);
      await sql`drop view if exists ingest.facts_wide`.execute(db);
      await sql`alter table ingest.facts add column sheet varchar`.execute(db);
      await sql`create view ingest.facts_wide as
        select f.file_id, f.line, f.col, e.entity_code, e.entity_name, e.entity_kind,
               s.indicator_code, s.indicator_name, s.indicator_label, s.uncatalogued, s.measure,
               s.period_start, s.period_end, s.period_label, s.grain, s.basis,
               f.value, s.unit, f.original_text, s.original_unit, s.vintage, fl.loaded_at, f.sheet
        from ingest.facts f
        join ingest.fact_entities e using (file_id, entity_key)
        join ingest.fact_series s using (file_id, series_key)
        join ingest.files fl using (file_id)`.execute(db);
      await sql`create view main.observations as
        select
          e.entity_code, e.entity_name, e.entity_kind,
          s.indicator_code, s.indicator_name, s.indicator_label, s.uncatalogued,
          s.measure, s.period_start, s.period_end, s.period_label, s.grain, s.basis,
          f.value, s.unit, f.original_text, s.original_unit,
          s.vintage, fl.name as source_file, fl.sha256 as source_sha256, f.line as source_line, f.col as source_column,
          f.sheet as source_sheet,
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
  // Issue #14: every line of a loaded file counted once (pipelines/ingest/accounting.ts), as JSON.
  // A table of its own, not a column on ingest.files: DuckDB cannot replay an ALTER TABLE from the WAL after a kill.
  "0005_row_accounting": {
    async up(db: Kysely<any>) {
      await sql`create table ingest.file_accounting (file_id integer primary key, row_accounting varchar not null)`.execute(db);
    },
  },
  // Which value is current is decided by an order of evidence (issue #15, pipelines/ingest/edition.ts), not load order:
  // the edition date (stated by the user or in the file, else inferred from the newest period), a correction marker,
  // a user's `zonestat prefer`, and only then modification time and load order — flagged when values disagree.
  "0006_vintages": {
    async up(db: Kysely<any>) {
      await sql`drop view if exists main.observations`.execute(db);
      // A side table, not new columns on ingest.files: DuckDB cannot replay an ALTER of a table whose default calls
      // nextval() from the WAL after a crash (tests/ingest/kill.test.ts), and other work adds to ingest.files too.
      await sql`create table ingest.file_editions (
        file_id integer primary key,
        source_mtime timestamp,
        correction_marker varchar,
        vintage_note varchar,
        preferred_at timestamp,
        restored_at timestamp
      )`.execute(db);
      // Files loaded before: the load date was their vintage; rule 4 (newest period + 1 day) replaces it.
      await sql`update ingest.fact_series s set vintage = x.inferred
        from (select fs.file_id, max(fs.period_end) + 1 as inferred, any_value(fl.vintage) as old
              from ingest.fact_series fs join ingest.files fl using (file_id)
              where fl.vintage_source = 'load_date' group by fs.file_id) x
        where s.file_id = x.file_id and s.vintage = x.old`.execute(db);
      await sql`update ingest.files f set vintage = x.inferred, vintage_source = 'inferred'
        from (select file_id, max(period_end) + 1 as inferred from ingest.fact_series group by file_id) x
        where f.file_id = x.file_id and f.vintage_source = 'load_date'`.execute(db);
      // Rule 3's marker, as pipelines/ingest/edition.ts reads it from name and title; the evidence in words.
      await sql`insert into ingest.file_editions (file_id, correction_marker, vintage_note)
        select file_id,
          coalesce(nullif(regexp_extract(name, '更正|修订|修正|补报|[（(]第二版[)）]'), ''),
                   nullif(regexp_extract(coalesce(title, ''), '更正|修订|修正|补报|[（(]第二版[)）]'), '')),
          case vintage_source
            when 'inferred' then '由内容推断：版本不早于 ' || strftime(vintage, '%Y-%m-%d') || '（规则4）'
            when 'filename' then '文件名中的版本 ' || strftime(vintage, '%Y-%m-%d') || '（规则1）'
            when 'option' then '命令行 --vintage ' || strftime(vintage, '%Y-%m-%d') || '（规则1）'
            when 'row' then '数据行的版本列（规则1）'
          end
        from ingest.files`.execute(db);
      await sql`create view main.observations as
        with base as (
          select
            e.entity_code, e.entity_name, e.entity_kind,
            s.indicator_code, s.indicator_name, s.indicator_label, s.uncatalogued,
            s.measure, s.period_start, s.period_end, s.period_label, s.grain, s.basis,
            f.value, s.unit, f.original_text, s.original_unit,
            s.vintage, fl.name as source_file, fl.sha256 as source_sha256, f.line as source_line, f.col as source_column, f.sheet as source_sheet,
            fl.loaded_at, fl.status as file_status, fl.is_synthetic,
            fl.vintage_source, coalesce(fe.correction_marker is not null, false) as is_correction,
            coalesce(fe.preferred_at is not null, false) as is_preferred_file, fe.source_mtime, fl.file_id, fl.layout as source_layout
          from ingest.facts f
          join ingest.fact_entities e using (file_id, entity_key)
          join ingest.fact_series s using (file_id, series_key)
          join ingest.files fl using (file_id)
          left join ingest.file_editions fe using (file_id)
        ),
        corrections as (
          -- Rule 3: a correction without a stated date ranks at least with the newest unmarked file of its layout holding
          -- the value. Corrections are few: joining them is cheaper than a window over every row.
          select distinct entity_code, indicator_code, measure, period_start, period_end, basis, file_status, source_layout, vintage
          from base where is_correction and vintage_source not in ('row', 'filename', 'option', 'file')
        ),
        raised as (
          select c.entity_code, c.indicator_code, c.measure, c.period_start, c.period_end, c.basis, c.file_status, c.source_layout, c.vintage,
                 max(o.vintage) as unmarked_vintage
          from corrections c
          join base o using (entity_code, indicator_code, measure, period_start, period_end, basis, file_status, source_layout)
          where not o.is_correction
          group by all
        ),
        dated as (
          select b.*, case when b.is_correction and r.unmarked_vintage is not null then greatest(b.vintage, r.unmarked_vintage) else b.vintage end as edition_date
          from base b
          left join raised r using (entity_code, indicator_code, measure, period_start, period_end, basis, file_status, source_layout, vintage)
        ),
        ranked as (
          -- One ordered window: rank, whether a row ties the first on rules 1–4 (and prefer), and the running min/max of
          -- the values so far — the tied rows are a prefix of the order, so the running range covers exactly them.
          select *,
            row_number() over w as edition_rank,
            edition_date = first_value(edition_date) over w and is_correction = first_value(is_correction) over w
              and is_preferred_file = first_value(is_preferred_file) over w as ties_first,
            min(value) over w as run_min, max(value) over w as run_max, count(value) over w as run_values, count(*) over w as run_rows
          from dated
          window w as (
            partition by entity_code, indicator_code, measure, period_start, period_end, basis, file_status = 'loaded'
            order by edition_date desc, is_correction desc, is_preferred_file desc, source_mtime desc nulls last, file_id desc, source_line desc)
        )
        select
          entity_code, entity_name, entity_kind,
          indicator_code, indicator_name, indicator_label, uncatalogued,
          measure, period_start, period_end, period_label, grain, basis,
          value, unit, original_text, original_unit,
          vintage, source_file, source_sha256, source_line, source_column, source_sheet,
          loaded_at, file_status, is_synthetic,
          file_status = 'loaded' and edition_rank = 1 as is_current,
          vintage_source, edition_date, is_correction, is_preferred_file, source_mtime, edition_rank,
          -- Rule 5 alone decided it and the tied files disagree: flagged until a stated vintage or zonestat prefer settles it.
          file_status = 'loaded' and ties_first and bool_or(ties_first and (run_min <> run_max or (run_values > 0 and run_values < run_rows))) over (
            partition by entity_code, indicator_code, measure, period_start, period_end, basis, file_status = 'loaded') as is_conflict
        from ranked`.execute(db);
    },
  },
  // 审核 flags: a 核实性 rule's finding on a loaded value. state: open (需核实) → confirmed
  // (checked with the reporting zone: who, when, why) or corrected (a newer file replaced the value).
  "0007_audit_flags": {
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
  // Incremental builds (issue #24): what each loaded file looked like, per year it holds values for, when the last
  // complete build ran. A file whose state differs now (new, withdrawn, restored, preferred, re-dated) marks its years
  // for recomputation in the incremental models (models/staging/stg_changed_years.sql).
  "0008_incremental_builds": {
    async up(db: Kysely<any>) {
      await sql`create table ingest.built_file_years (file_id integer not null, year integer not null, fingerprint varchar not null)`.execute(db);
      // Every column the order of evidence reads (migration 0006_vintages), per file and year of period_end.
      await sql`create view ingest.file_years as
        select file_id, year, md5(cast(struct_pack(status, name, layout, vintage, vintage_source, loaded_at, is_synthetic, withdrawn_at,
                                                   source_mtime, correction_marker, preferred_at, restored_at, series, first_vintage, last_vintage) as varchar)) as fingerprint
        from (
          select s.file_id, year(s.period_end)::integer as year, count(*) as series, min(s.vintage) as first_vintage, max(s.vintage) as last_vintage
          from ingest.fact_series s group by all
        ) y
        join ingest.files fl using (file_id)
        left join ingest.file_editions fe using (file_id)`.execute(db);
      // The years to recompute: a file-year new, changed or gone since the last complete build (all years before the first).
      await sql`create view ingest.changed_years as
        select distinct year from (
          (select file_id, year, fingerprint from ingest.file_years except select file_id, year, fingerprint from ingest.built_file_years)
          union all
          (select file_id, year, fingerprint from ingest.built_file_years except select file_id, year, fingerprint from ingest.file_years)
        )`.execute(db);
    },
  },
  // Re-audit (inc-qa finding 1): why a 审核 flag was closed when its comparison stopped holding on current values
  // (pipelines/ingest/reaudit.ts; state 'cleared'). A side table: an ALTER of ingest.audit_flags (default nextval)
  // could not be replayed from the WAL after a crash (see 0006).
  "0009_audit_reaudit": {
    async up(db: Kysely<any>) {
      await sql`create table ingest.audit_flag_closures (flag_id integer primary key, reason varchar not null, closed_at timestamp not null)`.execute(db);
    },
  },
  // Quarantine (inc-qa2 finding 2): int_scope_values holds out a zone value an open ABOVE_PARENT flag stands on, so
  // those flags' states join a file-year's fingerprint: a flag opened, confirmed or closed recomputes its year in the
  // incremental models. A file-year without such flags keeps the fingerprint of 0008 (no rebuild on upgrade).
  "0010_audit_quarantine": {
    async up(db: Kysely<any>) {
      await sql`create or replace view ingest.file_years as
        select y.file_id, y.year,
               case when q.flags is null then y.fingerprint else md5(y.fingerprint || '|' || q.flags) end as fingerprint
        from (
          select file_id, year, md5(cast(struct_pack(status, name, layout, vintage, vintage_source, loaded_at, is_synthetic, withdrawn_at,
                                                     source_mtime, correction_marker, preferred_at, restored_at, series, first_vintage, last_vintage) as varchar)) as fingerprint
          from (
            select s.file_id, year(s.period_end)::integer as year, count(*) as series, min(s.vintage) as first_vintage, max(s.vintage) as last_vintage
            from ingest.fact_series s group by all
          ) y
          join ingest.files fl using (file_id)
          left join ingest.file_editions fe using (file_id)
        ) y
        left join (
          select file_id, year(period_end)::integer as year, string_agg(flag_id::varchar || ':' || state, ',' order by flag_id) as flags
          from ingest.audit_flags where rule_code = 'ABOVE_PARENT' group by all
        ) q using (file_id, year)`.execute(db);
    },
  },
  // Where each loaded file's .problems.txt was written, so later flag changes rewrite its current state (held-qa 6).
  "0011_problem_reports": {
    async up(db: Kysely<any>) {
      await sql`create table ingest.problem_reports (file_id integer primary key, path varchar not null)`.execute(db);
    },
  },
  // Which 审核 rules hold a zone's value out of the sums (`holds: true` in sources/audit-rules/) as a table the
  // models, pages and the file-year fingerprint read (pipelines/ingest/held-rules.ts keeps it to the rule files);
  // seeded with ABOVE_PARENT, which alone held before (0010), so an upgrade changes no fingerprint before the rules are read.
  "0012_held_audit_rules": {
    async up(db: Kysely<any>) {
      await sql`create table ingest.held_audit_rules (rule_code varchar primary key)`.execute(db);
      await sql`insert into ingest.held_audit_rules values ('ABOVE_PARENT')`.execute(db);
      await sql`create or replace view ingest.file_years as
        select y.file_id, y.year,
               case when q.flags is null then y.fingerprint else md5(y.fingerprint || '|' || q.flags) end as fingerprint
        from (
          select file_id, year, md5(cast(struct_pack(status, name, layout, vintage, vintage_source, loaded_at, is_synthetic, withdrawn_at,
                                                     source_mtime, correction_marker, preferred_at, restored_at, series, first_vintage, last_vintage) as varchar)) as fingerprint
          from (
            select s.file_id, year(s.period_end)::integer as year, count(*) as series, min(s.vintage) as first_vintage, max(s.vintage) as last_vintage
            from ingest.fact_series s group by all
          ) y
          join ingest.files fl using (file_id)
          left join ingest.file_editions fe using (file_id)
        ) y
        left join (
          select file_id, year(period_end)::integer as year, string_agg(flag_id::varchar || ':' || state, ',' order by flag_id) as flags
          from ingest.audit_flags where rule_code in (select rule_code from ingest.held_audit_rules) group by all
        ) q using (file_id, year)`.execute(db);
    },
  },
  // A flag confirmed on either full-year form (年 value, 1-12月 累计) ends the YEAR_FORMS_DIFFER hold of int_held_values,
  // whatever its rule (stat-qa8: confirming a non-holding FIRST_QUARTER_JUMP on a ×10 年 value changed no fingerprint, so
  // an incremental refresh kept the zone out of the sums while confirm said the year took it). Those flags' states join
  // the fingerprint beside the holding rules' (0012); a file-year with none keeps its fingerprint.
  "0013_full_year_form_flags": {
    async up(db: Kysely<any>) {
      await sql`create or replace view ingest.file_years as
        select y.file_id, y.year,
               case when q.flags is null then y.fingerprint else md5(y.fingerprint || '|' || q.flags) end as fingerprint
        from (
          select file_id, year, md5(cast(struct_pack(status, name, layout, vintage, vintage_source, loaded_at, is_synthetic, withdrawn_at,
                                                     source_mtime, correction_marker, preferred_at, restored_at, series, first_vintage, last_vintage) as varchar)) as fingerprint
          from (
            select s.file_id, year(s.period_end)::integer as year, count(*) as series, min(s.vintage) as first_vintage, max(s.vintage) as last_vintage
            from ingest.fact_series s group by all
          ) y
          join ingest.files fl using (file_id)
          left join ingest.file_editions fe using (file_id)
        ) y
        left join (
          select file_id, year(period_end)::integer as year, string_agg(flag_id::varchar || ':' || state, ',' order by flag_id) as flags
          from ingest.audit_flags
          where rule_code in (select rule_code from ingest.held_audit_rules)
             or (month(period_end) = 12 and day(period_end) = 31 and period_start = make_date(year(period_end), 1, 1))
          group by all
        ) q using (file_id, year)`.execute(db);
    },
  },
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
