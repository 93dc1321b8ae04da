/**
 * pivotRows (dashboards/kit/wide.ts) stands in for arquero's groupby + pivot in the zone pages' wide
 * tables: the expected rows come from arquero itself (the independent path the pages used before),
 * on inputs chosen to catch a hand-written pivot going wrong — repeated cells (arquero keeps the first
 * valid one), null and NaN values, a group without some column, keys that differ only by type (the
 * number 1 and the string "1" are two groups), null keys, "|" inside keys of a two-key grouping.
 */
import * as aq from "arquero";
import { describe, expect, it } from "vitest";
import { pivotRows } from "../../dashboards/kit/wide.js";

const viaArquero = (rows: Record<string, unknown>[], keys: string[]) => aq.from(rows).groupby(...keys).pivot("p", "v").objects() as Record<string, unknown>[];

describe("pivotRows", () => {
  it("gives arquero's rows, columns and values, row order and column order included", () => {
    const rows = [
      { k: "地区生产总值（亿元）", p: "2023", v: 10.5 },
      { k: "地区生产总值（亿元）", p: "2021", v: null },
      { k: "地区生产总值（亿元）", p: "2021", v: 8 }, // the first valid value of a repeated cell
      { k: "地区生产总值（亿元）", p: "2023", v: 11 }, // a later one is not taken
      { k: 1, p: "2022", v: 3 },
      { k: "1", p: "2022", v: 4 }, // not the group of the number 1
      { k: null, p: "2020", v: Number.NaN },
      { k: null, p: "2023", v: 0 },
      { k: "税收", p: "2022", v: Number.NaN }, // a group with no valid value at all
    ];
    const mine = pivotRows(rows, ["k"], "p", "v");
    expect(mine).toEqual(viaArquero(rows, ["k"]));
    // toEqual ignores key order and undefined-vs-missing: both compared as well.
    expect(mine!.map((r) => Object.keys(r))).toEqual(viaArquero(rows, ["k"]).map((r) => Object.keys(r)));
    expect(mine![0]).toEqual({ k: "地区生产总值（亿元）", "2020": undefined, "2021": 8, "2022": undefined, "2023": 10.5 });
    expect(mine!.length).toBe(5);
  });

  it("groups on two keys as arquero does, a '|' inside a key included", () => {
    const rows = [
      { a: "x|y", b: "z", p: "2024年1-9月", v: 1 },
      { a: "x", b: "y|z", p: "2024年1-9月", v: 2 },
      { a: "x|y", b: "z", p: "2023年1-9月", v: 3 },
      { a: true, b: 0, p: "2023年1-9月", v: 4 },
    ];
    expect(pivotRows(rows, ["a", "b"], "p", "v")).toEqual(viaArquero(rows, ["a", "b"]));
  });

  it("leaves to arquero what it does not mirror", () => {
    expect(pivotRows([{ k: { x: 1 }, p: "2023", v: 1 }], ["k"], "p", "v")).toBeUndefined();
    expect(pivotRows([{ k: "a", p: "k", v: 1 }], ["k"], "p", "v")).toBeUndefined();
    expect(pivotRows([{ k: "a", p: 2023, v: 1 }], ["k"], "p", "v")).toBeUndefined();
  });
});
