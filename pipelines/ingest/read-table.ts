/**
 * The table a zone committee or the commerce department sends each quarter: a title
 * line (`2024年1-6月全省经济开发区主要经济指标`), perhaps `单位：万元`, a header row with
 * units in the labels, one row per zone (or city), perhaps 序号 and a 合计 row.
 */
import path from "node:path";
import { columnLetter, type GridRow } from "./grid.js";
import { parseLabel } from "./labels.js";
import { cellKey, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { findPeriod, parsePeriod, type Period } from "./periods.js";
import type { ProblemList } from "./problems.js";
import type { RawValue, ReadResult, TotalValue } from "./raw.js";
import type { Reference } from "./reference.js";

type Role = "entity" | "code" | "city" | "period" | "ignore" | "indicator";

export function readEntityTable(rows: readonly GridRow[], def: LayoutDefinition, problems: ProblemList, ref: Reference, fileName: string): ReadResult {
  const cols = def.columns;
  const roleOf = (h: string): Role | undefined => {
    const k = cellKey(h);
    const inList = (l: readonly string[]) => l.some((x) => cellKey(x) === k);
    if (inList(cols.entity_name)) return "entity";
    if (inList(cols.entity_code)) return "code";
    if (inList(cols.city)) return "city";
    if (inList(cols.period)) return "period";
    if (inList(cols.ignore)) return "ignore";
    return undefined;
  };
  const headerIndex = rows.findIndex((r, idx) => idx < def.recognise.within_first_rows && r.cells.some((c) => roleOf(c) === "entity" || roleOf(c) === "code"));
  if (headerIndex < 0) {
    problems.error("HEADER_MISSING", ingestMsg.headerMissing([...cols.entity_name, ...cols.entity_code].join("、")), { line: rows[0]?.line });
    return { title: undefined, values: [], totals: [] };
  }
  let title: string | undefined;
  let defaultUnit: string | undefined;
  for (const r of rows.slice(0, headerIndex)) {
    const text = r.cells.map((c) => c.trim()).filter(Boolean).join(" ");
    const unit = cellKey(text).match(/^(?:计量)?单位[：:](.+)$/);
    if (unit) defaultUnit = unit[1];
    else if (text && !title) title = text;
  }
  const header = rows[headerIndex]!;
  const roles: Role[] = [];
  const seen = new Map<string, number>();
  header.cells.forEach((h, c) => {
    const k = cellKey(h);
    if (!k) {
      roles.push("ignore");
      return;
    }
    if (seen.has(k)) problems.error("COLUMN_DUPLICATE", ingestMsg.columnDuplicate(h), { line: header.line, column: columnLetter(c), value: h });
    seen.set(k, c);
    const role = roleOf(h);
    if (role) {
      roles.push(role);
      return;
    }
    const parsed = parseLabel(h, ref);
    if (!ref.indicator(parsed.name) && def.unknown_columns === "error") {
      problems.error("COLUMN_UNKNOWN", ingestMsg.columnUnknown(h), { line: header.line, column: columnLetter(c), value: h, expected: "指标目录中的指标名称或别名（sources/seeds/indicators.csv）" });
    }
    roles.push("indicator");
  });

  let filePeriod: Period | undefined;
  for (const source of def.period_from) {
    filePeriod ??= source === "title" ? (title ? findPeriod(title) : undefined) : findPeriod(path.basename(fileName));
  }
  const periodCol = roles.indexOf("period");
  if (!filePeriod && periodCol < 0) problems.error("PERIOD_MISSING", ingestMsg.periodMissing(), { line: rows[0]?.line, value: title ?? path.basename(fileName) });

  const values: RawValue[] = [];
  const totals: TotalValue[] = [];
  const entityCol = roles.indexOf("entity");
  const codeCol = roles.indexOf("code");
  const cityCol = roles.indexOf("city");
  const totalLabels = def.total_row_labels.map(cellKey);
  for (const row of rows.slice(headerIndex + 1)) {
    const firstText = row.cells.find((c) => c.trim() !== "")?.trim() ?? "";
    if (!firstText) continue;
    if (def.footer_prefixes.some((p) => firstText.startsWith(p))) break;
    if (row.cells.length > header.cells.length) {
      problems.error("ROW_TOO_LONG", ingestMsg.rowTooLong(row.cells.length, header.cells.length), { line: row.line, column: columnLetter(header.cells.length), value: row.cells[header.cells.length] });
      continue;
    }
    const isTotal = row.cells.some((c, idx) => (roles[idx] === "entity" || roles[idx] === "ignore" || roles[idx] === "code") && totalLabels.includes(cellKey(c)));
    const entityText = (codeCol >= 0 && row.cells[codeCol]?.trim()) || (entityCol >= 0 ? row.cells[entityCol]?.trim() ?? "" : "");
    const periodText = periodCol >= 0 ? row.cells[periodCol] ?? "" : (filePeriod?.label ?? "");
    const period = periodCol >= 0 ? parsePeriod(periodText, { year: filePeriod?.year }) : filePeriod;
    roles.forEach((role, c) => {
      if (role !== "indicator") return;
      const indicatorText = header.cells[c]!;
      const valueText = row.cells[c] ?? "";
      if (isTotal) {
        totals.push({ line: row.line, column: columnLetter(c), indicatorText, valueText });
        return;
      }
      values.push({
        line: row.line,
        column: columnLetter(c),
        entityText,
        cityText: cityCol >= 0 ? row.cells[cityCol]?.trim() : undefined,
        indicatorText,
        unitText: parseLabel(indicatorText, ref).unitText ? undefined : defaultUnit,
        periodText,
        period,
        basisText: period?.grain === "quarter" && def.quarter_basis === "ytd" ? "ytd" : undefined,
        valueText,
      });
    });
  }
  return { title, values, totals };
}
