/**
 * Reading a dbt project: `dbt_project.yml`, `profiles.yml`, models, seeds, macros,
 * singular tests, YAML properties (descriptions, columns, tests, sources) and
 * `{% docs %}` blocks. The result is the unrendered node graph; `parse.ts` renders
 * models to find their refs and config.
 */
import { walk } from "./walk.js";
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import { ZonestatError } from "../errors.js";
import { defaultConfig, folderConfig } from "./project-config.js";
import { genericTestNodes } from "./yaml-tests.js";
import { versionedModels } from "./versions.js";
import type { Macro, Node, Project } from "./types.js";
import { renderYamlJinja } from "./yaml-jinja.js";
import { UNSUPPORTED_YAML_KEYS } from "./unsupported.js";
import { homedir } from "node:os";
import { loadSnapshots } from "./snapshot-load.js";
import { loadUnitTests } from "./unit-test-load.js";
import { addSourceNodes, addTest, applyEntryProperties, renderDoc, yamlLineIndex } from "./yaml-properties.js";

export interface LoadProjectOptions {
  readonly projectDir: string;
  readonly vars?: Record<string, unknown>;
  readonly warehouse?: string;
  /** Overrides the project's target-path (artifacts, compiled SQL). */
  readonly targetPath?: string;
  /** Seed folders to read instead of the project's seed-paths (absolute or relative to the project). */
  readonly seedDirs?: readonly string[];
  /** Further model folders read after model-paths; a model here replaces a project model of the same name. */
  readonly overlayModelDirs?: readonly string[];
  /** `--target`: the profile output to use instead of the profile's `target:`. */
  readonly target?: string;
  /** `--profiles-dir`: where profiles.yml is (before DBT_PROFILES_DIR, the project, ~/.dbt). */
  readonly profilesDir?: string;
  /**
   * false: no profiles.yml is read (schema main, the warehouse given) — a zonestat project builds into its
   * configured warehouse, whose main schema publish reads; a DBT_PROFILES_DIR profile with another schema built the
   * marts where publish never looked (engineer-qa finding 1). Default true (any dbt project).
   */
  readonly profiles?: boolean;
}

export { walk } from "./walk.js";

export function readYaml(file: string): unknown {
  try {
    return YAML.parse(readFileSync(file, "utf8"));
  } catch (e) {
    const pos = (e as { linePos?: Array<{ line: number }> }).linePos?.[0];
    throw new ZonestatError("PROJECT_YAML_INVALID", `YAML 文件 ${file} 无法解析：${(e as Error).message}`, { file, line: pos?.line });
  }
}

const asList = (v: unknown, fallback: string[]): string[] => (Array.isArray(v) ? v.map(String) : fallback);

export function loadProject(opts: LoadProjectOptions): Project {
  const dir = path.resolve(opts.projectDir);
  const projectFile = path.join(dir, "dbt_project.yml");
  if (!existsSync(projectFile)) throw new ZonestatError("PROJECT_NOT_FOUND", `找不到 dbt 项目文件 ${projectFile}`, { file: projectFile });
  const cfg = renderYamlJinja(readYaml(projectFile) ?? {}, "dbt_project.yml") as Record<string, unknown>;
  const name = String(cfg.name ?? "");
  if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ZonestatError("PROJECT_INVALID", `dbt_project.yml 的 name「${name}」无效`, { file: projectFile });
  const modelPaths = asList(cfg["model-paths"] ?? cfg["source-paths"], ["models"]);
  const seedPaths = opts.seedDirs ? [...opts.seedDirs] : asList(cfg["seed-paths"] ?? cfg["data-paths"], ["seeds"]);
  const testPaths = asList(cfg["test-paths"], ["tests"]);
  const macroPaths = asList(cfg["macro-paths"], ["macros"]);
  const targetPath = String(cfg["target-path"] ?? "target");
  const profile = opts.profiles === false ? {} : readProfile(dir, String(cfg.profile ?? name), opts);
  const targetSchema = profile.schema ?? "main";
  // Config written directly under models:/seeds: (without the project's name) applies to the project too.
  const configTree = (kind: "models" | "seeds") => {
    const tree = (cfg[kind] ?? {}) as Record<string, unknown>;
    const top = Object.fromEntries(Object.entries(tree).filter(([k]) => k !== name));
    return { ...top, ...((tree[name] as Record<string, unknown> | undefined) ?? {}) };
  };
  const vars = { ...flattenVars(cfg.vars, name), ...(opts.vars ?? {}) };

  const nodes = new Map<string, Node>();
  // A file outside the project (an init project's own models, which overlay the built-in ones) keeps its absolute path:
  // every message then names it as the user finds it, not as ../../tmp/…/models/x.sql.
  const rel = (f: string) => { const r = path.relative(dir, f); return r.startsWith("..") ? f : r.split(path.sep).join("/"); };

  // Macros (and {% test %} generic tests) from macro-paths, plus test-paths/generic.
  const macros: Macro[] = [];
  for (const f of [...macroPaths.flatMap((p) => walk(path.join(dir, p), /\.sql$/)), ...testPaths.flatMap((p) => walk(path.join(dir, p, "generic"), /\.sql$/))]) {
    const source = readFileSync(f, "utf8");
    for (const m of source.matchAll(/{%-?\s*(macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) macros.push({ name: m[2]!, file: rel(f), source, kind: m[1] as "macro" | "test" });
  }

  const modelRoots = [...modelPaths.map((p) => path.resolve(dir, p)), ...(opts.overlayModelDirs ?? []).map((p) => path.resolve(dir, p))];
  for (const root of modelRoots) {
    for (const f of walk(root, /\.sql$/)) {
      const modelName = path.basename(f, ".sql");
      const folders = path.relative(root, path.dirname(f)).split(path.sep).filter(Boolean);
      const fqn = [name, ...folders, modelName];
      const config = folderConfig(configTree("models"), fqn.slice(1), defaultConfig("view"));
      nodes.set(`model.${name}.${modelName}`, {
        unique_id: `model.${name}.${modelName}`, resource_type: "model", name: modelName, package_name: name,
        original_file_path: rel(f), path: [...folders, modelName + ".sql"].join("/"), fqn, config,
        raw_code: readFileSync(f, "utf8"), description: "", columns: {}, depends_on: { nodes: [], macros: [] },
        refs: [], sources: [], schema: targetSchema, identifier: modelName,
      });
    }
  }
  for (const sp of seedPaths) {
    const root = path.resolve(dir, sp);
    for (const f of walk(root, /\.csv$/)) {
      const seedName = path.basename(f, ".csv");
      const folders = path.relative(root, path.dirname(f)).split(path.sep).filter(Boolean);
      const fqn = [name, ...folders, seedName];
      const config = folderConfig(configTree("seeds"), fqn.slice(1), defaultConfig("seed"));
      nodes.set(`seed.${name}.${seedName}`, {
        unique_id: `seed.${name}.${seedName}`, resource_type: "seed", name: seedName, package_name: name,
        original_file_path: rel(f), path: [...folders, seedName + ".csv"].join("/"), fqn, config, raw_code: "",
        description: "", columns: {}, depends_on: { nodes: [], macros: [] }, refs: [], sources: [], schema: targetSchema, identifier: seedName,
      });
    }
  }
  for (const tp of testPaths) {
    const root = path.join(dir, tp);
    for (const f of walk(root, /\.sql$/)) {
      if (rel(f).includes("/generic/")) continue;
      const testName = path.basename(f, ".sql");
      const config = defaultConfig("test");
      nodes.set(`test.${name}.${testName}`, {
        unique_id: `test.${name}.${testName}`, resource_type: "test", name: testName, package_name: name,
        original_file_path: rel(f), path: rel(f), fqn: [name, testName], config, raw_code: readFileSync(f, "utf8"),
        description: "", columns: {}, depends_on: { nodes: [], macros: [] }, refs: [], sources: [], schema: targetSchema, identifier: testName,
      });
    }
  }

  // {% docs %} blocks from .md files in model-paths.
  const docs = new Map<string, string>();
  for (const f of modelRoots.flatMap((p) => walk(p, /\.md$/))) {
    for (const m of readFileSync(f, "utf8").matchAll(/{%-?\s*docs\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%}([\s\S]*?){%-?\s*enddocs\s*-?%}/g)) docs.set(m[1]!, m[2]!.trim());
  }

  // YAML properties: descriptions, columns, config, tests, sources.
  for (const f of [...modelRoots, ...seedPaths.map((p) => path.resolve(dir, p))].flatMap((p) => walk(p, /\.ya?ml$/))) {
    const doc = (readYaml(f) ?? {}) as Record<string, unknown>;
    const lineOf = yamlLineIndex(readFileSync(f, "utf8"));
    for (const key of Object.keys(doc)) {
      if (key in UNSUPPORTED_YAML_KEYS) throw new ZonestatError("PROJECT_UNSUPPORTED", `${rel(f)}:${lineOf(key + ":") ?? 1}：${UNSUPPORTED_YAML_KEYS[key]}`, { file: rel(f), line: lineOf(key + ":") });
    }
    for (const kind of ["models", "seeds"] as const) {
      for (const entry of (doc[kind] as Array<Record<string, unknown>> | undefined) ?? []) {
        const id = `${kind === "models" ? "model" : "seed"}.${name}.${entry.name}`;
        const node = nodes.get(id);
        if (entry.versions && kind === "models") {
          for (const v of versionedModels(name, nodes, entry, rel(f), lineOf(`name: ${entry.name}`))) {
            v.node.description = renderDoc(String(entry.description ?? ""), docs);
            for (const t of genericTestNodes(name, v.node, v.entry, rel(f), lineOf, targetSchema)) addTest(nodes, t);
          }
          continue;
        }
        if (!node) throw new ZonestatError("PROJECT_UNKNOWN_NODE", `${rel(f)} 描述了不存在的${kind === "models" ? "模型" : "种子"}「${entry.name}」`, { file: rel(f), line: lineOf(`name: ${entry.name}`) });
        applyEntryProperties(node, entry, docs);
        for (const t of genericTestNodes(name, node, entry, rel(f), lineOf, targetSchema)) addTest(nodes, t);
      }
    }
    addSourceNodes(doc, { packageName: name, file: rel(f), lineOf, docs, targetSchema, nodes });
  }
  loadSnapshots({ dir, projectName: name, cfg, targetSchema, nodes, yamlRoots: modelRoots, readYaml, addTest: (t) => addTest(nodes, t) });
  loadUnitTests({ dir, projectName: name, nodes, yamlRoots: modelRoots, testPaths, readYaml, overlayModelDirs: opts.overlayModelDirs });
  for (const n of nodes.values()) {
    if (n.resource_type === "model" || n.resource_type === "seed") {
      if (n.config.schema) n.schema = `${targetSchema}_${n.config.schema}`;
      if (n.config.alias) n.identifier = n.config.alias;
    }
  }
  const hookList = (v: unknown) => (v === undefined || v === null ? [] : Array.isArray(v) ? v.map(String) : [String(v)]);
  return {
    name, dir, targetSchema, warehousePath: opts.warehouse ?? profile.path, vars, nodes, macros, docs,
    target: { name: profile.target ?? opts.target ?? "dev", profile_name: String(cfg.profile ?? name), schema: targetSchema, type: "duckdb", database: profile.database ?? "memory", threads: profile.threads ?? 1, path: profile.path },
    hooks: { start: hookList(cfg["on-run-start"]), end: hookList(cfg["on-run-end"]) },
    modelPaths, seedPaths, testPaths, macroPaths, targetPath: opts.targetPath ?? path.join(dir, targetPath),
  };
}

/** dbt stops on two tests with one name (same test, same arguments): one would otherwise vanish. */

interface ProfileTarget {
  readonly path?: string;
  readonly schema?: string;
  readonly target?: string;
  readonly database?: string;
  readonly threads?: number;
}

/**
 * The profile's output, found as dbt finds profiles.yml: `--profiles-dir`, then
 * DBT_PROFILES_DIR, then the project folder, then ~/.dbt. `--target` picks the
 * output; an unknown target is an error naming the ones that exist.
 */
function readProfile(dir: string, profileName: string, opts: Pick<LoadProjectOptions, "target" | "profilesDir">): ProfileTarget {
  const dirs = [opts.profilesDir, process.env.DBT_PROFILES_DIR, dir, path.join(homedir(), ".dbt")].filter((d): d is string => !!d);
  for (const d of dirs) {
    const f = path.join(path.resolve(d), "profiles.yml");
    if (!existsSync(f)) continue;
    const doc = (renderYamlJinja(readYaml(f) ?? {}, f) ?? {}) as Record<string, Record<string, unknown>>;
    const prof = doc[profileName];
    if (!prof) continue;
    const outputs = (prof.outputs ?? {}) as Record<string, Record<string, unknown>>;
    const targetName = opts.target ?? String(prof.target ?? "dev");
    const target = outputs[targetName] ?? (opts.target ? undefined : Object.values(outputs)[0]);
    if (!target) {
      if (opts.target) throw new ZonestatError("USAGE_TARGET", `profiles.yml（${f}）的 ${profileName} 中没有目标「${opts.target}」：可用 ${Object.keys(outputs).join("、")}`, { file: f });
      continue;
    }
    const p = target.path ? String(target.path) : undefined;
    const abs = p && p !== ":memory:" ? path.resolve(dir, p) : p;
    return {
      path: abs, schema: target.schema ? String(target.schema) : undefined, target: targetName,
      database: abs && abs !== ":memory:" ? path.basename(abs).replace(/\.[^.]*$/, "") : "memory",
      threads: typeof target.threads === "number" ? target.threads : undefined,
    };
  }
  if (opts.target) throw new ZonestatError("USAGE_TARGET", `找不到含有 ${profileName} 的 profiles.yml，无法选择目标「${opts.target}」`);
  return {};
}

function flattenVars(vars: unknown, project: string): Record<string, unknown> {
  if (!vars || typeof vars !== "object") return {};
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(vars as Record<string, unknown>)) {
    if (k === project && v && typeof v === "object" && !Array.isArray(v)) Object.assign(out, v);
    else out[k] = v;
  }
  return out;
}


