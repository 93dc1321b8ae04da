/**
 * Issue #14, "Headers and messages a statistician can act on": header wordings and unit
 * spellings, 当季/当月/截至 periods, structural problems named once, and row accounting.
 * Files are built here as a statistician would type them; expected values are the cells
 * themselves (万元 ÷ 10 000 = 亿元).
 */
import path from "node:path";
import iconv from "iconv-lite";
import { describe, expect, it } from "vitest";
import { parseLabel } from "../../pipelines/ingest/labels.js";
import { loadLayouts } from "../../pipelines/ingest/layout.js";
import { readFile, type FileRead } from "../../pipelines/ingest/read-file.js";
import { loadReference } from "../../pipelines/ingest/reference.js";
import { REPO } from "../support/project.js";

const reference = loadReference(path.join(REPO, "sources/seeds"));
const layouts = loadLayouts(path.join(REPO, "sources/layouts"));
const read = (name: string, text: string | Buffer): FileRead => readFile(name, typeof text === "string" ? Buffer.from(text, "utf8") : text, { reference, layouts, today: "2024-08-01" });
const TITLE = "2024年1-6月全省经济开发区主要经济指标";
const fact = (r: FileRead, entity: string, code: string, measure = "value") => r.facts.find((f) => f.entity_name === entity && f.indicator_code === code && f.measure === measure);
const codes = (r: FileRead) => r.problems.errors.map((p) => p.code);
const sumsUp = (r: FileRead) => {
  const { lines, ...parts } = r.accounting!;
  return Object.values(parts).reduce((a, b) => a + b, 0) === lines;
};

describe("growth wordings are the published 同比 (yoy_pct, %)", () => {
  it.each(["地区生产总值比上年同期增长(%)", "地区生产总值比上年增长(%)", "地区生产总值同比增长(%)", "地区生产总值增速(%)", "地区生产总值增长(%)", "地区生产总值同比±%", "地区生产总值同比(±%)", "地区生产总值增幅(%)"])("%s", (label) => {
    expect(parseLabel(label, reference)).toMatchObject({ name: "地区生产总值", measure: "yoy_pct", unitText: "%" });
  });

  it("a growth column written alone (增速(%)) is the growth of the indicator on its left", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n开发区名称,地区生产总值(亿元),增速(%)\n沈阳经济技术开发区,512.3,6.5\n`);
    expect(codes(r)).toEqual([]);
    expect(fact(r, "沈阳经济技术开发区", "gdp", "yoy_pct")).toMatchObject({ value: 6.5, unit: "%", period_end: "2024-06-30" });
    expect(fact(r, "沈阳经济技术开发区", "gdp")?.value).toBe(512.3);
  });

  it("a growth column with no indicator on its left is refused, saying what to write", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n开发区名称,增速(%)\n沈阳经济技术开发区,6.5\n`);
    expect(codes(r)).toContain("COLUMN_UNKNOWN");
    expect(r.problems.errors[0]!.message).toContain("增速");
  });
});

describe("unit spellings: every one loads 沈阳 GDP 512.3 亿元 and fiscal revenue 30000 万元 = 3 亿元", () => {
  const body = "沈阳经济技术开发区,512.3,30000\n";
  it.each([
    ["(亿元)", "开发区名称,地区生产总值(亿元),一般公共预算收入(万元)\n"],
    ["（亿元）", "开发区名称,地区生产总值（亿元）,一般公共预算收入（万元）\n"],
    ["/亿元", "开发区名称,地区生产总值/亿元,一般公共预算收入/万元\n"],
    [" 亿元", "开发区名称,地区生产总值 亿元,一般公共预算收入 万元\n"],
    ["\\n(亿元) in a quoted cell", '开发区名称,"地区生产总值\n(亿元)","一般公共预算收入\n(万元)"\n'],
    ["units on their own second header row", "开发区名称,地区生产总值,一般公共预算收入\n,亿元,万元\n"],
    ["(units) on their own second header row", "开发区名称,地区生产总值,一般公共预算收入\n,(亿元),(万元)\n"],
    ["merged group header over the labels", "开发区名称,主要经济指标,\n,地区生产总值(亿元),一般公共预算收入(万元)\n"],
  ])("%s", (_label, header) => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n${header}${body}`);
    expect(codes(r)).toEqual([]);
    expect(fact(r, "沈阳经济技术开发区", "gdp")?.value).toBe(512.3);
    expect(fact(r, "沈阳经济技术开发区", "fiscal_revenue")?.value).toBe(3);
    expect(sumsUp(r)).toBe(true);
  });

  it("an indicator over its 累计值/增长 sub-columns: 累计 is YTD, 增长 the 同比", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n开发区名称,地区生产总值,\n,累计值(亿元),增长(%)\n沈阳经济技术开发区,512.3,6.5\n`);
    expect(codes(r)).toEqual([]);
    expect(fact(r, "沈阳经济技术开发区", "gdp")).toMatchObject({ value: 512.3, basis: "ytd" });
    expect(fact(r, "沈阳经济技术开发区", "gdp", "yoy_pct")?.value).toBe(6.5);
  });
});

describe("当季/当月/截至 and where the period comes from", () => {
  it("当月值 under 2024年1-6月 is June alone (basis 当期); 累计值 is January-June", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n开发区名称,地区生产总值当月值(亿元),地区生产总值累计值(亿元)\n沈阳经济技术开发区,90.2,512.3\n`);
    expect(codes(r)).toEqual([]);
    const month = r.facts.find((f) => f.basis === "period")!;
    expect([month.period_start, month.period_end, month.value]).toEqual(["2024-06-01", "2024-06-30", 90.2]);
    const ytd = r.facts.find((f) => f.basis === "ytd")!;
    expect([ytd.period_start, ytd.period_end, ytd.value]).toEqual(["2024-01-01", "2024-06-30", 512.3]);
  });

  it("当季值 under 2024年1-5月 (not a quarter end) is refused, not guessed", () => {
    const t = "2024年1-5月全省经济开发区主要经济指标";
    const r = read(`${t}.csv`, `${t}\n开发区名称,地区生产总值当季值(亿元)\n沈阳经济技术开发区,200\n`);
    expect(codes(r)).toContain("PERIOD_INVALID");
  });

  it("截至2024年6月底: a flow is read as 1-6月 累计 with a warning saying so; a stock is its level at the end of June", () => {
    const t = "截至2024年6月底全省经济开发区主要指标";
    const r = read(`${t}.csv`, `${t}\n开发区名称,地区生产总值(亿元),规划面积(平方公里)\n沈阳经济技术开发区,512.3,48.1\n`);
    expect(codes(r)).toEqual([]);
    expect(fact(r, "沈阳经济技术开发区", "gdp")).toMatchObject({ period_start: "2024-01-01", period_end: "2024-06-30", basis: "ytd", value: 512.3 });
    expect(r.problems.warnings.map((w) => w.code)).toEqual(["PERIOD_READ_AS_YTD"]);
    expect(r.problems.warnings[0]!.message).toContain("2024年1-6月");
    // The level on 30 June, keyed as every stock reported for that date is (1-6月), so editions compare them.
    expect(fact(r, "沈阳经济技术开发区", "planned_area")).toMatchObject({ period_start: "2024-01-01", period_end: "2024-06-30", period_label: "2024年1-6月", basis: "level", value: 48.1 });
  });

  it("one stock on one date under four labels (1-6月, 第二季度, 6月末, 截至6月底) is one key; 第一季度 of a flow is 1-3月 累计", () => {
    const keys = ["2024年1-6月", "2024年第二季度", "2024年6月末", "截至2024年6月底"].map((p) => {
      const r = read(`${p}.csv`, `${p}开发区主要指标\n开发区名称,规划面积(平方公里)\n沈阳经济技术开发区,48.1\n`);
      const f = fact(r, "沈阳经济技术开发区", "planned_area")!;
      return [f.period_start, f.period_end, f.period_label, f.basis];
    });
    expect(new Set(keys.map((k) => k.join("|")))).toEqual(new Set(["2024-01-01|2024-06-30|2024年1-6月|level"]));
    const q1 = read("q1.csv", `2024年第一季度开发区主要指标\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,120\n`);
    expect(fact(q1, "沈阳经济技术开发区", "gdp")).toMatchObject({ period_start: "2024-01-01", period_end: "2024-03-31", period_label: "2024年1-3月", basis: "ytd", value: 120 });
    // The second quarter alone stays a single quarter (当期).
    const q2 = read("q2.csv", `2024年第二季度开发区主要指标\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,130\n`);
    expect(fact(q2, "沈阳经济技术开发区", "gdp")).toMatchObject({ period_start: "2024-04-01", period_end: "2024-06-30", basis: "period" });
  });

  it("the period in the file name only: 2024年1-9月 from the name", () => {
    const r = read("2024年1-9月开发区报表.csv", "全省经济开发区主要经济指标\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,700\n");
    expect(codes(r)).toEqual([]);
    expect([r.facts[0]!.period_start, r.facts[0]!.period_end, r.facts[0]!.basis]).toEqual(["2024-01-01", "2024-09-30", "ytd"]);
  });

  it("title and file name naming different periods: PERIOD_CONFLICT", () => {
    const r = read("2024年1-9月开发区报表.csv", `${TITLE}\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,700\n`);
    expect(codes(r)).toEqual(["PERIOD_CONFLICT"]);
  });

  it("a title period with text left over is PERIOD_INVALID naming the leftover", () => {
    const t = "2024年1-6月末全省经济开发区主要经济指标";
    const r = read("x.csv", `${t}\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,700\n`);
    expect(codes(r)).toEqual(["PERIOD_INVALID"]);
    expect(r.problems.errors[0]).toMatchObject({ line: 1, value: "末" });
  });

  it("a period column with text left over names it", () => {
    const r = read("long.csv", "entity,period,indicator,value,unit\n沈阳经济技术开发区,2024年1-6月份合计,地区生产总值,1,亿元\n");
    expect(codes(r)).toEqual(["PERIOD_INVALID"]);
    expect(r.problems.errors[0]!.message).toContain("合计");
  });
});

describe("structural problems are named once, not as hundreds of cell errors", () => {
  it("a second table appended below the first: one TABLE_SECOND at its title", () => {
    const zones = "沈阳经济技术开发区,512.3,30000\n大连经济技术开发区,800.1,45000\n";
    const header = "开发区名称,地区生产总值(亿元),一般公共预算收入(万元)\n";
    const r = read(`${TITLE}.csv`, `${TITLE}\n${header}${zones}\n2024年1-6月全省高新区主要经济指标\n${header}${zones}`);
    expect(r.problems.errors).toHaveLength(1);
    expect(r.problems.errors[0]).toMatchObject({ code: "TABLE_SECOND", line: 6 });
    // Lines: title, header, 2 zones, blank, error (second title), 3 unread.
    expect(r.accounting).toMatchObject({ lines: 9, loaded: 2, blank: 1, error: 1, unread: 3 });
    expect(sumsUp(r)).toBe(true);
  });

  it("a second header without its own title: one TABLE_SECOND", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,512.3\n开发区名称,地区生产总值(亿元)\n大连经济技术开发区,800.1\n`);
    expect(codes(r)).toEqual(["TABLE_SECOND"]);
  });

  it("a portal export missing its 指标： line: one NBS_META_MISSING, not one error per cell", () => {
    const rows = Array.from({ length: 31 }, (_, i) => `省${i},${i},${i}`).join("\n");
    const r = read("nbs.csv", iconv.encode(`数据库：分省年度数据\n时间：最近2年\n地区,2024年,2023年\n${rows}\n`, "gbk"));
    expect(r.problems.errors).toHaveLength(1);
    expect(r.problems.errors[0]!.code).toBe("NBS_META_MISSING");
    expect(r.problems.errors[0]!.message).toContain("指标：");
  });

  it("a portal export by indicator without its 地区： line (provincial database): NBS_META_MISSING naming 地区", () => {
    const r = read("nbs.csv", "数据库：分省年度数据\n时间：最近2年\n指标,2024年,2023年\n地区生产总值(亿元),1,2\n");
    expect(codes(r)).toEqual(["NBS_META_MISSING"]);
    expect(r.problems.errors[0]!.message).toContain("地区：");
  });

  it("a row with values but no zone name (not 其中/合计): one ROW_NO_ENTITY", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n序号,开发区名称,地区生产总值(亿元),一般公共预算收入(万元)\n1,沈阳经济技术开发区,512.3,30000\n2,,800.1,45000\n`);
    expect(codes(r)).toEqual(["ROW_NO_ENTITY"]);
    expect(r.problems.errors[0]!.line).toBe(4);
  });

  it("an unknown city is advised into regions.csv, an unknown zone into zones.csv, once per row", () => {
    const city = read("2024年1-6月各市主要经济指标.csv", "2024年1-6月各市主要经济指标\n地区,地区生产总值(亿元),一般公共预算收入(亿元)\n新沈市,1,2\n");
    expect(city.problems.errors).toHaveLength(1);
    expect(city.problems.errors[0]!.message).toContain("sources/seeds/regions.csv");
    const zone = read(`${TITLE}.csv`, `${TITLE}\n开发区名称,地区生产总值(亿元),一般公共预算收入(万元)\n新沈经济技术开发区,1,2\n`);
    expect(zone.problems.errors).toHaveLength(1);
    expect(zone.problems.errors[0]!.message).toContain("sources/seeds/zones.csv");
  });
});

describe("row accounting adds up to the file's line count", () => {
  it("title, unit line, header, data, an all-missing row, blank lines, a quoted two-line cell, a note, a total", () => {
    const text = [
      TITLE, // 1 title
      "单位：亿元", // 2 unit
      "序号,开发区名称,地区生产总值,备注", // 3 header
      "1,沈阳经济技术开发区,512.3,\"快报数", // 4 loaded (a quoted note spans two lines)
      "第二行\"", // 5 continuation of 4
      ",,,", // 6 blank (comma padding only)
      "2,大连经济技术开发区,—,", // 7 empty (all values missing)
      "", // 8 blank
      "注：数据为快报数。", // 9 note
      "3,营口经济技术开发区,300,", // 10 loaded after the note
      "合计,,812.3,", // 11 total
    ].join("\r\n") + "\r\n";
    const r = read(`${TITLE}.csv`, text);
    expect(codes(r)).toEqual([]);
    expect(r.accounting).toEqual({ lines: 11, title: 1, unit: 1, header: 1, loaded: 3, empty: 1, blank: 2, note: 1, total: 1, subtotal: 0, meta: 0, error: 0, unread: 0 });
  });
});

describe("indicator groups merged above the row with 开发区名称 (Excel's blanks to the right of a merged cell)", () => {
  const T = "2025年1-6月全省经济开发区主要经济指标";
  it("the group row above gives each value column its indicator; 累计 is 1-6月, 当季 the second quarter", () => {
    const r = read(`${T}.csv`, `${T}\n,,,地区生产总值,,固定资产投资,\n序号,开发区名称,所在市,累计值(亿元),当季值(亿元),累计值(亿元),增速(%)\n1,沈阳经济技术开发区,沈阳市,530.6,279.3,190.4,-3.1\n`);
    expect(codes(r)).toEqual([]);
    expect(fact(r, "沈阳经济技术开发区", "gdp")).toMatchObject({ value: 530.6, basis: "ytd", period_start: "2025-01-01", period_end: "2025-06-30" });
    expect(r.facts.find((f) => f.indicator_code === "gdp" && f.basis === "period")).toMatchObject({ value: 279.3, period_start: "2025-04-01" });
    // 固定资产投资 has only a 累计 column: its 增速 is the growth of that one.
    expect(fact(r, "沈阳经济技术开发区", "fixed_asset_investment", "yoy_pct")).toMatchObject({ value: -3.1, basis: "ytd" });
    expect(sumsUp(r)).toBe(true);
  });

  it("a bare 同比增长(%) under a group with both 累计值 and 当季值 is refused, not guessed; 累计增长(%) is read", () => {
    const bare = read(`${T}.csv`, `${T}\n,,,地区生产总值,,\n序号,开发区名称,所在市,累计值(亿元),当季值(亿元),同比增长(%)\n1,沈阳经济技术开发区,沈阳市,530.6,279.3,5.2\n`);
    expect(bare.problems.errors.map((p) => [p.code, p.column])).toEqual([["COLUMN_UNKNOWN", "F"]]);
    expect(bare.problems.errors[0]!.message).toContain("累计增长(%)");
    const named = read(`${T}.csv`, `${T}\n,,,地区生产总值,,\n序号,开发区名称,所在市,累计值(亿元),当季值(亿元),累计增长(%)\n1,沈阳经济技术开发区,沈阳市,530.6,279.3,5.2\n`);
    expect(codes(named)).toEqual([]);
    expect(fact(named, "沈阳经济技术开发区", "gdp", "yoy_pct")).toMatchObject({ value: 5.2, basis: "ytd" });
  });
});

describe("the year in one place and the months in the other", () => {
  it.each([
    ["2025年开发区统计.csv", "1-6月全省经济开发区主要经济指标", "2025年1-6月", "2025-01-01", "2025-06-30"],
    ["2025年开发区报表.csv", "上半年全省经济开发区主要经济指标", "2025年上半年", "2025-01-01", "2025-06-30"],
    ["1-9月开发区报表.csv", "2025年全省经济开发区主要经济指标", "2025年1-9月", "2025-01-01", "2025-09-30"],
  ])("%s titled %s is read as %s with a warning, never as the whole year", (name, title, label, start, end) => {
    const r = read(name, `${title}\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,40.4\n`);
    expect(codes(r)).toEqual([]);
    const f = fact(r, "沈阳经济技术开发区", "gdp")!;
    expect([f.period_start, f.period_end]).toEqual([start, end]);
    expect(r.problems.warnings.find((w) => w.code === "PERIOD_COMBINED")?.message).toContain(label.slice(0, 5));
  });

  it("an annual file named by its year alone stays the whole year", () => {
    const r = read("2024年开发区统计.csv", `全省经济开发区主要经济指标\n开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,1093.3\n`);
    expect(fact(r, "沈阳经济技术开发区", "gdp")).toMatchObject({ period_start: "2024-01-01", period_end: "2024-12-31" });
    expect(r.problems.warnings.map((w) => w.code)).not.toContain("PERIOD_COMBINED");
  });
});

describe("a 单位 line and a column's own unit that differ (stat-qa7 F11)", () => {
  it("单位：万元 over 地区生产总值(亿元) alone rejects the file naming both, line 3 column D; the same unit, % beside 万元, or a mixed table loads", () => {
    const r = read(`${TITLE}.csv`, `${TITLE}\n单位：万元\n序号,开发区名称,所在市,地区生产总值(亿元)\n1,沈阳经济技术开发区,沈阳市,850\n`);
    // Before: loaded as 850 亿元 without a word (850 万元 would be 0.085 亿元).
    expect(codes(r)).toEqual(["UNIT_MISMATCH"]);
    expect(r.problems.errors[0]).toMatchObject({ line: 3, column: "D", value: "地区生产总值(亿元)" });
    expect(r.problems.errors[0]!.message).toContain("第2行写明「单位：万元」，而有数值的列都自带单位，列标题「地区生产总值(亿元)」的单位与它不同");
    // A mixed table: the line is 一般公共预算收入's unit, 地区生产总值 keeps its own (bad-files' quirks_fullwidth_gbk.csv).
    const mixed = read(`${TITLE}.csv`, `${TITLE}\n单位：万元\n序号,开发区名称,一般公共预算收入,地区生产总值(亿元)\n1,沈阳经济技术开发区,12345,512.3\n`);
    expect(codes(mixed)).toEqual([]);
    expect(fact(mixed, "沈阳经济技术开发区", "fiscal_revenue")).toMatchObject({ value: 1.2345 });
    expect(fact(mixed, "沈阳经济技术开发区", "gdp")).toMatchObject({ value: 512.3 });
    const same = read(`${TITLE}.csv`, `${TITLE}\n单位：亿元\n序号,开发区名称,地区生产总值(亿元),增速(%)\n1,沈阳经济技术开发区,850,6.5\n`);
    expect(codes(same)).toEqual([]);
    const pct = read(`${TITLE}.csv`, `${TITLE}\n单位：万元\n序号,开发区名称,地区生产总值,增速(%)\n1,沈阳经济技术开发区,8500000,6.5\n`);
    expect(codes(pct)).toEqual([]);
    expect(fact(pct, "沈阳经济技术开发区", "gdp")).toMatchObject({ value: 850 });
  });
});
