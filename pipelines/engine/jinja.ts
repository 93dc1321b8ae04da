/**
 * Rendering model SQL like dbt's Jinja2, with minijinja (byte-identical to Jinja2 on
 * dbt projects in our check). Project macros and the built-in generic tests are
 * prepended to every template; line numbers in errors are mapped back to the file
 * the line came from. Globals never throw into the wasm engine (that corrupts it):
 * they record problems, which are raised after rendering.
 */
import { randomUUID } from "node:crypto";
import { Environment } from "minijinja-js";
import { ZonestatError } from "../errors.js";
import { BUILTIN_NAMING_MACROS, BUILTIN_TEST_MACROS } from "./builtin-macros.js";
import type { Macro } from "./types.js";
import { CROSS_DB_MACROS } from "./cross-db.js";
import { readEnv } from "./env-reads.js";
import { makeRelation, relationArg, renderRelations, type RelationParts } from "./relation.js";
import { inJinja, MacroIndex, packageOf, renameDefinitions, type NamespaceInfo } from "./macro-namespace.js";

/** A relation a ref resolves to; `cte` for an ephemeral model, rendered as its CTE name. */
export type RefTarget = RelationParts & { readonly cte?: boolean };

export interface RenderContext {
  /** `version`: ref('m', v=2) / version=2 (versions.ts). */
  ref(args: string[], version?: unknown): RefTarget;
  source(sourceName: string, table: string): RefTarget;
  config(kwargs: Record<string, unknown>): void;
  var(name: string, fallback: unknown, hasFallback: boolean): unknown;
  readonly thisRelation: RelationParts;
  readonly isIncremental: boolean;
  /** dbt's `execute`: false while parsing (refs are collected), true when compiling to run. */
  readonly execute?: boolean;
  readonly whereSubquery?: (relation: string) => string;
  /** The package of the node rendered: its macros come first in un-namespaced lookups (root when unset). */
  readonly package?: string;
  /** dbt's `config.get(key, default)` / `config.require(key)`: the node's config as resolved so far. */
  readonly configGet?: (key: string) => unknown;
  /** dbt's `model`: the node rendered (name, unique_id, resource_type, …); unset outside a node. */
  readonly model?: Record<string, unknown>;
}

/** What dbt's context gives every render of one invocation (dbt-core context/base.py). */
export interface InvocationInfo {
  /** `invocation_id`: a UUID per run, the same in run_results.json. */
  readonly invocationId: string;
  /** `run_started_at`, rendered as dbt renders its UTC datetime: `2026-11-30 01:02:03.456000+00:00`. */
  readonly runStartedAt: string;
  /** `dbt_version`. */
  readonly dbtVersion: string;
}

/** The dbt target as profiles.yml defines it (`target.name`, `target.schema`, …). */
export interface TargetInfo {
  readonly name: string;
  /** The profile the target comes from (dbt_project.yml `profile:`). */
  readonly profile_name?: string;
  readonly schema: string;
  readonly type: string;
  readonly database: string;
  readonly threads: number;
  readonly path?: string;
}

const relationOf = (t: RefTarget) => (t.cte ? makeRelation(t, { schema: false }) : makeRelation(t));

interface Segment {
  readonly file: string;
  readonly firstLine: number;
  readonly lineCount: number;
}

export class JinjaRenderer {
  private readonly env: Environment;
  /** Per search package (the package of the node rendered): the prelude and its line map. */
  private readonly preludes = new Map<string, { text: string; segments: Segment[] }>();
  private segments: Segment[] = [];
  private current: RenderContext | undefined;
  private problems: string[] = [];
  /** `log()` and `exceptions.warn()` messages of the last render, for the engine's logger. */
  messages: Array<{ level: "info" | "debug" | "warn"; text: string }> = [];
  readonly index: MacroIndex;
  private readonly info: NamespaceInfo;

  readonly invocation: InvocationInfo;

  constructor(private readonly macros: readonly Macro[], private readonly target: TargetInfo, info: NamespaceInfo, invocation?: InvocationInfo) {
    this.info = info;
    this.index = new MacroIndex(macros, this.info, builtinMacroNames());
    this.env = new Environment();
    this.env.enablePyCompat();
    // dbt renders with jinja2.StrictUndefined at run time: an unknown name is an error, never ''.
    this.env.undefinedBehavior = "strict";
    this.invocation = invocation ?? newInvocation();
    this.installGlobals();
  }

  /** The macros visible to a node of package `search`, built once per package. */
  private prelude(search: string): string {
    const cached = this.preludes.get(search);
    if (cached) {
      this.segments = cached.segments;
      return cached.text;
    }
    const parts: string[] = [];
    const segments: Segment[] = [];
    let line = 1;
    const addPart = (file: string, text: string) => {
      const body = text.replace(/\n?$/, "\n");
      const count = body.split("\n").length - 1;
      segments.push({ file, firstLine: line, lineCount: count });
      parts.push(body);
      line += count;
    };
    addPart("(dbt 内置通用测试)", this.rewrite(BUILTIN_TEST_MACROS, search));
    addPart("(dbt 内置命名宏)", this.rewrite(BUILTIN_NAMING_MACROS, search));
    const seen = new Set<string>();
    for (const m of this.macros) {
      if (seen.has(m.file)) continue;
      seen.add(m.file);
      addPart(m.file, renameDefinitions(this.rewrite(toMacroSyntax(m.source), search), packageOf(m, this.info.root)));
    }
    // Flat names for this package's nodes, on one line so the line map stays simple.
    addPart("(宏命名空间)", this.index.aliases(search));
    const text = parts.join("");
    this.preludes.set(search, { text, segments });
    this.segments = segments;
    return text;
  }

  private recordError(text: string): string {
    this.problems.push(text);
    return "__error__";
  }

  private installGlobals(): void {
    const ctx = () => this.current!;
    const recordError = (text: string) => this.recordError(text);
    this.env.addGlobal("ref", (...args: unknown[]) => {
      const a = args.filter((x) => typeof x === "string") as string[];
      if (a.length < 1 || a.length > 2) return recordError("ref() 需要一个或两个字符串参数");
      try {
        const kw = args.find((x) => x instanceof Map) as Map<string, unknown> | undefined;
        return relationOf(ctx().ref(a, kw?.get("v") ?? kw?.get("version")));
      } catch (e) {
        return recordError((e as Error).message);
      }
    });
    this.env.addGlobal("source", (s: unknown, t: unknown) => {
      try {
        return relationOf(ctx().source(String(s), String(t)));
      } catch (e) {
        return recordError((e as Error).message);
      }
    });
    this.env.addGlobal("config", (...args: unknown[]) => {
      const kw = args.find((x) => x instanceof Map) as Map<string, unknown> | undefined;
      if (kw) ctx().config(mapToObject(kw));
      return "";
    });
    this.env.addGlobal("var", (name: unknown, fallback?: unknown) => {
      try {
        return ctx().var(String(name), fallback, fallback !== undefined);
      } catch (e) {
        return recordError((e as Error).message);
      }
    });
    this.env.addGlobal("is_incremental", () => ctx().isIncremental);
    this.env.addGlobal("env_var", (name: unknown, fallback?: unknown) => readEnv(String(name)) ?? fallback ?? recordError(`环境变量 ${String(name)} 未设置且无默认值`));
    this.env.addGlobal("log", (msg: unknown, info?: unknown) => {
      this.messages.push({ level: info === true ? "info" : "debug", text: String(msg) });
      return "";
    });
    this.env.addGlobal("exceptions", {
      raise_compiler_error: (msg: unknown) => recordError(`raise_compiler_error：${String(msg)}`),
      warn: (msg: unknown) => {
        this.messages.push({ level: "warn", text: String(msg) });
        return "";
      },
    });
    this.env.addGlobal("__return", (v: unknown) => {
      if (v === null || v === undefined) return "";
      if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") return String(v);
      if ((v instanceof Map && v.has("__relation__")) || (typeof v === "object" && "__relation__" in (v as object))) return relationArg(v);
      return recordError("return() 只支持返回字符串、数字或关系；返回列表或字典尚不支持");
    });
    this.env.addGlobal("dbt", CROSS_DB_MACROS);
    this.env.addGlobal("adapter", { quote: (s: unknown) => `"${String(s).replace(/"/g, '""')}"` });
    this.env.addGlobal("get_where_subquery", (rel: unknown) => (ctx().whereSubquery ? ctx().whereSubquery!(relationArg(rel)) : relationArg(rel)));
    this.env.addGlobal("target", { ...this.target, profile_name: this.target.profile_name ?? this.info.root });
    this.env.addGlobal("invocation_id", this.invocation.invocationId);
    this.env.addGlobal("run_started_at", this.invocation.runStartedAt);
    this.env.addGlobal("dbt_version", this.invocation.dbtVersion);
    this.env.addGlobal("project_name", this.info.root);
    const configGet = (key: unknown, fallback: unknown, required: boolean) => {
      const get = ctx().configGet;
      if (!get) return recordError(`config.${required ? "require" : "get"}('${String(key)}') 只能用在模型、测试或快照中`);
      const v = get(String(key));
      if (v !== undefined && v !== null) return v;
      if (required) return recordError(`config.require：模型未配置「${String(key)}」`);
      return fallback ?? null;
    };
    this.env.addGlobal("__config_get", (key: unknown, fallback?: unknown) => configGet(key, fallback, false));
    this.env.addGlobal("__config_require", (key: unknown) => configGet(key, undefined, true));
    this.env.addGlobal("should_store_failures", () => false);
  }

  /** Renders `source` (the raw code of `file`) with `context`. Throws PROJECT_JINJA_ERROR naming file and line. */
  render(file: string, source: string, context: RenderContext, extraGlobals: Record<string, unknown> = {}): string {
    this.current = context;
    this.problems = [];
    const prelude = this.prelude(context.package ?? this.info.root);
    const offset = prelude.split("\n").length - 1;
    let out: string;
    try {
      this.env.addGlobal("this", makeRelation(context.thisRelation));
      this.env.addGlobal("execute", context.execute ?? false);
      if (context.model) this.env.addGlobal("model", context.model);
      else this.env.removeGlobal("model");
      this.messages = [];
      for (const [k, v] of Object.entries(extraGlobals)) this.env.addGlobal(k, v);
      // minijinja picks auto-escaping from the name (.yml → JSON escaping): SQL must never be escaped.
      out = renderRelations(this.env.renderNamedStr(file.endsWith(".sql") ? file : `${file}.sql`, prelude + this.rewrite(toMacroSyntax(source), context.package ?? this.info.root), {}));
    } catch (e) {
      const text = String((e as Error).message ?? e);
      const m = text.match(/\(in [^)]*?:(\d+)\)/);
      const line = m ? Number(m[1]) : undefined;
      const where = line === undefined ? { file } : line > offset ? { file, line: line - offset } : this.locatePrelude(line);
      // minijinja's own "(in file:n)" counts lines of the model with every macro prepended: dropped for the real place,
      // and a macro's error says which file called it (dbt: "in macro m (macros/m.sql) called by model a").
      const said = text.split("\n")[0]!.replace(/\s*\(in [^)]*?:\d+\)/g, "");
      throw new ZonestatError("PROJECT_JINJA_ERROR", `Jinja 错误（${where.file}${where.line ? ":" + where.line : ""}）：${said}${where.file !== file ? `（由 ${file} 调用）` : ""}`, where);
    } finally {
      for (const k of Object.keys(extraGlobals)) this.env.removeGlobal(k);
    }
    if (this.problems.length) {
      const first = this.problems[0]!;
      const needle = first.match(/「([^」]+)」/)?.[1];
      const lineIdx = needle ? source.split("\n").findIndex((l) => l.includes(needle)) : -1;
      throw new ZonestatError("PROJECT_REF_ERROR", `${file}${lineIdx >= 0 ? ":" + (lineIdx + 1) : ""}：${first}`, { file, line: lineIdx >= 0 ? lineIdx + 1 : undefined });
    }
    return stripPreludeWhitespace(out);
  }

  /**
   * Static rewrites for what minijinja cannot do dynamically: dbt's `return()` (a
   * value out of a macro) becomes output; `adapter.dispatch('m', 'pkg')` resolves, as
   * dbt does for the duckdb adapter, to `duckdb__m` or else `default__m`.
   */
  private rewrite(source: string, search: string): string {
    return inJinja(source, (tag) => this.index.rewriteNamespacedCalls(tag
      .replace(/{%(-?)\s*do\s+return\(([\s\S]*?)\)\s*(-?)%}/g, "{{$1 __return($2) $3}}")
      .replace(/\breturn\(/g, "__return(")
      .replace(/(?<![.\w])config\.(get|require)\(/g, "__config_$1(")
      .replace(/\badapter\.dispatch\(\s*(?:macro_name\s*=\s*)?['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*(?:,\s*(?:macro_namespace\s*=\s*)?['"]([A-Za-z_][A-Za-z0-9_]*)['"]\s*)?\)/g, (_, name: string, ns: string | undefined) => {
        const hit = this.index.dispatch(search, name, ns);
        if ("name" in hit) return hit.name;
        // dbt: "In dispatch: No macro named 'm' found within namespace: 'ns'" — raised when called.
        const missing = `__dispatch_missing_${name}`;
        this.env.addGlobal(missing, () => this.recordError(`adapter.dispatch 找不到宏「${name}」（命名空间 ${ns ?? "无"}）：已查找 ${hit.searched.join("、")}`));
        return missing;
      })));
  }

  private locatePrelude(line: number): { file: string; line: number } {
    const seg = this.segments.find((s) => line >= s.firstLine && line < s.firstLine + s.lineCount);
    return seg ? { file: seg.file, line: line - seg.firstLine + 1 } : { file: "(macros)", line };
  }
}

/** A fresh invocation: its id and start time, as dbt's context gives them. */
export function newInvocation(): InvocationInfo {
  const now = new Date().toISOString();
  return { invocationId: randomUUID(), runStartedAt: `${now.slice(0, 10)} ${now.slice(11, 23)}000+00:00`, dbtVersion: DBT_VERSION };
}

/** The dbt version this engine follows, as `dbt_version` and the artifacts report it. */
export const DBT_VERSION = "1.9.0-zonestat";

/** `{% test name(args) %}…{% endtest %}` is dbt's spelling of a macro named test_name. */
function toMacroSyntax(source: string): string {
  return source
    .replace(/{%(-?)\s*test\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, "{%$1 macro test_$2(")
    .replace(/{%(-?)\s*endtest\s*(-?)%}/g, "{%$1 endmacro $2%}")
    .replace(/{%-?\s*docs\s+[\s\S]*?enddocs\s*-?%}/g, "");
}

/** Macro definitions leave blank lines at the top; the model's own text starts after them. */
function stripPreludeWhitespace(out: string): string {
  return out.replace(/^\s*\n/, "");
}

function mapToObject(m: Map<string, unknown>): Record<string, unknown> {
  const o: Record<string, unknown> = {};
  for (const [k, v] of m) o[k] = v instanceof Map ? mapToObject(v) : v;
  return o;
}

/** Names dbt itself defines (its generic tests and naming macros): the last step of a flat lookup. */
function builtinMacroNames(): Set<string> {
  return new Set([...`${BUILTIN_TEST_MACROS}${BUILTIN_NAMING_MACROS}`.matchAll(/{%-?\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)/g)].map((m) => m[1]!));
}
