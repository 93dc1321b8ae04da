/**
 * `npm run bench:ingest [-- --rows 5000000 --gbk-rows 1000000 --runs 3]`: one canonical long
 * CSV of N rows (and one GBK file), ingested by zonestat and, in the same run, read
 * by DuckDB's own read_csv into the same kind of on-disk database. Prints rows/s,
 * the ratio and peak RSS; writes bench/results/ingest.md.
 * `-- --files province` instead measures many small files: the province scale's 39
 * quarterly files in one ingest against DuckDB reading all of them in one read_csv;
 * writes bench/results/ingest-files.md, with a second zonestat row in the same runs: the same ingest with only the
 * 强制性 审核 rules (the load and its rejections, without the comparative 核实性 rules), to show how the ratio splits
 * between loading and 审核. With `--profile` it adds where the time goes: each
 * warehouse call timed under the statement it starts with, and each COMMIT; with
 * `--explain <statement start> [--explain-per-file N]` the last file's matching calls print
 * their EXPLAIN ANALYZE (operators, rows, seconds) to stderr instead of running plainly.
 */
import { cpSync, createWriteStream, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { parseDocument } from "yaml";
import { loadavg, tmpdir } from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";
import { DuckDBInstance } from "@duckdb/node-api";
import { newFileOptions } from "../pipelines/warehouse/storage-version.js";
import { loadConfig } from "../pipelines/config.js";
import { ingest } from "../pipelines/ingest/job.js";
import { silentLogger } from "../pipelines/logger.js";
import { openWarehouse } from "../pipelines/warehouse/index.js";
import { generateData, makeProject, SCALES } from "./generate.js";

// Runs compiled (dist/bench/*.js, what users run: chart workers need compiled code) or from source.
const HERE = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(HERE, HERE.split(path.sep).includes("dist") ? "../.." : "..");
const argv = process.argv.slice(2);
const num = (name: string, d: number) => (argv.includes(`--${name}`) ? Number(argv[argv.indexOf(`--${name}`) + 1]) : d);
const ROWS = num("rows", 5_000_000);
const GBK_ROWS = num("gbk-rows", 1_000_000);
const RUNS = num("runs", 3);

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function writeLong(file: string, rows: number, encoding: "utf8" | "gbk", zones: number): Promise<void> {
  const out = createWriteStream(file);
  const write = (s: string) => new Promise<void>((r) => (out.write(encoding === "gbk" ? iconv.encode(s, "gbk") : s) ? r() : out.once("drain", () => r())));
  await write("entity,period,indicator,value,unit,basis\n");
  const inds = [["地区生产总值", "亿元"], ["一般公共预算收入", "万元"], ["固定资产投资", "亿元"], ["出口额", "万美元"], ["工业总产值", "亿元"]];
  let n = 0;
  let chunk = "";
  outer: for (let year = 1950; ; year++)
    for (let z = 0; z < zones; z++)
      for (const [ind, unit] of inds)
        for (const m of [3, 6, 9, 12]) {
          // Plausible figures, as zones send them: 累计 rising through the year, a level per zone and indicator
          // that moves by under 10% from year to year (so the 审核 rules find nothing to flag, as in a normal file).
          const level = 1 + (((z + 1) * 7919 + ind.length * 104729) % 100000) / 100;
          chunk += `BN${String(z).padStart(5, "0")},${year}年1-${m}月,${ind},${(Math.round(level * (1 + ((year * 13 + z) % 10) / 100) * m * 100 / 12) / 100)},${unit},累计\n`;
          if (++n >= rows) break outer;
          if (chunk.length > 1 << 20) {
            await write(chunk);
            chunk = "";
          }
        }
  await write(chunk);
  await new Promise<void>((r) => out.end(r));
}

async function duckdb(dbFile: string, csv: string): Promise<number> {
  rmSync(dbFile, { force: true });
  const inst = await DuckDBInstance.create(dbFile, newFileOptions()); // the format a new warehouse gets: like with like
  const conn = await inst.connect();
  const t0 = performance.now();
  await conn.run(`create table raw as select * from read_csv('${csv}', header = true)`);
  const s = (performance.now() - t0) / 1000;
  conn.closeSync();
  inst.closeSync();
  return s;
}

/** Step timings of the last bulk load, from the ingest job's debug log. */
let lastSteps: Record<string, unknown> = {};
const stepLogger = { ...silentLogger, debug: (m: string, f?: Record<string, unknown>) => { if (m.startsWith("bulk timings")) lastSteps = f ?? {}; } };

async function zonestat(dir: string, csv: string): Promise<number> {
  rmSync(path.join(dir, "warehouse"), { recursive: true, force: true });
  const config = loadConfig({ configFile: path.join(dir, "zonestat.config.yml") });
  const wh = await openWarehouse(config.warehouse, config.duckdb);
  try {
    const t0 = performance.now();
    const r = await ingest({ config, logger: stepLogger, now: () => new Date() }, wh, { paths: [csv] });
    const s = (performance.now() - t0) / 1000;
    if (r.loaded !== 1) throw new Error(`not loaded: ${JSON.stringify(r.files[0])}`);
    return s;
  } finally {
    await wh.close();
  }
}

const PROFILE = argv.includes("--profile");
/** An EXPLAIN ANALYZE (format json) tree as indented lines: operator, rows, seconds, its extra info in brief. */
function operators(node: Record<string, unknown>, depth = 0): string {
  const name = String(node.operator_name ?? node.operator_type ?? node.query_name ?? "").trim();
  const extra = node.extra_info ? JSON.stringify(node.extra_info).replace(/\s+/g, " ").slice(0, 160) : "";
  const self = name ? `${"  ".repeat(depth)}${name} rows=${node.operator_cardinality ?? ""} t=${Number(node.operator_timing ?? node.latency ?? 0).toFixed(4)} ${extra}\n` : "";
  return self + ((node.children as Record<string, unknown>[] | undefined) ?? []).map((c) => operators(c, depth + (name ? 1 : 0))).join("");
}
/** Seconds and calls per statement kind (its first words, literals blanked), for `--profile`. */
const profile = new Map<string, { n: number; s: number }>();
const profileKey = (sql: string) => sql.replace(/--[^\n]*/g, " ").replace(/'[^']*'/g, "'…'").replace(/\b\d+\b/g, "N").replace(/\s+/g, " ").trim().slice(0, 90);
function timed<T>(sql: string, run: Promise<T>): Promise<T> {
  if (!PROFILE) return run;
  const t0 = performance.now();
  const key = profileKey(sql);
  return run.finally(() => noteProfile(key, (performance.now() - t0) / 1000));
}
function noteProfile(key: string, seconds: number): void {
  const p = profile.get(key) ?? { n: 0, s: 0 };
  p.n++;
  p.s += seconds;
  profile.set(key, p);
}

const EXPLAIN = argv.includes("--explain") ? argv[argv.indexOf("--explain") + 1]! : undefined;
const PER_FILE = argv.includes("--explain-per-file") ? Number(argv[argv.indexOf("--explain-per-file") + 1]) : 1;
/** How many calls per file start with the --explain text (--explain-per-file, default 1). */
const explainedPerFile = (_sql: string) => PER_FILE;

/** Many small files: one ingest of N-1 generated quarterly files vs one read_csv of all of them. */
async function manyFiles(scaleName: string): Promise<void> {
  const scale = SCALES[scaleName]!;
  const dir = path.join(tmpdir(), `zonestat-bench-ingest-files-${scale.name}`);
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const projectDir = makeProject(REPO, dir, scale);
  writeFileSync(path.join(dir, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nproject_dir: ${JSON.stringify(projectDir)}\n`);
  // The last quarter is held back, as the full benchmark holds it back for its one-new-file refresh.
  const files = generateData(projectDir, path.join(dir, "data"), scale).files.slice(0, -1);
  const bytes = files.reduce((a, f) => a + statSync(f).size, 0);
  // The same project with the 强制性 rules only (every rule file keeps its rules of that severity).
  const loadOnlyDir = path.join(dir, "load-only");
  cpSync(projectDir, path.join(loadOnlyDir, "project"), { recursive: true });
  const rulesDir = path.join(loadOnlyDir, "project", "sources", "audit-rules");
  for (const f of readdirSync(rulesDir).filter((n) => n.endsWith(".yml"))) {
    const doc = parseDocument(readFileSync(path.join(rulesDir, f), "utf8"));
    const rules = (doc.toJS() as { rules: Array<{ severity: string }> }).rules.filter((r) => r.severity === "强制性");
    writeFileSync(path.join(rulesDir, f), JSON.stringify({ rules }, null, 1));
  }
  writeFileSync(path.join(loadOnlyDir, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nproject_dir: ${JSON.stringify(path.join(loadOnlyDir, "project"))}\n`);
  const loadOnly: number[] = [];
  const ours: number[] = [];
  /** CPU seconds of the process (all DuckDB threads) during zonestat's ingest: less moved by other jobs than wall time. */
  const cpu: number[] = [];
  const bases: number[] = [];
  let statements = 0;
  const loadBefore = loadavg()[0]!;
  for (let r = 0; r < RUNS; r++) {
    rmSync(path.join(dir, "baseline.duckdb"), { force: true });
    const inst = await DuckDBInstance.create(path.join(dir, "baseline.duckdb"), newFileOptions()); // the format a new warehouse gets: like with like
    const conn = await inst.connect();
    const t0 = performance.now();
    await conn.run(`create table raw as select * from read_csv([${files.map((f) => `'${f}'`).join(", ")}], header = true, union_by_name = true)`);
    bases.push((performance.now() - t0) / 1000);
    conn.closeSync();
    inst.closeSync();
    rmSync(path.join(dir, "warehouse"), { recursive: true, force: true });
    const config = loadConfig({ configFile: path.join(dir, "zonestat.config.yml") });
    const wh = await openWarehouse(config.warehouse, config.duckdb);
    try {
      const exec = wh.sql.exec.bind(wh.sql);
      const all = wh.sql.all.bind(wh.sql);
      statements = 0;
      profile.clear();
      // --explain <text>: the last file's calls starting with <text> print their EXPLAIN ANALYZE (one statement per call).
      let execs = 0;
      const explainAt = EXPLAIN ? files.length : -1;
      const explained = (sql: string, run: () => Promise<unknown>) => {
        if (!EXPLAIN || !profileKey(sql).startsWith(EXPLAIN) || ++execs <= (explainAt - 1) * explainedPerFile(sql)) return run();
        return all(`explain (analyze, format json) ${sql}`).then((rows) => { process.stderr.write(`-- ${sql.replace(/\s+/g, " ").slice(0, 200)}\n${operators(JSON.parse(String(rows[0]!.explain_value)))}\n`); });
      };
      wh.sql.exec = ((...a: Parameters<typeof exec>) => (statements++, timed(a[0], explained(a[0], () => exec(...a)) as Promise<void>))) as typeof exec;
      wh.sql.all = ((...a: Parameters<typeof all>) => (statements++, timed(a[0], all(...a)))) as typeof all;
      const tx = wh.sql.transaction.bind(wh.sql);
      // COMMIT runs inside transaction(), after fn: timed from fn's end.
      wh.sql.transaction = (<T>(fn: () => Promise<T>) => {
        let end = 0;
        return tx(async () => { const out = await fn(); end = performance.now(); return out; }).finally(() => {
          if (PROFILE && end) noteProfile("COMMIT", (performance.now() - end) / 1000);
        });
      }) as typeof tx;
      const count = wh.sql.execCount.bind(wh.sql);
      // Under --explain too: the rules' findings are inserted by execCount (audit.ts emit); EXPLAIN ANALYZE counts nothing.
      wh.sql.execCount = ((...a: Parameters<typeof count>) => (statements++, timed(a[0], explained(a[0], () => count(...a)) as Promise<number>))) as typeof count;
      const t1 = performance.now();
      const c1 = process.cpuUsage();
      const rep = await ingest({ config, logger: silentLogger, now: () => new Date() }, wh, { paths: files });
      ours.push((performance.now() - t1) / 1000);
      const c2 = process.cpuUsage(c1);
      cpu.push((c2.user + c2.system) / 1e6);
      if (rep.loaded !== files.length) throw new Error(`not all loaded: ${JSON.stringify(rep.files.find((f) => f.status !== "loaded"))}`);
    } finally {
      await wh.close();
    }
    rmSync(path.join(loadOnlyDir, "warehouse"), { recursive: true, force: true });
    const lc = loadConfig({ configFile: path.join(loadOnlyDir, "zonestat.config.yml") });
    const lw = await openWarehouse(lc.warehouse, lc.duckdb);
    try {
      const t2 = performance.now();
      const rep = await ingest({ config: lc, logger: silentLogger, now: () => new Date() }, lw, { paths: files });
      loadOnly.push((performance.now() - t2) / 1000);
      if (rep.loaded !== files.length) throw new Error(`not all loaded (强制性 rules only): ${JSON.stringify(rep.files.find((f) => f.status !== "loaded"))}`);
    } finally {
      await lw.close();
    }
  }
  const [o, b] = [median(ours), median(bases)];
  const l = median(loadOnly);
  const inSql = [...profile.values()].reduce((a, p) => a + p.s, 0);
  const profiled = PROFILE ? [
    "", `Where zonestat's time goes (last run; --profile: each warehouse call timed by the text it starts with, a call holding several statements under its first; Kysely bookkeeping and appenders count as outside SQL):`, "",
    "| statement | calls | s | per file (ms) |", "|---|---|---|---|",
    ...[...profile.entries()].sort((x, y) => y[1].s - x[1].s).slice(0, 25)
      .map(([k, p]) => `| \`${k.replace(/\|/g, "\\|")}\` | ${p.n} | ${p.s.toFixed(2)} | ${(1000 * p.s / files.length).toFixed(1)} |`),
    `| (all warehouse calls above and below) | ${[...profile.values()].reduce((a, p) => a + p.n, 0)} | ${inSql.toFixed(2)} | ${(1000 * inSql / files.length).toFixed(1)} |`,
    `| (outside these calls: reading, hashing, JavaScript, Kysely) | | ${(ours[ours.length - 1]! - inSql).toFixed(2)} | ${(1000 * (ours[ours.length - 1]! - inSql) / files.length).toFixed(1)} |`,
  ] : [];
  const out = [
    `# zonestat ingest benchmark — many small files (${scale.name})`, "", new Date().toISOString(), "",
    `Median (min) of ${RUNS} runs, DuckDB and zonestat alternating, on the 2-core machine shared with other jobs (1-minute load average ${loadBefore.toFixed(1)} at the start, ${loadavg()[0]!.toFixed(1)} at the end: read only the ratio, and that loosely — many small statements suffer more from a crowded machine than one parallel read_csv).`, "",
    "| files | MB | zonestat (s) | DuckDB one read_csv of all (s) | ratio of medians | statements per file |", "|---|---|---|---|---|---|",
    `| ${files.length} | ${(bytes / 1048576).toFixed(1)} | ${o.toFixed(2)} (${Math.min(...ours).toFixed(2)}) | ${b.toFixed(2)} (${Math.min(...bases).toFixed(2)}) | ${(o / b).toFixed(2)}× | ${(statements / files.length).toFixed(1)} |`,
    "", "The same runs, zonestat with the 强制性 rules only (the load, and the checks that reject a file, without the comparative 核实性 审核 that flags values for checking):", "",
    "| files | zonestat, 强制性 rules only (s) | DuckDB one read_csv of all (s) | ratio of medians | the comparative 审核's share of the full ingest |", "|---|---|---|---|---|",
    `| ${files.length} | ${l.toFixed(2)} (${Math.min(...loadOnly).toFixed(2)}) | ${b.toFixed(2)} | ${(l / b).toFixed(2)}× | ${(100 * (o - l) / o).toFixed(0)}% |`,
    "", `CPU time of zonestat's ingest (this process, every DuckDB thread; waiting for a core is not counted): median ${median(cpu).toFixed(2)} s (min ${Math.min(...cpu).toFixed(2)} s).`,
    "", `Peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB. Statements: exec/all calls on the warehouse connection (one call may hold several statements).`,
    ...profiled,
  ].join("\n") + "\n";
  process.stdout.write(out);
  writeFileSync(path.join(REPO, "bench/results/ingest-files.md"), out);
}

async function main(): Promise<void> {
  if (argv.includes("--files")) return manyFiles(argv[argv.indexOf("--files") + 1] ?? "province");
  const dir = path.join(tmpdir(), "zonestat-bench-ingest");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const zones = 2500;
  const projectDir = makeProject(REPO, dir, { ...SCALES.national!, zones });
  writeFileSync(path.join(dir, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nproject_dir: ${JSON.stringify(projectDir)}\n`);
  const utf8 = path.join(dir, "long-utf8.csv");
  const gbk = path.join(dir, "long-gbk.csv");
  await writeLong(utf8, ROWS, "utf8", zones);
  await writeLong(gbk, GBK_ROWS, "gbk", zones);
  const lines: string[] = [`# zonestat ingest benchmark`, "", `${new Date().toISOString()}`, "", `Median (min) of ${RUNS} runs, zonestat and DuckDB alternating.`, "", "| file | rows | MB | zonestat (s) | rows/s | DuckDB read_csv (s) | ratio of medians |", "|---|---|---|---|---|---|---|"];
  const steps: string[] = ["", "Where zonestat's time goes (seconds, last run, from the job's debug log; hashing and the archive move are outside these):", "", "| file | steps |", "|---|---|"];
  for (const [file, rows, label] of [[utf8, ROWS, "UTF-8"], [gbk, GBK_ROWS, "GBK"]] as const) {
    const bases: number[] = [];
    const ourTimes: number[] = [];
    for (let r = 0; r < RUNS; r++) {
      bases.push(await duckdb(path.join(dir, "baseline.duckdb"), file === gbk ? utf8 : file));
      ourTimes.push(await zonestat(dir, file));
    }
    // DuckDB cannot read GBK: its baseline is the same number of rows in UTF-8, scaled.
    const scale = file === gbk ? rows / ROWS : 1;
    const [ours, oursMin, baseline, baselineMin] = [median(ourTimes), Math.min(...ourTimes), median(bases) * scale, Math.min(...bases) * scale];
    steps.push(`| ${label} | ${Object.entries(lastSteps).map(([k, v]) => `${k} ${Number(v).toFixed(2)}`).join(" · ")} |`);
    lines.push(`| ${label} | ${rows.toLocaleString("en")} | ${(statSync(file).size / 1048576).toFixed(0)} | ${ours.toFixed(2)} (${oursMin.toFixed(2)}) | ${Math.round(rows / ours).toLocaleString("en")} | ${baseline.toFixed(2)} (${baselineMin.toFixed(2)})${file === gbk ? " (UTF-8, scaled)" : ""} | ${(ours / baseline).toFixed(2)}× |`);
  }
  lines.push(...steps);
  lines.push("", `Peak RSS of the whole run: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.`, "Both load into an on-disk database in the same temporary folder; zonestat validates every row (entity, indicator, unit, period, number) and writes the warehouse's fact table in one transaction.");
  const out = lines.join("\n") + "\n";
  process.stdout.write(out);
  writeFileSync(path.join(REPO, "bench/results/ingest.md"), out);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
