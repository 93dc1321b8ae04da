/**
 * Macro namespaces across the root project and its packages, resolved as dbt-core
 * does (context/macros.py `MacroNamespace`, context/providers.py `dispatch`):
 *
 * - every macro is defined once under a mangled name `__ns_<package>__<name>`;
 *   `{{ pkg.name() }}` calls it directly;
 * - an un-namespaced `name()` rendered for a node of package S finds S's macro
 *   first, then the root project's, then dbt's own; another package's macros are
 *   reachable only through their namespace (dbt: "non-internal packages" are
 *   namespaces, not flat names);
 * - a generic test `test_x` without a namespace is found in the root project, else in
 *   an installed package (dbt's find_macro_by_name: root > imported > internal);
 * - `adapter.dispatch('m', 'ns')` searches the packages of the project's `dispatch:`
 *   config for ns, else [root, ns] when ns is an installed package, else the flat
 *   namespace; in each, `duckdb__m` then `default__m`.
 */
import { ZonestatError } from "../errors.js";
import type { Macro } from "./types.js";

export interface NamespaceInfo {
  readonly root: string;
  /** Installed package names (not the root). */
  readonly packages: readonly string[];
  /** dbt_project.yml `dispatch:`: macro_namespace → search_order. */
  readonly dispatch: Readonly<Record<string, readonly string[]>>;
}

/** The name a macro is defined under in the prelude. */
export const mangled = (pkg: string, name: string) => `__ns_${pkg}__${name}`;

/** A macro's package (root when unset). */
export const packageOf = (m: Macro, root: string) => m.package ?? root;

/** A macro's callable name: generic tests are macros named test_<name>. */
export const callName = (m: Macro) => (m.kind === "test" ? `test_${m.name}` : m.name);

/** Renames every `{% macro x(` in already test-converted source to its mangled name. */
export function renameDefinitions(source: string, pkg: string): string {
  return source.replace(/{%(-?)\s*macro\s+([A-Za-z_][A-Za-z0-9_]*)\s*\(/g, (_, dash: string, name: string) => `{%${dash} macro ${mangled(pkg, name)}(`);
}

/** Applies `fn` to the inside of Jinja tags only (`{{ }}`, `{% %}`), never to SQL text. */
export function inJinja(source: string, fn: (code: string) => string): string {
  return source.replace(/({{[\s\S]*?}}|{%[\s\S]*?%})/g, (tag) => fn(tag));
}

export class MacroIndex {
  /** package → callable name → macro */
  private readonly byPackage = new Map<string, Map<string, Macro>>();

  constructor(macros: readonly Macro[], readonly info: NamespaceInfo, private readonly builtinNames: ReadonlySet<string>) {
    for (const m of macros) {
      const pkg = packageOf(m, info.root);
      if (!this.byPackage.has(pkg)) this.byPackage.set(pkg, new Map());
      const prior = this.byPackage.get(pkg)!.get(callName(m));
      // dbt: DuplicateMacroNameError — one of the two would silently win.
      if (prior) throw new ZonestatError("PROJECT_DUPLICATE_MACRO", `宏「${callName(m)}」在${pkg === info.root ? "项目" : `包 ${pkg} `}中定义了两次：${prior.file} 和 ${m.file}`, { file: m.file });
      this.byPackage.get(pkg)!.set(callName(m), m);
    }
  }

  has(pkg: string, name: string): boolean {
    return this.byPackage.get(pkg)?.has(name) ?? false;
  }

  /** Flat lookup for a node of package `search`: local, root, then dbt's own (the plain name). */
  flat(search: string, name: string): string | undefined {
    if (this.has(search, name)) return mangled(search, name);
    if (this.has(this.info.root, name)) return mangled(this.info.root, name);
    if (this.builtinNames.has(name)) return name;
    if (name.startsWith("test_")) {
      const owners = this.info.packages.filter((p) => this.has(p, name));
      if (owners.length === 1) return mangled(owners[0]!, name);
    }
    return undefined;
  }

  /** Packages defining generic test `test_<name>` (for the ambiguity error). */
  testOwners(name: string): string[] {
    return this.info.packages.filter((p) => this.has(p, `test_${name}`));
  }

  /** `{% set x = __ns_… %}` for every flat name visible to a node of package `search`, on one line. */
  aliases(search: string): string {
    const names = new Set<string>();
    for (const [pkg, map] of this.byPackage) {
      for (const name of map.keys()) if (pkg === search || pkg === this.info.root || name.startsWith("test_")) names.add(name);
    }
    const out: string[] = [];
    for (const name of [...names].sort()) {
      const target = this.flat(search, name);
      if (target && target !== name) out.push(`{% set ${name} = ${target} %}`);
    }
    return out.join("");
  }

  /** dbt's dispatch: the mangled (or builtin) name to call, or the list searched when nothing matches. */
  dispatch(search: string, macro: string, namespace: string | undefined): { name: string } | { searched: string[] } {
    const order: Array<string | null> = namespace === undefined
      ? [null]
      : this.info.dispatch[namespace]?.length
        ? [...this.info.dispatch[namespace]!]
        : this.info.packages.includes(namespace)
          ? [this.info.root, namespace]
          : [null];
    const searched: string[] = [];
    for (const pkg of order) {
      for (const prefix of ["duckdb", "default"]) {
        const name = `${prefix}__${macro}`;
        searched.push(pkg === null ? name : `${pkg}.${name}`);
        if (pkg === null) {
          const hit = this.flat(search, name);
          if (hit) return { name: hit };
        } else if (this.has(pkg, name)) return { name: mangled(pkg, name) };
      }
    }
    return { searched };
  }

  /** `pkg.name(` → the mangled name, for the root project's and installed packages' namespaces. */
  rewriteNamespacedCalls(code: string): string {
    const names = [this.info.root, ...this.info.packages];
    if (!names.length) return code;
    const re = new RegExp(`(?<![\\w.])(${names.map(escapeRe).join("|")})\\.([A-Za-z_][A-Za-z0-9_]*)(\\s*\\()`, "g");
    return code.replace(re, (whole, pkg: string, name: string, paren: string) => (this.has(pkg, name) ? `${mangled(pkg, name)}${paren}` : whole));
  }
}

const escapeRe = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
