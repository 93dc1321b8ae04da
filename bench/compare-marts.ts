/**
 * Compares every mart (the tables and views of the `main` schema) of two warehouses, EXCEPT ALL
 * both ways: a lean or incremental build must give the same rows as the build before
 * it. Usage: `node dist/bench/compare-marts.js <before.duckdb> <after.duckdb> [schema…]`
 * (default `main`; e.g. `main main_intermediate main_staging` for every model); exits 1
 * and names the relations that differ. Views count: a model turned from a table into a
 * view (issue #24) must still give the same rows. Where the two have different columns,
 * the columns both have are compared and the others named.
 * Doubles are compared exactly first; where rows differ, again with doubles rounded
 * to 9 decimals and 10 significant digits, because DuckDB's parallel sums add in
 * another order from one build to the next (two builds of the same code and data
 * differ in the last bits of sums and of growth rates computed from them). Such
 * marts are reported as "equal to rounding", never silently as identical.
 */
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance, type DuckDBConnection } from "@duckdb/node-api";

export interface MartDifference {
  readonly mart: string;
  /** Rows of the first warehouse missing from the second (EXCEPT ALL), and the reverse. */
  readonly onlyInFirst: number;
  readonly onlyInSecond: number;
  /** Equal once doubles are rounded (9 decimals, 10 significant digits). */
  readonly equalToRounding: boolean;
}

export interface MartComparison {
  readonly marts: readonly string[];
  readonly differences: readonly MartDifference[];
  /** Marts in only one of the two. */
  readonly missing: readonly string[];
  /** Relations whose columns differ: the columns only in the first, only in the second (the rest compared). */
  readonly columnChanges: ReadonlyArray<{ readonly mart: string; readonly onlyInFirst: readonly string[]; readonly onlyInSecond: readonly string[] }>;
}

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

async function rows<T>(conn: DuckDBConnection, sql: string): Promise<T[]> {
  return (await (await conn.runAndReadAll(sql)).getRowObjectsJS()) as T[];
}

/** Compares the tables of schema `schema` in catalogs `a` and `b`, both attached to `conn`. */
export async function compareAttached(conn: DuckDBConnection, a: string, b: string, schema = "main"): Promise<MartComparison> {
  const tables = async (cat: string) =>
    (await rows<{ t: string }>(conn, `select table_name as t from information_schema.tables where table_catalog = '${cat}' and table_schema = '${schema}' and table_type in ('BASE TABLE', 'VIEW') and table_name not like 'kysely%' order by 1`)).map((r) => r.t);
  const ta = await tables(a);
  const tb = new Set(await tables(b));
  const marts = ta.filter((t) => tb.has(t));
  const missing = [...ta.filter((t) => !tb.has(t)), ...[...tb].filter((t) => !ta.includes(t))];
  const differences: MartDifference[] = [];
  const columnChanges: MartComparison["columnChanges"][number][] = [];
  for (const t of marts) {
    const columnsOf = (cat: string) => rows<{ c: string; d: string }>(conn, `select column_name as c, data_type as d from information_schema.columns where table_catalog = '${cat}' and table_schema = '${schema}' and table_name = '${t}' order by ordinal_position`);
    const colsA = await columnsOf(a);
    const colsB = await columnsOf(b);
    const namesB = new Set(colsB.map((c) => c.c));
    const namesA = new Set(colsA.map((c) => c.c));
    const cols = colsA.filter((c) => namesB.has(c.c));
    if (cols.length < colsA.length || cols.length < colsB.length) {
      columnChanges.push({ mart: t, onlyInFirst: colsA.filter((c) => !namesB.has(c.c)).map((c) => c.c), onlyInSecond: colsB.filter((c) => !namesA.has(c.c)).map((c) => c.c) });
    }
    const exact = cols.map((c) => q(c.c)).join(", ");
    const diff = async (list: string) => {
      const [r] = await rows<{ x: bigint; y: bigint }>(conn, `select
        (select count(*) from (select ${list} from ${a}.${schema}.${q(t)} except all select ${list} from ${b}.${schema}.${q(t)})) as x,
        (select count(*) from (select ${list} from ${b}.${schema}.${q(t)} except all select ${list} from ${a}.${schema}.${q(t)})) as y`);
      return [Number(r!.x), Number(r!.y)] as const;
    };
    const [x, y] = await diff(exact);
    if (x === 0 && y === 0) continue;
    const rounded = cols.map((c) => (c.d === "DOUBLE" || c.d === "FLOAT" ? `printf('%.10g', round(${q(c.c)}, 9)) as ${q(c.c)}` : q(c.c))).join(", ");
    const [rx, ry] = await diff(rounded);
    differences.push({ mart: t, onlyInFirst: x, onlyInSecond: y, equalToRounding: rx === 0 && ry === 0 });
  }
  return { marts, differences, missing, columnChanges };
}

/** Opens both warehouse files read-only and compares their marts. */
export async function compareWarehouses(first: string, second: string, schema = "main"): Promise<MartComparison> {
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  try {
    await conn.run(`attach '${first.replace(/'/g, "''")}' as wa (read_only)`);
    await conn.run(`attach '${second.replace(/'/g, "''")}' as wb (read_only)`);
    return await compareAttached(conn, "wa", "wb", schema);
  } finally {
    conn.closeSync();
    inst.closeSync();
  }
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const [first, second, ...schemas] = process.argv.slice(2);
  if (!first || !second) {
    console.error("usage: node dist/bench/compare-marts.js <before.duckdb> <after.duckdb> [schema…]");
    process.exit(2);
  }
  const parts = await Promise.all((schemas.length ? schemas : ["main"]).map(async (schema) => [schema, await compareWarehouses(first, second, schema)] as const));
  const prefixed = (schema: string, name: string) => (schema === "main" ? name : `${schema}.${name}`);
  const r: MartComparison = {
    marts: parts.flatMap(([s, c]) => c.marts.map((m) => prefixed(s, m))),
    missing: parts.flatMap(([s, c]) => c.missing.map((m) => prefixed(s, m))),
    differences: parts.flatMap(([s, c]) => c.differences.map((d) => ({ ...d, mart: prefixed(s, d.mart) }))),
    columnChanges: parts.flatMap(([s, c]) => c.columnChanges.map((d) => ({ ...d, mart: prefixed(s, d.mart) }))),
  };
  console.log(`${r.marts.length} relations compared: ${r.marts.join(", ")}`);
  if (r.missing.length) console.log(`in only one warehouse: ${r.missing.join(", ")}`);
  for (const c of r.columnChanges) console.log(`${c.mart}: compared on the columns both have; only in the first: ${c.onlyInFirst.join(", ") || "none"}; only in the second: ${c.onlyInSecond.join(", ") || "none"}`);
  for (const d of r.differences) console.log(`${d.mart}: ${d.onlyInFirst} rows only in the first, ${d.onlyInSecond} only in the second${d.equalToRounding ? " (equal to rounding: summation order)" : ""}`);
  const exact = r.differences.filter((d) => !d.equalToRounding).length === 0 && !r.missing.length;
  console.log(r.differences.length ? (exact ? "equal to rounding (doubles: 9 decimals, 10 significant digits)" : "DIFFERENT") : "identical (EXCEPT ALL both ways)");
  process.exit(exact ? 0 : 1);
}
