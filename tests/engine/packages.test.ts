/**
 * dbt packages read from disk (packages.yml `local:` entries and dbt_packages/),
 * never downloaded. Expected behaviour from docs.getdbt.com:
 * - docs/build/packages ("Local packages", "dbt deps" installs into dbt_packages/;
 *   "How do I use a package": namespaced macros `{{ dbt_utils.star() }}`, package
 *   models built like the project's own, configured under `models: <package>:`);
 * - reference/dbt-jinja-functions/dispatch (search order: the root project, then the
 *   macro_namespace; `dispatch:` config replaces it);
 * - reference/resource-properties/data-tests (a generic test from a package is used
 *   as `package.test` or by its bare name; the namespaced test is named
 *   `<package>_<test>_<model>_<column>`).
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openProject, runEngine } from "../../pipelines/engine/index.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { silentLogger } from "../../pipelines/logger.js";
import { REPO } from "../support/project.js";
import { buildProject, cleanProjects, miniProject, queryDb, writeFiles } from "../support/dbt-mini.js";

afterEach(cleanProjects);

/** A local package `money` beside the project: a macro, a dispatched macro, a generic test, a model, a seed, a var. */
const MONEY: Record<string, string> = {
  "dbt_project.yml": "name: money\nversion: '1.0.0'\nconfig-version: 2\nvars:\n  money_scale: 3\n",
  "macros/cents.sql": "{% macro cents_to_dollars(col, scale=2) %}cast({{ col }} / 100 as decimal(18, {{ scale }})){% endmacro %}\n{% macro label(x) %}{{ return(adapter.dispatch('label', 'money')(x)) }}{% endmacro %}\n{% macro default__label(x) %}'pkg:' || {{ x }}{% endmacro %}\n",
  "tests/generic/is_positive.sql": "{% test is_positive(model, column_name) %}\nselect * from {{ model }} where {{ column_name }} <= 0\n{% endtest %}\n",
  "models/money_rates.sql": "select 1 as id, {{ cents_to_dollars('12345', var('money_scale')) }} as rate, '{{ this.identifier }}' as me",
  "seeds/currencies.csv": "code,name\nCNY,人民币\nUSD,美元\n",
};

function withMoney(files: Record<string, string>, projectYml = "") {
  const p = miniProject({ "packages.yml": "packages:\n  - local: ../money\n", ...files }, { projectYml });
  writeFiles(path.join(p.root, "money"), MONEY);
  return p;
}

describe("a local package (packages.yml `local:`)", () => {
  it("namespaced macros, generic tests by namespace and by bare name, the package's model and seed", async () => {
    const { dir, wh } = withMoney({
      "models/payments.sql": "select id, {{ money.cents_to_dollars('amount_cents') }} as amount from (values (1, 1999), (2, 500)) t(id, amount_cents)",
      "models/schema.yml": "version: 2\nmodels:\n  - name: payments\n    columns:\n      - name: amount\n        data_tests: [money.is_positive]\n      - name: id\n        data_tests: [is_positive]\n",
    }, "models:\n  money:\n    +materialized: table\n");
    const r = await buildProject(dir);
    expect(r.ok, JSON.stringify(r.results.map((x) => [x.unique_id, x.message]))).toBe(true);
    // 1999 cents = 19.99, 500 cents = 5.00 (scale 2, the macro's default).
    expect(await queryDb(wh, "select id, amount::varchar as amount from main.payments order by id")).toEqual([{ id: 1, amount: "19.99" }, { id: 2, amount: "5.00" }]);
    const ids = r.results.map((x) => x.unique_id.split(".").slice(0, 3).join(".")).sort();
    expect(ids).toEqual([
      "model.fid.payments",
      "model.money.money_rates",
      "seed.money.currencies",
      "test.fid.is_positive_payments_id",
      "test.fid.money_is_positive_payments_amount",
    ]);
    // The package's model: built as a table (root config `models: money:`), the package's own var (3 decimals): 123.45 → 123.450.
    expect(await queryDb(wh, "select rate::varchar as rate, me, (select table_type from information_schema.tables where table_name = 'money_rates') as kind from main.money_rates")).toEqual([{ rate: "123.450", me: "money_rates", kind: "BASE TABLE" }]);
    expect(await queryDb(wh, "select count(*)::int as n from main.currencies")).toEqual([{ n: 2 }]);
    const p = openProject({ projectDir: dir });
    expect(p.nodes.get("model.money.money_rates")!.fqn).toEqual(["money", "money_rates"]);
  });

  it("a package's sources keep their columns and column tests, as the root project's do", () => {
    const { dir } = withMoney({ "models/a.sql": "select 1 as x" });
    writeFiles(path.join(dir, "..", "money"), {
      "models/sources.yml": "version: 2\nsources:\n  - name: ledger\n    tables:\n      - name: entries\n        description: 账目\n        columns:\n          - name: amount\n            description: 金额（分）\n            data_tests: [not_null]\n",
    });
    const p = openProject({ projectDir: dir });
    const src = p.nodes.get("source.money.ledger.entries")!;
    expect(src.description).toBe("账目");
    expect(src.columns.amount).toMatchObject({ name: "amount", description: "金额（分）" });
    expect([...p.nodes.keys()].filter((id) => id.startsWith("test.")).join(",")).toContain("test.money.source_not_null_ledger_entries_amount");
  });

  it("the root project's vars scoped to the package override the package's own", async () => {
    const { dir, wh } = withMoney({ "models/a.sql": "select 1 as x" }, "vars:\n  money:\n    money_scale: 1\n");
    expect((await buildProject(dir)).ok).toBe(true);
    // 12345 cents at 1 decimal = 123.5 (round half away from zero, DuckDB).
    expect(await queryDb(wh, "select rate::varchar as rate from main.money_rates")).toEqual([{ rate: "123.5" }]);
  });

  it("a failing package generic test fails with the rows counted", async () => {
    const { dir } = withMoney({
      "models/p.sql": "select * from (values (1), (-2), (0)) t(v)",
      "models/schema.yml": "version: 2\nmodels:\n  - name: p\n    columns:\n      - name: v\n        data_tests: [money.is_positive]\n",
    });
    const r = await buildProject(dir);
    const t = r.results.find((x) => x.unique_id.startsWith("test."))!;
    // -2 and 0 are not positive: 2 failures.
    expect([t.status, t.failures]).toEqual(["fail", 2]);
  });

  it("un-namespaced lookup: a package macro is not a flat name for the root project; a node of the package finds its own first", async () => {
    const bare = withMoney({ "models/a.sql": "select {{ cents_to_dollars('100') }} as x" });
    // dbt: installed packages are namespaces only ('cents_to_dollars' is undefined).
    await expect(buildProject(bare.dir)).rejects.toThrow(/a\.sql/);

    // The root project defines its own cents_to_dollars: root models use it, the package's model keeps the package's.
    const { dir, wh } = withMoney({
      "macros/own.sql": "{% macro cents_to_dollars(col, scale=2) %}-1{% endmacro %}",
      "models/a.sql": "select {{ cents_to_dollars('100') }} as x",
    });
    expect((await buildProject(dir)).ok).toBe(true);
    expect(await queryDb(wh, "select x from main.a")).toEqual([{ x: -1 }]);
    expect(await queryDb(wh, "select rate::varchar as rate from main.money_rates")).toEqual([{ rate: "123.450" }]);
  });

  it("adapter.dispatch: the root project's implementation first, then the package's; `dispatch:` config changes the order", async () => {
    const files = { "macros/over.sql": "{% macro default__label(x) %}'root:' || {{ x }}{% endmacro %}", "models/l.sql": "select {{ money.label(\"'a'\") }} as v" };
    const a = withMoney(files);
    expect((await buildProject(a.dir)).ok).toBe(true);
    expect(await queryDb(a.wh, "select v from main.l")).toEqual([{ v: "root:a" }]);

    const b = withMoney(files, "dispatch:\n  - macro_namespace: money\n    search_order: ['money']\n");
    expect((await buildProject(b.dir)).ok).toBe(true);
    expect(await queryDb(b.wh, "select v from main.l")).toEqual([{ v: "pkg:a" }]);
  });

  it("a macro the package does not have is an error naming the file, the line and the package", async () => {
    const { dir } = withMoney({ "models/a.sql": "select 1 as x,\n{{ money.dollars_to_cents('x') }} as y" });
    expect(() => openProject({ projectDir: dir })).toThrow(/models\/a\.sql:2：包 money 中没有宏「dollars_to_cents」/);
  });
});

describe("dbt_packages/ (what dbt deps installed)", () => {
  it("an installed package is loaded; a package: entry that is not installed says to run dbt deps", async () => {
    const { dir, wh } = miniProject({
      "packages.yml": "packages:\n  - package: acme/money\n    version: 1.0.0\n",
      "models/a.sql": "select {{ money.cents_to_dollars('250') }} as d",
    });
    expect(() => openProject({ projectDir: dir })).toThrow(/dbt deps/);
    writeFiles(path.join(dir, "dbt_packages/money"), MONEY);
    expect((await buildProject(dir)).ok).toBe(true);
    expect(await queryDb(wh, "select d::varchar as d from main.a")).toEqual([{ d: "2.50" }]);
  });
});

describe("an installed package in the shape of dbt_utils (written here for the test, not copied)", () => {
  // The constructs dbt_utils relies on, each in a few lines of our own: a namespaced generic
  // test with a keyword argument, a macro mutating a list (Jinja `do cols.append`), and one
  // asking the database for columns at compile time (adapter.get_columns_in_relation).
  const UTILS: Record<string, string> = {
    "dbt_project.yml": "name: shop_utils\nversion: '1.0.0'\nconfig-version: 2\n",
    "macros/generic_tests/expression_is_true.sql": "{% test expression_is_true(model, expression) %}\nselect * from {{ model }} where not ({{ expression }})\n{% endtest %}\n",
    "macros/generic_tests/within.sql": "{% test within(model, column_name, low, high) %}\nselect * from {{ model }} where {{ column_name }} < {{ low }} or {{ column_name }} > {{ high }}\n{% endtest %}\n",
    "macros/keys.sql": "{% macro key_of(cols) %}\n{%- set parts = [] -%}\n{%- for c in cols %}{% do parts.append(\"coalesce(cast(\" ~ c ~ \" as varchar), '')\") %}{% endfor -%}\nmd5({{ parts | join(\" || '-' || \") }})\n{% endmacro %}\n",
    "macros/columns.sql": "{% macro all_columns(rel) %}\n{%- set cols = adapter.get_columns_in_relation(rel) -%}\n{{ cols | map(attribute='name') | join(', ') }}\n{% endmacro %}\n",
  };
  const install = (files: Record<string, string>) => {
    const p = miniProject({ "packages.yml": "packages:\n  - package: example/shop_utils\n    version: 1.0.0\n", ...files });
    mkdirSync(path.join(p.dir, "dbt_packages"), { recursive: true });
    writeFiles(path.join(p.dir, "dbt_packages/shop_utils"), UTILS);
    return p;
  };

  it("namespaced generic tests with arguments run and count failures", async () => {
    const { dir } = install({
      "models/o.sql": "select * from (values (1, 10, 5), (2, 3, 7), (3, 200, 1)) t(id, qty, price)",
      "models/schema.yml": "version: 2\nmodels:\n  - name: o\n    data_tests:\n      - shop_utils.expression_is_true:\n          expression: \"qty * price >= 20\"\n    columns:\n      - name: qty\n        data_tests:\n          - shop_utils.within:\n              low: 0\n              high: 100\n",
    });
    const r = await buildProject(dir);
    const tests = r.results.filter((x) => x.unique_id.startsWith("test.")).map((x) => [x.unique_id.split(".")[2]!.split("_")[2], x.status, x.failures]);
    // qty*price: 50, 21, 200 — all >= 20, so expression_is_true passes; qty 200 is outside 0..100: one failure.
    expect(tests.sort()).toEqual([["expression", "pass", 0], ["within", "fail", 1]]);
  });

  it.each([
    ["a macro asking the database for columns at compile time", "select {{ shop_utils.all_columns(ref('o')) }} from {{ ref('o') }}", /dbt_packages\/shop_utils\/macros\/columns\.sql:\d+：不支持/],
    ["a macro mutating a list with append", "select {{ shop_utils.key_of(['id']) }} as k from {{ ref('o') }}", /append/],
  ])("%s is refused loudly, never rendered empty", async (_name, sql, message) => {
    const { dir } = install({ "models/o.sql": "select 1 as id", "models/u.sql": sql });
    expect(() => openProject({ projectDir: dir })).toThrow(message);
  });
});

describe("refused loudly in packages", () => {
  it("a macro defined twice in one package (dbt: DuplicateMacroNameError)", () => {
    const { dir, root } = withMoney({ "models/a.sql": "select 1 as x" });
    writeFiles(path.join(root, "money"), { "macros/again.sql": "{% macro cents_to_dollars(col) %}{{ col }}{% endmacro %}" });
    expect(() => openProject({ projectDir: dir })).toThrow(/cents_to_dollars」在包 money 中定义了两次/);
  });

  it("a package's on-run-start hook (dbt runs it; this engine does not yet)", () => {
    const { dir, root } = withMoney({ "models/a.sql": "select 1 as x" });
    writeFiles(path.join(root, "money"), { "dbt_project.yml": `${MONEY["dbt_project.yml"]}on-run-start:\n  - "select 1"\n` });
    expect(() => openProject({ projectDir: dir })).toThrow(/不支持包 money 的 on-run-start/);
  });

  it("SQL text that looks like pkg.fn( outside Jinja (here a comment) is not a macro call", async () => {
    const { dir, wh } = withMoney({ "models/a.sql": "-- the inverse would be money.dollars_to_cents(x)\nselect 1 as x" });
    expect((await buildProject(dir)).ok).toBe(true);
    expect(await queryDb(wh, "select x from main.a")).toEqual([{ x: 1 }]);
  });
});

describe("compiled SQL of package nodes", () => {
  it("lands in target/compiled/<package>/ named from the package's folder, never outside target/", async () => {
    const { dir } = withMoney({ "models/a.sql": "select 1 as x" });
    const p = openProject({ projectDir: dir });
    const db = await openDuckDB(p.warehousePath!);
    try {
      expect((await runEngine("run", { project: p, db, logger: silentLogger })).ok).toBe(true);
    } finally {
      await db.close();
    }
    expect(existsSync(path.join(dir, "target/compiled/money/models/money_rates.sql"))).toBe(true);
    expect(existsSync(path.join(dir, "target/compiled/fid/models/a.sql"))).toBe(true);
  });
});
