/**
 * The incremental marts `coverage` and `rankings` (issue #24): a new file recomputes its
 * years only, and a load that moves the project's first load earlier (coverage judges
 * lateness only for periods due on or after it) recomputes every year of `coverage`; after
 * both, the marts equal a --full-refresh build's (bench/compare-marts.ts, EXCEPT ALL both ways).
 */
import { copyFileSync, existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { compareWarehouses } from "../../bench/compare-marts.js";
import { build } from "../../pipelines/build.js";
import type { EngineResult } from "../../pipelines/engine/index.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const LATE = "示例_2024年1-9月全省经济开发区主要经济指标.csv";

let project: TestProject;
let wh: Warehouse;

const nodeResult = (r: EngineResult, name: string) => r.results.find((x) => x.unique_id.endsWith(`.${name}`))!;

/** Every mart of the warehouse equals a --full-refresh rebuild of a copy of it (doubles to rounding). */
async function expectSameAsFullRefresh(tag: string): Promise<void> {
  await wh.close();
  const copy = path.join(project.dir, `full-${tag}.duckdb`);
  copyFileSync(project.config.warehouse, copy);
  if (existsSync(project.config.warehouse + ".wal")) copyFileSync(project.config.warehouse + ".wal", copy + ".wal");
  const other = await openWarehouse(copy);
  try {
    const r = await build(project.ctx(), other, { fullRefresh: true });
    expect(r.ok).toBe(true);
    expect(nodeResult(r, "coverage").message).toMatch(/^SELECT /);
  } finally {
    await other.close();
  }
  try {
    const c = await compareWarehouses(project.config.warehouse, copy);
    expect(c.marts).toEqual(expect.arrayContaining(["coverage", "rankings"]));
    expect(c.missing).toEqual([]);
    expect(c.differences.filter((d) => !d.equalToRounding)).toEqual([]);
  } finally {
    wh = await openWarehouse(project.config.warehouse);
  }
}

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  const files = readdirSync(SAMPLE).filter((f) => f !== LATE).map((f) => path.join(SAMPLE, f));
  // First loaded on 2026-06-01: every sample period (up to 2024年1-12月, due 2025-02-14) is backfill, none judged late.
  const r = await ingest(project.ctx(() => new Date("2026-06-01T00:00:00Z")), wh, { paths: files });
  expect(r.rejected).toBe(0);
  expect((await build(project.ctx(), wh)).ok).toBe(true);
  expect(await wh.sql.all(`select count(*)::integer as n from main.coverage where is_lateness_judged`)).toEqual([{ n: 0 }]);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("incremental coverage and rankings", () => {
  it("a file loaded with an earlier clock moves the first load to 2024-01-01: coverage of every year is recomputed", async () => {
    const r = await ingest(project.ctx(() => new Date("2024-01-01T00:00:00Z")), wh, { paths: [path.join(SAMPLE, LATE)] });
    expect(r.loaded).toBe(1);
    expect(await wh.sql.all(`select year from ingest.changed_years`)).toEqual([{ year: 2024 }]);
    const inc = await build(project.ctx(), wh);
    expect(inc.ok).toBe(true);
    for (const m of ["coverage", "rankings"]) expect(nodeResult(inc, m).message, m).toMatch(/^INSERT /);
    // 2023年1-12月 is due 2023-12-31 + 45 days = 2024-02-14, on or after the first load (2024-01-01): judged now, though
    // 2023 is not a changed year. 2023年1-9月 is due 2023-11-14, before it: still backfill.
    const judged = await wh.sql.all(`select period_label, bool_and(is_lateness_judged) as all_judged, bool_or(is_lateness_judged) as any_judged
      from main.coverage where year = 2023 and period_label in ('2023年1-9月', '2023年') group by all order by period_label`);
    expect(judged).toEqual([
      { period_label: "2023年", all_judged: true, any_judged: true },
      { period_label: "2023年1-9月", all_judged: false, any_judged: false },
    ]);
    await expectSameAsFullRefresh("earlier-first-load");
  });
});
