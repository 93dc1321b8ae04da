/**
 * Node selection like dbt's `--select`/`--exclude`: names, `+model` (with
 * ancestors), `model+` (with descendants), `tag:x`, `path:models/marts`,
 * `resource_type:seed`; space-separated terms are a union. Tests attached to a
 * selected node are selected with it, as in dbt.
 */
import type { Node, Project } from "./types.js";

export function selectNodes(project: Project, select: readonly string[] | undefined, exclude: readonly string[] | undefined): Set<string> {
  const all = [...project.nodes.values()].filter((n) => n.resource_type !== "source" && n.config.enabled !== false);
  let chosen = new Set<string>(select && select.length ? select.flatMap((s) => s.split(/\s+/)).filter(Boolean).flatMap((t) => [...matchTerm(project, all, t)]) : all.map((n) => n.unique_id));
  if (exclude && exclude.length) {
    const ex = new Set(exclude.flatMap((s) => s.split(/\s+/)).filter(Boolean).flatMap((t) => [...matchTerm(project, all, t)]));
    chosen = new Set([...chosen].filter((id) => !ex.has(id)));
  }
  // Tests whose every parent is selected come along.
  for (const n of all) {
    if (n.resource_type === "test" && !chosen.has(n.unique_id)) {
      const parents = n.depends_on.nodes.filter((p) => project.nodes.get(p)?.resource_type !== "source");
      if (parents.length && parents.every((p) => chosen.has(p)) && !(exclude ?? []).some((e) => e === n.name)) chosen.add(n.unique_id);
    }
  }
  return chosen;
}

function matchTerm(project: Project, all: Node[], term: string): Set<string> {
  const m = term.match(/^(\d*\+)?(.*?)(\+\d*)?$/)!;
  const up = m[1] !== undefined;
  const down = m[3] !== undefined;
  const body = m[2]!;
  let base: Node[];
  if (body.startsWith("tag:")) base = all.filter((n) => n.config.tags.includes(body.slice(4)));
  else if (body.startsWith("path:")) {
    const p = body.slice(5).replace(/\/$/, "");
    base = all.filter((n) => n.original_file_path === p || n.original_file_path.startsWith(p + "/"));
  } else if (body.startsWith("resource_type:")) base = all.filter((n) => n.resource_type === body.slice(14));
  else if (body.includes("*")) {
    const re = new RegExp("^" + body.replace(/[.]/g, "\\.").replace(/\*/g, ".*") + "$");
    base = all.filter((n) => re.test(n.name));
  } else base = all.filter((n) => n.name === body || n.unique_id === body);
  const out = new Set(base.map((n) => n.unique_id));
  if (up) for (const n of base) ancestors(project, n.unique_id, out);
  if (down) for (const n of base) descendants(project, n.unique_id, out);
  return out;
}

export function ancestors(project: Project, id: string, into: Set<string>): void {
  for (const d of project.nodes.get(id)?.depends_on.nodes ?? []) {
    if (project.nodes.get(d)?.resource_type === "source" || into.has(d)) continue;
    into.add(d);
    ancestors(project, d, into);
  }
}

export function childrenIndex(project: Project): Map<string, string[]> {
  const idx = new Map<string, string[]>();
  for (const n of project.nodes.values()) for (const d of n.depends_on.nodes) idx.set(d, [...(idx.get(d) ?? []), n.unique_id]);
  return idx;
}

export function descendants(project: Project, id: string, into: Set<string>, idx = childrenIndex(project)): void {
  for (const c of idx.get(id) ?? []) {
    if (into.has(c)) continue;
    into.add(c);
    descendants(project, c, into, idx);
  }
}

/** Topological order (parents first), stable by unique_id. Throws on a cycle rather than mis-order. */
export function topoOrder(project: Project, ids: Set<string>): string[] {
  const out: string[] = [];
  const state = new Map<string, 1 | 2>();
  const visit = (id: string) => {
    const st = state.get(id);
    if (st === 2) return;
    if (st === 1) throw new Error(`dependency cycle through ${id}`);
    state.set(id, 1);
    for (const d of [...(project.nodes.get(id)?.depends_on.nodes ?? [])].sort()) visit(d);
    state.set(id, 2);
    if (ids.has(id)) out.push(id);
  };
  for (const id of [...ids].sort()) visit(id);
  return out;
}
