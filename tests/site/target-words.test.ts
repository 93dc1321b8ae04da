/**
 * What a target's badge and gap say on 总览 and 进度 (sc-qa finding 6): a live target already met reads
 * 提前达成 as `targets --status` does, and each gap says what it is measured against.
 */
import { describe, expect, it } from "vitest";
import { gapText, latestGapText, PARTIAL_CHANGE, phraseText, targetChangeText, targetMakeup, targetText, targetWords, verdictOf } from "../../dashboards/kit/targets.js";
import { STATUS_LABEL } from "../../dashboards/kit/labels.js";
import { NumberFormats, targetValueNumber } from "../../dashboards/kit/format.js";
import { comparatorWords, targetAmount } from "../../dashboards/report/wording.js";

// 四川 SC-04: 土地开发率 ≥85% by 2025, base 2022 80 → linear path 2024 = 80 + (85 − 80) × 2/3 = 83.33;
// 2024年末 86.35: 86.35 − 85 = 1.35 → "1.4" to the target, 86.35 − 83.33 = 3.02 → "3.0" to the path.
const land = { target_id: "SC-04", unit: "%", comparator: ">=", headline_status: "achieved", status: "achieved", is_expired: false, gap_to_target: 1.35, gap_to_expected: 3.02, expected: 83.33, actual: 86.35 };

describe("target words on 总览 and 进度 (sc-qa finding 6)", () => {
  it("a live target met before its year is 提前达成; an expired one met at its year stays 已达成", () => {
    expect(STATUS_LABEL[verdictOf(land)]).toBe("提前达成");
    expect(STATUS_LABEL[verdictOf({ ...land, is_expired: true })]).toBe("已达成");
  });

  it("the card's gap is to the target (比目标超出 1.4 个百分点), the table's to the schedule (比进度超出 3.0 个百分点)", () => {
    const f = new NumberFormats(new Map());
    expect(latestGapText(land, f)).toBe("比目标超出 1.4 个百分点");
    expect(gapText(land, f)).toBe("比进度超出 3.0 个百分点");
  });
});

describe("同比 of a partial target total (reader-qa 3)", () => {
  // 沈阳 GDP 2025年1-9月 without its held zone 1786.6 against the complete 2024年1-9月 1870.7: 1786.6 / 1870.7 − 1 = −4.5%,
  // a fall made by the missing zone, not growth — so no 同比 on 总览 or 进度.
  it("is —（数据不全） when either year's total is partial", () => {
    expect(targetChangeText(1786.6, 1870.7, "亿元", true, false)).toBe("—（数据不全）");
    expect(targetChangeText(1786.6, 1870.7, "亿元", false, true)).toBe(PARTIAL_CHANGE);
    expect(targetChangeText(33.1, 34.6, "%", true, false)).toBe("—（数据不全）");
  });
  it("is the plain 同比 when both are complete: 1960.7 / 1870.7 − 1 = +4.8%", () => {
    expect(targetChangeText(1960.7, 1870.7, "亿元", false, false)).toBe("增长 4.8%");
    // No previous year: nothing to compare, "—" as before.
    expect(targetChangeText(1786.6, null, "亿元", true, null)).toBe("—");
  });
});

describe("a count target stated as an increase shows how it is made up (reader-qa3 11)", () => {
  const f = new NumberFormats(new Map());
  // sources/seeds/targets.csv D002-06 and D002-07 (文件002 三（二）): 8 国家级高新区 in 2016, + 2 → 10, + 5 → 13.
  const up = { kind: "zone_count", comparator: ">=", unit: "家", base_year: 2016, base_value: 8, target_value: 10, phrase: "力争到2020年新升级国家级高新区2家以上" };
  it("8 + 2 = 10 and 8 + 5 = 13, beside the target", () => {
    expect(targetText(up, f)).toBe("≥10 家（2016年8家 + 新升级2家）");
    expect(targetMakeup({ ...up, target_value: 13, phrase: "力争到2020年有5个省级高新区进入到国家级高新区行列" })).toBe("（2016年8家 + 新进入5家）");
  });
  it("a total (数量达到25家, base 15: 10 is not in the phrase) or a count without a base shows none", () => {
    expect(targetMakeup({ ...up, base_value: 15, target_value: 25, phrase: "省级以上高新区数量达到25家……以上" })).toBe("");
    expect(targetMakeup({ ...up, base_value: null, base_year: null })).toBe("");
    expect(targetText({ ...up, kind: "count" }, f)).toBe("≥10 家");
  });
});

describe("a target value prints as its document wrote it, on the site and in the 季度分析 alike (reader-qa3 F4, F16)", () => {
  const f = new NumberFormats(new Map([["fdi", { decimals: 1, unit: "亿美元" }], ["gdp", { decimals: 1, unit: "亿元" }]]));
  // targets.csv D001-20: 沈阳 实际利用外资 ≥3.15 亿美元 (clause "达到3.15亿美元"): one decimal printed "3.2", a number
  // the document never gave; D000-01 ≥10500 亿元 printed "10,500.0" in the site's tables. Neither added nor rounded digits.
  it("3.15 stays 3.15, 10500 is 10,500 (no .0), 40% is 40%, in targetText, targetAmount and targetValueNumber", () => {
    expect(targetValueNumber(3.15)).toBe("3.15");
    expect(targetValueNumber(10500)).toBe("10,500");
    expect(targetValueNumber(5.86)).toBe("5.86");
    // A float sum stored as 3.1500000000000004 is still the document's 3.15.
    expect(targetValueNumber(1.05 * 3)).toBe("3.15");
    expect(targetText({ target_value: 3.15, unit: "亿美元", comparator: ">=", indicator_code: "fdi" }, f)).toBe("≥3.15 亿美元");
    expect(targetText({ target_value: 10500, unit: "亿元", comparator: ">=", indicator_code: "gdp" }, f)).toBe("≥10,500 亿元");
    expect(targetText({ target_value: 40, unit: "%", comparator: ">=", indicator_code: "gdp" }, f)).toBe("≥40%");
    expect(comparatorWords(">=", targetAmount(3.15, "亿美元"))).toBe("不低于3.15亿美元");
    expect(targetAmount(10500, "亿元")).toBe("10,500亿元");
  });
});

describe("an expired target without its target year's figure has no gap (reader-qa3 F9)", () => {
  const f = new NumberFormats(new Map([["gdp", { decimals: 1, unit: "亿元" }]]));
  // D000-01: LN_ED GDP ≥10,500 亿元 by 2020, no 2020 data; shown at 2025年1-9月 8,262.7: 8,262.7 − 10,500 = −2,237.3, which was
  // printed "差 2,237.3 亿元" under "差距为到期时的差距" — 9 months against a full-year level, while 2024 全年 11,313.9 ≥ 10,500.
  const row = { target_year: 2020, target_value: 10500, unit: "亿元", indicator_code: "gdp", comparator: ">=", is_expired: true, deadline_gap: null, gap_to_target: -2237.3, actual: 8262.7, period_label: "2025年1-9月" };
  it("a later full year is said as a level only; none → no gap", () => {
    expect(gapText({ ...row, current_year: 2024, current_meets_target: true }, f)).toBe("2024年全年已超过目标");
    expect(gapText({ ...row, current_year: 2024, current_meets_target: false }, f)).toBe("2024年全年仍未达到目标");
    expect(gapText(row, f)).toBe("—（无2020年全年数据）");
    // The deadline's own full year keeps its gap: 2020 10,000 − 10,500 = −500 → "2020年差 500.0 亿元".
    expect(gapText({ ...row, deadline_gap: -500 }, f)).toBe("2020年差 500.0 亿元");
  });
});

describe("a live target already at its level is not set against its path (reader-qa3 F5)", () => {
  const f = new NumberFormats(new Map([["fdi", { decimals: 1, unit: "亿美元" }]]));
  // 沈阳 FDI 2025年1-9月 6.26 against ≥3.15 (2030): 6.26 − 3.15 = 3.11 → "3.1"; the path (5.6, falling from 2024's 8.9) is not used.
  const row = { status: "achieved", is_expired: false, comparator: ">=", unit: "亿美元", indicator_code: "fdi", actual: 6.26, expected: 5.6, gap_to_expected: 0.66, gap_to_target: 3.11, is_full_year: false };
  it("says 已达到目标水平 with the distance to the target, not 比进度超出", () => {
    expect(gapText(row, f)).toBe("已达到目标水平（比目标超出 3.1 亿美元）");
    expect(gapText({ ...row, status: "on_track" }, f)).toBe("比进度超出 0.7 亿美元");
  });
});

describe("a target from a document's table row reads as the cell it judges (reader-qa3 F8)", () => {
  // targets.csv D001-02 and D001-03 share 文件001 附件1 第1行 "地区生产总值	年均增速高于全市水平	5250	5.86%": the level target
  // (5250 亿元 in 2030) was shown as "地区生产总值 年均增速高于全市水平" — the growth half of the row.
  const phrase = "地区生产总值\t年均增速高于全市水平\t5250\t5.86%";
  it("the level reads 地区生产总值2030年5,250亿元, the growth 地区生产总值年均增速2030年5.86%; a sentence stays as written", () => {
    expect(targetWords({ phrase, kind: "level", target_year: 2030, target_value: 5250, unit: "亿元" })).toBe("地区生产总值2030年5,250亿元");
    expect(targetWords({ phrase, kind: "growth", target_year: 2030, target_value: 5.86, unit: "%" })).toBe("地区生产总值年均增速2030年5.86%");
    expect(targetWords({ phrase: "实际利用外资额超过60亿美元", kind: "level" })).toBe("实际利用外资额超过60亿美元");
  });
});

describe("a catalogue phrase as printed text (方法 原文, search index): stat-qa F13", () => {
  it("a table row's cells are joined with ｜, never raw tabs; a sentence is unchanged", () => {
    // targets.csv D000-C5-210100 「沈阳市<TAB>11<TAB>13」 and D001-15's cell with its own comma.
    expect(phraseText("沈阳市\t11\t13")).toBe("沈阳市｜11｜13");
    expect(phraseText("进出口总额（亿元）\t1400亿元，占全市比重75%\t1474\t6.3%")).toBe("进出口总额（亿元）｜1400亿元，占全市比重75%｜1474｜6.3%");
    expect(phraseText("班列开行数量力争进入全国前 5 名")).toBe("班列开行数量力争进入全国前 5 名");
  });
});
