/**
 * Folder-level configuration from `dbt_project.yml` (`models:` / `seeds:` trees),
 * written with or without the `+` prefix, merged down a node's fqn the way dbt does:
 * deeper wins, tags accumulate.
 */
import type { NodeConfig } from "./types.js";

const CONFIG_KEYS = new Set([
  "materialized", "schema", "alias", "tags", "enabled", "column_types", "unique_key", "incremental_strategy",
  "severity", "where", "limit", "docs", "persist_docs", "meta", "full_refresh", "quote_columns", "delimiter",
  "database", "on_schema_change", "contract", "grants", "pre-hook", "post-hook", "store_failures", "warn_if", "error_if",
  "strategy", "updated_at", "check_cols", "target_schema", "target_database", "hard_deletes", "invalidate_hard_deletes", "dbt_valid_to_current", "snapshot_meta_column_names",
]);

export function defaultConfig(materialized: NodeConfig["materialized"]): NodeConfig {
  return {
    enabled: true,
    materialized,
    schema: undefined,
    alias: undefined,
    tags: [],
    unique_key: undefined,
    incremental_strategy: undefined,
    column_types: {},
    severity: "error",
    where: undefined,
    limit: undefined,
  };
}

/** Merges `patch` into `base` (mutating base): tags are appended, other keys replaced. */
export function mergeConfig(base: NodeConfig, patch: Record<string, unknown>): NodeConfig {
  for (const [rawKey, value] of Object.entries(patch)) {
    let key = rawKey.startsWith("+") ? rawKey.slice(1) : rawKey;
    if (key === "pre_hook" || key === "post_hook") key = key.replace("_", "-");
    if (value === undefined) continue;
    if (key === "pre-hook" || key === "post-hook") {
      // dbt: hooks add up from project to folder to model, never replace one another.
      const prior = base[key] === undefined ? [] : Array.isArray(base[key]) ? (base[key] as unknown[]) : [base[key]];
      base[key] = [...prior, ...(Array.isArray(value) ? value : [value])];
    } else if (key === "tags") {
      const add = Array.isArray(value) ? value.map(String) : [String(value)];
      base.tags = [...new Set([...base.tags, ...add])];
    } else if (key === "column_types" && value && typeof value === "object") {
      base.column_types = { ...base.column_types, ...(value as Record<string, string>) };
    } else if (key === "severity") {
      base.severity = String(value).toLowerCase() === "warn" ? "warn" : "error";
    } else {
      (base as Record<string, unknown>)[key] = value;
    }
  }
  return base;
}

/** Config from a `models:`/`seeds:` tree for a node at `fqn` ([project, ...folders, name]). */
export function folderConfig(tree: unknown, fqn: readonly string[], base: NodeConfig): NodeConfig {
  let level: unknown = tree;
  for (let depth = 0; depth <= fqn.length && level && typeof level === "object"; depth++) {
    const obj = level as Record<string, unknown>;
    const own: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(obj)) {
      if (k.startsWith("+") || (CONFIG_KEYS.has(k) && !isChildName(k, fqn, depth))) own[k] = v;
    }
    mergeConfig(base, own);
    if (depth === fqn.length) break;
    level = obj[fqn[depth]!];
  }
  return base;
}

function isChildName(key: string, fqn: readonly string[], depth: number): boolean {
  return fqn[depth] === key;
}
