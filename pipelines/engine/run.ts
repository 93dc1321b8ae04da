/**
 * The engine's commands — seed, run, test, build, compile — over a selection, in
 * dbt's order: parents first; in `build`, a node's tests run before its children,
 * and a failing error-severity test skips everything downstream.
 *
 * @example
 *   const result = await runEngine("build", { project, db, logger });
 *   result.results.filter((r) => r.status === "fail")
 */
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import type { Logger } from "../logger.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import { writeArtifacts } from "./artifacts.js";
import { compileNode, compileTest } from "./compile.js";
import { materialize, relationKind } from "./materialize.js";
import type { ParsedProject } from "./parse.js";
import { loadSeed } from "./seeds.js";
import { ancestors, childrenIndex, selectNodes, topoOrder } from "./select.js";
import type { Node } from "./types.js";
import { relationParts } from "./types.js";
import { assertConfigSupported } from "./unsupported.js";
import { testOutcome } from "./test-thresholds.js";
import { assertContract, contractEnforced, viewConstraintWarnings } from "./contracts.js";
import { nodeRelation, qualifyAmbiguousNames } from "./relation-names.js";
import { safetyMsg } from "../safety/messages.js";
import { runUnitTest, unitTestOrdering } from "./unit-test.js";

export type Command = "seed" | "run" | "test" | "build" | "compile" | "snapshot";
export type NodeStatus = "success" | "error" | "skipped" | "pass" | "fail" | "warn";

export interface NodeResult {
  unique_id: string;
  status: NodeStatus;
  message: string;
  failures: number | null;
  execution_time: number;
  timing: Array<{ name: "compile" | "execute"; started_at: string; completed_at: string }>;
  compiled_code?: string;
  relation_name?: string;
  adapter_response: Record<string, unknown>;
  thread_id: string;
}

export interface EngineResult {
  readonly command: Command;
  readonly results: NodeResult[];
  readonly elapsed: number;
  readonly ok: boolean;
  /**
   * Where each failed or erroring node is defined and its compiled SQL was written (dbt's "Failure in test … (models/
   * marts/schema.yml)" and "compiled code at target/compiled/…"), for the CLI's report; kept out of run_results.json.
   */
  readonly where?: ReadonlyMap<string, { readonly file: string; readonly compiled?: string }>;
}

export interface EngineOptions {
  readonly project: ParsedProject;
  readonly db: DuckDBHandle | undefined;
  readonly logger: Logger;
  readonly select?: readonly string[];
  readonly exclude?: readonly string[];
  readonly fullRefresh?: boolean;
  readonly writeArtifacts?: boolean;
  /** dbt's --fail-fast: after the first error or failure, everything left is skipped. */
  readonly failFast?: boolean;
  /** Checked between nodes; true stops the run with STOPPED (SIGTERM). */
  readonly shouldStop?: () => boolean;
}

const TYPES: Record<Command, ReadonlyArray<Node["resource_type"]>> = {
  seed: ["seed"],
  run: ["model"],
  test: ["test", "unit_test"],
  build: ["seed", "model", "test", "snapshot", "unit_test"],
  compile: ["model", "test", "snapshot"],
  snapshot: ["snapshot"],
};

export async function runEngine(command: Command, opts: EngineOptions): Promise<EngineResult> {
  const { project, logger } = opts;
  const started = Date.now();
  const selected = selectNodes(project, opts.select, opts.exclude);
  const ids = new Set([...selected].filter((id) => TYPES[command].includes(project.nodes.get(id)!.resource_type)));
  const order = buildOrder(project, ids, command === "build");
  // dbt (graph/selector.py): a criterion matching nothing is warned about, and an empty selection says
  // "Nothing to do" — the exit code stays 0, as in dbt.
  for (const spec of (opts.select ?? []).flatMap((x) => x.split(/\s+/)).filter(Boolean)) {
    if (!selectNodes(project, [spec], undefined).size) logger.warn(`The selection criterion '${spec}' does not match any enabled nodes（选择条件「${spec}」没有匹配任何已启用的节点）`);
  }
  if (!ids.size) logger.warn("Nothing to do. Try checking your model configs and model specification args（没有要运行的节点）");
  const results: NodeResult[] = [];
  const status = new Map<string, NodeStatus>();
  const where = new Map<string, { file: string; compiled?: string }>();
  const children = childrenIndex(project);
  const blocked = new Set<string>();
  // A model's own unit tests are not downstream of it (dbt: they run before it and do not depend on each other).
  const ownUnitTest = (c: string, model: string) => project.nodes.get(c)?.resource_type === "unit_test" && project.nodes.get(c)?.attached_node === model;
  const block = (id: string, spareOwnUnitTests = false) => {
    for (const c of children.get(id) ?? []) {
      if (blocked.has(c) || project.nodes.get(c)?.resource_type === "test" || (spareOwnUnitTests && ownUnitTest(c, id))) continue;
      blocked.add(c);
      block(c);
    }
  };
  const db = opts.db;
  if (!db && command !== "compile") throw new ZonestatError("PROJECT_NO_WAREHOUSE", "未指定数据仓库：请在 profiles.yml 中设置 path，或使用 --warehouse");
  for (const id of order) assertConfigSupported(project.nodes.get(id)!);
  if (db) await qualifyAmbiguousNames(project, db);
  let stopped = false;
  // run_results.json is rewritten whatever happens below (a failing hook, a stop): never left from the previous run.
  try {
    if (command !== "compile") await runHooks(project, db!, project.hooks.start, "on-run-start", logger);

    let index = 0;
    // dbt does not report ephemeral models as run nodes (dbt-core task/runnable.py `_handle_result`,
    // `num_nodes`): they are compiled into their children, counted and listed nowhere.
    const isEphemeral = (id: string) => project.nodes.get(id)!.config.materialized === "ephemeral";
    const total = order.filter((id) => !isEphemeral(id)).length;
    const ephemeralErrors = new Map<string, string>();
    const report = (id: string, r: NodeResult) => {
      if (!isEphemeral(id)) results.push(r);
      else if (r.status === "error") ephemeralErrors.set(id, r.message);
    };
    for (const id of order) {
      // A safe point: every model before this one is materialized whole.
      if (opts.shouldStop?.()) throw new ZonestatError("STOPPED", safetyMsg.stopped());
      if (!isEphemeral(id)) index++;
      const node = project.nodes.get(id)!;
      const t0 = new Date();
      const base: NodeResult = { unique_id: id, status: "success", message: "", failures: null, execution_time: 0, timing: [], adapter_response: {}, thread_id: "Thread-1" };
      const upstreamFailed = node.depends_on.nodes.some((d) => ["error", "skipped"].includes(status.get(d) ?? ""));
      if (stopped) {
        status.set(id, "skipped");
        report(id, { ...base, status: "skipped", message: "SKIP：--fail-fast 已停止" });
        continue;
      }
      if (blocked.has(id) || upstreamFailed) {
        status.set(id, "skipped");
        block(id);
        // dbt: a node whose ephemeral parent failed to compile is an error naming that parent (task/base.py on_skip).
        const eph = node.depends_on.nodes.find((d) => isEphemeral(d) && status.get(d) === "error");
        report(id, eph ? { ...base, status: "error", message: `${node.original_file_path}：引用的 ephemeral 模型 ${project.nodes.get(eph)!.name} 编译失败——${ephemeralErrors.get(eph) ?? ""}` } : { ...base, status: "skipped", message: "SKIP：上游失败" });
        if (!isEphemeral(id)) logger.info(`${index}/${total} 跳过 ${node.resource_type} ${node.name}（上游失败）`);
        continue;
      }
      let result: NodeResult;
      try {
        result = await executeNode(command, project, node, db, opts, base, t0);
      } catch (e) {
        const err = e instanceof ZonestatError ? e : sqlError(project, node, e, node.compiled_code ?? "");
        result = { ...base, status: "error", message: err.message, execution_time: (Date.now() - t0.getTime()) / 1000 };
      }
      status.set(id, result.status);
      if (result.status === "error" || result.status === "fail" || result.status === "warn") {
        const compiled = compiledPath(project, node);
        where.set(id, { file: node.original_file_path, compiled: existsSync(compiled) ? path.relative(process.cwd(), compiled) : undefined });
      }
      if (result.status === "error" || (result.status === "fail" && node.config.severity === "error")) {
        if (node.resource_type === "unit_test") {
          // dbt build: a failing unit test skips its model and everything after it — not the model's other unit tests.
          blocked.add(node.attached_node!);
          block(node.attached_node!, true);
        } else if (node.resource_type === "test") for (const p of node.depends_on.nodes) block(p);
        else block(id);
      }
      report(id, result);
      if (opts.failFast && (result.status === "error" || result.status === "fail")) stopped = true;
      for (const m of project.renderer.messages.splice(0)) logger[m.level](`${node.name}：${m.text}`);
      const label = { success: "完成", pass: "通过", fail: "失败", warn: "警告", error: "错误", skipped: "跳过" }[result.status];
      if (isEphemeral(id) && result.status !== "error") continue;
      const line = `${index}/${total} ${label} ${node.resource_type} ${node.name}${result.failures ? `（${result.failures} 行不符）` : ""} [${result.execution_time.toFixed(2)}s]`;
      if (result.status === "error" || result.status === "fail") logger.error(line + (result.status === "error" ? `\n    ${result.message}` : ""));
      else if (result.status === "warn") logger.warn(line);
      else logger.debug(line);
    }
    if (command !== "compile") await runHooks(project, db!, project.hooks.end, "on-run-end", logger, { results: hookResults(project, results) });
  } finally {
    if (opts.writeArtifacts !== false) writeArtifacts(project, command, results, (Date.now() - started) / 1000);
  }
  const elapsed = (Date.now() - started) / 1000;
  return { command, results, elapsed, ok: results.every((r) => r.status !== "error" && r.status !== "fail"), where };
}

async function executeNode(command: Command, project: ParsedProject, node: Node, db: DuckDBHandle | undefined, opts: EngineOptions, base: NodeResult, t0: Date): Promise<NodeResult> {
  const timing: NodeResult["timing"] = [];
  const stamp = (name: "compile" | "execute", from: Date) => timing.push({ name, started_at: from.toISOString(), completed_at: new Date().toISOString() });
  const relation = nodeRelation(node);
  if (node.resource_type === "seed") {
    const n = await loadSeed(db!, project, node);
    stamp("execute", t0);
    return { ...base, timing, message: `INSERT ${n}`, relation_name: relation, adapter_response: { rows_affected: n }, execution_time: secondsSince(t0) };
  }
  if (node.resource_type === "unit_test") {
    const out = await runUnitTest(db!, project, node);
    stamp("execute", t0);
    return { ...base, status: out.status, failures: out.failures, message: out.message, timing, compiled_code: out.sql, execution_time: secondsSince(t0) };
  }
  if (node.resource_type === "test") {
    const { main, wrapped } = compileTest(project, node);
    stamp("compile", t0);
    writeCompiled(project, node, main);
    if (command === "compile") return { ...base, timing, compiled_code: main, execution_time: secondsSince(t0) };
    const t1 = new Date();
    const [row] = await db!.all<{ failures: number }>(wrapped);
    if (node.config.store_failures) {
      // dbt's store_failures: the failing rows in <target schema>_dbt_test__audit.<test name>.
      const audit = `${project.targetSchema}_dbt_test__audit`;
      await db!.exec(`create schema if not exists "${audit}"`);
      await db!.exec(`create or replace table "${audit}"."${node.name.replace(/"/g, '""')}" as ${main}`);
    }
    stamp("execute", t1);
    const failures = Number(row?.failures ?? 0);
    const { status, message } = testOutcome(failures, node.config);
    return { ...base, status, failures, timing, compiled_code: main, message, execution_time: secondsSince(t0) };
  }
  const exists = db ? (await relationKind(db, node.schema, node.identifier)) !== undefined : false;
  const isIncremental = node.config.materialized === "incremental" && exists && !opts.fullRefresh;
  const sql = compileNode(project, node, { isIncremental });
  stamp("compile", t0);
  writeCompiled(project, node, sql);
  if (command === "compile") return { ...base, timing, compiled_code: sql, execution_time: secondsSince(t0) };
  const t1 = new Date();
  if (contractEnforced(node)) {
    await assertContract(db!, node, sql);
    if (node.config.materialized === "view") for (const w of viewConstraintWarnings(node)) opts.logger.warn(w);
  }
  let out;
  try {
    await runNodeHooks(project, node, db!, "pre", isIncremental);
    out = await materialize(db!, node, sql, { fullRefresh: !!opts.fullRefresh, exists });
    await runNodeHooks(project, node, db!, "post", isIncremental);
  } catch (e) {
    throw sqlError(project, node, e, sql);
  }
  stamp("execute", t1);
  for (const w of out.warnings ?? []) opts.logger.warn(w);
  return { ...base, timing, compiled_code: sql, relation_name: relation, message: out.message, adapter_response: out.rowsAffected !== undefined ? { rows_affected: out.rowsAffected } : {}, execution_time: secondsSince(t0) };
}

/**
 * dbt's build order: in build mode, the children of a tested node also wait for its
 * tests. A generic test gates the children of the node it is attached to; a
 * singular test, the children of each parent. An edge that would make a cycle (the
 * test itself depends on that child, as a relationships test can) is not added.
 */
function buildOrder(project: ParsedProject, ids: Set<string>, testsGate: boolean): string[] {
  if (!testsGate) return topoOrder(project, ids);
  const children = childrenIndex(project);
  const extra = new Map<string, string[]>();
  for (const id of ids) {
    const test = project.nodes.get(id)!;
    if (test.resource_type !== "test") continue;
    const upstream = new Set<string>();
    ancestors(project, id, upstream);
    const gated = test.attached_node ? [test.attached_node] : test.depends_on.nodes;
    for (const p of gated) {
      for (const c of children.get(p) ?? []) {
        if (["test", "unit_test"].includes(project.nodes.get(c)?.resource_type ?? "") || upstream.has(c) || c === id) continue;
        extra.set(c, [...(extra.get(c) ?? []), id]);
      }
    }
  }
  for (const [id, deps] of unitTestOrdering(project, ids)) extra.set(id, [...(extra.get(id) ?? []), ...deps]);
  const saved = new Map<string, string[]>();
  for (const [c, deps] of extra) {
    const node = project.nodes.get(c)!;
    saved.set(c, node.depends_on.nodes);
    // For ordering only; restored below so artifacts keep the real dependencies.
    // A unit test is ordered by its model's parents instead of its model (which waits for it).
    node.depends_on.nodes = [...(node.resource_type === "unit_test" ? [] : node.depends_on.nodes), ...deps];
  }
  try {
    return topoOrder(project, ids);
  } finally {
    for (const [c, deps] of saved) project.nodes.get(c)!.depends_on.nodes = deps;
  }
}

/** target/compiled/<package>/<path of the node's file>: where its compiled SQL is written. */
function compiledPath(project: ParsedProject, node: Node): string {
  // A package's files are named from the package's own folder (dbt: target/compiled/<package>/models/…), never outside target/.
  const pkgDir = project.packages?.get(node.package_name)?.dir;
  let own = pkgDir ? path.relative(pkgDir, path.resolve(project.dir, node.original_file_path)) : node.original_file_path;
  // A file outside the project (an init project's models overlaying the built-in ones) is named from its resource
  // folder on (models/marts/x.sql), not by ../../ out of target/compiled/.
  if (own.startsWith("..") || path.isAbsolute(own)) own = /(?:^|[\\/])((?:models|tests|snapshots|seeds|analyses|macros)[\\/].*)$/.exec(path.resolve(project.dir, own))?.[1] ?? path.basename(own);
  return path.join(project.targetPath, "compiled", node.package_name, node.resource_type === "test" && node.test_metadata ? path.join(path.dirname(own), node.name + ".sql") : own);
}

function writeCompiled(project: ParsedProject, node: Node, sql: string): void {
  node.compiled_code = sql;
  const file = compiledPath(project, node);
  mkdirSync(path.dirname(file), { recursive: true });
  writeFileSync(file, sql);
}

/**
 * MODEL_SQL_ERROR from DuckDB's error: the model's file and line (mapped back from DuckDB's "LINE n:" where the
 * compiled line is in the source as written), DuckDB's first line, the text it points at, and the compiled SQL's path
 * (engineer-qa 6: only the file and "syntax error at or near …" were given).
 */
function sqlError(project: ParsedProject, node: Node, e: unknown, sql: string): ZonestatError {
  const message = String((e as Error)?.message ?? e);
  const line = sqlErrorLine(message, sql, node.raw_code);
  const at = /\nLINE \d+:\s*(.*)/.exec(message)?.[1]?.trim();
  const compiled = path.relative(process.cwd(), compiledPath(project, node));
  const file = node.original_file_path;
  return new ZonestatError(
    "MODEL_SQL_ERROR",
    `${file}${line ? `:${line}` : ""}：${message.split("\n")[0]}${at ? `（出错处：${at}）` : ""}；编译后的 SQL：${compiled}`,
    { file, line },
  );
}

/** on-run-start / on-run-end: each hook rendered with the project's Jinja and run; a failing hook fails the run. */
async function runHooks(project: ParsedProject, db: DuckDBHandle, hooks: readonly string[], kind: string, logger: Logger, extra: Record<string, unknown> = {}): Promise<void> {
  for (const [i, hook] of hooks.entries()) {
    const sql = renderHook(project, hook, `dbt_project.yml（${kind} #${i + 1}）`, undefined, false, extra);
    if (!sql.trim()) continue;
    try {
      await db.exec(sql);
    } catch (e) {
      throw new ZonestatError("MODEL_SQL_ERROR", `dbt_project.yml 的 ${kind} 第 ${i + 1} 条失败：${String((e as Error).message).split("\n")[0]}`, { file: "dbt_project.yml", value: sql });
    }
    logger.debug(`${kind} #${i + 1} 完成`);
  }
}

/** A model's pre-hook / post-hook (config or dbt_project.yml), run around its materialization. */
/** A model's pre- or post-hooks; as in dbt, `is_incremental()` in a hook is true on an incremental run of an existing table. */
async function runNodeHooks(project: ParsedProject, node: Node, db: DuckDBHandle, when: "pre" | "post", isIncremental = false): Promise<void> {
  const raw = node.config[`${when}-hook`];
  const hooks = raw === undefined || raw === null ? [] : Array.isArray(raw) ? raw : [raw];
  for (const h of hooks) {
    const sql = renderHook(project, typeof h === "object" && h && "sql" in h ? String((h as { sql: unknown }).sql) : String(h), node.original_file_path, node, isIncremental);
    if (sql.trim()) await db.exec(sql);
  }
}

/**
 * dbt's `results` in on-run-end: one RunResult per node run — status, message,
 * failures, execution_time, unique_id and node (name, unique_id, resource_type).
 */
function hookResults(project: ParsedProject, results: readonly NodeResult[]): Array<Record<string, unknown>> {
  return results.map((r) => {
    const n = project.nodes.get(r.unique_id);
    return { status: r.status, message: r.message, failures: r.failures, execution_time: r.execution_time, unique_id: r.unique_id, adapter_response: r.adapter_response, node: { name: n?.name ?? r.unique_id, unique_id: r.unique_id, resource_type: n?.resource_type ?? null, original_file_path: n?.original_file_path ?? null, relation_name: r.relation_name ?? null } };
  });
}

function renderHook(project: ParsedProject, hook: string, file: string, node?: Node, isIncremental = false, extra: Record<string, unknown> = {}): string {
  return project.renderer.render(file, hook, {
    ref: () => { throw new Error("hook 中不能使用 ref()"); },
    source: () => { throw new Error("hook 中不能使用 source()"); },
    config: () => {},
    var: (n, f, h) => (n in project.vars ? project.vars[n] : h ? f : ""),
    thisRelation: node ? relationParts(project, node) : { database: project.target.database, schema: project.targetSchema, identifier: "" },
    isIncremental,
    execute: true,
  }, extra);
}

function secondsSince(t: Date): number {
  return (Date.now() - t.getTime()) / 1000;
}

/** Maps a DuckDB "LINE n:" in compiled SQL back to the source line holding the same text, where it can. */
function sqlErrorLine(message: string, compiled: string, raw: string): number | undefined {
  const m = message.match(/LINE (\d+):/);
  if (!m) return undefined;
  const text = compiled.split("\n")[Number(m[1]) - 1]?.trim();
  if (!text) return undefined;
  const i = raw.split("\n").findIndex((l) => l.trim() === text);
  return i >= 0 ? i + 1 : undefined;
}
