/**
 * Parsing: render every model, singular test and generic test once (with
 * is_incremental() false) to learn its refs, sources and in-file config(), then
 * wire `depends_on`. Unknown refs name the file and line; cycles name the cycle.
 */
import { ZonestatError } from "../errors.js";
import { mergeConfig } from "./project-config.js";
import { JinjaRenderer, type RenderContext } from "./jinja.js";
import { assertProjectSupported } from "./unsupported.js";
import { findVersion } from "./versions.js";
import { relationParts, type Node, type Project } from "./types.js";

export interface ParsedProject extends Project {
  readonly renderer: JinjaRenderer;
}

/**
 * dbt's ref resolution (dbt-core contracts/graph/manifest.py `_packages_to_search`):
 * `ref('pkg', 'x')` looks in pkg only; `ref('x')` from a node of package P looks in
 * the root project, then P, then any installed package. `from` is the referring
 * node's package (root when unset). Two packages offering x is an error, not a guess.
 */
export function findNodeByRef(project: Project, args: string[], from?: string, version?: unknown): Node | undefined {
  const name = args[args.length - 1]!;
  const pkg = args.length === 2 ? args[0] : undefined;
  const inPkg = (p: string) => {
    const versioned = findVersion(project, p, name, version);
    if (versioned) return versioned;
    if (version !== undefined && version !== null) return undefined;
    return project.nodes.get(`model.${p}.${name}`) ?? project.nodes.get(`seed.${p}.${name}`) ?? project.nodes.get(`snapshot.${p}.${name}`);
  };
  if (pkg) return inPkg(pkg);
  for (const p of [project.name, ...(from && from !== project.name ? [from] : [])]) {
    const hit = inPkg(p);
    if (hit) return hit;
  }
  return anyPackage(project, (p) => inPkg(p), `ref('${name}')`);
}

export function findSource(project: Project, source: string, table: string, from?: string): Node | undefined {
  const inPkg = (p: string) => project.nodes.get(`source.${p}.${source}.${table}`);
  for (const p of [project.name, ...(from && from !== project.name ? [from] : [])]) {
    const hit = inPkg(p);
    if (hit) return hit;
  }
  return anyPackage(project, inPkg, `source('${source}', '${table}')`);
}

function anyPackage(project: Project, find: (pkg: string) => Node | undefined, what: string): Node | undefined {
  const hits = [...(project.packages?.keys() ?? [])].map(find).filter((n): n is Node => !!n);
  if (hits.length > 1) throw new Error(`${what} 在多个包中都有（${hits.map((h) => h.package_name).join("、")}）：请写成 ref('包名', '名称')`);
  return hits[0];
}

/** A var for a node of package `pkg`: --vars and the root project's vars, then the package's own. */
export function varLookup(project: Project, name: string, fallback: unknown, hasFallback: boolean, pkg?: string): unknown {
  const scope = pkg && pkg !== project.name ? project.packages?.get(pkg)?.vars : undefined;
  if (scope && name in scope) return scope[name];
  if (!scope && name in project.vars) return project.vars[name];
  if (hasFallback) return fallback;
  throw new Error(`变量「${name}」未定义且没有默认值（在 dbt_project.yml 的 vars 或 --vars 中设置）`);
}

export function parseProject(project: Project): ParsedProject {
  // Before anything renders: an unsupported construct is named, not half-rendered.
  assertProjectSupported(project);
  const renderer = newRenderer(project);
  for (const node of project.nodes.values()) {
    if (node.resource_type !== "model" && node.resource_type !== "test" && node.resource_type !== "snapshot") continue;
    node.refs = [];
    node.sources = [];
    const deps = new Set<string>(node.attached_node ? [node.attached_node] : []);
    const ctx: RenderContext = {
      ref: (args, version) => {
        const target = findNodeByRef(project, args, node.package_name, version);
        if (!target) throw new Error(`引用了不存在的模型或种子「${args[args.length - 1]}」`);
        node.refs.push({ name: target.name, package: args.length === 2 ? args[0]! : null, line: lineOf(node.raw_code, target.name) });
        deps.add(target.unique_id);
        return relationParts(project, target);
      },
      source: (s, t) => {
        const target = findSource(project, s, t, node.package_name);
        if (!target) throw new Error(`引用了未声明的数据源「${s}.${t}」`);
        node.sources.push({ source: s, table: t, line: lineOf(node.raw_code, t) });
        deps.add(target.unique_id);
        return relationParts(project, target);
      },
      config: (kw) => {
        mergeConfig(node.config, kw);
      },
      var: (n, f, h) => varLookup(project, n, f, h, node.package_name),
      thisRelation: relationParts(project, node),
      isIncremental: false,
      execute: false,
      package: node.package_name,
      configGet: (k) => node.config[k],
      model: modelContext(node),
    };
    const source = node.test_metadata ? genericTestCall(node) : node.raw_code;
    renderer.render(node.original_file_path, source, ctx);
    node.depends_on.nodes = [...deps];
  }
  assertNoDisabledRefs(project);
  for (const n of project.nodes.values()) {
    if (n.resource_type === "model" || n.resource_type === "seed" || n.resource_type === "snapshot") applyNaming(project, renderer, n);
  }
  assertAcyclic(project);
  // log() output of parsing is not repeated with the first node run (a cached parse renders nothing).
  renderer.messages = [];
  return Object.assign(project, { renderer });
}

/** A project parsed before (partial-parse.ts), with a fresh renderer for compiling its nodes. */
export function withRenderer(project: Project): ParsedProject {
  return Object.assign(project, { renderer: newRenderer(project) });
}

function newRenderer(project: Project): JinjaRenderer {
  return new JinjaRenderer(project.macros, project.target, { root: project.name, packages: [...(project.packages?.keys() ?? [])], dispatch: project.dispatch ?? {} });
}

/**
 * A node's schema and identifier as dbt names them: the project's own
 * `generate_schema_name` / `generate_alias_name` when it defines them, else dbt's
 * defaults (`<target schema>_<custom schema>`, the alias or the name).
 */
function applyNaming(project: Project, renderer: JinjaRenderer, n: Node): void {
  // dbt's find_generate_macro_by_name: the root project's override, else dbt's default (never a package's).
  const own = (name: string) => project.macros.some((m) => m.name === name && m.kind === "macro" && !m.package);
  const nodeMap = { name: n.name, resource_type: n.resource_type, unique_id: n.unique_id, fqn: n.fqn, package_name: n.package_name, original_file_path: n.original_file_path, config: { ...n.config }, version: n.version ?? null };
  const ctx: RenderContext = {
    ref: () => { throw new Error("ref() 不能用在 generate_schema_name 中"); },
    source: () => { throw new Error("source() 不能用在 generate_schema_name 中"); },
    config: () => {},
    var: (v, f, h) => varLookup(project, v, f, h, n.package_name),
    thisRelation: relationParts(project, n),
    isIncremental: false,
    execute: true,
  };
  const call = (macro: string, custom: string | undefined) => {
    const arg = custom === undefined || custom === null ? "none" : JSON.stringify(String(custom));
    return renderer.render(`${n.original_file_path}（${macro}）`, `{{ ${macro}(${arg}, node) }}`, ctx, { node: nodeMap }).trim();
  };
  n.schema = own("generate_schema_name") ? call("generate_schema_name", n.config.schema) : n.config.schema ? `${project.targetSchema}_${n.config.schema}` : project.targetSchema;
  // A legacy snapshot's target_schema is used as written, never through generate_schema_name.
  if (n.resource_type === "snapshot" && n.config.target_schema) n.schema = String(n.config.target_schema);
  // dbt's default generate_alias_name: a versioned node is `<name>_v<version>`.
  n.identifier = own("generate_alias_name") ? call("generate_alias_name", n.config.alias) : n.config.alias ?? (n.version !== undefined ? `${n.name}_v${String(n.version).replace(/\./g, "_")}` : n.name);
  if (own("generate_database_name")) {
    const db = call("generate_database_name", n.config.database as string | undefined);
    if (db && db !== project.target.database) throw new ZonestatError("PROJECT_UNSUPPORTED", `${n.original_file_path}：generate_database_name 给出了另一个数据库「${db}」——只支持目标数据库 ${project.target.database}`, { file: n.original_file_path });
  }
}

/**
 * dbt refuses an enabled node that refs a disabled one ("Model '…' depends on a node
 * named 'x' which is disabled"); reading the table a disabled model left behind would
 * be silently stale. A generic test on a disabled model is disabled with it, as in dbt.
 * Checked after every config() has run, since `enabled` can be set in the model file.
 */
function assertNoDisabledRefs(project: Project): void {
  const disabled = (id: string) => project.nodes.get(id)?.config.enabled === false;
  for (const n of project.nodes.values()) {
    if (n.config.enabled === false) continue;
    if (n.resource_type === "test" && n.test_metadata && n.attached_node && disabled(n.attached_node)) {
      n.config.enabled = false;
      continue;
    }
    const off = n.depends_on.nodes.find(disabled);
    if (!off) continue;
    const target = project.nodes.get(off)!;
    const line = lineOf(n.raw_code, target.name);
    throw new ZonestatError("PROJECT_REF_ERROR", `${n.original_file_path}:${line}：${n.resource_type} '${n.unique_id}' depends on a node named '${target.name}' which is disabled（${target.original_file_path} 设了 enabled=false）`, { file: n.original_file_path, line });
  }
}

/** dbt's `model` in Jinja: the node being rendered (the fields a project reads). */
export function modelContext(n: Node): Record<string, unknown> {
  return { name: n.name, unique_id: n.unique_id, resource_type: n.resource_type, package_name: n.package_name, original_file_path: n.original_file_path, fqn: n.fqn, config: { ...n.config } };
}

/** The Jinja call a YAML generic test compiles from: `{{ test_unique(model=…, column_name='id') }}`. */
export function genericTestCall(node: Node): string {
  const meta = node.test_metadata!;
  const args = Object.entries(meta.kwargs).map(([k, v]) => {
    if (k === "model") return `model=${String(v).replace(/^{{\s*|\s*}}$/g, "")}`;
    return `${k}=${jinjaLiteral(v)}`;
  });
  return `{{ ${meta.namespace ? `${meta.namespace}.` : ""}test_${meta.name}(${args.join(", ")}) }}`;
}

function jinjaLiteral(v: unknown): string {
  if (v === null || v === undefined) return "none";
  if (typeof v === "string") {
    // dbt renders string kwargs as Jinja: `to: ref('x')` is an expression.
    if (/^\s*(ref|source)\s*\(.*\)\s*$/.test(v)) return v;
    return JSON.stringify(v);
  }
  if (typeof v === "boolean") return v ? "true" : "false";
  if (Array.isArray(v)) return `[${v.map(jinjaLiteral).join(", ")}]`;
  if (typeof v === "object") return `{${Object.entries(v as Record<string, unknown>).map(([k, x]) => `${JSON.stringify(k)}: ${jinjaLiteral(x)}`).join(", ")}}`;
  return String(v);
}

function lineOf(code: string, needle: string): number {
  const i = code.split("\n").findIndex((l) => l.includes(`'${needle}'`) || l.includes(`"${needle}"`));
  return i >= 0 ? i + 1 : 1;
}

function assertAcyclic(project: Project): void {
  const state = new Map<string, 1 | 2>();
  const stack: string[] = [];
  const visit = (id: string) => {
    if (state.get(id) === 2) return;
    if (state.get(id) === 1) {
      const cycle = [...stack.slice(stack.indexOf(id)), id].map((x) => project.nodes.get(x)?.name ?? x);
      const first = project.nodes.get(id)!;
      throw new ZonestatError("PROJECT_CYCLE", `模型之间存在循环引用：${cycle.join(" → ")}`, { file: first.original_file_path });
    }
    state.set(id, 1);
    stack.push(id);
    for (const d of project.nodes.get(id)?.depends_on.nodes ?? []) visit(d);
    stack.pop();
    state.set(id, 2);
  };
  for (const id of project.nodes.keys()) visit(id);
}
