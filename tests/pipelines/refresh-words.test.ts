/**
 * What refresh says. stat-qa2 6: a failing shares test named a workbook cell 第25行 D列 while status and .problems.txt say 开发区!D25.
 * The refresh message now names a workbook's cell as the workbook does, and a text file's by line and column.
 */
import { describe, expect, it } from "vitest";
import { refreshMsg } from "../../pipelines/refresh-messages.js";
import type { ShareOutOfRange } from "../../pipelines/refresh-failures.js";

const row: ShareOutOfRange = {
  scope_name: "沈阳市省级以上经济开发区", indicator_name: "地区生产总值", period_label: "2024年1-6月", unit: "亿元",
  share: 3.95, numerator: 395, denominator: 100, denominator_name: "沈阳市", zone_name: "沈阳经济技术开发区", zone_value: 390,
  source_file: "2024年1-6月.xlsx", source_line: 25, source_column: "D", source_sheet: "开发区", flag_id: 7, flag_state: "open", confirmed_by: null,
};

describe("a share above 100% names the cell behind it", () => {
  it("as sheet!cell for a workbook", () => {
    // 395 ÷ 100 = 395%; the zone's 390 亿元 sat in sheet 开发区, row 25, column D.
    expect(refreshMsg.shareOutOfRange(row)).toBe(
      "  沈阳市省级以上经济开发区 地区生产总值 2024年1-6月：占比 395%（395 ÷ 沈阳市 100 亿元）；其中最大的是「沈阳经济技术开发区」390 亿元（2024年1-6月.xlsx 开发区!D25，标记号 7，需核实）");
  });
  it("as 第n行 X列 for a text file", () => {
    expect(refreshMsg.shareOutOfRange({ ...row, source_file: "a.csv", source_sheet: null, flag_id: null })).toContain("（a.csv 第25行 D列）");
  });
});

describe("a refresh that loaded nothing", () => {
  it("names a rejected file as what arrived, not 没有新文件 (stat-qa3 F10)", () => {
    expect(refreshMsg.nothingLoaded(0, 1)).toBe("没有文件入库（1 个拒收，见 rejected/ 中的报告），项目未改变：未构建、未发布");
    expect(refreshMsg.nothingLoaded(2, 1)).toBe("没有文件入库（1 个拒收，见 rejected/ 中的报告；2 个重复文件），项目未改变：未构建、未发布");
    expect(refreshMsg.nothingLoaded(2, 0)).toBe("没有新文件，项目未改变：未构建、未发布（2 个重复文件）");
  });
});
