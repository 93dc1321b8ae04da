/**
 * The inbox cannot be used to read the machine, move files away or block ingestion
 * for good (issue #17). Each case runs the real CLI as a child process on real
 * files: symlinks (to a secret, to a folder, to archive/), a FIFO, a file still
 * being written by another process, a name too long to archive and a sparse file
 * over 2 GiB beside a good file.
 */
import { execFileSync, spawn } from "node:child_process";
import { closeSync, existsSync, mkdirSync, openSync, readdirSync, readFileSync, symlinkSync, truncateSync, writeFileSync, lstatSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { zonestatSync } from "../support/cli-process.js";

// Several full refreshes as real processes: slow on a shared 2-core machine (no speed is asserted).
vi.setConfig({ testTimeout: 240_000 });

const GOOD = path.join(REPO, "sources/sample/inbox/示例_2022年1-3月全省经济开发区主要经济指标.csv");
let project: TestProject | undefined;
afterEach(() => project?.cleanup());

async function factCount(p: TestProject): Promise<number> {
  if (!existsSync(p.config.warehouse)) return 0;
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return Number((await db.all<{ n: number }>(`select count(*) as n from ingest.facts`))[0]!.n);
  } finally {
    await db.close();
  }
}

/** Every file under `dir`, read as latin1 so any bytes can be searched. */
function allText(dir: string): string {
  let out = "";
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    const full = path.join(e.parentPath, e.name);
    if (e.isFile() && !full.endsWith(".duckdb")) out += readFileSync(full, "latin1");
  }
  return out;
}

describe("symlinks and special files in the inbox", () => {
  it("a symlink to a secret file is skipped with a reason: its content is written nowhere, the link stays", () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    const secret = path.join(project.dir, "shadow");
    writeFileSync(secret, "root:$6$SECRETHASH:19000:0:99999:7:::\n");
    symlinkSync(secret, path.join(project.inbox, "shadow.csv"));
    const r = zonestatSync(project.dir, "ingest", "--log-json");
    expect(r.code).toBe(0);
    expect(r.stderr).toContain("INBOX_SKIPPED");
    expect(r.stderr).toContain("符号链接");
    expect(lstatSync(path.join(project.inbox, "shadow.csv")).isSymbolicLink()).toBe(true);
    expect(readFileSync(secret, "utf8")).toContain("SECRETHASH");
    expect(allText(project.dir).split("SECRETHASH").length - 1).toBe(1); // only the secret file itself
    expect(existsSync(project.config.rejected)).toBe(false);
  });

  it("a symlink to a folder: the folder's files are neither loaded nor moved", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    const elsewhere = path.join(project.dir, "elsewhere");
    mkdirSync(elsewhere);
    execFileSync("cp", [GOOD, elsewhere]);
    symlinkSync(elsewhere, path.join(project.inbox, "linked"));
    const r = zonestatSync(project.dir, "ingest");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("入库 0 个文件");
    expect(readdirSync(elsewhere)).toEqual([path.basename(GOOD)]);
    expect(await factCount(project)).toBe(0);
  });

  it("a symlink to archive/ is not re-processed: a second run changes nothing in archive/", () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(GOOD);
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
    symlinkSync(project.config.archive, path.join(project.inbox, "archive-link"));
    const before = readdirSync(project.config.archive);
    for (let i = 0; i < 2; i++) expect(zonestatSync(project.dir, "ingest").stdout).toContain("入库 0 个文件，拒收 0 个，重复 0 个");
    expect(readdirSync(project.config.archive)).toEqual(before);
  });

  it("a FIFO named .csv is skipped (never opened, so the run does not hang)", () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    execFileSync("mkfifo", [path.join(project.inbox, "pipe.csv")]);
    project.dropFrom(GOOD);
    const r = zonestatSync(project.dir, "ingest");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("入库 1 个文件");
    expect(r.stderr).toContain("FIFO");
    expect(lstatSync(path.join(project.inbox, "pipe.csv")).isFIFO()).toBe(true);
  });
});

describe("a file still being written", () => {
  it("cron's ingest leaves a growing file in the inbox; once complete it is loaded whole", async () => {
    // The reference count: the same file loaded whole in its own project (an independent path).
    const whole = tempProject("schedule:\n  stable_seconds: 0\n");
    whole.dropFrom(GOOD);
    expect(zonestatSync(whole.dir, "ingest").code).toBe(0);
    const expected = await factCount(whole);
    whole.cleanup();
    expect(expected).toBeGreaterThan(100);

    project = tempProject("schedule:\n  stable_seconds: 2\n");
    const bytes = readFileSync(GOOD);
    const lines: Buffer[] = [];
    for (let start = 0; start < bytes.length; ) {
      const nl = bytes.indexOf(10, start);
      const end = nl < 0 ? bytes.length : nl + 1;
      lines.push(bytes.subarray(start, end));
      start = end;
    }
    const target = path.join(project.inbox, path.basename(GOOD));
    writeFileSync(target, Buffer.concat(lines.slice(0, 14))); // title, header, 12 rows
    // Another process appends 20 bytes every 100 ms; with the last bytes in hand it only touches the
    // file (as a copy tool still working does) until the test says "finish" — so however slowly the
    // ingest below starts, it always meets a file that is still changing.
    const rest = path.join(project.dir, "rest.bin");
    const finish = path.join(project.dir, "finish");
    writeFileSync(rest, Buffer.concat(lines.slice(14)));
    const writer = spawn(process.execPath, ["-e", `
      const fs = require("fs"); const data = fs.readFileSync(${JSON.stringify(rest)}); let at = 0;
      const t = setInterval(() => {
        if (data.length - at > 20) { fs.appendFileSync(${JSON.stringify(target)}, data.subarray(at, at + 20)); at += 20; }
        else if (!fs.existsSync(${JSON.stringify(finish)})) { const now = new Date(); fs.utimesSync(${JSON.stringify(target)}, now, now); }
        else { fs.appendFileSync(${JSON.stringify(target)}, data.subarray(at)); clearInterval(t); }
      }, 100);`]);
    const writerDone = new Promise((r) => writer.once("exit", r));
    const during = zonestatSync(project.dir, "ingest");
    expect(during.code).toBe(0);
    expect(during.stdout).toContain("入库 0 个文件");
    expect(await factCount(project)).toBe(0);
    expect(existsSync(target)).toBe(true);
    writeFileSync(finish, "");
    await writerDone;
    expect(readFileSync(target).equals(bytes)).toBe(true); // the copy is complete
    await new Promise((r) => setTimeout(r, 2100)); // let it age past stable_seconds
    const after = zonestatSync(project.dir, "ingest");
    expect(after.stdout).toContain("入库 1 个文件");
    expect(await factCount(project)).toBe(expected);
  });
});

describe("one bad file does not block the inbox", () => {
  it("a name too long to archive and a sparse file over 2 GiB are each rejected with a report; the good file loads", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    const longName = "开".repeat(76) + ".csv"; // 76 × 3 + 4 = 232 bytes > 223
    project.drop(longName, "地区,指标\n");
    const big = path.join(project.inbox, "huge.csv");
    closeSync(openSync(big, "w"));
    truncateSync(big, 2 * 1024 ** 3 + 1); // sparse: no disk used
    project.dropFrom(GOOD);
    const r = zonestatSync(project.dir, "ingest");
    expect(r.stdout).toContain("入库 1 个文件，拒收 2 个");
    expect(r.code).toBe(1);
    expect(r.stderr).not.toContain("内部错误");
    expect(await factCount(project)).toBeGreaterThan(100);
    const rejected = readdirSync(project.config.rejected);
    const reports = rejected.filter((n) => n.endsWith(".problems.txt")).map((n) => readFileSync(path.join(project!.config.rejected, n), "utf8"));
    expect(reports.some((t) => t.includes("FILE_NAME_TOO_LONG") && t.includes(longName))).toBe(true);
    expect(reports.some((t) => t.includes("FILE_TOO_LARGE") && t.includes("huge.csv"))).toBe(true);
    expect(readdirSync(project.inbox)).toEqual([]);
    // A second run has nothing left to trip on.
    expect(zonestatSync(project.dir, "ingest").code).toBe(0);
  });
});
