/**
 * Every CSV and .xls in shared/realdata/nbs ingests as it is, and values read back equal
 * the file (checked by hand against the files: line numbers and cells quoted below).
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest, type IngestReport } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { SHARED, tempProject, type TestProject } from "../support/project.js";

const NBS = path.join(SHARED, "realdata", "nbs");
let project: TestProject;
let wh: Warehouse;
let report: IngestReport;

const one = async (sql: string, params: Array<string | number> = []) => (await wh.sql.all(sql, params))[0] as Record<string, unknown>;

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  report = await ingest(project.ctx(), wh, { paths: readdirSync(NBS).filter((f) => /\.(csv|xls)$/.test(f)).map((f) => path.join(NBS, f)) });
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("national statistics portal exports", () => {
  it("loads every CSV and both .xls (BIFF8) exports", () => {
    const byName = Object.fromEntries(report.files.map((f) => [f.file, f]));
    for (const f of readdirSync(NBS).filter((n) => /\.(csv|xls)$/.test(n))) expect(byName[f]?.status, f).toBe("loaded");
  });

  it("file 04 (.xls) gives exactly the observations of its Excel CSV re-save 04b", async () => {
    const key = `entity_code, indicator_code, measure, period_start::varchar as period_start, period_end::varchar as period_end, basis, value`;
    const xls = await wh.sql.all(`select ${key} from observations where source_file like '04\\_%' escape '\\' order by all`);
    const csv = await wh.sql.all(`select ${key} from observations where source_file like '04b\\_%' escape '\\' order by all`);
    // 4 indicator rows × 36 months, minus the 3 empty Januaries of each row (M, Y, AK): 4 × 33.
    expect(xls.length).toBe(4 * 33);
    expect(xls).toEqual(csv);
  });

  it("file 04 (.xls): provenance is sheet and cell — 2019年12月 房地产投资累计值 2833.95 at 分省月度数据!B5", async () => {
    const r = await one(`select value, source_sheet, source_line, source_column, basis from observations where source_file like '04\\_%' escape '\\' and indicator_code = 'real_estate_investment' and measure = 'value' and period_end = '2019-12-31'`);
    expect(r).toEqual({ value: 2833.95, source_sheet: "分省月度数据", source_line: 5, source_column: "B", basis: "ytd" });
    const csv = await one(`select source_sheet from observations where source_file like '04b\\_%' escape '\\' limit 1`);
    expect(csv.source_sheet).toBeNull();
  });

  it("file 06 (.xls, 36 major cities): 沈阳 2018 GDP 6292.4 at C10; 2019 is blank for all but the 4 municipalities", async () => {
    const r = await one(`select value, entity_name, source_sheet, source_line, source_column from observations where source_file like '06_%' and entity_name = '沈阳市' and period_label = '2018年'`);
    expect(r).toEqual({ value: 6292.4, entity_name: "沈阳市", source_sheet: "主要城市年度数据", source_line: 10, source_column: "C" });
    // 36 cities × 5 years, minus 32 empty 2019 cells (only 北京, 天津, 上海, 重庆 have 2019): counted in the file.
    const n = await one(`select count(*)::integer as n, count(*) filter (where year(period_end) = 2019)::integer as y2019 from observations where source_file like '06_%'`);
    expect(n).toEqual({ n: 36 * 5 - 32, y2019: 4 });
  });

  it("file 01 (GBK): 辽宁省 2024 地区生产总值 = 32540.8 亿元, line 10 column B", async () => {
    const r = await one(`select value, unit, source_line, source_column, basis, grain from observations
      where source_file like '01_%' and entity_name = '辽宁省' and indicator_code = 'gdp' and period_label = '2024年'`);
    expect(r).toEqual({ value: 32540.8, unit: "亿元", source_line: 10, source_column: "B", basis: "period", grain: "year" });
  });

  it("file 01: 31 provinces × 19 years of GDP, no row from the footnote", async () => {
    const r = await one(`select count(*) as n, count(distinct entity_code) as provinces from observations where source_file like '01_%'`);
    expect(r).toEqual({ n: 31 * 19, provinces: 31 });
  });

  it("file 02: the multi-line note (unquoted, full-width indented) is not data; empty cells are missing, not zero", async () => {
    const r = await one(`select count(*) as n, count(*) filter (where value = 0) as zeros, count(*) filter (where period_label = '2025年') as y2025 from observations where source_file like '02_%'`);
    // 31 provinces × 17 years (2008-2024) have values; 2025, 2006 and 2007 are empty in the file.
    expect(r).toEqual({ n: 31 * 17, zeros: 0, y2025: 0 });
  });

  it("file 03: both 当季值 and 累计值 rows are stored with their basis (2021 Q2: 281528.0 and 529513.0)", async () => {
    const rows = await wh.sql.all(`select basis, period_start::varchar as s, period_end::varchar as e, value from observations
      where source_file like '03_%' and indicator_code = 'gdp' and period_end = '2021-06-30' order by basis`);
    expect(rows).toEqual([
      { basis: "period", s: "2021-04-01", e: "2021-06-30", value: 281528.0 },
      { basis: "ytd", s: "2021-01-01", e: "2021-06-30", value: 529513.0 },
    ]);
  });

  it("file 04b (Excel UTF-8 BOM re-save): 2019年12月 房地产投资累计值 = 2833.95, year-to-date; January is blank", async () => {
    const r = await one(`select value, basis, period_label from observations where source_file like '04b_%' and indicator_code = 'real_estate_investment' and measure = 'value' and period_end = '2019-12-31'`);
    expect(r).toEqual({ value: 2833.95, basis: "ytd", period_label: "2019年1-12月" });
    const jan = await one(`select count(*) as n from observations where source_file like '04b_%' and month(period_end) = 1`);
    expect(jan.n).toBe(0);
    const growth = await one(`select value, unit from observations where source_file like '04b_%' and measure = 'yoy_pct' and indicator_code = 'real_estate_investment' and period_end = '2019-12-31'`);
    expect(growth).toEqual({ value: 9, unit: "%" });
  });

  it("file 05 (time in rows, quoted note): 2019年12月 出口 238267589 千美元 = 2382.67589 亿美元, original kept", async () => {
    const r = await one(`select value, unit, original_text, original_unit, entity_name from observations where source_file like '05_%' and indicator_code = 'exports' and period_label = '2019年12月'`);
    expect(r).toEqual({ value: 2382.67589, unit: "亿美元", original_text: "238267589", original_unit: "千美元", entity_name: "全国" });
  });

  it("file 05: CPI indices are stored as uncatalogued with a warning, so the file loads whole", async () => {
    const r = await one(`select count(*) as n from observations where source_file like '05_%' and uncatalogued`);
    expect(Number(r.n)).toBeGreaterThan(0);
    const f = report.files.find((x) => x.file.startsWith("05_"))!;
    expect(f.warnings).toBe(9);
  });

  it("file 07 (old vintage, 2 decimals, quoted note): 辽宁省 2016 = 22246.90", async () => {
    const r = await one(`select value, original_text from observations where source_file like '07_%' and entity_name = '辽宁省' and period_label = '2016年'`);
    expect(r).toEqual({ value: 22246.9, original_text: "22246.90" });
  });

  it("loading the same files again is a no-op", async () => {
    const before = await one(`select count(*) as n from ingest.facts`);
    const again = await ingest(project.ctx(), wh, { paths: readdirSync(NBS).filter((f) => f.endsWith(".csv")).map((f) => path.join(NBS, f)) });
    expect(again.duplicates).toBe(6);
    expect(again.loaded).toBe(0);
    expect((await one(`select count(*) as n from ingest.facts`)).n).toBe(before.n);
  });
});
