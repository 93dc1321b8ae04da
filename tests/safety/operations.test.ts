/**
 * Smaller operator-facing faults from issue #17, each through the real CLI:
 * `withdraw '%'` is not a LIKE pattern; an invalid timezone makes `status` exit 2;
 * `status` shows the next scheduled run; `schedule` writes only JSON lines (no
 * node-cron colour codes) and stops on SIGTERM; a full disk under the warehouse
 * (a real 24 MB tmpfs) is DISK_FULL naming the path, with no stack trace, and the
 * next run after space is freed loads the file and closes the dead run record.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { zonestatSpawn, zonestatSync } from "../support/cli-process.js";

// Several full refreshes as real processes: slow on a shared 2-core machine (no speed is asserted).
vi.setConfig({ testTimeout: 300_000 });

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const Q1 = "示例_2022年1-3月全省经济开发区主要经济指标.csv";
const H1 = "示例_2022年1-6月全省经济开发区主要经济指标.csv";
let project: TestProject | undefined;
const mounts: string[] = [];
afterEach(() => {
  for (const m of mounts.splice(0)) spawnSync("umount", ["-l", m]);
  project?.cleanup();
});

/** Whether this machine lets the tests mount a tmpfs (root in a container usually may). */
const canMount = (() => {
  const probe = mkdtempSync(path.join(tmpdir(), "zonestat-mount-"));
  const ok = spawnSync("mount", ["-t", "tmpfs", "-o", "size=1m", "tmpfs", probe]).status === 0;
  if (ok) spawnSync("umount", [probe]);
  rmSync(probe, { recursive: true, force: true });
  return ok;
})();

async function files(p: TestProject): Promise<Array<{ name: string; status: string }>> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return await db.all(`select name, status from ingest.files order by file_id`);
  } finally {
    await db.close();
  }
}

describe("operations", () => {
  it("withdraw '%' matches no file (it is not a LIKE pattern); the loaded file stays loaded", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    for (const pattern of ["%", "_%", "%%"]) {
      const r = zonestatSync(project.dir, "withdraw", pattern);
      expect(r.code, pattern).toBe(1);
      expect(r.stderr, pattern).toContain("WITHDRAW_NOT_FOUND");
    }
    expect(await files(project)).toEqual([{ name: Q1, status: "loaded" }]);
  });

  it("withdraw by path (dl-qa #10): the archived file a shell completes — a re-sent same-name file archived as <name>.<sha8>.csv by its content; a path outside archive/inbox says what is expected", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    // The same name re-sent with one value corrected (GBK bytes; the digits are ASCII): archived beside the first.
    const first = readFileSync(path.join(SAMPLE, Q1));
    const second = Buffer.from(first.toString("latin1").replace(",207.7,", ",207.8,"), "latin1");
    expect(second.equals(first)).toBe(false);
    project.drop(Q1, second);
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    const archived = readdirSync(path.join(project.dir, "archive")).filter((n) => n.endsWith(".csv")).sort();
    const renamed = archived.find((n) => n !== Q1)!;
    expect(renamed).toMatch(/^示例_2022年1-3月全省经济开发区主要经济指标\.[0-9a-f]{8}\.csv$/);
    // By name both match (refused as ambiguous); the archived path names exactly the second (its content's sha256).
    expect(zonestatSync(project.dir, "withdraw", Q1).stderr).toContain("USAGE_AMBIGUOUS");
    const outside = path.join(tmpdir(), Q1);
    const elsewhere = zonestatSync(project.dir, "withdraw", outside);
    expect(elsewhere.code).toBe(2);
    expect(elsewhere.stderr).toContain("USAGE_WITHDRAW_PATH");
    expect(elsewhere.stderr).toContain(`「${Q1}」`);
    const r = zonestatSync(project.dir, "withdraw", `archive/${renamed}`);
    expect(r.code, r.stderr).toBe(0);
    const db = await openDuckDB(project.config.warehouse, { readOnly: true });
    const shas = await db.all<{ status: string; sha256: string }>(`select status, sha256 from ingest.files order by file_id`);
    await db.close();
    expect(shas.map((f) => f.status)).toEqual(["loaded", "withdrawn"]);
    expect(renamed).toContain(`.${shas[1]!.sha256.slice(0, 8)}.`);
    // The first, by its absolute archived path (from another folder).
    const abs = zonestatSync(tmpdir(), "withdraw", path.join(project.dir, "archive", Q1), "--config", project.configFile);
    expect(abs.code, abs.stderr).toBe(0);
    expect((await files(project)).map((f) => f.status)).toEqual(["withdrawn", "withdrawn"]);
  });

  it("status: an invalid timezone exits 2 (CONFIG_TIMEZONE), a valid one shows the next scheduled run", () => {
    project = tempProject("timezone: Mars/Olympus\n");
    const bad = zonestatSync(project.dir, "status");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("CONFIG_TIMEZONE");
    expect(bad.stderr).not.toMatch(/\n\s+at /);
    project.cleanup();

    // Daily at 02:30 in Shanghai (UTC+8, no DST) is 18:30 UTC: the next run is within a day from now.
    project = tempProject('schedule:\n  refresh: "30 2 * * *"\n');
    const before = Date.now();
    const r = zonestatSync(project.dir, "status", "--json");
    expect(r.code).toBe(0);
    const next = JSON.parse(r.stdout).next_runs[0];
    const t = Date.parse(next.next);
    expect(new Date(t).getUTCHours()).toBe(18);
    expect(new Date(t).getUTCMinutes()).toBe(30);
    expect(t).toBeGreaterThan(before);
    expect(t - before).toBeLessThanOrEqual(24 * 3600_000);
    expect(next.next_local).toMatch(/ 02:30$/);
    expect(zonestatSync(project.dir, "status").stdout).toContain(`下次定时：refresh ${next.next_local}`);
  });

  it("schedule with --log-json writes only JSON lines (node-cron's coloured warnings go through the logger) and SIGTERM stops it with exit 0", async () => {
    project = tempProject('schedule:\n  refresh: "* * * * * *"\n  rebuild: "0 0 3 1 1 *"\n  stable_seconds: 0\n');
    project.dropFrom(path.join(SAMPLE, Q1));
    const s = zonestatSpawn(project.dir, "schedule", "--log-json");
    // A refresh takes longer than the one-second tick, so node-cron blocks overlapping runs and says so.
    for (let i = 0; i < 600 && !/overlap|跳过本次/.test(s.output()); i++) await new Promise((r) => setTimeout(r, 100));
    s.child.kill("SIGTERM");
    const r = await s.done;
    expect(r.code).toBe(0);
    expect(r.stdout + r.stderr).not.toContain("\x1b[");
    const lines = (r.stdout + r.stderr).split("\n").filter(Boolean);
    expect(lines.length).toBeGreaterThan(1);
    for (const l of lines) expect(() => JSON.parse(l), l).not.toThrow();
  });

  it.skipIf(!canMount)("a full disk under the warehouse: DISK_FULL naming the path, no stack trace; after freeing space the next refresh loads the file", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\nbackups:\n  keep: 0\n");
    const whDir = path.dirname(project.config.warehouse);
    mkdirSync(whDir, { recursive: true });
    execFileSync("mount", ["-t", "tmpfs", "-o", "size=24m", "tmpfs", whDir]);
    mounts.push(whDir);
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    // Fill what is left of the 24 MB.
    const filler = path.join(whDir, "filler");
    spawnSync("dd", ["if=/dev/zero", `of=${filler}`, "bs=64k"], { stdio: "ignore" });
    spawnSync("truncate", ["-s", "-32768", filler]); // 32 KiB left: the lock fits, the build does not
    project.dropFrom(path.join(SAMPLE, H1));
    const full = zonestatSync(project.dir, "refresh");
    expect(full.code).toBe(1);
    expect(full.stderr).toContain("DISK_FULL");
    expect(full.stderr).toContain(whDir);
    expect(full.stderr).not.toMatch(/\n\s+at /);
    expect(full.stderr).not.toContain("内部错误");
    rmSync(filler);
    // Whatever the full disk interrupted (the load, the build or the publish) is finished now.
    const after = zonestatSync(project.dir, "refresh");
    expect(after.code).toBe(0);
    expect((await files(project)).map((f) => f.name)).toEqual([Q1, H1]);
    expect(readFileSync(path.join(project.config.site, "index.html"), "utf8")).toContain("2022-06-30");
    const db = await openDuckDB(project.config.warehouse, { readOnly: true });
    try {
      expect(await db.all(`select count(*)::integer as n from ingest.runs where status = 'running'`)).toEqual([{ n: 0 }]);
    } finally {
      await db.close();
    }
  });
});
