/**
 * How relation names are written. dbt-duckdb renders `"database"."schema"."identifier"`;
 * this engine writes `"schema"."identifier"` (shorter compiled SQL, and the database
 * name of a profile often differs from the file actually opened) — except where the
 * two-part name is ambiguous: when a schema has the name of an attached database
 * (a profile `path: analytics.duckdb` with `schema: analytics`), DuckDB refuses
 * `"analytics"."x"` ("Ambiguous reference to catalog or schema"), so every relation
 * of the run is written with the database of the connection, as dbt-duckdb does.
 */
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Node, Project } from "./types.js";

const q = (id: string) => `"${id.replace(/"/g, '""')}"`;

/** The quoted name of a node's relation (or of `identifier` in its schema), three-part when the run needs it. */
export function nodeRelation(node: Pick<Node, "schema" | "identifier" | "database">, identifier = node.identifier): string {
  return `${node.database ? `${q(node.database)}.` : ""}${q(node.schema)}.${q(identifier)}`;
}

/**
 * Sets `node.database` on every model, seed, source and test of the project when
 * some schema of theirs is also the name of an attached database; returns the
 * colliding names (empty: names stay two-part).
 */
export async function qualifyAmbiguousNames(project: Project, db: DuckDBHandle): Promise<string[]> {
  const catalogs = new Set((await db.all<{ d: string }>("select database_name as d from duckdb_databases()")).map((r) => r.d));
  const [cur] = await db.all<{ d: string }>("select current_database() as d");
  const nodes = [...project.nodes.values()];
  const clashes = [...new Set(nodes.map((n) => n.schema).filter((s) => catalogs.has(s)))];
  if (!clashes.length || !cur) return clashes;
  for (const n of nodes) {
    // Sources too: the engine reads sources from the current database only (no source `database:`).
    n.database = cur.d;
  }
  return clashes;
}
