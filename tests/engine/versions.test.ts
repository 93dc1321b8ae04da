/**
 * Model versions. Expected behaviour from docs.getdbt.com/docs/collaborate/govern/model-versions
 * and /reference/resource-properties/versions: each version is its own node built from
 * `<name>_v<v>.sql` (or `defined_in`) into the relation `<name>_v<v>`; `ref('name')`
 * is the `latest_version` (which may be below the highest, a "prerelease"),
 * `ref('name', v=2)` that version; tests on the model apply to every version.
 */
import { afterEach, describe, expect, it } from "vitest";
import { openProject } from "../../pipelines/engine/index.js";
import { manifest } from "../../pipelines/engine/artifacts.js";
import { buildProject, cleanProjects, miniProject, queryDb } from "../support/dbt-mini.js";

afterEach(cleanProjects);

const YAML = "version: 2\nmodels:\n  - name: dim_customers\n    latest_version: 1\n    columns:\n      - name: id\n        data_tests: [unique]\n      - name: old_col\n    versions:\n      - v: 1\n      - v: 2\n        columns:\n          - include: all\n            exclude: [old_col]\n";

describe("model versions", () => {
  it("ref() is the latest_version, ref(v=2) the prerelease; relations <name>_v<v>; tests per version", async () => {
    const { dir, wh } = miniProject({
      "models/dim_customers_v1.sql": "select 1 as id, 'a' as old_col",
      "models/dim_customers_v2.sql": "select 1 as id union all select 2",
      "models/uses.sql": "select (select count(*) from {{ ref('dim_customers') }})::int as latest_n, (select count(*) from {{ ref('dim_customers', v=2) }})::int as v2_n",
      "models/schema.yml": YAML,
    });
    const r = await buildProject(dir);
    expect(r.ok, JSON.stringify(r.results.map((x) => x.message))).toBe(true);
    const ids = r.results.map((x) => (x.unique_id.startsWith("test.") ? x.unique_id.split(".").slice(0, 3).join(".") : x.unique_id)).sort();
    expect(ids).toEqual(["model.fid.dim_customers.v1", "model.fid.dim_customers.v2", "model.fid.uses", "test.fid.unique_dim_customers_v1_id", "test.fid.unique_dim_customers_v2_id"]);
    // v1 has one row (the latest), v2 two.
    expect(await queryDb(wh, "select latest_n, v2_n from main.uses")).toEqual([{ latest_n: 1, v2_n: 2 }]);
    expect((await queryDb(wh, "select table_name as t from information_schema.tables where table_name like 'dim%' order by 1")).map((x) => x.t)).toEqual(["dim_customers_v1", "dim_customers_v2"]);
    const p = openProject({ projectDir: dir });
    // v2 excludes old_col.
    expect(Object.keys(p.nodes.get("model.fid.dim_customers.v2")!.columns)).toEqual(["id"]);
    expect(p.nodes.get("model.fid.dim_customers.v1")!.fqn).toEqual(["fid", "dim_customers", "v1"]);
    // manifest.json: the version, and dbt-duckdb's relation_name (database = the file dev.duckdb's name).
    const entry = (manifest(p).nodes as Record<string, Record<string, unknown>>)["model.fid.dim_customers.v2"]!;
    expect([entry.version, entry.latest_version, entry.relation_name]).toEqual([2, 1, '"dev"."main"."dim_customers_v2"']);
  });

  it("defined_in names the file; a missing version file and an unknown version are errors", async () => {
    const ok = miniProject({
      "models/customers_old.sql": "select 1 as id",
      "models/d.sql": "select * from {{ ref('c', v=1) }}",
      "models/schema.yml": "version: 2\nmodels:\n  - name: c\n    versions:\n      - v: 1\n        defined_in: customers_old\n",
    });
    expect((await buildProject(ok.dir)).ok).toBe(true);
    expect(await queryDb(ok.wh, "select id from main.c_v1")).toEqual([{ id: 1 }]);

    const missing = miniProject({ "models/schema.yml": "version: 2\nmodels:\n  - name: c\n    versions:\n      - v: 1\n" });
    expect(() => openProject({ projectDir: missing.dir })).toThrow(/c_v1\.sql/);
    const unknown = miniProject({ "models/c_v1.sql": "select 1 as id", "models/d.sql": "select * from {{ ref('c', v=3) }}", "models/schema.yml": "version: 2\nmodels:\n  - name: c\n    versions:\n      - v: 1\n" });
    expect(() => openProject({ projectDir: unknown.dir })).toThrow(/没有版本 3/);
  });
});
