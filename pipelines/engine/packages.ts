/**
 * dbt packages, read from what `dbt deps` leaves on disk — never downloaded.
 *
 * Where packages come from (dbt-core config/runtime.py `load_dependencies`):
 * every folder of `packages-install-path` (default `dbt_packages/`) holding a
 * `dbt_project.yml`, plus each `local:` entry of packages.yml / dependencies.yml
 * (dbt deps would link it there). A `package:`/`git:`/`tarball:`/`private:` entry is
 * only usable once installed: fewer installed packages than non-local entries is
 * dbt's UninstalledPackagesFoundError, here PROJECT_PACKAGES_MISSING saying to run
 * `dbt deps`. Two packages with one name are dbt's NonUniquePackageNameError.
 *
 * Each package contributes macros and generic tests (under its namespace, see
 * macro-namespace.ts), models and seeds in their own fqn `[package, …folders, name]`
 * (configured by the package's own dbt_project.yml, then by the root project's
 * top-level `models:` keys and its `models: <package>:` tree, which win), YAML
 * properties, generic and singular tests, sources, and its `vars:` (seen by its own
 * nodes only, below the root project's).
 */
import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import { defaultConfig, folderConfig, mergeConfig } from "./project-config.js";
import { readYaml, walk } from "./project.js";
import { addSourceNodes, addTest, applyEntryProperties, yamlLineIndex } from "./yaml-properties.js";
import type { Macro, Node, Project } from "./types.js";
import { genericTestNodes } from "./yaml-tests.js";
import { renderYamlJinja } from "./yaml-jinja.js";

export interface InstalledPackage {
  readonly name: string;
  /** Absolute folder of the package project. */
  readonly dir: string;
  readonly vars: Record<string, unknown>;
}

interface RootInfo {
  readonly name: string;
  readonly dir: string;
  readonly cfg: Record<string, unknown>;
  readonly targetSchema: string;
}

/** The package entries of packages.yml or dependencies.yml (dbt refuses `packages:` in both). */
function specifiedPackages(dir: string): { file: string; entries: Array<Record<string, unknown>> } | undefined {
  const found = ["packages.yml", "dependencies.yml"].filter((f) => existsSync(path.join(dir, f)));
  const withPackages = found.map((f) => ({ file: f, doc: (readYaml(path.join(dir, f)) ?? {}) as Record<string, unknown> })).filter((x) => Array.isArray(x.doc.packages));
  if (withPackages.length > 1) throw new ZonestatError("PROJECT_PACKAGES_INVALID", "packages.yml 和 dependencies.yml 都列出了 packages：dbt 只接受其中一个", { file: "dependencies.yml" });
  const hit = withPackages[0];
  return hit ? { file: hit.file, entries: hit.doc.packages as Array<Record<string, unknown>> } : undefined;
}

/** Finds the installed packages; throws PROJECT_PACKAGES_MISSING when entries are not installed. */
export function findPackages(root: RootInfo): InstalledPackage[] {
  const installPath = path.resolve(root.dir, String(root.cfg["packages-install-path"] ?? "dbt_packages"));
  const spec = specifiedPackages(root.dir);
  const dirs: string[] = [];
  if (existsSync(installPath)) {
    for (const name of readdirSync(installPath).sort()) {
      const full = path.join(installPath, name);
      if (!name.startsWith("__") && statSync(full).isDirectory()) dirs.push(full);
    }
  }
  let remote = 0;
  for (const [i, e] of (spec?.entries ?? []).entries()) {
    if (e && typeof e === "object" && typeof e.local === "string") {
      const full = path.resolve(root.dir, e.local);
      if (!existsSync(path.join(full, "dbt_project.yml"))) throw new ZonestatError("PROJECT_PACKAGES_MISSING", `${spec!.file} 第 ${i + 1} 个包 local: ${e.local} 处没有 dbt_project.yml`, { file: spec!.file, value: String(e.local) });
      // dbt deps links a local package into dbt_packages/: the same folder is one package.
      if (!dirs.some((d) => sameDir(d, full))) dirs.push(full);
    } else if (e && typeof e === "object" && ["package", "git", "tarball", "private"].some((k) => k in e)) {
      remote++;
    } else {
      throw new ZonestatError("PROJECT_PACKAGES_INVALID", `${spec!.file} 第 ${i + 1} 个包无法识别：应有 local、package、git、tarball 或 private`, { file: spec!.file, value: JSON.stringify(e) });
    }
  }
  const installedRemote = dirs.filter((d) => d.startsWith(installPath + path.sep) && !(spec?.entries ?? []).some((e) => typeof e?.local === "string" && sameDir(path.resolve(root.dir, e.local), d))).length;
  if (remote > installedRemote) {
    throw new ZonestatError(
      "PROJECT_PACKAGES_MISSING",
      `${spec!.file} 列出了 ${remote} 个需下载的包，${path.relative(root.dir, installPath) || installPath}/ 中只装了 ${installedRemote} 个：请先运行 dbt deps（zonestat 不下载包）`,
      { file: spec!.file },
    );
  }
  const out: InstalledPackage[] = [];
  for (const d of dirs) {
    const file = path.join(d, "dbt_project.yml");
    if (!existsSync(file)) continue;
    const cfg = (renderYamlJinja(readYaml(file) ?? {}, file) ?? {}) as Record<string, unknown>;
    const name = String(cfg.name ?? "");
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) throw new ZonestatError("PROJECT_INVALID", `包 ${d} 的 dbt_project.yml 的 name「${name}」无效`, { file });
    if (name === root.name || out.some((p) => p.name === name)) throw new ZonestatError("PROJECT_PACKAGES_INVALID", `有两个名为「${name}」的项目/包（dbt：NonUniquePackageNameError）`, { file });
    out.push({ name, dir: d, vars: packageVars(cfg.vars, name, root) });
  }
  return out;
}

const sameDir = (a: string, b: string) => path.resolve(a) === path.resolve(b) || (existsSync(a) && existsSync(b) && statSync(a).ino === statSync(b).ino && statSync(a).dev === statSync(b).dev);

/** A package's vars: its own (global and scoped), below the root project's global vars and `vars: {<package>: …}`. */
function packageVars(own: unknown, name: string, root: RootInfo): Record<string, unknown> {
  const ownVars = (own && typeof own === "object" ? own : {}) as Record<string, unknown>;
  const scoped = (v: Record<string, unknown>, k: string) => (v[k] && typeof v[k] === "object" && !Array.isArray(v[k]) ? (v[k] as Record<string, unknown>) : {});
  const rootVars = (root.cfg.vars ?? {}) as Record<string, unknown>;
  const ownGlobal = Object.fromEntries(Object.entries(ownVars).filter(([k]) => k !== name));
  const rootGlobal = Object.fromEntries(Object.entries(rootVars).filter(([k]) => k !== name && k !== root.name));
  return { ...ownGlobal, ...scoped(ownVars, name), ...rootGlobal, ...scoped(rootVars, name) };
}

/** Adds the package's macros and nodes to the project's lists. Paths are relative to the root project. */
export function loadPackage(root: RootInfo, pkg: InstalledPackage, nodes: Map<string, Node>, macros: Macro[]): void {
  const cfg = (renderYamlJinja(readYaml(path.join(pkg.dir, "dbt_project.yml")) ?? {}, path.join(pkg.dir, "dbt_project.yml")) ?? {}) as Record<string, unknown>;
  const list = (v: unknown, d: string[]) => (Array.isArray(v) ? v.map(String) : d);
  const modelPaths = list(cfg["model-paths"] ?? cfg["source-paths"], ["models"]);
  const seedPaths = list(cfg["seed-paths"] ?? cfg["data-paths"], ["seeds"]);
  const testPaths = list(cfg["test-paths"], ["tests"]);
  const macroPaths = list(cfg["macro-paths"], ["macros"]);
  const rel = (f: string) => path.relative(root.dir, f).split(path.sep).join("/");
  const name = pkg.name;
  for (const k of ["on-run-start", "on-run-end"]) {
    // dbt runs installed packages' project hooks too, in an order this engine does not reproduce.
    const v = cfg[k];
    if (v !== undefined && v !== null && !(Array.isArray(v) && !v.length)) throw new ZonestatError("PROJECT_UNSUPPORTED", `${rel(path.join(pkg.dir, "dbt_project.yml"))}：不支持包 ${name} 的 ${k}——dbt 会运行包的项目钩子，这里尚未实现`, { file: rel(path.join(pkg.dir, "dbt_project.yml")) });
  }

  for (const f of [...macroPaths.flatMap((p) => walk(path.join(pkg.dir, p), /\.sql$/)), ...testPaths.flatMap((p) => walk(path.join(pkg.dir, p, "generic"), /\.sql$/))]) {
    const source = readFileSync(f, "utf8");
    for (const m of source.matchAll(/{%-?\s*(macro|test)\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g)) macros.push({ name: m[2]!, file: rel(f), source, kind: m[1] as "macro" | "test", package: name });
  }

  // Config: the package's own tree, then the root project's top-level keys and its `<package>:` tree.
  const rootTree = (kind: "models" | "seeds") => (root.cfg[kind] ?? {}) as Record<string, unknown>;
  const ownTree = (kind: "models" | "seeds") => {
    const t = (cfg[kind] ?? {}) as Record<string, unknown>;
    return { ...Object.fromEntries(Object.entries(t).filter(([k]) => k !== name)), ...((t[name] as Record<string, unknown> | undefined) ?? {}) };
  };
  const configFor = (kind: "models" | "seeds", fqn: string[], base: ReturnType<typeof defaultConfig>) => {
    folderConfig(ownTree(kind), fqn.slice(1), base);
    const top = Object.fromEntries(Object.entries(rootTree(kind)).filter(([k]) => k.startsWith("+")));
    mergeConfig(base, top);
    return folderConfig((rootTree(kind)[name] as Record<string, unknown> | undefined) ?? {}, fqn.slice(1), base);
  };
  const add = (kind: "model" | "seed", rootDir: string, f: string, ext: string) => {
    const nodeName = path.basename(f, ext);
    const folders = path.relative(rootDir, path.dirname(f)).split(path.sep).filter(Boolean);
    const fqn = [name, ...folders, nodeName];
    const config = configFor(kind === "model" ? "models" : "seeds", fqn, defaultConfig(kind === "model" ? "view" : "seed"));
    const id = `${kind}.${name}.${nodeName}`;
    nodes.set(id, {
      unique_id: id, resource_type: kind, name: nodeName, package_name: name, original_file_path: rel(f), path: [...folders, nodeName + ext].join("/"), fqn, config,
      raw_code: kind === "model" ? readFileSync(f, "utf8") : "", description: "", columns: {}, depends_on: { nodes: [], macros: [] }, refs: [], sources: [],
      schema: root.targetSchema, identifier: nodeName,
    });
  };
  const modelRoots = modelPaths.map((p) => path.resolve(pkg.dir, p));
  for (const r of modelRoots) for (const f of walk(r, /\.sql$/)) add("model", r, f, ".sql");
  for (const sp of seedPaths) for (const f of walk(path.resolve(pkg.dir, sp), /\.csv$/)) add("seed", path.resolve(pkg.dir, sp), f, ".csv");
  for (const tp of testPaths) {
    for (const f of walk(path.join(pkg.dir, tp), /\.sql$/)) {
      if (f.split(path.sep).includes("generic")) continue;
      const testName = path.basename(f, ".sql");
      nodes.set(`test.${name}.${testName}`, {
        unique_id: `test.${name}.${testName}`, resource_type: "test", name: testName, package_name: name, original_file_path: rel(f), path: rel(f), fqn: [name, testName],
        config: defaultConfig("test"), raw_code: readFileSync(f, "utf8"), description: "", columns: {}, depends_on: { nodes: [], macros: [] }, refs: [], sources: [], schema: root.targetSchema, identifier: testName,
      });
    }
  }

  const docs = new Map<string, string>();
  for (const f of modelRoots.flatMap((p) => walk(p, /\.md$/))) {
    for (const m of readFileSync(f, "utf8").matchAll(/{%-?\s*docs\s+([A-Za-z_][A-Za-z0-9_]*)\s*-?%}([\s\S]*?){%-?\s*enddocs\s*-?%}/g)) docs.set(m[1]!, m[2]!.trim());
  }
  for (const f of [...modelRoots, ...seedPaths.map((p) => path.resolve(pkg.dir, p))].flatMap((p) => walk(p, /\.ya?ml$/))) {
    const doc = (readYaml(f) ?? {}) as Record<string, unknown>;
    const lineOf = yamlLineIndex(readFileSync(f, "utf8"));
    for (const key of ["unit_tests", "snapshots", "semantic_models", "metrics", "saved_queries"]) {
      if (key in doc) throw new ZonestatError("PROJECT_UNSUPPORTED", `${rel(f)}:${lineOf(key + ":") ?? 1}：包 ${name} 中的 ${key} 尚不支持`, { file: rel(f), line: lineOf(key + ":") });
    }
    for (const kind of ["models", "seeds"] as const) {
      for (const entry of (doc[kind] as Array<Record<string, unknown>> | undefined) ?? []) {
        const node = nodes.get(`${kind === "models" ? "model" : "seed"}.${name}.${entry.name}`);
        if (entry.versions) throw new ZonestatError("PROJECT_UNSUPPORTED", `${rel(f)}:${lineOf(`name: ${entry.name}`) ?? 1}：包中的模型版本（versions）尚不支持`, { file: rel(f), line: lineOf(`name: ${entry.name}`) });
        if (!node) throw new ZonestatError("PROJECT_UNKNOWN_NODE", `${rel(f)} 描述了不存在的${kind === "models" ? "模型" : "种子"}「${entry.name}」`, { file: rel(f), line: lineOf(`name: ${entry.name}`) });
        applyEntryProperties(node, entry, docs);
        for (const t of genericTestNodes(name, node, entry, rel(f), lineOf, root.targetSchema)) addTest(nodes, t);
      }
    }
    // The same source nodes as the root project's (columns included).
    addSourceNodes(doc, { packageName: name, file: rel(f), lineOf, docs, targetSchema: root.targetSchema, nodes });
  }
}

/**
 * The project with its installed packages loaded (nodes, macros, vars, dispatch
 * config). Runs after loadProject, before parsing.
 */
export function withPackages<P extends Project>(project: P, cliVars: Record<string, unknown> = {}): P {
  const file = path.join(project.dir, "dbt_project.yml");
  const cfg = (renderYamlJinja(readYaml(file) ?? {}, "dbt_project.yml") ?? {}) as Record<string, unknown>;
  const root: RootInfo = { name: project.name, dir: project.dir, cfg, targetSchema: project.targetSchema };
  const found = findPackages(root);
  const macros = [...project.macros];
  for (const pkg of found) loadPackage(root, pkg, project.nodes, macros);
  const packages = new Map(found.map((p) => [p.name, { dir: p.dir, vars: { ...p.vars, ...cliVars } }]));
  return { ...project, macros, packages, dispatch: dispatchConfig(cfg) };
}

/** `dispatch:` of dbt_project.yml: `[{macro_namespace: dbt_utils, search_order: [my_project, dbt_utils]}]`. */
export function dispatchConfig(cfg: Record<string, unknown>): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  const list = cfg.dispatch;
  if (list === undefined || list === null) return out;
  if (!Array.isArray(list)) throw new ZonestatError("PROJECT_INVALID", "dbt_project.yml 的 dispatch 应是列表（macro_namespace、search_order）", { file: "dbt_project.yml" });
  for (const e of list as Array<Record<string, unknown>>) {
    if (!e || typeof e.macro_namespace !== "string" || !Array.isArray(e.search_order)) throw new ZonestatError("PROJECT_INVALID", `dbt_project.yml 的 dispatch 项 ${JSON.stringify(e)} 应有 macro_namespace 和 search_order 列表`, { file: "dbt_project.yml" });
    out[e.macro_namespace] = e.search_order.map(String);
  }
  return out;
}
