/**
 * A text as a SQL string literal ('it''s'): for SQL built from the project's own names (rule codes, layout keys,
 * indicator codes) where a statement is composed, not for values a file brings — those are bound as parameters.
 */
export function sqlString(s: string): string {
  return `'${s.replace(/'/g, "''")}'`;
}
