/**
 * YAML properties shared by a project and its packages: what a `models:`/`seeds:` entry sets on
 * its node (description, config, contract constraints, columns) and the nodes a `sources:` block
 * declares (with their columns and generic tests). One place, so a package's sources keep their
 * `columns:` as the root project's do.
 */
import { ZonestatError } from "../errors.js";
import { defaultConfig, mergeConfig } from "./project-config.js";
import type { Node } from "./types.js";
import { genericTestNodes } from "./yaml-tests.js";

/** Adds a test node; two tests with the same generated name are an error naming the YAML line. */
export function addTest(nodes: Map<string, Node>, t: Node): void {
  if (nodes.has(t.unique_id)) throw new ZonestatError("PROJECT_DUPLICATE_TEST", `${t.original_file_path}：有两个同名的数据测试 ${t.name}（同一测试、同样的参数）——请用 name: 给其中一个改名`, { file: t.original_file_path, line: t.yaml_line });
  nodes.set(t.unique_id, t);
}

/** `{{ doc('name') }}` references replaced by the `{% docs %}` blocks' text. */
export function renderDoc(text: string, docs: Map<string, string>): string {
  return text.replace(/{{\s*doc\(\s*['"]([^'"]+)['"]\s*\)\s*}}/g, (_, n: string) => docs.get(n) ?? "").trim();
}

/** 1-based line of the first line containing `needle` (for YAML error locations). */
export function yamlLineIndex(text: string): (needle: string) => number | undefined {
  const lines = text.split("\n");
  return (needle) => {
    const i = lines.findIndex((l) => l.includes(needle));
    return i >= 0 ? i + 1 : undefined;
  };
}

/** Sets a models:/seeds: entry's description, config, constraints and columns on its node. */
export function applyEntryProperties(node: Node, entry: Record<string, unknown>, docs: Map<string, string>): void {
  node.description = renderDoc(String(entry.description ?? ""), docs);
  if (entry.config && typeof entry.config === "object") mergeConfig(node.config, entry.config as Record<string, unknown>);
  if (Array.isArray(entry.constraints)) node.constraints = entry.constraints;
  for (const col of (entry.columns as Array<Record<string, unknown>> | undefined) ?? []) {
    node.columns[String(col.name)] = { name: String(col.name), description: renderDoc(String(col.description ?? ""), docs), data_type: col.data_type as string | undefined, constraints: col.constraints as unknown[] | undefined };
  }
}

/** Where a YAML file's nodes go: the owning package, the file as the manifest names it, its line index. */
export interface YamlContext {
  readonly packageName: string;
  readonly file: string;
  readonly lineOf: (needle: string) => number | undefined;
  readonly docs: Map<string, string>;
  readonly targetSchema: string;
  readonly nodes: Map<string, Node>;
}

/** The source nodes (and their generic tests) of a YAML document's `sources:` block. */
export function addSourceNodes(doc: Record<string, unknown>, c: YamlContext): void {
  for (const src of (doc.sources as Array<Record<string, unknown>> | undefined) ?? []) {
    const srcName = String(src.name);
    for (const table of (src.tables as Array<Record<string, unknown>> | undefined) ?? []) {
      const id = `source.${c.packageName}.${srcName}.${table.name}`;
      const node: Node = {
        unique_id: id, resource_type: "source", name: String(table.name), package_name: c.packageName, original_file_path: c.file, path: c.file,
        fqn: [c.packageName, srcName, String(table.name)], config: defaultConfig("view"), raw_code: "", description: renderDoc(String(table.description ?? ""), c.docs),
        columns: {}, depends_on: { nodes: [], macros: [] }, refs: [], sources: [], schema: String(src.schema ?? srcName),
        identifier: String(table.identifier ?? table.name), source_name: srcName, yaml_line: c.lineOf(`name: ${table.name}`),
      };
      for (const col of (table.columns as Array<Record<string, unknown>> | undefined) ?? []) node.columns[String(col.name)] = { name: String(col.name), description: renderDoc(String(col.description ?? ""), c.docs) };
      c.nodes.set(id, node);
      for (const t of genericTestNodes(c.packageName, node, table, c.file, c.lineOf, c.targetSchema)) addTest(c.nodes, t);
    }
  }
}
