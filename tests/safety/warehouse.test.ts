/**
 * The warehouse file itself (issue #17): a wrong or unmounted path must not create
 * an empty warehouse and publish it over the real site; every run that changes
 * the warehouse leaves a backup that `zonestat restore-warehouse` brings back; a
 * damaged file is called corrupt (DuckDB's word "block" once matched /lock/ and
 * said "busy") and points at the backup.
 */
import { existsSync, openSync, readdirSync, readFileSync, rmSync, writeSync, closeSync, renameSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { zonestatSync } from "../support/cli-process.js";

// Several full refreshes as real processes: slow on a shared 2-core machine (no speed is asserted).
vi.setConfig({ testTimeout: 300_000 });

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const Q1 = "示例_2022年1-3月全省经济开发区主要经济指标.csv";
const H1 = "示例_2022年1-6月全省经济开发区主要经济指标.csv";
let project: TestProject | undefined;
afterEach(() => project?.cleanup());

async function loadedFiles(file: string): Promise<string[]> {
  const db = await openDuckDB(file, { readOnly: true });
  try {
    return (await db.all<{ name: string }>(`select name from ingest.files order by name`)).map((r) => r.name);
  } finally {
    await db.close();
  }
}

describe("a missing warehouse when a site exists", () => {
  it("refresh, ingest and publish exit 2 (WAREHOUSE_MISSING), create nothing and leave the site; --init creates it", () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "refresh").code).toBe(0);
    const site = readFileSync(path.join(project.config.site, "index.html"), "utf8");
    // The disk "is not mounted": the warehouse folder is gone.
    renameSync(path.dirname(project.config.warehouse), path.join(project.dir, "unmounted"));
    for (const cmd of ["refresh", "ingest", "publish", "build"]) {
      const r = zonestatSync(project.dir, cmd);
      expect(r.code, cmd).toBe(2);
      expect(r.stderr, cmd).toContain("WAREHOUSE_MISSING");
      expect(existsSync(project.config.warehouse), cmd).toBe(false);
      expect(readFileSync(path.join(project.config.site, "index.html"), "utf8"), cmd).toBe(site);
    }
    expect(existsSync(project.config.lockFile)).toBe(false); // the lock was released
    const init = zonestatSync(project.dir, "ingest", "--init");
    expect(init.code).toBe(0);
    expect(existsSync(project.config.warehouse)).toBe(true);
  });
});

describe("backups and restore-warehouse", () => {
  it("each changing run leaves a backup (keep 2); restore-warehouse brings the last good state back; a corrupt file says corrupt and names the backup", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\nbackups:\n  keep: 2\n");
    const backups = path.join(path.dirname(project.config.warehouse), "backups");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    expect(readdirSync(backups)).toHaveLength(1);
    project.dropFrom(path.join(SAMPLE, H1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    const after2 = readdirSync(backups).sort();
    expect(after2).toHaveLength(2);
    // A run that changes nothing (a duplicate) makes no backup.
    project.dropFrom(path.join(SAMPLE, H1));
    expect(zonestatSync(project.dir, "ingest").stdout).toContain("重复 1 个");
    expect(readdirSync(backups).sort()).toEqual(after2);
    // The newest backup holds both files (it was taken after the second load).
    expect(await loadedFiles(path.join(backups, after2[1]!))).toEqual([Q1, H1]);

    // Damage the warehouse: 8 KiB of garbage over its second header block.
    const fd = openSync(project.config.warehouse, "r+");
    writeSync(fd, Buffer.alloc(8192, 0x5a), 0, 8192, 4096);
    closeSync(fd);
    const broken = zonestatSync(project.dir, "ingest");
    expect(broken.code).toBe(1);
    expect(broken.stderr).toContain("WAREHOUSE_CORRUPT");
    expect(broken.stderr).toContain("corrupt");
    expect(broken.stderr).not.toMatch(/稍后再试|BUSY/);
    expect(broken.stderr).toContain(after2[1]!);
    expect(broken.stderr).toContain("restore-warehouse");
    expect(broken.stderr).not.toMatch(/\n\s+at /); // no stack trace without --verbose

    const restored = zonestatSync(project.dir, "restore-warehouse");
    expect(restored.code).toBe(0);
    expect(await loadedFiles(project.config.warehouse)).toEqual([Q1, H1]);
    // The site shows the replaced data: the restored copy carries no record of having been built or published,
    // so the next refresh rebuilds and republishes it (an operator test found "nothing new" after a restore).
    const db = await openDuckDB(project.config.warehouse, { readOnly: true });
    try {
      expect(await db.all(`select key from ingest.state where key in ('built_data', 'published_key', 'built_fingerprint')`)).toEqual([]);
    } finally {
      await db.close();
    }
    // The damaged file was moved aside, not deleted.
    expect(readdirSync(path.dirname(project.config.warehouse)).some((n) => n.includes(".replaced-"))).toBe(true);
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
  });

  it("restoring an older backup names the archived files whose values it no longer holds, in its output and in status", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\nbackups:\n  keep: 3\n");
    const backups = path.join(path.dirname(project.config.warehouse), "backups");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    project.dropFrom(path.join(SAMPLE, H1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    // The first backup was taken after Q1 only (the loaded-files list says so, independently).
    const first = readdirSync(backups).sort()[0]!;
    expect(await loadedFiles(path.join(backups, first))).toEqual([Q1]);
    const r = zonestatSync(project.dir, "restore-warehouse", path.join(backups, first));
    expect(r.code, r.stderr).toBe(0);
    // H1 is in the archive but its values left with the replaced warehouse: named, with what to do.
    expect(r.stdout).toContain("归档中有 1 个文件不在当前数据仓库中");
    expect(r.stdout).toContain(H1);
    expect(r.stdout).not.toContain(`${Q1}、`);
    const status = zonestatSync(project.dir, "status");
    expect(status.stdout).toContain("归档中有 1 个文件不在当前数据仓库中");
    // Put back in the inbox and loaded again, nothing is missing any more.
    renameSync(path.join(project.config.archive, H1), path.join(project.config.inbox, H1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    expect(zonestatSync(project.dir, "status").stdout).not.toContain("不在当前数据仓库中");
  });

  it("restore-warehouse with no backup exits 2 naming the folder", () => {
    project = tempProject();
    const r = zonestatSync(project.dir, "restore-warehouse");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("BACKUP_NOT_FOUND");
    rmSync(project.config.warehouse, { force: true });
  });
});
