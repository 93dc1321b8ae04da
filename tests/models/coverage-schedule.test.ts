/**
 * data_quality's 未报送 and 报送延迟 follow the collection schedule (coverage.sql): only the
 * quarterly year-to-date periods and the year are expected of every zone, and lateness is
 * judged only for periods due (period end + 45 days) on or after the project's first load.
 * Real ingest with a set clock (ctx.now) and the real engine; expected rows worked out by
 * hand beside each assertion.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import type { EngineResult } from "../../pipelines/engine/index.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

let project: TestProject;
let wh: Warehouse;
let result: EngineResult;

const LONG = "entity,period,indicator,value,unit,basis,vintage\r\n";
const zone = "沈阳经济技术开发区";

async function load(name: string, text: string, at: string): Promise<void> {
  const file = path.join(project.dir, name);
  writeFileSync(file, LONG + text);
  const r = await ingest(project.ctx(() => new Date(at)), wh, { paths: [file] });
  expect(r.files[0]?.status, name).toBe("loaded");
}

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // First load 2025-05-01: 2025年1-3月, due 2025-03-31 + 45 days = 2025-05-15 → on time.
  await load("q1.csv", `${zone},2025年1-3月,地区生产总值,100,亿元,累计,\r\n`, "2025-05-01T02:00:00Z");
  // Backfill 2025-06-01: 2023年1-9月, due 2023-11-14, before the first load → not judged (it was flagged late before).
  await load("old.csv", `${zone},2023年1-9月,地区生产总值,250,亿元,累计,\r\n`, "2025-06-01T02:00:00Z");
  // 2025-09-10: 2025年1-6月, due 2025-06-30 + 45 days = 2025-08-14, after the first load, loaded later → late.
  await load("h1.csv", `${zone},2025年1-6月,地区生产总值,210,亿元,累计,\r\n`, "2025-09-10T02:00:00Z");
  // One-off periods nobody is scheduled to report: a single month and a single quarter.
  await load("june.csv", `${zone},2025年6月,地区生产总值,40,亿元,当期,\r\n${zone},2025年第二季度,地区生产总值,110,亿元,当期,\r\n`, "2025-09-10T02:00:00Z");
  result = await build(project.ctx(), wh);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("coverage follows the collection schedule", () => {
  it("the build passes its data tests", () => {
    expect(result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
  });

  it("only 2025年1-6月 is a late report (due 2025-08-14, after the first load 2025-05-01; loaded 2025-09-10)", async () => {
    const r = await wh.sql.all(`select z.zone_name, d.indicator_code, d.period_label, d.detail from data_quality d
      join main_staging.stg_zones z on z.zone_code = d.entity_code where d.check_code = 'late_report'`);
    expect(r).toEqual([{ zone_name: zone, indicator_code: "gdp", period_label: "2025年1-6月", detail: `${zone} 报送晚于期末45天` }]);
    // The one-off 2025年6月 and 第二季度 files came after 2025-08-14 too, but nobody is due to report them: not late.
    const z = await wh.sql.all(`select period_label from coverage where is_late`);
    expect(z).toEqual([{ period_label: "2025年1-6月" }]);
  });

  it("未报送 only for scheduled periods: 2023年1-9月, 2025年1-3月, 2025年1-6月 — not 2025年6月 or 2025年第二季度", async () => {
    const r = await wh.sql.all(`select distinct period_label from data_quality where check_code = 'missing_report' order by 1`);
    expect(r).toEqual([{ period_label: "2023年1-9月" }, { period_label: "2025年1-3月" }, { period_label: "2025年1-6月" }]);
    const c = await wh.sql.all(`select period_label, bool_and(is_expected_period) as expected, bool_and(is_lateness_judged) as judged
      from coverage group by 1 order by 1`);
    // Due dates: 2023-11-14 (before 2025-05-01, not judged), 2025-05-15 and 2025-08-14 (judged); one-off periods not expected.
    expect(c).toEqual([
      { period_label: "2023年1-9月", expected: true, judged: false },
      { period_label: "2025年1-3月", expected: true, judged: true },
      { period_label: "2025年1-6月", expected: true, judged: true },
      { period_label: "2025年6月", expected: false, judged: true },
      { period_label: "2025年第二季度", expected: false, judged: true },
    ]);
  });
});
