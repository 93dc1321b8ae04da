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
import type { Node, Project } from "./types.js";
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
  const contract = c.contract as { enforced?: boolean } | undefined;
  if (contract && contract.enforced) refuse("contract: {enforced: true}", "模型契约尚不支持；请用数据测试检查列和类型");
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
  for (const f of ["packages.yml", "dependencies.yml"]) {
    if (existsSync(path.join(project.dir, f))) throw new ZonestatError("PROJECT_UNSUPPORTED", `${f}：不支持 dbt 包（packages）——请把所需的宏复制到 macros/`, { file: f });
  }
  const byName = new Map(project.macros.map((m) => [m.name, m]));
  const reached = new Set<string>();
  const queue: Array<{ file: string; code: string }> = [];
  for (const n of project.nodes.values()) if (n.config.enabled !== false && (n.resource_type === "model" || n.resource_type === "snapshot" || (n.resource_type === "test" && !n.test_metadata))) queue.push({ file: n.original_file_path, code: n.raw_code });
  // Hooks run SQL too: what they call is checked like a model.
  for (const h of [...project.hooks.start, ...project.hooks.end]) queue.push({ file: "dbt_project.yml", code: h });
  for (const n of project.nodes.values()) if (n.test_metadata) {
    const m = byName.get(`test_${n.test_metadata.name}`);
    if (m && !reached.has(m.name)) { reached.add(m.name); queue.push({ file: m.file, code: macroBody(m.source, m.name) }); }
  }
  while (queue.length) {
    const { file, code } = queue.shift()!;
    for (const u of UNSUPPORTED_JINJA) {
      const lines = code.split("\n");
      const i = lines.findIndex((l) => u.pattern.test(l));
      if (i >= 0) throw new ZonestatError("PROJECT_UNSUPPORTED", `${file}:${i + 1}：不支持 ${u.construct}——${u.advice}`, { file, line: i + 1, value: lines[i]!.trim() });
    }
    // A macro's value arrives as text (return() is output here): `my_rel().schema` would be an empty string.
    for (const name of byName.keys()) {
      const lines = code.split("\n");
      const i = lines.findIndex((l) => new RegExp(`\\b${name}\\([^()]*\\)\\s*\\.\\s*[A-Za-z_]`).test(l));
      if (i >= 0) throw new ZonestatError("PROJECT_UNSUPPORTED", `${file}:${i + 1}：不支持读取宏返回值的属性（${name}(…).…）——宏的返回值在这里是文本：请直接用 ref()/source()/this 的属性，或让宏返回所需的字符串`, { file, line: i + 1, value: lines[i]!.trim() });
    }
    for (const [name, m] of byName) {
      if (reached.has(name) || !new RegExp(`\\b${name}\\s*\\(`).test(code)) continue;
      reached.add(name);
      queue.push({ file: m.file, code: macroBody(m.source, name) });
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
