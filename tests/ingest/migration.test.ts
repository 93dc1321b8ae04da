/**
 * A warehouse written before facts were split into per-file dictionaries (migration
 * 0003) must open with every value, name and revision intact. The old warehouse is
 * built through the migrations up to 0002 and filled with the wide rows a current
 * load produces; the public `observations` view must read the same either way.
 */
import path from "node:path";
import { Kysely, Migrator, type Dialect } from "kysely";
import { DuckDbDialect } from "kysely-duckdb";
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { migrationProvider } from "../../pipelines/warehouse/migrations.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const SAMPLE = path.join(REPO, "sources/sample/inbox");
// A correction (更正) revises values of the file before it: is_current must survive the migration.
const FILES = ["示例_2024年1-6月全省经济开发区主要经济指标.csv", "示例_2024年1-6月全省经济开发区主要经济指标_更正.csv", "国家统计局_分省年度数据_地区生产总值_vintage2025.csv"];
// source_mtime is recorded since migration 0004; a warehouse written before has none.
const snapshot = `select * exclude (loaded_at, source_mtime) from main.observations order by all`;

describe("migration 0003 (narrow facts)", () => {
  it("keeps every observation of a warehouse written with wide facts", async () => {
    const p = tempProject();
    projects.push(p);
    const current = await openWarehouse(p.config.warehouse);
    const report = await ingest(p.ctx(), current, { paths: FILES.map((f) => path.join(SAMPLE, f)) });
    expect(report.loaded).toBe(3);
    const expected = await current.sql.all(snapshot);
    expect(expected.length).toBeGreaterThan(300);
    expect(expected.some((r) => r.is_current === false)).toBe(true);
    await current.close();

    const oldFile = path.join(p.dir, "old.duckdb");
    const handle = await openDuckDB(oldFile);
    const db = new Kysely<any>({ dialect: new DuckDbDialect({ database: handle.connectionForKysely as never, tableMappings: {} }) as unknown as Dialect });
    const { error } = await new Migrator({ db, provider: migrationProvider, migrationTableSchema: "main" }).migrateTo("0002_state");
    expect(error).toBeUndefined();
    await handle.exec(`attach '${p.config.warehouse}' as cur (read_only);
      insert into ingest.files select file_id, sha256, name, original_path, size_bytes, layout, encoding, status, title, rows_loaded,
        vintage, vintage_source, is_synthetic, loaded_at, withdrawn_at, warnings from cur.ingest.files;
      insert into ingest.facts by name select * exclude (sheet) from cur.ingest.facts_wide;
      detach cur`);
    expect((await handle.all<{ n: number }>(`select count(*)::integer as n from ingest.facts`))[0]!.n).toBe(expected.length);
    await handle.close();

    const migrated = await openWarehouse(oldFile);
    try {
      expect(await migrated.sql.all(snapshot)).toEqual(expected);
      const [{ series, facts }] = (await migrated.sql.all<{ series: number; facts: number }>(
        `select (select count(*) from ingest.fact_series)::integer as series, (select count(*) from ingest.facts)::integer as facts`,
      )) as [{ series: number; facts: number }];
      expect(facts).toBe(expected.length);
      expect(series).toBeLessThan(facts / 5); // each file says an indicator × period once, for many zones
    } finally {
      await migrated.close();
    }
  });
});
