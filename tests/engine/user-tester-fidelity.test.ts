/**
 * Cases an analytics engineer found where the engine exited 0 having done something
 * other than dbt. Each expected result comes from dbt-core's macros or docs
 * (docs.getdbt.com), stated beside the case.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openProject, runEngine } from "../../pipelines/engine/index.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { silentLogger } from "../../pipelines/logger.js";
import { cleanProjects, miniProject, queryDb, runProject } from "../support/dbt-mini.js";

afterEach(cleanProjects);

/** The analytics engineer's projects used their own profile name (fidprof). */
const project = (files: Record<string, string>, projectYml = "") => miniProject(files, { projectYml, profile: "fidprof" });
const build = runProject;
const query = queryDb;

const msgs = (r: { results: Array<{ message: string }> }) => JSON.stringify(r.results.map((x) => x.message));

describe("incremental models", () => {
  it("sync_all_columns alters a changed column type (INTEGER → DOUBLE keeps 2.5); existing columns keep their order, new ones go last", async () => {
    const m = (body: string) => `{{ config(materialized='incremental', unique_key='id', on_schema_change='sync_all_columns') }}\n${body}`;
    const { dir, wh } = project({ "models/inc.sql": m("select 1 as id, 2 as v, 'a' as w") });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/inc.sql"), m("select 2 as id, 'n' as z, 2.5::double as v, 'b' as w"));
    const r = await build(dir);
    expect(r.ok, msgs(r)).toBe(true);
    // dbt check_for_schema_changes → new_target_types → alter_column_type: v becomes DOUBLE, so 2.5 stays 2.5 (not 2 or 3).
    expect(await query(wh, "select id, v, w, z from main.inc order by id")).toEqual([{ id: 1, v: 2, w: "a", z: null }, { id: 2, v: 2.5, w: "b", z: "n" }]);
    // dbt alter_relation_add_remove_columns: ADD COLUMN appends; the table's existing order is kept.
    const cols = await query(wh, "select column_name as c, data_type as t from information_schema.columns where table_name = 'inc' order by ordinal_position");
    expect(cols).toEqual([{ c: "id", t: "INTEGER" }, { c: "v", t: "DOUBLE" }, { c: "w", t: "VARCHAR" }, { c: "z", t: "VARCHAR" }]);
  });

  it("on_schema_change='fail' also fails on a type change alone (dbt: schema_changed includes new_target_types)", async () => {
    const m = (v: string) => `{{ config(materialized='incremental', unique_key='id', on_schema_change='fail') }}\nselect 1 as id, ${v} as v`;
    const { dir } = project({ "models/inc.sql": m("2") });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/inc.sql"), m("2.5::double"));
    const r = await build(dir);
    expect(r.ok).toBe(false);
    expect(r.results[0]!.message).toMatch(/on_schema_change='fail'/);
  });

  it("incremental_predicates are and-ed onto the delete condition on the target (DBT_INTERNAL_DEST); rows outside them are kept and the new row added", async () => {
    const m = (rows: string) => `{{ config(materialized='incremental', unique_key='id', incremental_strategy='merge', incremental_predicates=["DBT_INTERNAL_DEST.d >= 10"]) }}\nselect * from (values ${rows}) t(id, d, v)`;
    const { dir, wh } = project({ "models/inc.sql": m("(1, 5, 'old'), (2, 15, 'old')") });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/inc.sql"), m("(1, 5, 'new'), (2, 15, 'new')"));
    const r = await build(dir);
    expect(r.ok, msgs(r)).toBe(true);
    // dbt get_merge_sql: `on DBT_INTERNAL_DEST.d >= 10 and key match` — id 1 (d=5) does not match, so it is inserted beside the old row; id 2 is replaced.
    expect(await query(wh, "select id, v from main.inc order by id, v")).toEqual([{ id: 1, v: "new" }, { id: 1, v: "old" }, { id: 2, v: "new" }]);
  });

  it("a composite unique_key with a NULL part never matches (dbt joins with plain =): the old row stays and the new one is added", async () => {
    const m = (v: string) => `{{ config(materialized='incremental', unique_key=['a', 'b'], incremental_strategy='delete+insert') }}\nselect * from (values (1, null, '${v}'), (2, 'x', '${v}')) t(a, b, v)`;
    const { dir, wh } = project({ "models/inc.sql": m("old") });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/inc.sql"), m("new"));
    expect((await build(dir)).ok).toBe(true);
    // dbt get_delete_insert_merge_sql: (a, b) in (select a, b …) — NULL = NULL is not true, so (1, NULL) is never deleted.
    expect(await query(wh, "select a, b, v from main.inc order by a, v")).toEqual([{ a: 1, b: null, v: "new" }, { a: 1, b: null, v: "old" }, { a: 2, b: "x", v: "new" }]);
  });
});

describe("Jinja context", () => {
  it("invocation_id, run_started_at, project_name, dbt_version and target.profile_name render real values", async () => {
    const { dir, wh } = project({
      "models/a.sql": "select '{{ invocation_id }}' as inv, '{{ run_started_at }}' as started, '{{ project_name }}' as proj, '{{ dbt_version }}' as ver, '{{ target.profile_name }}' as prof, '{{ target.name }}' as tgt",
    });
    const r = await build(dir);
    expect(r.ok, msgs(r)).toBe(true);
    const [row] = await query(wh, "select * from main.a");
    // dbt: invocation_id is a UUID; run_started_at a UTC datetime printed by Python as 'YYYY-MM-DD HH:MM:SS.ffffff+00:00';
    // project_name is dbt_project.yml's name; target.profile_name the profile's name (fidprof here), not the target (dev).
    expect(row!.inv).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(row!.started).toMatch(/^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d\.\d{6}\+00:00$/);
    expect(row).toMatchObject({ proj: "fid", prof: "fidprof", tgt: "dev" });
    expect(String(row!.ver)).toMatch(/^1\.\d+\.\d+/);
  });

  it("an undefined top-level name fails loudly naming file and line (dbt renders with StrictUndefined), not ''", async () => {
    const { dir } = project({ "models/a.sql": "select 1 as x,\n  '{{ no_such_name }}' as y" });
    let err: unknown;
    try {
      await build(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "PROJECT_JINJA_ERROR" });
    expect(String((err as Error).message)).toMatch(/models\/a\.sql:2/);
  });

  it("config.get(key, default) and config.require(key) read the model's config; model.name is the model's name", async () => {
    const { dir, wh } = project({
      "models/a.sql": "{{ config(materialized='table') }}\nselect '{{ config.get(\"materialized\") }}' as m, '{{ config.get(\"no_such_key\", \"dflt\") }}' as d, '{{ config.require(\"materialized\") }}' as r, '{{ model.name }}' as n",
    });
    const r = await build(dir);
    expect(r.ok, msgs(r)).toBe(true);
    // dbt: config.get returns the resolved config value or the default; model is the node being rendered.
    expect(await query(wh, "select * from main.a")).toEqual([{ m: "table", d: "dflt", r: "table", n: "a" }]);
    expect(await query(wh, "select table_type as t from information_schema.tables where table_name = 'a'")).toEqual([{ t: "BASE TABLE" }]);
  });
});

describe("refs", () => {
  it("ref() to a disabled model is an error as in dbt ('depends on a node named … which is disabled'), not a read of the leftover table", async () => {
    const { dir } = project({ "models/a.sql": "select 1 as x", "models/b.sql": "select 2 as y,\n x from {{ ref('a') }}" });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/a.sql"), "{{ config(enabled=false) }}\nselect 1 as x");
    let err: unknown;
    try {
      await build(dir);
    } catch (e) {
      err = e;
    }
    expect(err).toMatchObject({ code: "PROJECT_REF_ERROR", detail: { file: "models/b.sql", line: 2 } });
    expect(String((err as Error).message)).toMatch(/depends on a node named 'a' which is disabled/);
  });
});

describe("runs", () => {
  it("on-run-end sees `results` (status, node.name, message, failures, execution_time); run_results.json is rewritten even when a hook fails", async () => {
    const hook = "create or replace table main.hook_log as select * from (values {% for r in results %}('{{ r.node.name }}', '{{ r.status }}', {{ r.failures if r.failures is not none else 'null' }}, {{ 1 if r.execution_time >= 0 else 0 }}){{ ',' if not loop.last }}{% endfor %}) t(name, status, failures, timed)";
    const { dir, wh } = project({ "models/a.sql": "select 1 as x", "models/s.yml": "models:\n  - name: a\n    columns:\n      - name: x\n        tests: [unique]\n" }, `on-run-end:\n  - ${JSON.stringify(hook)}\n`);
    const r = await build(dir, { writeArtifacts: true });
    expect(r.ok, msgs(r)).toBe(true);
    // dbt: results holds one RunResult per node: model a succeeded, its unique test passed with 0 failures.
    expect(await query(wh, "select * from main.hook_log order by name")).toEqual([{ name: "a", status: "success", failures: null, timed: 1 }, { name: "unique_a_x", status: "pass", failures: 0, timed: 1 }]);
    // Now a hook that fails: the run raises, and run_results.json holds this run's results, not the last one's.
    const { readFileSync, writeFileSync: wf } = await import("node:fs");
    const rr = path.join(dir, "target/run_results.json");
    const before = JSON.parse(readFileSync(rr, "utf8")).metadata.invocation_id;
    wf(path.join(dir, "dbt_project.yml"), `name: fid\nprofile: fidprof\nmodel-paths: [models]\non-run-end:\n  - "select * from no_such_table"\n`);
    await expect(build(dir, { writeArtifacts: true })).rejects.toMatchObject({ code: "MODEL_SQL_ERROR" });
    const after = JSON.parse(readFileSync(rr, "utf8"));
    expect(after.metadata.invocation_id).not.toBe(before);
    expect(after.results.map((x: { unique_id: string }) => x.unique_id.split(".").slice(0, 3).join(".")).sort()).toEqual(["model.fid.a", "test.fid.unique_a_x"]);
  });

  it("a failing unit test skips its model and downstream, never the model's other unit tests (dbt: unit tests are independent)", async () => {
    const ut = (name: string, out: number) => `  - name: ${name}\n    model: b\n    given:\n      - input: ref('a')\n        rows:\n          - {x: 1}\n    expect:\n      rows:\n        - {y: ${out}}\n`;
    const { dir } = project({
      "models/a.sql": "select 1 as x",
      "models/b.sql": "select x + 1 as y from {{ ref('a') }}",
      "models/c.sql": "select y from {{ ref('b') }}",
      "models/u.yml": `unit_tests:\n${ut("t1_fails", 99)}${ut("t2_passes", 2)}${ut("t3_fails", 98)}`,
    });
    const r = await build(dir);
    const st = Object.fromEntries(r.results.map((x) => [x.unique_id.split(".").pop(), x.status]));
    // 1 + 1 = 2: t2 passes; t1 and t3 expect 99 / 98 and fail; all three run. b and c are skipped.
    expect(st).toMatchObject({ a: "success", t1_fails: "fail", t2_passes: "pass", t3_fails: "fail", b: "skipped", c: "skipped" });
  });

  it("-s matching nothing warns as dbt ('does not match any enabled nodes', 'Nothing to do') and succeeds", async () => {
    const { dir } = project({ "models/a.sql": "select 1 as x" });
    const p = openProject({ projectDir: dir });
    const db = await openDuckDB(p.warehousePath!);
    const warnings: string[] = [];
    const logger = { ...silentLogger, warn: (m: string) => void warnings.push(m) };
    try {
      const r = await runEngine("build", { project: p, db, logger, select: ["nonexistent"], writeArtifacts: false });
      expect(r.ok).toBe(true);
      expect(r.results).toEqual([]);
    } finally {
      await db.close();
    }
    expect(warnings.join("\n")).toMatch(/The selection criterion 'nonexistent' does not match any enabled nodes/);
    expect(warnings.join("\n")).toMatch(/Nothing to do/);
  });
});

describe("contracts", () => {
  it("precision/scale are not compared (dbt: contracts ignore size, precision and scale); the table gets the contract's declared type", async () => {
    const yml = (t: string) => `models:\n  - name: a\n    config:\n      materialized: table\n      contract: {enforced: true}\n    columns:\n      - name: v\n        data_type: ${t}\n`;
    const { dir, wh } = project({ "models/a.sql": "select 1.24::decimal(18,2) as v", "models/a.yml": yml("decimal(10,1)") });
    const r = await build(dir);
    expect(r.ok, msgs(r)).toBe(true);
    // Declared decimal(10,1): the column is DECIMAL(10,1), and 1.24 is stored with one decimal place (1.2).
    expect(await query(wh, "select data_type as t from information_schema.columns where table_name = 'a'")).toEqual([{ t: "DECIMAL(10,1)" }]);
    expect(await query(wh, "select v::double as v from main.a")).toEqual([{ v: 1.2 }]);
    // A different base type is still a mismatch.
    writeFileSync(path.join(dir, "models/a.yml"), yml("varchar"));
    const r2 = await build(dir);
    expect(r2.ok).toBe(false);
    expect(r2.results[0]!.message).toMatch(/data type mismatch/);
  });
});
