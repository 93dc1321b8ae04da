/**
 * Batched bulk load (issue #24): the canonical long files of one ingest run are read and
 * validated together (bulk-batch.ts; each file's checks and problems its own), kept side
 * by side in temp.batch_values / batch_series / batch_entities with `ord`, the file's place
 * in load order, then audited (审核) in one pass and written in one transaction.
 *
 * The result must be the warehouse loading the same files one by one gives. The 审核
 * rules compare a file's rows with what is stored when it loads; one pass over the whole
 * batch sees the same neighbours only when every file lies after everything before it:
 * `inOrder` checks it (each file's periods all end after the previous file's and after
 * every stored period, so no key repeats and no file's row sits between an earlier
 * file's row and a later one), and the job loads file by file otherwise. A 强制性 finding
 * rejects its file alone (the earliest such file; the rest are audited again without it,
 * as a one-by-one load would have seen them). What the comparison of a row may reach back
 * to is the window its own file would have had (audit.ts, `audit_window`).
 */
import { carryConfirmations } from "./carry-confirmations.js";
import type { Warehouse } from "../warehouse/index.js";
import type { AuditRule } from "./audit-rules.js";
import { AuditRejection, dropAudit, evaluateAudit, type AuditFlag } from "./audit.js";
import { dropStage, insertFileRows, SERIES_COLUMNS } from "./load.js";
import { MAX_PROBLEMS } from "./problems.js";
import type { FileRead } from "./read-file.js";
import type { Reference } from "./reference.js";

const SERIES_TYPES = SERIES_COLUMNS.map((c) => `${c} ${c === "uncatalogued" ? "boolean" : (c.startsWith("period_") && c !== "period_label") || c === "vintage" ? "date" : "varchar"}`);

/** Creates the empty batch tables. */
export async function openBatch(wh: Warehouse): Promise<void> {
  await wh.sql.exec(`create or replace temp table batch_values (ord integer, line integer, col varchar, entity_key integer, series_key integer, value double, original_text varchar);
    create or replace temp table batch_series (ord integer, series_key integer, ${SERIES_TYPES.join(", ")});
    create or replace temp table batch_entities (ord integer, entity_key integer, entity_code varchar, entity_name varchar, entity_kind varchar)`);
}

/**
 * Copies the staged file (temp.stage_*, as `loadFile` takes it) into the batch as `ord`;
 * without `values` its dictionaries only (a file with errors: its series date it, bulk-batch.ts).
 */
export async function addToBatch(wh: Warehouse, ord: number, values = true): Promise<void> {
  await wh.sql.exec(`${values ? `insert into batch_values select ${ord}, line, col, entity_key, series_key, value, original_text from temp.stage_values;` : ""}
    insert into batch_series select ${ord}, series_key, ${SERIES_COLUMNS.join(", ")} from temp.stage_series;
    insert into batch_entities select ${ord}, entity_key, entity_code, entity_name, entity_kind from temp.stage_entities`);
}

/** Puts file `ord` back as temp.stage_* (the shape `loadFile` takes), for loading it alone. */
export async function restoreStaged(wh: Warehouse, ord: number): Promise<void> {
  await dropStage(wh);
  await wh.sql.exec(`create or replace temp table stage_values as select line, col, entity_key, series_key, value, original_text from batch_values where ord = ${ord};
    create or replace temp table stage_series as select series_key, ${SERIES_COLUMNS.join(", ")} from batch_series where ord = ${ord};
    create or replace temp table stage_entities as select entity_key, entity_code, entity_name, entity_kind from batch_entities where ord = ${ord}`);
}

export async function dropBatch(wh: Warehouse): Promise<void> {
  await dropStage(wh);
  // One statement each: batch_values is a table or (read together, bulk-batch.ts) a view, and DuckDB refuses
  // `drop table` on a view; one failure must not leave the rest behind for the next batch.
  for (const t of ["view if exists temp.batch_values", "table if exists temp.batch_values", "table if exists temp.batch_series", "table if exists temp.batch_entities",
    "table if exists temp.batch_ids", "table if exists temp.batch_resolved", "table if exists temp.batch_files"]) {
    await wh.sql.exec(`drop ${t}`).catch(() => {});
  }
}

/**
 * Whether one 审核 pass over files `ords` (load order) finds what loading them one by one
 * finds: every period of each file ends after every period of the file before it, and the
 * first file's after every period of a loaded file in the warehouse.
 */
export async function inOrder(wh: Warehouse, ords: readonly number[]): Promise<boolean> {
  if (ords.length < 2) return false;
  const rows = await wh.sql.all<{ ord: number; lo: string; hi: string }>(`select ord, min(period_end)::varchar as lo, max(period_end)::varchar as hi from batch_series
      where ord in (${ords.join(", ")}) group by ord
    union all
    select -1, null, max(fs.period_end)::varchar from ingest.fact_series fs join ingest.files f using (file_id) where f.status = 'loaded'`);
  const by = new Map(rows.map((r) => [Number(r.ord), r]));
  let last = by.get(-1)?.hi ?? null;
  for (const o of ords) {
    const r = by.get(o);
    if (!r?.lo || !r.hi) return false;
    if (last !== null && !(r.lo > last)) return false;
    last = r.hi;
  }
  return true;
}

/**
 * Runs the 审核 rules once over files `ords`. A 强制性 finding rejects the earliest file
 * that has one (`reject` gets its problems, as a one-by-one load reports them) and the
 * rest are evaluated again without it. Returns the files left, with temp.audit_hits
 * holding their findings (each with its file's `ord`).
 */
export async function auditBatch(wh: Warehouse, rules: readonly AuditRule[], ref: Reference, ords: readonly number[], reject: (ord: number, e: AuditRejection) => Promise<void>): Promise<number[]> {
  let live = [...ords];
  while (live.length) {
    // Keys made unique across the batch: the file's place in the high 32 bits.
    const inLive = `ord in (${live.join(", ")})`;
    await dropStage(wh);
    // The values as a view (the keys computed as they are read: no copy of every row); the dictionaries as tables.
    await wh.sql.exec(`create or replace temp view stage_values as select ord, line, col, (ord::bigint << 32) + entity_key as entity_key, (ord::bigint << 32) + series_key as series_key, value, original_text
        from batch_values where ${inLive};
      create or replace temp table stage_series as select ord, (ord::bigint << 32) + series_key as series_key, ${SERIES_COLUMNS.join(", ")} from batch_series where ${inLive};
      create or replace temp table stage_entities as select ord, (ord::bigint << 32) + entity_key as entity_key, entity_code, entity_name, entity_kind from batch_entities where ${inLive}`);
    try {
      await evaluateAudit(wh, rules, ref, [], { batch: true });
      return live;
    } catch (e) {
      if (!(e instanceof AuditRejection)) throw e;
      await dropAudit(wh);
      await reject(e.ord, e);
      live = live.filter((o) => o !== e.ord);
    }
  }
  return live;
}

export interface BatchFile {
  readonly ord: number;
  readonly read: FileRead;
  readonly originalPath: string;
  readonly loadedAt: string;
  readonly rows: number;
}

export interface BatchLoaded {
  readonly fileId: number;
  readonly flagCount: number;
  /** The first flags, in file order (as `storeAuditFlags` gives them). */
  readonly flags: AuditFlag[];
}

/**
 * In one transaction: each file's `ingest.files` row in load order, every file's entities,
 * series and facts, the batch's 核实性 findings as open flags, and open flags of earlier
 * files on keys a batch file carries marked corrected by it (as `storeAuditFlags` does file
 * by file; `inOrder` makes the batch's keys disjoint, so each flag has one such file).
 * Needs temp.audit_hits from `auditBatch`. Throws (and writes nothing) on any failure.
 */
export async function writeBatch(wh: Warehouse, files: readonly BatchFile[]): Promise<Map<number, BatchLoaded>> {
  const sql = wh.sql;
  return sql.transaction(async () => {
    const fileIds = await insertFileRows(wh, files.map((f) => ({ read: f.read, originalPath: f.originalPath, loadedAt: f.loadedAt, rowCount: f.rows })));
    const ids = files.map((f, i) => [f.ord, fileIds[i]!, f.loadedAt] as const);
    const idRows = ids.map(([o, id, at]) => `(${o}, ${id}, '${at.replace(/'/g, "''")}'::timestamp)`).join(", ");
    const HIT = "line, col, entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, basis, value, original_text";
    await sql.exec(`create or replace temp table batch_ids as select * from (values ${idRows}) t(ord, file_id, loaded_at)`);
    await sql.exec(`insert into ingest.fact_entities (file_id, entity_key, entity_code, entity_name, entity_kind)
        select i.file_id, b.entity_key, b.entity_code, b.entity_name, b.entity_kind from batch_entities b join batch_ids i using (ord);
      insert into ingest.fact_series (file_id, series_key, ${SERIES_COLUMNS.join(", ")})
        select i.file_id, b.series_key, ${SERIES_COLUMNS.map((c) => `b.${c}`).join(", ")} from batch_series b join batch_ids i using (ord)`);
    await sql.exec(`insert into ingest.facts (file_id, line, col, entity_key, series_key, value, original_text, sheet)
        select i.file_id, b.line, b.col, b.entity_key, b.series_key, b.value, b.original_text, null from batch_values b join batch_ids i using (ord)`);
    await sql.exec(`update ingest.audit_flags set state = 'corrected', resolved_at = m.loaded_at, resolved_by_file_id = m.file_id
        from (select f.flag_id, min(i.file_id) as file_id, min(i.loaded_at) as loaded_at
              from ingest.audit_flags f
              join temp.stage_entities e on e.entity_code = f.entity_code
              join temp.stage_series s on s.ord = e.ord and s.indicator_code = f.indicator_code and s.measure = f.measure and s.period_start = f.period_start
                and s.period_end = f.period_end and s.basis = f.basis
              join batch_ids i on i.ord = e.ord
              where f.state = 'open' and f.file_id not in (select file_id from batch_ids)
                and exists (select 1 from temp.stage_values v where v.entity_key = e.entity_key and v.series_key = s.series_key)
              group by f.flag_id) m
        where audit_flags.flag_id = m.flag_id`);
    await sql.exec(`insert into ingest.audit_flags (file_id, ${HIT}, rule_code, message, severity, state, flagged_at)
        select i.file_id, ${HIT.split(", ").map((c) => `h.${c}`).join(", ")}, h.rule_code, h.message, h.severity, 'open', i.loaded_at
        from temp.audit_hits h join batch_ids i using (ord) where h.severity = '核实性'
        qualify row_number() over (partition by h.ord, h.rule_code, h.line, h.col order by h.message) = 1
        order by h.ord, h.line, h.col, h.rule_code`);
    await carryConfirmations(sql, "(select file_id from batch_ids)");
    const flags = await sql.all<AuditFlag & { file_id: number; n: number }>(`select file_id, flag_id, line, col, null::varchar as sheet, entity_name, indicator_name, period_label, original_text, rule_code, message,
        count(*) over (partition by file_id)::integer as n
      from ingest.audit_flags where file_id in (select file_id from batch_ids) and state = 'open'
      qualify row_number() over (partition by file_id order by line, col, rule_code) <= ${MAX_PROBLEMS}
      order by file_id, line, col, rule_code`);
    const out = new Map<number, BatchLoaded>();
    for (const [ord, fileId] of ids) {
      const mine = flags.filter((f) => Number(f.file_id) === fileId);
      out.set(ord, { fileId, flagCount: mine.length ? Number(mine[0]!.n) : 0, flags: mine.map(({ n: _n, file_id: _f, ...flag }) => flag as AuditFlag) });
    }
    return out;
  });
}
