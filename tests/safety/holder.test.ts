/**
 * Operator findings 5 and 10: `zonestat status` never shows zeros for a warehouse it
 * could not read, and a busy warehouse names its actual holder. The warehouse is held
 * from the test as a refresh holds it (the zonestat lock file naming this process, and
 * DuckDB's own file lock from a read-write open); a real refresh is killed with SIGKILL.
 */
import { existsSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { processStartTime } from "../../pipelines/lock.js";
import { openDuckDB, type DuckDBHandle } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { zonestatSpawn, zonestatSync } from "../support/cli-process.js";

vi.setConfig({ testTimeout: 240_000 });

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const Q1 = "示例_2022年1-3月全省经济开发区主要经济指标.csv";
let project: TestProject | undefined;
let held: DuckDBHandle | undefined;
afterEach(async () => {
  await held?.close();
  held = undefined;
  project?.cleanup();
  project = undefined;
});

/** A project whose warehouse holds one loaded file (by `zonestat ingest`, a real process). */
function loadedProject(): TestProject {
  const p = tempProject("schedule:\n  stable_seconds: 0\n");
  p.dropFrom(path.join(SAMPLE, Q1));
  const r = zonestatSync(p.dir, "ingest");
  expect(r.code, r.stderr).toBe(0);
  return p;
}

/** Holds the warehouse as a running refresh does: the lock file names this (live) process, and DuckDB is open for writing. */
async function holdAsRefresh(p: TestProject): Promise<void> {
  writeFileSync(p.config.lockFile, JSON.stringify({ pid: process.pid, host: hostname(), command: "refresh", started: new Date().toISOString(), pid_start: processStartTime(process.pid) }));
  held = await openDuckDB(p.config.warehouse);
}

describe("status while another process holds the warehouse", () => {
  it("says who holds it and that it cannot be read, shows no zero from it, exits 2; --json gives nulls, not empty lists", async () => {
    project = loadedProject();
    await holdAsRefresh(project);
    const r = zonestatSync(project.dir, "status");
    expect(r.code).toBe(2);
    expect(r.stdout).toContain(`锁：由 pid ${process.pid}（zonestat refresh`);
    expect(r.stdout).toContain("进程仍在运行");
    expect(r.stdout).toContain(`正被 pid ${process.pid}（zonestat refresh`);
    expect(r.stdout).toContain("无法读取");
    // Before: exit 0 with 拒收文件：0, 版本冲突：0, 需核实的数值：0 and an empty 最近运行 — zeros that looked real.
    for (const zero of ["拒收文件：0", "版本冲突：0", "需核实的数值：0", "数据版本（最近入库的 0 个文件）", "最近运行（"]) expect(r.stdout).not.toContain(zero);

    const j = zonestatSync(project.dir, "status", "--json");
    expect(j.code).toBe(2);
    const s = JSON.parse(j.stdout);
    expect(s.warehouse.readable).toBe(false);
    expect(s.last_runs).toBeNull();
    expect(s.rejected_files).toBeNull();
    expect(s.audit_flags_open).toBeNull();
    expect(s.lock).toMatchObject({ pid: process.pid, command: "refresh", alive: true });
  });

  it("a lock held by a live process while DuckDB is free: the real figures, with a note that they may change", async () => {
    project = loadedProject();
    writeFileSync(project.config.lockFile, JSON.stringify({ pid: process.pid, host: hostname(), command: "withdraw", started: new Date().toISOString(), pid_start: processStartTime(process.pid) }));
    const r = zonestatSync(project.dir, "status");
    expect(r.code, r.stderr).toBe(0);
    // One file was ingested (hand count: the one dropped above).
    expect(r.stdout).toContain("数据版本（最近入库的 1 个文件）");
    expect(r.stdout).toContain(`${Q1}：`);
    expect(r.stdout).toContain("以下为它已提交的数据");
  });
});

describe("the lock line", () => {
  it("a lock from another host says it cannot tell; an unreadable lock file says so — both as sentences, with the real figures", async () => {
    project = loadedProject();
    writeFileSync(project.config.lockFile, JSON.stringify({ pid: 4242, host: "other-host.example", command: "refresh", started: new Date().toISOString() }));
    const other = zonestatSync(project.dir, "status");
    expect(other.code, other.stderr).toBe(0);
    expect(other.stdout).toContain("锁：由 pid 4242（zonestat refresh，主机 other-host.example");
    expect(other.stdout).toContain("无法确认是否仍在运行");
    expect(other.stdout).toContain("数据版本（最近入库的 1 个文件）");

    writeFileSync(project.config.lockFile, "{\"pid\": 12"); // cut short
    const cut = zonestatSync(project.dir, "status");
    expect(cut.code, cut.stderr).toBe(0);
    expect(cut.stdout).toContain(`锁：锁文件 ${project.config.lockFile} 存在，但无法读取其内容`);
  });
});

describe("status after a refresh was killed (SIGKILL)", () => {
  it("shows the real figures (the killed run's WAL replayed by the read-only open), and a lock sentence with 进程已不存在", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    const run = zonestatSpawn(project.dir, "refresh");
    const archived = path.join(project.config.archive, Q1);
    for (let i = 0; i < 2400 && !existsSync(archived); i++) await new Promise((res) => setTimeout(res, 50));
    expect(existsSync(archived)).toBe(true); // loaded and committed
    run.child.kill("SIGKILL");
    await run.done;
    expect(existsSync(project.config.lockFile)).toBe(true); // left behind by the killed run

    const r = zonestatSync(project.dir, "status");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`锁：pid ${run.child.pid}（zonestat refresh`);
    expect(r.stdout).toContain("进程已不存在");
    expect(r.stdout).not.toContain('{"pid"'); // a sentence, not the raw record
    // Before: 数据版本（最近入库的 0 个文件）and an empty 最近运行. The killed run loaded one file (the one dropped).
    expect(r.stdout).toContain("数据版本（最近入库的 1 个文件）");
    expect(r.stdout).toContain(`${Q1}：`);
    expect(r.stdout).toMatch(/refresh running（进程已终止/);
  });
});

describe("query while a refresh holds the warehouse (finding 10)", () => {
  it("names the refresh from the lock file and promises no retry to an interactive command", async () => {
    project = loadedProject();
    await holdAsRefresh(project);
    const r = zonestatSync(project.dir, "query", "select count(*) from ingest.files");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("LOCK_WAREHOUSE_BUSY");
    expect(r.stderr).toContain(`正被 pid ${process.pid}（zonestat refresh`);
    expect(r.stderr).toContain("请在它结束后重新运行 zonestat query");
    expect(r.stderr).not.toContain("下次定时会重试");
    expect(r.stderr).not.toContain("可能是一个仍在运行的 zonestat query");
  });

  it("with no zonestat lock, DuckDB's holder is named with its command line", async () => {
    project = loadedProject();
    held = await openDuckDB(project.config.warehouse);
    const r = zonestatSync(project.dir, "query", "select 1");
    expect(r.code).toBe(2);
    // This test process holds it: its pid and its own command line (/proc/<pid>/cmdline: node running vitest).
    expect(r.stderr).toMatch(new RegExp(`正被 pid ${process.pid}（[^）]*node`));
    expect(r.stderr).not.toContain("下次定时会重试");
  });
});
