/**
 * Relation names when the profile's database file and schema share a name
 * (`path: analytics.duckdb`, `schema: analytics`): DuckDB refuses the two-part name
 * `"analytics"."x"` as ambiguous, and dbt-duckdb renders relations as
 * `"database"."schema"."identifier"` (docs.getdbt.com/reference/dbt-jinja-functions/this:
 * `{{ this }}` is the database-qualified relation; docs/core/connect-data-platform/duckdb-setup:
 * the database of a DuckDB file is its name without the extension).
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildProject, cleanProjects, miniProject, queryDb } from "../support/dbt-mini.js";

afterEach(cleanProjects);

describe("relation names", () => {
  it("schema named like the database file: seeds, views, tables, tests and {{ this }} all work, three-part", async () => {
    const { dir, wh } = miniProject(
      {
        "seeds/raw.csv": "id,v\n1,10\n2,20\n",
        "models/a.sql": "select id, v * 2 as v2, '{{ this }}' as me from {{ ref('raw') }}",
        "models/b.sql": "{{ config(materialized='table') }}select sum(v2) as s from {{ ref('a') }}",
        "models/schema.yml": "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: id\n        data_tests: [unique, not_null]\n",
      },
      { dbFile: "analytics.duckdb", schema: "analytics" },
    );
    const r = await buildProject(dir);
    expect(r.ok, JSON.stringify(r.results.map((x) => x.message))).toBe(true);
    expect(r.results.map((x) => x.status).sort()).toEqual(["pass", "pass", "success", "success", "success"]);
    // 2·10 + 2·20 = 60.
    expect(await queryDb(wh, 'select s from "analytics"."analytics"."b"')).toEqual([{ s: 60 }]);
    expect(await queryDb(wh, 'select distinct me from "analytics"."analytics"."a"')).toEqual([{ me: '"analytics"."analytics"."a"' }]);
  });

  it("without a clash, names stay two-part", async () => {
    const { dir, wh } = miniProject({ "models/a.sql": "select '{{ this }}' as me" });
    expect((await buildProject(dir)).ok).toBe(true);
    expect(await queryDb(wh, "select me from main.a")).toEqual([{ me: '"main"."a"' }]);
  });
});
