/**
 * The table a zone committee or the commerce department sends each quarter: a title
 * line (`2024年1-6月全省经济开发区主要经济指标`), perhaps `单位：万元`, a header row with
 * units in the labels, one row per zone (or city), perhaps 序号 and a 合计 row.
 *
 * The header may take two rows: a merged group cell (`主要经济指标`) over the real
 * labels, an indicator over its 累计值/增长 sub-columns, or units alone on the second row.
 * Between data rows a `注：…` line is a note (the rows after it still load), a
 * `其中：国家级` row a subtotal (not loaded, warned), a second title or header a second
 * table (one TABLE_SECOND error). Every row's kind is kept for row accounting.
 */
import path from "node:path";
import { columnLetter, type GridRow } from "./grid.js";
import { parseLabel } from "./labels.js";
import { cellKey, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import type { LineKind } from "./accounting.js";
import { parseNumber } from "./numbers.js";
import { parsePeriod, scanPeriod, SECOND_PERIOD_WORD, type Period } from "./periods.js";
import type { ProblemList } from "./problems.js";
import type { RawValue, ReadResult, TotalValue } from "./raw.js";
import type { Reference } from "./reference.js";
import { isStatedRow, metadataPairs } from "./edition.js";

type Role = "entity" | "code" | "city" | "period" | "ignore" | "indicator";

/** A header cell that is only a unit: `(亿元)`, `（万元）`, `亿元`, `单位：亿元`. */
function unitOnly(text: string, ref: Reference): string | undefined {
  const k = cellKey(text).replace(/^(?:计量)?单位[：:]/, "").replace(/^\((.*)\)$/, "$1");
  return k && ref.unit(k) ? k : undefined;
}

/** A header cell that is only a growth wording (`增速(%)`, `比上年同期增长(%)`): it belongs to the indicator on its left. */
const GROWTH_ALONE = /^(?:累计)?(?:比上年同期增长|比去年同期增长|比上年增长|同比增长|同比增减|同比±?|增速|增幅|增长率?)(?:率)?(?:\((?:%|±%|％)\)|%|±%)?$/;

export function readEntityTable(rows: readonly GridRow[], def: LayoutDefinition, problems: ProblemList, ref: Reference, fileName: string): ReadResult {
  const cols = def.columns;
  const kinds = new Map<number, LineKind>();
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
    return { title: undefined, values: [], totals: [], lineKinds: kinds };
  }
  let title: string | undefined;
  let titleLine: number | undefined;
  let defaultUnit: string | undefined;
  let unitLine: number | undefined;
  for (const r of rows.slice(0, headerIndex)) {
    const cells = r.cells.map((c) => c.trim()).filter(Boolean);
    const text = cells.join(" ");
    const unit = cellKey(text).match(/^(?:计量)?单位[：:](.+)$/);
    if (isStatedRow(r.cells)) kinds.set(r.line, "meta"); // 填报日期：… (rule 2, edition.ts), not a title
    else if (unit) {
      defaultUnit = unit[1];
      unitLine = r.line;
      kinds.set(r.line, "unit");
    } else if (text && !title) {
      title = text;
      titleLine = r.line;
      kinds.set(r.line, "title");
    } else if (def.footer_prefixes.some((p) => text.startsWith(p))) kinds.set(r.line, "note");
    else kinds.set(r.line, cells.length > 1 ? "header" : "title"); // a group row over the header, or a subtitle
  }
  const header = rows[headerIndex]!;
  kinds.set(header.line, "header");
  const headerRoles = header.cells.map((h) => (cellKey(h) ? roleOf(h) : undefined));

  // A second header row: entity/code/city/ignore cells empty, the rest text (labels or units), no numbers.
  const next = rows[headerIndex + 1];
  const isSubHeader =
    next !== undefined &&
    next.cells.some((c, i) => cellKey(c) && !headerRoles[i]) &&
    next.cells.every((c, i) => !cellKey(c) || (!headerRoles[i] && parseNumber(c).kind === "invalid"));
  // Or the group row sits above the row with 开发区名称 (序号/名称/所在市 typed on the lower row, indicator
  // groups merged on the upper one — Excel leaves blanks to the right of a merged cell).
  const prev = headerIndex > 0 ? rows[headerIndex - 1] : undefined;
  const isGroupAbove =
    !isSubHeader &&
    prev !== undefined &&
    prev.line !== titleLine &&
    prev.cells.some((c, i) => cellKey(c) && !headerRoles[i] && ref.indicator(parseLabel(c.trim(), ref).name) !== undefined) &&
    prev.cells.every((c, i) => !cellKey(c) || (!headerRoles[i] && parseNumber(c).kind === "invalid"));
  const upper = isGroupAbove ? prev!.cells : header.cells;
  const lower = isSubHeader ? next!.cells : isGroupAbove ? header.cells : [];
  const twoRows = isSubHeader || isGroupAbove;
  const width = Math.max(upper.length, lower.length);
  // Groups with both a 累计 and a 当季/当月 value column: a bare growth column under them is ambiguous.
  const bothBases = new Set<string>();
  if (twoRows) {
    const seenBases = new Map<string, Set<string>>();
    let g = "";
    for (let c = 0; c < width; c++) {
      const h1 = (upper[c] ?? "").trim();
      if (h1 || headerRoles[c]) g = h1;
      const h2 = (lower[c] ?? "").trim();
      const b = /累计/.test(h2) && !GROWTH_ALONE.test(cellKey(h2)) ? "ytd" : /当季|当月|当期/.test(h2) && !GROWTH_ALONE.test(cellKey(h2)) ? "period" : undefined;
      if (g && b) seenBases.set(g, (seenBases.get(g) ?? new Set()).add(b));
    }
    for (const [k, v] of seenBases) if (v.size > 1) bothBases.add(k);
  }
  const labels: string[] = [];
  let group = "";
  for (let c = 0; c < width; c++) {
    const h1 = (upper[c] ?? "").trim();
    const h2 = twoRows ? (lower[c] ?? "").trim() : "";
    if (h1 || headerRoles[c]) group = h1;
    if (headerRoles[c] && isGroupAbove) {
      labels.push(h2);
      continue;
    }
    if (!twoRows || !h2 || headerRoles[c]) {
      labels.push(h1);
      continue;
    }
    if (GROWTH_ALONE.test(cellKey(h2)) && !/^(累计|当季|当月|当期)/.test(h2) && bothBases.has(group)) {
      // 累计值 | 当季值 | 同比增长(%): whose growth? Not guessed.
      problems.error("COLUMN_UNKNOWN", ingestMsg.growthOfWhich(group, h2), { line: header.line, column: columnLetter(c), value: h2, expected: "写明“累计增长(%)”或“当季增长(%)”" });
      labels.push("");
      continue;
    }
    const unit = unitOnly(h2, ref);
    if (unit) labels.push(`${group}(${unit})`);
    else if (group && ref.indicator(parseLabel(group, ref).name)) labels.push(group + h2); // 地区生产总值 over 累计值(亿元) / 增长(%)
    else labels.push(h2); // 主要经济指标 over the real labels: the group names nothing
  }
  if (isGroupAbove) kinds.set(prev!.line, "header");
  if (isSubHeader) kinds.set(next.line, "header");

  const roles: Role[] = [];
  const seen = new Map<string, number>();
  // A column's own unit overrides the 单位 line (单位：万元 with 地区生产总值(亿元) beside 一般公共预算收入: a mixed table). When
  // no column is left for the line to apply to and a column's unit of the same dimension differs from it, one of the two
  // is wrong and which is not known — 10,000× either way (stat-qa7 F11: loaded as 亿元 without a word).
  let unitLineUsed = false;
  const unitConflicts: Array<{ column: number; header: string }> = [];
  let lastIndicator: string | undefined;
  labels.forEach((h, c) => {
    const k = cellKey(h);
    if (!k) {
      roles.push("ignore");
      return;
    }
    const role = roleOf(h);
    if (role) {
      if (seen.has(k)) problems.error("COLUMN_DUPLICATE", ingestMsg.columnDuplicate(h), { line: header.line, column: columnLetter(c), value: h });
      seen.set(k, c);
      roles.push(role);
      return;
    }
    if (GROWTH_ALONE.test(k)) {
      // `地区生产总值(亿元),增速(%)`: the growth of the indicator on the left.
      if (!lastIndicator) {
        problems.error("COLUMN_UNKNOWN", ingestMsg.headerGrowthAlone(h), { line: header.line, column: columnLetter(c), value: h, expected: "“地区生产总值增速(%)”这样写明指标" });
        roles.push("ignore");
        return;
      }
      labels[c] = h = lastIndicator + k;
    }
    if (seen.has(cellKey(h))) problems.error("COLUMN_DUPLICATE", ingestMsg.columnDuplicate(h), { line: header.line, column: columnLetter(c), value: h });
    seen.set(cellKey(h), c);
    const parsed = parseLabel(h, ref);
    const own = parsed.unitText ? ref.unit(parsed.unitText) : undefined;
    const stated = defaultUnit ? ref.unit(defaultUnit) : undefined;
    if (!parsed.unitText) unitLineUsed = true;
    else if (own && stated && own.dimension === stated.dimension && own.unit !== stated.unit) unitConflicts.push({ column: c, header: h });
    if (!ref.indicator(parsed.name) && def.unknown_columns === "error") {
      problems.error("COLUMN_UNKNOWN", ingestMsg.columnUnknown(h), { line: header.line, column: columnLetter(c), value: h, expected: "指标目录中的指标名称或别名（sources/seeds/indicators.csv）；单位写在括号中，如“地区生产总值(亿元)”" });
    }
    if (parsed.measure === "value") lastIndicator = parsed.name;
    roles.push("indicator");
  });

  if (!unitLineUsed) {
    for (const u of unitConflicts) {
      problems.error("UNIT_MISMATCH", ingestMsg.unitLineConflict(defaultUnit!, unitLine!, u.header), { line: header.line, column: columnLetter(u.column), value: u.header, expected: `与单位行一致（${defaultUnit}），或删去单位行、只在列标题中写单位` });
    }
  }

  const errorsBefore = problems.errors.length;
  const filePeriod = readFilePeriod(def, title, titleLine, fileName, problems);
  const periodCol = roles.indexOf("period");
  if (!filePeriod && periodCol < 0) {
    // One structural error for the file, not one per cell.
    if (problems.errors.length === errorsBefore) problems.error("PERIOD_MISSING", ingestMsg.periodMissing(), { line: rows[0]?.line, value: title ?? path.basename(fileName) });
    return { title, values: [], totals: [], lineKinds: kinds };
  }

  const values: RawValue[] = [];
  const totals: TotalValue[] = [];
  const entityCol = roles.indexOf("entity");
  const codeCol = roles.indexOf("code");
  const cityCol = roles.indexOf("city");
  const totalLabels = def.total_row_labels.map(cellKey);
  const identityCols = new Set(roles.flatMap((r, i) => (r === "entity" || r === "code" || r === "ignore" || r === "city" ? [i] : [])));
  for (const row of rows.slice(headerIndex + (isSubHeader ? 2 : 1))) {
    const filled = row.cells.map((c) => c.trim()).filter(Boolean);
    const firstText = filled[0] ?? "";
    if (!firstText) continue;
    if (isStatedRow(row.cells) || (metadataPairs(row.cells)?.length ?? 0) > 1) {
      // 填报日期：… (rule 2, edition.ts) or a signature row (单位负责人：|赵六|填表人：|钱七) under the table.
      kinds.set(row.line, "meta");
      continue;
    }
    if (def.footer_prefixes.some((p) => firstText.startsWith(p))) {
      // A note, between data rows or after them: recognised and skipped; the rows after it still load.
      kinds.set(row.line, "note");
      continue;
    }
    const secondHeader = row.cells.some((c) => roleOf(c) === "entity" || roleOf(c) === "code");
    const secondTitle = filled.length === 1 && scanPeriod(firstText) !== undefined;
    if (secondHeader || secondTitle) {
      problems.error("TABLE_SECOND", ingestMsg.titleSecondTable(filled.join(",").slice(0, 40)), { line: row.line, value: firstText, expected: "每个文件一张表" });
      break;
    }
    const isTotal = row.cells.some((c, idx) => identityCols.has(idx) && roles[idx] !== "city" && totalLabels.includes(cellKey(c)));
    const entityText = (codeCol >= 0 && row.cells[codeCol]?.trim()) || (entityCol >= 0 ? row.cells[entityCol]?.trim() ?? "" : "");
    if (!isTotal && (/^其中[：:]?/.test(firstText) || /^其中/.test(entityText))) {
      kinds.set(row.line, "subtotal");
      problems.warn("SUBTOTAL_ROW", ingestMsg.subtotalRow(firstText), { line: row.line, value: firstText });
      continue;
    }
    if (row.cells.length > labels.length) {
      kinds.set(row.line, "data");
      problems.error("ROW_TOO_LONG", ingestMsg.rowTooLong(row.cells.length, labels.length), { line: row.line, column: columnLetter(labels.length), value: row.cells[labels.length] });
      continue;
    }
    kinds.set(row.line, isTotal ? "total" : "data");
    if (!isTotal && !entityText) {
      const n = roles.filter((r, c) => r === "indicator" && parseNumber(row.cells[c] ?? "").kind !== "missing").length;
      if (n > 0) {
        problems.error("ROW_NO_ENTITY", ingestMsg.rowNoEntity(n), { line: row.line, value: row.cells.join(",").slice(0, 60), expected: "开发区名称或代码；小计行请以“其中：”开头，合计行写“合计”" });
        continue;
      }
    }
    const periodText = periodCol >= 0 ? row.cells[periodCol] ?? "" : (filePeriod?.label ?? "");
    const period = periodCol >= 0 ? parsePeriod(periodText, { year: filePeriod?.year }) : filePeriod;
    roles.forEach((role, c) => {
      if (role !== "indicator") return;
      const indicatorText = labels[c]!;
      const valueText = row.cells[c] ?? "";
      if (isTotal) {
        totals.push({ line: row.line, column: columnLetter(c), indicatorText, valueText });
        return;
      }
      values.push({
        line: row.line,
        column: columnLetter(c),
        entityText,
        entityColumn: columnLetter(codeCol >= 0 && row.cells[codeCol]?.trim() ? codeCol : entityCol),
        cityText: cityCol >= 0 ? row.cells[cityCol]?.trim() : undefined,
        cityColumn: cityCol >= 0 ? columnLetter(cityCol) : undefined,
        indicatorText,
        unitText: parseLabel(indicatorText, ref).unitText ? undefined : defaultUnit,
        periodText,
        period,
        basisText: period?.grain === "quarter" && def.quarter_basis === "ytd" ? "ytd" : undefined,
        valueText,
      });
    });
  }
  // A column headed 开发区名称 / 园区 holds zones: a region named in it is a subtotal (resolve.ts).
  const entityHeader = entityCol >= 0 ? labels[entityCol] ?? "" : "";
  return { title, values, totals, lineKinds: kinds, ...(/开发区|园区/.test(entityHeader) ? { entityKinds: ["zone"] } : {}) };
}

/**
 * The file's period from its title and/or its file name (in `def.period_from` order).
 * A title or name that names a period only partly is PERIOD_INVALID (the leftover named);
 * title and name naming different intervals is PERIOD_CONFLICT. Never a guess.
 */
function readFilePeriod(def: LayoutDefinition, title: string | undefined, titleLine: number | undefined, fileName: string, problems: ProblemList): Period | undefined {
  const base = path.basename(fileName);
  const found: Array<[string, Period]> = [];
  for (const source of def.period_from) {
    const text = source === "title" ? title : base;
    if (!text) continue;
    const r = scanPeriod(text);
    if (!r) continue;
    if (!r.ok) {
      problems.error("PERIOD_INVALID", `${source === "title" ? "标题" : "文件名"}${ingestMsg.periodInvalid(text)}：${r.reason}`, { line: source === "title" ? titleLine : undefined, value: r.leftover ?? text, expected: "如 2024年1-6月、2024年1-3季度、2024年上半年、2024年第三季度" });
      return undefined;
    }
    found.push([text, r.period]);
  }
  // The year on one side, the months on the other (「2025年开发区统计.csv」 titled 「1-6月…」): read together as
  // 2025年1-6月, said with a warning — never the bare year, which would store a half-year as the whole year.
  if (found.length === 1 && found[0]![1].grain === "year") {
    const [yearText, yearPeriod] = found[0]!;
    const other = def.period_from.map((src) => (src === "title" ? title : base)).find((t) => t && t !== yearText);
    if (other && SECOND_PERIOD_WORD.test(other.normalize("NFKC"))) {
      const joined = scanPeriod(`${yearPeriod.year}年${other}`);
      if (!joined?.ok) {
        problems.error("PERIOD_CONFLICT", ingestMsg.periodConflict(yearPeriod.label, other), { line: titleLine, value: `${yearText} / ${other}`, expected: "标题或文件名写出完整期间，如 2025年1-6月" });
        return undefined;
      }
      if (joined.period.grain !== "year") {
        problems.warn("PERIOD_COMBINED", ingestMsg.periodCombined(yearText, other, joined.period.label), { line: titleLine, value: other, expected: joined.period.label });
        return joined.period;
      }
    }
  }
  const [first, second] = found;
  if (first && second && (first[1].start !== second[1].start || first[1].end !== second[1].end)) {
    problems.error("PERIOD_CONFLICT", ingestMsg.periodConflict(first[1].label, second[1].label), { line: titleLine, value: `${first[0]} / ${second[0]}`, expected: "标题与文件名写同一期间" });
    return undefined;
  }
  return first?.[1];
}
