/**
 * Node selection with dbt's grammar (docs: "Node selection syntax", "Graph
 * operators", "Set operators", "Methods"): space-separated terms are a union,
 * comma-joined ones an intersection; each term is `[@|N+]method:value[+N]`.
 * Methods: fqn (the default for a bare word: a name, a folder such as `staging`,
 * or `staging.stg_x`), path, file, tag, config.<key>, source, resource_type,
 * test_type, package; `*` wildcards. A bare word that looks like a path is `path:`,
 * one ending in .sql/.csv is `file:`. Tests whose parents are all selected come along.
 * An unknown method is an error, never an empty selection.
 */
import { ZonestatError } from "../errors.js";
import type { Node, Project } from "./types.js";

export function selectNodes(project: Project, select: readonly string[] | undefined, exclude: readonly string[] | undefined): Set<string> {
  const all = [...project.nodes.values()].filter((n) => n.resource_type !== "source" && n.config.enabled !== false);
  const evalUnion = (specs: readonly string[]) => {
    const out = new Set<string>();
    for (const spec of specs.flatMap((s) => s.split(/\s+/)).filter(Boolean)) {
      const parts = spec.split(",").filter(Boolean).map((t) => matchTerm(project, all, t));
      const first = parts.shift() ?? new Set<string>();
      for (const id of first) if (parts.every((p) => p.has(id))) out.add(id);
    }
    return out;
  };
  let chosen = select && select.length ? evalUnion(select) : new Set(all.map((n) => n.unique_id));
  const ex = exclude && exclude.length ? evalUnion(exclude) : new Set<string>();
  chosen = new Set([...chosen].filter((id) => !ex.has(id)));
  // Tests whose every parent is selected come along (dbt's indirect selection, "eager").
  for (const n of all) {
    if ((n.resource_type === "test" || n.resource_type === "unit_test") && !chosen.has(n.unique_id) && !ex.has(n.unique_id)) {
      const parents = n.depends_on.nodes.filter((p) => project.nodes.get(p)?.resource_type !== "source");
      if (parents.length && parents.every((p) => chosen.has(p))) chosen.add(n.unique_id);
    }
  }
  return chosen;
}

const glob = (pattern: string) => new RegExp("^" + pattern.replace(/[.+^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".") + "$");

function matchTerm(project: Project, all: Node[], term: string): Set<string> {
  const m = term.match(/^(@)?(?:(\d*)\+)?(.*?)(?:\+(\d*))?$/)!;
  const at = m[1] !== undefined;
  const upDepth = m[2] !== undefined ? (m[2] === "" ? Infinity : Number(m[2])) : undefined;
  const downDepth = m[4] !== undefined ? (m[4] === "" ? Infinity : Number(m[4])) : undefined;
  const base = matchMethod(project, all, m[3]!);
  const out = new Set(base.map((n) => n.unique_id));
  if (upDepth !== undefined) for (const n of base) ancestors(project, n.unique_id, out, upDepth);
  if (downDepth !== undefined || at) for (const n of base) descendants(project, n.unique_id, out, childrenIndex(project), downDepth ?? Infinity);
  // @x: x, its descendants, and the ancestors of those descendants.
  if (at) for (const id of [...out]) ancestors(project, id, out);
  return out;
}

function matchMethod(project: Project, all: Node[], body: string): Node[] {
  const colon = body.indexOf(":");
  let method = colon > 0 ? body.slice(0, colon) : "";
  let value = colon > 0 ? body.slice(colon + 1) : body;
  if (!method) method = /[\\/]/.test(value) ? "path" : /\.(sql|csv|py)$/.test(value) ? "file" : "fqn";
  const re = glob(value);
  switch (true) {
    case method === "fqn": {
      const parts = value.split(".");
      return all.filter((n) => {
        if (parts.length === 1 && (re.test(n.name) || n.unique_id === value)) return true;
        // A prefix of the fqn, with or without the project's name: `staging`, `zonestat.staging.stg_x`.
        for (const fqn of [n.fqn, n.fqn.slice(1)]) {
          if (parts.length <= fqn.length && parts.every((p, i) => glob(p).test(fqn[i]!))) return true;
        }
        return false;
      });
    }
    case method === "path": {
      const p = value.replace(/\/$/, "");
      return all.filter((n) => n.original_file_path === p || n.original_file_path.startsWith(p + "/") || glob(p).test(n.original_file_path));
    }
    case method === "file":
      return all.filter((n) => re.test(n.original_file_path.split("/").pop()!) || re.test(n.original_file_path.split("/").pop()!.replace(/\.[^.]+$/, "")));
    case method === "tag":
      return all.filter((n) => n.config.tags.some((t) => re.test(t)));
    case method === "resource_type":
      return all.filter((n) => re.test(n.resource_type));
    case method === "package":
      return all.filter((n) => re.test(n.package_name));
    case method === "test_type":
      if (value === "unit") return all.filter((n) => n.resource_type === "unit_test");
      return all.filter((n) => n.resource_type === "test" && (value === "generic" ? !!n.test_metadata : value === "singular" || value === "data" ? !n.test_metadata : false));
    case method === "source": {
      const [src, table] = value.split(".");
      const sources = [...project.nodes.values()].filter((n) => n.resource_type === "source" && glob(src!).test(n.source_name ?? "") && (!table || glob(table).test(n.name)));
      const ids = new Set(sources.map((s) => s.unique_id));
      // A source selects the nodes that read it directly, as `source:x+` would start from.
      return all.filter((n) => n.depends_on.nodes.some((d) => ids.has(d)));
    }
    case method.startsWith("config."): {
      const key = method.slice(7);
      return all.filter((n) => {
        const v = n.config[key];
        return Array.isArray(v) ? v.some((x) => re.test(String(x))) : v !== undefined && re.test(String(v));
      });
    }
    default:
      throw new ZonestatError("USAGE_SELECTOR", `选择方法「${method}」不认识：可用 fqn、path、file、tag、config.<键>、source、resource_type、test_type、package`, { value: body });
  }
}

export function ancestors(project: Project, id: string, into: Set<string>, depth = Infinity): void {
  if (depth <= 0) return;
  for (const d of project.nodes.get(id)?.depends_on.nodes ?? []) {
    if (project.nodes.get(d)?.resource_type === "source" || into.has(d)) continue;
    into.add(d);
    ancestors(project, d, into, depth - 1);
  }
}

export function childrenIndex(project: Project): Map<string, string[]> {
  const idx = new Map<string, string[]>();
  for (const n of project.nodes.values()) for (const d of n.depends_on.nodes) idx.set(d, [...(idx.get(d) ?? []), n.unique_id]);
  return idx;
}

export function descendants(project: Project, id: string, into: Set<string>, idx = childrenIndex(project), depth = Infinity): void {
  if (depth <= 0) return;
  for (const c of idx.get(id) ?? []) {
    if (into.has(c)) continue;
    into.add(c);
    descendants(project, c, into, idx, depth - 1);
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
