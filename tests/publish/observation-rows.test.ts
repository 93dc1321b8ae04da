/**
 * OBSERVATION_ROWS (dashboards/kit/observation-rows.ts) stands for main.observations' rows where a
 * publish needs only which rows exist: the two must have the same rows, with a withdrawn file and a
 * value loaded twice among them, and the repeated-value check must be true whenever the view has a
 * version conflict (a page skips the view's conflict query only when it is false).
 */
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ANY_REPEATED_VALUE, LATEST_LOADED_PERIOD, OBSERVATION_ROWS } from "../../dashboards/kit/observation-rows.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const HEAD = "entity,period,indicator,value,unit,basis\n";
const COLUMNS = "entity_code, entity_kind, indicator_code, measure, period_start, period_end, period_label, basis, file_status, loaded_at, source_file";

async function all(sql: string): Promise<Record<string, unknown>[]> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return await db.all(sql);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  p = tempProject();
  // Two unmarked files of equal evidence that disagree on one value (a version conflict), and one file withdrawn.
  p.drop("甲.csv", HEAD + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\n沈阳经济技术开发区,2024年1-3月,地区生产总值,100,亿元,累计\n");
  expect((await p.run("ingest")).code).toBe(0);
  p.drop("乙.csv", HEAD + "沈阳经济技术开发区,2024年1-6月,地区生产总值,215,亿元,累计\n");
  expect((await p.run("ingest")).code).toBe(0);
  p.drop("丙.csv", HEAD + "沈阳辉山经济技术开发区,2024年1-6月,地区生产总值,50,亿元,累计\n");
  expect((await p.run("ingest")).code).toBe(0);
  const w = await p.run("withdraw", "丙.csv");
  expect(w.code, w.stderr + w.stdout).toBe(0);
});
afterAll(() => p.cleanup());

describe("OBSERVATION_ROWS", () => {
  it("has exactly main.observations' rows (a withdrawn file's included)", async () => {
    const view = await all(`select ${COLUMNS}, count(*)::integer as n from main.observations group by all order by all`);
    const rows = await all(`select ${COLUMNS}, count(*)::integer as n from ${OBSERVATION_ROWS} o group by all order by all`);
    expect(view.length).toBe(4); // 甲 two values, 乙 one, 丙 one
    expect(view.map((r) => r.file_status).sort()).toEqual(["loaded", "loaded", "loaded", "withdrawn"]);
    expect(rows).toEqual(view);
  });

  it("the repeated-value check is true where the view has a conflict, and false once no value is loaded twice", async () => {
    expect(await all(`select count(*)::integer as n from main.observations where is_conflict`)).toEqual([{ n: 2 }]);
    expect(await all(ANY_REPEATED_VALUE)).toEqual([{ repeated: true }]);
    const w = await p.run("withdraw", "乙.csv");
    expect(w.code, w.stderr + w.stdout).toBe(0);
    expect(await all(`select count(*)::integer as n from main.observations where is_conflict`)).toEqual([{ n: 0 }]);
    expect(await all(ANY_REPEATED_VALUE)).toEqual([{ repeated: false }]);
  });

  it("the latest loaded period is the newest period end of a loaded file's value, a withdrawn file's left out", async () => {
    const viewMax = `select max(period_end)::varchar as latest_period from main.observations where file_status = 'loaded'`;
    // 甲's 2024年1-6月 is the newest loaded period (丙's is withdrawn, 乙's withdrawn above).
    expect(await all(LATEST_LOADED_PERIOD)).toEqual([{ latest_period: "2024-06-30" }]);
    p.drop("丁.csv", HEAD + "沈阳辉山经济技术开发区,2024年1-9月,地区生产总值,80,亿元,累计\n");
    expect((await p.run("ingest")).code).toBe(0);
    expect(await all(LATEST_LOADED_PERIOD)).toEqual([{ latest_period: "2024-09-30" }]);
    expect(await all(LATEST_LOADED_PERIOD)).toEqual(await all(viewMax));
    // Withdrawn, its 1-9月 is no longer the latest: back to 2024-06-30, as the view says.
    const w = await p.run("withdraw", "丁.csv");
    expect(w.code, w.stderr + w.stdout).toBe(0);
    expect(await all(LATEST_LOADED_PERIOD)).toEqual([{ latest_period: "2024-06-30" }]);
    expect(await all(LATEST_LOADED_PERIOD)).toEqual(await all(viewMax));
  });
});
