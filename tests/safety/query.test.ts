/**
 * `zonestat query` runs in DuckDB's sandbox (read-only, no external access,
 * configuration locked): the statements from issue #17 that overwrote the
 * warehouse, emptied another DuckDB file, wrote a page into the site or read
 * /etc files are refused with QUERY_NOT_ALLOWED and change nothing.
 */
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO } from "../support/project.js";
import { zonestatSpawn, zonestatSync } from "../support/cli-process.js";

let dir: string;
let warehouse: string;
let other: string;

async function makeDb(file: string, sql: string): Promise<void> {
  const db = await openDuckDB(file);
  await db.exec(sql);
  await db.close();
}

async function count(file: string, table: string): Promise<number> {
  const db = await openDuckDB(file, { readOnly: true });
  try {
    return Number((await db.all<{ n: number }>(`select count(*) as n from ${table}`))[0]!.n);
  } finally {
    await db.close();
  }
}

beforeAll(async () => {
  dir = mkdtempSync(path.join(tmpdir(), "zonestat-query-"));
  writeFileSync(path.join(dir, "zonestat.config.yml"), `project_dir: ${JSON.stringify(REPO)}\nwarehouse: warehouse/zonestat.duckdb\n`);
  warehouse = path.join(dir, "warehouse/zonestat.duckdb");
  other = path.join(dir, "other.duckdb");
  await makeDb(warehouse, "create table t as select range as x from range(3)");
  await makeDb(other, "create table victims as select range as x from range(5)");
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("zonestat query is read-only", () => {
  it("a SELECT works: 3 rows in t (made above)", () => {
    const r = zonestatSync(dir, "query", "select count(*) as n from t", "--format", "json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout)).toEqual([{ n: 3 }]);
  });

  const refused: Array<[string, string]> = [
    ["COPY over the warehouse", "COPY (select 1) TO '<warehouse>'"],
    ["ATTACH read-write, then DELETE", "ATTACH '<other>' AS o (READ_WRITE); DELETE FROM o.victims"],
    ["ATTACH alone", "ATTACH '<other>' AS o (READ_WRITE)"],
    ["a <script> page written into a folder", "COPY (select '<script>alert(1)</script>') TO '<dir>/evil.html' (HEADER false)"],
    ["read_csv of /etc/passwd", "select * from read_csv('/etc/passwd', sep=':')"],
    ["glob of /root", "select * from glob('/root/*')"],
    ["read_text", "select * from read_text('/etc/hostname')"],
    ["INSTALL", "INSTALL httpfs"],
    ["LOAD", "LOAD httpfs"],
    ["EXPORT DATABASE", "EXPORT DATABASE '<dir>/export'"],
    ["SET to undo the sandbox", "SET enable_external_access = true"],
    ["DELETE", "DELETE FROM t"],
    ["two statements", "select 1; select 2"],
  ];
  for (const [what, template] of refused) {
    it(`refuses ${what}: QUERY_NOT_ALLOWED, nothing changed`, async () => {
      const before = statSync(warehouse).mtimeMs;
      const sql = template.replaceAll("<warehouse>", warehouse).replaceAll("<other>", other).replaceAll("<dir>", dir);
      const r = zonestatSync(dir, "query", sql);
      expect(r.code).toBe(1);
      expect(r.stderr).toContain("QUERY_NOT_ALLOWED");
      expect(r.stderr).not.toMatch(/root:|at .*\.js:\d+/); // no file content, no stack trace
      expect(statSync(warehouse).mtimeMs).toBe(before);
      expect(await count(warehouse, "t")).toBe(3);
      expect(await count(other, "victims")).toBe(5);
      expect(existsSync(path.join(dir, "evil.html"))).toBe(false);
      expect(existsSync(path.join(dir, "export"))).toBe(false);
    });
  }

  it("a syntax error stays a usage error (exit 2, USAGE_SQL)", () => {
    const r = zonestatSync(dir, "query", "selec 1");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("USAGE_SQL");
  });

  it("a long query holding the file: a writer waits a bounded time, then says who holds it (not a misleading error)", async () => {
    // A cross join of 3e4 × 3e4 rows keeps the reader busy well past the writer's 1 s wait.
    const q = zonestatSpawn(dir, "query", "select count(*) from range(30000) a, range(30000) b where a.range * b.range = -1");
    try {
      // Wait until the reader holds DuckDB's file lock (a write open fails).
      const { openDuckDB: open } = await import("../../pipelines/warehouse/duckdb.js");
      let err: { code?: string; message?: string; detail?: { value?: string } } | undefined;
      for (let i = 0; i < 200 && !err; i++) {
        try {
          const db = await open(warehouse, { busyWaitSeconds: 1 });
          await db.close();
          await new Promise((r) => setTimeout(r, 50));
        } catch (e) {
          err = e as typeof err;
        }
      }
      expect(err?.code).toBe("LOCK_WAREHOUSE_BUSY");
      expect(err?.message).toContain(`PID ${q.child.pid}`);
      expect(err?.message).toContain("1 秒");
    } finally {
      q.child.kill("SIGKILL");
      await q.done;
    }
    readFileSync(warehouse); // still readable
  });
});
