import { describe, expect, it } from "vitest";
import iconv from "iconv-lite";
import { parsePeriod, findPeriod } from "../../pipelines/ingest/periods.js";
import { parseNumber } from "../../pipelines/ingest/numbers.js";
import { decodeBytes } from "../../pipelines/ingest/decode.js";
import { parseGrid } from "../../pipelines/ingest/grid.js";
import { parseLabel } from "../../pipelines/ingest/labels.js";
import { loadReference } from "../../pipelines/ingest/reference.js";
import { parseVintage, vintageFromFileName } from "../../pipelines/ingest/vintage.js";
import path from "node:path";
import { REPO } from "../support/project.js";

const ref = loadReference(path.join(REPO, "sources/seeds"));

describe("periods", () => {
  it.each([
    ["2024年", "2024-01-01", "2024-12-31", "year", "period"],
    ["2024", "2024-01-01", "2024-12-31", "year", "period"],
    ["2024年第一季度", "2024-01-01", "2024-03-31", "quarter", "period"],
    ["2024年一季度", "2024-01-01", "2024-03-31", "quarter", "period"],
    ["2024Q3", "2024-07-01", "2024-09-30", "quarter", "period"],
    ["2024年1-3月", "2024-01-01", "2024-03-31", "ytd", "ytd"],
    ["2024年1—6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
    ["2024年1-2月", "2024-01-01", "2024-02-29", "ytd", "ytd"],
    ["2024年上半年", "2024-01-01", "2024-06-30", "ytd", "ytd"],
    ["2024年前三季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
    ["2024年3月", "2024-03-01", "2024-03-31", "month", "period"],
    ["2024-03", "2024-03-01", "2024-03-31", "month", "period"],
    ["２０２４年１－６月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ])("%s → %s..%s (%s, basis %s)", (text, start, end, grain, basis) => {
    const p = parsePeriod(text)!;
    expect(p).toBeDefined();
    expect([p.start, p.end, p.grain, p.basisHint]).toEqual([start, end, grain, basis]);
  });

  it("labels without a year take it from context: 一季度, 1-6月, 上半年", () => {
    expect(parsePeriod("一季度", { year: 2023 })?.end).toBe("2023-03-31");
    expect(parsePeriod("1-6月", { year: 2023 })?.end).toBe("2023-06-30");
    expect(parsePeriod("上半年", { year: 2023 })?.label).toBe("2023年1-6月");
    expect(parsePeriod("一季度")).toBeUndefined();
  });

  it("rejects what is not a period", () => {
    for (const t of ["2024年13月", "第五季度", "abc", "", "2024年1-13月"]) expect(parsePeriod(t), t).toBeUndefined();
  });

  it("finds the period in a title or a file name", () => {
    expect(findPeriod("2024年1-6月全省经济开发区主要经济指标")?.label).toBe("2024年1-6月");
    expect(findPeriod("沈阳经开区_2023年第三季度报表.csv")?.label).toBe("2023年第三季度");
    expect(findPeriod("主要指标（2022年）")?.label).toBe("2022年");
  });
});

describe("numbers", () => {
  it.each([
    ["1234.5", 1234.5],
    [" 1,234.5 ", 1234.5],
    ["１２３４．５", 1234.5],
    ["-3.2", -3.2],
    ["－3.2", -3.2],
    ["12.5%", 12.5],
    ["1e3", 1000],
  ])("%s → %d", (text, value) => {
    expect(parseNumber(text)).toEqual({ kind: "number", value });
  });

  it.each(["", "—", "－", "…", "-", "NA", "n/a", "——", "...", "　"])("%j is missing, never zero", (text) => {
    expect(parseNumber(text)).toEqual({ kind: "missing" });
  });

  it.each(["12,34", "1.2.3", "abc", "12亿", "0x10"])("%j is not a number", (text) => {
    expect(parseNumber(text).kind).toBe("invalid");
  });
});

describe("decoding", () => {
  it("tells GBK from UTF-8 and strips a BOM", () => {
    const text = "数据库：分省年度数据\r\n地区,2024年\r\n辽宁省,32540.8\r\n";
    expect(decodeBytes(iconv.encode(text, "gbk"), "f.csv")).toEqual({ text, encoding: "gb18030" });
    expect(decodeBytes(Buffer.from(text, "utf8"), "f.csv")).toEqual({ text, encoding: "utf-8" });
    expect(decodeBytes(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]), "f.csv")).toEqual({ text, encoding: "utf-8-bom" });
  });

  it("a byte sequence valid in neither encoding is an error naming the line", () => {
    const bytes = Buffer.concat([Buffer.from("ok,line\n", "utf8"), Buffer.from([0x81, 0x20, 0x0a])]);
    expect(() => decodeBytes(bytes, "bad.csv")).toThrow(/第 2 行/);
  });
});

describe("grid", () => {
  it("keeps line numbers across quoted newlines and drops comma padding", () => {
    const rows = parseGrid('a,b,,,\r\n"x\ny",2\r\n\r\nz,3,,\r\n');
    expect(rows.map((r) => [r.line, r.cells])).toEqual([
      [1, ["a", "b"]],
      [2, ["x\ny", "2"]],
      [5, ["z", "3"]],
    ]);
  });
});

describe("indicator labels", () => {
  it("房地产投资累计值(亿元) is 房地产投资, year-to-date, in 亿元", () => {
    expect(parseLabel("房地产投资累计值(亿元)", ref)).toMatchObject({ name: "房地产投资", unitText: "亿元", basis: "ytd", measure: "value" });
  });
  it("…累计增长(%) is year-on-year growth", () => {
    expect(parseLabel("房地产投资累计增长(%)", ref)).toMatchObject({ name: "房地产投资", basis: "ytd", measure: "yoy_pct" });
  });
  it("国内生产总值当季值(亿元) is a single quarter", () => {
    expect(parseLabel("国内生产总值当季值(亿元)", ref)).toMatchObject({ name: "国内生产总值", basis: "period" });
  });
  it("an index base in parentheses is not a unit", () => {
    expect(parseLabel("居民消费价格指数(上年同月=100)", ref).unitText).toBeUndefined();
  });
  it("公共财政预算收入 is an alias of 一般公共预算收入", () => {
    expect(ref.indicator("公共财政预算收入")?.code).toBe("fiscal_revenue");
  });
});

describe("vintage", () => {
  it("reads dates, months and years", () => {
    expect(parseVintage("2018-06-30")).toBe("2018-06-30");
    expect(parseVintage("2018年6月")).toBe("2018-06-30");
    expect(parseVintage("2018")).toBe("2018-12-31");
    expect(parseVintage("2018-02-30")).toBeUndefined();
  });
  it("reads it from a file name", () => {
    expect(vintageFromFileName("分省年度数据_vintage2018.csv")).toBe("2018-12-31");
    expect(vintageFromFileName("gdp@2020-09-15.csv")).toBe("2020-09-15");
    expect(vintageFromFileName("gdp.csv")).toBeUndefined();
  });
});

describe("spaces inside a number (stat-qa7 F8)", () => {
  it("are thousands grouping only: 「5 600」 is 5600, 「5 60」 is refused, never 560", () => {
    expect(parseNumber("5 600")).toEqual({ kind: "number", value: 5600 });
    expect(parseNumber("1 234 567.8")).toEqual({ kind: "number", value: 1234567.8 });
    expect(parseNumber("1\u00a0000")).toEqual({ kind: "number", value: 1000 });
    expect(parseNumber(" 560 ")).toEqual({ kind: "number", value: 560 });
    // Before: every space was dropped first, so these read 560 and 1234.
    expect(parseNumber("5 60")).toEqual({ kind: "invalid" });
    expect(parseNumber("12 34")).toEqual({ kind: "invalid" });
    expect(parseNumber("５ ６０")).toEqual({ kind: "invalid" });
  });
});
