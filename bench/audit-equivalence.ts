/**
 * The 审核 decisions of two builds of the ingest, compared (issue #24: a faster ingest must flag the same cells).
 * `node dist/bench/audit-equivalence.js <out dir> [--repo <checkout>]` ingests, into fresh warehouses, with a fixed
 * clock:
 *   - `sample`: the bundled sample's files, as `refresh --sample` puts them in the inbox;
 *   - `planted`: the province benchmark's generated quarterly files (bench/generate.ts) with errors planted
 *     deterministically (about 1 value in 200: ×10, ÷10 or ×10000), all but the last in one run (the batched path),
 *     then the last alone into the full warehouse (the one-new-file path);
 * and writes each warehouse's `ingest.audit_flags`, `ingest.files` (without paths) and `main.observations` (compared
 * without the files' times) as
 * Parquet under <out dir>/<case>/. `node dist/bench/audit-equivalence.js --compare <dir a> <dir b>` compares them,
 * EXCEPT ALL both ways, and exits 1 naming each table that differs.
 */
import { copyFileSync, mkdirSync, readFileSync, readdirSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { DuckDBInstance } from "@duckdb/node-api";
import { loadConfig } from "../pipelines/config.js";
import { ingest } from "../pipelines/ingest/job.js";
import { listCandidates } from "../pipelines/ingest/files.js";
import { silentLogger } from "../pipelines/logger.js";
import { openWarehouse } from "../pipelines/warehouse/index.js";
import { generateData, makeProject, SCALES } from "./generate.js";

const HERE = path.dirname(fileURLToPath(import.meta.url));
const argv = process.argv.slice(2);
const REPO = argv.includes("--repo") ? path.resolve(argv[argv.indexOf("--repo") + 1]!) : path.resolve(HERE, HERE.split(path.sep).includes("dist") ? "../.." : "..");
const NOW = new Date("2026-06-30T08:00:00Z");
const TABLES = {
  audit_flags: "select * from ingest.audit_flags",
  files: "select * exclude (original_path) from ingest.files",
  observations: "select * from main.observations",
};

/** Plants errors in a copy of `file`: a seeded draw per data line; ×10, ÷10 or ×10000 on the value (4th column). */
function plant(file: string, dest: string, seed: number): number {
  let a = seed >>> 0;
  const rand = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  let n = 0;
  const lines = readFileSync(file, "utf8").split("\n").map((l, i) => {
    if (i === 0 || !l) return l;
    const r = rand();
    if (r >= 0.005) return l;
    const c = l.split(",");
    const f = r < 0.002 ? 10 : r < 0.004 ? 0.1 : 10000;
    c[3] = (Number(c[3]) * f).toFixed(2);
    n++;
    return c.join(",");
  });
  writeFileSync(dest, lines.join("\n"));
  return n;
}

/** Ingests the inbox (when given), then each batch of paths in one run; returns each batch's seconds. */
async function run(dir: string, batches: string[][], inbox?: string): Promise<number[]> {
  rmSync(path.join(dir, "warehouse"), { recursive: true, force: true });
  const config = loadConfig({ configFile: path.join(dir, "zonestat.config.yml") });
  const wh = await openWarehouse(config.warehouse, config.duckdb);
  try {
    const ctx = { config, logger: silentLogger, now: () => NOW };
    if (inbox) await ingest(ctx, wh, { stableSeconds: 0 });
    const seconds: number[] = [];
    for (const paths of batches) {
      const t0 = performance.now();
      await ingest(ctx, wh, { paths });
      seconds.push((performance.now() - t0) / 1000);
    }
    for (const [name, q] of Object.entries(TABLES)) await wh.sql.exec(`copy (${q}) to '${path.join(dir, `${name}.parquet`)}' (format parquet)`);
    return seconds;
  } finally {
    await wh.close();
  }
}

async function produce(out: string): Promise<void> {
  // The sample, as refresh --sample copies it into the inbox (its files' times kept).
  const sample = path.join(out, "sample");
  rmSync(sample, { recursive: true, force: true });
  mkdirSync(path.join(sample, "inbox"), { recursive: true });
  for (const c of listCandidates([path.join(REPO, "sources/sample/inbox")])) {
    const dest = path.join(sample, "inbox", path.basename(c.path));
    copyFileSync(c.path, dest);
    utimesSync(dest, new Date(c.mtimeMs), new Date(c.mtimeMs));
  }
  writeFileSync(path.join(sample, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\narchive: archive\nproject_dir: ${JSON.stringify(REPO)}\n`);
  await run(sample, [], "inbox");

  // The province files with planted errors: all but the last in one run, then the last alone.
  const planted = path.join(out, "planted");
  rmSync(planted, { recursive: true, force: true });
  mkdirSync(path.join(planted, "files"), { recursive: true });
  const projectDir = makeProject(REPO, planted, SCALES.province!);
  const files = generateData(projectDir, path.join(planted, "data"), SCALES.province!).files;
  let n = 0;
  const copies = files.map((f, i) => {
    const dest = path.join(planted, "files", path.basename(f));
    n += plant(f, dest, 1000 + i);
    return dest;
  });
  writeFileSync(path.join(planted, "zonestat.config.yml"), `warehouse: warehouse/zonestat.duckdb\ninbox: inbox\nproject_dir: ${JSON.stringify(projectDir)}\n`);
  const [all, one] = await run(planted, [copies.slice(0, -1), copies.slice(-1)]);
  process.stdout.write(`${out}: sample and ${files.length} province files with ${n} planted errors (ingest ${all!.toFixed(2)} s, the last file alone ${one!.toFixed(2)} s)\n`);
}

async function compare(a: string, b: string): Promise<void> {
  const inst = await DuckDBInstance.create(":memory:");
  const conn = await inst.connect();
  let differ = 0;
  for (const c of readdirSync(a)) {
    for (const t of Object.keys(TABLES)) {
      // A planted file's time is when the copy was written (observations.source_mtime): not a decision.
      const from = (d: string) => `(select * ${t === "observations" ? "exclude (source_mtime) " : ""}from '${path.join(d, c, `${t}.parquet`)}')`;
      const [x, y] = [from(a), from(b)];
      const count = async (s: string) => Number((await (await conn.runAndReadAll(s)).getRowObjectsJS())[0]!.n);
      const rows = await count(`select count(*) as n from ${x}`);
      const onlyA = await count(`select count(*) as n from (select * from ${x} except all select * from ${y})`);
      const onlyB = await count(`select count(*) as n from (select * from ${y} except all select * from ${x})`);
      if (onlyA || onlyB) differ++;
      process.stdout.write(`${c}/${t}: ${rows} rows; only in first ${onlyA}, only in second ${onlyB}${onlyA || onlyB ? "  DIFFERENT" : ""}\n`);
    }
  }
  conn.closeSync();
  inst.closeSync();
  if (differ) process.exit(1);
}

(argv[0] === "--compare" ? compare(argv[1]!, argv[2]!) : produce(path.resolve(argv[0]!))).catch((e) => {
  console.error(e);
  process.exit(1);
});
