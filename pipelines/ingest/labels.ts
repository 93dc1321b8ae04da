/**
 * Indicator labels carry more than a name: `房地产投资累计值(亿元)` is the indicator
 * 房地产投资, year-to-date, in 亿元; `…累计增长(%)` is its year-on-year growth.
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
}

const SUFFIXES: ReadonlyArray<[RegExp, Basis | undefined, Measure]> = [
  [/累计增长(率)?$|累计同比增长(率)?$|累计增速$/, "ytd", "yoy_pct"],
  [/当季增长(率)?$|当月增长(率)?$|当期增长(率)?$|当月同比增长(率)?$/, "period", "yoy_pct"],
  [/同比增长(率)?$|比上年增长(率)?$|增速$|增长率$/, undefined, "yoy_pct"],
  [/累计值$|累计$/, "ytd", "value"],
  [/当季值$|当月值$|当期值$|当季$|当月$|当期$/, "period", "value"],
];

export function parseLabel(raw: string, ref: Reference): ParsedLabel {
  const label = raw.normalize("NFKC").replace(/[\s\u3000]+/g, "").trim();
  let name = label;
  let unitText: string | undefined;
  const m = label.match(/^(.*)\(([^()]*)\)$/);
  if (m && ref.unit(m[2]!)) {
    name = m[1]!;
    unitText = m[2]!;
  } else if (m && /^[^=]*$/.test(m[2]!) && m[2]!.length <= 8 && !ref.indicator(label)) {
    // An unknown unit in parentheses is still a unit: reported as UNIT_UNKNOWN, not glued to the name.
    name = m[1]!;
    unitText = m[2]!;
  }
  let basis: Basis | undefined;
  let measure: Measure = "value";
  if (!ref.indicator(name)) {
    for (const [re, b, meas] of SUFFIXES) {
      if (re.test(name)) {
        const stripped = name.replace(re, "");
        if (stripped) {
          name = stripped;
          basis = b;
          measure = meas;
        }
        break;
      }
    }
  }
  return { label, name, unitText, basis, measure };
}
