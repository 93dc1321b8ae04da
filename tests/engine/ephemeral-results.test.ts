/**
 * Ephemeral models in run results: dbt compiles them into their children and does
 * not list them as run nodes (docs.getdbt.com/docs/build/materializations#ephemeral:
 * "ephemeral models are not directly built into the database"; dbt-core
 * task/runnable.py `_handle_result` appends only non-ephemeral results).
 */
import { afterEach, describe, expect, it } from "vitest";
import { buildProject, cleanProjects, miniProject, queryDb } from "../support/dbt-mini.js";

afterEach(cleanProjects);

describe("ephemeral models in run results", () => {
  it("one table on one ephemeral model: one result, the table holds the ephemeral rows", async () => {
    const { dir, wh } = miniProject({
      "models/e.sql": "{{ config(materialized='ephemeral') }}select 1 as x union all select 2",
      "models/t.sql": "{{ config(materialized='table') }}select sum(x) as s from {{ ref('e') }}",
    });
    const r = await buildProject(dir, "run");
    expect(r.ok).toBe(true);
    expect(r.results.map((x) => x.unique_id)).toEqual(["model.fid.t"]);
    // 1 + 2 = 3, through the CTE.
    expect(await queryDb(wh, "select s from main.t")).toEqual([{ s: 3 }]);
  });

  it("an ephemeral model that fails to compile makes its child an error naming it", async () => {
    const { dir } = miniProject({
      "models/e.sql": "{{ config(materialized='ephemeral') }}{% if execute %}{{ exceptions.raise_compiler_error('boom') }}{% endif %}select 1 as x",
      "models/t.sql": "select * from {{ ref('e') }}",
      "models/u.sql": "select 2 as y",
    });
    const r = await buildProject(dir, "run");
    expect(r.ok).toBe(false);
    // Two results (t, u), numbered of 2; t is an error naming e and its message.
    expect(r.results.map((x) => [x.unique_id, x.status])).toEqual([["model.fid.t", "error"], ["model.fid.u", "success"]]);
    expect(r.results[0]!.message).toMatch(/ephemeral 模型 e 编译失败.*boom/);
  });
});
