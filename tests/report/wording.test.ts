/**
 * The 季度分析's wording rules, on hand-made facts (no warehouse): the word follows
 * the sign, a share change is in 个百分点, numbers print per indicator, and a
 * sentence whose numbers are partial or cross a series break is withheld with a note.
 */
import { describe, expect, it } from "vitest";
import { composeReport } from "../../dashboards/report/compose.js";
import type { Measure, ReportFacts, TargetFact } from "../../dashboards/report/model.js";
import { amount, growthPhrase, shareChangePhrase, compareWord } from "../../dashboards/report/wording.js";
import { measureSentence, progressText, summaryTable } from "../../dashboards/report/compose.js";
import { areaGrowth } from "../../dashboards/report/compose-areas.js";
import { reportMarkdown } from "../../dashboards/report/render-md.js";

const period = { label: "2024年1-9月", year: 2024, endMonth: 9, start: "2024-01-01", end: "2024-09-30", previousLabel: "2023年1-9月" };

function measure(over: Partial<Measure> = {}): Measure {
  return {
    code: "LN_ED",
    name: "全省省级以上经济开发区",
    indicatorCode: "gdp",
    indicatorName: "地区生产总值",
    unit: "亿元",
    current: { value: 1000, ref: "s1" },
    growth: { value: 0.05, ref: "s2" },
    share: { value: 0.3, ref: "s3" },
    sharePrevious: { value: 0.29, ref: "s4" },
    shareOf: "辽宁省",
    reporting: { current: 52, expected: 52, previous: 52, previousExpected: 52 },
    seriesBreak: null,
    ...over,
  };
}

function facts(indicators: Measure[], targets: TargetFact[] = []): ReportFacts {
  return { period, scopeName: "全省省级以上经济开发区", indicators, cityDocuments: [], cities: [], regions: [], zones: [], missing: [], land: [], targets, notes: [], sources: [], synthetic: false };
}

const text = (spans: ReadonlyArray<{ text: string }>) => spans.map((s) => s.text).join("");
const section = (md: string, title: string) => md.split(/\n## /).find((s) => s.startsWith(title)) ?? "";

describe("wording by sign", () => {
  it("a negative growth says 下降 with the absolute rate; a positive one 增长; a rate that prints as 0.0 says 持平", () => {
    expect(growthPhrase(-0.0321)).toMatchObject({ word: "下降", text: "同比下降", number: "3.2%" });
    expect(growthPhrase(0.0596)).toMatchObject({ word: "增长", number: "6.0%" });
    // −0.04% rounds to 0.0%: neither 增长0.0% nor 下降0.0%.
    expect(growthPhrase(-0.0004)).toMatchObject({ word: "持平", text: "与上年同期持平" });
  });

  it("a whole year (1-12月, stored as 2024年) says 比上年 instead of 同比 and 比上年同期", () => {
    expect(growthPhrase(-0.05, true)).toMatchObject({ text: "比上年下降", number: "5.0%" });
    expect(shareChangePhrase(0.35, 0.34, true)).toMatchObject({ text: "比上年提高", number: "1.0个百分点" });
  });

  it("a share change is in 个百分点, from the unrounded shares as the site shows it (34.768 − 34.147 = 0.621 → 0.6, though the printed 34.8 − 34.1 = 0.7)", () => {
    expect(shareChangePhrase(0.34768, 0.34147)).toMatchObject({ word: "提高", number: "0.6个百分点" });
    expect(shareChangePhrase(0.49244, 0.50454)).toMatchObject({ word: "降低", number: "1.2个百分点" });
    expect(shareChangePhrase(0.3401, 0.3399)).toMatchObject({ word: "持平" });
  });

  it("高于/低于 by the sign of actual − reference, in 个百分点 for % and in the unit otherwise", () => {
    expect(compareWord(-5.21, "%")).toEqual({ word: "低于", number: "5.2个百分点" });
    expect(compareWord(813.94, "亿元")).toEqual({ word: "高于", number: "813.9亿元" });
  });

  it("amounts: 亿元 and 亿美元 with one decimal, counts without", () => {
    // One formatter with the site (reader-qa3 12/13): thousands separated.
    expect(amount(8263.71, "亿元")).toBe("8,263.7亿元");
    expect(amount(28.904, "亿美元")).toBe("28.9亿美元");
    expect(amount(52, "家")).toBe("52家");
  });

  it("the indicator sentence says 下降 and 降低 when growth and share fall, and never 增长", () => {
    const s = measureSentence(measure({ growth: { value: -0.032, ref: "g" }, share: { value: 0.31, ref: "a" }, sharePrevious: { value: 0.325, ref: "b" } }), period)!;
    // Hand-written from the inputs: 1000 亿元, −3.2%, 31.0%, 31.0 − 32.5 = −1.5 points.
    expect(text(s.spans)).toBe("2024年1-9月，全省省级以上经济开发区实现地区生产总值1,000.0亿元，同比下降3.2%，占全省的31.0%，比上年同期降低1.5个百分点");
  });

  it("USD indicators are printed in 亿美元 with their own verb", () => {
    const s = measureSentence(measure({ indicatorCode: "fdi", indicatorName: "实际利用外资", unit: "亿美元", current: { value: 28.9, ref: "x" } }), period)!;
    expect(text(s.spans)).toContain("实际利用外资28.9亿美元");
  });
});

describe("withholding", () => {
  it("a partial quarter's sentence is left out of 总体情况, its numbers print as — in 附表, and 数据说明 says why", () => {
    const md = reportMarkdown(composeReport(facts([measure({ reporting: { current: 50, expected: 52, previous: 52, previousExpected: 52 } })])));
    expect(section(md, "一、总体情况")).not.toContain("1,000.0亿元");
    expect(section(md, "六、数据说明")).toContain("2024年1-9月全省省级以上经济开发区地区生产总值只有50家开发区报送（应报52家），总量和占比不完整，相关语句未列出。");
    expect(md).toMatch(/\| 地区生产总值（亿元） \| — \| — \| — \|/);
  });

  it("a partial year-earlier base keeps the value but withholds 同比 and the share change, with a note", () => {
    const md = reportMarkdown(composeReport(facts([measure({ reporting: { current: 52, expected: 52, previous: 49, previousExpected: 52 } })])));
    const overall = section(md, "一、总体情况");
    expect(overall).toContain("实现地区生产总值1,000.0亿元，占全省的30.0%。");
    expect(overall).not.toContain("同比");
    expect(overall).not.toContain("个百分点");
    expect(section(md, "六、数据说明")).toContain("上年同期（2023年1-9月）全省省级以上经济开发区地区生产总值只有49家开发区报送（应报52家），同比和占比变化未列出。");
  });

  it("a series break (the scope's zones changed) withholds 同比 with the zones named in 数据说明", () => {
    const md = reportMarkdown(composeReport(facts([measure({ seriesBreak: "2024年与2023年的开发区名单不同（新增：甲经济开发区），按开发区加总的数值前后不可比" })])));
    expect(section(md, "一、总体情况")).not.toContain("同比增长");
    expect(section(md, "六、数据说明")).toContain("新增：甲经济开发区");
  });

  it("a share target that is not met reads 距…的目标差 N个百分点", () => {
    const target: TargetFact = {
      targetId: "D000-02", document: "000_a15158e3137421c5.txt", clause: "二（三）2", phrase: "", scopeName: "全省省级以上经济开发区", indicatorCode: "gdp", indicatorName: "地区生产总值",
      kind: "share", comparator: ">=", unit: "%", targetValue: 40, targetYear: 2020, periodLabel: "2024年1-9月", basis: "ytd", actual: { value: 34.79, ref: "t" },
      expected: 40, expectedMethod: "target", gapToTarget: -5.21, gapToExpected: null, requiredGrowth: null, status: "missed", reason: null, isPartial: false, deadline: null,
    };
    const md = reportMarkdown(composeReport(facts([measure()], [target])));
    // A live target (2025) is measured by this period's share: 34.79 − 40 = −5.21 → 差5.2个百分点.
    const live = reportMarkdown(composeReport(facts([measure()], [{ ...target, targetYear: 2025 }])));
    expect(section(live, "一、总体情况")).toContain("；距文件000提出的2025年40%的目标差5.2个百分点。");
    // reader-qa3 F9: the 2020 target has no 2020 figure (deadline null); 2024年1-9月's 34.79% is no gap to it — nothing said.
    expect(section(md, "一、总体情况")).not.toContain("目标差");
    expect(section(md, "一、总体情况")).not.toContain("2020年40%");
  });
});

describe("目标进展 and 数据说明 wording (user-testers' findings)", () => {
  const base: TargetFact = {
    targetId: "D000-03", document: "000_a15158e3137421c5.txt", clause: "二（三）2", phrase: "", scopeName: "全省省级以上经济开发区", indicatorCode: "gdp", indicatorName: "地区生产总值",
    kind: "level", comparator: ">=", unit: "亿元", targetValue: 950, targetYear: 2020, periodLabel: "2024年1-9月", basis: "ytd", actual: { value: 900, ref: "t" },
    expected: null, expectedMethod: null, gapToTarget: -50, gapToExpected: null, requiredGrowth: null, status: "after_target_year", reason: null, isPartial: false, deadline: null,
  };
  const t = (over: Partial<TargetFact>): TargetFact => ({ ...base, ...over });

  it("附表1: a live level target behind schedule shows the gap to the schedule path, not to the final target (qa: 落后进度（差1003亿元）)", () => {
    // 2024年: actual 4997 against a 2026 target of 6000, schedule path 5133.3 for 2024 → 低于进度136.3亿元; 6000 − 4997 = 1003 is the distance to the target.
    const live = t({ targetValue: 6000, targetYear: 2026, periodLabel: "2024年", basis: "period", actual: { value: 4997, ref: "t" }, expected: 5133.3, status: "behind_schedule" });
    const cell = progressText(live, { ...period, label: "2024年", endMonth: 12, previousLabel: "2023年" });
    expect(cell).toContain("按序时进度应为5,133.3亿元，低于进度136.3亿元");
    expect(cell).not.toContain("1003");
    // Without a schedule path the distance is named as the distance to the target.
    const noPath = progressText({ ...live, expected: null }, { ...period, label: "2024年", endMonth: 12, previousLabel: "2023年" });
    expect(noPath).toContain("距目标差1,003.0亿元");
  });

  it("verdict counts are joined with 、 (已达成1项、未达成2项); 基期 reads 处于基期、尚未评估; the same target twice is one row of 表2", () => {
    const targets = [
      t({ targetId: "a", deadline: { status: "achieved", periodLabel: "2020年", actual: 960 } }),
      t({ targetId: "b", indicatorName: "税收收入", deadline: { status: "missed", periodLabel: "2020年", actual: 900 } }),
      // Two catalogue rows with the same text: one target.
      t({ targetId: "c1", indicatorName: "固定资产投资", deadline: { status: "missed", periodLabel: "2020年", actual: 800 } }),
      t({ targetId: "c2", indicatorName: "固定资产投资", deadline: { status: "missed", periodLabel: "2020年", actual: 800 } }),
      t({ targetId: "d", targetYear: 2030, status: "base_year" }),
    ];
    const doc = composeReport(facts([measure()], targets));
    const md = reportMarkdown(doc);
    const s5 = section(md, "五、目标进展");
    expect(s5).toContain("到期已达成1项、到期未达成3项");
    expect(s5).not.toMatch(/已达成\d+项和/);
    expect(s5).toContain("目标年未到的1项中，处于基期、尚未评估的1项");
    const table2 = doc.sections.find((s) => s.title === "五、目标进展")!.tables[0]!;
    // a, b and the one 固定资产投资 row (c1 = c2).
    expect(table2.rows.length).toBe(3);
  });

  it("an expired share target after its sentence gives the deadline's verdict and value with the digits of the miss, never this period against it", () => {
    // Finding 1 (zj-qa): 2024 exports 410 ÷ 911.2 = 44.99561% against ≥45%, missed by 0.00439 points; 2025年1-6月 is 45.3%.
    const exports = t({
      targetId: "ZJ-03", document: "浙江.txt", kind: "share", unit: "%", indicatorCode: "gdp", targetValue: 45, targetYear: 2024, periodLabel: "2024年1-9月",
      actual: { value: 45.319, ref: "t" }, gapToTarget: 0.319, deadline: { status: "missed", periodLabel: "2023年", actual: 44.995610184 },
    });
    const md = reportMarkdown(composeReport({ ...facts([measure()], [exports]), period: { ...period, year: 2025 } }));
    const s1 = section(md, "一、总体情况");
    expect(s1).toContain("；浙江.txt提出的2024年45%的目标到期未达成（2023年为44.996%，差0.004个百分点）。");
    expect(s1).not.toContain("高于浙江.txt");
    // 表2 gives the same: the verdict, then the value it judged.
    expect(section(md, "五、目标进展")).toMatch(/\| 到期未达成 \| 2023年 44\.996%（差0\.004个百分点） \|/);
  });

  it("a live share target within display rounding below its target is 差0.004个百分点, never 达到…的目标", () => {
    const live = t({ kind: "share", unit: "%", targetValue: 45, targetYear: 2025, actual: { value: 44.9956, ref: "t" }, gapToTarget: -0.0044, status: "behind" });
    const md = reportMarkdown(composeReport({ ...facts([measure()], [live]) }));
    expect(section(md, "一、总体情况")).toContain("距文件000提出的2025年45%的目标差0.004个百分点");
  });

  it("a 1-12月 period is a 年度分析; the regions' overlap note appears only when the report lists regions", () => {
    const year = { label: "2024年", year: 2024, endMonth: 12, start: "2024-01-01", end: "2024-12-31", previousLabel: "2023年" };
    const annual = composeReport({ ...facts([measure()]), period: year });
    expect(annual.title).toContain("主要经济指标年度分析");
    expect(annual.title).not.toContain("季度分析");
    expect(composeReport(facts([measure()])).title).toContain("季度分析");
    expect(section(reportMarkdown(annual), "六、数据说明")).not.toContain("之间有重叠");
    // The regions' document by its title (reader-qa3 6: never 文件004).
    const doc = "004_48f94057b5eb1751.txt";
    const withRegions = composeReport({ ...facts([measure()]), regions: [measure({ code: "R21SY_ED", name: "沈抚" })], regionDocuments: [doc], documentNames: { [doc]: "《辽宁省推进“一圈一带两区”区域协调发展三年行动方案》" } });
    expect(section(reportMarkdown(withRegions), "六、数据说明")).toContain("区域（《辽宁省推进“一圈一带两区”区域协调发展三年行动方案》）之间有重叠");
    expect(section(reportMarkdown(withRegions), "六、数据说明")).not.toContain("文件004");
  });
});

describe("四、分开发区情况: rankings that cannot overlap, ties and missing 同比", () => {
  const zone = (i: number, value: number, growth: number | null, level = "国家级") => ({ code: `Z${i}`, name: `甲${i}开发区`, level, cityName: "沈阳市", value: { value, ref: `v${i}` }, growth: growth === null ? null : { value: growth, ref: `g${i}` } });
  const s4 = (zones: ReturnType<typeof zone>[]) => section(reportMarkdown(composeReport({ ...facts([measure()]), zones })), "四、分开发区情况");

  it("4 national zones (fewer than 2 × 3): every zone once, from high to low, no 居前/居后 lists that share zones", () => {
    const text4 = s4([zone(1, 100, 0.05), zone(2, 300, 0.01), zone(3, 200, 0.03), zone(4, 50, 0.02)]);
    expect(text4).not.toContain("居后");
    // By value, hand-sorted: 甲2 300, 甲3 200, 甲1 100, 甲4 50.
    expect(text4).toMatch(/从高到低依次为甲2开发区[^。]*、甲3开发区[^。]*、甲1开发区[^。]*和甲4开发区/);
  });

  it("growth rates that all print alike are a tie, not two identical lists; with no 同比 at all it says so instead of 没有…下降", () => {
    const tied = s4([1, 2, 3, 4, 5, 6].map((i) => zone(i, 100 * i, 0.05)));
    expect(tied).toContain("同比增速均为5.0%");
    expect(tied).not.toContain("同比增速居前");
    const none = s4([1, 2, 3].map((i) => zone(i, 100 * i, null)));
    expect(none).not.toContain("本期没有地区生产总值同比下降的开发区");
    expect(none).toContain("未计算同比");
  });

  it("sc-qa finding 4: without a computed 同比, each zone's reported rate is given marked 填报 (not ranked), and the note says which is which", () => {
    // 甲3 300 reported 6.5%, 甲2 200 reported −1.2%, 甲1 100 reported nothing: listed by value, 甲1 left out.
    const zs = [zone(1, 100, null), { ...zone(2, 200, null), reportedGrowth: -0.012 }, { ...zone(3, 300, null), reportedGrowth: 0.065 }];
    const t = s4(zs);
    expect(t).toContain("各开发区报表填报的增速（标“填报”）为甲3开发区（增长6.5%，填报）和甲2开发区（下降1.2%，填报）");
    expect(t).not.toMatch(/甲1开发区（[增下]/);
    expect(t).toContain("以上2家开发区的增速为报表填报数（标“填报”）");
    expect(t).not.toContain("同比增速从高到低");
    // Mixed: a computed 同比 is never printed unmarked beside a reported one; the reported one is marked.
    const mixed = s4([zone(1, 100, 0.05), zone(2, 300, 0.03), { ...zone(3, 200, null), reportedGrowth: 0.07 }]);
    expect(mixed).toContain("没有可比上年同期数值的开发区报表填报的增速（标“填报”）为甲3开发区（增长7.0%，填报）");
  });
});

describe("an expired target in the report of its own deadline and after (sc-qa findings 1, 3, 9)", () => {
  // 四川 SC-01: 2024 share 25866 ÷ 64697 = 39.98021% against ≥40% by 2024 → missed by 0.0198 points (到期未达成).
  // SC-02: ≥28000亿元 by 2025, 2024 = 25866, path 26000 → behind by 134; SC-04: 土地开发率 ≥85% by 2025, 2024年末 86.353 → achieved (+1.353, 86.4% and 1.4 printed).
  const annual = { label: "2024年", year: 2024, endMonth: 12, start: "2024-01-01", end: "2024-12-31", previousLabel: "2023年" };
  const q3 = { label: "2025年1-9月", year: 2025, endMonth: 9, start: "2025-01-01", end: "2025-09-30", previousLabel: "2024年1-9月" };
  const common = { document: "sc.txt", phrase: "", scopeName: "全省省级以上经济开发区", indicatorCode: "gdp", indicatorName: "地区生产总值", comparator: ">=", gapToTarget: null, gapToExpected: null, requiredGrowth: null, reason: null, isPartial: false };
  const share = (periodLabel: string, value: number, status: string): TargetFact => ({
    ...common, targetId: "SC-01", clause: "二（一）1", kind: "share", unit: "%", targetValue: 40, targetYear: 2024, periodLabel, basis: "period",
    actual: { value, ref: "t1" }, expected: null, expectedMethod: null, status, deadline: { status: "missed", periodLabel: "2024年", actual: 39.980215 },
  });
  const level = (periodLabel: string, basis: string, value: number, expected: number): TargetFact => ({
    ...common, targetId: "SC-02", clause: "二（一）2", kind: "level", unit: "亿元", targetValue: 28000, targetYear: 2025, periodLabel, basis,
    actual: { value, ref: "t2" }, expected, expectedMethod: "linear", status: "behind", deadline: null,
  });
  const land: TargetFact = {
    ...common, targetId: "SC-04", clause: "二（三）1", indicatorCode: "land_dev_rate", indicatorName: "土地开发率", kind: "level", unit: "%", targetValue: 85, targetYear: 2025,
    periodLabel: "2024年末", basis: "level", actual: { value: 86.353, ref: "t4" }, expected: 83.33, expectedMethod: "linear", status: "achieved", deadline: null,
  };

  it("the 2024年 report judges the 2024 target: 39.98% (not 40.0%), 到期未达成, counted as 已到目标年, in 附表1 as the verdict (never 已达到)", () => {
    const f: ReportFacts = { ...facts([measure({ share: { value: 0.39980215, ref: "s3" } })], [share("2024年", 39.980215, "missed"), level("2024年", "period", 25866, 26000), land]), period: annual };
    const doc = composeReport(f);
    const md = reportMarkdown(doc);
    const s1 = section(md, "一、总体情况");
    expect(s1).toContain("占全省的39.98%");
    expect(s1).not.toContain("40.0%");
    expect(s1).toContain("sc.txt提出的2024年40%的目标到期未达成，差0.02个百分点");
    const s5 = section(md, "五、目标进展");
    expect(s5).toContain("目标年未到的2项中，已达成1项、落后进度1项；已到目标年的1项中，到期未达成1项");
    expect(s5).toContain("（二（一）1）：到期未达成，2024年为39.98%，差0.02个百分点。");
    // Finding 9: the live land target is described, and each live target's sentence starts with its status.
    expect(s5).toContain("土地开发率2025年不低于85%（二（三）1）：已达成，2024年末为86.4%，高于目标1.4个百分点。");
    expect(s5).toContain("（二（一）2）：落后进度，2024年为25,866.0亿元");
    const row = doc.appendix[0]!.rows[0]!.map((c) => c.text);
    expect(row[3]).toBe("39.98");
    expect(row[5]).toContain("到期未达成（2024年39.98%，差0.02个百分点）");
    expect(row[5]).not.toContain("已达到");
  });

  it("a later period's 附表1 gives the expired target's deadline verdict (not this period against it) and lists the live 28000亿元 target with its status", () => {
    const f: ReportFacts = { ...facts([measure({ share: { value: 0.4016, ref: "s3" }, current: { value: 20080, ref: "s1" } })], [share("2025年1-9月", 40.16, "after_target_year"), level("2025年1-9月", "ytd", 20080, 21000)]), period: q3 };
    const row = composeReport(f).appendix[0]!.rows[0]!.map((c) => c.text);
    expect(row[4]).toBe("不低于40%（2024年，sc.txt）；不低于28,000亿元（2025年，sc.txt）");
    expect(row[5]).toBe("到期未达成（2024年39.98%，差0.02个百分点）；落后进度（按序时进度应为21,000.0亿元）");
    expect(row[5]).not.toContain("高出");
  });
});

describe("总体情况's count of indicators (stat-qa 10)", () => {
  it("counts every indicator of the report and says how many have no comparable 同比", () => {
    // Three indicators: GDP +5%, exports −2%, FDI with 2 of 52 zones missing last year (no comparable 同比).
    const md = reportMarkdown(composeReport(facts([
      measure(),
      measure({ indicatorCode: "export", indicatorName: "出口额", unit: "亿美元", growth: { value: -0.02, ref: "s5" } }),
      measure({ indicatorCode: "fdi", indicatorName: "实际利用外资", unit: "亿美元", reporting: { current: 52, expected: 52, previous: 50, previousExpected: 52 } }),
    ])));
    expect(section(md, "一、总体情况")).toContain("列入本报告的3项主要指标中，2项可与上年同期比较：1项同比增长，1项同比下降（出口额）；其余1项数据不全，不作比较（见“数据说明”）。");
  });
});

describe("附表1's 目标 column (reader-qa3 F13)", () => {
  it("a count target on an amount's row is said in its own words, not as 不低于10家 beside 工业总产值（亿元）", () => {
    const m = measure({ indicatorCode: "industrial_output", indicatorName: "工业总产值" });
    // D000-07: 工业总产值超千亿元规模的经济开发区增加到10家以上 — a count of zones (家), on the 工业总产值 row (亿元).
    const t: TargetFact = {
      targetId: "D000-07", document: "000_a15158e3137421c5.txt", clause: "二（三）3", phrase: "工业总产值超千亿元规模的经济开发区增加到10家以上", scopeName: "全省省级以上经济开发区", indicatorCode: "industrial_output", indicatorName: "工业总产值",
      kind: "count", comparator: ">=", unit: "家", targetValue: 10, targetYear: 2020, periodLabel: "2024年", basis: "period", actual: { value: 3, ref: "t" },
      expected: null, expectedMethod: null, gapToTarget: -7, gapToExpected: null, requiredGrowth: null, status: "missed", reason: null, isPartial: false, deadline: null,
    };
    const row = summaryTable(facts([m], [t])).rows[0]!;
    expect(row[4]!.text).toBe("工业总产值超千亿元规模的经济开发区增加到10家以上（不低于10家）（2020年，文件000）");
  });
});

describe("分市看's lead says as many places as there are cities (stat-qa3 F13)", () => {
  const city = (name: string, value: number) => measure({ code: `C_${name}`, name: `${name}开发区`, current: { value, ref: "c" } });
  const lead = (cities: Measure[]) => section(reportMarkdown(composeReport({ ...facts([measure()]), cities })), "三、").split("\n").find((l) => l.startsWith("分市看")) ?? "";
  it("three cities: 居前三位; two: their order, never 居前三位; one: itself", () => {
    expect(lead([city("沈阳市", 300), city("大连市", 500), city("鞍山市", 100)])).toContain("居前三位的是大连市开发区（500.0亿元）、沈阳市开发区（300.0亿元）和鞍山市开发区（100.0亿元）");
    const two = lead([city("沈阳市", 300), city("营口市", 70)]);
    expect(two).toContain("由高到低依次是沈阳市开发区（300.0亿元）和营口市开发区（70.0亿元）");
    expect(two).not.toContain("居前三位");
    expect(lead([city("营口市", 70)])).toContain("有数据的只有营口市开发区（70.0亿元）");
  });
});

describe("stat-qa F13: a target's words and a difference of percentages", () => {
  // Document 001 附件1 第1行 as the catalogue has it (targets.csv D001-03): the table row's cells tab-separated.
  const row: TargetFact = {
    targetId: "D001-03", document: "001_305298ae3fc0e8d8.txt", clause: "附件1 第1行（2030年）", phrase: "地区生产总值\t年均增速高于全市水平\t5250\t5.86%",
    scopeName: "沈阳市省级以上经济开发区", indicatorCode: "gdp", indicatorName: "地区生产总值", kind: "growth", comparator: ">=", unit: "%", targetValue: 5.86,
    targetYear: 2030, periodLabel: "2024年1-9月", basis: "ytd", actual: { value: 4.2, ref: "t" }, expected: null, expectedMethod: null, gapToTarget: null,
    gapToExpected: null, requiredGrowth: null, status: "behind", reason: null, isPartial: false, deadline: null,
  };
  const shenyang = measure({ code: "C210100_ED", name: "沈阳市省级以上经济开发区", shareOf: null, share: null, sharePrevious: null });

  it("目标进展 says a table row by its indicator, year and judged cell (kit/targets.ts targetWords), never with tab characters", () => {
    const s5 = section(reportMarkdown(composeReport(facts([shenyang], [row]))), "五、目标进展");
    // Cells: 地区生产总值 | 年均增速高于全市水平 | 5250 | 5.86% → a growth target of 5.86% by 2030: 地区生产总值年均增速2030年5.86%.
    expect(s5).toContain("沈阳市省级以上经济开发区：地区生产总值年均增速2030年5.86%（附件1 第1行（2030年））：落后进度，2024年1-9月为4.2%。");
    expect(s5).not.toContain("\t");
  });

  it("附表1's 目标 cell for a target in another unit has no tab either (cleanPhrase left 「地区生产总值<TAB>年均增速高于全市水平」)", () => {
    const table = summaryTable(facts([shenyang], [row]));
    const cell = table.rows[0]![4]!.text;
    expect(cell).toBe("地区生产总值年均增速2030年5.86%（不低于5.86%）（2030年，文件001）");
  });

  it("a target in the catalogue's 百分点 (a relative target) prints 个百分点: its value, its target and its gap", () => {
    expect(amount(1.5, "百分点")).toBe("1.5个百分点");
    // 0.7 − 1.2 = −0.5 个百分点 below.
    expect(compareWord(0.7 - 1.2, "百分点")).toEqual({ word: "低于", number: "0.5个百分点" });
    const relative: TargetFact = { ...row, targetId: "D001-01", phrase: "“十五五”期间，全市经开区地区生产总值年均增速高于全市水平", kind: "relative", unit: "百分点", targetValue: 0, actual: { value: 1.5, ref: "t" }, status: "on_track" };
    const p = period;
    // Relative targets: 「符合进度（2024年1-9月为1.5个百分点）」, never 「1.5百分点」.
    expect(progressText(relative, p)).toBe("符合进度（2024年1-9月为1.5个百分点）");
    const md = reportMarkdown(composeReport(facts([shenyang], [relative])));
    expect(md).toContain("2024年1-9月为1.5个百分点");
    expect(md).not.toMatch(/\d百分点/);
  });
});

describe("stat-qa F12: an area's 同比 (areaGrowth)", () => {
  const city = (reporting: NonNullable<Measure["reporting"]>, zonesCompared: number | null) =>
    measure({ code: "C210100_ED", name: "沈阳市省级以上经济开发区", growth: { value: 208 / 180 - 1, ref: "g" }, reporting, zonesCompared });
  it("complete both years: the rate as it is; 9 of 11 sent: the like-for-like rate with its 9 zones; a held value: none (its note says 同比未列出)", () => {
    expect(areaGrowth(city({ current: 11, expected: 11, previous: 11, previousExpected: 11 }, 11), period)).toMatchObject({ comparable: null });
    // 208 / 180 − 1 = 15.6% over the 9 zones in both years.
    expect(areaGrowth(city({ current: 9, expected: 11, previous: 11, previousExpected: 11 }, 9), period)).toEqual({ figure: { value: 208 / 180 - 1, ref: "g" }, comparable: 9, expected: 11, broken: 0 });
    expect(areaGrowth(city({ current: 10, expected: 11, previous: 11, previousExpected: 11, held: 1 }, 10), period)).toBeNull();
    // A reported (not summed) total has no like-for-like figure.
    expect(areaGrowth(city({ current: 9, expected: 11, previous: 11, previousExpected: 11 }, null), period)).toBeNull();
  });
});
