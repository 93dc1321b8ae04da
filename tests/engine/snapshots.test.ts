/**
 * Snapshots against dbt's documentation. Expected rows come from
 * docs.getdbt.com/docs/build/snapshots ("How snapshots work": the orders example where
 * order 1 goes from `pending` at 10:47 to `shipped` at 11:05 and the snapshot keeps both,
 * the old one closed with dbt_valid_to = 11:05) and
 * docs.getdbt.com/reference/snapshot-configs / resource-configs/{strategy,check_cols,
 * hard-deletes,dbt_valid_to_current,unique_key} for the rest, each stated below.
 */
import { createHash } from "node:crypto";
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openProject, runEngine } from "../../pipelines/engine/index.js";
import type { Command } from "../../pipelines/engine/index.js";
import { selectNodes } from "../../pipelines/engine/select.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { silentLogger } from "../../pipelines/logger.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

const SOURCES = "version: 2\nsources:\n  - name: shop\n    schema: raw\n    tables:\n      - name: orders\n";

function project(files: Record<string, string>): { dir: string; wh: string } {
  const root = mkdtempSync(path.join(tmpdir(), "zonestat-snap-"));
  dirs.push(root);
  const dir = path.join(root, "p");
  const wh = path.join(root, "dev.duckdb");
  const all: Record<string, string> = {
    "dbt_project.yml": "name: snap\nprofile: snap\n",
    "profiles.yml": `snap:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${JSON.stringify(wh)}\n      schema: main\n`,
    "models/sources.yml": SOURCES,
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return { dir, wh };
}

async function sql(wh: string, text: string): Promise<Record<string, unknown>[]> {
  const db = await openDuckDB(wh);
  try {
    const statements = text.split(";").map((s) => s.trim()).filter(Boolean);
    let out: Record<string, unknown>[] = [];
    for (const s of statements) out = /^\s*select/i.test(s) ? await db.all(s) : (await db.exec(s), []);
    return out;
  } finally {
    await db.close();
  }
}

async function run(dir: string, command: Command = "snapshot", select?: string[]) {
  const p = openProject({ projectDir: dir });
  const db = await openDuckDB(p.warehousePath!);
  try {
    const r = await runEngine(command, { project: p, db, logger: silentLogger, select, writeArtifacts: false });
    expect(r.ok, JSON.stringify(r.results.map((x) => [x.unique_id, x.status, x.message]))).toBe(true);
    return r;
  } finally {
    await db.close();
  }
}

const md5 = (s: string) => createHash("md5").update(s).digest("hex");
/** The engine's DuckDB client prints a midnight timestamp as the date alone. */
const ts = (v: unknown) => (v === null ? null : String(v).replace("T", " ").replace(/\.000Z?$/, "").replace(/Z$/, "").replace(/^(\d{4}-\d\d-\d\d)$/, "$1 00:00:00"));

const LEGACY = `{% snapshot orders_snapshot %}
{{ config(target_schema='snapshots', unique_key='id', strategy='timestamp', updated_at='updated_at') }}
select * from {{ source('shop', 'orders') }}
{% endsnapshot %}
`;

describe("timestamp strategy (docs: How snapshots work)", () => {
  it("a changed row closes the old version at the new updated_at and opens a new one; an unchanged run adds nothing", async () => {
    const { dir, wh } = project({ "snapshots/orders_snapshot.sql": LEGACY });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, updated_at timestamp); insert into raw.orders values (1, 'pending', '2024-01-01 10:47:00'), (2, 'pending', '2024-01-01 09:00:00')");
    const first = await run(dir);
    expect(first.results.map((r) => r.message)).toEqual(["SELECT 2"]);
    // First run: every row current, valid_from = dbt_updated_at = updated_at,
    // dbt_scd_id = md5(coalesce(cast(id as varchar),'') || '|' || coalesce(cast(updated_at as varchar),'')) (dbt's snapshot_hash_arguments).
    const r1 = await sql(wh, "select id, dbt_scd_id, dbt_updated_at, dbt_valid_from, dbt_valid_to from snapshots.orders_snapshot order by id");
    expect(r1.map((r) => [r.id, r.dbt_scd_id, ts(r.dbt_updated_at), ts(r.dbt_valid_from), r.dbt_valid_to])).toEqual([
      [1, md5("1|2024-01-01 10:47:00"), "2024-01-01 10:47:00", "2024-01-01 10:47:00", null],
      [2, md5("2|2024-01-01 09:00:00"), "2024-01-01 09:00:00", "2024-01-01 09:00:00", null],
    ]);

    await sql(wh, "update raw.orders set status = 'shipped', updated_at = '2024-01-01 11:05:00' where id = 1");
    await run(dir);
    const r2 = await sql(wh, "select id, status, dbt_valid_from, dbt_valid_to from snapshots.orders_snapshot order by id, dbt_valid_from");
    // The docs' table: order 1 twice, pending valid 10:47–11:05, shipped from 11:05 and current.
    expect(r2.map((r) => [r.id, r.status, ts(r.dbt_valid_from), ts(r.dbt_valid_to)])).toEqual([
      [1, "pending", "2024-01-01 10:47:00", "2024-01-01 11:05:00"],
      [1, "shipped", "2024-01-01 11:05:00", null],
      [2, "pending", "2024-01-01 09:00:00", null],
    ]);

    await run(dir);
    expect(await sql(wh, "select count(*)::int as n from snapshots.orders_snapshot")).toEqual([{ n: 3 }]);
  });

  it("a composite unique_key (list) keys versions on both columns; a row deleted from the source stays current by default (hard_deletes: ignore)", async () => {
    const { dir, wh } = project({
      "snapshots/s.sql": "{% snapshot s %}{{ config(unique_key=['id', 'region'], strategy='timestamp', updated_at='updated_at') }}select * from {{ source('shop', 'orders') }}{% endsnapshot %}",
    });
    await sql(wh, "create schema raw; create table raw.orders (id integer, region varchar, status varchar, updated_at timestamp); insert into raw.orders values (1, 'a', 'x', '2024-01-01'), (1, 'b', 'x', '2024-01-01')");
    await run(dir);
    await sql(wh, "update raw.orders set status = 'y', updated_at = '2024-02-01' where region = 'b'; delete from raw.orders where region = 'a'");
    await run(dir);
    // No target_schema nor schema: dbt 1.9 writes to the target's schema.
    const rows = await sql(wh, "select region, status, dbt_valid_to from main.s order by region, dbt_valid_from");
    expect(rows.map((r) => [r.region, r.status, ts(r.dbt_valid_to)])).toEqual([["a", "x", null], ["b", "x", "2024-02-01 00:00:00"], ["b", "y", null]]);
  });

  it("dbt_valid_to_current fills the open end instead of NULL and is closed on change", async () => {
    const { dir, wh } = project({
      "snapshots/s.sql": "{% snapshot s %}{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', dbt_valid_to_current=\"'9999-12-31'::timestamp\") }}select * from {{ source('shop', 'orders') }}{% endsnapshot %}",
    });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, updated_at timestamp); insert into raw.orders values (1, 'pending', '2024-01-01 10:47:00')");
    await run(dir);
    await sql(wh, "update raw.orders set status = 'shipped', updated_at = '2024-01-01 11:05:00'");
    await run(dir);
    const rows = await sql(wh, "select status, dbt_valid_to from main.s order by dbt_valid_from");
    expect(rows.map((r) => [r.status, ts(r.dbt_valid_to)])).toEqual([["pending", "2024-01-01 11:05:00"], ["shipped", "9999-12-31 00:00:00"]]);
  });
});

describe("check strategy (docs: resource-configs/check_cols)", () => {
  const yaml = (checkCols: string) => `snapshots:
  - name: orders_check
    relation: source('shop', 'orders')
    config:
      schema: snapshots
      unique_key: id
      strategy: check
      check_cols: ${checkCols}
`;
  it("YAML snapshot (dbt 1.9) with check_cols [status]: a status change versions the row at the snapshot time, an amount change does not", async () => {
    const { dir, wh } = project({ "snapshots/orders.yml": yaml("[status]") });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, amount integer); insert into raw.orders values (1, 'pending', 10), (2, null, 5)");
    await run(dir);
    await sql(wh, "update raw.orders set status = 'shipped' where id = 1; update raw.orders set status = 'new' where id = 2");
    await run(dir);
    await sql(wh, "update raw.orders set amount = 99");
    await run(dir);
    // schema: snapshots goes through generate_schema_name → main_snapshots (dbt 1.9's YAML snapshots).
    const rows = await sql(wh, "select id, status, amount, dbt_valid_from, dbt_valid_to, dbt_updated_at from main_snapshots.orders_check order by id, dbt_valid_from");
    expect(rows.map((r) => [r.id, r.status, r.amount])).toEqual([[1, "pending", 10], [1, "shipped", 10], [2, null, 5], [2, "new", 5]]);
    // check: the closed version ends where the next begins (both the second run's snapshot time), a NULL → value counts as a change.
    expect(ts(rows[0]!.dbt_valid_to)).toBe(ts(rows[1]!.dbt_valid_from));
    expect(rows[1]!.dbt_valid_to).toBeNull();
    expect(ts(rows[1]!.dbt_updated_at)).toBe(ts(rows[1]!.dbt_valid_from));
    expect(ts(rows[2]!.dbt_valid_to)).toBe(ts(rows[3]!.dbt_valid_from));
  });

  it("check_cols: all — any column's change makes a version", async () => {
    const { dir, wh } = project({ "snapshots/orders.yml": yaml("all") });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, amount integer); insert into raw.orders values (1, 'pending', 10)");
    await run(dir);
    await sql(wh, "update raw.orders set amount = 11");
    await run(dir);
    expect(await sql(wh, "select amount, dbt_valid_to is null as cur from main_snapshots.orders_check order by dbt_valid_from")).toEqual([{ amount: 10, cur: false }, { amount: 11, cur: true }]);
  });

  it("a column new in the source is added to the snapshot table (older rows NULL)", async () => {
    const { dir, wh } = project({ "snapshots/orders.yml": yaml("[status]") });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar); insert into raw.orders values (1, 'pending')");
    await run(dir);
    await sql(wh, "alter table raw.orders add column note varchar; update raw.orders set status = 'shipped', note = 'n'");
    await run(dir);
    expect(await sql(wh, "select status, note from main_snapshots.orders_check order by dbt_valid_from")).toEqual([{ status: "pending", note: null }, { status: "shipped", note: "n" }]);
  });
});

describe("more settings", () => {
  it("check with updated_at: versions start at the source's updated_at (dbt-core snapshot_check_strategy); snapshot_meta_column_names renames the meta columns", async () => {
    const { dir, wh } = project({
      "snapshots/s.sql": "{% snapshot s %}{{ config(unique_key='id', strategy='check', check_cols=['status'], updated_at='changed_on', snapshot_meta_column_names={'dbt_valid_from': 'start_date', 'dbt_valid_to': 'end_date'}) }}select * from {{ source('shop', 'orders') }}{% endsnapshot %}",
    });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, changed_on timestamp); insert into raw.orders values (1, 'a', '2024-03-01 08:00:00')");
    await run(dir);
    await sql(wh, "update raw.orders set status = 'b', changed_on = '2024-03-05 09:00:00'");
    await run(dir);
    const rows = await sql(wh, "select status, start_date, end_date, dbt_updated_at from main.s order by start_date");
    expect(rows.map((r) => [r.status, ts(r.start_date), ts(r.end_date), ts(r.dbt_updated_at)])).toEqual([
      ["a", "2024-03-01 08:00:00", "2024-03-05 09:00:00", "2024-03-01 08:00:00"],
      ["b", "2024-03-05 09:00:00", null, "2024-03-05 09:00:00"],
    ]);
  });

  it("a unique_key that is not unique in the source stops the snapshot and names the key", async () => {
    const { dir, wh } = project({ "snapshots/orders_snapshot.sql": LEGACY });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, updated_at timestamp); insert into raw.orders values (7, 'a', '2024-01-01'), (7, 'b', '2024-01-02')");
    const p = openProject({ projectDir: dir });
    const db = await openDuckDB(wh);
    try {
      const r = await runEngine("snapshot", { project: p, db, logger: silentLogger, writeArtifacts: false });
      expect(r.results[0]!.status).toBe("error");
      expect(r.results[0]!.message).toMatch(/unique_key（id）在源数据中不唯一：7 出现 2 次/);
    } finally {
      await db.close();
    }
  });
});

describe("hard deletes (docs: resource-configs/hard-deletes)", () => {
  const snap = (cfg: string) => ({ "snapshots/s.sql": `{% snapshot s %}{{ config(unique_key='id', strategy='timestamp', updated_at='updated_at', ${cfg}) }}select * from {{ source('shop', 'orders') }}{% endsnapshot %}` });
  const seed = "create schema raw; create table raw.orders (id integer, status varchar, updated_at timestamp); insert into raw.orders values (1, 'a', '2024-01-01'), (2, 'b', '2024-01-01')";

  it.each([["hard_deletes='invalidate'"], ["invalidate_hard_deletes=true"]])("%s: the deleted key's row is closed at the snapshot time, the other stays current", async (cfg) => {
    const { dir, wh } = project(snap(cfg));
    await sql(wh, seed);
    await run(dir);
    await sql(wh, "delete from raw.orders where id = 2");
    await run(dir);
    const rows = await sql(wh, "select id, dbt_valid_to from main.s order by id");
    expect(rows.length).toBe(2);
    expect(rows[0]!.dbt_valid_to).toBeNull();
    expect(rows[1]!.dbt_valid_to).not.toBeNull();
    // Closed "now", not at a source time (the source row is gone): later than the 2024 timestamps.
    expect(String(rows[1]!.dbt_valid_to) > "2025").toBe(true);
  });

  it("hard_deletes='new_record': a deletion row with dbt_is_deleted = 'True'; the key coming back opens a new version", async () => {
    const { dir, wh } = project(snap("hard_deletes='new_record'"));
    await sql(wh, seed);
    await run(dir);
    expect(await sql(wh, "select distinct dbt_is_deleted from main.s")).toEqual([{ dbt_is_deleted: "False" }]);
    await sql(wh, "delete from raw.orders where id = 2");
    await run(dir);
    await run(dir); // a second run must not add another deletion row
    let rows = await sql(wh, "select status, dbt_is_deleted, dbt_valid_to is null as cur from main.s where id = 2 order by dbt_valid_from");
    expect(rows).toEqual([{ status: "b", dbt_is_deleted: "False", cur: false }, { status: "b", dbt_is_deleted: "True", cur: true }]);
    await sql(wh, "insert into raw.orders values (2, 'c', '2030-01-01')");
    await run(dir);
    rows = await sql(wh, "select status, dbt_is_deleted, dbt_valid_to is null as cur from main.s where id = 2 order by dbt_valid_from");
    expect(rows).toEqual([{ status: "b", dbt_is_deleted: "False", cur: false }, { status: "b", dbt_is_deleted: "True", cur: false }, { status: "c", dbt_is_deleted: "False", cur: true }]);
  });
});

describe("snapshots in the DAG", () => {
  it("ref() to a snapshot works; build runs the snapshot before the model; resource_type:snapshot selects it", async () => {
    const { dir, wh } = project({
      "snapshots/orders_snapshot.sql": LEGACY,
      "snapshots/props.yml": "snapshots:\n  - name: orders_snapshot\n    description: 订单历史\n    columns:\n      - name: id\n        data_tests: [not_null]\n",
      "models/current_orders.sql": "select id, status from {{ ref('orders_snapshot') }} where dbt_valid_to is null",
    });
    await sql(wh, "create schema raw; create table raw.orders (id integer, status varchar, updated_at timestamp); insert into raw.orders values (1, 'pending', '2024-01-01 10:47:00')");
    const p = openProject({ projectDir: dir });
    // The snapshot, and its test by indirect selection (dbt's eager mode).
    expect([...selectNodes(p, ["resource_type:snapshot"], undefined)].map((id) => id.split(".").slice(0, 3).join(".")).sort()).toEqual(["snapshot.snap.orders_snapshot", "test.snap.not_null_orders_snapshot_id"]);
    expect(p.nodes.get("snapshot.snap.orders_snapshot")!.fqn).toEqual(["snap", "orders_snapshot", "orders_snapshot"]);
    const r = await run(dir, "build");
    expect(r.results.map((x) => x.unique_id.split(".").slice(0, 3).join("."))).toEqual(["snapshot.snap.orders_snapshot", "test.snap.not_null_orders_snapshot_id", "model.snap.current_orders"]);
    expect(await sql(wh, "select * from main.current_orders")).toEqual([{ id: 1, status: "pending" }]);
    // `run` builds models only, as dbt run does.
    const runOnly = await run(dir, "run");
    expect(runOnly.results.map((x) => x.unique_id)).toEqual(["model.snap.current_orders"]);
  });
});

describe("refused or rejected as dbt does", () => {
  it.each([
    ["no strategy", "{{ config(unique_key='id') }}", /必须配置 strategy 和 unique_key/],
    ["timestamp without updated_at", "{{ config(unique_key='id', strategy='timestamp') }}", /updated_at/],
    ["check without check_cols", "{{ config(unique_key='id', strategy='check') }}", /check_cols/],
    ["unknown strategy", "{{ config(unique_key='id', strategy='custom') }}", /strategy「custom」/],
    ["unknown hard_deletes", "{{ config(unique_key='id', strategy='check', check_cols='all', hard_deletes='purge') }}", /hard_deletes「purge」/],
  ])("%s", async (_n, cfg, message) => {
    const { dir, wh } = project({ "snapshots/s.sql": `{% snapshot s %}${cfg}select 1 as id{% endsnapshot %}` });
    const p = openProject({ projectDir: dir });
    const db = await openDuckDB(wh);
    try {
      await expect(runEngine("snapshot", { project: p, db, logger: silentLogger, writeArtifacts: false })).rejects.toThrow(message);
    } finally {
      await db.close();
    }
  });

  it("a SQL file in snapshots/ without a snapshot block names the file", () => {
    const { dir } = project({ "snapshots/bad.sql": "select 1" });
    expect(() => openProject({ projectDir: dir })).toThrow(/snapshots\/bad\.sql/);
  });
});
