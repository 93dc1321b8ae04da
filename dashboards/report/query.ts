/** How the report reads the warehouse: the page context's query or a read-only DuckDB handle's `all`. */
export type Query = (sql: string, params?: Array<string | number | null>) => Promise<Record<string, unknown>[]>;
