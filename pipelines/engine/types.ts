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
}

export interface Project {
  readonly name: string;
  readonly dir: string;
  readonly targetSchema: string;
  /** The profile's target: `target.name`, `target.schema`, … in Jinja. */
  readonly target: { readonly name: string; readonly schema: string; readonly type: string; readonly database: string; readonly threads: number; readonly path?: string };
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
}

/** The parts of a node's relation, for Relation objects in Jinja. */
export function relationParts(project: Pick<Project, "target">, n: Pick<Node, "schema" | "identifier">): { database: string; schema: string; identifier: string } {
  return { database: project.target.database, schema: n.schema, identifier: n.identifier };
}

export function relationName(n: Pick<Node, "schema" | "identifier">): string {
  return `"${n.schema}"."${n.identifier}"`;
}
