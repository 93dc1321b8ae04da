/**
 * Model versions (docs.getdbt.com/docs/collaborate/govern/model-versions and
 * /reference/resource-properties/versions): a model with `versions:` in YAML becomes
 * one node per version, `model.<package>.<name>.v<v>`, built from the file
 * `<name>_v<v>.sql` or the version's `defined_in`, into the relation
 * `<name>_v<v>` (dbt's default generate_alias_name for a versioned node) unless
 * aliased. `ref('name')` is the `latest_version` (default: the highest version),
 * `ref('name', v=1)` a given one. A version's `columns:` starts from the model's
 * (`- include: all` with `exclude:`), and its `config:` adds to the model's; tests
 * declared on the model apply to every version (named `<test>_<name>_v<v>_…`).
 */
import { ZonestatError } from "../errors.js";
import { mergeConfig } from "./project-config.js";
import type { Node, Project } from "./types.js";

type Entry = Record<string, unknown>;

const vKey = (v: unknown) => String(v);

/** Replaces the version files' nodes by versioned nodes; returns them with the YAML entry each should get tests from. */
export function versionedModels(pkg: string, nodes: Map<string, Node>, entry: Entry, file: string, line: number | undefined): Array<{ node: Node; entry: Entry }> {
  const name = String(entry.name);
  const versions = entry.versions as Entry[];
  const where = { file, line };
  if (!Array.isArray(versions) || !versions.length || versions.some((v) => v === null || typeof v !== "object" || v.v === undefined)) {
    throw new ZonestatError("PROJECT_YAML_INVALID", `${file}:${line ?? 1}：模型 ${name} 的 versions 应是列表，每项有 v`, where);
  }
  const numeric = versions.every((v) => typeof v.v === "number");
  const highest = [...versions].map((v) => v.v).sort((a, b) => (numeric ? Number(a) - Number(b) : String(a).localeCompare(String(b)))).pop();
  const latest = entry.latest_version ?? highest;
  if (!versions.some((v) => vKey(v.v) === vKey(latest))) throw new ZonestatError("PROJECT_YAML_INVALID", `${file}:${line ?? 1}：模型 ${name} 的 latest_version ${String(latest)} 不在 versions 中`, where);
  const out: Array<{ node: Node; entry: Entry }> = [];
  const used = new Set<string>();
  for (const ver of versions) {
    const definedIn = String(ver.defined_in ?? `${name}_v${String(ver.v).replace(/\./g, "_")}`);
    const fileNode = nodes.get(`model.${pkg}.${definedIn}`);
    if (!fileNode) throw new ZonestatError("PROJECT_UNKNOWN_NODE", `${file}:${line ?? 1}：模型 ${name} 的版本 ${String(ver.v)} 需要文件 ${definedIn}.sql（或用 defined_in 指明），没有找到`, where);
    used.add(fileNode.unique_id);
    const id = `model.${pkg}.${name}.v${String(ver.v)}`;
    const node: Node = {
      ...fileNode, unique_id: id, name, fqn: [...fileNode.fqn.slice(0, -1), name, `v${String(ver.v)}`], version: ver.v as number | string,
      latest_version: latest as number | string, config: mergeConfig({ ...fileNode.config, tags: [...fileNode.config.tags] }, { ...((entry.config as Entry) ?? {}), ...((ver.config as Entry) ?? {}) }),
      columns: Object.fromEntries(versionColumns(entry, ver).map((c) => [String(c.name), { name: String(c.name), description: String(c.description ?? ""), data_type: c.data_type as string | undefined, constraints: c.constraints as unknown[] | undefined }])), identifier: name,
    };
    nodes.set(id, node);
    out.push({ node, entry: { ...entry, name, columns: versionColumns(entry, ver), data_tests: [...(((entry.data_tests ?? entry.tests) as unknown[]) ?? []), ...(((ver.data_tests ?? ver.tests) as unknown[]) ?? [])], tests: undefined } });
  }
  for (const id of used) nodes.delete(id);
  // A plain <name>.sql beside the versions would be a second model of the same name.
  if (nodes.has(`model.${pkg}.${name}`)) throw new ZonestatError("PROJECT_YAML_INVALID", `${file}:${line ?? 1}：模型 ${name} 有 versions，但还有一个不属于任何版本的 ${name}.sql——请用 defined_in: ${name} 把它指定给某个版本`, where);
  return out;
}

function versionColumns(entry: Entry, ver: Entry): Entry[] {
  const base = ((entry.columns as Entry[] | undefined) ?? []).filter((c) => c.name !== undefined);
  const own = (ver.columns as Entry[] | undefined) ?? undefined;
  let cols = base;
  if (own) {
    const inc = own.find((c) => c.include !== undefined);
    const exclude = new Set(((inc?.exclude as unknown[]) ?? []).map(String));
    cols = inc && String(inc.include) === "all" ? base.filter((c) => !exclude.has(String(c.name))) : inc ? base.filter((c) => ((inc.include as unknown[]) ?? []).map(String).includes(String(c.name))) : [];
    for (const c of own.filter((x) => x.name !== undefined)) cols = [...cols.filter((x) => x.name !== c.name), c];
  }
  return cols;
}

/** The versioned node `ref(name, v=…)` means in package `pkg` (latest when `version` is unset), if `name` is versioned there. */
export function findVersion(project: Pick<Project, "nodes">, pkg: string, name: string, version: unknown): Node | undefined {
  const prefix = `model.${pkg}.${name}.v`;
  let any: Node | undefined;
  for (const [id, n] of project.nodes) {
    if (!id.startsWith(prefix) || n.version === undefined) continue;
    any = n;
    break;
  }
  if (!any) return undefined;
  const want = version === undefined || version === null ? any.latest_version : version;
  const hit = project.nodes.get(`${prefix}${vKey(want)}`);
  if (!hit) throw new Error(`模型「${name}」没有版本 ${String(want)}`);
  return hit;
}
