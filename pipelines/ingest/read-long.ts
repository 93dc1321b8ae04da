/**
 * The canonical long format for machine-made files:
 * `entity,period,indicator,value,unit[,basis][,vintage]`, entity and indicator by
 * code or Chinese name.
 */
import { columnLetter, type GridRow } from "./grid.js";
import { cellKey, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { parsePeriod } from "./periods.js";
import type { ProblemList } from "./problems.js";
import type { RawValue, ReadResult } from "./raw.js";

const FIELDS = ["entity_name", "period", "indicator", "value", "unit", "basis", "vintage"] as const;
const REQUIRED = ["entity_name", "period", "indicator", "value"] as const;

export function readLong(rows: readonly GridRow[], def: LayoutDefinition, problems: ProblemList): ReadResult {
  const header = rows[0];
  if (!header) return { title: undefined, values: [], totals: [] };
  const index: Partial<Record<(typeof FIELDS)[number], number>> = {};
  header.cells.forEach((h, c) => {
    const k = cellKey(h).toLowerCase();
    const field = FIELDS.find((f) => def.columns[f].some((n) => cellKey(n).toLowerCase() === k));
    if (field) index[field] = c;
    else if (k && def.unknown_columns === "error") problems.error("COLUMN_UNKNOWN", ingestMsg.columnUnknown(h), { line: header.line, column: columnLetter(c), value: h, expected: "entity, period, indicator, value, unit, basis, vintage" });
  });
  const missing = REQUIRED.filter((f) => index[f] === undefined);
  if (missing.length) {
    problems.error("HEADER_MISSING", ingestMsg.headerMissing(missing.join(", ")), { line: header.line });
    return { title: undefined, values: [], totals: [] };
  }
  const at = (row: GridRow, f: (typeof FIELDS)[number]) => (index[f] === undefined ? undefined : (row.cells[index[f]!] ?? "").trim());
  const values: RawValue[] = [];
  const kinds = new Map(rows.map((r, i) => [r.line, i === 0 ? ("header" as const) : ("data" as const)]));
  for (const row of rows.slice(1)) {
    if (row.cells.length > header.cells.length) {
      problems.error("ROW_TOO_LONG", ingestMsg.rowTooLong(row.cells.length, header.cells.length), { line: row.line, column: columnLetter(header.cells.length), value: row.cells[header.cells.length] });
      continue;
    }
    const periodText = at(row, "period") ?? "";
    values.push({
      line: row.line,
      column: columnLetter(index.value!),
      entityText: at(row, "entity_name") ?? "",
      entityColumn: index.entity_name === undefined ? undefined : columnLetter(index.entity_name),
      indicatorText: at(row, "indicator") ?? "",
      unitText: at(row, "unit") || undefined,
      periodText,
      period: parsePeriod(periodText),
      basisText: at(row, "basis") || undefined,
      vintageText: at(row, "vintage") || undefined,
      valueText: row.cells[index.value!] ?? "",
    });
  }
  return { title: undefined, values, totals: [], lineKinds: kinds };
}
