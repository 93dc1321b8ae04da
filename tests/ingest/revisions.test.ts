/**
 * Revisions and withdrawal: a later file with the same keys and equal evidence becomes
 * current by load order — flagged as a version conflict (issue #15, rule 5) — the old
 * value stays queryable; withdrawing the later file makes the earlier one current
 * again, and the withdrawn values stay in history.
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

let project: TestProject;
const LONG = "entity,period,indicator,value,unit,basis\r\n";
const q = async (sql: string) => {
  const db = await openDuckDB(project.config.warehouse, { readOnly: true });
  try {
    return await db.all(sql);
  } finally {
    await db.close();
  }
};

beforeAll(async () => {
  project = tempProject();
  project.drop("first.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n");
  expect((await project.run("ingest")).code).toBe(0);
  project.drop("second.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,220,亿元,累计\r\n");
  expect((await project.run("ingest")).code).toBe(0);
});
afterAll(() => project.cleanup());

describe("revisions", () => {
  it("the later file is current, flagged as a conflict (equal evidence); the earlier value stays queryable", async () => {
    expect(await q(`select value, source_file, is_current, is_conflict from observations order by loaded_at`)).toEqual([
      { value: 210, source_file: "first.csv", is_current: false, is_conflict: true },
      { value: 220, source_file: "second.csv", is_current: true, is_conflict: true },
    ]);
  });

  it("withdrawing the later file makes the earlier value current again, history kept", async () => {
    const r = await project.run("withdraw", "second.csv");
    expect(r.code, r.stderr).toBe(0);
    expect(await q(`select value, source_file, file_status, is_current from observations order by loaded_at`)).toEqual([
      { value: 210, source_file: "first.csv", file_status: "loaded", is_current: true },
      { value: 220, source_file: "second.csv", file_status: "withdrawn", is_current: false },
    ]);
  });

  it("withdrawing an unknown file is a data error naming it", async () => {
    const r = await project.run("withdraw", "nope.csv");
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("WITHDRAW_NOT_FOUND");
  });
});
