/**
 * Reading dbt snapshots into the node graph (docs.getdbt.com, "Add snapshots to your
 * DAG" and "Snapshot configurations"):
 * - legacy SQL snapshots: `{% snapshot name %}{{ config(...) }} select … {% endsnapshot %}`
 *   blocks in the `snapshot-paths` folders (default `snapshots/`), fqn
 *   [project, folders…, file, name] as dbt builds it;
 * - dbt 1.9 YAML snapshots: a `snapshots:` entry with `relation: ref('x')` or
 *   `source('s', 't')` and `config:`, read as `select * from {{ relation }}`;
 * - `snapshots:` entries without `relation` are properties (description, columns,
 *   config, data tests) of a snapshot defined in SQL.
 * Config comes from `snapshots:` in dbt_project.yml, then the YAML, then the block's
 * own `config()` (merged when parse.ts renders it).
 */
import { walk } from "./walk.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import { defaultConfig, folderConfig, mergeConfig } from "./project-config.js";
import { genericTestNodes } from "./yaml-tests.js";
import type { Node } from "./types.js";

export interface SnapshotLoadContext {
  readonly dir: string;
  readonly projectName: string;
  /** dbt_project.yml, rendered. */
  readonly cfg: Record<string, unknown>;
  readonly targetSchema: string;
  readonly nodes: Map<string, Node>;
  /** Folders whose YAML may hold `snapshots:` entries besides the snapshot paths (model-paths). */
  readonly yamlRoots: readonly string[];
  readonly readYaml: (file: string) => unknown;
  readonly addTest: (t: Node) => void;
}

const BLOCK = /{%-?\s*snapshot\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%}([\s\S]*?){%-?\s*endsnapshot\s*-?%}/g;
const RELATION = /^\s*(ref|source)\s*\(.*\)\s*$/;


/** The `snapshots:` tree of dbt_project.yml, with or without the project's name key. */
function configTree(cfg: Record<string, unknown>, name: string): Record<string, unknown> {
  const tree = (cfg.snapshots ?? {}) as Record<string, unknown>;
  const top = Object.fromEntries(Object.entries(tree).filter(([k]) => k !== name));
  return { ...top, ...((tree[name] as Record<string, unknown> | undefined) ?? {}) };
}

/** Adds snapshot nodes (and their YAML data tests) to `ctx.nodes`. Errors name the file and line. */
export function loadSnapshots(ctx: SnapshotLoadContext): void {
  const { dir, projectName: name, nodes } = ctx;
  const rel = (f: string) => path.relative(dir, f).split(path.sep).join("/");
  const snapshotPaths = Array.isArray(ctx.cfg["snapshot-paths"]) ? (ctx.cfg["snapshot-paths"] as unknown[]).map(String) : ["snapshots"];
  const tree = configTree(ctx.cfg, name);
  const add = (node: Node, file: string, line: number | undefined) => {
    const prior = nodes.get(node.unique_id);
    if (prior) throw new ZonestatError("PROJECT_INVALID", `${file}${line ? ":" + line : ""}：快照「${node.name}」重复定义（另见 ${prior.original_file_path}）`, { file, line });
    nodes.set(node.unique_id, node);
  };
  const base = (snapshotName: string, file: string, fqn: string[], rawCode: string): Node => ({
    unique_id: `snapshot.${name}.${snapshotName}`, resource_type: "snapshot", name: snapshotName, package_name: name,
    original_file_path: rel(file), path: rel(file), fqn, config: folderConfig(tree, fqn.slice(1), defaultConfig("snapshot")),
    raw_code: rawCode, description: "", columns: {}, depends_on: { nodes: [], macros: [] }, refs: [], sources: [],
    schema: ctx.targetSchema, identifier: snapshotName,
  });

  for (const sp of snapshotPaths) {
    const root = path.resolve(dir, sp);
    for (const f of walk(root, /\.sql$/)) {
      const text = readFileSync(f, "utf8");
      const folders = path.relative(root, path.dirname(f)).split(path.sep).filter(Boolean);
      const fileName = path.basename(f, ".sql");
      let found = 0;
      for (const m of text.matchAll(BLOCK)) {
        found++;
        const bodyStart = m.index! + m[0].indexOf("%}") + 2;
        // Blank lines before the body keep reported line numbers the file's own.
        const pad = "\n".repeat(text.slice(0, bodyStart).split("\n").length - 1);
        add(base(m[1]!, f, [name, ...folders, fileName, m[1]!], pad + m[2]!), rel(f), pad.length + 1);
      }
      if (!found) {
        throw new ZonestatError("PROJECT_INVALID", `${rel(f)}：snapshots 文件夹中的 SQL 文件必须写成 {% snapshot 名称 %} … {% endsnapshot %}（或改用 YAML 快照）`, { file: rel(f) });
      }
    }
  }

  // YAML: definitions (with relation:) first, then properties of SQL snapshots.
  const yamlFiles = [...new Set([...snapshotPaths.map((p) => path.resolve(dir, p)), ...ctx.yamlRoots].flatMap((p) => walk(p, /\.ya?ml$/)))];
  const properties: Array<{ entry: Record<string, unknown>; file: string; lineOf: (n: string) => number | undefined }> = [];
  for (const f of yamlFiles) {
    const doc = (ctx.readYaml(f) ?? {}) as Record<string, unknown>;
    if (!Array.isArray(doc.snapshots)) continue;
    const text = readFileSync(f, "utf8").split("\n");
    const lineOf = (needle: string) => {
      const i = text.findIndex((l) => l.includes(needle));
      return i >= 0 ? i + 1 : undefined;
    };
    const folders = path.relative(snapshotPaths.map((p) => path.resolve(dir, p)).find((r) => f.startsWith(r + path.sep)) ?? path.dirname(f), path.dirname(f)).split(path.sep).filter(Boolean);
    for (const entry of doc.snapshots as Array<Record<string, unknown>>) {
      const line = lineOf(`name: ${entry.name}`);
      if (entry.relation === undefined) {
        properties.push({ entry, file: rel(f), lineOf });
        continue;
      }
      const relation = String(entry.relation);
      if (!RELATION.test(relation)) {
        throw new ZonestatError("PROJECT_INVALID", `${rel(f)}:${lineOf("relation:") ?? 1}：快照「${entry.name}」的 relation 应为 ref('模型') 或 source('源', '表')，实为「${relation}」`, { file: rel(f), line: lineOf("relation:"), value: relation });
      }
      const node = base(String(entry.name), f, [name, ...folders, String(entry.name)], `select * from {{ ${relation} }}`);
      node.yaml_line = line;
      applyProperties(node, entry, rel(f), lineOf, ctx);
      add(node, rel(f), line);
    }
  }
  for (const { entry, file, lineOf } of properties) {
    const node = nodes.get(`snapshot.${name}.${entry.name}`);
    if (!node) throw new ZonestatError("PROJECT_UNKNOWN_NODE", `${file} 描述了不存在的快照「${entry.name}」（YAML 快照需要 relation:）`, { file, line: lineOf(`name: ${entry.name}`) });
    applyProperties(node, entry, file, lineOf, ctx);
  }
}

function applyProperties(node: Node, entry: Record<string, unknown>, file: string, lineOf: (n: string) => number | undefined, ctx: SnapshotLoadContext): void {
  if (entry.description !== undefined) node.description = String(entry.description);
  if (entry.config && typeof entry.config === "object") mergeConfig(node.config, entry.config as Record<string, unknown>);
  for (const col of (entry.columns as Array<Record<string, unknown>> | undefined) ?? []) {
    node.columns[String(col.name)] = { name: String(col.name), description: String(col.description ?? ""), data_type: col.data_type as string | undefined };
  }
  for (const t of genericTestNodes(ctx.projectName, node, entry, file, lineOf, ctx.targetSchema)) ctx.addTest(t);
}
