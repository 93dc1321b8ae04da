/**
 * dbt 1.8 unit tests (`unit_tests:` in YAML, docs.getdbt.com/docs/build/unit-tests and
 * /reference/resource-properties/unit-tests) read into `unit_test` nodes:
 * `model`, `given` (inputs `ref('x')`, `source('s', 't')` or `this`), `expect`, each
 * fixture as `format: dict` (default, rows as mappings), `csv` (inline rows or a
 * `fixture:` file under `<test-path>/fixtures/`) or `sql`; `overrides` of `vars`,
 * `env_vars` and the macro `is_incremental`. What the engine does not implement
 * (other macro overrides, versions, ephemeral models under test) is PROJECT_UNSUPPORTED.
 */
import { walk } from "./walk.js";
import { readFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { ZonestatError } from "../errors.js";
import { defaultConfig, mergeConfig } from "./project-config.js";
import type { Node } from "./types.js";

export type FixtureFormat = "dict" | "csv" | "sql";

export interface Fixture {
  readonly format: FixtureFormat;
  /** dict and csv: the rows, keys lower-cased as dbt does; CSV's empty cells are NULL. */
  readonly rows?: ReadonlyArray<Record<string, unknown>>;
  /** sql: the query giving the rows. */
  readonly sql?: string;
}

export interface GivenInput {
  /** As written: `ref('x')`, `source('s', 't')`, `this`. */
  readonly input: string;
  readonly kind: "ref" | "source" | "this";
  readonly args: readonly string[];
  readonly fixture: Fixture;
}

export interface UnitTestSpec {
  readonly model: string;
  readonly given: readonly GivenInput[];
  readonly expect: Fixture;
  readonly vars: Record<string, unknown>;
  readonly envVars: Record<string, string>;
  readonly isIncremental: boolean;
  readonly file: string;
  readonly line: number | undefined;
}

export interface UnitTestLoadContext {
  readonly dir: string;
  readonly projectName: string;
  readonly nodes: Map<string, Node>;
  readonly yamlRoots: readonly string[];
  readonly testPaths: readonly string[];
  readonly readYaml: (file: string) => unknown;
  /** An init project's own model folders (LoadProjectOptions.overlayModelDirs): their `../tests/fixtures` is searched too. */
  readonly overlayModelDirs?: readonly string[];
}

/**
 * The folders a unit test's `fixture:` is looked up in, absolute: `<test-path>/fixtures` of each test path, then an
 * init project's own `tests/fixtures` beside each overlay model folder. One definition for loading and for the
 * partial-parse key (partial-parse.ts), so the cache cannot miss a change to a folder that is read.
 */
export function unitTestFixtureDirs(dir: string, testPaths: readonly string[], overlayModelDirs: readonly string[] = []): string[] {
  return [...testPaths.map((p) => path.resolve(dir, p, "fixtures")), ...overlayModelDirs.map((p) => path.resolve(dir, p, "..", "tests", "fixtures"))];
}


const INPUT = /^\s*(?:(ref)\(\s*(['"])([^'"]+)\2\s*(?:,\s*(['"])([^'"]+)\4\s*)?\)|(source)\(\s*(['"])([^'"]+)\7\s*,\s*(['"])([^'"]+)\9\s*\)|(this))\s*$/;

/** Adds a `unit_test` node per `unit_tests:` entry in the YAML under `yamlRoots`. */
export function loadUnitTests(ctx: UnitTestLoadContext): void {
  // As project.ts names files: an overlay's YAML (outside the project) by its absolute path.
  const rel = (f: string) => { const r = path.relative(ctx.dir, f); return r.startsWith("..") ? f : r.split(path.sep).join("/"); };
  const fixtureDirs = unitTestFixtureDirs(ctx.dir, ctx.testPaths, ctx.overlayModelDirs);
  const fixtureFiles = fixtureDirs.flatMap((d) => walk(d, /\.(csv|sql)$/));
  // The folders searched, as the user finds them (engineer-qa 7: the message named tests/fixtures/, which was not searched).
  const searched = fixtureDirs.map((d) => { const r = path.relative(process.cwd(), d); return r.startsWith("..") ? d : r || "."; }).join("、");
  for (const f of [...new Set(ctx.yamlRoots.flatMap((r) => walk(r, /\.ya?ml$/)))]) {
    const doc = (ctx.readYaml(f) ?? {}) as Record<string, unknown>;
    if (doc.unit_tests === undefined) continue;
    const text = readFileSync(f, "utf8").split("\n");
    const lineOf = (needle: string, from = 0) => {
      const i = text.findIndex((l, k) => k >= from && l.includes(needle));
      return i >= 0 ? i + 1 : undefined;
    };
    const file = rel(f);
    if (!Array.isArray(doc.unit_tests)) throw new ZonestatError("PROJECT_INVALID", `${file}:${lineOf("unit_tests:") ?? 1}：unit_tests 应为列表`, { file });
    for (const entry of doc.unit_tests as Array<Record<string, unknown>>) {
      const line = lineOf(`name: ${entry.name}`);
      const fail = (code: "PROJECT_INVALID" | "PROJECT_UNSUPPORTED" | "PROJECT_UNKNOWN_NODE", what: string, at = line) =>
        new ZonestatError(code, `${file}${at ? ":" + at : ""}：单元测试「${String(entry.name)}」${what}`, { file, line: at });
      if (!entry.name || !entry.model) throw fail("PROJECT_INVALID", "需要 name 和 model");
      // dbt validates the entry's keys: a misspelt one (`givens:`) must not be ignored.
      const unknown = Object.keys(entry).filter((k) => !ENTRY_KEYS.includes(k));
      if (unknown.length) throw fail("PROJECT_INVALID", `有不认识的键「${unknown.join("、")}」：可用 ${ENTRY_KEYS.join("、")}`, lineOf(`${unknown[0]}:`, (line ?? 1) - 1));
      if (entry.versions !== undefined) throw fail("PROJECT_UNSUPPORTED", "的 versions 尚不支持");
      const modelId = `model.${ctx.projectName}.${entry.model}`;
      const model = ctx.nodes.get(modelId);
      if (!model) throw fail("PROJECT_UNKNOWN_NODE", `测试的模型「${String(entry.model)}」不存在`);
      if (model.config.materialized === "ephemeral") throw fail("PROJECT_UNSUPPORTED", "测试的是 ephemeral 模型：对 ephemeral 模型的单元测试尚不支持");
      if (entry.expect === undefined) throw fail("PROJECT_INVALID", "缺少 expect");
      const readFixture = (spec: Record<string, unknown>, where: string): Fixture => parseFixture(spec, where, fixtureFiles, searched, (w) => fail("PROJECT_INVALID", w));
      const given = ((entry.given as Array<Record<string, unknown>> | undefined) ?? []).map((g, i): GivenInput => {
        const m = String(g.input ?? "").match(INPUT);
        if (!m) throw fail("PROJECT_INVALID", `的第 ${i + 1} 个 given 的 input「${String(g.input)}」应为 ref('模型')、source('源', '表') 或 this`, lineOf("input:", (line ?? 1) - 1));
        const kind = m[1] ? "ref" : m[6] ? "source" : "this";
        const args = kind === "ref" ? (m[5] ? [m[3]!, m[5]] : [m[3]!]) : kind === "source" ? [m[8]!, m[10]!] : [];
        return { input: String(g.input).trim(), kind, args, fixture: readFixture(g, `given ${String(g.input)}`) };
      });
      const overrides = (entry.overrides ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(overrides)) if (!["vars", "env_vars", "macros"].includes(k)) throw fail("PROJECT_INVALID", `的 overrides 中「${k}」不认识：可用 vars、env_vars、macros`);
      const macros = (overrides.macros ?? {}) as Record<string, unknown>;
      for (const k of Object.keys(macros)) {
        if (k !== "is_incremental") throw fail("PROJECT_UNSUPPORTED", `的 overrides.macros.${k} 尚不支持——只支持覆盖 is_incremental`, lineOf(`${k}:`, (line ?? 1) - 1));
      }
      const spec: UnitTestSpec = {
        model: String(entry.model), given, expect: readFixture(entry.expect as Record<string, unknown>, "expect"),
        vars: (overrides.vars ?? {}) as Record<string, unknown>,
        envVars: Object.fromEntries(Object.entries((overrides.env_vars ?? {}) as Record<string, unknown>).map(([k, v]) => [k, String(v)])),
        isIncremental: macros.is_incremental === true, file, line,
      };
      const id = `unit_test.${ctx.projectName}.${entry.model}.${entry.name}`;
      if (ctx.nodes.has(id)) throw fail("PROJECT_INVALID", `与模型「${String(entry.model)}」的另一个单元测试重名`);
      const config = defaultConfig("unit");
      if (entry.config && typeof entry.config === "object") mergeConfig(config, entry.config as Record<string, unknown>);
      ctx.nodes.set(id, {
        unique_id: id, resource_type: "unit_test", name: String(entry.name), package_name: ctx.projectName, original_file_path: file, path: file,
        fqn: [...model.fqn, String(entry.name)], config, raw_code: "", description: String(entry.description ?? ""), columns: {},
        depends_on: { nodes: [modelId], macros: [] }, refs: [], sources: [], schema: model.schema, identifier: String(entry.name),
        attached_node: modelId, yaml_line: line, unit_test: spec,
      });
    }
  }
}

const ENTRY_KEYS = ["name", "model", "description", "given", "expect", "overrides", "config", "versions"];

function parseFixture(spec: Record<string, unknown>, where: string, fixtureFiles: readonly string[], searched: string, fail: (what: string) => Error): Fixture {
  if (!spec || typeof spec !== "object") throw fail(`的 ${where} 应为映射（rows / format / fixture）`);
  const unknown = Object.keys(spec).filter((k) => !["input", "rows", "format", "fixture"].includes(k));
  if (unknown.length) throw fail(`的 ${where} 有不认识的键「${unknown.join("、")}」：可用 rows、format、fixture`);
  const format = String(spec.format ?? "dict") as FixtureFormat;
  if (!["dict", "csv", "sql"].includes(format)) throw fail(`的 ${where} 的 format「${format}」不认识：可用 dict、csv、sql`);
  let rows = spec.rows;
  if (spec.fixture !== undefined) {
    if (format === "dict") throw fail(`的 ${where}：fixture 文件只能用于 format: csv 或 sql`);
    if (rows !== undefined) throw fail(`的 ${where} 同时给了 rows 和 fixture`);
    const hit = fixtureFiles.find((f) => path.basename(f) === `${String(spec.fixture)}.${format}`);
    if (!hit) throw fail(`的 ${where}：在 ${searched} 下找不到 ${String(spec.fixture)}.${format}`);
    rows = readFileSync(hit, "utf8");
  }
  if (format === "sql") {
    if (typeof rows !== "string" || !rows.trim()) throw fail(`的 ${where}：format: sql 需要 rows 写成 SQL 查询`);
    return { format, sql: rows };
  }
  if (format === "csv") {
    if (rows === undefined || rows === null) return { format, rows: [] };
    if (typeof rows !== "string") throw fail(`的 ${where}：format: csv 的 rows 应为 CSV 文本`);
    const parsed = Papa.parse<Record<string, string>>(rows.replace(/^\s+/, ""), { header: true, skipEmptyLines: true, transformHeader: (h) => h.trim() });
    const real = parsed.errors.filter((e) => e.code !== "UndetectableDelimiter");
    if (real.length) throw fail(`的 ${where}：CSV 第 ${(real[0]!.row ?? 0) + 2} 行无法解析：${real[0]!.message}`);
    // Empty cells are NULL, as dbt's CSV fixtures read them.
    return { format, rows: parsed.data.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k.toLowerCase(), v === "" ? null : v]))) };
  }
  if (rows === undefined || rows === null) return { format, rows: [] };
  if (!Array.isArray(rows)) throw fail(`的 ${where}：rows 应为列表（每行一个映射）`);
  return {
    format,
    rows: rows.map((r, i) => {
      if (!r || typeof r !== "object" || Array.isArray(r)) throw fail(`的 ${where}：第 ${i + 1} 行应为映射，如 {id: 1}`);
      return Object.fromEntries(Object.entries(r as Record<string, unknown>).map(([k, v]) => [k.toLowerCase(), v]));
    }),
  };
}
