/**
 * Compiling a node: render its Jinja with final relation names. A ref to an
 * ephemeral model becomes a CTE `__dbt__cte__<name>` injected at the top of the
 * compiled SQL, as dbt does.
 */
import { wrapTestSql } from "./builtin-macros.js";
import { findNodeByRef, findSource, genericTestCall, varLookup, type ParsedProject } from "./parse.js";
import { relationName, type Node } from "./types.js";

export interface CompileOptions {
  readonly isIncremental?: boolean;
}

export function compileNode(project: ParsedProject, node: Node, opts: CompileOptions = {}): string {
  const ctes: Array<{ name: string; sql: string }> = [];
  const addEphemeral = (target: Node, chain: Set<string>) => {
    const name = `__dbt__cte__${target.name}`;
    if (ctes.some((c) => c.name === name) || chain.has(target.unique_id)) return name;
    const sql = renderWith(target, new Set([...chain, target.unique_id]));
    ctes.push({ name, sql });
    return name;
  };
  const renderWith = (n: Node, chain: Set<string>): string => {
    const where = n.config.where;
    return project.renderer.render(n.original_file_path, n.test_metadata ? genericTestCall(n) : n.raw_code, {
      ref: (args) => {
        const target = findNodeByRef(project, args)!;
        return target.config.materialized === "ephemeral" ? addEphemeral(target, chain) : relationName(target);
      },
      source: (s, t) => relationName(findSource(project, s, t)!),
      config: () => {},
      var: (name, f, h) => varLookup(project, name, f, h),
      thisRelation: relationName(n),
      isIncremental: n === node ? !!opts.isIncremental : false,
      whereSubquery: where ? (rel) => `(select * from ${rel} where ${where}) dbt_subquery` : undefined,
    });
  };
  const body = renderWith(node, new Set([node.unique_id]));
  return injectCtes(body, ctes);
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
