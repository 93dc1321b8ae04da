/**
 * The DuckDB storage version of a warehouse (issue #24): a new file is written at
 * `duckdb.storage_version` (default v1.5.0, on which the build runs 17% less CPU); an existing
 * file keeps the version written in it, read and written; a bad value is a typed config error.
 * Header numbers from DuckDB's "Storage Versions and Format" (a uint64 at byte 12 after "DUCK"):
 * 64 = v0.10–v1.1, 68 = v1.5 (the pinned DuckDB 1.5.5 writes both).
 */
import { closeSync, openSync, readSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { loadConfig } from "../../pipelines/config.js";
import { isZonestatError } from "../../pipelines/errors.js";
import { status } from "../../pipelines/status.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { storageVersionOf } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 120_000 });

let project: TestProject | undefined;
afterEach(() => project?.cleanup());

/** The storage version number in the file's header. */
function headerVersion(file: string): number {
  const buf = Buffer.alloc(20);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buf, 0, 20, 0);
  } finally {
    closeSync(fd);
  }
  expect(buf.subarray(8, 12).toString("latin1")).toBe("DUCK");
  return Number(buf.readBigUInt64LE(12));
}

async function versionOf(file: string, storageVersion?: "v0.10.2" | "v1.2.0"): Promise<string | undefined> {
  const wh = await openWarehouse(file, storageVersion ? { storageVersion } : {});
  try {
    return await storageVersionOf(wh.sql);
  } finally {
    await wh.close();
  }
}

describe("duckdb.storage_version", () => {
  it("a new warehouse is written at the configured version: v1.5.0 by default, v1.2.0 when set", async () => {
    project = tempProject();
    expect(project.config.duckdb.storageVersion).toBe("v1.5.0");
    const wh = await openWarehouse(project.config.warehouse, project.config.duckdb);
    expect(await storageVersionOf(wh.sql)).toBe("v1.5.0+");
    await wh.close();
    expect(headerVersion(project.config.warehouse)).toBe(68);
    // `zonestat status` says it.
    expect((await status(project.ctx())).warehouse.storage_version).toBe("v1.5.0+");

    const older = path.join(project.dir, "older.duckdb");
    expect(await versionOf(older, "v1.2.0")).toBe("v1.2.0+");
    expect(headerVersion(older)).toBe(65); // DuckDB's table: 65 = v1.2.0
  });

  it("an existing v0.10.2 warehouse opens under the default, loads a file and keeps its version", async () => {
    project = tempProject();
    // Created by a zonestat (or a team's DuckDB) writing the old format.
    expect(await versionOf(project.config.warehouse, "v0.10.2")).toBe("v1.0.0+"); // DuckDB tags format 64 "v1.0.0+"
    expect(headerVersion(project.config.warehouse)).toBe(64);

    const file = path.join(REPO, "sources/sample/inbox/示例_2022年1-3月全省经济开发区主要经济指标.csv");
    const r = await project.run("ingest", file);
    expect(r.code, r.stderr).toBe(0);
    // The load was written (one file recorded) and checkpointed into the old-format file.
    expect(await project.query<{ n: number }>(`select count(*)::integer as n from ingest.files where status = 'loaded'`)).toEqual([{ n: 1 }]);
    expect(headerVersion(project.config.warehouse)).toBe(64);
    expect(await versionOf(project.config.warehouse)).toBe("v1.0.0+");
  });

  it("a bad value is CONFIG_INVALID naming the file, the key, the value and the versions allowed", () => {
    project = tempProject("duckdb:\n  storage_version: \"1.5\"\n");
    let err: unknown;
    try {
      loadConfig({ configFile: project.configFile });
    } catch (e) {
      err = e;
    }
    expect(isZonestatError(err) && err.code).toBe("CONFIG_INVALID");
    const m = (err as Error).message;
    expect(m).toContain(project.configFile);
    expect(m).toContain("duckdb.storage_version");
    expect(m).toContain("「1.5」");
    expect(m).toContain("v0.10.2");
    expect(m).toContain("v1.5.0");
    writeFileSync(project.configFile, "duckdb:\n  storage_version: v1.6.0\n"); // newer than the pinned DuckDB knows
    expect(() => loadConfig({ configFile: project!.configFile })).toThrow(/v1\.6\.0/);
  });
});
