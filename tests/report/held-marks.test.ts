/**
 * The 季度分析's rules for a total without values held for check, on hand-made facts (no warehouse): every zone
 * reported but one value is held → the total is said, marked 不含1个需核实数值, without 同比; held and zones missing →
 * withheld; every zone held → no total, said so. The default period: the latest quarter every zone reported (held
 * values count as reported), the choice said, a passed-over later quarter named with its counts.
 */
import { describe, expect, it } from "vitest";
import { choosePeriod } from "../../dashboards/report/facts.js";
import { incompleteMark } from "../../dashboards/report/compose-areas.js";
import { composeReport, measureSentence } from "../../dashboards/report/compose.js";
import type { Measure, ReportFacts } from "../../dashboards/report/model.js";
import { reportMarkdown } from "../../dashboards/report/render-md.js";
import { columnWidths } from "../../dashboards/report/render-docx.js";
import type { Query } from "../../dashboards/report/query.js";
import { sayable } from "../../dashboards/report/withhold.js";

const period = { label: "2024年1-6月", year: 2024, endMonth: 6, start: "2024-01-01", end: "2024-06-30", previousLabel: "2023年1-6月" };

function measure(reporting: NonNullable<Measure["reporting"]>, over: Partial<Measure> = {}): Measure {
  return {
    code: "C210100_ED", name: "沈阳市省级以上经济开发区", indicatorCode: "gdp", indicatorName: "地区生产总值", unit: "亿元",
    current: { value: 350, ref: "s1" }, growth: { value: 0.05, ref: "s2" }, share: { value: 0.312, ref: "s3" }, sharePrevious: { value: 0.3, ref: "s4" },
    shareOf: "沈阳市", reporting, seriesBreak: null, ...over,
  };
}
const held1 = { held: 1, heldNames: "沈阳雪松经济开发区，标记号 1", previous: 11, previousExpected: 11 };

describe("a total without a held value", () => {
  it("every zone reported (10 summed + 1 held = 11): said with its mark and share, no 同比 or change in share", () => {
    const m = measure({ current: 10, expected: 11, ...held1 });
    const said = sayable(m, period);
    expect([said.value, said.change, said.mark]).toEqual([true, false, "不含1个需核实数值"]);
    expect(said.notes[0]!.text).toContain("沈阳市省级以上经济开发区地区生产总值不含1个需核实数值（沈阳雪松经济开发区，标记号 1；");
    const text = measureSentence(m, period)!.spans.map((s) => s.text).join("");
    // 350 and 31.2% (0.312) as given; the mark right after the amount; growth 5% not said.
    expect(text).toBe("2024年1-6月，沈阳市省级以上经济开发区实现地区生产总值350.0亿元（不含1个需核实数值，见“数据说明”），占全市的31.2%");
    expect(incompleteMark(m)).toBe("（数据不全，不含1个需核实数值）");
  });

  it("held and 1 zone missing (9 + 1 + 1 missing = 11): withheld, as a partial total", () => {
    const m = measure({ current: 9, expected: 11, ...held1 });
    const said = sayable(m, period);
    expect([said.value, said.mark]).toEqual([false, undefined]);
    expect(said.notes[0]!.text).toContain("另有1家开发区未报送");
    expect(incompleteMark(m)).toBe("（数据不全，1家未报送，不含1个需核实数值）");
  });

  it("its only zone held: no total, said so with the zone and 标记号", () => {
    const m = measure({ current: 0, expected: 1, held: 1, heldNames: "辽阳经济开发区，标记号 3，当季增量异常偏大", previous: null, previousExpected: null }, { current: null, growth: null, share: null });
    const said = sayable(m, period);
    expect(said.value).toBe(false);
    expect(said.notes[0]!.text).toBe("2024年1-6月沈阳市省级以上经济开发区地区生产总值报送的1个开发区数值均需核实（辽阳经济开发区，标记号 3，当季增量异常偏大），核实前没有合计，表中列为“—”。");
  });

  it("a complete total has no mark", () => {
    expect(incompleteMark(measure({ current: 11, expected: 11, previous: 11, previousExpected: 11 }))).toBe("");
  });
});

describe("the default period", () => {
  /** reportPeriods' rows, newest first, as int_scope_values gives them. */
  const periods = (rows: Array<{ label: string; end: string; reporting: number; held: number; expected: number }>): Query => async () =>
    rows.map((r) => ({ period_label: r.label, year: 2024, end_month: Number(r.end.slice(5, 7)), start: "2024-01-01", end: r.end, reporting: r.reporting, held: r.held, expected: r.expected, complete: r.reporting + r.held >= r.expected }));

  it("a quarter whose only gap is a held value is the default, and says so", async () => {
    const p = await choosePeriod(periods([{ label: "2024年1-6月", end: "2024-06-30", reporting: 51, held: 1, expected: 52 }, { label: "2024年1-3月", end: "2024-03-31", reporting: 52, held: 0, expected: 52 }]));
    expect(p.label).toBe("2024年1-6月");
    expect(p.choice).toBe("本报告期间为2024年1-6月：数据仓库中各开发区均已报送地区生产总值的最近一期（其中1个数值需核实，核实前不计入合计，相关总量标“不含1个需核实数值”，见下）。");
  });

  it("a later quarter with zones missing is passed over by name, with its counts and how to report it anyway", async () => {
    const p = await choosePeriod(periods([{ label: "2024年1-9月", end: "2024-09-30", reporting: 40, held: 1, expected: 52 }, { label: "2024年1-6月", end: "2024-06-30", reporting: 52, held: 0, expected: 52 }]));
    expect(p.label).toBe("2024年1-6月");
    // 40 summed + 1 held = 41 of 52 sent.
    expect(p.choice).toContain("2024年1-9月只有41家开发区报送地区生产总值（应报52家），未作为默认期间；");
    // How to have it anyway, without a command (a reader's document, reader-qa3 6).
    expect(p.choice).toContain("也可单独生成2024年1-9月的分析");
    expect(p.choice).not.toContain("zonestat");
  });

  it("--period names its period without a choice note", async () => {
    const p = await choosePeriod(periods([{ label: "2024年1-6月", end: "2024-06-30", reporting: 51, held: 1, expected: 52 }]), "2024年1-6月");
    expect(p.choice).toBeUndefined();
  });
});

describe("one disputed value is one note in 数据说明 (reader-qa3 F6)", () => {
  // 锦州经开区 2025年1-6月 GDP 995.0 (a ×10 typo of 99.5): held (two flags, 1 JUMP_20X and 2 YTD_OUT_OF_LINE), so 全省 and
  // 锦州市 are each "不含1个需核实数值". Before: one 不含… note per total (2 here, 4 in the tester's report) and one
  // 需核实 note per flag (2) — 4 notes for one value. Now: 1 note with both flags' items and both totals in one line.
  const heldNames = "锦州经济技术开发区，标记号 1，与上期或上年同期相差20倍以上";
  const reporting = { current: 51, expected: 52, held: 1, heldNames, previous: 52, previousExpected: 52 };
  const province = measure(reporting, { code: "LN_ED", name: "全省省级以上经济开发区", shareOf: "辽宁省" });
  const city = measure({ ...reporting, current: 2, expected: 3 }, { code: "C210700_ED", name: "锦州市省级以上经济开发区", shareOf: null, share: null, sharePrevious: null });
  const flag = (detail: string) => ({ kind: "verify" as const, text: `需核实：锦州经济技术开发区地区生产总值，${detail}。`, value: { entity: "锦州经济技术开发区", indicator: "地区生产总值", period: "2024年1-6月", detail } });
  const facts: ReportFacts = {
    period, scopeName: "全省省级以上经济开发区", indicators: [province], cityDocuments: [], cities: [city], regions: [], zones: [], missing: [], land: [], targets: [],
    notes: [
      flag("需核实：「地区生产总值」995 亿元 与上一期（2024年1-3月）的 46.6 相差 20 倍以上（标记号 1）；核实前该数值不计入各范围合计和占比（该范围标为数据不全），确认（zonestat confirm）或更正后计入"),
      flag("需核实：「地区生产总值」2024年1-6月累计 995 亿元高于同年2024年1-9月累计 152.4（标记号 2）；核实前该数值不计入各范围合计和占比（该范围标为数据不全），确认（zonestat confirm）或更正后计入"),
    ],
    sources: [], synthetic: false,
  };
  it("both flags' numbers and 标记号 in one note, the totals it leaves incomplete listed once, no command", () => {
    const notes = reportMarkdown(composeReport(facts)).split("## 六、数据说明")[1]!.split("## 附表")[0]!;
    const about = notes.split(/\n\s*\n/).filter((n) => n.includes("锦州经济技术开发区"));
    expect(about).toHaveLength(1);
    expect(about[0]).toContain("（1）「地区生产总值」995 亿元 与上一期（2024年1-3月）的 46.6 相差 20 倍以上（标记号 1）；（2）「地区生产总值」2024年1-6月累计 995 亿元高于同年2024年1-9月累计 152.4（标记号 2）。");
    expect(about[0]).toContain("核实前该数值不计入全省省级以上经济开发区、锦州市省级以上经济开发区的地区生产总值合计和占比");
    expect(notes).not.toContain("zonestat");
  });
});

describe("附表1 in Word: a numeric column keeps its header and numbers on one line (reader-qa3 F14)", () => {
  it("同比±% is at least (6 + 2) half-widths × 105 twips + 120 = 960 twips beside two long text columns", () => {
    const long = "不低于10,500亿元（2020年，《辽宁省经济开发区总体发展规划（2017-2020年）》）";
    const t = {
      caption: "附表1", columns: ["指标", "本期累计", "同比±%", "占全省%", "目标", "进展"], numeric: [false, true, true, true, false, false],
      rows: [[{ text: "地区生产总值（亿元）" }, { text: "5,300.4（不含1个需核实数值）" }, { text: "+1.5" }, { text: "32.9" }, { text: long }, { text: long }]],
    };
    const w = columnWidths(t);
    // Before: want 10 of 132 half-widths → 10 / 132 × 8844 = 670 twips, "同比±%" one character a line.
    expect(w[2]).toBeGreaterThanOrEqual(960);
    // 本期累计's floor is its number (7 half-widths + 2) × 105 + 120 = 1065, the mark after it may wrap.
    expect(w[1]).toBeGreaterThanOrEqual(1065);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 1588 - 1474);
  });
});

describe("表2 in Word: a short text column keeps its header on one line (reader-qa7 F11)", () => {
  it("「到期时」 beside a long 目标 and 文件 is at least (6 + 2) half-widths × 105 twips + 120 = 960 twips", () => {
    const long = "《辽宁省经济开发区总体发展规划（2017-2020年）》第三章第二节：到2020年全省经济开发区地区生产总值占全省比重达到40%以上";
    const t = {
      caption: "表2", columns: ["文件", "目标", "到期时", "目标年数值", "最近一期（到期后，不改变判定）"], numeric: [false, false, false, true, true],
      rows: [[{ text: long }, { text: long }, { text: "未达成" }, { text: "38.2%" }, { text: "2025年1-9月 41.0%" }]],
    };
    const w = columnWidths(t);
    // Its floor: 到期时 and 未达成 are 6 half-widths each. The old code gave it a share of what the numeric columns' floors
    // left (the header 「最近一期（到期后，不改变判定）」 counted whole): 442 twips, two CJK characters with the margins.
    expect(w[2]).toBeGreaterThanOrEqual(960);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 1588 - 1474);
  });

  it("floors that cannot all fit shrink together and the table still fits the text width", () => {
    const cols = Array.from({ length: 14 }, (_, i) => `很长的列标题${i}`);
    const t = { caption: "宽表", columns: cols, numeric: cols.map(() => false), rows: [cols.map(() => ({ text: "长长长长长长长长" }))] };
    const w = columnWidths(t);
    expect(w.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(11906 - 1588 - 1474);
    expect(Math.min(...w)).toBeGreaterThan(0);
  });
});
