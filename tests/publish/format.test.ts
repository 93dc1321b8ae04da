/**
 * Numbers as readers see them: 四舍五入 on the figure as written. Expected values by hand: 593.45 to one decimal is
 * 593.5 (the 5 rounds up), whichever side of 593.45 the double of a sum lands on; 1.005 to two decimals is 1.01.
 */
import { describe, expect, it } from "vitest";
import { formatNumber, toFixedHalfUp } from "../../pipelines/publish/format.js";
import { downloadCell } from "../../dashboards/kit/table-download.js";
import type { NumberFormats } from "../../dashboards/kit/format.js";

describe("toFixedHalfUp", () => {
  it("rounds the written figure half away from zero, not its binary double", () => {
    // The two sums the operator tester saw for the same zones: the incremental and the full build.
    expect(toFixedHalfUp(593.44999999999993, 1)).toBe("593.5");
    expect(toFixedHalfUp(593.45000000000005, 1)).toBe("593.5");
    expect((593.44999999999993).toFixed(1)).toBe("593.4"); // what the site printed before
    expect(toFixedHalfUp(1.005, 2)).toBe("1.01");
    expect(toFixedHalfUp(55.75, 1)).toBe("55.8");
    expect(toFixedHalfUp(-2.25, 1)).toBe("-2.3");
    expect(toFixedHalfUp(-0.04, 1)).toBe("0.0");
    expect(toFixedHalfUp(0.044, 2)).toBe("0.04");
    expect(toFixedHalfUp(12345.6789, 0)).toBe("12346");
  });

  it("is what the pages and the downloads print", () => {
    expect(formatNumber(593.44999999999993, 1)).toBe("593.5");
    expect(formatNumber(-1234.5, 0)).toBe("-1,235");
    const f = { decimals: () => 1 } as unknown as NumberFormats;
    expect(downloadCell("value", { value: 593.44999999999993, indicator_code: "gdp", unit: "亿元" }, f)).toBe("593.5");
  });
});

describe("toFixedHalfUp's arithmetic shortcut", () => {
  /** The rule as first written (before the shortcut): the 15-significant-digit figure, scaled and rounded. */
  const reference = (v: number, decimals: number): string => {
    if (!Number.isFinite(v)) return String(v);
    const snapped = Math.abs(v).toPrecision(15);
    if (snapped.includes("e")) return v.toFixed(decimals);
    const scaled = Math.round(Number(`${snapped}e${decimals}`));
    const s = (scaled / 10 ** decimals).toFixed(decimals);
    return v < 0 && scaled !== 0 ? `-${s}` : s;
  };
  it("gives the written rule's text on a million values, halves and near-halves included", () => {
    // A fixed pseudo-random sequence (xorshift), so a failure repeats.
    let seed = 0x2545f491;
    const rand = () => ((seed ^= seed << 13), (seed ^= seed >>> 17), (seed ^= seed << 5), (seed >>> 0) / 2 ** 32);
    const differ: string[] = [];
    for (let i = 0; i < 1_000_000 && differ.length < 5; i++) {
      const d = Math.floor(rand() * 5);
      const mag = 10 ** Math.floor(rand() * 24 - 8);
      let v: number;
      switch (i % 4) {
        case 0: // any value over 1e-8 … 1e15
          v = rand() * mag;
          break;
        case 1: // a written half at d decimals (5934.45), as parsed
          v = (Math.floor(rand() * 1e6) + 0.5) / 10 ** d;
          break;
        case 2: // a half a few binary digits off, as a sum gives it (593.44999999999993)
          v = ((Math.floor(rand() * 1e6) + 0.5) / 10 ** d) * (1 + (Math.floor(rand() * 9) - 4) * Number.EPSILON);
          break;
        default: // sums of tenths and hundredths, signed
          v = (rand() < 0.5 ? -1 : 1) * (Math.floor(rand() * 1e5) / 10 + Math.floor(rand() * 1e5) / 100);
      }
      if (toFixedHalfUp(v, d) !== reference(v, d)) differ.push(`${v} @${d}: ${toFixedHalfUp(v, d)} vs ${reference(v, d)}`);
    }
    expect(differ).toEqual([]);
    // By hand, the cases the rule exists for still go through the figure: 5934.45 and its neighbours → 5934.5.
    expect(toFixedHalfUp(5934.4499999999993, 1)).toBe("5934.5");
    expect(toFixedHalfUp(0, 2)).toBe("0.00");
    expect(toFixedHalfUp(-0.004, 2)).toBe("0.00");
  });
});
