/**
 * Telling a damaged warehouse from a busy one by DuckDB's message. Kept apart from
 * duckdb.ts so the CLI can classify errors without loading DuckDB.
 */

/** DuckDB's words for a damaged database file (a failed checksum, an unreadable header or block). */
export function isCorruptMessage(text: string): boolean {
  return /Corrupt database file|does not match stored checksum|not a valid DuckDB database|Failed to read block|magic bytes|Could not read enough bytes from file/i.test(text);
}
