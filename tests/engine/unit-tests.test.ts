/**
 * dbt 1.8 unit tests against dbt's documentation:
 * - docs.getdbt.com/docs/build/unit-tests: the `dim_customers` / `is_valid_email_address`
 *   example (four emails, two accepted domains → only cool@example.com is valid) and
 *   "unit tests run before the model in build";
 * - docs.getdbt.com/reference/resource-properties/data-formats: dict, csv (inline and
 *   `fixture:` in tests/fixtures) and sql;
 * - docs.getdbt.com/docs/build/unit-tests, "Unit testing incremental models"
 *   (is_incremental override, `input: this`: events 1–3 given, 1 already in the
 *   table → 2 and 3 expected);
 * - CSV empty cells as NULL: dbt-labs/dbt-redshift tests/functional/adapter/unit_testing
 *   ("null column value doesn't throw error", csv format).
 * The model's regex is DuckDB's, the logic is the docs'.
 */
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

function project(files: Record<string, string>): string {
  const root = mkdtempSync(path.join(tmpdir(), "zonestat-unit-"));
  dirs.push(root);
  const dir = path.join(root, "p");
  const wh = path.join(root, "dev.duckdb");
  const all: Record<string, string> = {
    "dbt_project.yml": "name: ut\nprofile: ut\n",
    "profiles.yml": `ut:\n  target: dev\n  outputs:\n    dev:\n      type: duckdb\n      path: ${JSON.stringify(wh)}\n      schema: main\n`,
    ...files,
  };
  for (const [rel, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, rel)), { recursive: true });
    writeFileSync(path.join(dir, rel), text);
  }
  return dir;
}

async function run(dir: string, command: Command, select?: string[]) {
  const p = openProject({ projectDir: dir });
  const db = await openDuckDB(p.warehousePath!);
  try {
    return await runEngine(command, { project: p, db, logger: silentLogger, select, writeArtifacts: false });
  } finally {
    await db.close();
  }
}

const short = (id: string) => id.split(".").slice(0, 3).join(".");

const DOCS = {
  "seeds/stg_customers.csv": "customer_id,first_name,last_name,email,email_top_level_domain\n1,a,b,x@example.com,example.com\n",
  "seeds/top_level_email_domains.csv": "tld\nexample.com\n",
  "models/dim_customers.sql": `with customers as (
    select * from {{ ref('stg_customers') }}
),
accepted_email_domains as (
    select * from {{ ref('top_level_email_domains') }}
),
check_valid_emails as (
    select
        customers.customer_id,
        customers.first_name,
        customers.last_name,
        customers.email,
        coalesce(regexp_full_match(customers.email, '^[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\\.[A-Za-z]{2,}$')
        and accepted_email_domains.tld is not null, false) as is_valid_email_address
    from customers
        left join accepted_email_domains
        on customers.email_top_level_domain = lower(accepted_email_domains.tld)
)
select * from check_valid_emails
`,
};

const docsTest = (expectRows: string) => `unit_tests:
  - name: test_is_valid_email_address
    description: "Check my is_valid_email_address logic captures all known edge cases"
    model: dim_customers
    given:
      - input: ref('stg_customers')
        rows:
          - {email: cool@example.com,    email_top_level_domain: example.com}
          - {email: cool@unknown.com,    email_top_level_domain: unknown.com}
          - {email: badgmail.com,        email_top_level_domain: gmail.com}
          - {email: missingdot@gmailcom, email_top_level_domain: gmail.com}
      - input: ref('top_level_email_domains')
        rows:
          - {tld: example.com}
          - {tld: gmail.com}
    expect:
      rows:
${expectRows}`;

const DOCS_EXPECT = `        - {email: cool@example.com,    is_valid_email_address: true}
        - {email: cool@unknown.com,    is_valid_email_address: false}
        - {email: badgmail.com,        is_valid_email_address: false}
        - {email: missingdot@gmailcom, is_valid_email_address: false}
`;

describe("the docs' is_valid_email_address example", () => {
  it("passes in build, after the model's parents and before the model", async () => {
    const dir = project({ ...DOCS, "models/unit.yml": docsTest(DOCS_EXPECT) });
    const r = await run(dir, "build");
    expect(r.results.map((x) => [short(x.unique_id), x.status])).toEqual([
      ["seed.ut.stg_customers", "success"],
      ["seed.ut.top_level_email_domains", "success"],
      ["unit_test.ut.dim_customers", "pass"],
      ["model.ut.dim_customers", "success"],
    ]);
  });

  it("a wrong expectation fails with a diff of expected (---) and actual (+++) rows, and build skips the model", async () => {
    // Claims cool@unknown.com is valid: the model says false (unknown.com is not an accepted domain).
    const wrong = DOCS_EXPECT.replace("{email: cool@unknown.com,    is_valid_email_address: false}", "{email: cool@unknown.com,    is_valid_email_address: true}");
    const dir = project({ ...DOCS, "models/unit.yml": docsTest(wrong) });
    const r = await run(dir, "build");
    const ut = r.results.find((x) => x.unique_id.startsWith("unit_test."))!;
    expect(ut.status).toBe("fail");
    expect(ut.failures).toBe(2);
    expect(ut.message).toContain("@@,email,is_valid_email_address");
    expect(ut.message).toContain("---,cool@unknown.com,true");
    expect(ut.message).toContain("+++,cool@unknown.com,false");
    expect(r.results.find((x) => x.unique_id === "model.ut.dim_customers")!.status).toBe("skipped");
    expect(r.ok).toBe(false);
  });
});

describe("fixture formats (docs: data-formats)", () => {
  const base = {
    "seeds/orders.csv": "id,amount,status\n1,10,a\n",
    "models/big_orders.sql": "select id, amount * 2 as doubled, status from {{ ref('orders') }} where amount > 5",
  };
  it("csv inline (empty cell = NULL), a csv fixture file, and sql; expect in csv", async () => {
    const dir = project({
      ...base,
      "tests/fixtures/orders_fixture.csv": "id,amount,status\n1,10,a\n2,3,b\n3,7,\n",
      "models/unit.yml": `unit_tests:
  - name: inline_csv
    model: big_orders
    given:
      - input: ref('orders')
        format: csv
        rows: |
          id,amount,status
          1,10,a
          2,3,b
          3,7,
    expect:
      format: csv
      rows: |
        id,doubled,status
        1,20,a
        3,14,
  - name: file_csv
    model: big_orders
    given:
      - input: ref('orders')
        format: csv
        fixture: orders_fixture
    expect:
      rows:
        - {id: 1, doubled: 20, status: a}
        - {id: 3, doubled: 14, status: null}
  - name: sql_format
    model: big_orders
    given:
      - input: ref('orders')
        format: sql
        rows: |
          select 1 as id, 10 as amount, 'a' as status union all select 2, 1, 'b'
    expect:
      format: sql
      rows: |
        select 1 as id, 20 as doubled, 'a' as status
`,
    });
    expect((await run(dir, "seed")).ok).toBe(true);
    const r = await run(dir, "test", ["test_type:unit"]);
    expect(r.results.map((x) => [x.unique_id, x.status, x.message])).toEqual([
      ["unit_test.ut.big_orders.file_csv", "pass", "PASS"],
      ["unit_test.ut.big_orders.inline_csv", "pass", "PASS"],
      ["unit_test.ut.big_orders.sql_format", "pass", "PASS"],
    ]);
  });

  it("columns left out are NULL; an unknown column names the accepted ones; a missing input relation says to build it first", async () => {
    const ok = project({ ...base, "models/unit.yml": "unit_tests:\n  - name: t\n    model: big_orders\n    given:\n      - input: ref('orders')\n        rows:\n          - {id: 1, amount: 9}\n    expect:\n      rows:\n        - {id: 1, status: null}\n" });
    expect((await run(ok, "seed")).ok).toBe(true);
    expect((await run(ok, "test")).results.map((x) => x.status)).toEqual(["pass"]);

    const bad = project({ ...base, "models/unit.yml": "unit_tests:\n  - name: t\n    model: big_orders\n    given:\n      - input: ref('orders')\n        rows:\n          - {id: 1, colour: red}\n    expect:\n      rows: []\n" });
    expect((await run(bad, "seed")).ok).toBe(true);
    const r = await run(bad, "test");
    expect(r.results[0]!.status).toBe("error");
    expect(r.results[0]!.message).toMatch(/列名「colour」无效——可用的列：id、amount、status/);

    const unbuilt = project({ ...base, "models/unit.yml": "unit_tests:\n  - name: t\n    model: big_orders\n    given:\n      - input: ref('orders')\n        rows: [{id: 1}]\n    expect:\n      rows: []\n" });
    const u = await run(unbuilt, "test");
    expect(u.results[0]!.message).toMatch(/还不存在。请先构建上游/);
  });
});

describe("overrides", () => {
  it("is_incremental with `input: this` (docs: unit testing incremental models), and vars", async () => {
    const dir = project({
      "seeds/events.csv": "event_id,event_time\n1,2020-01-01\n",
      "models/my_incremental_model.sql": "{{ config(materialized='incremental') }}\nselect event_id, event_time from {{ ref('events') }} where event_id > {{ var('min_id', 0) }}\n{% if is_incremental() %}\nand event_time > (select max(event_time) from {{ this }})\n{% endif %}\n",
      "models/unit.yml": `unit_tests:
  - name: my_incremental_model_full_refresh_mode
    model: my_incremental_model
    overrides:
      macros:
        is_incremental: false
    given:
      - input: ref('events')
        rows:
          - {event_id: 1, event_time: 2020-01-01}
    expect:
      rows:
        - {event_id: 1, event_time: 2020-01-01}
  - name: my_incremental_model_incremental_mode
    model: my_incremental_model
    overrides:
      macros:
        is_incremental: true
    given:
      - input: ref('events')
        rows:
          - {event_id: 1, event_time: 2020-01-01}
          - {event_id: 2, event_time: 2020-01-02}
          - {event_id: 3, event_time: 2020-01-03}
      - input: this
        rows:
          - {event_id: 1, event_time: 2020-01-01}
    expect:
      rows:
        - {event_id: 2, event_time: 2020-01-02}
        - {event_id: 3, event_time: 2020-01-03}
  - name: with_var
    model: my_incremental_model
    overrides:
      vars:
        min_id: 2
    given:
      - input: ref('events')
        rows: [{event_id: 1}, {event_id: 2}, {event_id: 3}]
    expect:
      rows: [{event_id: 3}]
`,
    });
    // `this` needs the model's table (dbt reads its column types), so `build` would stop at the
    // unit test as dbt does ("relation doesn't exist"): seed and run first.
    const b = await run(dir, "build");
    expect(b.results.find((x) => x.unique_id.endsWith("incremental_mode"))!.message).toMatch(/my_incremental_model.*还不存在/);
    expect((await run(dir, "seed")).ok).toBe(true);
    expect((await run(dir, "run")).ok).toBe(true);
    const r = await run(dir, "test", ["test_type:unit"]);
    expect(r.results.map((x) => [x.unique_id.split(".").pop(), x.status, x.message])).toEqual([
      ["my_incremental_model_full_refresh_mode", "pass", "PASS"],
      ["my_incremental_model_incremental_mode", "pass", "PASS"],
      ["with_var", "pass", "PASS"],
    ]);
  });
});

describe("inputs from sources; env_vars", () => {
  it("a source input is typed from the source table; overrides.env_vars reach env_var()", async () => {
    const dir = project({
      "seeds/raw_orders.csv": "id,amount\n1,2.5\n",
      "models/sources.yml": "sources:\n  - name: shop\n    schema: main\n    tables:\n      - name: raw_orders\n",
      "models/m.sql": "select id, amount, '{{ env_var(\"ZS_UNIT_REGION\", \"none\") }}' as region from {{ source('shop', 'raw_orders') }}",
      "models/u.yml": "unit_tests:\n  - name: t\n    model: m\n    overrides:\n      env_vars:\n        ZS_UNIT_REGION: 辽宁\n    given:\n      - input: source('shop', 'raw_orders')\n        rows: [{id: 1, amount: '0.1'}, {id: 2, amount: 3}]\n    expect:\n      rows: [{id: 1, amount: 0.1, region: 辽宁}, {id: 2, amount: 3.0, region: 辽宁}]\n",
    });
    expect((await run(dir, "seed")).ok).toBe(true);
    const r = await run(dir, "test");
    expect(r.results.map((x) => [x.status, x.message])).toEqual([["pass", "PASS"]]);
    expect(process.env.ZS_UNIT_REGION).toBeUndefined();
  });
});

describe("selection and refusals", () => {
  it("test_type:unit and resource_type:unit_test select unit tests; a model selects its unit tests; run does not run them", async () => {
    const dir = project({ ...DOCS, "models/unit.yml": docsTest(DOCS_EXPECT), "models/other.sql": "select 1 as x" });
    const p = openProject({ projectDir: dir });
    expect([...selectNodes(p, ["test_type:unit"], undefined)]).toEqual(["unit_test.ut.dim_customers.test_is_valid_email_address"]);
    expect([...selectNodes(p, ["resource_type:unit_test"], undefined)]).toEqual(["unit_test.ut.dim_customers.test_is_valid_email_address"]);
    expect([...selectNodes(p, ["dim_customers"], undefined)].sort()).toEqual(["model.ut.dim_customers", "unit_test.ut.dim_customers.test_is_valid_email_address"]);
    expect([...selectNodes(p, ["other"], undefined)]).toEqual(["model.ut.other"]);
    // Indirect selection: selecting the model by a tag brings its unit test, as for data tests.
    const tagged = project({ ...DOCS, "models/unit.yml": docsTest(DOCS_EXPECT), "dbt_project.yml": "name: ut\nprofile: ut\nmodels:\n  ut:\n    +tags: [daily]\n" });
    expect([...selectNodes(openProject({ projectDir: tagged }), ["tag:daily"], undefined)].sort()).toEqual(["model.ut.dim_customers", "unit_test.ut.dim_customers.test_is_valid_email_address"]);
    const r = await run(dir, "run");
    expect(r.results.map((x) => short(x.unique_id))).toEqual(["model.ut.dim_customers", "model.ut.other"]);
  });

  it.each([
    ["a macro override other than is_incremental", "    overrides:\n      macros:\n        current_timestamp: \"'2024-01-01'\"\n", /overrides\.macros\.current_timestamp 尚不支持/],
    ["an unknown format", "", /format「xml」不认识/],
    ["a misspelt key", "    givens: []\n", /不认识的键「givens」/],
  ])("%s is refused at load", (_n, overrides, message) => {
    const given = message.source.includes("xml") ? "      - input: ref('orders')\n        format: xml\n        rows: x\n" : "      - input: ref('orders')\n        rows: [{id: 1}]\n";
    const dir = project({ "seeds/orders.csv": "id\n1\n", "models/m.sql": "select * from {{ ref('orders') }}", "models/u.yml": `unit_tests:\n  - name: t\n    model: m\n${overrides}    given:\n${given}    expect:\n      rows: []\n` });
    expect(() => openProject({ projectDir: dir })).toThrow(message);
  });

  it("a model ref without a given input is an error, not a read of the real table", async () => {
    const dir = project({ "seeds/orders.csv": "id\n1\n", "seeds/other.csv": "id\n2\n", "models/m.sql": "select * from {{ ref('orders') }} union all select * from {{ ref('other') }}", "models/u.yml": "unit_tests:\n  - name: t\n    model: m\n    given:\n      - input: ref('orders')\n        rows: [{id: 1}]\n    expect:\n      rows: [{id: 1}, {id: 2}]\n" });
    expect((await run(dir, "seed")).ok).toBe(true);
    const r = await run(dir, "test");
    expect(r.results[0]!.status).toBe("error");
    expect(r.results[0]!.message).toMatch(/given 中没有 ref\('other'\)/);
  });
});
