/**
 * Partial parsing (dbt's term, `target/partial_parse.msgpack`): the parsed project —
 * every node with its refs, sources, config() and relation names — kept in the
 * target folder, keyed on everything parsing reads, so that a build whose project did
 * not change skips reading the YAML and rendering every node (0.5–0.7 s at zonestat's
 * size). Models are still compiled (rendered with `is_incremental()` and the
 * warehouse's state) when they run: only what parsing produced is reused.
 *
 * The key covers: the files the loader reads (dbt_project.yml, packages.yml,
 * dependencies.yml, every profiles.yml it may read, and under model, test, macro,
 * snapshot and package paths every .sql/.yml/.yaml/.md file and unit-test fixture;
 * seed .csv files by name, as only their names are parsed), the load options (vars,
 * target, overlays, …), DBT_PROFILES_DIR and the home folder, the engine's own code,
 * the versions of Node, minijinja-js and yaml — and, stored beside it, each
 * environment variable `env_var()` read while parsing, compared on every load. A
 * project whose text names `invocation_id` or `run_started_at` is never cached: they
 * change with every run and could reach a config(). A cache that is corrupt, of
 * another format or built from other inputs is ignored and rewritten, never trusted.
 */
import { createHash, randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { deserialize, serialize } from "node:v8";
import YAML from "yaml";
import { recordEnvReads } from "./env-reads.js";
import type { LoadProjectOptions } from "./project.js";
import type { Project } from "./types.js";
import { renderYamlJinja } from "./yaml-jinja.js";
import { unitTestFixtureDirs } from "./unit-test-load.js";

/** The cache file's name in the project's target folder. */
export const PARTIAL_PARSE_FILE = "partial_parse.bin";
const MAGIC = "zonestat-partial-parse 1";

/** What a load reads, hashed; `cacheable` false when the project cannot be cached (see the module comment). */
export interface ParseInputs {
  readonly key: string;
  readonly cacheable: boolean;
  /** The target folder the cache lives in (as loadProject resolves it). */
  readonly targetPath: string;
}

const VOLATILE = /\b(invocation_id|run_started_at)\b/;
const READ_EXT = /\.(sql|ya?ml|md|csv)$/;

/** The inputs of loading `opts`' project; never throws (an unreadable project is simply not cacheable). */
export function parseInputs(opts: LoadProjectOptions): ParseInputs {
  const dir = path.resolve(opts.projectDir);
  const fallbackTarget = opts.targetPath ?? path.join(dir, "target");
  try {
    const h = createHash("sha256");
    const add = (label: string, value: string | Buffer) => h.update(`${label}\0${value.length}\0`).update(value);
    add("runtime", JSON.stringify([MAGIC, process.versions.node, engineCodeHash(), packageVersion("minijinja-js"), packageVersion("yaml")]));
    add("options", JSON.stringify([dir, opts.vars ?? {}, opts.warehouse ?? null, opts.targetPath ?? null, opts.seedDirs ?? null, opts.overlayModelDirs ?? null, opts.target ?? null, opts.profilesDir ?? null]));
    add("profile lookup", JSON.stringify([process.env.DBT_PROFILES_DIR ?? null, homedir()]));
    let volatile = false;
    const addFile = (file: string, content: boolean) => {
      if (!existsSync(file)) return add("absent", file);
      const buf = content ? readFileSync(file) : Buffer.alloc(0);
      if (content && VOLATILE.test(buf.toString("utf8"))) volatile = true;
      add(content ? "file" : "name", file);
      add("content", buf);
      // The modification time too: openProject compares the key before and after parsing, and a file rewritten
      // during the parse — even back to its first content — then leaves no cache (engineer-qa finding 2).
      if (content) add("mtime", String(statSync(file).mtimeMs));
    };
    // dbt_project.yml is rendered to learn the paths; the variables it reads are part of the key.
    const { value: cfg, reads } = recordEnvReads(() => (renderYamlJinja(YAML.parse(readFileSync(path.join(dir, "dbt_project.yml"), "utf8")) ?? {}, "dbt_project.yml") ?? {}) as Record<string, unknown>);
    add("dbt_project env", JSON.stringify([...reads]));
    const list = (v: unknown, fallback: string[]) => (Array.isArray(v) ? v.map(String) : fallback);
    for (const f of ["dbt_project.yml", "packages.yml", "dependencies.yml"]) addFile(path.join(dir, f), true);
    for (const d of [opts.profilesDir, process.env.DBT_PROFILES_DIR, dir, path.join(homedir(), ".dbt")]) if (d) addFile(path.join(path.resolve(d), "profiles.yml"), true);
    const fixtureDirs = unitTestFixtureDirs(dir, list(cfg["test-paths"], ["tests"]), opts.overlayModelDirs);
    const roots = [
      ...list(cfg["model-paths"] ?? cfg["source-paths"], ["models"]),
      ...(opts.seedDirs ? [...opts.seedDirs] : list(cfg["seed-paths"] ?? cfg["data-paths"], ["seeds"])),
      ...list(cfg["test-paths"], ["tests"]),
      ...list(cfg["macro-paths"], ["macros"]),
      ...list(cfg["snapshot-paths"], ["snapshots"]),
      String(cfg["packages-install-path"] ?? "dbt_packages"),
      ...localPackages(dir),
      ...(opts.overlayModelDirs ?? []),
      ...fixtureDirs,
    ].map((p) => path.resolve(dir, p));
    const target = path.resolve(dir, opts.targetPath ?? String(cfg["target-path"] ?? "target"));
    const files = new Set<string>();
    for (const root of new Set(roots)) collect(root, target, files);
    for (const f of [...files].sort()) {
      // A seed's rows are read when it is loaded, not parsed; a unit test's fixture file is read when parsed.
      const fixture = fixtureDirs.some((t) => f.startsWith(t + path.sep));
      addFile(f, !f.endsWith(".csv") || fixture);
    }
    return { key: h.digest("hex"), cacheable: !volatile, targetPath: target };
  } catch {
    return { key: "", cacheable: false, targetPath: fallbackTarget };
  }
}

/** Files the loader may read under `root` (skipping the target folder and dot-folders). */
function collect(root: string, target: string, out: Set<string>): void {
  if (!existsSync(root) || root === target) return;
  if (!statSync(root).isDirectory()) {
    if (READ_EXT.test(root)) out.add(root);
    return;
  }
  for (const name of readdirSync(root)) {
    if (name.startsWith(".")) continue;
    const full = path.join(root, name);
    if (statSync(full).isDirectory()) collect(full, target, out);
    else if (READ_EXT.test(name)) out.add(full);
  }
}

/** `local:` package folders of packages.yml / dependencies.yml (packages.ts reads them the same way). */
function localPackages(dir: string): string[] {
  const out: string[] = [];
  for (const f of ["packages.yml", "dependencies.yml"]) {
    const file = path.join(dir, f);
    if (!existsSync(file)) continue;
    const doc = YAML.parse(readFileSync(file, "utf8")) as { packages?: Array<Record<string, unknown>> } | null;
    for (const e of doc?.packages ?? []) if (e && typeof e.local === "string") out.push(e.local);
  }
  return out;
}

let engineHash: string | undefined;
/** The engine's own code: a cache written by another build of it is foreign. */
function engineCodeHash(): string {
  if (engineHash) return engineHash;
  const here = path.dirname(fileURLToPath(import.meta.url));
  const h = createHash("sha256");
  for (const f of readdirSync(here).sort()) if (/\.(js|ts)$/.test(f)) h.update(f).update(readFileSync(path.join(here, f)));
  return (engineHash = h.digest("hex"));
}

function packageVersion(name: string): string {
  let d = path.dirname(createRequire(import.meta.url).resolve(name));
  while (!existsSync(path.join(d, "package.json")) && path.dirname(d) !== d) d = path.dirname(d);
  return String((JSON.parse(readFileSync(path.join(d, "package.json"), "utf8")) as { name?: string; version?: string }).version);
}

/** The stored form: the key line, the payload's sha256, then the V8-serialized project and its env reads. */
interface Stored {
  readonly env: Array<[string, string | null]>;
  readonly project: Project;
}

/**
 * Why a stored parse could not be used or kept, in words for the log (dbt says why it parses in full): the file is
 * damaged or unreadable, or the target folder cannot be written. A cache merely out of date is not a problem.
 */
export type PartialParseProblem = (message: string) => void;

/**
 * The cached parse for `inputs`, or undefined when there is none, it is foreign or corrupt, or an env var changed.
 * A damaged or unreadable file (wrong checksum, truncated, not V8 data) is reported through `problem` and ignored.
 */
export function readPartialParse(inputs: ParseInputs, problem: PartialParseProblem = () => {}): Project | undefined {
  if (!inputs.cacheable) return undefined;
  const file = path.join(inputs.targetPath, PARTIAL_PARSE_FILE);
  const damaged = (why: string) => (problem(partialParseMsg.damaged(file, why)), undefined);
  try {
    if (!existsSync(file)) return undefined;
    const buf = readFileSync(file);
    const header = `${MAGIC}\n${inputs.key}\n`;
    // Another key or format: written for other inputs (an edit since), not damage.
    if (buf.length < header.length + 65 || buf.subarray(0, header.length).toString("latin1") !== header) {
      return buf.subarray(0, MAGIC.length + 1).toString("latin1") === `${MAGIC}\n` ? undefined : damaged("文件头不是本版本解析缓存的格式");
    }
    const sum = buf.subarray(header.length, header.length + 64).toString("latin1");
    const payload = buf.subarray(header.length + 65);
    if (createHash("sha256").update(payload).digest("hex") !== sum) return damaged("校验和不符（文件被截断或改动）");
    const stored = deserialize(payload) as Stored;
    if (!stored || !Array.isArray(stored.env) || !stored.project || !(stored.project.nodes instanceof Map) || !Array.isArray(stored.project.macros)) return damaged("内容不是解析结果");
    for (const [name, value] of stored.env) if ((process.env[name] ?? null) !== value) return undefined;
    return stored.project;
  } catch (e) {
    return damaged((e as Error).message);
  }
}

/** The engine's words about its parse cache. */
export const partialParseMsg = {
  damaged: (file: string, why: string) => `部分解析缓存 ${file} 无法使用（${why}）：已解析全部文件并重写缓存`,
  unwritable: (file: string, why: string) => `部分解析缓存 ${file} 无法写入（${why}）：本次结果照常，下次仍会解析全部文件`,
};

/**
 * Stores `project` (as parseProject left it, before any run) for `inputs`. Best effort: a target folder that
 * cannot be written, or a project holding values V8 cannot serialize, leaves no cache (and any old one removed).
 */
export function writePartialParse(inputs: ParseInputs, project: Project, env: ReadonlyMap<string, string | null>, problem: PartialParseProblem = () => {}): void {
  if (!inputs.cacheable) return;
  const file = path.join(inputs.targetPath, PARTIAL_PARSE_FILE);
  const tmp = `${file}.${process.pid}.${randomBytes(6).toString("hex")}.tmp`;
  try {
    const payload = serialize({ env: [...env], project } satisfies Stored);
    const sum = createHash("sha256").update(payload).digest("hex");
    mkdirSync(inputs.targetPath, { recursive: true });
    writeFileSync(tmp, Buffer.concat([Buffer.from(`${MAGIC}\n${inputs.key}\n${sum}\n`, "latin1"), payload]));
    renameSync(tmp, file);
  } catch (e) {
    problem(partialParseMsg.unwritable(file, (e as NodeJS.ErrnoException).code ?? (e as Error).message));
    for (const f of [tmp, file]) {
      try {
        unlinkSync(f);
      } catch {
        // absent already
      }
    }
  }
}
