/**
 * Running a dbt unit test (docs.getdbt.com/docs/build/unit-tests), the way dbt-core's
 * `unit` materialization and `get_fixture_sql` / `format_row` do it:
 * - each `given` input becomes a CTE of its fixture rows, every value cast to the type
 *   of that column in the input's relation in the warehouse (so the inputs must have
 *   been built, as in dbt); columns a row leaves out are NULL; a column the relation
 *   lacks is an error naming the accepted columns;
 * - the model is rendered with its refs/sources (and `this`) pointing at those CTEs,
 *   `is_incremental()` and `var()` as the overrides say;
 * - expected rows are cast to the model's output types; only the columns of the first
 *   expected row are compared (all columns for `format: sql` or no rows), as multisets:
 *   order does not matter, duplicates do.
 * A difference fails the test with a diff: `---` rows expected but missing, `+++` rows
 * produced but not expected (daff's markers, which dbt prints).
 */
import { ZonestatError } from "../errors.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import { findNodeByRef, findSource, varLookup, type ParsedProject } from "./parse.js";
import { makeRelation } from "./relation.js";
import type { Node } from "./types.js";
import { relationParts } from "./types.js";
import type { Fixture, GivenInput, UnitTestSpec } from "./unit-test-load.js";

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

export interface UnitTestOutcome {
  readonly status: "pass" | "fail";
  readonly failures: number;
  readonly message: string;
  readonly sql: string;
}

/** SQL literal of a YAML/CSV fixture value, before the cast to the column's type. */
function literal(v: unknown, where: string): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "number" || typeof v === "bigint") return String(v);
  if (typeof v === "boolean") return v ? "true" : "false";
  if (typeof v === "string") return `'${v.replace(/'/g, "''")}'`;
  throw new ZonestatError("PROJECT_INVALID", `${where}：fixture 值 ${JSON.stringify(v)} 不是标量（数字、文本、布尔或 null）`);
}

/** `select cast(v as T) as c, … union all …`, or a typed empty set for no rows. */
function fixtureSql(rows: ReadonlyArray<Record<string, unknown>>, types: ReadonlyArray<{ name: string; type: string }>, where: string): string {
  const byLower = new Map(types.map((t) => [t.name.toLowerCase(), t]));
  for (const [i, r] of rows.entries()) {
    for (const k of Object.keys(r)) {
      if (!byLower.has(k)) throw new ZonestatError("PROJECT_INVALID", `${where} 第 ${i + 1} 行：列名「${k}」无效——可用的列：${types.map((t) => t.name).join("、")}`);
    }
  }
  const select = (r: Record<string, unknown> | undefined) => types.map((t) => `cast(${r ? literal(r[t.name.toLowerCase()], where) : "null"} as ${t.type}) as ${q(t.name)}`).join(", ");
  if (!rows.length) return `select ${select(undefined)} limit 0`;
  return rows.map((r) => `select ${select(r)}`).join("\nunion all\n");
}

async function relationColumns(db: DuckDBHandle, schema: string, table: string): Promise<Array<{ name: string; type: string }>> {
  return db.all<{ name: string; type: string }>(`select column_name as name, data_type as type from information_schema.columns where table_schema = ? and table_name = ? order by ordinal_position`, [schema, table]);
}

const cteFor = (g: GivenInput) => (g.kind === "this" ? "__dbt__cte__this" : g.kind === "ref" ? `__dbt__cte__${g.args[g.args.length - 1]}` : `__dbt__cte__${g.args[0]}__${g.args[1]}`);

/** Runs one unit test node. Errors (a missing input relation, a bad fixture) throw; a difference is a `fail`. */
export async function runUnitTest(db: DuckDBHandle, project: ParsedProject, node: Node): Promise<UnitTestOutcome> {
  const spec = node.unit_test as UnitTestSpec;
  const model = project.nodes.get(node.attached_node!)!;
  const where = `${spec.file}${spec.line ? ":" + spec.line : ""}（单元测试 ${node.name}）`;
  if (model.config.materialized === "ephemeral") throw new ZonestatError("PROJECT_UNSUPPORTED", `${where}：测试的是 ephemeral 模型：对 ephemeral 模型的单元测试尚不支持`, { file: spec.file, line: spec.line });

  // 1. Fixtures, typed from the inputs' relations.
  const ctes: string[] = [];
  for (const g of spec.given) {
    const target = g.kind === "this" ? model : g.kind === "ref" ? findNodeByRef(project, [...g.args]) : findSource(project, g.args[0]!, g.args[1]!);
    if (!target) throw new ZonestatError("PROJECT_INVALID", `${where}：given 的 ${g.input} 不存在`, { file: spec.file, line: spec.line });
    if (target.config.materialized === "ephemeral" && g.fixture.format !== "sql") {
      throw new ZonestatError("PROJECT_INVALID", `${where}：${g.input} 是 ephemeral 模型，它的 fixture 必须用 format: sql（dbt 的规定）`, { file: spec.file, line: spec.line });
    }
    let body: string;
    if (g.fixture.format === "sql") body = g.fixture.sql!;
    else {
      const types = await relationColumns(db, target.schema, target.identifier);
      if (!types.length) {
        throw new ZonestatError("PROJECT_INVALID", `${where}：无法取得 ${g.input} 的列——关系 "${target.schema}"."${target.identifier}" 还不存在。请先构建上游（zonestat run --select +${model.name} --exclude ${model.name}），或用 zonestat build`, { file: spec.file, line: spec.line });
      }
      body = fixtureSql(g.fixture.rows!, types, `${where} given ${g.input}`);
    }
    ctes.push(`${q(cteFor(g))} as (\n${body.replace(/;\s*$/, "")}\n)`);
  }

  // 2. The model over the fixtures.
  const given = (kind: GivenInput["kind"], args: readonly string[]) =>
    spec.given.find((g) => g.kind === kind && (kind === "ref" ? g.args[g.args.length - 1] === args[args.length - 1] : g.args.join(".") === args.join(".")));
  const saved: Record<string, string | undefined> = {};
  for (const [k, v] of Object.entries(spec.envVars)) {
    saved[k] = process.env[k];
    process.env[k] = v;
  }
  let modelSql: string;
  try {
    const thisGiven = given("this", []);
    const cte = (name: string) => ({ database: project.target.database, schema: "", identifier: name, cte: true });
    modelSql = project.renderer.render(model.original_file_path, model.raw_code, {
      ref: (args) => {
        const g = given("ref", args);
        if (!g) throw new Error(`单元测试缺少输入：模型引用了「${args[args.length - 1]}」，given 中没有 ref('${args[args.length - 1]}')`);
        return cte(cteFor(g));
      },
      source: (s, t) => {
        const g = given("source", [s, t]);
        if (!g) throw new Error(`单元测试缺少输入：模型读取了「${s}.${t}」，given 中没有 source('${s}', '${t}')`);
        return cte(cteFor(g));
      },
      config: () => {},
      var: (n, f, h) => (n in spec.vars ? spec.vars[n] : varLookup(project, n, f, h)),
      thisRelation: relationParts(project, model),
      isIncremental: spec.isIncremental,
      execute: true,
    }, thisGiven ? { this: makeRelation({ database: project.target.database, schema: "", identifier: cteFor(thisGiven) }, { schema: false }) } : {});
  } finally {
    for (const [k, v] of Object.entries(saved)) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  }
  const withFixtures = `${ctes.length ? `with ${ctes.join(",\n")}\n` : ""}select * from (\n${modelSql.replace(/;\s*$/, "")}\n) as dbt_internal_unit_test_actual`;

  try {
    await db.exec(`create or replace temp table zonestat_unit_actual as ${withFixtures}`);
    const actualTypes = (await db.all<{ name: string; type: string }>(`select column_name as name, data_type as type from information_schema.columns where table_catalog = 'temp' and table_name = 'zonestat_unit_actual' order by ordinal_position`));

    // 3. Expected rows, typed like the model's output.
    const exp: Fixture = spec.expect;
    let compared: Array<{ name: string; type: string }>;
    let expectedSql: string;
    if (exp.format === "sql") {
      compared = actualTypes;
      expectedSql = `select ${compared.map((c) => q(c.name)).join(", ")} from (\n${exp.sql!.replace(/;\s*$/, "")}\n) as e`;
    } else {
      const rows = exp.rows!;
      const keys = rows.length ? Object.keys(rows[0]!) : actualTypes.map((c) => c.name.toLowerCase());
      for (const [i, r] of rows.entries()) {
        const k = Object.keys(r);
        if (k.length !== keys.length || k.some((x) => !keys.includes(x))) {
          throw new ZonestatError("PROJECT_INVALID", `${where}：expect 第 ${i + 1} 行的列（${k.join("、")}）与第 1 行（${keys.join("、")}）不同——dbt 按第 1 行的列比较，每行都要写全`, { file: spec.file, line: spec.line });
        }
      }
      const byLower = new Map(actualTypes.map((t) => [t.name.toLowerCase(), t]));
      compared = keys.map((k) => {
        const t = byLower.get(k);
        if (!t) throw new ZonestatError("PROJECT_INVALID", `${where}：expect 中的列名「${k}」无效——模型输出的列：${actualTypes.map((x) => x.name).join("、")}`, { file: spec.file, line: spec.line });
        return t;
      });
      expectedSql = fixtureSql(rows, compared, `${where} expect`);
    }
    await db.exec(`create or replace temp table zonestat_unit_expected as ${expectedSql}`);
    const cols = compared.map((c) => q(c.name)).join(", ");
    const missing = await db.all(`select ${cols} from temp.zonestat_unit_expected except all select ${cols} from temp.zonestat_unit_actual`);
    const extra = await db.all(`select ${cols} from temp.zonestat_unit_actual except all select ${cols} from temp.zonestat_unit_expected`);
    const failures = missing.length + extra.length;
    if (!failures) return { status: "pass", failures: 0, message: "PASS", sql: withFixtures };
    const cell = (v: unknown) => (v === null || v === undefined ? "null" : String(v));
    const lines = [
      `@@,${compared.map((c) => c.name).join(",")}`,
      ...missing.map((r) => `---,${compared.map((c) => cell(r[c.name])).join(",")}`),
      ...extra.map((r) => `+++,${compared.map((c) => cell(r[c.name])).join(",")}`),
    ];
    return { status: "fail", failures, message: `实际结果与预期不同（--- 预期有而实际没有，+++ 实际有而预期没有）：\n${lines.join("\n")}`, sql: withFixtures };
  } finally {
    await db.exec(`drop table if exists temp.zonestat_unit_actual`);
    await db.exec(`drop table if exists temp.zonestat_unit_expected`);
  }
}

/**
 * Build order for unit tests (dbt build: a model's unit tests run before the model,
 * after the model's parents), as extra ordering edges: a unit test → its model's
 * parents (they replace its own depends_on while ordering), a model → its unit tests.
 */
export function unitTestOrdering(project: ParsedProject, ids: ReadonlySet<string>): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const id of ids) {
    const n = project.nodes.get(id)!;
    if (n.resource_type !== "unit_test" || !n.attached_node) continue;
    const model = project.nodes.get(n.attached_node)!;
    out.set(id, [...model.depends_on.nodes]);
    out.set(model.unique_id, [...(out.get(model.unique_id) ?? []), id]);
  }
  return out;
}
