/**
 * The evidence a file gives for its edition (pipelines/ingest/edition.ts), read from
 * text as statistical offices and the portal write it. Expected dates by hand.
 */
import { describe, expect, it } from "vitest";
import { correctionMarker, fileEdition, inferredVintage, statedVintage } from "../../pipelines/ingest/edition.js";

describe("rule 2: a stated date line", () => {
  it.each([
    ["填报日期：2024年7月15日", "2024-07-15"],
    ["报送日期:2024-07-15", "2024-07-15"],
    ["数据截止：2024年6月", "2024-06-30"], // a month means its last day
    ["导出时间：2018-03-02 10:31:05", "2018-03-02"], // the time of day is dropped
    ['"更新时间：2024/07/15",,,', "2024-07-15"], // as a spreadsheet writes a one-cell row
    ["更新时间：２０２４年７月１５日", "2024-07-15"], // full-width digits
  ])("%s → %s", (line, expected) => {
    const text = `2024年1-6月全省经济开发区主要经济指标\r\n序号,开发区名称\r\n1,沈阳经济技术开发区\r\n${line}\r\n`;
    expect(statedVintage(text)).toMatchObject({ vintage: expected, line: 4 });
  });

  it("an unreadable date comes back without a vintage, to be rejected, not guessed", () => {
    expect(statedVintage("a,b\r\n报送日期：七月中旬\r\n")).toEqual({ vintage: undefined, label: "报送日期", line: 2, text: "七月中旬" });
  });

  it("a label inside a data row or a note is not a stated line", () => {
    expect(statedVintage("指标,填报日期：2024-07-15\r\n注：更新时间见网站\r\n")).toBeUndefined();
  });

  it("only the first and last 12 lines are searched", () => {
    const middle = Array.from({ length: 30 }, (_, i) => (i === 15 ? "填报日期：2024-07-15" : `${i},1`)).join("\n");
    expect(statedVintage(middle)).toBeUndefined();
  });
});

describe("rule 3: correction markers in the name or title", () => {
  it.each([
    ["示例_2024年1-6月主要经济指标_更正.csv", undefined, "更正"],
    ["a.csv", "2024年1-6月全省经济开发区主要经济指标（示例数据）（更正）", "更正"],
    ["报表（第二版）.csv", undefined, "（第二版）"],
    ["报表_补报.csv", undefined, "补报"],
    ["01_nbs_fsnd_gdp_by_province_2006-2024_GBK.csv", "分省年度数据 · 地区生产总值(亿元) · 最近20年", undefined],
  ])("%s / %s → %s", (name, title, expected) => {
    expect(correctionMarker(name, title)).toBe(expected);
  });
});

describe("rule 4 and the order of 1, 2, 4", () => {
  it("the day after the newest period", () => {
    expect(inferredVintage("2024-12-31")).toBe("2025-01-01");
    expect(inferredVintage("2024-02-29")).toBe("2024-03-01");
  });

  it("--vintage, then the file name, then a stated line, then the content", () => {
    const stated = { vintage: "2024-07-20", label: "填报日期", line: 3, text: "2024年7月20日" };
    const base = { name: "报表.csv", newestPeriodEnd: "2024-06-30", today: "2026-11-29" };
    expect(fileEdition({ ...base, option: "2024-08-01", stated })).toMatchObject({ vintage: "2024-08-01", source: "option" });
    expect(fileEdition({ ...base, name: "报表_vintage2024-07-31.csv", stated })).toMatchObject({ vintage: "2024-07-31", source: "filename" });
    expect(fileEdition({ ...base, stated })).toEqual({ vintage: "2024-07-20", source: "file", note: "文件第3行「填报日期：2024年7月20日」（规则2）" });
    expect(fileEdition(base)).toEqual({ vintage: "2024-07-01", source: "inferred", note: "由内容推断：最新期间截至 2024-06-30，版本不早于 2024-07-01（规则4）" });
  });
});
