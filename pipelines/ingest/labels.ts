/**
 * Indicator labels carry more than a name: `房地产投资累计值(亿元)` is the indicator
 * 房地产投资, year-to-date, in 亿元; `…累计增长(%)` is its year-on-year growth.
 *
 * Units are read in every spelling a header carries them: `(亿元)`, `（亿元）`, `/亿元`,
 * ` 亿元` after a space, `\n(亿元)` on the cell's second line, a trailing `%`/`±%`.
 * Growth wordings (比上年同期增长, 比上年增长, 同比增长, 同比±, 增速, 增幅, 增长) are the
 * published 同比 (measure yoy_pct); 当季值/当月值 name a single quarter or month.
 */
import type { Basis } from "./periods.js";
import type { Reference } from "./reference.js";

export type Measure = "value" | "yoy_pct";

export interface ParsedLabel {
  readonly label: string;
  readonly name: string;
  readonly unitText: string | undefined;
  readonly basis: Basis | undefined;
  readonly measure: Measure;
  /** 当季 → "quarter", 当月 → "month": the single period a 当期 value covers (undefined for 当期 or none). */
  readonly periodUnit?: "quarter" | "month";
}

const SUFFIXES: ReadonlyArray<[RegExp, Basis | undefined, Measure, ("quarter" | "month")?]> = [
  [/累计增长(率)?$|累计同比增长(率)?$|累计增速$|累计比上年同期增长(率)?$/, "ytd", "yoy_pct"],
  [/当季增长(率)?$|当季同比增长(率)?$/, "period", "yoy_pct", "quarter"],
  [/当月增长(率)?$|当月同比增长(率)?$/, "period", "yoy_pct", "month"],
  [/当期增长(率)?$/, "period", "yoy_pct"],
  [/比上年同期增长(率)?$|比去年同期增长(率)?$|比上年同期增减$|比上年增长(率)?$|同比增长(率)?$|同比增减$|同比±$|同比$|增速$|增幅$|增长率$|增长$/, undefined, "yoy_pct"],
  [/累计值$|累计$/, "ytd", "value"],
  [/当季值$|当季$/, "period", "value", "quarter"],
  [/当月值$|当月$/, "period", "value", "month"],
  [/当期值$|当期$/, "period", "value"],
];

/** Splits a unit written without parentheses: `名称/亿元`, `名称 亿元`, `名称%`, `名称±%`. */
function splitBareUnit(normalized: string, ref: Reference): [string, string] | undefined {
  const compact = normalized.replace(/[\s\u3000]+/g, "");
  // The first slash whose right side is a whole unit (亿元/平方公里 is one unit).
  for (let i = compact.indexOf("/"); i > 0; i = compact.indexOf("/", i + 1)) {
    const unit = compact.slice(i + 1);
    if (ref.unit(unit)) return [compact.slice(0, i), unit];
  }
  const spaced = normalized.match(/^(.+?)[\s\u3000]+(\S+)$/);
  if (spaced && ref.unit(spaced[2]!)) return [spaced[1]!.replace(/[\s\u3000]+/g, ""), spaced[2]!];
  const pct = compact.match(/^(.+?)(?:±)?%$/);
  if (pct) return [pct[1]!, "%"];
  return undefined;
}

export function parseLabel(raw: string, ref: Reference): ParsedLabel {
  const normalized = raw.normalize("NFKC").trim();
  const label = normalized.replace(/[\s\u3000]+/g, "");
  let name = label;
  let unitText: string | undefined;
  const m = label.match(/^(.*)\(([^()]*)\)$/);
  const bare = m || ref.indicator(label) ? undefined : splitBareUnit(normalized, ref);
  if (bare) {
    [name, unitText] = bare;
  } else if (m && ref.unit(m[2]!)) {
    name = m[1]!;
    unitText = m[2]!;
  } else if (m && /^[^=]*$/.test(m[2]!) && m[2]!.length <= 8 && !ref.indicator(label)) {
    // An unknown unit in parentheses is still a unit: reported as UNIT_UNKNOWN, not glued to the name.
    name = m[1]!;
    unitText = m[2]!;
  }
  if (unitText === "±%") unitText = "%";
  let basis: Basis | undefined;
  let measure: Measure = "value";
  let periodUnit: "quarter" | "month" | undefined;
  if (!ref.indicator(name)) {
    for (const [re, b, meas, pu] of SUFFIXES) {
      if (re.test(name)) {
        const stripped = name.replace(re, "");
        if (stripped) {
          name = stripped;
          basis = b;
          measure = meas;
          periodUnit = pu;
        }
        break;
      }
    }
  }
  return { label, name, unitText, basis, measure, periodUnit };
}
