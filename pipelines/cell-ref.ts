/**
 * Where a value sat in an Excel workbook, written as Excel writes it, for problem
 * reports and the pages that show provenance.
 *
 * @example
 *   cellRef("Sheet1", 7, "D")  // "Sheet1!D7"
 *   cellRef("一季度 汇总", 7)   // "'一季度 汇总'!7:7"
 *
 * Shapes: `Sheet1!D7`, `'Sheet 1'!D7` (a name with spaces or punctuation is quoted),
 * a whole row `Sheet1!7:7`, a whole column `Sheet1!D:D`, the sheet alone `Sheet1`.
 */
export function cellRef(sheet: string, line?: number, column?: string): string {
  const name = /^[\p{L}\p{N}_.]+$/u.test(sheet) ? sheet : `'${sheet.replace(/'/g, "''")}'`;
  if (line !== undefined && column) return `${name}!${column}${line}`;
  if (line !== undefined) return `${name}!${line}:${line}`;
  if (column) return `${name}!${column}:${column}`;
  return name;
}

/**
 * Where a value sat in its file, as a report prints it: `file.xlsx:开发区!D19` for a workbook (`cellRef`), else
 * `file.csv:19:D` (line, then column letter). `sheet` null or undefined: a text file.
 */
export function placeOf(file: string, sheet: string | null | undefined, line: number | string, column: string): string {
  return sheet != null && sheet !== "" ? `${file}:${cellRef(sheet, Number(line), column)}` : `${file}:${line}:${column}`;
}

/** `placeOf` as a SQL expression over column expressions (a sheet name quoted as `cellRef` quotes it). */
export function placeSql(file: string, sheet: string, line: string, column: string): string {
  return `case when coalesce(${sheet}, '') <> ''
    then ${file} || ':' || case when regexp_full_match(${sheet}, '[\\p{L}\\p{N}_.]+') then ${sheet} else '''' || replace(${sheet}, '''', '''''') || '''' end || '!' || ${column} || ${line}
    else ${file} || ':' || ${line} || ':' || ${column} end`;
}

/**
 * The sheet an 审核 flag's cell was read from (ingest.facts.sheet; null for a text file), as a SQL scalar over the
 * flag's alias `a` (file_id, line, col, original_text).
 */
export function flagSheetSql(a: string): string {
  // Two sheets may hold the same line and column (one zone's table per sheet): the cell's text tells them apart.
  return `(select min(x.sheet) from ingest.facts x where x.file_id = ${a}.file_id and x.line = ${a}.line and x.col = ${a}.col
    and (${a}.original_text is null or x.original_text = ${a}.original_text))`;
}
