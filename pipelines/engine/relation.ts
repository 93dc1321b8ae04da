/**
 * dbt's Relation objects (`this`, `ref()`, `source()`): attributes `database`,
 * `schema`, `identifier`, `name`, `include()`, and rendering as the quoted name.
 *
 * minijinja-js has no custom value types, so a Relation is a map that carries its
 * rendered name under `__relation__`; printed, a map is written with sorted keys,
 * and `renderRelations` replaces each printed Relation with its name after rendering.
 */

export interface RelationParts {
  readonly database: string;
  readonly schema: string;
  readonly identifier: string;
  /** Render with the database by default (relation-names.ts: a two-part name would be ambiguous). */
  readonly qualified?: boolean;
}

export type Relation = Record<string, unknown>;

const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

/** The rendered name: "schema"."identifier" (the database only when it is not the default). */
export function relationText(p: RelationParts, include: { database?: boolean; schema?: boolean; identifier?: boolean } = {}): string {
  const parts: string[] = [];
  if (include.database === true || (include.database === undefined && p.qualified)) parts.push(quote(p.database));
  if (include.schema !== false) parts.push(quote(p.schema));
  if (include.identifier !== false) parts.push(quote(p.identifier));
  return parts.join(".");
}

/** A Relation value for the Jinja context. `schema` sorts last among its keys: the printed form ends with it. */
export function makeRelation(p: RelationParts, include: { database?: boolean; schema?: boolean; identifier?: boolean } = {}): Relation {
  return {
    __relation__: relationText(p, include),
    database: p.database,
    identifier: p.identifier,
    include: (...args: unknown[]) => {
      const kw = args.find((a) => a instanceof Map) as Map<string, unknown> | undefined;
      const opt = (k: string) => (kw?.has(k) ? Boolean(kw.get(k)) : undefined);
      return makeRelation(p, { database: opt("database"), schema: opt("schema"), identifier: opt("identifier") });
    },
    is_table: false,
    is_view: false,
    name: p.identifier,
    quote: () => makeRelation(p, include),
    render: () => relationText(p, include),
    schema: p.schema,
  };
}

const PRINTED = /\{"__relation__": "((?:[^"\\]|\\.)*)", .*?"schema": "(?:[^"\\]|\\.)*"\}/g;

/** Replaces every printed Relation map in rendered SQL by its quoted name. */
export function renderRelations(sql: string): string {
  if (!sql.includes('{"__relation__"')) return sql;
  return sql.replace(PRINTED, (_, name: string) => JSON.parse(`"${name}"`) as string);
}

/** A Relation passed back into JavaScript (e.g. to a global) as its name. */
export function relationArg(v: unknown): string {
  if (v instanceof Map && v.has("__relation__")) return String(v.get("__relation__"));
  if (v && typeof v === "object" && "__relation__" in (v as object)) return String((v as Relation).__relation__);
  return String(v);
}
