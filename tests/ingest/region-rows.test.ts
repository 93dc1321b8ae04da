/**
 * A city or the province named between the zones of a zone report is their subtotal, not the
 * region's official total: stored as the region's own figure it became a share's denominator
 * (a user-tester's 沈阳市 row gave 沈阳 zones 100% of the city). Expected values are the cells.
 */
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadLayouts, type LayoutDefinition } from "../../pipelines/ingest/layout.js";
import { readFile, type FileRead } from "../../pipelines/ingest/read-file.js";
import { loadReference } from "../../pipelines/ingest/reference.js";
import { REPO } from "../support/project.js";

const reference = loadReference(path.join(REPO, "sources/seeds"));
const layouts = loadLayouts(path.join(REPO, "sources/layouts"));
const read = (name: string, text: string, with_ = layouts): FileRead => readFile(name, Buffer.from(text, "utf8"), { reference, layouts: with_, today: "2025-08-01" });
const TITLE = "2025年1-6月全省经济开发区主要经济指标";
const ZONES = `${TITLE}\n开发区名称,所在市,地区生产总值(亿元),固定资产投资(亿元)\n沈阳市,,300.0,100.0\n沈阳经济技术开发区,沈阳市,240.5,80.0\n辽宁省,,2500,800\n`;

describe("region rows in a zone report", () => {
  it("沈阳市 and 辽宁省 rows are subtotals: warned, counted as 小计行, and no value of theirs is loaded", () => {
    const r = read("zones.csv", ZONES);
    expect(r.problems.errors).toEqual([]);
    expect(r.facts.map((f) => `${f.entity_name} ${f.indicator_code} ${f.value}`).sort()).toEqual(["沈阳经济技术开发区 fixed_asset_investment 80", "沈阳经济技术开发区 gdp 240.5"]);
    const warned = r.problems.warnings.filter((w) => w.code === "SUBTOTAL_ROW");
    expect(warned.map((w) => [w.line, w.value])).toEqual([[3, "沈阳市"], [5, "辽宁省"]]);
    expect(warned[0]!.message).toContain("不作为沈阳市的全市（全省）数据");
    expect(r.accounting).toMatchObject({ lines: 5, loaded: 1, subtotal: 2, title: 1, header: 1 });
  });

  it("a project layout without entity_kinds (scaffolded before it existed) still refuses them: the column header 开发区名称 says zones", () => {
    const old = layouts.map((l) => (l.name === "zone_report" ? ({ ...l, entity_kinds: undefined } as LayoutDefinition) : l));
    const r = read("zones.csv", ZONES, old);
    expect(r.facts.some((f) => f.entity_kind !== "zone")).toBe(false);
    expect(r.problems.warnings.filter((w) => w.code === "SUBTOTAL_ROW")).toHaveLength(2);
  });

  it("the same cities in a region totals table are the cities' own figures", () => {
    const r = read("cities.csv", `2025年1-6月各市主要经济指标\n地区,地区生产总值(亿元)\n沈阳市,4051.7\n大连市,4522.3\n`);
    expect(r.problems.errors).toEqual([]);
    expect(r.facts.map((f) => [f.entity_kind, f.entity_name, f.value])).toEqual([["city", "沈阳市", 4051.7], ["city", "大连市", 4522.3]]);
  });
});

describe("money in the other currency says what happens to it", () => {
  it("出口额(亿元) for the 亿美元 indicator: kept in 亿元, warned that only the exchange-rate table converts it", () => {
    const r = read("trade.csv", `2025年1-3月全省经济开发区主要经济指标\n开发区名称,出口额(亿元)\n沈阳经济技术开发区,12.6\n`);
    expect(r.problems.errors).toEqual([]);
    expect(r.facts.map((f) => [f.indicator_code, f.value, f.unit])).toEqual([["exports", 12.6, "亿元"]]);
    const w = r.problems.warnings.find((x) => x.code === "UNIT_CURRENCY");
    expect(w?.message).toContain("汇率表");
  });

  it("进出口总额(亿元), which has a CNY twin (trade_cny), says it is kept apart, not converted", () => {
    const r = read("trade.csv", `2025年1-3月全省经济开发区主要经济指标\n开发区名称,进出口总额(亿元)\n沈阳经济技术开发区,30.2\n`);
    expect(r.problems.warnings.find((x) => x.code === "UNIT_CURRENCY")?.message).toContain("人民币口径");
  });
});

describe("numbers Excel cut short", () => {
  it("1.23457E+08 in a CSV (Excel's display of a number too wide for its column) is refused, naming the cell", () => {
    const r = read("sci.csv", `2025年1-3月全省经济开发区主要经济指标\n开发区名称,地区生产总值(万元)\n沈阳经济技术开发区,1.23457E+08\n`);
    expect(r.problems.errors.map((p) => [p.code, p.line, p.column, p.value])).toEqual([["VALUE_SCIENTIFIC", 3, "B", "1.23457E+08"]]);
    expect(r.facts).toEqual([]);
  });
});

describe("a 合计 under city subtotal rows", () => {
  it("adds up the zones only: no TOTAL_MISMATCH when 合计 equals the zones' sum", () => {
    const r = read("t.csv", `2025年1-6月全省经济开发区主要经济指标\n开发区名称,所在市,地区生产总值(亿元)\n沈阳经济技术开发区,沈阳市,500\n沈阳市,,500\n大连经济技术开发区,大连市,700\n大连市,,700\n合计,,1200\n`);
    expect(r.problems.errors).toEqual([]);
    expect(r.problems.warnings.map((w) => w.code)).toEqual(["SUBTOTAL_ROW", "SUBTOTAL_ROW"]);
  });
});

describe("a name a zone and a division share (苏州工业园区 is also GB/T 2260's 320571)", () => {
  it("a zone report's row is the zone; elsewhere the name stays ambiguous", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zs-seeds-"));
    cpSync(path.join(REPO, "sources/seeds"), dir, { recursive: true });
    const regions = readFileSync(path.join(dir, "regions.csv"), "utf8");
    const header = regions.split(/\r?\n/)[0]!.split(",");
    // A county-level unit named exactly like a registered zone, under 沈阳市.
    const row = header.map((h) => ({ code: "210199", name: "沈阳经济技术开发区", kind: "county", parent_code: "210100" })[h as "code"] ?? "").join(",");
    writeFileSync(path.join(dir, "regions.csv"), regions.replace(/\s*$/, "\n") + row + "\n");
    const ref = loadReference(dir);
    const zone = readFile("z.csv", Buffer.from(`2025年1-6月全省经济开发区主要经济指标\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,500\n`), { reference: ref, layouts, today: "2025-08-01" });
    expect(zone.problems.errors).toEqual([]);
    expect(zone.facts[0]).toMatchObject({ entity_code: "ED210101", entity_kind: "zone" });
    const region = readFile("r.csv", Buffer.from(`2025年1-6月各市主要经济指标\n地区,地区生产总值(亿元)\n沈阳经济技术开发区,500\n`), { reference: ref, layouts, today: "2025-08-01" });
    expect(region.problems.errors.map((p) => p.code)).toEqual(["ENTITY_AMBIGUOUS"]);
    // The name is the full name of both: the advice is the codes, not 「改写为全称」 (quarantine-qa finding 8).
    expect(region.problems.errors[0]!.message).toContain("同时是 县级行政区划（210199）、开发区（ED210101）的全称：不会猜测，请改用代码（县级行政区划写 210199，开发区写 ED210101）");
  });
});

describe("a row's problems are all reported in one run", () => {
  it("an unknown zone name and a % in a money cell of the same row: both errors", () => {
    // 沈阳经济技术开发区 is registered (its short name 沈阳经开区); 大东经开区 → 大东经济技术开发区 is not a zone, 铁西经开区 is an alias.
    const r = read("zones.csv", `${TITLE}\n开发区名称,所在市,地区生产总值(亿元),固定资产投资(亿元)\n沈阳经济技术开发区,沈阳市,240.5,3%\n大东经开区,沈阳市,12.0,3%\n`);
    const errors = r.problems.errors.map((e) => [e.code, e.line, e.column]);
    // Line 4: the name (column A) and the % cell (column D) — the second no longer waits for the first to be fixed.
    expect(errors).toContainEqual(["ENTITY_UNKNOWN", 4, "A"]);
    expect(errors).toContainEqual(["VALUE_PERCENT", 4, "D"]);
    expect(errors).toContainEqual(["VALUE_PERCENT", 3, "D"]);
    // Nothing of the unknown row becomes a fact (the file is rejected for its errors anyway).
    expect(r.facts.some((f) => f.line === 4)).toBe(false);
  });

  it("an abbreviated name whose full form is registered gets it offered, and is still refused", () => {
    // zones.csv: ED210102 沈阳辉山经济技术开发区, short name 辉山经开区 — 沈阳辉山经开区 is neither its name nor an alias.
    expect(reference.entity("沈阳辉山经开区")).toBeUndefined();
    const r = read("zones.csv", `${TITLE}\n开发区名称,所在市,地区生产总值(亿元)\n沈阳辉山经开区,沈阳市,240.5\n`);
    const unknown = r.problems.errors.find((e) => e.code === "ENTITY_UNKNOWN");
    expect(unknown?.message).toContain("是否指「沈阳辉山经济技术开发区」");
    expect(unknown?.expected).toBe("沈阳辉山经济技术开发区");
    expect(r.facts).toEqual([]);
  });

  it("所在市 disagreeing with the register: one warning per row, at the 所在市 cell", () => {
    const r = read("zones.csv", `${TITLE}\n开发区名称,所在市,地区生产总值(亿元),固定资产投资(亿元)\n沈阳经济技术开发区,大连市,240.5,80.0\n`);
    const w = r.problems.warnings.filter((x) => x.code === "CITY_MISMATCH");
    expect(w.map((x) => [x.line, x.column, x.value])).toEqual([[3, "B", "大连市"]]);
  });
});
