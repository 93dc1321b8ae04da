/**
 * `npm run bench:build -- --scale province`: the build alone (issue #24), every figure beside
 * its baselines from the same run — the same compiled SQL run directly on DuckDB and the
 * floor (the headline shares as one hand-written query) — then one new quarterly file:
 * the incremental build against a --full-refresh build of the same warehouse. Per-model
 * times from run_results. Options: `--ingested FILE` reuses a warehouse holding every file
 * but the last (skips generating and ingesting); `--previous FILE` adds the per-model times
 * of another build's run_results.json (e.g. the models before this change, on the same data)
 * as a column, marked as measured in another run; `--save-ingested FILE` keeps a copy of that
 * warehouse for the next run; `--keep` leaves the project, warehouse and compiled SQL in the temp
 * folder (for EXPLAIN ANALYZE of one model). Written to bench/results/build-<scale>.md.
 */
import { copyFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { build } from "../pipelines/build.js";
import { loadConfig } from "../pipelines/config.js";
import type { JobContext } from "../pipelines/context.js";
import type { EngineResult } from "../pipelines/engine/index.js";
import { ingest } from "../pipelines/ingest/job.js";
import { silentLogger } from "../pipelines/logger.js";
import { openWarehouse } from "../pipelines/warehouse/index.js";
import { directSql, headlineSharesFloor } from "./baselines.js";
import { generateData, makeProject, SCALES, type Scale } from "./generate.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, HERE.split(path.sep).includes("dist") ? "../.." : "..");
const argv = process.argv.slice(2);
const arg = (name: string, fallback = "") => {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1]! : fallback;
};
const scale: Scale = SCALES[arg("scale", "province")] ?? SCALES.province!;

const time = async <T>(f: () => Promise<T>): Promise<[number, T]> => {
  const t0 = performance.now();
  const r = await f();
  return [(performance.now() - t0) / 1000, r];
};
const perNode = (r: EngineResult) => new Map(r.results.map((n) => [n.unique_id, n.execution_time]));

async function main(): Promise<void> {
  const dir = path.join(tmpdir(), `zonestat-bench-build-${scale.name}-${process.pid}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const projectDir = makeProject(REPO, dir, scale);
  writeFileSync(path.join(dir, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nsite: site\nproject_dir: ${JSON.stringify(projectDir)}\ntarget_dir: target\nbackups:\n  keep: 0\n`);
  const config = loadConfig({ configFile: path.join(dir, "zonestat.config.yml") });
  const ctx: JobContext = { config, logger: silentLogger, now: () => new Date() };
  mkdirSync(path.dirname(config.warehouse), { recursive: true });
  const g = generateData(projectDir, path.join(dir, "data"), scale);
  const last = g.files.pop()!;
  const ingested = arg("ingested");
  if (ingested) copyFileSync(ingested, config.warehouse);
  else {
    const wh = await openWarehouse(config.warehouse, config.duckdb);
    const rep = await ingest(ctx, wh, { paths: g.files });
    await wh.close();
    if (rep.rejected) throw new Error(`benchmark data rejected: ${rep.rejected} files`);
    if (arg("save-ingested")) copyFileSync(config.warehouse, arg("save-ingested"));
  }
  console.error(`zonestat build benchmark — ${scale.name}`);
  let wh = await openWarehouse(config.warehouse, config.duckdb);
  const [tb, br] = await time(() => build(ctx, wh, { command: "build", exclude: ["resource_type:test"] }));
  if (!br.ok) throw new Error("benchmark build failed");
  const engine = perNode(br);
  const [observations] = await wh.sql.all<{ n: number }>(`select count(*)::integer as n from ingest.facts`);
  await wh.close();
  const direct = new Map<string, number[]>();
  const td = await directSql(config.warehouse, config.targetDir, projectDir, "build", direct);
  const [tf, nf] = await headlineSharesFloor(config.warehouse);

  // One new quarterly file: an incremental build, then the same warehouse rebuilt with --full-refresh.
  wh = await openWarehouse(config.warehouse, config.duckdb);
  const rep = await ingest(ctx, wh, { paths: [last] });
  if (rep.loaded !== 1) throw new Error("the last file did not load");
  const changed = (await wh.sql.all<{ year: number }>(`select year from ingest.changed_years order by year`)).map((r) => r.year);
  const [ti, ir] = await time(() => build(ctx, wh, { command: "build", exclude: ["resource_type:test"] }));
  await wh.close();
  const copy = path.join(dir, "full.duckdb");
  copyFileSync(config.warehouse, copy);
  const full = await openWarehouse(copy, config.duckdb);
  const [tr, fr] = await time(() => build(ctx, full, { command: "build", exclude: ["resource_type:test"], fullRefresh: true }));
  await full.close();
  const incremental = perNode(ir);
  const refreshed = perNode(fr);

  const previousFile = arg("previous");
  const previous = previousFile && existsSync(previousFile) ? new Map((JSON.parse(readFileSync(previousFile, "utf8")).results as Array<{ unique_id: string; execution_time: number }>).map((r) => [r.unique_id, r.execution_time])) : undefined;
  const prevTotal = previous ? [...previous.values()].reduce((a, b) => a + b, 0) : NaN;
  const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "—" : x.toFixed(2));
  const ids = [...engine.keys()].filter((id) => id.startsWith("model.") && ((engine.get(id) ?? 0) >= 0.05 || (previous?.get(id) ?? 0) >= 0.05));
  ids.sort((a, b) => (previous?.get(b) ?? engine.get(b)!) - (previous?.get(a) ?? engine.get(a)!));
  const lines = [
    `# zonestat build benchmark — ${scale.name}`,
    "",
    `${new Date().toISOString()}; ${observations!.n.toLocaleString("en")} observations before the new file; one run.`,
    "",
    "| stage | zonestat (s) | baseline (s) | ratio | note |",
    "|---|---|---|---|---|",
    `| build (seeds + models) | ${f(tb)} | ${f(td)} | ${(tb / td).toFixed(2)}× | baseline: the same compiled SQL run directly; ${br.results.length} nodes |`,
    `| floor: headline shares in one hand-written query | — | ${f(tf)} | ${(tb / tf).toFixed(1)}× | ${nf} shares; the build does every mart, checks and provenance besides |`,
    `| build after one new quarterly file (incremental) | ${f(ti)} | ${f(tr)} | ${(ti / tr).toFixed(2)}× | baseline: --full-refresh of the same warehouse; years recomputed: ${changed.join(", ")} |`,
    ...(previous ? [`| build, models before this change (another run, same data) | ${f(prevTotal)} | — | ${(prevTotal / tb).toFixed(2)}× this build | sum of per-model times from ${path.basename(previousFile)} |`] : []),
    "",
    "Per model: the engine's execution time, the same SQL run directly, the incremental build after one new quarterly file and the --full-refresh build of the same warehouse" + (previous ? "; and the models before this change (another run: compare with care on a shared machine)." : "."),
    "",
    `| model | ${previous ? "before (other run) | " : ""}engine | direct | incremental | full refresh |`,
    `|---|${previous ? "---|" : ""}---|---|---|---|`,
    ...ids.map((id) => `| ${id.split(".").slice(2).join(".")} | ${previous ? f(previous.get(id)) + " | " : ""}${f(engine.get(id))} | ${f(direct.get(id)?.[0])} | ${f(incremental.get(id))} | ${f(refreshed.get(id))} |`),
  ];
  const out = lines.join("\n") + "\n";
  process.stdout.write(out);
  mkdirSync(path.join(REPO, "bench/results"), { recursive: true });
  writeFileSync(path.join(REPO, "bench/results", `build-${scale.name}.md`), out);
  if (argv.includes("--keep")) console.error(`kept ${dir}`);
  else rmSync(dir, { recursive: true, force: true });
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
