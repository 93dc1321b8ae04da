/**
 * The engine's node graph: models, seeds, sources and tests, shaped after dbt's
 * manifest so artifacts can be written with the fields tools read.
 */
export type ResourceType = "model" | "seed" | "source" | "test" | "snapshot" | "unit_test";
export type Materialization = "view" | "table" | "incremental" | "ephemeral" | "seed" | "test" | "snapshot" | "unit";

export interface NodeConfig {
  enabled: boolean;
  materialized: Materialization;
  schema: string | undefined;
  alias: string | undefined;
  tags: string[];
  unique_key: string | string[] | undefined;
  incremental_strategy: "append" | "delete+insert" | "merge" | undefined;
  column_types: Record<string, string>;
  severity: "error" | "warn";
  where: string | undefined;
  limit: number | undefined;
  [key: string]: unknown;
}

export interface ColumnDoc {
  name: string;
  description: string;
  data_type?: string;
  /** Contract constraints of the column (`constraints:` in YAML); see contracts.ts. */
  constraints?: unknown[];
}

export interface TestMetadata {
  name: string;
  namespace: string | null;
  kwargs: Record<string, unknown>;
}

export interface Node {
  unique_id: string;
  resource_type: ResourceType;
  name: string;
  package_name: string;
  /** Project-relative path of the file that defines it. */
  original_file_path: string;
  path: string;
  fqn: string[];
  config: NodeConfig;
  raw_code: string;
  description: string;
  columns: Record<string, ColumnDoc>;
  depends_on: { nodes: string[]; macros: string[] };
  refs: Array<{ name: string; package: string | null; line: number }>;
  sources: Array<{ source: string; table: string; line: number }>;
  /** Database schema and identifier the node builds (models, seeds) or reads (sources). */
  schema: string;
  identifier: string;
  compiled_code?: string;
  test_metadata?: TestMetadata;
  attached_node?: string;
  column_name?: string;
  /** Where YAML-declared nodes (sources, generic tests) came from. */
  yaml_line?: number;
  /** Model-level contract constraints (`constraints:` in YAML); see contracts.ts. */
  constraints?: unknown[];
  /** Versioned models (versions.ts): this node's version and the model's latest. */
  version?: number | string;
  latest_version?: number | string;
  /** Set when relation names must be three-part in this run (relation-names.ts). */
  database?: string;
  /** Source-only: the declaring source's name. */
  source_name?: string;
  /** Unit-test-only: the parsed `unit_tests:` entry (see unit-test.ts). */
  unit_test?: unknown;
}

export interface Macro {
  name: string;
  file: string;
  source: string;
  kind: "macro" | "test";
  /** The installed package that defines it (pipelines/engine/packages.ts); unset for the root project. */
  package?: string;
}

export interface Project {
  readonly name: string;
  readonly dir: string;
  readonly targetSchema: string;
  /** The profile's target: `target.name`, `target.schema`, … in Jinja. */
  readonly target: { readonly name: string; readonly profile_name?: string; readonly schema: string; readonly type: string; readonly database: string; readonly threads: number; readonly path?: string };
  /** on-run-start / on-run-end hooks of dbt_project.yml, unrendered. */
  readonly hooks: { readonly start: readonly string[]; readonly end: readonly string[] };
  readonly warehousePath: string | undefined;
  readonly vars: Record<string, unknown>;
  readonly nodes: Map<string, Node>;
  readonly macros: Macro[];
  readonly docs: Map<string, string>;
  readonly modelPaths: string[];
  readonly seedPaths: string[];
  readonly testPaths: string[];
  readonly macroPaths: string[];
  readonly targetPath: string;
  /** Installed packages (dbt_packages/ and packages.yml `local:` entries), by name; see packages.ts. */
  readonly packages?: ReadonlyMap<string, { readonly dir: string; readonly vars: Record<string, unknown> }>;
  /** dbt_project.yml `dispatch:` — macro_namespace → search_order. */
  readonly dispatch?: Readonly<Record<string, readonly string[]>>;
}

/** The parts of a node's relation, for Relation objects in Jinja. */
export function relationParts(project: Pick<Project, "target">, n: Pick<Node, "schema" | "identifier" | "database">): { database: string; schema: string; identifier: string; qualified?: boolean } {
  return { database: n.database ?? project.target.database, schema: n.schema, identifier: n.identifier, qualified: !!n.database };
}

export function relationName(n: Pick<Node, "schema" | "identifier">): string {
  return `"${n.schema}"."${n.identifier}"`;
}
