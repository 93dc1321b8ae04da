/**
 * One grid (a CSV's rows, or one Excel sheet's) → facts: detect the layout, read it
 * with its reader, resolve entities, indicators, periods and units, check 合计 rows.
 * Every source goes through here, so a rule added after the grid applies to all.
 */
import type { GridRow } from "./grid.js";
import { detectLayout, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import type { ProblemList } from "./problems.js";
import type { ReadResult } from "./raw.js";
import { readEntityTable } from "./read-table.js";
import { readLong } from "./read-long.js";
import { readNbsExport } from "./read-nbs.js";
import type { Reference } from "./reference.js";
import { checkTotals, resolveValues, type Fact } from "./resolve.js";

export interface GridRead {
  readonly layout: LayoutDefinition;
  readonly title: string | undefined;
  readonly facts: Fact[];
  /** What each grid line was (data, title, header, note, …), for the file's row accounting. */
  readonly lineKinds?: ReadResult["lineKinds"];
}

/**
 * @param rows non-empty grid rows
 * @param fileName the file's name (a layout may take the period from it)
 * @returns the layout and facts, or undefined when no layout matched (LAYOUT_UNKNOWN recorded)
 */
export function readGrid(rows: readonly GridRow[], fileName: string, opts: { reference: Reference; layouts: readonly LayoutDefinition[] }, problems: ProblemList): GridRead | undefined {
  const detection = detectLayout(rows, opts.layouts);
  const layout = detection.layout;
  if (!layout) {
    const reasons = detection.misses.slice(0, 3).map((m) => `${m.name}（${m.reason}）`).join("；");
    problems.error("LAYOUT_UNKNOWN", ingestMsg.layoutUnknown(reasons), { line: rows[0]!.line, value: rows[0]!.cells.join(",").slice(0, 60) });
    return undefined;
  }
  let read: ReadResult;
  if (layout.reader === "nbs_export") read = readNbsExport(rows, layout, problems);
  else if (layout.reader === "entity_table") read = readEntityTable(rows, layout, problems, opts.reference, fileName);
  else read = readLong(rows, layout, problems);

  const facts = resolveValues(read.values, opts.reference, { unknownIndicators: layout.unknown_indicators, entityKinds: layout.entity_kinds ?? read.entityKinds }, problems);
  // Region rows of a zone report, refused as subtotals by resolve: counted as such in the row accounting.
  const subtotalLines = new Set<number>();
  for (const w of problems.warnings) {
    if (w.code !== "SUBTOTAL_ROW" || w.line === undefined) continue;
    subtotalLines.add(w.line);
    if (read.lineKinds?.get(w.line) === "data") read.lineKinds.set(w.line, "subtotal");
  }
  // A 合计 adds up the zones, not the city subtotals between them.
  checkTotals(read.totals, read.values.filter((v) => !subtotalLines.has(v.line)), problems);
  return { layout, title: read.title, facts, lineKinds: read.lineKinds };
}
