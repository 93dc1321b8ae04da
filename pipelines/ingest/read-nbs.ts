/**
 * National statistics portal exports (data.stats.gov.cn): `数据库：…`, then the fixed
 * dimension (`指标：…` or `地区：…`), `时间：…`, a header row, data newest-first, and a
 * footer (`注：…`, `数据来源：…`). Three orientations: regions as rows, indicators as
 * rows, or time as rows.
 */
import type { LineKind } from "./accounting.js";
import { columnLetter, type GridRow } from "./grid.js";
import { cellKey, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { parsePeriod } from "./periods.js";
import type { ProblemList } from "./problems.js";
import type { RawValue, ReadResult } from "./raw.js";

const META = /^(数据库|指标|地区|时间)[：:](.*)$/;
const NATIONAL_DBS = new Set(["年度数据", "季度数据", "月度数据"]);

export function readNbsExport(rows: readonly GridRow[], def: LayoutDefinition, problems: ProblemList): ReadResult {
  const meta = new Map<string, string>();
  const kinds = new Map<number, LineKind>();
  let i = 0;
  for (; i < rows.length; i++) {
    const cells = rows[i]!.cells;
    const m = cells.length === 1 ? cellKey(cells[0]!).match(META) : null;
    if (!m) break;
    meta.set(m[1]!, m[2]!.trim());
    kinds.set(rows[i]!.line, "meta");
  }
  const header = rows[i];
  const orientation = header ? cellKey(header.cells[0] ?? "") : "";
  if (!header || !["地区", "指标", "时间"].includes(orientation) || header.cells.length < 2) {
    problems.error("HEADER_MISSING", ingestMsg.headerMissing("首格为 地区、指标 或 时间 的表头行"), { line: header?.line, value: header?.cells[0] });
    return { title: meta.get("数据库"), values: [], totals: [], lineKinds: kinds };
  }
  kinds.set(header.line, "header");
  const db = meta.get("数据库") ?? "";
  const fixedEntity = meta.get("地区") ?? (NATIONAL_DBS.has(db) ? "全国" : def.default_entity);
  const fixedIndicator = meta.get("指标");
  // The fixed dimension line is what every cell's indicator or region comes from: without it, one structural error.
  const missing = orientation === "地区" && !fixedIndicator ? "指标" : orientation !== "地区" && !fixedEntity ? "地区" : undefined;
  if (missing) {
    problems.error("NBS_META_MISSING", ingestMsg.nbsMetaMissing(missing, orientation), { line: header.line, value: header.cells.join(",").slice(0, 60), expected: `「${missing}：…」行（位于表头上方）` });
    return { title: meta.get("数据库"), values: [], totals: [], lineKinds: kinds };
  }
  const values: RawValue[] = [];
  const headers = header.cells.map((c) => c.trim());
  for (let r = i + 1; r < rows.length; r++) {
    const row = rows[r]!;
    const first = (row.cells[0] ?? "").trim();
    if (def.footer_prefixes.some((p) => first.startsWith(p)) || first.startsWith("　")) {
      // The portal's footer: every row from here on is note text (notes may span lines).
      for (const rest of rows.slice(r)) kinds.set(rest.line, "note");
      break;
    }
    if (!first) continue;
    kinds.set(row.line, "data");
    if (row.cells.length > headers.length) {
      problems.error("ROW_TOO_LONG", ingestMsg.rowTooLong(row.cells.length, headers.length), { line: row.line, column: columnLetter(headers.length), value: row.cells[headers.length] });
      continue;
    }
    for (let c = 1; c < headers.length; c++) {
      const valueText = row.cells[c] ?? "";
      const colHead = headers[c]!;
      const base = { line: row.line, column: columnLetter(c), valueText };
      if (orientation === "地区") {
        values.push({ ...base, entityText: first, entityColumn: "A", indicatorText: fixedIndicator ?? "", periodText: colHead, period: parsePeriod(colHead) });
      } else if (orientation === "指标") {
        values.push({ ...base, entityText: fixedEntity ?? "", indicatorText: first, periodText: colHead, period: parsePeriod(colHead) });
      } else {
        values.push({ ...base, entityText: fixedEntity ?? "", indicatorText: colHead, periodText: first, period: parsePeriod(first) });
      }
    }
  }
  return { title: [db, fixedIndicator ?? meta.get("地区"), meta.get("时间")].filter(Boolean).join(" · "), values, totals: [], lineKinds: kinds };
}
