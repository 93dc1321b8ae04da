/**
 * Generic tests declared in YAML (`data_tests:` or `tests:` on a model, seed,
 * source table or column) become test nodes named the way dbt names them:
 * `not_null_orders_id`, `accepted_values_orders_status__a__b`, hashed past 64 chars.
 */
import { createHash } from "node:crypto";
import { defaultConfig, mergeConfig } from "./project-config.js";
import type { Node } from "./types.js";

const CONFIG_ARGS = new Set(["severity", "tags", "enabled", "where", "limit", "warn_if", "error_if", "fail_calc", "store_failures", "store_failures_as", "meta", "database", "schema", "alias"]);

const md5 = (s: string) => createHash("md5").update(s).digest("hex");

/** dbt's synthesize_generic_test_names: returns [short name, full name]. */
export function synthesizeTestName(testType: string, targetName: string, args: Record<string, unknown>): [string, string] {
  const flat: string[] = [];
  for (const key of Object.keys(args).sort()) {
    if (key === "model") continue;
    const v = args[key];
    const parts = Array.isArray(v) ? v : v && typeof v === "object" ? Object.values(v) : [v];
    flat.push(...parts.map((p) => pyStr(p)));
  }
  const unique = flat.map((a) => a.replace(/[^0-9a-zA-Z_]+/g, "_")).join("__");
  const identifier = `${testType}_${targetName}`;
  const full = `${identifier}_${unique}`;
  return [full.length >= 64 ? `${identifier.slice(0, 30)}_${md5(full)}` : full, full];
}

/** Python's str() of a YAML scalar, so names match dbt's for booleans and numbers. */
function pyStr(v: unknown): string {
  if (v === true) return "True";
  if (v === false) return "False";
  if (v === null || v === undefined) return "None";
  return String(v);
}

export function genericTestNodes(
  project: string,
  target: Node,
  entry: Record<string, unknown>,
  file: string,
  lineOf: (needle: string) => number | undefined,
  schema: string,
): Node[] {
  const out: Node[] = [];
  // A versioned model's tests are named after `<name>_v<v>` and read that version (dbt generic_test_builders.py).
  // A source's tests start with `source_` and then the test (source_not_null_jaffle_shop_customers_id, as in dbt's manifests).
  const targetName = target.resource_type === "source" ? `${target.source_name}_${target.name}` : target.version !== undefined ? `${target.name}_v${String(target.version)}` : target.name;
  const refExpr = target.resource_type === "source" ? `source('${target.source_name}', '${target.name}')` : target.version !== undefined ? `ref('${target.name}', v=${JSON.stringify(target.version)})` : `ref('${target.name}')`;
  const add = (spec: unknown, column: string | undefined) => {
    let testName: string;
    let body: Record<string, unknown> = {};
    if (typeof spec === "string") testName = spec;
    else if (spec && typeof spec === "object") {
      const [k, v] = Object.entries(spec as Record<string, unknown>)[0]!;
      testName = k;
      body = (v ?? {}) as Record<string, unknown>;
    } else return;
    let namespace: string | null = null;
    if (testName.includes(".")) [namespace, testName] = testName.split(".", 2) as [string, string];
    const args: Record<string, unknown> = {};
    const config = defaultConfig("test");
    for (const [k, v] of Object.entries(body)) {
      if (k === "config" && v && typeof v === "object") mergeConfig(config, v as Record<string, unknown>);
      else if (k === "arguments" && v && typeof v === "object") Object.assign(args, v);
      else if (k === "name" || k === "description") continue;
      else if (CONFIG_ARGS.has(k)) mergeConfig(config, { [k]: v });
      else args[k] = v;
    }
    if (column !== undefined) args.column_name = column;
    // dbt names a namespaced test `<namespace>_<test>_…` (parser/generic_test_builders.py get_synthetic_test_names).
    const testType = namespace ? `${namespace}_${testName}` : testName;
    const [shortName, fullName] = synthesizeTestName(target.resource_type === "source" ? `source_${testType}` : testType, targetName, args);
    const name = typeof body.name === "string" ? body.name : shortName;
    const uniqueId = `test.${project}.${name}.${md5(fullName).slice(0, 10)}`;
    out.push({
      unique_id: uniqueId, resource_type: "test", name, package_name: project, original_file_path: file, path: `${name}.sql`,
      fqn: [project, ...target.fqn.slice(1, -1), name], config, raw_code: `{{ ${namespace ? `${namespace}.` : ""}test_${testName}(**_dbt_generic_test_kwargs) }}`,
      description: typeof body.description === "string" ? body.description : "", columns: {},
      depends_on: { nodes: [target.unique_id], macros: [] }, refs: [], sources: [], schema, identifier: name,
      test_metadata: { name: testName, namespace, kwargs: { ...args, model: `{{ get_where_subquery(${refExpr}) }}` } },
      attached_node: target.unique_id, column_name: column, yaml_line: column ? lineOf(`name: ${column}`) : lineOf(`name: ${target.name}`),
    });
  };
  const tests = (e: Record<string, unknown>) => ((e.data_tests ?? e.tests) as unknown[] | undefined) ?? [];
  for (const t of tests(entry)) add(t, undefined);
  for (const col of (entry.columns as Array<Record<string, unknown>> | undefined) ?? []) for (const t of tests(col)) add(t, String(col.name));
  return out;
}
