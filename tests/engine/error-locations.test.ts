/**
 * Where an error is (engineer-qa 6, 7): a SQL error names the model's file and line, the text DuckDB points at and
 * the compiled SQL's path (dbt-duckdb prints DuckDB's "LINE n:" and "compiled code at target/compiled/…"); a failing
 * test names the YAML it is defined in and its compiled SQL (dbt: "Failure in test … (models/schema.yml)"); a unit
 * test's missing fixture names the folders searched.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { cleanProjects, miniProject, runProject } from "../support/dbt-mini.js";

afterEach(cleanProjects);

describe("error locations", () => {
  it("a SQL error: file:line, DuckDB's message, the text it points at, the compiled SQL's path (which exists)", async () => {
    // Line 4 of the model holds `sum(x) as s` after a missing comma on line 3: DuckDB's parser stops there.
    const { dir } = miniProject({ "models/bad.sql": "-- a comment\nselect 1 as x,\n  2 as y\n  sum(x) as s\nfrom range(3)\n" });
    const r = await runProject(dir);
    const m = r.results.find((x) => x.unique_id.endsWith(".bad"))!.message;
    expect(m).toMatch(/^models\/bad\.sql:4：Parser Error: syntax error at or near "sum"（出错处：sum\(x\) as s）；编译后的 SQL：/);
    const compiled = /编译后的 SQL：(.*)$/.exec(m)![1]!;
    expect(compiled).toMatch(/target[\\/]compiled[\\/][a-z_]+[\\/]models[\\/]bad\.sql$/);
    expect(existsSync(path.resolve(compiled))).toBe(true);
  });

  it("a failing test is reported with the YAML that defines it and its compiled SQL", async () => {
    const { dir } = miniProject({
      "models/a.sql": "select 1 as x union all select 1",
      "models/schema.yml": "version: 2\nmodels:\n  - name: a\n    columns:\n      - name: x\n        tests: [unique]\n",
    });
    const r = await runProject(dir);
    const test = r.results.find((x) => x.unique_id.startsWith("test."))!;
    expect(test.status).toBe("fail");
    // run_results keeps dbt's message; the place is beside it, for the CLI's report.
    expect(test.message).toBe("Got 1 result, configured to fail if !=0");
    expect(r.where?.get(test.unique_id)?.file).toBe("models/schema.yml");
    expect(r.where?.get(test.unique_id)?.compiled).toMatch(/unique_a_x\.sql$/);
  });

  it("a unit test whose fixture file is missing names the folders searched, not a folder that is not", async () => {
    const { dir } = miniProject({
      "models/a.sql": "select 1 as x",
      "models/unit.yml": "unit_tests:\n  - name: u\n    model: a\n    given: []\n    expect:\n      format: csv\n      fixture: nosuch\n",
    });
    const e = await runProject(dir).then(() => undefined, (x: Error) => x);
    expect(e?.message).toMatch(/找不到 nosuch\.csv/);
    // dbt's default test-paths is tests: the fixtures are looked for in tests/fixtures.
    expect(e?.message).toMatch(/在 \S*tests[\\/]fixtures 下找不到/);
  });
});
