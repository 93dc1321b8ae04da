/**
 * Compiling a node: render its Jinja with final relation names. A ref to an
 * ephemeral model becomes a CTE `__dbt__cte__<name>` injected at the top of the
 * compiled SQL, as dbt does.
 */
import { wrapTestSql } from "./builtin-macros.js";
import { findNodeByRef, findSource, genericTestCall, modelContext, varLookup, type ParsedProject } from "./parse.js";
import { relationParts, type Node } from "./types.js";

export interface CompileOptions {
  readonly isIncremental?: boolean;
}

export function compileNode(project: ParsedProject, node: Node, opts: CompileOptions = {}): string {
  // Ephemeral ancestors are rendered first, outside any template callback (minijinja
  // cannot render re-entrantly), deepest first, each becoming a CTE.
  const ctes: Array<{ name: string; sql: string }> = [];
  for (const eph of ephemeralAncestors(project, node)) ctes.push({ name: cteName(eph), sql: renderNode(project, eph, false) });
  return injectCtes(renderNode(project, node, !!opts.isIncremental), ctes);
}

const cteName = (n: Node) => `__dbt__cte__${n.name}`;

function renderNode(project: ParsedProject, n: Node, isIncremental: boolean): string {
  const where = n.config.where;
  return project.renderer.render(n.original_file_path, n.test_metadata ? genericTestCall(n) : n.raw_code, {
    ref: (args, version) => {
      const target = findNodeByRef(project, args, n.package_name, version)!;
      return target.config.materialized === "ephemeral" ? { database: project.target.database, schema: "", identifier: cteName(target), cte: true } : relationParts(project, target);
    },
    source: (s, t) => relationParts(project, findSource(project, s, t, n.package_name)!),
    config: () => {},
    var: (name, f, h) => varLookup(project, name, f, h, n.package_name),
    package: n.package_name,
    thisRelation: relationParts(project, n),
    isIncremental,
    execute: true,
    configGet: (k) => n.config[k],
    model: modelContext(n),
    whereSubquery: where ? (rel) => `(select * from ${rel} where ${where}) dbt_subquery` : undefined,
  });
}

/** Ephemeral models this node reads, directly or through other ephemeral models, parents first. */
function ephemeralAncestors(project: ParsedProject, node: Node): Node[] {
  const out: Node[] = [];
  const seen = new Set<string>();
  const visit = (n: Node) => {
    for (const d of n.depends_on.nodes) {
      const dep = project.nodes.get(d);
      if (!dep || dep.resource_type !== "model" || dep.config.materialized !== "ephemeral" || seen.has(d)) continue;
      seen.add(d);
      visit(dep);
      out.push(dep);
    }
  };
  visit(node);
  return out;
}

function injectCtes(sql: string, ctes: Array<{ name: string; sql: string }>): string {
  if (!ctes.length) return sql;
  const defs = ctes.map((c) => `${c.name} as (\n${c.sql}\n)`).join(",\n");
  const m = sql.match(/^(\s*(?:--[^\n]*\n\s*)*)with\s+(recursive\s+)?/i);
  if (m) return `${m[1]}with ${m[2] ?? ""}${defs},\n${sql.slice(m[0].length)}`;
  return `with ${defs}\n${sql}`;
}

/** The SQL a test runs: its failing rows wrapped in dbt's count. */
export function compileTest(project: ParsedProject, node: Node): { main: string; wrapped: string } {
  const main = compileNode(project, node);
  return { main, wrapped: wrapTestSql(main, node.config.limit) };
}
