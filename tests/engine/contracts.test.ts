/**
 * Model contracts. Expected behaviour from docs.getdbt.com/reference/resource-configs/contract
 * (the dim_customers example: `select 'abc123' as customer_id` against `data_type: int`
 * fails before building, naming the column, both types and "data type mismatch") and
 * /reference/resource-properties/constraints (dbt-duckdb enforces not_null, unique,
 * primary_key, check and foreign_key; the table is created from the contract, then filled).
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { buildProject, cleanProjects, miniProject, queryDb } from "../support/dbt-mini.js";

afterEach(cleanProjects);

const schema = (model: string, cols: string, materialized = "table", extra = "") =>
  `version: 2\nmodels:\n  - name: ${model}\n    config:\n      materialized: ${materialized}\n      contract:\n        enforced: true\n${extra}    columns:\n${cols}`;
const CUSTOMER_COLS = "      - name: customer_id\n        data_type: int\n        constraints:\n          - type: not_null\n          - type: primary_key\n      - name: customer_name\n        data_type: string\n";

describe("model contracts", () => {
  it("dbt's dim_customers example: a text id against data_type int stops before building, listing the mismatch", async () => {
    const { dir, wh } = miniProject({
      "models/dim_customers.sql": "select 'abc123' as customer_id, 'My Best Customer' as customer_name",
      "models/schema.yml": schema("dim_customers", CUSTOMER_COLS),
    });
    const r = await buildProject(dir);
    const m = r.results.find((x) => x.unique_id === "model.fid.dim_customers")!;
    expect(m.status).toBe("error");
    // Only customer_id differs: VARCHAR in the model, INTEGER in the contract (DuckDB's name for int).
    expect(m.message).toContain("| customer_id | VARCHAR | INTEGER | 类型不符（data type mismatch） |");
    expect(m.message).not.toContain("| customer_name |");
    expect(await queryDb(wh, "select count(*)::int as n from information_schema.tables where table_name = 'dim_customers'")).toEqual([{ n: 0 }]);
  });

  it("a column missing from the model and one missing from the contract are both listed", async () => {
    const { dir } = miniProject({
      "models/c.sql": "select 1 as customer_id, 'x' as nickname",
      "models/schema.yml": schema("c", CUSTOMER_COLS),
    });
    const m = (await buildProject(dir)).results[0]!;
    expect(m.message).toContain("| nickname | VARCHAR |  | 契约中缺少（missing in contract） |");
    expect(m.message).toContain("| customer_name |  | VARCHAR | 模型中缺少（missing in definition） |");
  });

  it("a passing contract builds the table with its constraints; a violating row fails and the old table stays", async () => {
    const { dir, wh } = miniProject({
      "models/c.sql": "select 1 as customer_id, 'a' as customer_name union all select 2, 'b'",
      "models/schema.yml": schema("c", CUSTOMER_COLS.replace("        data_type: string\n", "        data_type: string\n        constraints:\n          - type: check\n            expression: \"length(customer_name) < 5\"\n")),
    });
    expect((await buildProject(dir)).ok).toBe(true);
    const cons = await queryDb(wh, "select constraint_type as t from duckdb_constraints() where table_name = 'c' order by 1");
    // PRIMARY KEY on customer_id (DuckDB adds its implied NOT NULL), NOT NULL, CHECK on customer_name.
    expect(cons.map((x) => x.t)).toEqual(expect.arrayContaining(["CHECK", "NOT NULL", "PRIMARY KEY"]));
    expect(await queryDb(wh, "select count(*)::int as n from main.c")).toEqual([{ n: 2 }]);

    // Two rows with id 1 violate the primary key: an error, and the two rows built before remain.
    writeFileSync(path.join(dir, "models/c.sql"), "select 1 as customer_id, 'a' as customer_name union all select 1, 'b' union all select 3, 'c'");
    const r = await buildProject(dir);
    expect(r.results[0]!.status).toBe("error");
    expect(r.results[0]!.message).toMatch(/[Cc]onstraint|约束|PRIMARY KEY|primary key/);
    expect(await queryDb(wh, "select customer_id from main.c order by 1")).toEqual([{ customer_id: 1 }, { customer_id: 2 }]);
  });

  it("a column without data_type is an error (contracts need every type)", async () => {
    const { dir } = miniProject({ "models/c.sql": "select 1 as id", "models/schema.yml": schema("c", "      - name: id\n") });
    expect((await buildProject(dir)).results[0]!.message).toMatch(/id 没有 data_type/);
  });

  it("a contracted view checks the columns; an ephemeral model cannot have a contract", async () => {
    const ok = miniProject({ "models/v.sql": "select 7 as customer_id, 'x' as customer_name", "models/schema.yml": schema("v", CUSTOMER_COLS, "view") });
    expect((await buildProject(ok.dir)).ok).toBe(true);
    expect(await queryDb(ok.wh, "select customer_id from main.v")).toEqual([{ customer_id: 7 }]);
    const bad = miniProject({ "models/v.sql": "select 7.5 as customer_id, 'x' as customer_name", "models/schema.yml": schema("v", CUSTOMER_COLS, "view") });
    expect((await buildProject(bad.dir)).results[0]!.message).toMatch(/customer_id \| DECIMAL\(2,1\) \| INTEGER/);
    const eph = miniProject({ "models/e.sql": "select 1 as customer_id, 'x' as customer_name", "models/t.sql": "select * from {{ ref('e') }}", "models/schema.yml": schema("e", CUSTOMER_COLS, "ephemeral") });
    const r = await buildProject(eph.dir);
    expect(r.results.map((x) => [x.unique_id, x.status])).toEqual([["model.fid.t", "error"]]);
    expect(r.results[0]!.message).toMatch(/ephemeral 模型 e 编译失败.*ephemeral 模型不能启用契约/);
  });
});
