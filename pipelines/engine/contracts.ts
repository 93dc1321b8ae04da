/**
 * Model contracts (`config: contract: {enforced: true}`), as dbt and dbt-duckdb
 * enforce them (docs.getdbt.com/reference/resource-configs/contract and
 * /reference/resource-properties/constraints; dbt-core `assert_columns_equivalent`,
 * dbt-duckdb `duckdb__create_table_as`):
 *
 * - before building, the model's columns (names, DuckDB types, count) must equal the
 *   YAML `columns:` with their `data_type`; YAML types are normalised by the database
 *   as dbt does (`cast(null as <data_type>)`), so `int` equals INTEGER; size, precision
 *   and scale are not compared (dbt does not), the table takes the declared type. A mismatch
 *   stops the model with a table of column, model type, contract type and reason;
 * - a table is created from the contract (`create table (col type constraints…)`)
 *   and filled with `insert … select`, so DuckDB enforces the constraints: dbt-duckdb
 *   declares not_null, unique, primary_key, check and foreign_key all ENFORCED;
 * - views check columns only; constraints on a view are not applied (a warning);
 * - ephemeral models cannot have a contract (an error, as in dbt).
 */
import { ZonestatError } from "../errors.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Node } from "./types.js";

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

interface Constraint {
  readonly type: string;
  readonly expression?: string;
  readonly columns?: string[];
  readonly name?: string;
  readonly to?: unknown;
}

export function contractEnforced(node: Node): boolean {
  const c = node.config.contract as { enforced?: unknown } | undefined;
  return !!c && (c.enforced === true || c.enforced === "true");
}

/** Every contracted column needs a data_type (dbt: "Contracted models require data_type to be defined for each column"). */
function contractColumns(node: Node): Array<{ name: string; type: string; constraints: Constraint[] }> {
  const cols = Object.values(node.columns);
  const missing = cols.filter((c) => !c.data_type).map((c) => c.name);
  if (!cols.length || missing.length) {
    throw new ZonestatError("MODEL_CONTRACT_INVALID", `${node.original_file_path}：模型 ${node.name} 启用了契约（contract enforced），但${cols.length ? `列 ${missing.join("、")} 没有 data_type` : "YAML 中没有列出 columns"}——契约要求每一列都写明 data_type`, { file: node.original_file_path });
  }
  return cols.map((c) => ({ name: c.name, type: String(c.data_type), constraints: ((c.constraints ?? []) as Constraint[]) }));
}

async function describe(db: DuckDBHandle, sql: string): Promise<Array<{ name: string; type: string }>> {
  const rows = await db.all<{ column_name: string; column_type: string }>(`describe select * from (${sql}) as model_subq limit 0`);
  return rows.map((r) => ({ name: r.column_name, type: r.column_type }));
}

/** Throws MODEL_CONTRACT_MISMATCH listing every column whose name, type or presence differs. */
export async function assertContract(db: DuckDBHandle, node: Node, sql: string): Promise<void> {
  if (node.config.materialized === "ephemeral") throw new ZonestatError("MODEL_CONTRACT_INVALID", `${node.original_file_path}：ephemeral 模型不能启用契约（dbt 同样报错）`, { file: node.original_file_path });
  const yaml = contractColumns(node);
  let contractTypes: Array<{ name: string; type: string }>;
  try {
    contractTypes = await describe(db, `select ${yaml.map((c) => `cast(null as ${c.type}) as ${q(c.name)}`).join(", ")}`);
  } catch (e) {
    throw new ZonestatError("MODEL_CONTRACT_INVALID", `${node.original_file_path}：契约中的 data_type 无法识别：${String((e as Error).message).split("\n")[0]}`, { file: node.original_file_path });
  }
  const model = await describe(db, sql);
  const rows: string[][] = [];
  const byName = new Map(contractTypes.map((c) => [c.name.toLowerCase(), c.type]));
  for (const c of model) {
    const want = byName.get(c.name.toLowerCase());
    if (want === undefined) rows.push([c.name, c.type, "", "契约中缺少（missing in contract）"]);
    else if (baseType(want) !== baseType(c.type)) rows.push([c.name, c.type, want, "类型不符（data type mismatch）"]);
  }
  for (const c of contractTypes) if (!model.some((m) => m.name.toLowerCase() === c.name.toLowerCase())) rows.push([c.name, "", c.type, "模型中缺少（missing in definition）"]);
  if (!rows.length) return;
  const table = [["列", "模型类型", "契约类型", "原因"], ...rows].map((r) => `| ${r.join(" | ")} |`).join("\n");
  throw new ZonestatError("MODEL_CONTRACT_MISMATCH", `${node.original_file_path}：模型 ${node.name} 不符合其契约（列名、类型和列数须与 YAML 的 columns 一致）：\n${table}`, { file: node.original_file_path, value: rows.map((r) => r[0]).join(",") });
}

/**
 * A type without its size, precision or scale: `DECIMAL(18,2)` → `DECIMAL`. dbt's
 * contract check compares data types only, not size/precision/scale
 * (docs.getdbt.com/reference/resource-configs/contract, "Size, precision, and scale");
 * the table is created with the contract's declared type.
 */
function baseType(t: string): string {
  return t.replace(/\([^)]*\)/g, "").trim().toUpperCase();
}

/** The `create table` of a contracted model: each column with its constraints, then model-level constraints. */
export function contractTableDdl(node: Node, relation: string): { ddl: string; warnings: string[] } {
  const warnings: string[] = [];
  const render = (c: Constraint, column?: string): string | undefined => {
    const named = c.name ? `constraint ${q(c.name)} ` : "";
    const cols = (c.columns ?? []).map(q).join(", ");
    switch (c.type) {
      case "not_null": return column ? "not null" : undefined;
      case "unique": return column ? "unique" : `${named}unique (${cols})`;
      case "primary_key": return column ? "primary key" : `${named}primary key (${cols})`;
      case "check": return `${named}check (${c.expression})`;
      case "foreign_key":
        if (c.to !== undefined || !c.expression) throw new ZonestatError("PROJECT_UNSUPPORTED", `${node.original_file_path}：外键约束只支持 expression 写法（如 expression: "other_table (id)"），to/to_columns 尚不支持`, { file: node.original_file_path });
        return column ? `references ${c.expression}` : `${named}foreign key (${cols}) references ${c.expression}`;
      case "custom": return c.expression;
      default:
        throw new ZonestatError("PROJECT_UNSUPPORTED", `${node.original_file_path}：约束类型「${c.type}」不认识：可用 not_null、unique、primary_key、check、foreign_key、custom`, { file: node.original_file_path });
    }
  };
  const lines = contractColumns(node).map((c) => [q(c.name), c.type, ...c.constraints.map((x) => render(x, c.name)).filter(Boolean)].join(" "));
  for (const c of (node.constraints ?? []) as Constraint[]) {
    if (c.type === "not_null") {
      warnings.push(`${node.name}：模型级 not_null 约束没有意义，已忽略（请写在列上）`);
      continue;
    }
    const r = render(c);
    if (r) lines.push(r);
  }
  return { ddl: `create table ${relation} (\n  ${lines.join(",\n  ")}\n)`, warnings };
}

/** The column list of the contract, in contract order, for `insert into … (cols) select cols from (…)`. */
export function contractColumnList(node: Node): string {
  return contractColumns(node).map((c) => q(c.name)).join(", ");
}

/** Constraints written on a contracted view: not applied (views hold no constraints); returned as warnings. */
export function viewConstraintWarnings(node: Node): string[] {
  const has = Object.values(node.columns).some((c) => (c.constraints ?? []).length) || (node.constraints ?? []).length;
  return has ? [`${node.name}：视图不能带约束，契约中的约束未应用（只检查了列名和类型）`] : [];
}
