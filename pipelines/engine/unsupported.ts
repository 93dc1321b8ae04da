/**
 * dbt constructs this engine does not implement, refused before anything runs:
 * a coded error naming the construct, the file and line, and what to do — never an
 * empty render or a skipped node that a successful exit would hide.
 *
 * Scanned: every model and test, and every macro they can reach (by name); the
 * project's YAML for resource kinds the engine does not build.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import type { Macro, Node, Project } from "./types.js";
import { callName } from "./macro-namespace.js";
import { CROSS_DB_MACROS } from "./cross-db.js";
import { snapshotSettings } from "./snapshot.js";

export interface UnsupportedConstruct {
  /** What the user wrote, as dbt's documentation names it. */
  readonly construct: string;
  readonly pattern: RegExp;
  readonly advice: string;
}

/** Jinja constructs that need the database during compilation or dbt internals the engine does not model. */
export const UNSUPPORTED_JINJA: readonly UnsupportedConstruct[] = [
  { construct: "run_query()", pattern: /\brun_query\s*\(/, advice: "编译期查询数据库尚不支持：请把查询写成 SQL（CTE 或子查询）" },
  { construct: "{% call statement %}", pattern: /{%-?\s*call\s+statement\b/, advice: "statement 块尚不支持：请把查询写成 SQL" },
  { construct: "load_result()", pattern: /\bload_result\s*\(/, advice: "statement 块尚不支持：请把查询写成 SQL" },
  { construct: "adapter.get_relation / get_columns_in_relation / execute", pattern: /\badapter\.(?!dispatch\b|quote\b)[A-Za-z_]+/, advice: "只支持 adapter.dispatch 和 adapter.quote" },
  { construct: "graph", pattern: /\bgraph\.(nodes|sources|exposures)\b/, advice: "graph 对象尚不支持" },
  { construct: "modules (datetime, re, pytz)", pattern: /\bmodules\.[A-Za-z_]+/, advice: "modules 尚不支持：日期请在 SQL 中计算（current_date 等）" },
  { construct: "{% materialization %}", pattern: /{%-?\s*materialization\b/, advice: "自定义物化方式尚不支持：可用 view、table、incremental、ephemeral" },
  { construct: "{% snapshot %}", pattern: /{%-?\s*snapshot\b/, advice: "snapshot 块只能写在 snapshot-paths（默认 snapshots/）的文件中" },
  { construct: "list.append / extend / dict.update", pattern: /\.(append|extend|update|pop|insert)\s*\(/, advice: "Jinja 中修改列表或字典尚不支持（minijinja 的值不可变）：请用 join/过滤器或 namespace 以外的写法" },
];

/** Config values the engine refuses rather than approximates. */
export function assertConfigSupported(node: Node): void {
  const c = node.config;
  const where = { file: node.original_file_path };
  const refuse = (construct: string, advice: string) => {
    throw new ZonestatError("PROJECT_UNSUPPORTED", `${node.original_file_path}：不支持 ${construct}——${advice}`, where);
  };
  const strategy = c.incremental_strategy as string | undefined;
  if (strategy && !["append", "delete+insert", "merge"].includes(strategy)) refuse(`incremental_strategy='${strategy}'`, "可用 append、delete+insert、merge");
  if (strategy === "merge" && (c.merge_update_columns || c.merge_exclude_columns)) refuse("merge_update_columns / merge_exclude_columns", "merge 会更新全部列；只更新部分列尚不支持");
  const osc = c.on_schema_change as string | undefined;
  if (osc && !["ignore", "fail", "append_new_columns", "sync_all_columns"].includes(osc)) refuse(`on_schema_change='${osc}'`, "可用 ignore、fail、append_new_columns、sync_all_columns");
  if (node.resource_type === "snapshot") snapshotSettings(node);
  if (c.materialized && !["view", "table", "incremental", "ephemeral", "seed", "test", "snapshot", "unit"].includes(c.materialized)) refuse(`materialized='${c.materialized}'`, "可用 view、table、incremental、ephemeral");
}

/** YAML resource kinds that dbt builds and this engine does not. */
export const UNSUPPORTED_YAML_KEYS: Record<string, string> = {
  semantic_models: "语义模型尚不支持",
  metrics: "指标（metrics）尚不支持",
  saved_queries: "saved_queries 尚不支持",
};

/** Throws PROJECT_UNSUPPORTED for the first unsupported construct reachable from a node. */
export function assertProjectSupported(project: Project): void {
  const root = project.name;
  const packages = new Set([root, ...(project.packages?.keys() ?? [])]);
  const macroKey = (m: Macro) => `${m.package ?? root}.${callName(m)}`;
  const byKey = new Map(project.macros.map((m) => [macroKey(m), m]));
  const reached = new Set<string>();
  // `search`: the package of the node the code renders for (un-namespaced names resolve there first, then in the root project).
  const queue: Array<{ file: string; code: string; search: string }> = [];
  const reach = (m: Macro | undefined, search: string) => {
    if (!m || reached.has(`${search}|${macroKey(m)}`)) return;
    reached.add(`${search}|${macroKey(m)}`);
    queue.push({ file: m.file, code: macroBody(m.source, m.kind === "test" ? `test_${m.name}` : m.name), search });
  };
  for (const n of project.nodes.values()) if (n.config.enabled !== false && (n.resource_type === "model" || n.resource_type === "snapshot" || (n.resource_type === "test" && !n.test_metadata))) queue.push({ file: n.original_file_path, code: n.raw_code, search: n.package_name });
  // Hooks run SQL too: what they call is checked like a model.
  for (const h of [...project.hooks.start, ...project.hooks.end]) queue.push({ file: "dbt_project.yml", code: h, search: root });
  for (const n of project.nodes.values()) if (n.test_metadata) {
    const t = n.test_metadata;
    const name = `test_${t.name}`;
    if (t.namespace) {
      if (!packages.has(t.namespace)) throw new ZonestatError("PROJECT_UNKNOWN_MACRO", `${n.original_file_path}：通用测试 ${t.namespace}.${t.name} 的包「${t.namespace}」没有安装（已安装：${[...packages].join("、")}）`, { file: n.original_file_path, line: n.yaml_line });
      const m = byKey.get(`${t.namespace}.${name}`);
      if (!m) throw new ZonestatError("PROJECT_UNKNOWN_MACRO", `${n.original_file_path}：包 ${t.namespace} 中没有通用测试「${t.name}」`, { file: n.original_file_path, line: n.yaml_line });
      reach(m, n.package_name);
    } else {
      const own = byKey.get(`${root}.${name}`);
      const owners = [...packages].filter((p) => p !== root && byKey.has(`${p}.${name}`));
      if (!own && owners.length > 1) throw new ZonestatError("PROJECT_UNKNOWN_MACRO", `${n.original_file_path}：通用测试「${t.name}」在多个包中都有（${owners.join("、")}）：请写成 包名.${t.name}`, { file: n.original_file_path, line: n.yaml_line });
      reach(own ?? byKey.get(`${owners[0]}.${name}`), n.package_name);
    }
  }
  while (queue.length) {
    const { file, code, search } = queue.shift()!;
    const lines = code.split("\n");
    // SQL text between the tags is not Jinja: `schema.fn(` there is not a macro call.
    const jinjaLines = code.replace(/({{[\s\S]*?}}|{%[\s\S]*?%})|[^\n]/g, (m: string, tag: string | undefined) => tag ?? " ").split("\n");
    const refuse = (i: number, text: string) => {
      throw new ZonestatError("PROJECT_UNSUPPORTED", `${file}:${i + 1}：${text}`, { file, line: i + 1, value: lines[i]!.trim() });
    };
    for (const u of UNSUPPORTED_JINJA) {
      const i = jinjaLines.findIndex((l) => u.pattern.test(l));
      if (i >= 0) refuse(i, `不支持 ${u.construct}——${u.advice}`);
    }
    for (const [i, l] of jinjaLines.entries()) {
      for (const m of l.matchAll(/(?<![\w.])([A-Za-z_][A-Za-z0-9_]*)\.([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) {
        const [ns, name] = [m[1]!, m[2]!];
        if (ns === "dbt" && !(name in CROSS_DB_MACROS)) refuse(i, `不支持 dbt.${name}()——已实现的 dbt 跨数据库宏：${Object.keys(CROSS_DB_MACROS).join("、")}`);
        if (!packages.has(ns)) continue;
        const hit = byKey.get(`${ns}.${name}`);
        if (!hit) throw new ZonestatError("PROJECT_UNKNOWN_MACRO", `${file}:${i + 1}：包 ${ns} 中没有宏「${name}」`, { file, line: i + 1, value: l.trim() });
        // A macro's value arrives as text (return() is output here): `pkg.m().schema` would be an empty string.
        if (new RegExp(`\\b${ns}\\.${name}\\([^()]*\\)\\s*\\.\\s*[A-Za-z_]`).test(l)) refuse(i, `不支持读取宏返回值的属性（${ns}.${name}(…).…）——宏的返回值在这里是文本`);
        reach(hit, search);
      }
      for (const m of l.matchAll(/adapter\.dispatch\(\s*(?:macro_name\s*=\s*)?['"]([A-Za-z_][A-Za-z0-9_]*)['"]/g)) {
        for (const mac of project.macros) if (callName(mac).endsWith(`__${m[1]}`)) reach(mac, search);
      }
    }
    // Un-namespaced calls: the node's package first, then the root project (dbt's MacroNamespace).
    const flatNames = new Set([...byKey.values()].filter((m) => (m.package ?? root) === search || !m.package).map(callName));
    for (const name of flatNames) {
      const i = jinjaLines.findIndex((l) => new RegExp(`(?<![\\w.])${name}\\s*\\(`).test(l));
      if (i < 0) continue;
      // A macro's value arrives as text (return() is output here): `my_rel().schema` would be an empty string.
      if (new RegExp(`(?<![\\w.])${name}\\([^()]*\\)\\s*\\.\\s*[A-Za-z_]`).test(jinjaLines[i]!)) refuse(i, `不支持读取宏返回值的属性（${name}(…).…）——宏的返回值在这里是文本：请直接用 ref()/source()/this 的属性，或让宏返回所需的字符串`);
      reach(byKey.get(`${search}.${name}`) ?? byKey.get(`${root}.${name}`), search);
    }
  }
}

/** The text of one macro in a file that may define several, so a neighbour's body is not blamed. */
function macroBody(source: string, name: string): string {
  const start = source.search(new RegExp(`{%-?\\s*(macro|test)\\s+${name.replace(/^test_/, "(test_)?")}\\s*\\(`));
  if (start < 0) return source;
  const end = source.indexOf("endmacro", start);
  const endTest = source.indexOf("endtest", start);
  const stop = [end, endTest].filter((x) => x >= 0).sort((a, b) => a - b)[0];
  // Keep the leading lines so reported line numbers stay the file's own.
  return source.slice(0, stop ?? source.length).replace(/[^\n]/g, (c, off: number) => (off < start ? " " : c));
}
