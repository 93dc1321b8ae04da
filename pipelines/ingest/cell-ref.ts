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
