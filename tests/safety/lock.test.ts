/**
 * The warehouse lock (issue #17): a stale lock is taken over when its pid was
 * reused or it came from another host long ago; a live owner keeps it; several
 * processes taking over one stale lock at once never hold it together.
 */
import { spawn, spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from "node:fs";
import { hostname, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { acquireLock, processStartTime } from "../../pipelines/lock.js";
import { REPO } from "../support/project.js";

const CHILD = path.join(REPO, "tests/support/lock-child.mjs");
let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function lockFile(): string {
  dir = mkdtempSync(path.join(tmpdir(), "zonestat-lock-"));
  return path.join(dir, "zonestat.duckdb.lock");
}

function tryOnce(file: string, holdMs = 0): string {
  return spawnSync(process.execPath, [CHILD, file, String(holdMs)], { encoding: "utf8" }).stdout.trim();
}

const bootId = () => {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
};

describe("stale locks", () => {
  it("a live owner on this host keeps the lock (LOCK_BUSY)", () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: processStartTime(process.pid) }));
    expect(tryOnce(file)).toBe("lost LOCK_BUSY");
  });

  it("LOCK_BUSY names the owner's start in the configured time zone, or says UTC without one (operator tester)", async () => {
    const file = lockFile();
    // 06:00 UTC is 14:00 in Asia/Shanghai (UTC+8, no daylight saving).
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), command: "refresh", started: "2026-11-30T06:00:00.000Z", pid_start: processStartTime(process.pid) }));
    const local = await acquireLock(file, "publish", 0, { timeZone: "Asia/Shanghai" }).then(() => "acquired", (e: Error) => e.message);
    expect(local).toContain("始于 2026-11-30 14:00（北京时间）");
    expect(local).not.toContain("2026-11-30T06:00");
    const utc = await acquireLock(file, "publish", 0).then(() => "acquired", (e: Error) => e.message);
    expect(utc).toContain("始于 2026-11-30T06:00:00.000Z（UTC）");
  });

  it("a pid reused by another process (same pid, other start time) is stale: taken over", () => {
    const file = lockFile();
    // Our own pid is alive, but the lock says it started at tick 1: another process had this pid.
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: "1" }));
    expect(tryOnce(file)).toMatch(/^won /);
    expect(existsSync(file)).toBe(false); // released
  });

  it("a stale lock with a fresh takeover file left by a killed process: the takeover's dead owner is seen and the lock taken", () => {
    const file = lockFile();
    // A process killed between creating `<lock>.takeover` and removing it (seconds ago): its owner (pid_start "1",
    // not our process's) is gone, as is the lock's. Before, every run was refused until the file was a minute old.
    const dead = { pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: "1" };
    writeFileSync(file, JSON.stringify(dead));
    writeFileSync(`${file}.takeover`, JSON.stringify(dead));
    expect(tryOnce(file)).toMatch(/^won /);
    expect(existsSync(`${file}.takeover`)).toBe(false);
  });

  it("a live process's takeover file is left alone: the lock stays busy", () => {
    const file = lockFile();
    const stale = { pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: "1" };
    const live = { pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: processStartTime(process.pid) };
    writeFileSync(file, JSON.stringify(stale));
    writeFileSync(`${file}.takeover`, JSON.stringify(live));
    expect(tryOnce(file)).toBe("lost LOCK_BUSY");
    expect(existsSync(`${file}.takeover`)).toBe(true);
  });

  it("a lock from another host: kept while young, taken over when older than 6 hours", () => {
    const file = lockFile();
    writeFileSync(file, JSON.stringify({ pid: 1, host: "other-host.example", command: "refresh", started: new Date().toISOString() }));
    expect(tryOnce(file)).toBe("lost LOCK_BUSY");
    writeFileSync(file, JSON.stringify({ pid: 1, host: "other-host.example", command: "refresh", started: new Date(Date.now() - 7 * 3600_000).toISOString() }));
    expect(tryOnce(file)).toMatch(/^won /);
  });

  it("a lock from before a reboot of this host is stale", () => {
    const file = lockFile();
    if (!bootId()) return; // not Linux: no boot id to compare
    writeFileSync(file, JSON.stringify({ pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: processStartTime(process.pid), boot_id: "00000000-0000-0000-0000-000000000000" }));
    expect(tryOnce(file)).toMatch(/^won /);
  });

  it("six processes taking over one stale lock at once: their holding windows never overlap", async () => {
    const file = lockFile();
    const dead = spawnSync(process.execPath, ["-e", "0"]).pid!; // a pid that has exited
    writeFileSync(file, JSON.stringify({ pid: dead, host: hostname(), command: "refresh", started: new Date().toISOString() }));
    const outs = await Promise.all(
      Array.from({ length: 6 }, () => new Promise<string>((resolve) => {
        const c = spawn(process.execPath, [CHILD, file, "1500"]);
        let out = "";
        c.stdout.on("data", (d) => (out += d));
        c.once("exit", () => resolve(out.trim()));
      })),
    );
    const windows = outs.filter((o) => o.startsWith("won")).map((o) => o.split(" ").slice(1).map(Number) as [number, number]).sort((a, b) => a[0] - b[0]);
    expect(windows.length).toBeGreaterThanOrEqual(1);
    for (let i = 1; i < windows.length; i++) expect(windows[i]![0]).toBeGreaterThanOrEqual(windows[i - 1]![1]);
    expect(outs.every((o) => o.startsWith("won") || o === "lost LOCK_BUSY")).toBe(true);
  });
});
