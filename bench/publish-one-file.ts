/**
 * `node dist/bench/publish-one-file.js --setup DIR [--scale province]`, then `… --measure DIR [--check]`:
 * the publish after one new quarterly file (2024年1-9月), alone and repeatable (issue #24). Setup ingests
 * every quarter but the last two, builds and publishes, then ingests and builds the 1-9月 file and keeps
 * the whole folder (warehouse, site versions, compiled SQL) as DIR/snapshot. Each --measure restores
 * that snapshot into DIR/work (same path: the site's links stay right) and times one incremental publish
 * in this process: wall seconds, CPU seconds of the process (every thread: DuckDB's, the chart workers')
 * and the publish report. `--check` then publishes the same warehouse from nothing into another folder
 * and compares the two sites file by file, as tests/publish/incremental-pages.test.ts does on the sample;
 * exits 1 when they differ. `--fresh` times a publish from nothing instead (every page, drawing and download made
 * anew), for the full publish's figure; `--save DIR` keeps a copy of the published version and `--compare A B`
 * compares two such copies (the same site from two builds of zonestat). `--profile` adds the warehouse calls' times, `--verbose` the jobs' debug lines (stderr). Prints one JSON line per run.
 */
import { execFileSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { loadavg } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build, planBuild } from "../pipelines/build.js";
import { loadConfig } from "../pipelines/config.js";
import type { JobContext } from "../pipelines/context.js";
import { ingest } from "../pipelines/ingest/job.js";
import { createLogger, silentLogger } from "../pipelines/logger.js";
import { PAGE_INDEX, publish } from "../pipelines/publish/job.js";
import { SITE_MANIFEST } from "../pipelines/publish/site-manifest.js";
import { openWarehouse } from "../pipelines/warehouse/index.js";
import { generateData, makeProject, SCALES } from "./generate.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, HERE.split(path.sep).includes("dist") ? "../.." : "..");
const argv = process.argv.slice(2);
const arg = (name: string) => (argv.includes(`--${name}`) ? argv[argv.indexOf(`--${name}`) + 1] : undefined);
// The publishes' clock: fixed, so a fresh publish of the same warehouse writes the same shell line.
const T_FIRST = new Date("2026-10-10T02:00:00Z");
const T_NEW = new Date("2026-11-20T02:00:00Z");

function context(work: string, now: Date): JobContext {
  const config = loadConfig({ configFile: path.join(work, "zonestat.config.yml") });
  // --verbose: the jobs' debug lines (the publish's timings) as JSON on stderr.
  return { config, logger: argv.includes("--verbose") ? createLogger({ verbose: true, json: true }) : silentLogger, now: () => now };
}

async function setup(root: string): Promise<void> {
  const scale = SCALES[arg("scale") ?? "province"]!;
  const work = path.join(root, "work");
  rmSync(root, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const projectDir = makeProject(REPO, work, scale);
  writeFileSync(path.join(work, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nsite: site\nproject_dir: ${JSON.stringify(projectDir)}\ntarget_dir: target\nbackups:\n  keep: 0\n`);
  const files = generateData(projectDir, path.join(root, "data"), scale).files;
  const held = files.splice(-2);
  let ctx = context(work, T_FIRST);
  mkdirSync(path.dirname(ctx.config.warehouse), { recursive: true });
  const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
  try {
    if ((await ingest(ctx, wh, { paths: files })).rejected) throw new Error("data rejected");
    if (!(await build(ctx, wh, { plan: await planBuild(ctx, wh) })).ok) throw new Error("build failed");
    await publish(ctx, wh);
    ctx = context(work, T_NEW);
    if ((await ingest(ctx, wh, { paths: [held[0]!] })).loaded !== 1) throw new Error(`${held[0]} not loaded`);
    if (!(await build(ctx, wh, { plan: await planBuild(ctx, wh) })).ok) throw new Error("incremental build failed");
  } finally {
    await wh.close();
  }
  copyTree(work, path.join(root, "snapshot"));
  console.error(`snapshot in ${path.join(root, "snapshot")}`);
}

/**
 * `--profile`: every warehouse call (this session's and the sessions it opens) timed from call to result, summed by its
 * first 120 characters (literals and numbers blanked). Wall time: calls running beside each other overlap.
 */
function profileStatements(handle: object): Map<string, { n: number; ms: number }> {
  const seen = new Map<string, { n: number; ms: number }>();
  const proto = Object.getPrototypeOf(handle) as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const name of ["all", "exec", "execCount"]) {
    const f = proto[name]!;
    proto[name] = function (this: unknown, ...a: unknown[]) {
      const t0 = performance.now();
      const key = String(a[0]).replace(/'[^']*'/g, "'…'").replace(/\b\d+\b/g, "N").replace(/\s+/g, " ").trim().slice(0, 120);
      return f.apply(this, a).finally(() => {
        const s = seen.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t0;
        seen.set(key, s);
      });
    };
  }
  return seen;
}

/**
 * CPU seconds per thread while the publish runs, by when the thread appeared (Linux /proc, sampled every 50 ms so
 * threads that end — the chart workers — are counted up to their last sample; every thread is named "node"):
 * "main"; "node" — there when the process started (V8's helpers: concurrent GC and compiling); "duckdb" — started
 * by opening the warehouse (its thread pool; libuv's if first used there); "publish" — started during the publish
 * (the chart workers and their helpers). `label(kind)` names the threads that appear from then on.
 */
function threadSampler(): { label(kind: string): void; start(): void; stop(): Record<string, number> } {
  const tick = 100; // USER_HZ on Linux
  const seen = new Map<string, { kind: string; first: number; last: number }>();
  let kind = "node";
  // With `--require` of a file setting globalThis.__preTids to the threads before any module loads: V8's own.
  const pre = (globalThis as { __preTids?: string[] }).__preTids;
  const read = () => {
    for (const tid of readdirSync("/proc/self/task")) {
      try {
        const stat = readFileSync(`/proc/self/task/${tid}/stat`, "utf8");
        const f = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
        const cpu = (Number(f[11]) + Number(f[12])) / tick;
        const s = seen.get(tid);
        if (s) s.last = cpu;
        else seen.set(tid, { kind: tid === String(process.pid) ? "main" : pre?.includes(tid) ? "v8" : kind, first: cpu, last: cpu });
      } catch {
        // ended between the listing and the read
      }
    }
  };
  let timer: NodeJS.Timeout | undefined;
  return {
    label(k) {
      read();
      kind = k;
    },
    start() {
      read();
      for (const s of seen.values()) s.first = s.last;
      timer = setInterval(read, 50);
    },
    stop() {
      clearInterval(timer);
      read();
      const out: Record<string, number> = {};
      for (const s of seen.values()) out[s.kind] = +((out[s.kind] ?? 0) + s.last - s.first).toFixed(2);
      return out;
    },
  };
}

/** A folder copied with its links, hard links and file times: the site manifest trusts a file by its time. */
function copyTree(from: string, to: string): void {
  execFileSync("cp", ["-a", from, to]);
}

/** Every file under `dir` (hidden ones too) with its bytes. */
function files(dir: string, at = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(path.join(dir, at), { withFileTypes: true })) {
    const rel = path.join(at, e.name);
    if (e.isDirectory()) for (const [k, v] of files(dir, rel)) out.set(k, v);
    else out.set(rel, readFileSync(path.join(dir, rel)));
  }
  return out;
}

/** The files of two sites that differ, compared as tests/publish/incremental-pages.test.ts compares them. */
export function siteDifferences(a: Map<string, Buffer>, b: Map<string, Buffer>): string[] {
  const keys = [...new Set([...a.keys(), ...b.keys()])];
  const mart = (k: string) => /^downloads\/[^/]+\.(csv|parquet)$/.test(k) && !k.endsWith(".columns.csv");
  const lines = (x: Buffer) => x.toString("utf8").split("\n").sort().join("\n");
  return keys.filter((k) => {
    const [x, y] = [a.get(k), b.get(k)];
    if (!x || !y) return true;
    if (k.endsWith(".docx") || k === SITE_MANIFEST || k.endsWith(".parquet")) return false;
    return mart(k) ? lines(x) !== lines(y) : !x.equals(y);
  });
}

async function measure(root: string): Promise<void> {
  const work = path.join(root, "work");
  rmSync(work, { recursive: true, force: true });
  copyTree(path.join(root, "snapshot"), work);
  const ctx = context(work, T_NEW);
  const threads = threadSampler();
  threads.label("duckdb");
  const wh = await openWarehouse(ctx.config.warehouse, ctx.config.duckdb);
  await wh.sql.all("select 1");
  threads.label("publish");
  const statements = argv.includes("--profile") ? profileStatements(wh.sql) : undefined;
  try {
    threads.start();
    const load = loadavg()[0]!;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    const rep = await publish(ctx, wh, { fresh: argv.includes("--fresh") });
    const wall = (performance.now() - t0) / 1000;
    const c = process.cpuUsage(c0);
    const perThread = threads.stop();
    const out: Record<string, unknown> = { wall: +wall.toFixed(2), cpu: +((c.user + c.system) / 1e6).toFixed(2), load: +load.toFixed(1), rendered: rep.rendered, pages: rep.pages, drawn: rep.chartsDrawn, charts: rep.charts, parts: rep.downloadParts, threads: perThread };
    // --save DIR: the published version copied there, to compare two builds' sites (--compare A B).
    if (arg("save")) {
      rmSync(arg("save")!, { recursive: true, force: true });
      copyTree(realpathSync(ctx.config.site), arg("save")!);
    }
    if (argv.includes("--check")) {
      const scratch = path.join(work, "scratch-site");
      await publish({ ...ctx, config: { ...ctx.config, site: scratch } }, wh);
      const differ = siteDifferences(files(realpathSync(ctx.config.site)), files(realpathSync(scratch)));
      out.differ = differ.slice(0, 20);
      out.differCount = differ.length;
      if (differ.length) process.exitCode = 1;
    }
    console.log(JSON.stringify(out));
    if (statements) for (const [k, v] of [...statements.entries()].sort((x, y) => y[1].ms - x[1].ms).slice(0, 30)) console.log(`${(v.ms / 1000).toFixed(2)} s ${v.n}× ${k}`);
  } finally {
    await wh.close();
  }
}

if (arg("compare")) {
  const [a, b] = [arg("compare")!, argv[argv.indexOf("--compare") + 2]!];
  // The page index (PAGE_INDEX) holds fingerprints that include the publishing code's own version (SHELL_VERSION), so
  // two builds of zonestat write it differently by design: what they publish for readers is every other file.
  const differ = siteDifferences(files(a), files(b)).filter((k) => k !== PAGE_INDEX);
  console.log(JSON.stringify({ differCount: differ.length, differ: differ.slice(0, 20) }));
  process.exit(differ.length ? 1 : 0);
}
const root = arg("setup") ?? arg("measure");
if (!root) {
  console.error("usage: publish-one-file.js --setup DIR [--scale province] | --measure DIR [--check]");
  process.exit(2);
}
await (arg("setup") ? setup(root) : measure(root)).catch((e) => {
  console.error(e);
  process.exit(1);
});
