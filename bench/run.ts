/**
 * `npm run bench -- --scale sample|province|national`: every stage of zonestat
 * measured beside its baseline in the same run — DuckDB's own read_csv for ingest,
 * the compiled SQL executed directly for build and tests, a bare vega script for
 * publish — plus the end-to-end refresh of one new quarterly file and a tick with
 * nothing new. Median and min of several runs, ratios, peak RSS, warehouse size;
 * printed and written to bench/results/<scale>.{md,json}.
 */
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { spawn } from "node:child_process";
import * as vega from "vega";
import { compile } from "vega-lite";
import { DuckDBInstance } from "@duckdb/node-api";
import { newFileOptions } from "../pipelines/warehouse/storage-version.js";
import { build } from "../pipelines/build.js";
import { loadConfig } from "../pipelines/config.js";
import type { JobContext } from "../pipelines/context.js";
import { openProject, runEngine } from "../pipelines/engine/index.js";
import { ingest } from "../pipelines/ingest/job.js";
import { silentLogger } from "../pipelines/logger.js";
import { DOWNLOADABLE_MARTS } from "../pipelines/publish/downloads.js";
import { publish } from "../pipelines/publish/job.js";
import { createPageContext, narrowSpec, PHONE_BOX, svgWidth } from "../pipelines/publish/page.js";
import { refresh } from "../pipelines/refresh.js";
import { openWarehouse } from "../pipelines/warehouse/index.js";
import { discoverPages } from "../pipelines/publish/discover.js";
import { generateData, makeProject, SCALES, type Scale } from "./generate.js";
import { engineParseBench } from "./engine-parse.js";
import { directSql, headlineSharesFloor } from "./baselines.js";

// Runs compiled (dist/bench/*.js, what users run: chart workers need compiled code) or from source.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, HERE.split(path.sep).includes("dist") ? "../.." : "..");
const argv = process.argv.slice(2);
const arg = (name: string, fallback: string) => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const scale: Scale = SCALES[arg("scale", "sample")] ?? SCALES.sample!;
const runs = Number(arg("runs", scale.name === "national" ? "1" : "3"));

/** Folders this run made, removed when it ends. */
const workspaces: string[] = [];
interface Row { stage: string; ours: number[]; baseline: number[]; note: string }
const rows: Row[] = [];
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)] ?? NaN;
const min = (xs: number[]) => Math.min(...xs);
const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const r = await f();
  return [(performance.now() - t0) / 1000, r];
};

function workspace(tag: string): { dir: string; ctx: JobContext; projectDir: string } {
  // Per process: two benchmarks running at once (other worktrees) must not share folders.
  const dir = path.join(tmpdir(), `zonestat-bench-${scale.name}-${tag}-${process.pid}`);
  workspaces.push(dir);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const projectDir = makeProject(REPO, dir, scale);
  writeFileSync(path.join(dir, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nsite: site\nproject_dir: ${JSON.stringify(projectDir)}\ntarget_dir: target\nsample_inbox: ${JSON.stringify(path.join(REPO, "sources/sample/inbox"))}\nbackups:\n  keep: 0\n`);
  const config = loadConfig({ configFile: path.join(dir, "zonestat.config.yml") });
  mkdirSync(config.inbox, { recursive: true });
  return { dir, ctx: { config, logger: silentLogger, now: () => new Date() }, projectDir };
}

/** One zonestat command in a child process: exit code and that process's peak RSS. */
function runChild(args: string[]): Promise<{ code: number; maxRssMB: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(HERE, "child.js"), ...args], { stdio: ["ignore", "ignore", "pipe"] });
    let err = "";
    child.stderr.on("data", (d: Buffer) => (err += d.toString()));
    child.on("error", reject);
    child.on("close", () => {
      const m = err.match(/BENCH (\{.*\})\s*$/);
      if (!m) return reject(new Error(`child gave no report: ${err.slice(-2000)}`));
      resolve(JSON.parse(m[1]!) as { code: number; maxRssMB: number });
    });
  });
}

async function duckdbReadCsv(dbFile: string, files: string[]): Promise<number> {
  rmSync(dbFile, { force: true });
  rmSync(dbFile + ".wal", { force: true });
  const inst = await DuckDBInstance.create(dbFile, newFileOptions()); // the format a new warehouse gets: like with like
  const conn = await inst.connect();
  const t0 = performance.now();
  const list = files.map((f) => `'${f}'`).join(", ");
  try {
    await conn.run(`create table raw as select * from read_csv([${list}], header = true, union_by_name = true)`);
  } catch {
    // Heterogeneous drop folders (titles, GBK): the floor is DuckDB reading each file as loosely as it can.
    for (const [i, f] of files.entries()) {
      await conn.run(`create table raw${i} as select * from read_csv('${f}', header = false, all_varchar = true, null_padding = true, ignore_errors = true, strict_mode = false)`).catch(() => undefined);
    }
  }
  const s = (performance.now() - t0) / 1000;
  conn.closeSync();
  inst.closeSync();
  return s;
}

/** Renders the site's chart specs with plain vega (no page assembly, no text metrics): publish's floor. */
async function bareVega(ctx: JobContext, wh: Awaited<ReturnType<typeof openWarehouse>>): Promise<[number, number]> {
  const specs: Array<{ spec: Record<string, unknown>; rows: readonly Record<string, unknown>[]; phone?: boolean }> = [];
  for (const def of await discoverPages()) {
    const pages = "family" in def ? await def.expand({ query: (sql, params) => wh.sql.all(sql, params) as never }) : [def];
    for (const p of pages) {
      const pctx = createPageContext(wh.sql, ctx.config.projectDir, ctx.config.targetDir, 0);
      await p.render(pctx);
      specs.push(...pctx.charts.map((c) => ({ spec: c.spec, rows: c.rows, phone: c.phone })));
    }
  }
  // The same drawings publish makes: each chart, and a second one fitted to a phone where the first is wider.
  const svgOf = async (spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]) => {
    const vg = compile({ ...spec, data: { values: rows } } as never).spec;
    const view = new vega.View(vega.parse(vg), { renderer: "none" });
    const svg = await view.toSVG();
    view.finalize();
    return svg;
  };
  const t0 = performance.now();
  let n = 0;
  for (const s of specs) {
    const wide = await svgOf(s.spec, s.rows);
    n++;
    if (s.phone && svgWidth(wide) > PHONE_BOX) {
      await svgOf(narrowSpec(s.spec), s.rows);
      n++;
    }
  }
  return [(performance.now() - t0) / 1000, n];
}

/** The downloads' floor: DuckDB copying the same marts to CSV and Parquet, without BOM or neutralising. */
async function bareCopy(warehouse: string, dir: string): Promise<number> {
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const inst = await DuckDBInstance.create(warehouse);
  const conn = await inst.connect();
  const t0 = performance.now();
  for (const mart of DOWNLOADABLE_MARTS) {
    await conn.run(`copy main.${mart} to '${path.join(dir, `${mart}.csv`)}' (format csv, header true)`);
    await conn.run(`copy main.${mart} to '${path.join(dir, `${mart}.parquet`)}' (format parquet)`);
  }
  const s = (performance.now() - t0) / 1000;
  conn.closeSync();
  inst.closeSync();
  rmSync(dir, { recursive: true, force: true });
  return s;
}

async function main(): Promise<void> {
  console.error(`zonestat benchmark — scale ${scale.name}, ${runs} run(s)`);
  let dataFiles: string[] = [];
  let observations = 0;
  const gen = workspace("data");
  if (scale.name === "sample") {
    dataFiles = readdirSync(path.join(REPO, "sources/sample/inbox")).map((f) => path.join(REPO, "sources/sample/inbox", f));
  } else {
    const g = generateData(gen.projectDir, path.join(gen.dir, "data"), scale);
    dataFiles = g.files;
    observations = g.observations;
  }
  // Held back for the end-to-end rows: the year's third quarter (1-9月: no annual value changes) and its last (1-12月:
  // every zone's annual series gains a year) — the two kinds of new quarterly file a site sees.
  const held = scale.name === "sample" ? [] : dataFiles.splice(-2);
  const csvFiles = dataFiles.filter((f) => f.endsWith(".csv"));
  const bytes = csvFiles.reduce((a, f) => a + statSync(f).size, 0);
  const ingestRow: Row = { stage: "ingest", ours: [], baseline: [], note: `${csvFiles.length} files, ${(bytes / 1048576).toFixed(1)} MB` };
  const buildRow: Row = { stage: "build (seeds + models)", ours: [], baseline: [], note: "" };
  const testRow: Row = { stage: "data tests", ours: [], baseline: [], note: "" };
  const publishRow: Row = { stage: "publish (full render)", ours: [], baseline: [], note: "" };
  const copySeconds: number[] = [];
  // Per model: the engine's execution time (run_results) and the same compiled SQL run directly.
  const engineNode = new Map<string, number[]>();
  const directNode = new Map<string, number[]>();
  const floorRow: Row = { stage: "floor: headline shares in one hand-written query", ours: [], baseline: [], note: "" };
  let ws = gen;
  for (let r = 0; r < runs; r++) {
    ws = r === 0 ? gen : workspace(`run${r}`);
    const wh = await openWarehouse(ws.ctx.config.warehouse, ws.ctx.config.duckdb);
    try {
      const [ti, rep] = await time(() => ingest(ws.ctx, wh, { paths: dataFiles }));
      if (rep.rejected) throw new Error(`benchmark data rejected: ${rep.rejected} files, e.g. ${JSON.stringify(rep.files.find((f) => f.status === "rejected"))}`);
      ingestRow.ours.push(ti);
      if (!observations) observations = Number((await wh.sql.all<{ n: number }>(`select count(*)::integer as n from ingest.facts`))[0]!.n);
      ingestRow.baseline.push(await duckdbReadCsv(path.join(ws.dir, "baseline.duckdb"), csvFiles));
      const [tb, br] = await time(() => build(ws.ctx, wh, { command: "build", exclude: ["resource_type:test"] }));
      if (!br.ok) throw new Error("benchmark build failed");
      buildRow.ours.push(tb);
      buildRow.note = `${br.results.length} nodes`;
      for (const n of br.results) engineNode.set(n.unique_id, [...(engineNode.get(n.unique_id) ?? []), n.execution_time]);
      const [tt, tr] = await time(() => build(ws.ctx, wh, { command: "test" }));
      testRow.ours.push(tt);
      testRow.note = `${tr.results.length} tests`;
      rmSync(ws.ctx.config.site, { recursive: true, force: true });
      const [tp, pr] = await time(() => publish(ws.ctx, wh));
      publishRow.ours.push(tp);
      const [tv, n] = await bareVega(ws.ctx, wh);
      publishRow.baseline.push(tv);
      publishRow.note = `${pr.pages} pages, ${pr.charts} charts (median ${median(pr.chartMs).toFixed(1)} ms/chart; bare vega ${n} charts)`;
    } finally {
      await wh.close();
    }
    // Publish also writes every mart as CSV and Parquet: the same work done by bare vega plus a bare DuckDB COPY.
    copySeconds.push(await bareCopy(ws.ctx.config.warehouse, path.join(ws.dir, "bare-copy")));
  }
  // Direct-SQL baselines (same warehouse, same compiled SQL).
  {
    const wh = await openWarehouse(ws.ctx.config.warehouse, ws.ctx.config.duckdb);
    // A full refresh, so the compiled SQL is each model's whole query (an incremental compile selects only changed years).
    await build(ws.ctx, wh, { command: "build", fullRefresh: true });
    await wh.close();
    for (let r = 0; r < runs; r++) {
      buildRow.baseline.push(await directSql(ws.ctx.config.warehouse, ws.ctx.config.targetDir, ws.projectDir, "build", directNode));
      const [tf, nf] = await headlineSharesFloor(ws.ctx.config.warehouse);
      floorRow.ours.push(tf);
      floorRow.note = `${nf} shares; the build's ratio to it: ${(median(buildRow.ours) / tf).toFixed(1)}×`;
      testRow.baseline.push(await directSql(ws.ctx.config.warehouse, ws.ctx.config.targetDir, ws.projectDir, "test"));
    }
  }
  // End to end: one new quarterly file (1-9月), then the year's last (1-12月), then ticks with nothing new.
  // Copied with their times kept: a file that arrived earlier and is stable, so the inbox's stable-file wait
  // (schedule.stable_seconds, 2 s by default, for a file still being written) is not part of the figure.
  const e2eRows: Row[] = [];
  const tick: Row = { stage: "refresh: nothing new (tick)", ours: [], baseline: [], note: "" };
  await refresh(ws.ctx, {});
  for (const file of held) {
    const what = /_(\d{4})_(\d+)\.csv$/.exec(path.basename(file));
    const label = what ? `${what[1]}年1-${what[2]}月` : path.basename(file);
    const row: Row = { stage: `refresh: one new quarterly file, ${label}${what?.[2] === "12" ? " (the year's last: annual values change)" : ""}`, ours: [], baseline: [], note: "" };
    cpSync(file, path.join(ws.ctx.config.inbox, path.basename(file)), { preserveTimestamps: true });
    const [t, rep] = await time(() => refresh(ws.ctx, {}));
    row.ours.push(t);
    const s = (ms: number | undefined) => (ms === undefined ? "—" : (ms / 1000).toFixed(2));
    row.note = `${rep.status}; ingest ${s(rep.stageMs?.ingest)} s, build + tests ${s(rep.stageMs?.build)} s, publish ${s(rep.stageMs?.publish)} s; ${rep.publish?.rendered ?? 0} of ${rep.publish?.pages ?? 0} pages re-rendered`;
    row.note += `; of those, ${rep.publish?.pagesDrawn ?? "?"} drew a chart: ${rep.publish?.chartsDrawn ?? "?"} of their ${rep.publish?.charts ?? 0} charts drawn, the rest reused`;
    const parts = rep.publish?.downloadParts;
    if (parts) row.note += `; mart CSVs: ${parts.written} year-parts written, ${parts.reused} copied; pages' own CSV/.xlsx: ${rep.publish?.pageDownloadsReused ?? 0} linked`;
    e2eRows.push(row);
  }
  for (let r = 0; r < Math.max(runs, 3); r++) {
    const [t] = await time(() => refresh(ws.ctx, {}));
    tick.ours.push(t);
  }
  // The whole chain from an empty warehouse as one `zonestat refresh` process: its own peak RSS.
  const cold = workspace("cold");
  for (const f of [...dataFiles, ...held]) cpSync(f, path.join(cold.ctx.config.inbox, path.basename(f)));
  const [tc, child] = await time(async () => runChild(["refresh", "-q", "--config", cold.ctx.config.configFile!]));
  if (child.code !== 0) throw new Error(`cold refresh exited ${child.code}`);
  const coldRow: Row = { stage: "refresh from empty (one process: ingest → build → test → publish)", ours: [tc], baseline: [], note: `peak RSS ${child.maxRssMB.toFixed(0)} MB (this process alone)` };
  const parse = await engineParseBench(500);
  const rss = process.resourceUsage().maxRSS / 1024;
  const whBytes = statSync(ws.ctx.config.warehouse).size + (existsSync(ws.ctx.config.warehouse + ".wal") ? statSync(ws.ctx.config.warehouse + ".wal").size : 0);
  if (copySeconds.length) {
    const both = publishRow.baseline.map((v, i) => v + (copySeconds[i] ?? 0));
    publishRow.note += `; the same work with the downloads — bare vega + bare DuckDB COPY of the ${DOWNLOADABLE_MARTS.length} marts (${median(copySeconds).toFixed(2)} s) — ${median(both).toFixed(2)} s: ${(median(publishRow.ours) / median(both)).toFixed(2)}×`;
  }
  rows.push(ingestRow, buildRow, floorRow, testRow, publishRow, coldRow, ...e2eRows, tick, { stage: "engine: parse + compile 500 models", ours: [parse], baseline: [], note: "synthetic project, no execution" });

  const materialized = new Map<string, string>();
  const manifestFile = path.join(ws.ctx.config.targetDir, "manifest.json");
  if (existsSync(manifestFile)) for (const [id, n] of Object.entries(JSON.parse(readFileSync(manifestFile, "utf8")).nodes as Record<string, { config: { materialized: string } }>)) materialized.set(id, n.config.materialized);
  const fmt = (x: number) => (Number.isFinite(x) ? x.toFixed(2) : "—");
  const lines = [
    `# zonestat benchmark — ${scale.name}`,
    "",
    `${new Date().toISOString()}; ${observations.toLocaleString("en")} observations; ${runs} run(s); peak RSS of the benchmark process (with its in-process baselines) ${rss.toFixed(0)} MB; warehouse ${(whBytes / 1048576).toFixed(1)} MB`,
    "",
    "| stage | zonestat median (s) | min (s) | baseline median (s) | ratio | note |",
    "|---|---|---|---|---|---|",
    ...rows.map((r) => `| ${r.stage} | ${fmt(median(r.ours))} | ${fmt(min(r.ours))} | ${r.baseline.length ? fmt(median(r.baseline)) : "—"} | ${r.baseline.length ? (median(r.ours) / median(r.baseline)).toFixed(2) + "×" : "—"} | ${r.note} |`),
    "",
    "Baselines, measured in the same run: ingest — DuckDB read_csv of the same files into a fresh on-disk database; build and tests — the engine's compiled SQL executed directly in DuckDB in the same order; publish — a bare vega script rendering the same specs and data.",
    "",
    "Per model (slowest first, over 0.05 s): the engine's execution time in the build above, and the same compiled SQL run directly.",
    "",
    "| node | materialized | engine median (s) | direct median (s) |",
    "|---|---|---|---|",
    ...[...engineNode.entries()]
      .map(([id, xs]) => ({ id, engine: median(xs), direct: median(directNode.get(id) ?? []) }))
      .filter((x) => x.engine >= 0.05 || x.direct >= 0.05)
      .sort((a, b) => b.engine - a.engine)
      .map((x) => `| ${x.id.split(".").slice(2).join(".")} | ${materialized.get(x.id) ?? "—"} | ${fmt(x.engine)} | ${fmt(x.direct)} |`),
  ];
  const out = lines.join("\n") + "\n";
  process.stdout.write(out);
  mkdirSync(path.join(REPO, "bench/results"), { recursive: true });
  writeFileSync(path.join(REPO, "bench/results", `${scale.name}.md`), out);
  writeFileSync(path.join(REPO, "bench/results", `${scale.name}.json`), JSON.stringify({ scale, observations, runs, rssMB: rss, warehouseBytes: whBytes, rows, nodes: Object.fromEntries([...engineNode.entries()].map(([id, xs]) => [id, { engine: xs, direct: directNode.get(id) ?? [] }])) }, null, 2));
  for (const w of workspaces) rmSync(w, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
