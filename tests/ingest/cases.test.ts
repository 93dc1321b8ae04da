/**
 * Issue #14, "Inputs that go wrong today" and ../shared/cases/ingest (copied byte-exact to
 * tests/fixtures/cases/): each file loaded into a real warehouse, asserting the value, the
 * interval and basis, the source line — or the rejection code. Expected values are read by
 * hand from each file (quoted in the comments); 万元 → 亿元 divides by 10 000.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, type FileOutcome } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const CASES = path.join(REPO, "tests/fixtures/cases");
/** The one file in a case folder. */
const caseFile = (dir: string) => path.join(CASES, dir, readdirSync(path.join(CASES, dir))[0]!);

let project: TestProject;
let wh: Warehouse;

interface Row {
  line: number;
  col: string;
  entity_name: string;
  indicator_code: string;
  measure: string;
  period_start: string;
  period_end: string;
  basis: string;
  value: number;
  unit: string;
}

async function load(file: string, opts: { bulkThresholdBytes?: number } = {}): Promise<{ outcome: FileOutcome; rows: Row[] }> {
  const report = await ingest(project.ctx(), wh, { paths: [file], ...opts });
  expect(report.files).toHaveLength(1);
  const outcome = report.files[0]!;
  if (outcome.status !== "loaded") return { outcome, rows: [] };
  const rows = await wh.sql.all<Row>(
    `select line, col, entity_name, indicator_code, measure, period_start::varchar as period_start, period_end::varchar as period_end, basis, value, unit
     from ingest.facts_wide where file_id = (select file_id from ingest.files where sha256 = ?) order by line, col`,
    [outcome.sha256],
  );
  return { outcome, rows };
}

const pick = (rows: Row[], entity: string, indicator: string, basis?: string) =>
  rows.filter((r) => r.entity_name === entity && r.indicator_code === indicator && (basis === undefined || r.basis === basis));

/** The report's counts add up to the file's line count (physical lines, any line ending). */
function expectAccounted(outcome: FileOutcome, file: string) {
  const a = outcome.accounting!;
  expect(a).toBeDefined();
  const { lines, ...parts } = a;
  expect(Object.values(parts).reduce((x, y) => x + y, 0)).toBe(lines);
  const text = readFileSync(file);
  // Independent count: line breaks (CRLF, LF or lone CR) in the bytes, UTF-16 aware; a final break starts no line.
  const decoded = text[0] === 0xff && text[1] === 0xfe ? new TextDecoder("utf-16le").decode(text.subarray(2)) : text.toString("utf8");
  const breaks = decoded.match(/\r\n|\n|\r/g)?.length ?? 0;
  expect(lines).toBe(/(\r\n|\n|\r)$/.test(decoded) ? breaks : breaks + 1);
  return a;
}

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("shared/cases/ingest", () => {
  it("q03 Excel Unicode 文本 (UTF-16LE, BOM, tabs) loads: 沈阳 GDP 2024年1-6月 累计 512.3 亿元 on line 3", async () => {
    const file = caseFile("q03_utf16_tab");
    const { outcome, rows } = await load(file);
    expect(outcome.status).toBe("loaded");
    // File line 3: 1<TAB>沈阳经济技术开发区<TAB>沈阳市<TAB>512.3<TAB>30000
    expect(pick(rows, "沈阳经济技术开发区", "gdp")).toMatchObject([{ line: 3, col: "D", period_start: "2024-01-01", period_end: "2024-06-30", basis: "ytd", value: 512.3, unit: "亿元" }]);
    // 30000 万元 = 3 亿元
    expect(pick(rows, "沈阳经济技术开发区", "fiscal_revenue")[0]!.value).toBe(3);
    expect(pick(rows, "大连经济技术开发区", "gdp")[0]).toMatchObject({ line: 4, value: 800.1 });
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 4, title: 1, header: 1, loaded: 2 });
  });

  it("q04 CR-only line endings: true line numbers (data on lines 3-4)", async () => {
    const file = caseFile("q04_cr_only");
    const { outcome, rows } = await load(file);
    expect(outcome.status).toBe("loaded");
    expect(pick(rows, "沈阳经济技术开发区", "gdp")[0]).toMatchObject({ line: 3, value: 512.3 });
    expect(pick(rows, "大连经济技术开发区", "gdp")[0]).toMatchObject({ line: 4, value: 800.1 });
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 4, loaded: 2 });
  });

  it("q10b merged group header 主要经济指标 over two columns: both indicators load from the second header row", async () => {
    const file = caseFile("q10b_merged_group_header");
    const { outcome, rows } = await load(file);
    expect(outcome.status).toBe("loaded");
    // Line 4: 1,沈阳经济技术开发区,沈阳市,512.3,30000
    expect(pick(rows, "沈阳经济技术开发区", "gdp")[0]).toMatchObject({ line: 4, col: "D", value: 512.3 });
    expect(pick(rows, "沈阳经济技术开发区", "fiscal_revenue")[0]).toMatchObject({ line: 4, col: "E", value: 3 });
    expect(pick(rows, "大连经济技术开发区", "fiscal_revenue")[0]!.value).toBe(4.5); // 45000 万元
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 5, title: 1, header: 2, loaded: 2 });
  });

  it("q11a 5.2% in a 地区生产总值(亿元) column: rejected VALUE_PERCENT naming the cell (line 3, column D)", async () => {
    const file = caseFile("q11a_percent_in_money");
    const { outcome } = await load(file);
    expect(outcome.status).toBe("rejected");
    expect(outcome.firstError).toBe("VALUE_PERCENT");
    const json = JSON.parse(readFileSync(outcome.reportPath!.replace(/\.txt$/, ".json"), "utf8"));
    expect(json.errors).toHaveLength(1);
    expect(json.errors[0]).toMatchObject({ code: "VALUE_PERCENT", line: 3, column: "D", value: "5.2%" });
    const text = readFileSync(outcome.reportPath!, "utf8");
    expect(text).toContain(":3:D [VALUE_PERCENT]");
    // The report counts the lines: 1 title, 1 header, 1 good data row, 1 error row.
    expect(text).toContain("行数：共 4 行");
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 4, loaded: 1, error: 1 });
  });

  it("q18 a 注：… line between two zone rows: both zones load, the note is counted", async () => {
    const file = caseFile("q18_footnote_middle");
    const { outcome, rows } = await load(file);
    expect(outcome.status).toBe("loaded");
    expect(pick(rows, "沈阳经济技术开发区", "gdp")[0]).toMatchObject({ line: 3, value: 512.3 });
    // Line 5, after the note on line 4: 2,大连经济技术开发区,大连市,800.1,45000
    expect(pick(rows, "大连经济技术开发区", "gdp")[0]).toMatchObject({ line: 5, value: 800.1 });
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 5, note: 1, loaded: 2 });
  });

  it("q21b 当季值 beside 累计值 under 2024年1-6月: 当季 → 2024-04-01..06-30 当期 (沈阳 260.1), 累计 → 01-01..06-30 (512.3)", async () => {
    const { outcome, rows } = await load(caseFile("q21b_dangji_in_ytd_title"));
    expect(outcome.status).toBe("loaded");
    expect(pick(rows, "沈阳经济技术开发区", "gdp", "period")).toMatchObject([{ col: "D", period_start: "2024-04-01", period_end: "2024-06-30", value: 260.1 }]);
    expect(pick(rows, "沈阳经济技术开发区", "gdp", "ytd")).toMatchObject([{ col: "E", period_start: "2024-01-01", period_end: "2024-06-30", value: 512.3 }]);
    expect(pick(rows, "大连经济技术开发区", "gdp", "period")).toMatchObject([{ period_start: "2024-04-01", value: 410 }]);
  });

  it("q22a title 2024年1月-6月, file name without a period: 2024-01-01..06-30 累计 (was January only)", async () => {
    const { outcome, rows } = await load(caseFile("q22a_title_1yue-6yue"));
    expect(outcome.status).toBe("loaded");
    expect(rows.length).toBe(4);
    for (const r of rows) expect([r.period_start, r.period_end, r.basis]).toEqual(["2024-01-01", "2024-06-30", "ytd"]);
  });

  it("q22b title 2024年1-3季度: 2024-01-01..09-30 累计 (was the whole year)", async () => {
    const { outcome, rows } = await load(caseFile("q22b_title_1-3jidu"));
    expect(outcome.status).toBe("loaded");
    expect(rows.length).toBe(4);
    for (const r of rows) expect([r.period_start, r.period_end, r.basis]).toEqual(["2024-01-01", "2024-09-30", "ytd"]);
  });

  it("q25a units after a slash (地区生产总值/亿元, 一般公共预算收入/万元) load", async () => {
    const { outcome, rows } = await load(caseFile("q25a_unit_slash"));
    expect(outcome.status).toBe("loaded");
    expect(pick(rows, "沈阳经济技术开发区", "gdp")[0]!.value).toBe(512.3);
    expect(pick(rows, "大连经济技术开发区", "fiscal_revenue")[0]!.value).toBe(4.5); // 45000 万元
  });

  it("q27 city totals with 地区生产总值比上年同期增长(%): loaded as the published 同比 (yoy_pct, %)", async () => {
    const file = caseFile("q27_region_totals");
    const { outcome, rows } = await load(file);
    expect(outcome.status).toBe("loaded");
    // 沈阳市,4154.8,5.2 ; 大连市,4210.4,6.1
    expect(pick(rows, "沈阳市", "gdp")).toMatchObject([
      { measure: "value", value: 4154.8, unit: "亿元" },
      { measure: "yoy_pct", value: 5.2, unit: "%" },
    ]);
    expect(pick(rows, "大连市", "gdp").find((r) => r.measure === "yoy_pct")!.value).toBe(6.1);
    // 各市合计 8365.2 = 4154.8 + 4210.4: a total row, not loaded, no mismatch.
    expect(outcome.warnings).toBe(0);
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 5, total: 1, loaded: 2 });
  });

  it("x18d 其中：国家级 with an empty zone name: recognised as a subtotal (warned, not loaded), the zones around it load", async () => {
    const file = caseFile("x18d_qizhong_row");
    const { outcome, rows } = await load(file);
    expect(outcome.status).toBe("loaded");
    expect(outcome.warnings).toBe(1);
    expect(rows.map((r) => r.line)).toEqual([3, 3, 5, 5]);
    const stored = await wh.sql.all<{ warnings: string }>(`select warnings from ingest.files where sha256 = ?`, [outcome.sha256]);
    expect(JSON.parse(stored[0]!.warnings)).toMatchObject([{ code: "SUBTOTAL_ROW", line: 4 }]);
    expect(expectAccounted(outcome, file)).toMatchObject({ lines: 5, subtotal: 1, loaded: 2 });
  });

  it("every case's row accounting is stored on its file record and adds up", async () => {
    const stored = await wh.sql.all<{ name: string; row_accounting: string }>(`select name, row_accounting from ingest.files join ingest.file_accounting using (file_id)`);
    expect(stored.length).toBeGreaterThanOrEqual(10);
    for (const s of stored) {
      const { lines, ...parts } = JSON.parse(s.row_accounting) as Record<string, number>;
      expect(Object.values(parts).reduce((x, y) => x + y, 0), s.name).toBe(lines);
    }
  });
});

describe("a % in a money cell is refused on every layout and both paths", () => {
  // The two paths get different bytes (800.1 / 800.2), or the second would be a duplicate of the first.
  const longPct = (v: string) => `entity,period,indicator,value,unit\n沈阳经济技术开发区,2024年1-6月,地区生产总值,5.2%,亿元\n大连经济技术开发区,2024年1-6月,地区生产总值,${v},亿元\n`;
  it.each([
    ["row path", undefined],
    ["bulk SQL path", 0],
  ])("canonical long, %s: VALUE_PERCENT on line 2", async (_label, threshold) => {
    const file = project.drop(`pct_long_${threshold ?? "row"}.csv`, longPct(threshold === undefined ? "800.1" : "800.2"));
    const { outcome } = await load(file, { bulkThresholdBytes: threshold });
    expect(outcome.status).toBe("rejected");
    expect(outcome.firstError).toBe("VALUE_PERCENT");
    const json = JSON.parse(readFileSync(outcome.reportPath!.replace(/\.txt$/, ".json"), "utf8"));
    expect(json.errors[0]).toMatchObject({ line: 2, value: "5.2%" });
    // Both paths count the same lines: header, one error row, one good row.
    expect(outcome.accounting).toMatchObject({ lines: 3, header: 1, error: 1, loaded: 1 });
  });

  it.each([
    ["row path", undefined],
    ["bulk SQL path", 0],
  ])("a % sign under a % unit is fine (%s): 土地开发率 92%", async (_label, threshold) => {
    const file = project.drop(`pct_ok_${threshold ?? "row"}.csv`, `entity,period,indicator,value,unit\n沈阳经济技术开发区,${threshold === undefined ? 2024 : 2023}年,土地开发率,92%,%\n`);
    const { outcome, rows } = await load(file, { bulkThresholdBytes: threshold });
    expect(outcome.status, outcome.reportPath && readFileSync(outcome.reportPath, "utf8")).toBe("loaded");
    expect(rows[0]).toMatchObject({ indicator_code: "land_development_rate", value: 92, unit: "%" });
  });

  it("portal export (nbs layout): 5.2% under 指标：地区生产总值(亿元) is refused", async () => {
    const file = project.drop("pct_nbs.csv", "数据库：分省年度数据\n指标：地区生产总值(亿元)\n时间：最近2年\n地区,2024年,2023年\n辽宁省,5.2%,30209.4\n");
    const { outcome } = await load(file);
    expect(outcome.status).toBe("rejected");
    expect(outcome.firstError).toBe("VALUE_PERCENT");
  });
});
