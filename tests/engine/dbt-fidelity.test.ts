/**
 * The engine against dbt's documented behaviour, one small project per feature
 * (expected results from docs.getdbt.com, stated beside each case): either it does
 * what dbt does, or it stops with a coded error naming the construct — never exit 0
 * having done something else.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../pipelines/cli/main.js";
import { openProject } from "../../pipelines/engine/index.js";
import { selectNodes } from "../../pipelines/engine/select.js";
import { cleanProjects, miniProject, queryDb, runProject } from "../support/dbt-mini.js";

afterEach(cleanProjects);

/** A project from a map of relative path → text; its profile has a `prod` output beside `dev` (for --target). */
const project = (files: Record<string, string>, projectYml = "") => miniProject(files, { projectYml, outputs: ["dev", "prod"] });
const build = runProject;
const query = queryDb;

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(String(c)); cb(); } });
  const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

describe("Relations, naming and Jinja context", () => {
  it("this / ref() / source() are Relations: .schema, .identifier, .name, .database, include(); printed as the quoted name", async () => {
    const { dir, wh } = project({
      "models/a.sql": "select 1 as x",
      "models/b.sql": "select '{{ this.schema }}' as s, '{{ this.identifier }}' as i, '{{ this.name }}' as n, '{{ ref(\"a\").identifier }}' as ri, '{{ this.database }}' as d, '{{ ref(\"a\").include(schema=False) }}' as inc, x from {{ ref('a') }}",
    });
    const r = await build(dir);
    expect(r.ok, JSON.stringify(r.results.map((x) => x.message))).toBe(true);
    // dbt: this.schema = target schema, identifier/name = model name; the database of a DuckDB file is its stem.
    expect(await query(wh, "select * from main.b")).toEqual([{ s: "main", i: "b", n: "b", ri: "a", d: "dev", inc: '"a"', x: 1 }]);
  });

  it("a project's generate_schema_name replaces dbt's default (models land in `analytics`, not `main_analytics`)", async () => {
    const { dir, wh } = project(
      {
        "macros/naming.sql": "{% macro generate_schema_name(custom_schema_name, node) -%}{%- if custom_schema_name is none -%}{{ target.schema }}{%- else -%}{{ custom_schema_name | trim }}{%- endif -%}{%- endmacro %}",
        "models/marts/m.sql": "select 1 as x",
        "models/n.sql": "select 2 as y",
      },
      "models:\n  fid:\n    marts:\n      +schema: analytics\n",
    );
    expect((await build(dir)).ok).toBe(true);
    const schemas = (await query(wh, "select table_schema || '.' || table_name as t from information_schema.tables order by 1")).map((x) => x.t);
    expect(schemas).toEqual(["analytics.m", "main.n"]);
  });

  it("without an override, dbt's default: <target schema>_<custom schema>", async () => {
    const { dir, wh } = project({ "models/marts/m.sql": "select 1 as x" }, "models:\n  fid:\n    marts:\n      +schema: analytics\n");
    expect((await build(dir)).ok).toBe(true);
    expect((await query(wh, "select table_schema as s from information_schema.tables")).map((x) => x.s)).toEqual(["main_analytics"]);
  });

  it("execute is true when the model runs; target.name follows --target", async () => {
    const { dir, wh } = project({ "models/e.sql": "select {% if execute %}1{% else %}0{% endif %} as ran, '{{ target.name }}' as t" });
    expect((await build(dir, { target: "prod" })).ok).toBe(true);
    expect(await query(wh, "select * from main.e")).toEqual([{ ran: 1, t: "prod" }]);
  });

  it("dbt's cross-database macros and adapter.dispatch with return()", async () => {
    const { dir, wh } = project({
      "macros/c.sql": "{% macro my_concat(a, b) %}{{ return(adapter.dispatch('my_concat', 'fid')(a, b)) }}{% endmacro %}\n{% macro default__my_concat(a, b) %}{{ a }} || {{ b }}{% endmacro %}",
      "models/d.sql": "select {{ dbt.date_trunc('month', \"date '2024-05-17'\") }} as m, {{ dbt.dateadd('day', 3, \"date '2024-01-30'\") }} as plus3, {{ dbt.datediff(\"date '2024-01-01'\", \"date '2024-03-01'\", 'day') }} as days, {{ my_concat(\"'a'\", \"'b'\") }} as ab, {{ dbt.safe_cast(\"'x'\", dbt.type_int()) }} as bad, cast({{ dbt.hash(\"'x'\") }} as varchar) = md5('x') as h",
    });
    const r = await build(dir);
    expect(r.ok, JSON.stringify(r.results.map((x) => x.message))).toBe(true);
    const [row] = await query(wh, "select cast(m as date)::varchar as m, cast(plus3 as date)::varchar as plus3, days, ab, bad, h from main.d");
    // 2024-01-30 + 3 days = 2024-02-02; 2024-01-01 → 2024-03-01 is 31 + 29 = 60 days (leap year).
    expect(row).toEqual({ m: "2024-05-01", plus3: "2024-02-02", days: 60, ab: "ab", bad: null, h: true });
  });

  it("exceptions.raise_compiler_error stops with the message", async () => {
    const { dir } = project({ "models/x.sql": "{{ exceptions.raise_compiler_error('缺少变量 region') }}select 1" });
    expect(() => openProject({ projectDir: dir })).toThrow(/缺少变量 region/);
  });
});

describe("hooks", () => {
  it("on-run-start, pre-hook, post-hook and on-run-end run, in that order", async () => {
    const { dir, wh } = project(
      { "models/h.sql": "{{ config(pre_hook=\"insert into main.hook_log values ('pre {{ this.identifier }}')\", post_hook=\"insert into main.hook_log values ('post {{ this.identifier }}')\") }}select 1 as x" },
      "on-run-start:\n  - \"create or replace table main.hook_log (event varchar)\"\non-run-end:\n  - \"insert into main.hook_log values ('end')\"\n",
    );
    expect((await build(dir)).ok).toBe(true);
    expect((await query(wh, "select event from main.hook_log")).map((r) => r.event)).toEqual(["pre h", "post h", "end"]);
  });
});

describe("incremental models", () => {
  const model = (cols: string, cfg: string) => `{{ config(materialized='incremental', unique_key='id'${cfg}) }}\nselect * from (values ${cols}) t(id, v{{ ', w' if var('with_w', false) else '' }})`;

  it("append with the table's columns: rows go straight in; a query failing mid-run leaves the table as it was", async () => {
    // The append path that inserts without a temp table (materialize.ts, issue #24). Expected: after the second build
    // rows 1, 2 (1 from the first build, 2 appended; dbt's append keeps both); the third build's cast of 'x' to an
    // integer fails while rows are inserted (one transaction), so the table still holds exactly 1, 2.
    const append = (vals: string) => `{{ config(materialized='incremental') }}\nselect id::integer as id, v from (values ${vals}) t(id, v)`;
    const { dir, wh } = project({ "models/app.sql": append("('1', 'a')") });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/app.sql"), append("('2', 'b')"));
    const second = await build(dir);
    expect(second.ok).toBe(true);
    expect(second.results.find((x) => x.unique_id === "model.fid.app")!.message).toBe("INSERT 1");
    writeFileSync(path.join(dir, "models/app.sql"), append("('3', 'c'), ('x', 'd')"));
    expect((await build(dir)).ok).toBe(false);
    expect(await query(wh, "select id, v from main.app order by id")).toEqual([{ id: 1, v: "a" }, { id: 2, v: "b" }]);
  });

  it("merge updates a changed row instead of appending a duplicate", async () => {
    const { dir, wh } = project({ "models/inc.sql": model("(1, 'a'), (2, 'b')", ", incremental_strategy='merge'") });
    expect((await build(dir)).ok).toBe(true);
    writeFileSync(path.join(dir, "models/inc.sql"), model("(2, 'B'), (3, 'c')", ", incremental_strategy='merge'"));
    expect((await build(dir)).ok).toBe(true);
    expect(await query(wh, "select id, v from main.inc order by id")).toEqual([{ id: 1, v: "a" }, { id: 2, v: "B" }, { id: 3, v: "c" }]);
  });

  it("on_schema_change: ignore (default) drops the new column, append_new_columns adds it, fail stops", async () => {
    const a = project({ "models/inc.sql": model("(1, 'a')", "") });
    expect((await build(a.dir)).ok).toBe(true);
    writeFileSync(path.join(a.dir, "models/inc.sql"), model("(2, 'b', 'x')", "").replace("var('with_w', false)", "true"));
    expect((await build(a.dir)).ok).toBe(true);
    expect((await query(a.wh, "select column_name as c from information_schema.columns where table_name = 'inc' order by ordinal_position")).map((r) => r.c)).toEqual(["id", "v"]);

    const b = project({ "models/inc.sql": model("(1, 'a')", ", on_schema_change='append_new_columns'") });
    expect((await build(b.dir)).ok).toBe(true);
    writeFileSync(path.join(b.dir, "models/inc.sql"), model("(2, 'b', 'x')", ", on_schema_change='append_new_columns'").replace("var('with_w', false)", "true"));
    expect((await build(b.dir)).ok).toBe(true);
    expect(await query(b.wh, "select id, v, w from main.inc order by id")).toEqual([{ id: 1, v: "a", w: null }, { id: 2, v: "b", w: "x" }]);

    const c = project({ "models/inc.sql": model("(1, 'a')", ", on_schema_change='fail'") });
    expect((await build(c.dir)).ok).toBe(true);
    writeFileSync(path.join(c.dir, "models/inc.sql"), model("(2, 'b', 'x')", ", on_schema_change='fail'").replace("var('with_w', false)", "true"));
    const r = await build(c.dir);
    expect(r.ok).toBe(false);
    expect(r.results.find((x) => x.unique_id === "model.fid.inc")!.message).toMatch(/on_schema_change='fail'/);
  });
});

describe("tests: error_if / warn_if / store_failures", () => {
  it("3 failing rows with error_if '>5' and warn_if '>0' warn; the run is ok; failures are stored", async () => {
    const { dir, wh } = project({
      "models/t.sql": "select * from (values (1), (1), (1), (2)) v(k)",
      "models/schema.yml": "version: 2\nmodels:\n  - name: t\n    columns:\n      - name: k\n        tests:\n          - accepted_values:\n              values: [2]\n              config:\n                error_if: '>5'\n                warn_if: '>0'\n                store_failures: true\n",
    });
    const r = await build(dir);
    const test = r.results.find((x) => x.unique_id.startsWith("test."))!;
    // accepted_values groups by value: one failing group (k = 1).
    expect(test.status).toBe("warn");
    expect(test.failures).toBe(1);
    expect(r.ok).toBe(true);
    expect(await query(wh, "select value_field, n_records from main_dbt_test__audit.accepted_values_t_k__2")).toEqual([{ value_field: 1, n_records: 3 }]);
  });
});

describe("project YAML", () => {
  it("config directly under models: applies; Jinja in dbt_project.yml and profiles.yml is rendered", async () => {
    process.env.ZS_FID_VAR = "七";
    const { dir, wh } = project({ "models/v.sql": "select '{{ var(\"word\") }}' as w" }, "vars:\n  word: \"{{ env_var('ZS_FID_VAR') }}\"\nmodels:\n  +materialized: table\n");
    expect((await build(dir)).ok).toBe(true);
    expect(await query(wh, "select w, (select table_type from information_schema.tables where table_name = 'v') as kind from main.v")).toEqual([{ w: "七", kind: "BASE TABLE" }]);
  });

  it("profiles.yml's path through env_var is the variable's value, never a file named after the template", async () => {
    const { root, dir } = project({ "models/a.sql": "select 1 as x" });
    process.env.ZS_FID_PATH = path.join(root, "from-env.duckdb");
    writeFileSync(path.join(dir, "profiles.yml"), "fid:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: \"{{ env_var('ZS_FID_PATH') }}\"\n");
    expect(openProject({ projectDir: dir }).warehousePath).toBe(process.env.ZS_FID_PATH);
  });

  it("an unknown --target names the targets that exist", () => {
    const { dir } = project({ "models/a.sql": "select 1 as x" });
    expect(() => openProject({ projectDir: dir, target: "staging" })).toThrow(/dev、prod/);
  });
});

describe("selection (examples from dbt's node selection docs)", () => {
  const { dir } = project(
    {
      "models/staging/s1.sql": "{{ config(tags=['x']) }}select 1 as a",
      "models/staging/s2.sql": "select 1 as a",
      "models/marts/m1.sql": "{{ config(materialized='table') }}select * from {{ ref('s1') }}",
      "models/marts/m2.sql": "select * from {{ ref('m1') }} join {{ ref('s2') }} using (a)",
      "models/other/o.sql": "select * from {{ ref('m2') }}",
    },
  );
  const p = openProject({ projectDir: dir });
  const sel = (...s: string[]) => [...selectNodes(p, s, undefined)].map((id) => id.split(".").pop()).sort();
  it.each([
    [["staging"], ["s1", "s2"]], // a folder by fqn
    [["staging,tag:x"], ["s1"]], // intersection
    [["staging", "tag:x"], ["s1", "s2"]], // union
    [["1+m2"], ["m1", "m2", "s2"]], // parents to depth 1
    [["m1+1"], ["m1", "m2"]], // children to depth 1
    [["@m1"], ["m1", "m2", "o", "s1", "s2"]], // descendants and their ancestors
    [["config.materialized:table"], ["m1"]],
    [["models/marts/m2.sql"], ["m2"]], // a file path
    [["path:models/other"], ["o"]],
    [["fid.marts.*"], ["m1", "m2"]],
  ])("%j selects %j", (s, expected) => {
    expect(sel(...s)).toEqual(expected);
  });
  it("an unknown method is an error, not an empty selection", () => {
    expect(() => sel("colour:red")).toThrow(/选择方法「colour」/);
  });
});

describe("refused loudly: what the engine does not implement", () => {
  it.each([
    ["run_query", { "models/q.sql": "{% set r = run_query('select 1') %}select 1" }, /models\/q\.sql:1：不支持 run_query/],
    ["statement block", { "models/q.sql": "{% call statement('x', fetch_result=True) %}select 1{% endcall %}select 1" }, /statement/],
    ["a macro reached from a model", { "macros/m.sql": "{% macro cols() %}\n{% set c = adapter.get_columns_in_relation(this) %}\n{% endmacro %}", "models/q.sql": "select 1 {{ cols() }}" }, /macros\/m\.sql:2/],
    ["a unit test's macro override other than is_incremental", { "models/a.sql": "select 1 as x", "models/u.yml": "unit_tests:\n  - name: t\n    model: a\n    overrides:\n      macros:\n        my_macro: 1\n    given: []\n    expect:\n      rows: []\n" }, /overrides\.macros\.my_macro 尚不支持/],
    ["a snapshot block outside snapshot-paths", { "models/a.sql": "{% snapshot s %}select 1{% endsnapshot %}" }, /snapshot 块只能写在/],
    ["a package not installed by dbt deps", { "models/a.sql": "select 1 as x", "packages.yml": "packages:\n  - package: dbt-labs/dbt_utils\n    version: 1.3.0\n" }, /dbt deps/],
    ["microbatch", { "models/a.sql": "{{ config(materialized='incremental', incremental_strategy='microbatch') }}select 1 as x" }, /microbatch/],
  ])("%s", async (_name, files, message) => {
    const { dir } = project(files as Record<string, string>);
    await expect((async () => build(dir))()).rejects.toThrow(message);
  });

  it("a macro that is defined but never called does not block the project", async () => {
    const { dir } = project({ "macros/unused.sql": "{% macro unused() %}{% set r = run_query('select 1') %}{% endmacro %}", "models/a.sql": "select 1 as x" });
    expect((await build(dir)).ok).toBe(true);
  });
});

describe("seeds", () => {
  it("timestamps are TIMESTAMP, a one-column seed loads", async () => {
    const { dir, wh } = project({ "seeds/events.csv": "id,at\n1,2024-05-01 08:30:00\n2,2024-05-02T09:00:00\n", "seeds/names.csv": "name\n沈阳\n大连\n" });
    expect((await build(dir)).ok).toBe(true);
    const types = await query(wh, "select table_name || '.' || column_name as c, data_type as t from information_schema.columns where table_name in ('events', 'names') order by 1");
    expect(types).toEqual([{ c: "events.at", t: "TIMESTAMP" }, { c: "events.id", t: "INTEGER" }, { c: "names.name", t: "VARCHAR" }]);
  });
});

describe("CLI", () => {
  it("--vars takes YAML with a list; --fail-fast stops after the first error", async () => {
    const { dir, wh } = project({ "models/v.sql": "select {{ var('ids') | length }} as n, '{{ var(\"s\") }}' as s" });
    const r = await cli("run", "--project-dir", dir, "--warehouse", wh, "--vars", "{ids: [1, 2, 3], s: 'a,b'}");
    expect(r.code, r.out + r.err).toBe(0);
    expect(await query(wh, "select * from main.v")).toEqual([{ n: 3, s: "a,b" }]);

    const f = project({ "models/a.sql": "select nonsense(", "models/b.sql": "select 1 as x", "models/c.sql": "select 2 as y" });
    const res = await build(f.dir, { failFast: true });
    expect(res.results.map((x) => x.status)).toEqual(["error", "skipped", "skipped"]);
  });
});
