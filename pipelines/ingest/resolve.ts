/**
 * Raw cell values → facts: entity and indicator resolved against the reference
 * data, the period and basis made explicit, the value converted to the indicator's
 * canonical unit with the original text and unit kept. Every failure becomes a
 * problem naming line, column, value and rule.
 */
import { parseLabel } from "./labels.js";
import { ingestMsg } from "./messages.js";
import { hasPercentSign, parseNumber } from "./numbers.js";
import { asYearToDate, lastMonthOf, lastQuarterOf, readPeriod, type Basis, type Period } from "./periods.js";
import type { ProblemList } from "./problems.js";
import type { RawValue, TotalValue } from "./raw.js";
import type { Reference } from "./reference.js";
import type { FactsWideView } from "../warehouse/schema.js";
import { ZONE_TYPE_SHORT } from "../init/zones.js";

/** A resolved value: a row of ingest.facts before the load gives it a file and a load time. */
export type Fact = Omit<FactsWideView, "file_id" | "loaded_at" | "vintage" | "basis" | "value"> & {
  basis: Basis;
  value: number;
  /** Stated in the row (long format), else the file's vintage is used at load. */
  vintage: string | undefined;
};

export interface ResolveOptions {
  readonly unknownIndicators: "error" | "store";
  /** The layout's `entity_kinds`: rows naming another kind are subtotals (SUBTOTAL_ROW), never that unit's own figure. */
  readonly entityKinds?: readonly string[];
}

const BASIS_WORDS: Record<string, Basis> = {
  累计: "ytd", ytd: "ytd", 累计值: "ytd", 年初至今: "ytd",
  当期: "period", 当季: "period", 当月: "period", 当年: "period", period: "period", 当期值: "period",
  时点: "level", 期末: "level", level: "level",
};

const MONEY = new Set(["cny", "usd"]);

export function resolveValues(raw: readonly RawValue[], ref: Reference, opts: ResolveOptions, problems: ProblemList): Fact[] {
  const facts: Fact[] = [];
  const seen = new Map<string, { line: number; value: number }>();
  const warnedLabels = new Set<string>();
  const unknownEntityLines = new Set<number>();
  const cityWarnedLines = new Set<number>();
  const warnedAsOf = new Set<string>();
  const warnedCurrency = new Set<string>();
  for (const r of raw) {
    const at = { line: r.line, column: r.column };
    const nameAt = { line: r.line, column: r.entityColumn ?? r.column };
    const num = parseNumber(r.valueText);
    if (num.kind === "missing") continue;
    if (num.kind === "invalid") {
      problems.error("VALUE_NOT_NUMBER", ingestMsg.valueNotNumber(r.valueText), { ...at, value: r.valueText, expected: "数字；缺失值请留空或写 —" });
      continue;
    }
    if (/\d[eE][+-]?\d/.test(r.valueText)) {
      // 1.23457E+08 is how Excel shows a number that does not fit its column; saved as CSV it keeps
      // only those six digits. The true value cannot be known from the text.
      problems.error("VALUE_SCIENTIFIC", ingestMsg.valueScientific(r.valueText), { ...at, value: r.valueText, expected: "完整写出的数值，如 123456789" });
      continue;
    }
    // A name a zone and a division share (苏州工业园区: a zone and GB/T 2260's 320571) is the one the
    // table holds — a zone report's rows are zones — and stays ambiguous anywhere else.
    const byKind = opts.entityKinds ? ref.candidates(r.entityText).filter((c) => opts.entityKinds!.includes(c.kind)) : [];
    const entity = ref.entity(r.entityText) ?? (byKind.length === 1 ? byKind[0] : undefined);
    if (!entity) {
      // One error per row, not one per cell; the advice names the seed file the name belongs in.
      if (!unknownEntityLines.has(r.line)) {
        unknownEntityLines.add(r.line);
        const candidates = ref.candidates(r.entityText);
        if (candidates.length) {
          problems.error("ENTITY_AMBIGUOUS", ingestMsg.entityAmbiguous(r.entityText, candidates), { ...nameAt, value: r.entityText, expected: "能唯一确定的全称或代码" });
        } else {
          const looksZone = /开发区|园区|经开区|高新区|新区|保税区|合作区|产业园|示范区|功能区|自贸/.test(r.entityText);
          const looksRegion = !looksZone && /[省市县旗盟州]$|地区$|^全国$/.test(r.entityText.trim());
          // 杭州经开区 for a registered 杭州经济技术开发区: the full form is offered, never taken.
          const like = looksZone ? ref.entity(expandZoneAbbreviation(r.entityText)) : undefined;
          const message = looksZone ? ingestMsg.entityUnknownZone(r.entityText) : looksRegion ? ingestMsg.entityUnknownRegion(r.entityText) : ingestMsg.entityUnknown(r.entityText);
          problems.error("ENTITY_UNKNOWN", like ? message + ingestMsg.entityDidYouMean(like.name, r.entityText) : message, { ...nameAt, value: r.entityText, expected: like ? like.name : "已登记的地区或开发区的代码、全称或简称" });
        }
      }
      // The row's other cells are still checked, so a bad value in it is reported in the same run; nothing is stored.
    }
    if (entity && opts.entityKinds && !opts.entityKinds.includes(entity.kind)) {
      // 沈阳市 between its zones in a zone report is their subtotal, not the city's official total
      // (which comes from the bureau): stored as the city's figure it would become a share's denominator.
      if (!unknownEntityLines.has(r.line)) {
        unknownEntityLines.add(r.line);
        problems.warn("SUBTOTAL_ROW", ingestMsg.regionRowInZoneReport(r.entityText, entity.name), { ...nameAt, value: r.entityText });
      }
      continue;
    }
    if (entity && r.cityText && entity.kind === "zone" && !cityWarnedLines.has(r.line)) {
      const city = ref.entity(r.cityText);
      if (city && city.code !== entity.parentCode) {
        // Once per row, at the city cell (not once per value column).
        cityWarnedLines.add(r.line);
        const expectedCity = ref.entityByCode(entity.parentCode)?.name ?? entity.parentCode;
        problems.warn("CITY_MISMATCH", ingestMsg.cityMismatch(entity.name, r.cityText, expectedCity), { line: r.line, column: r.cityColumn ?? r.column, value: r.cityText, expected: expectedCity });
      }
    }
    if (!r.period) {
      const why = r.periodText ? readPeriod(r.periodText) : undefined;
      const reason = why && !why.ok ? why.reason : undefined;
      problems.error(r.periodText ? "PERIOD_INVALID" : "PERIOD_MISSING", r.periodText ? ingestMsg.periodInvalid(r.periodText) + (reason ? `：${reason}` : "") : ingestMsg.periodMissing(), {
        ...at,
        value: r.periodText,
        expected: "如 2024年、2024年第一季度、2024Q1、2024年1-6月、上半年、2024年3月、2024-03",
      });
      continue;
    }
    const label = parseLabel(r.indicatorText, ref);
    const indicator = ref.indicator(label.name);
    if (!indicator && opts.unknownIndicators === "error") {
      problems.error("INDICATOR_UNKNOWN", ingestMsg.indicatorUnknown(r.indicatorText), { ...at, value: r.indicatorText, expected: "指标目录中的代码、名称或别名" });
      continue;
    }
    if (!indicator && !warnedLabels.has(label.label)) {
      warnedLabels.add(label.label);
      problems.warn("INDICATOR_UNCATALOGUED", ingestMsg.indicatorUncatalogued(label.label), { ...at, value: r.indicatorText });
    }

    let basis: Basis | undefined = label.basis;
    if (r.basisText) {
      const b = BASIS_WORDS[r.basisText.toLowerCase()];
      if (!b) {
        problems.error("BASIS_INVALID", ingestMsg.basisInvalid(r.basisText), { ...at, value: r.basisText, expected: "累计 或 当期" });
        continue;
      }
      basis = b;
    }
    if (!basis && label.measure === "value" && indicator && indicator.kind !== "flow") basis = "level";
    let filePeriod: Period = r.period;
    if (filePeriod.asOf && !basis && (label.measure === "yoy_pct" || !indicator || indicator.kind === "flow")) {
      // 截至6月底 / 6月末 for a flow: the amount from 1 January to that date, i.e. 1-6月 累计 — said, not silent.
      filePeriod = asYearToDate(filePeriod);
      basis = "ytd";
      const key = `${r.periodText}|${label.name}`;
      if (!warnedAsOf.has(key)) {
        warnedAsOf.add(key);
        problems.warn("PERIOD_READ_AS_YTD", ingestMsg.periodReadAsYtd(r.periodText || filePeriod.label, label.name, filePeriod.label), { ...at, value: r.periodText, expected: filePeriod.label });
      }
    }
    basis ??= filePeriod.basisHint;
    let period = basis === "ytd" && filePeriod.grain !== "ytd" && filePeriod.grain !== "year" ? asYearToDate(filePeriod) : filePeriod;
    if (basis === "period" && label.periodUnit && period.grain === "ytd") {
      // 当季值 / 当月值 in a year-to-date file: the last quarter or month of it, not the whole range.
      const single = label.periodUnit === "quarter" ? lastQuarterOf(period) : lastMonthOf(period);
      if (!single) {
        problems.error("PERIOD_INVALID", ingestMsg.singleQuarterOffEnd(r.indicatorText, period.label), { ...at, value: r.indicatorText, expected: "季末月份的累计期间，如 1-6月" });
        continue;
      }
      period = single;
    } else if (basis === "period" && period.grain === "ytd" && period.endMonth > 1 && label.basis === "period") {
      // 当期值 under a 1-N月 title: a quarter or a month? Not guessed.
      problems.error("PERIOD_INVALID", ingestMsg.periodAmbiguous(r.indicatorText, period.label), { ...at, value: r.indicatorText, expected: "当季值 或 当月值" });
      continue;
    }

    if (period.start !== `${period.year}-01-01` && basis === "level") {
      // A stock is its level at the period's end, whatever the label: 6月末, 截至6月底, 第二季度 and
      // 1-6月 all state the level on 30 June, so they share one key (1-6月) and editions compare them.
      period = asYearToDate(period);
    } else if (basis === "period" && period.start === `${period.year}-01-01` && period.grain !== "year" && period.grain !== "ytd") {
      // 第一季度 / 1月 start the year: the single period is the year-to-date one (1-3月 累计), one key.
      period = asYearToDate(period);
      basis = "ytd";
    }
    const unitText = r.unitText ?? label.unitText ?? (label.measure === "yoy_pct" ? "%" : undefined);
    const indicatorName = indicator?.name ?? label.name;
    let unit = unitText ? ref.unit(unitText) : undefined;
    let value = num.value;
    let canonicalUnit = unitText ?? "";
    if (!unitText) {
      if (indicator) {
        problems.error("UNIT_MISSING", ingestMsg.unitMissing(indicatorName), { ...at, value: r.indicatorText, expected: `单位，如 ${indicator.unit}` });
        continue;
      }
    } else if (!unit) {
      if (indicator) {
        problems.error("UNIT_UNKNOWN", ingestMsg.unitUnknown(unitText, indicatorName), { ...at, value: unitText, expected: `与 ${indicator.unit} 同量纲的单位` });
        continue;
      }
    } else {
      const target = label.measure === "yoy_pct" ? ref.unit("%") : indicator ? ref.unit(indicator.unit) : ref.canonicalUnit(unit.dimension);
      if (target && target.dimension === unit.dimension) {
        value = round(value * (unit.factor / target.factor));
        canonicalUnit = target.unit;
      } else if (target && MONEY.has(target.dimension) && MONEY.has(unit.dimension)) {
        // USD and CNY are never converted here: kept in the value's own currency, converted only by the exchange-rate table.
        const own = ref.canonicalUnit(unit.dimension)!;
        value = round(value * (unit.factor / own.factor));
        canonicalUnit = own.unit;
        const twin = indicator ? ref.indicator(`${indicator.code}_cny`) : undefined;
        const key = `${indicator?.code}|${own.unit}`;
        if (!warnedCurrency.has(key)) {
          warnedCurrency.add(key);
          problems.warn("UNIT_CURRENCY", twin && twin.unit === own.unit ? ingestMsg.currencyTwin(indicatorName, unitText, twin.name) : ingestMsg.currencyConverted(indicatorName, unitText, target.unit), { ...at, value: unitText, expected: target.unit });
        }
      } else if (target) {
        problems.error("UNIT_MISMATCH", ingestMsg.unitMismatch(unitText, indicatorName, target.unit), { ...at, value: unitText, expected: `与 ${target.unit} 同量纲的单位` });
        continue;
      } else {
        canonicalUnit = unit.unit;
      }
    }
    unit = undefined;
    if (hasPercentSign(r.valueText) && canonicalUnit !== "%") {
      problems.error("VALUE_PERCENT", ingestMsg.valuePercent(r.valueText, indicatorName, canonicalUnit || unitText || ""), { ...at, value: r.valueText, expected: `以 ${canonicalUnit || unitText} 计的数值（不带 %）` });
      continue;
    }

    if (!entity) continue;
    const code = indicator?.code ?? `x:${label.name}`;
    const key = [entity.code, code, label.measure, period.start, period.end, basis, r.vintageText ?? ""].join("|");
    const prior = seen.get(key);
    if (prior) {
      if (prior.value !== value) {
        problems.error("DUPLICATE_VALUE", ingestMsg.duplicateValue(`${entity.name} ${indicatorName} ${period.label}`, prior.line), { ...at, value: r.valueText });
      }
      continue;
    }
    seen.set(key, { line: r.line, value });
    facts.push({
      line: r.line,
      col: r.column,
      entity_code: entity.code,
      entity_name: entity.name,
      entity_kind: entity.kind,
      indicator_code: code,
      indicator_name: indicatorName,
      indicator_label: r.indicatorText,
      uncatalogued: !indicator,
      measure: label.measure,
      period_start: period.start,
      period_end: period.end,
      period_label: period.label,
      grain: period.grain,
      basis,
      value,
      unit: canonicalUnit,
      original_text: r.valueText,
      original_unit: unitText ?? "",
      vintage: r.vintageText,
    });
  }
  return facts;
}

/** Checks 合计 rows against the sum of the rows they total: a warning beyond rounding. */
export function checkTotals(totals: readonly TotalValue[], raw: readonly RawValue[], problems: ProblemList): void {
  for (const t of totals) {
    const total = parseNumber(t.valueText);
    if (total.kind !== "number") continue;
    let sum = 0;
    for (const r of raw) {
      if (r.column !== t.column) continue;
      const v = parseNumber(r.valueText);
      if (v.kind === "number") {
        sum += v.value;
      }
    }
    // Each figure is off by up to half a unit of its own last written digit: the 合计's (1580100 written for
    // 1580100.5 is within 0.5) plus every row's (stat-qa finding 10: the tolerance followed the most precise figure).
    const rows = raw.filter((r) => r.column === t.column && parseNumber(r.valueText).kind === "number");
    const tolerance = 0.5 * 10 ** -decimalsOf(t.valueText) + rows.reduce((s, r) => s + 0.5 * 10 ** -decimalsOf(r.valueText), 0) + 1e-9;
    if (Math.abs(sum - total.value) > tolerance) {
      problems.warn("TOTAL_MISMATCH", ingestMsg.totalMismatch(t.indicatorText, total.value, round(sum)), { line: t.line, column: t.column, value: t.valueText, expected: String(round(sum)) });
    }
  }
}

function decimalsOf(text: string): number {
  const m = text.normalize("NFKC").match(/\.(\d+)/);
  return m ? m[1]!.length : 0;
}

function round(x: number): number {
  return Number(x.toPrecision(12));
}

/**
 * 杭州经开区 → 杭州经济技术开发区: a name ending in a short zone type written with the full type, by the
 * register's own table of short types (init/zones.ts ZONE_TYPE_SHORT, longest first), for a "did you mean" only.
 */
function expandZoneAbbreviation(name: string): string {
  const t = name.trim();
  const short = Object.keys(ZONE_TYPE_SHORT).filter((k) => k !== ZONE_TYPE_SHORT[k]).sort((a, b) => b.length - a.length);
  const hit = short.find((k) => t.endsWith(k) && t.length > k.length);
  return hit ? t.slice(0, -hit.length) + ZONE_TYPE_SHORT[hit]! : t;
}
