/**
 * The period grammar as a table (issue #14): every spelling a bureau or zone committee
 * writes, with the interval and basis read by hand from the calendar. Labels with text
 * the grammar does not consume are refused naming the leftover, never half-read.
 */
import { describe, expect, it } from "vitest";
import { readPeriod, scanPeriod } from "../../pipelines/ingest/periods.js";

type Row = [label: string, start: string, end: string, grain: string, basis: string];

// Expected intervals are calendar facts: 1-6月 = 1 Jan..30 Jun; Q3 = 1 Jul..30 Sep; 2024 is a leap year (29 Feb).
const GRAMMAR: Row[] = [
  // Year-to-date ranges of months, every way of writing the range.
  ["2024年1-6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1月-6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年一至六月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1～6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1~6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1—6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1–6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1至6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1到6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1－6月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1-6月份", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1-6月累计", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年前6个月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年6月累计", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024年1-2月", "2024-01-01", "2024-02-29", "ytd", "ytd"],
  ["2024年一至十二月", "2024-01-01", "2024-12-31", "ytd", "ytd"],
  ["2024年上半年", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024H1", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  // Ranges of quarters.
  ["2024年前三季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  ["2024年前三个季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  ["2024年1-3季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  ["2024年一至三季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  ["2024年第一至第三季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  ["2024年第一季度至第三季度", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  // A single quarter unless marked 累计.
  ["2024年第三季度", "2024-07-01", "2024-09-30", "quarter", "period"],
  ["2024年三季度", "2024-07-01", "2024-09-30", "quarter", "period"],
  ["2024年3季度", "2024-07-01", "2024-09-30", "quarter", "period"],
  ["2024Q3", "2024-07-01", "2024-09-30", "quarter", "period"],
  ["2024年4-6月", "2024-04-01", "2024-06-30", "quarter", "period"],
  ["2024年三季度累计", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  ["2024年第三季度累计值", "2024-01-01", "2024-09-30", "ytd", "ytd"],
  // Halves, years.
  ["2024年下半年", "2024-07-01", "2024-12-31", "half", "period"],
  ["2024H2", "2024-07-01", "2024-12-31", "half", "period"],
  ["2024年全年", "2024-01-01", "2024-12-31", "year", "period"],
  ["2024年度", "2024-01-01", "2024-12-31", "year", "period"],
  ["2024年", "2024-01-01", "2024-12-31", "year", "period"],
  ["2024", "2024-01-01", "2024-12-31", "year", "period"],
  // Single months.
  ["2024年3月", "2024-03-01", "2024-03-31", "month", "period"],
  ["2024年3月份", "2024-03-01", "2024-03-31", "month", "period"],
  ["2024-03", "2024-03-01", "2024-03-31", "month", "period"],
  ["2024.03", "2024-03-01", "2024-03-31", "month", "period"],
  ["2024M03", "2024-03-01", "2024-03-31", "month", "period"],
  // Points in time (stocks): the month or year they close, basis level.
  ["2024年6月末", "2024-06-01", "2024-06-30", "month", "level"],
  ["2024年6月底", "2024-06-01", "2024-06-30", "month", "level"],
  ["2024年末", "2024-01-01", "2024-12-31", "year", "level"],
  ["2024年底", "2024-01-01", "2024-12-31", "year", "level"],
  ["2024年第三季度末", "2024-09-01", "2024-09-30", "month", "level"],
  // 截至…底: a point in time; a flow under it is read as 1-6月 累计 with a warning (tests/ingest/cases.test.ts).
  ["截至2024年6月底", "2024-06-01", "2024-06-30", "month", "level"],
  ["截止2024年6月末", "2024-06-01", "2024-06-30", "month", "level"],
  // Full-width digits and spaces; 年 omitted.
  ["２０２４年１－６月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024 年 1 - 6 月", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["２０２４\u3000年\u3000上半年", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024.1-6", "2024-01-01", "2024-06-30", "ytd", "ytd"],
  ["2024/1-9", "2024-01-01", "2024-09-30", "ytd", "ytd"],
];

describe("period grammar (table)", () => {
  it.each(GRAMMAR)("%s → %s..%s (%s, basis %s)", (label, start, end, grain, basis) => {
    const r = readPeriod(label);
    expect(r.ok, JSON.stringify(r)).toBe(true);
    if (!r.ok) return;
    expect([r.period.start, r.period.end, r.period.grain, r.period.basisHint]).toEqual([start, end, grain, basis]);
  });

  it.each([
    // [label, leftover the message must name]
    ["2024年1-6月x", "x"],
    ["2024年1-6月全省", "全省"],
    ["2024年第三季度报", "报"],
    ["2024年1-6月末", "末"],
    ["2024-1-6", "-1-6"],
  ])("%s is PERIOD_INVALID naming the leftover «%s»", (label, leftover) => {
    const r = readPeriod(label);
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.leftover).toBe(leftover);
    expect(r.reason).toContain(leftover);
  });

  it.each([
    "2024年2-5月", // not from January and not a quarter
    "2024年2-3季度", // a range of quarters not from the first
    "2024年13月",
    "2024年1-13月",
    "第五季度",
    "1-6月", // no year and none from context
    "",
  ])("%s is refused", (label) => {
    expect(readPeriod(label).ok).toBe(false);
  });

  it("labels without a year take it from context", () => {
    const r = readPeriod("1-3季度", { year: 2023 });
    expect(r.ok && [r.period.start, r.period.end]).toEqual(["2023-01-01", "2023-09-30"]);
    const s = readPeriod("年末", { year: 2023 });
    expect(s.ok && [s.period.end, s.period.basisHint]).toEqual(["2023-12-31", "level"]);
  });
});

describe("periods in titles and file names", () => {
  it.each([
    ["2024年1月-6月全省经济开发区主要经济指标", "2024-01-01", "2024-06-30", "ytd"],
    ["2024年1-3季度全省经济开发区主要经济指标", "2024-01-01", "2024-09-30", "ytd"],
    ["2024年一至六月全省经济开发区主要经济指标", "2024-01-01", "2024-06-30", "ytd"],
    ["全省经济开发区2024年上半年主要经济指标", "2024-01-01", "2024-06-30", "ytd"],
    ["2024.1-6 全省经济开发区主要经济指标", "2024-01-01", "2024-06-30", "ytd"],
    ["沈阳经开区_2023年第三季度报表.csv", "2023-07-01", "2023-09-30", "quarter"],
    ["zones_2024Q2.csv", "2024-04-01", "2024-06-30", "quarter"],
    ["２０２４年１－９月开发区指标.csv", "2024-01-01", "2024-09-30", "ytd"],
    ["截至2024年6月底全省开发区土地情况", "2024-06-01", "2024-06-30", "month"],
    ["2024年1-6月全省经济开发区主要指标累计完成情况", "2024-01-01", "2024-06-30", "ytd"],
    ["2024年第二季度全省经济开发区季报", "2024-04-01", "2024-06-30", "quarter"],
  ])("%s → %s..%s", (text, start, end, grain) => {
    const r = scanPeriod(text);
    expect(r?.ok, JSON.stringify(r)).toBe(true);
    if (!r?.ok) return;
    expect([r.period.start, r.period.end, r.period.grain]).toEqual([start, end, grain]);
  });

  it.each([
    ["2024年12月31日开发区指标", "31"],
    ["2006-2024年地区生产总值", "2006-"],
    ["2024年1-6月末全省", "末"],
    ["2024年全省经济开发区上半年主要指标", "上半年"],
  ])("%s is refused naming «%s», not half-read", (text, leftover) => {
    const r = scanPeriod(text);
    expect(r?.ok).toBe(false);
    expect(r && !r.ok && r.leftover).toBe(leftover);
  });

  it("text without a period is undefined (the file name or a period column decides)", () => {
    expect(scanPeriod("全省经济开发区主要经济指标.csv")).toBeUndefined();
    expect(scanPeriod("文件000_全省经济开发区2016年基数_vintage2017-06-20.csv")?.ok).toBe(true); // 2016年, the vintage is not a period
  });
});

describe("property: random extra characters never change a label's meaning", () => {
  // Seeded so a failure reproduces; no timing involved.
  function rng(seed: number) {
    let s = seed >>> 0;
    return () => ((s = (Math.imul(s, 1664525) + 1013904223) >>> 0) / 2 ** 32);
  }
  // Noise, plus the grammar's structural characters (月 年 季 度 份 第 个 -) — not the words that carry
  // meaning of their own (前 末 底 累计 上 下 半 全 截至, digits), which turn one valid label into another.
  const POOL = [..."xyzQ#*?!,;:'\"()[]的报表计划省市区合约备注 \u3000月年季度份第个-"];
  it("2000 mutations of the grammar table: each is rejected or read as the same interval and basis", () => {
    const rand = rng(14);
    let accepted = 0;
    let rejected = 0;
    for (let n = 0; n < 2000; n++) {
      const [label, start, end, , basis] = GRAMMAR[Math.floor(rand() * GRAMMAR.length)]!;
      let mutated = label;
      const inserts = 1 + Math.floor(rand() * 3);
      for (let k = 0; k < inserts; k++) {
        const at = Math.floor(rand() * (mutated.length + 1));
        mutated = mutated.slice(0, at) + POOL[Math.floor(rand() * POOL.length)] + mutated.slice(at);
      }
      const r = readPeriod(mutated);
      if (!r.ok) {
        rejected++;
        continue;
      }
      accepted++;
      expect([r.period.start, r.period.end, r.period.basisHint], `${label} → ${mutated}`).toEqual([start, end, basis]);
    }
    // Both branches are exercised (spaces and 份/第 keep the meaning; letters are refused).
    expect(accepted).toBeGreaterThan(20);
    expect(rejected).toBeGreaterThan(500);
  });

  it("the same holds for titles: a mutated period in a title is refused or means the same", () => {
    const rand = rng(1414);
    for (let n = 0; n < 1000; n++) {
      const [label, start, end, , basis] = GRAMMAR[Math.floor(rand() * GRAMMAR.length)]!;
      if (!/^\d{4}[年.\/HQM]/.test(label) && !label.startsWith("截")) continue;
      const at = 1 + Math.floor(rand() * label.length);
      const mutated = label.slice(0, at) + POOL[Math.floor(rand() * POOL.length)] + label.slice(at) + "全省经济开发区主要经济指标";
      const r = scanPeriod(mutated);
      if (!r || !r.ok) continue;
      expect([r.period.start, r.period.end, r.period.basisHint], `${label} → ${mutated}`).toEqual([start, end, basis]);
    }
  });
});
