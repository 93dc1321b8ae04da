/**
 * A corpus of bad files, one quirk each: every one is rejected whole with its own
 * error code and a report beside it, and the warehouse's data is unchanged.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { REPO, SHARED, tempProject, type TestProject } from "../support/project.js";

const BAD = path.join(REPO, "tests/fixtures/bad");
const GOOD = path.join(REPO, "tests/fixtures/good");
const EXPECTED: Record<string, string> = {
  "encoding_invalid.csv": "ENCODING_INVALID",
  "excel_truncated.xlsx": "EXCEL_CORRUPT",
  "binary_content.csv": "FILE_BINARY",
  "empty_file.csv": "FILE_EMPTY",
  "layout_unknown.csv": "LAYOUT_UNKNOWN",
  "column_unknown.csv": "COLUMN_UNKNOWN",
  "column_duplicate.csv": "COLUMN_DUPLICATE",
  "period_missing.csv": "PERIOD_MISSING",
  "period_invalid.csv": "PERIOD_INVALID",
  "value_not_number.csv": "VALUE_NOT_NUMBER",
  "entity_unknown.csv": "ENTITY_UNKNOWN",
  "indicator_unknown.csv": "INDICATOR_UNKNOWN",
  "unit_unknown.csv": "UNIT_UNKNOWN",
  "unit_missing.csv": "UNIT_MISSING",
  "unit_mismatch.csv": "UNIT_MISMATCH",
  "duplicate_value.csv": "DUPLICATE_VALUE",
  "row_too_long.csv": "ROW_TOO_LONG",
  "basis_invalid.csv": "BASIS_INVALID",
  "vintage_invalid.csv": "VINTAGE_INVALID",
  "no_values.csv": "NO_VALUES",
  "header_missing.csv": "HEADER_MISSING",
};

let project: TestProject;
let wh: Warehouse;
const snapshot = async () => JSON.stringify(await wh.sql.all(`select * exclude (loaded_at) from ingest.facts_wide order by file_id, line, col`)) + JSON.stringify(await wh.sql.all(`select sha256, status from ingest.files order by file_id`));

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // Something already in the warehouse, to prove nothing of it is lost or changed.
  await ingest(project.ctx(), wh, { paths: [path.join(SHARED, "realdata/nbs/01_nbs_fsnd_gdp_by_province_2006-2024_GBK.csv")] });
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("bad files", () => {
  it("the corpus has one fixture per expected code, each code distinct", () => {
    expect(readdirSync(BAD).sort()).toEqual(Object.keys(EXPECTED).sort());
    expect(new Set(Object.values(EXPECTED)).size).toBe(Object.keys(EXPECTED).length);
  });

  for (const [file, code] of Object.entries(EXPECTED)) {
    it(`${file} → ${code}, rejected whole with a report, warehouse unchanged`, async () => {
      const before = await snapshot();
      project.dropFrom(path.join(BAD, file));
      const report = await ingest(project.ctx(), wh);
      expect(report.files).toHaveLength(1);
      const f = report.files[0]!;
      expect(f.status).toBe("rejected");
      expect(f.firstError).toBe(code);
      expect(await snapshot()).toBe(before);
      // The file moved to rejected/ with a JSON and a text report beside it.
      const rejected = path.join(project.config.rejected, file);
      expect(existsSync(rejected)).toBe(true);
      expect(existsSync(path.join(project.inbox, file))).toBe(false);
      const json = JSON.parse(readFileSync(rejected + ".problems.json", "utf8"));
      expect(json.errors[0].code).toBe(code);
      const text = readFileSync(rejected + ".problems.txt", "utf8");
      expect(text).toContain(`[${code}]`);
      expect(text).toContain(file);
    });
  }

  it("a row error names file, line, column, the value and what was expected", async () => {
    const json = JSON.parse(readFileSync(path.join(project.config.rejected, "value_not_number.csv.problems.json"), "utf8"));
    // value_not_number.csv line 3 is `1,沈阳经济技术开发区,沈阳市,五百一十二,30000`: column D holds 五百一十二.
    expect(json.errors[0]).toMatchObject({ code: "VALUE_NOT_NUMBER", line: 3, column: "D", value: "五百一十二" });
    expect(json.errors[0].expected).toBeTruthy();
    const unknown = JSON.parse(readFileSync(path.join(project.config.rejected, "entity_unknown.csv.problems.json"), "utf8"));
    // Column B is 开发区名称, where the unknown name stands (not the value columns D/E).
    expect(unknown.errors[0]).toMatchObject({ code: "ENTITY_UNKNOWN", line: 3, column: "B", value: "沈阳经开发区" });
  });
});

describe("quirky but valid files", () => {
  it("a 合计 row that does not add up loads the file with a TOTAL_MISMATCH warning; the total is not stored", async () => {
    project.dropFrom(path.join(GOOD, "total_mismatch_2024年1-6月.csv"));
    const report = await ingest(project.ctx(), wh);
    expect(report.files[0]).toMatchObject({ status: "loaded", rows: 4 });
    const warnings = JSON.parse(String((await wh.sql.all(`select warnings from ingest.files where name like 'total_mismatch%'`))[0]!.warnings));
    // 512.3 + 800.1 = 1312.4 ≠ 1400.0 (GDP column D); 30000 + 45000 = 75000 matches (column E).
    expect(warnings.map((w: { code: string; column: string }) => [w.code, w.column])).toEqual([["TOTAL_MISMATCH", "D"]]);
  });

  it("GBK, a 单位 line, full-width digits, quoted thousands, short names and a dash load correctly", async () => {
    project.dropFrom(path.join(GOOD, "quirks_fullwidth_gbk.csv"));
    const report = await ingest(project.ctx(), wh);
    expect(report.files[0]?.status).toBe("loaded");
    const rows = await wh.sql.all(`select entity_code, indicator_code, value, unit, original_text, period_label from observations where source_file = 'quirks_fullwidth_gbk.csv' order by entity_code, indicator_code`);
    // 一般公共预算收入 "１２,３４５" 万元 (单位 line) = 1.2345 亿元; the dash for 大连 is missing, not zero.
    expect(rows).toEqual([
      { entity_code: "ED210101", indicator_code: "fiscal_revenue", value: 1.2345, unit: "亿元", original_text: "１２,３４５", period_label: "2024年1-9月" },
      { entity_code: "ED210101", indicator_code: "gdp", value: 512.3, unit: "亿元", original_text: "５１２．３", period_label: "2024年1-9月" },
      { entity_code: "ED210201", indicator_code: "gdp", value: 800.1, unit: "亿元", original_text: "800.1", period_label: "2024年1-9月" },
    ]);
  });
});
