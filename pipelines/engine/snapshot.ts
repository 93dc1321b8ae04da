/**
 * The snapshot materialization on DuckDB, after dbt-core 1.9's
 * `snapshot_staging_table`, `build_snapshot_table` and dbt-duckdb's
 * `snapshot_merge_sql` (docs.getdbt.com/docs/build/snapshots, "Snapshot meta-fields",
 * "How snapshots work"):
 * - first run: every row with `dbt_scd_id`, `dbt_updated_at`, `dbt_valid_from` and
 *   `dbt_valid_to` NULL (or `dbt_valid_to_current`);
 * - later runs: a changed row (timestamp: `dbt_valid_from < updated_at`; check: any
 *   check column differs, nulls included) closes the current version
 *   (`dbt_valid_to` = the new `updated_at`, or the snapshot time for `check`) and
 *   inserts a new one; a new key inserts a row;
 * - rows gone from the source: `hard_deletes: ignore` (default) leaves them,
 *   `invalidate` (or legacy `invalidate_hard_deletes: true`) closes them at the
 *   snapshot time, `new_record` also inserts a row with `dbt_is_deleted = 'True'`.
 * Columns new in the source are added to the snapshot table. The update and insert
 * run in one transaction. A unique_key that is not unique in the source stops the
 * snapshot (dbt would write tangled versions; its docs say the key must be unique).
 */
import { ZonestatError } from "../errors.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Node } from "./types.js";

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

export interface SnapshotSettings {
  readonly strategy: "timestamp" | "check";
  /** Column names or SQL expressions (a single string may be an expression, as in dbt). */
  readonly uniqueKey: readonly string[];
  readonly keyIsList: boolean;
  readonly updatedAt: string | undefined;
  readonly checkCols: "all" | readonly string[] | undefined;
  readonly hardDeletes: "ignore" | "invalidate" | "new_record";
  /** SQL expression for the open-ended dbt_valid_to, or undefined for NULL. */
  readonly validToCurrent: string | undefined;
  /** dbt 1.9 snapshot_meta_column_names: the meta columns' names. */
  readonly cols: { dbt_scd_id: string; dbt_updated_at: string; dbt_valid_from: string; dbt_valid_to: string; dbt_is_deleted: string };
}

/**
 * A snapshot's config checked as dbt checks it at parse time; throws PROJECT_INVALID
 * naming the file and the missing or wrong setting.
 */
export function snapshotSettings(node: Node): SnapshotSettings {
  const c = node.config;
  const file = node.original_file_path;
  const bad = (what: string) => new ZonestatError("PROJECT_INVALID", `${file}：快照「${node.name}」${what}（见 docs.getdbt.com/reference/snapshot-configs）`, { file, line: node.yaml_line });
  const strategy = c.strategy as string | undefined;
  if (!strategy || c.unique_key === undefined) throw bad("必须配置 strategy 和 unique_key");
  if (strategy !== "timestamp" && strategy !== "check") throw bad(`的 strategy「${strategy}」不认识：可用 timestamp、check`);
  const key = c.unique_key;
  const uniqueKey = (Array.isArray(key) ? key : [key]).map(String);
  if (!uniqueKey.length) throw bad("的 unique_key 为空");
  const updatedAt = c.updated_at === undefined || c.updated_at === null ? undefined : String(c.updated_at);
  if (strategy === "timestamp" && !updatedAt) throw bad("使用 timestamp 策略，必须配置 updated_at");
  let checkCols: SnapshotSettings["checkCols"];
  if (strategy === "check") {
    const cc = c.check_cols;
    if (cc === "all") checkCols = "all";
    else if (Array.isArray(cc) && cc.length) checkCols = cc.map(String);
    else throw bad(`使用 check 策略，check_cols 必须是列名列表或 'all'，实为「${cc === undefined ? "未配置" : JSON.stringify(cc)}」`);
  }
  const hd = c.hard_deletes as string | undefined;
  if (hd !== undefined && !["ignore", "invalidate", "new_record"].includes(hd)) throw bad(`的 hard_deletes「${hd}」不认识：可用 ignore、invalidate、new_record`);
  const hardDeletes = (hd ?? (c.invalidate_hard_deletes === true ? "invalidate" : "ignore")) as SnapshotSettings["hardDeletes"];
  if (c.target_database !== undefined || c.database !== undefined) throw new ZonestatError("PROJECT_UNSUPPORTED", `${file}：快照「${node.name}」不支持 target_database / database——只写入目标数据库`, { file });
  const names = (c.snapshot_meta_column_names ?? {}) as Record<string, unknown>;
  const cols = { dbt_scd_id: "dbt_scd_id", dbt_updated_at: "dbt_updated_at", dbt_valid_from: "dbt_valid_from", dbt_valid_to: "dbt_valid_to", dbt_is_deleted: "dbt_is_deleted" };
  for (const [k, v] of Object.entries(names)) {
    if (!(k in cols)) throw bad(`的 snapshot_meta_column_names 中「${k}」不认识：可用 ${Object.keys(cols).join("、")}`);
    cols[k as keyof typeof cols] = String(v);
  }
  const vtc = c.dbt_valid_to_current;
  return { strategy, uniqueKey, keyIsList: Array.isArray(key), updatedAt, checkCols, hardDeletes, validToCurrent: vtc === undefined || vtc === null ? undefined : String(vtc), cols };
}

async function columns(db: DuckDBHandle, schema: string, table: string): Promise<Array<{ name: string; type: string }>> {
  return db.all<{ name: string; type: string }>(
    `select column_name as name, data_type as type from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position`,
    [schema, table],
  );
}

/** Runs one snapshot whose compiled select is `sql`. Returns dbt's message and the rows inserted. */
export async function runSnapshot(db: DuckDBHandle, node: Node, sql: string): Promise<{ rowsAffected: number; message: string }> {
  const s = snapshotSettings(node);
  const { cols } = s;
  const target = `${q(node.schema)}.${q(node.identifier)}`;
  await db.exec(`create schema if not exists ${q(node.schema)}`);
  // dbt-duckdb's snapshot_get_time: now()::timestamp, one value for the whole run.
  const [{ t }] = (await db.all<{ t: string }>(`select cast(now()::timestamp as varchar) as t`)) as [{ t: string }];
  const now = `cast('${t}' as timestamp)`;
  // check: dbt-core's snapshot_check_strategy takes updated_at when configured, else the snapshot time.
  const updatedAt = s.updatedAt ?? now;
  const hash = (args: string[]) => `md5(${args.map((a) => `coalesce(cast(${a} as varchar), '')`).join(` || '|' || `)})`;
  const scdId = hash([...s.uniqueKey, updatedAt]);
  const openValidTo = (u: string) => (s.validToCurrent ? `coalesce(nullif(${u}, ${u}), ${s.validToCurrent})` : `nullif(${u}, ${u})`);
  const existing = await columns(db, node.schema, node.identifier);
  await assertUniqueKey(db, node, s, sql);

  if (!existing.length) {
    await db.exec(
      `create table ${target} as select *, ${scdId} as ${q(cols.dbt_scd_id)}, ${updatedAt} as ${q(cols.dbt_updated_at)}, ${updatedAt} as ${q(cols.dbt_valid_from)}, ${openValidTo(updatedAt)} as ${q(cols.dbt_valid_to)}` +
        `${s.hardDeletes === "new_record" ? `, 'False' as ${q(cols.dbt_is_deleted)}` : ""} from (\n${sql}\n) sbq`,
    );
    const [{ n }] = (await db.all<{ n: number }>(`select count(*)::integer as n from ${target}`)) as [{ n: number }];
    return { rowsAffected: n, message: `SELECT ${n}` };
  }

  await db.exec(`create or replace temp view zonestat_snapshot_query as ${sql}`);
  const sourceCols = (await db.all<{ name: string }>(`select column_name as name from information_schema.columns where table_catalog = 'temp' and table_name = 'zonestat_snapshot_query' order by ordinal_position`)).map((r) => r.name);
  const existingNames = existing.map((c) => c.name);
  const ukNames = s.keyIsList ? s.uniqueKey.map((_, i) => `dbt_unique_key_${i + 1}`) : ["dbt_unique_key"];
  const ukFields = s.uniqueKey.map((k, i) => `${k} as ${ukNames[i]}`).join(", ");
  const join = ukNames.map((k) => `snapshotted_data.${k} = source_data.${k}`).join(" and ");
  const isNull = (alias: string) => ukNames.map((k) => `${alias}.${k} is null`).join(" and ");
  const isCurrent = (alias: string) => (s.validToCurrent ? `(${alias}.${q(cols.dbt_valid_to)} = ${s.validToCurrent} or ${alias}.${q(cols.dbt_valid_to)} is null)` : `${alias}.${q(cols.dbt_valid_to)} is null`);

  let rowChanged: string;
  if (s.strategy === "timestamp") {
    rowChanged = `(snapshotted_data.${q(cols.dbt_valid_from)} < source_data.${s.updatedAt})`;
  } else {
    // dbt's snapshot_check_all_get_existing_columns: a check column new to the table changes every row.
    const checked = s.checkCols === "all" ? sourceCols : (s.checkCols as string[]);
    const added = checked.some((c) => !existingNames.some((e) => e.toLowerCase() === c.replace(/^"|"$/g, "").toLowerCase()));
    rowChanged = added
      ? "(true)"
      : "(" + checked.map((c) => {
          const a = `snapshotted_data.${s.checkCols === "all" ? q(c) : c}`;
          const b = `source_data.${s.checkCols === "all" ? q(c) : c}`;
          return `${a} != ${b} or ((${a} is null) and not (${b} is null)) or ((not ${a} is null) and (${b} is null))`;
        }).join(" or ") + ")";
  }
  const newRecord = s.hardDeletes === "new_record";
  const reappeared = newRecord ? ` or snapshotted_data.${q(cols.dbt_is_deleted)} = 'True'` : "";
  const src = sourceCols.map((c) => `source_data.${q(c)}`).join(", ");
  const meta = [cols.dbt_updated_at, cols.dbt_valid_from, cols.dbt_valid_to, cols.dbt_scd_id].map(q);
  const parts: string[] = [
    `select 'insert' as dbt_change_type, ${src}, source_data.${meta[0]}, source_data.${meta[1]}, ${openValidTo(`source_data.${meta[0]}`)} as ${meta[2]}, source_data.${meta[3]}${newRecord ? `, 'False' as ${q(cols.dbt_is_deleted)}` : ""}
     from source_data left outer join snapshotted_data on ${join}
     where ${isNull("snapshotted_data")} or (not (${isNull("snapshotted_data")}) and (${rowChanged}${reappeared}))`,
    `select 'update' as dbt_change_type, ${src}, source_data.${meta[0]}, source_data.${meta[1]}, source_data.${meta[0]} as ${meta[2]}, snapshotted_data.${meta[3]}${newRecord ? `, snapshotted_data.${q(cols.dbt_is_deleted)}` : ""}
     from source_data join snapshotted_data on ${join}
     where (${rowChanged}${reappeared})`,
  ];
  const notAlreadyDeleted = newRecord ? ` and not (snapshotted_data.${q(cols.dbt_is_deleted)} = 'True' and ${isCurrent("snapshotted_data")})` : "";
  if (s.hardDeletes !== "ignore") {
    parts.push(
      `select 'delete' as dbt_change_type, ${sourceCols.map((c) => `source_data.${q(c)}`).join(", ")}, ${now}, ${now}, ${now}, snapshotted_data.${meta[3]}${newRecord ? `, snapshotted_data.${q(cols.dbt_is_deleted)}` : ""}
       from snapshotted_data left join source_data on ${join}
       where ${isNull("source_data")}${notAlreadyDeleted}`,
    );
  }
  if (newRecord) {
    // The deletion itself as a new version, carrying the last known values.
    const kept = sourceCols.map((c) => (existingNames.includes(c) ? `snapshotted_data.${q(c)}` : `null`)).join(", ");
    parts.push(
      `select 'insert' as dbt_change_type, ${kept}, ${now}, ${now}, snapshotted_data.${meta[2]}, ${hash([`snapshotted_data.${meta[3]}`, now])}, 'True'
       from snapshotted_data left join source_data on ${join}
       where ${isNull("source_data")}${notAlreadyDeleted}`,
    );
  }
  const staging = `with snapshot_query as (select * from temp.zonestat_snapshot_query),
    snapshotted_data as (select *, ${ukFields} from ${target} as snap where ${isCurrent("snap")}),
    source_data as (select *, ${ukFields}, ${updatedAt} as ${meta[0]}, ${updatedAt} as ${meta[1]}, ${scdId} as ${meta[3]} from snapshot_query)
    ${parts.join("\nunion all\n")}`;

  await db.exec(`create or replace temp table zonestat_snapshot_staging as ${staging}`);
  const staged = (await db.all<{ name: string; type: string }>(`select column_name as name, data_type as type from information_schema.columns where table_catalog = 'temp' and table_name = 'zonestat_snapshot_staging' order by ordinal_position`)).filter((c) => c.name !== "dbt_change_type");
  let inserted = 0;
  await db.transaction(async () => {
    // New source columns join the snapshot table; columns the source dropped stay (NULL from now on).
    for (const c of staged) if (!existingNames.includes(c.name)) await db.exec(`alter table ${target} add column ${q(c.name)} ${c.type}`);
    await db.exec(
      `update ${target} as t set ${q(cols.dbt_valid_to)} = s.${q(cols.dbt_valid_to)} from temp.zonestat_snapshot_staging as s
       where s.${q(cols.dbt_scd_id)}::text = t.${q(cols.dbt_scd_id)}::text and s.dbt_change_type in ('update', 'delete') and ${isCurrent("t")}`,
    );
    const insertCols = staged.map((c) => q(c.name)).join(", ");
    inserted = await db.execCount(`insert into ${target} (${insertCols}) select ${insertCols} from temp.zonestat_snapshot_staging where dbt_change_type = 'insert'`);
  });
  await db.exec(`drop table temp.zonestat_snapshot_staging`);
  await db.exec(`drop view temp.zonestat_snapshot_query`);
  return { rowsAffected: inserted, message: `INSERT ${inserted}` };
}

/** The docs' requirement ("the unique_key must be unique") checked, never assumed. */
async function assertUniqueKey(db: DuckDBHandle, node: Node, s: SnapshotSettings, sql: string): Promise<void> {
  const keys = s.uniqueKey.map((k, i) => `${k} as k${i}`).join(", ");
  const dup = await db.all(`select ${keys}, count(*)::integer as n from (\n${sql}\n) sbq group by all having count(*) > 1 limit 1`);
  if (!dup.length) return;
  const { n, ...key } = dup[0]!;
  throw new ZonestatError("SNAPSHOT_KEY_NOT_UNIQUE", `快照「${node.name}」的 unique_key（${s.uniqueKey.join(", ")}）在源数据中不唯一：${Object.values(key).map(String).join(", ")} 出现 ${String(n)} 次——快照要求每个键只有一行（docs.getdbt.com/docs/build/snapshots）`, { file: node.original_file_path, value: Object.values(key).map(String).join(", ") });
}
