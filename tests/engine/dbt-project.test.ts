/**
 * A dbt project written by hand (tests/fixtures/dbt_project) built with
 * `zonestat build --project-dir …`: seeds with a leading-zero code, staging views,
 * table marts, a Jinja loop with loop.last, a macro, an incremental and an
 * ephemeral model, the four generic tests, a custom generic test, a singular test.
 * Broken copies fail with dbt's test names and skip what is downstream.
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { Writable } from "node:stream";
import { afterEach, describe, expect, it } from "vitest";
import { main } from "../../pipelines/cli/main.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO } from "../support/project.js";

const FIXTURE = path.join(REPO, "tests/fixtures/dbt_project");
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function copy(): { dir: string; wh: string } {
  const root = mkdtempSync(path.join(tmpdir(), "zonestat-dbt-"));
  dirs.push(root);
  const dir = path.join(root, "project");
  cpSync(FIXTURE, dir, { recursive: true });
  return { dir, wh: path.join(root, "dev.duckdb") };
}

async function zonestat(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = "";
  let err = "";
  const sink = (f: (s: string) => void) => new Writable({ write(c, _e, cb) { f(String(c)); cb(); } });
  const code = await main(args, { stdout: sink((s) => (out += s)), stderr: sink((s) => (err += s)) });
  return { code, out, err };
}

interface RunResult { unique_id: string; status: string; failures: number | null; timing: unknown[]; execution_time: number }
const results = (dir: string) => (JSON.parse(readFileSync(path.join(dir, "target/run_results.json"), "utf8")) as { results: RunResult[] }).results;
const statusOf = (dir: string) => Object.fromEntries(results(dir).map((r) => [r.unique_id.split(".").slice(0, 3).join("."), r.status]));

describe("zonestat build --project-dir on a hand-written dbt project", () => {
  it("builds everything, all tests passing, with dbt's test names", async () => {
    const { dir, wh } = copy();
    const r = await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    expect(r.code, r.out + r.err).toBe(0);
    expect(statusOf(dir)).toEqual({
      "seed.zone_shop.cities": "success",
      "seed.zone_shop.orders": "success",
      "model.zone_shop.stg_cities": "success",
      "model.zone_shop.stg_orders": "success",
      "model.zone_shop.city_totals": "success",
      "model.zone_shop.order_log": "success",
      // paid_orders is ephemeral: dbt lists no result for it (docs.getdbt.com/docs/build/materializations#ephemeral).
      "model.zone_shop.paid_summary": "success",
      "test.zone_shop.unique_stg_orders_order_id": "pass",
      "test.zone_shop.not_null_stg_orders_order_id": "pass",
      "test.zone_shop.accepted_values_stg_orders_status__paid__shipped__refunded": "pass",
      "test.zone_shop.relationships_stg_orders_city_code__city_code__ref_stg_cities_": "pass",
      "test.zone_shop.is_positive_stg_orders_amount_yuan": "pass",
      "test.zone_shop.unique_city_totals_city_code": "pass",
      "test.zone_shop.is_positive_city_totals_orders": "pass",
      "test.zone_shop.assert_paid_total_matches": "pass",
    });
    const db = await openDuckDB(wh, { readOnly: true });
    try {
      // Leading zeros kept: code is text. column_types: population double.
      expect(await db.all(`select column_name, data_type from information_schema.columns where table_name = 'cities' order by ordinal_position`)).toEqual([
        { column_name: "code", data_type: "VARCHAR" },
        { column_name: "name", data_type: "VARCHAR" },
        { column_name: "population", data_type: "DOUBLE" },
        { column_name: "founded", data_type: "DATE" },
      ]);
      // Hand sums of seeds/orders.csv, paid only: 0101 → (1250 + 800) / 100 = 20.50; 0203 → 42.00; 0102 → none paid.
      expect(await db.all(`select city_code, paid_yuan, orders from city_totals order by city_code`)).toEqual([
        { city_code: "0101", paid_yuan: 20.5, orders: 2 },
        { city_code: "0102", paid_yuan: null, orders: 2 },
        { city_code: "0203", paid_yuan: 42, orders: 1 },
      ]);
      // Views for staging, tables for marts (folder config with and without +), nothing for the ephemeral model.
      const kinds = Object.fromEntries((await db.all<{ table_name: string; table_type: string }>(`select table_name, table_type from information_schema.tables`)).map((t) => [t.table_name, t.table_type]));
      expect([kinds.stg_orders, kinds.city_totals, kinds.paid_orders, kinds.paid_summary]).toEqual(["VIEW", "BASE TABLE", undefined, "BASE TABLE"]);
      expect(await db.all(`select n, total from paid_summary`)).toEqual([{ n: 3, total: 62.5 }]);
    } finally {
      await db.close();
    }
  });

  it("compiles Jinja as dbt does: loop.last, macros, vars, ephemeral CTEs", async () => {
    const { dir, wh } = copy();
    await zonestat("compile", "--project-dir", dir, "--warehouse", wh);
    const stg = readFileSync(path.join(dir, "target/compiled/zone_shop/models/staging/stg_orders.sql"), "utf8");
    expect(stg).toContain("round(amount_fen / 100.0, 2) as amount_yuan");
    expect(stg).toMatch(/status = 'refunded' as is_refunded\s*\n\s*from/);
    expect(stg).not.toMatch(/is_refunded,/);
    expect(stg).toContain("where amount_fen >= 0");
    const summary = readFileSync(path.join(dir, "target/compiled/zone_shop/models/marts/paid_summary.sql"), "utf8");
    expect(summary).toMatch(/^with __dbt__cte__paid_orders as \(/);
    const manifest = JSON.parse(readFileSync(path.join(dir, "target/manifest.json"), "utf8"));
    expect(manifest.nodes["model.zone_shop.stg_orders"].description).toBe("Orders, one row each, amounts in yuan.");
    expect(manifest.nodes["model.zone_shop.city_totals"].depends_on.nodes.sort()).toEqual(["model.zone_shop.stg_cities", "model.zone_shop.stg_orders"]);
    expect(manifest.nodes["model.zone_shop.city_totals"].config.tags).toEqual(["marts", "finance"]);
    expect(manifest.parent_map["model.zone_shop.paid_summary"]).toEqual(["model.zone_shop.paid_orders"]);
  });

  it("incremental: a second run inserts only new keys; --full-refresh rebuilds", async () => {
    const { dir, wh } = copy();
    await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    appendFileSync(path.join(dir, "seeds/orders.csv"), "6,0203,paid,100\n");
    await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    const inc = results(dir).find((r) => r.unique_id === "model.zone_shop.order_log")!;
    expect(inc.status).toBe("success");
    const db = await openDuckDB(wh, { readOnly: true });
    // The filter `order_id >= max(order_id)` re-reads order 5 and adds 6: delete+insert on order_id keeps one row each.
    expect(await db.all(`select count(*) as n, count(distinct order_id) as d from order_log`)).toEqual([{ n: 6, d: 6 }]);
    await db.close();
  });

  it("--select with + and tag:, --exclude", async () => {
    const { dir, wh } = copy();
    await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    await zonestat("run", "--project-dir", dir, "--warehouse", wh, "--select", "+city_totals");
    expect(Object.keys(statusOf(dir)).sort()).toEqual(["model.zone_shop.city_totals", "model.zone_shop.stg_cities", "model.zone_shop.stg_orders"]);
    await zonestat("run", "--project-dir", dir, "--warehouse", wh, "--select", "tag:staging", "--exclude", "stg_cities");
    expect(Object.keys(statusOf(dir))).toEqual(["model.zone_shop.stg_orders"]);
  });

  it("a duplicate key fails `unique` and skips everything downstream of the model", async () => {
    const { dir, wh } = copy();
    appendFileSync(path.join(dir, "seeds/orders.csv"), "5,0102,paid,10\n");
    const r = await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    expect(r.code).toBe(1);
    const s = statusOf(dir);
    expect(s["test.zone_shop.unique_stg_orders_order_id"]).toBe("fail");
    for (const id of ["model.zone_shop.city_totals", "model.zone_shop.order_log", "model.zone_shop.paid_summary", "test.zone_shop.assert_paid_total_matches", "test.zone_shop.unique_city_totals_city_code"]) expect(s[id], id).toBe("skipped");
    expect(s["model.zone_shop.stg_cities"]).toBe("success");
    expect(results(dir).find((x) => x.unique_id.startsWith("test.zone_shop.unique_stg_orders_order_id"))!.failures).toBe(1);
  });

  it("a status outside the list fails accepted_values; an unknown city fails relationships", async () => {
    const { dir, wh } = copy();
    appendFileSync(path.join(dir, "seeds/orders.csv"), "7,0999,lost,10\n");
    const r = await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    expect(r.code).toBe(1);
    const s = statusOf(dir);
    expect(s["test.zone_shop.accepted_values_stg_orders_status__paid__shipped__refunded"]).toBe("fail");
    expect(s["test.zone_shop.relationships_stg_orders_city_code__city_code__ref_stg_cities_"]).toBe("fail");
    expect(s["model.zone_shop.city_totals"]).toBe("skipped");
  });

  it("a warn-severity failure warns and does not block", async () => {
    const { dir, wh } = copy();
    writeFileSync(path.join(dir, "seeds/cities.csv"), readFileSync(path.join(dir, "seeds/cities.csv"), "utf8") + "0301,抚顺,2.0,1940-01-01\n");
    const r = await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    // 抚顺 has no orders: city_totals.orders = 0 fails is_positive, configured to warn.
    expect(r.code).toBe(0);
    expect(statusOf(dir)["test.zone_shop.is_positive_city_totals_orders"]).toBe("warn");
  });

  it("an unknown ref names the file and line; a cycle names the cycle", async () => {
    const { dir, wh } = copy();
    writeFileSync(path.join(dir, "models/marts/bad.sql"), "select 1 as x\nunion all\nselect * from {{ ref('no_such_model') }}\n");
    let r = await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    expect(r.code).toBe(2);
    expect(r.err).toContain("models/marts/bad.sql:3");
    expect(r.err).toContain("no_such_model");
    writeFileSync(path.join(dir, "models/marts/bad.sql"), "select * from {{ ref('bad2') }}\n");
    writeFileSync(path.join(dir, "models/marts/bad2.sql"), "select * from {{ ref('bad') }}\n");
    r = await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/bad → bad2 → bad|bad2 → bad → bad2/);
  });

  it("a SQL error names the model file and fails only that branch, leaving the old relation intact", async () => {
    const { dir, wh } = copy();
    await zonestat("build", "--project-dir", dir, "--warehouse", wh);
    writeFileSync(path.join(dir, "models/marts/city_totals.sql"), "select city_code, no_such_column from {{ ref('stg_cities') }}\n");
    const r = await zonestat("run", "--project-dir", dir, "--warehouse", wh);
    expect(r.code).toBe(1);
    expect(r.out).toContain("models/marts/city_totals.sql");
    const db = await openDuckDB(wh, { readOnly: true });
    expect(await db.all(`select count(*) as n from city_totals`)).toEqual([{ n: 3 }]);
    await db.close();
  });
});
