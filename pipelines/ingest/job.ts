/**
 * The ingest job: every candidate file in the inbox (or the given paths) is read,
 * validated whole, then loaded in one transaction or rejected with a report. The
 * same file twice is a no-op; a different file with the same keys is a revision.
 *
 * @example
 *   const report = await ingest(ctx, wh, { paths: [] });
 *   report.rejected.length // files sent to rejected/
 */
import { closeSync, createReadStream, mkdirSync, openSync, readFileSync, readSync } from "node:fs";
import { createHash } from "node:crypto";
import path from "node:path";
import type { JobContext } from "../context.js";
import type { Warehouse } from "../warehouse/index.js";
import { isInside, moveInto, scanCandidates, writeBeside, type Candidate } from "./files.js";
import { fileReadProblem, MAX_FILE_BYTES, nameProblem, problemRead, shortName, stableCandidates, unchanged } from "./inbox-guard.js";
import { safetyMsg } from "../safety/messages.js";
import { detectLayout, loadLayouts, type LayoutDefinition } from "./layout.js";
import { endingBar, trackSteps } from "../progress.js";
import { BULK_STEPS, BULK_THRESHOLD_BYTES, dropBulk, planBulk, stageBulk, type BulkPlan } from "./bulk-long.js";
import { decodeBytes } from "./decode.js";
import { parseGrid } from "./grid.js";
import type { Reference } from "./reference.js";
import { loadFile, type LoadHook } from "./load.js";
import { readFile, sha256, type FileRead } from "./read-file.js";
import { loadReference } from "./reference.js";
import { formatProblem, reportJson, reportText } from "./report.js";
import { fileVintage, SYNTHETIC_MARK, todayIn, type VintageSource } from "./vintage.js";

export interface IngestOptions {
  /** Files or folders; the inbox when empty. */
  readonly paths?: readonly string[];
  readonly vintage?: string;
  /** Skip files modified more recently than this (a copy may still be in progress). */
  readonly stableSeconds?: number;
  readonly hook?: LoadHook;
  /** Files at least this large in the canonical long format take the bulk (SQL) path. */
  readonly bulkThresholdBytes?: number;
  /** Stop between files when this returns true (SIGTERM). */
  readonly shouldStop?: () => boolean;
}

export interface FileOutcome {
  readonly file: string;
  readonly sha256: string;
  readonly status: "loaded" | "rejected" | "duplicate" | "skipped_unstable";
  readonly rows?: number;
  readonly layout?: string;
  readonly warnings?: number;
  readonly errors?: number;
  readonly firstError?: string;
  readonly reportPath?: string;
}

export interface IngestReport {
  readonly files: FileOutcome[];
  readonly loaded: number;
  readonly rejected: number;
  readonly duplicates: number;
}

export function seedDir(projectDir: string): string {
  return path.join(projectDir, "sources", "seeds");
}

export async function ingest(ctx: JobContext, wh: Warehouse, opts: IngestOptions = {}): Promise<IngestReport> {
  const { config, logger } = ctx;
  const reference = loadReference(seedDir(config.projectDir));
  const layouts = loadLayouts(path.join(config.projectDir, "sources", "layouts"));
  const fromInbox = !opts.paths || opts.paths.length === 0;
  const scan = scanCandidates(fromInbox ? [config.inbox] : opts.paths!);
  for (const k of scan.skipped) logger.warn(safetyMsg.inboxSkipped(path.basename(k.path), k.reason), { code: "INBOX_SKIPPED", path: k.path });
  const files: FileOutcome[] = [];
  const { stable, unstable } = await stableCandidates(scan.candidates, opts.stableSeconds ?? 0);
  for (const c of unstable) {
    logger.info(safetyMsg.inboxUnstable(path.basename(c.path)));
    files.push({ file: path.basename(c.path), sha256: "", status: "skipped_unstable" });
  }
  for (const c of stable) {
    if ((opts.shouldStop ?? ctx.shouldStop)?.()) break;
    const inInbox = isInside(c.path, config.inbox);
    try {
      const tooLong = nameProblem(c.path);
      files.push(tooLong ? await rejectFileProblem(ctx, wh, c.path, c.size, tooLong, inInbox) : await ingestOne(ctx, wh, c, inInbox, reference, layouts, opts));
    } catch (e) {
      // A problem of this one file (unreadable, too large) is its rejection; anything else stops the run.
      const problem = fileReadProblem(e);
      if (!problem) throw e;
      files.push(await rejectFileProblem(ctx, wh, c.path, c.size, problem, inInbox));
    }
  }
  return {
    files,
    loaded: files.filter((f) => f.status === "loaded").length,
    rejected: files.filter((f) => f.status === "rejected").length,
    duplicates: files.filter((f) => f.status === "duplicate").length,
  };
}

/** One stable candidate: loaded, a duplicate, rejected with its report, or left for later if it changed while read. */
async function ingestOne(
  ctx: JobContext, wh: Warehouse, c: Candidate, inInbox: boolean, reference: Reference, layouts: readonly LayoutDefinition[], opts: IngestOptions,
): Promise<FileOutcome> {
  const { config, logger } = ctx;
  const name = path.basename(c.path);
  // Large files are hashed as a stream and only their head is read here; the bulk path reads the rest.
  const large = c.size >= (opts.bulkThresholdBytes ?? BULK_THRESHOLD_BYTES);
  const bytes = large && c.size > 65536 ? readHead(c.path, 65536) : readFileSync(c.path);
  const loadedAt = ctx.now().toISOString();
  const today = todayIn(config.timezone, ctx.now());
  const bulk = large ? sniffBulk(bytes, layouts) : undefined;
  if (!bulk && c.size > MAX_FILE_BYTES) return rejectFileProblem(ctx, wh, c.path, c.size, { code: "FILE_TOO_LARGE", message: safetyMsg.fileTooLarge(c.size, MAX_FILE_BYTES) }, inInbox);
  if (bulk) {
    return await ingestBulk(ctx, wh, c.path, c.size, bulk, reference, opts, loadedAt, today, inInbox);
  }
  const sha = large ? await sha256File(c.path) : sha256(bytes);
  if (await alreadyLoaded(ctx, wh, c.path, name, sha, inInbox)) {
    return { file: name, sha256: sha, status: "duplicate" };
  }
  const read = readFile(c.path, large ? readFileSync(c.path) : bytes, { reference, layouts, vintage: opts.vintage, today });
  if (!unchanged(c)) {
    // Written to while we read it (a copy still running): nothing loaded, next run looks again.
    logger.info(safetyMsg.inboxUnstable(name));
    return { file: name, sha256: sha, status: "skipped_unstable" };
  }
  if (read.problems.hasErrors) {
    return await reject(ctx, wh, c.path, read, inInbox, loadedAt);
  }
  const out = await loadFile(wh, read, c.path, loadedAt, opts.hook);
  await opts.hook?.("committed");
  if (inInbox) moveInto(c.path, config.archive, sha);
  for (const w of read.problems.warnings) logger.warn(formatProblem(name, w));
  logger.info(`已入库：${name}`, { rows: out.rows, layout: read.layout, encoding: read.encoding, vintage: read.vintage });
  return { file: name, sha256: sha, status: "loaded", rows: out.rows, layout: read.layout, warnings: read.problems.warnings.length };
}

/** Rejects a file for a problem of the file itself (name, size, readability), with the usual report. */
async function rejectFileProblem(ctx: JobContext, wh: Warehouse, file: string, size: number, problem: { code: string; message: string }, inInbox: boolean): Promise<FileOutcome> {
  // Unreadable or over 2 GiB: no hash (reading it is the problem, or takes minutes for nothing).
  const sha = problem.code === "FILE_NAME_TOO_LONG" ? await sha256File(file).catch(() => "") : "";
  return reject(ctx, wh, file, problemRead(file, sha, size, problem.code, problem.message), inInbox, ctx.now().toISOString());
}

/** The same bytes were loaded before: a no-op (the inbox copy is archived). */
async function alreadyLoaded(ctx: JobContext, wh: Warehouse, file: string, name: string, sha: string, inInbox: boolean): Promise<boolean> {
  const known = await wh.db.selectFrom("ingest.files").select(["file_id", "name", "status"]).where("sha256", "=", sha).executeTakeFirst();
  if (!known) return false;
  ctx.logger.info(`已入库过，跳过：${name}`, { sha256: sha.slice(0, 12), same_as: known.name });
  if (inInbox) moveInto(file, ctx.config.archive, sha);
  return true;
}

function readHead(file: string, n: number): Uint8Array {
  const fd = openSync(file, "r");
  try {
    const buf = Buffer.alloc(n);
    const got = readSync(fd, buf, 0, n, 0);
    return buf.subarray(0, got);
  } finally {
    closeSync(fd);
  }
}

async function sha256File(file: string): Promise<string> {
  const h = createHash("sha256");
  for await (const chunk of createReadStream(file)) h.update(chunk as Buffer);
  return h.digest("hex");
}

/** A large canonical long file: its layout, encoding and header, from the first bytes only. */
function sniffBulk(bytes: Uint8Array, layouts: readonly LayoutDefinition[]): { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" } | undefined {
  const head = bytes.subarray(0, Math.min(bytes.length, 65536));
  const cut = head.lastIndexOf(10);
  if (cut <= 0) return undefined;
  let decoded;
  try {
    decoded = decodeBytes(head.subarray(0, cut + 1), "");
  } catch {
    return undefined; // the row path reports encoding problems precisely
  }
  if (decoded.encoding !== "utf-8" && decoded.encoding !== "utf-8-bom" && decoded.encoding !== "gb18030") return undefined;
  const detection = detectLayout(parseGrid(decoded.text), layouts);
  if (!detection.layout) return undefined;
  const plan = planBulk(decoded.text.split("\n")[0]!, detection.layout);
  return plan ? { def: detection.layout, plan, encoding: decoded.encoding === "gb18030" ? "gb18030" : "utf-8" } : undefined;
}

async function ingestBulk(
  ctx: JobContext, wh: Warehouse, file: string, size: number,
  bulk: { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" },
  reference: Reference, opts: IngestOptions, loadedAt: string, today: string, inInbox: boolean,
): Promise<FileOutcome> {
  const name = path.basename(file);
  const { vintage, source } = fileVintage(name, opts.vintage, today);
  const steps = BULK_STEPS.filter(([s]) => s !== "gbk_to_utf8" || bulk.encoding === "gb18030");
  const bar = trackSteps(ctx.progress?.(name), steps, () => wh.sql.progress());
  const barCtx: JobContext = { ...ctx, logger: endingBar(ctx.logger, bar) };
  try {
    // Hashing runs on this thread while DuckDB parses on its own; a file seen before is dropped after staging.
    const [sha, staged] = await Promise.all([sha256File(file), stageBulk(wh, file, bulk.encoding, bulk.plan, reference, bulk.def, vintage, bar.done)]);
    if (await alreadyLoaded(barCtx, wh, file, name, sha, inInbox)) return { file: name, sha256: sha, status: "duplicate" };
    return await finishBulk(barCtx, wh, file, name, size, sha, bulk, staged, opts, loadedAt, vintage, source, inInbox);
  } finally {
    bar.stop();
    await dropBulk(wh);
  }
}

async function finishBulk(
  ctx: JobContext, wh: Warehouse, file: string, name: string, size: number, sha: string,
  bulk: { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" },
  staged: Awaited<ReturnType<typeof stageBulk>>, opts: IngestOptions, loadedAt: string, vintage: string, vintageSource: VintageSource, inInbox: boolean,
): Promise<FileOutcome> {
  const read: FileRead = {
    name, sha256: sha, sizeBytes: size, encoding: bulk.encoding, layout: bulk.def.name, title: undefined, facts: [],
    problems: staged.problems, vintage, vintageSource, isSynthetic: SYNTHETIC_MARK.test(name),
  };
  if (staged.problems.hasErrors) return reject(ctx, wh, file, read, inInbox, loadedAt);
  const t0 = performance.now();
  const out = await loadFile(wh, read, file, loadedAt, opts.hook, { rows: staged.rows });
  ctx.logger.debug(`bulk timings ${name}`, { ...staged.timings, insert: (performance.now() - t0) / 1000 });
  await opts.hook?.("committed");
  if (inInbox) moveInto(file, ctx.config.archive, sha);
  ctx.logger.info(`已入库：${name}`, { rows: out.rows, layout: read.layout, encoding: read.encoding, vintage, path: "bulk" });
  return { file: name, sha256: sha, status: "loaded", rows: out.rows, layout: read.layout, warnings: staged.problems.warnings.length };
}

async function reject(ctx: JobContext, wh: Warehouse, file: string, read: FileRead, inInbox: boolean, at: string): Promise<FileOutcome> {
  const { config, logger } = ctx;
  const keptName = nameProblem(file) ? shortName(read.name, read.sha256) : read.name;
  const dest = inInbox ? moveInto(file, config.rejected, read.sha256, keptName) : path.join(config.rejected, keptName);
  mkdirSync(config.rejected, { recursive: true });
  writeBeside(dest, ".problems.json", reportJson(read, at));
  const reportPath = writeBeside(dest, ".problems.txt", reportText(read, at));
  await wh.db
    .insertInto("ingest.rejections")
    .values({ sha256: read.sha256, name: read.name, rejected_at: at, first_code: read.problems.errors[0]!.code, problems: read.problems.errors.length, report_path: reportPath })
    .execute();
  const first = read.problems.errors[0]!;
  logger.error(`已拒收：${read.name}（${read.problems.errors.length} 个错误，报告见 ${reportPath}）`);
  for (const p of read.problems.errors.slice(0, 10)) logger.error("  " + formatProblem(read.name, p));
  return { file: read.name, sha256: read.sha256, status: "rejected", layout: read.layout, errors: read.problems.errors.length, firstError: first.code, reportPath };
}
