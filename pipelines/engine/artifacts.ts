/**
 * `target/manifest.json` and `target/run_results.json` with dbt's shapes for the
 * fields tools read (unique_id, status, timing, failures, depends_on, compiled code).
 */
import { DBT_VERSION } from "./jinja.js";
import { mkdirSync, writeFileSync, renameSync } from "node:fs";
import path from "node:path";
import type { ParsedProject } from "./parse.js";
import type { Command, NodeResult } from "./run.js";
import type { Node } from "./types.js";

const VERSION = DBT_VERSION;

export function manifest(project: ParsedProject): Record<string, unknown> {
  const nodes: Record<string, unknown> = {};
  const sources: Record<string, unknown> = {};
  const parentMap: Record<string, string[]> = {};
  const childMap: Record<string, string[]> = {};
  const unitTests: Record<string, unknown> = {};
  for (const n of project.nodes.values()) {
    childMap[n.unique_id] ??= [];
    if (n.resource_type !== "source") parentMap[n.unique_id] = [...n.depends_on.nodes];
    for (const d of n.depends_on.nodes) (childMap[d] ??= []).push(n.unique_id);
    if (n.resource_type === "source") sources[n.unique_id] = sourceEntry(n, n.database ?? project.target.database);
    else if (n.resource_type === "unit_test") unitTests[n.unique_id] = nodeEntry(n, n.database ?? project.target.database);
    else nodes[n.unique_id] = nodeEntry(n, n.database ?? project.target.database);
  }
  return {
    metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/manifest/v12.json", dbt_version: VERSION, generated_at: new Date().toISOString(), invocation_id: project.renderer.invocation.invocationId, adapter_type: "duckdb", project_name: project.name },
    nodes, sources, macros: Object.fromEntries(project.macros.map((m) => [`macro.${m.package ?? project.name}.${m.kind === "test" ? "test_" : ""}${m.name}`, { name: m.name, package_name: m.package ?? project.name, original_file_path: m.file }])),
    docs: Object.fromEntries([...project.docs].map(([k, v]) => [`doc.${project.name}.${k}`, { name: k, block_contents: v }])),
    exposures: {}, metrics: {}, groups: {}, selectors: {}, disabled: {}, parent_map: parentMap, child_map: childMap,
    group_map: {}, saved_queries: {}, semantic_models: {}, unit_tests: unitTests,
  };
}

/** `database`: the DuckDB catalog (the database file's name), as dbt-duckdb writes it in relation_name. */
function nodeEntry(n: Node, database: string): Record<string, unknown> {
  return {
    unique_id: n.unique_id, resource_type: n.resource_type, name: n.name, package_name: n.package_name, path: n.path,
    original_file_path: n.original_file_path, fqn: n.fqn, schema: n.schema, database, alias: n.identifier,
    relation_name: n.resource_type === "test" ? null : `"${database}"."${n.schema}"."${n.identifier}"`, version: n.version ?? null, latest_version: n.latest_version ?? null, config: n.config, tags: n.config.tags,
    description: n.description, columns: n.columns, raw_code: n.raw_code, compiled_code: n.compiled_code ?? null,
    compiled: n.compiled_code !== undefined, language: "sql", depends_on: n.depends_on,
    refs: n.refs.map((r) => ({ name: r.name, package: r.package, version: null })), sources: n.sources.map((s) => [s.source, s.table]),
    test_metadata: n.test_metadata ?? undefined, column_name: n.column_name ?? undefined, attached_node: n.attached_node ?? undefined,
  };
}

function sourceEntry(n: Node, database: string): Record<string, unknown> {
  return {
    unique_id: n.unique_id, resource_type: "source", name: n.name, source_name: n.source_name, package_name: n.package_name,
    path: n.path, original_file_path: n.original_file_path, fqn: n.fqn, schema: n.schema, database, identifier: n.identifier,
    relation_name: `"${database}"."${n.schema}"."${n.identifier}"`, description: n.description, columns: n.columns,
  };
}

export function writeArtifacts(project: ParsedProject, command: Command, results: NodeResult[], elapsed: number): void {
  mkdirSync(project.targetPath, { recursive: true });
  atomicWrite(path.join(project.targetPath, "manifest.json"), JSON.stringify(manifest(project), null, 1));
  atomicWrite(
    path.join(project.targetPath, "run_results.json"),
    JSON.stringify(
      {
        metadata: { dbt_schema_version: "https://schemas.getdbt.com/dbt/run-results/v6.json", dbt_version: VERSION, generated_at: new Date().toISOString(), invocation_id: project.renderer.invocation.invocationId, env: {} },
        results,
        elapsed_time: elapsed,
        args: { which: command },
      },
      null,
      1,
    ),
  );
}

function atomicWrite(file: string, content: string): void {
  writeFileSync(file + ".tmp", content);
  renameSync(file + ".tmp", file);
}
