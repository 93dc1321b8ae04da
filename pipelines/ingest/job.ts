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
import { isInside, listCandidates, moveInto, writeBeside } from "./files.js";
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
import { auditRulesDir, loadAuditRules, type AuditRule } from "./audit-rules.js";
import { AuditRejection } from "./audit.js";
import { addAuditErrors, auditRun, totalFindings, writeLoadedReport } from "./audit-load.js";

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
  /** Values flagged 需核实 by 核实性 审核 rules. */
  readonly flags?: number;
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
  const rules = loadAuditRules(auditRulesDir(config.projectDir), reference);
  const fromInbox = !opts.paths || opts.paths.length === 0;
  const candidates = listCandidates(fromInbox ? [config.inbox] : opts.paths!);
  const files: FileOutcome[] = [];
  const nowMs = ctx.now().getTime();
  for (const c of candidates) {
    if (opts.shouldStop?.()) break;
    const name = path.basename(c.path);
    const inInbox = isInside(c.path, config.inbox);
    if (opts.stableSeconds && nowMs - c.mtimeMs < opts.stableSeconds * 1000) {
      files.push({ file: name, sha256: "", status: "skipped_unstable" });
      continue;
    }
    // Large files are hashed as a stream and only their head is read here; the bulk path reads the rest.
    const large = c.size >= (opts.bulkThresholdBytes ?? BULK_THRESHOLD_BYTES);
    const bytes = large && c.size > 65536 ? readHead(c.path, 65536) : readFileSync(c.path);
    const loadedAt = ctx.now().toISOString();
    const today = todayIn(config.timezone, ctx.now());
    const bulk = large ? sniffBulk(bytes, layouts) : undefined;
    if (bulk) {
      files.push(await ingestBulk(ctx, wh, c.path, c.size, bulk, reference, opts, loadedAt, today, inInbox, rules));
      continue;
    }
    const sha = large ? await sha256File(c.path) : sha256(bytes);
    if (await alreadyLoaded(ctx, wh, c.path, name, sha, inInbox)) {
      files.push({ file: name, sha256: sha, status: "duplicate" });
      continue;
    }
    const read = readFile(c.path, large ? readFileSync(c.path) : bytes, { reference, layouts, vintage: opts.vintage, today });
    if (read.problems.hasErrors) {
      files.push(await reject(ctx, wh, c.path, read, inInbox, loadedAt));
      continue;
    }
    const audit = auditRun(wh, rules, reference, totalFindings(read.problems), loadedAt);
    let out;
    try {
      out = await loadFile(wh, read, c.path, loadedAt, opts.hook, undefined, audit);
    } catch (e) {
      if (!(e instanceof AuditRejection)) throw e;
      addAuditErrors(read.problems, e);
      files.push(await reject(ctx, wh, c.path, read, inInbox, loadedAt));
      continue;
    }
    await opts.hook?.("committed");
    const archived = inInbox ? moveInto(c.path, config.archive, sha) : undefined;
    for (const w of read.problems.warnings) logger.warn(formatProblem(name, w));
    const reportPath = audit.flagCount ? writeLoadedReport(archived, config.archive, read, audit, loadedAt) : undefined;
    logger.info(`已入库：${name}`, { rows: out.rows, layout: read.layout, encoding: read.encoding, vintage: read.vintage, ...(audit.flagCount ? { flags: audit.flagCount } : {}) });
    if (reportPath) logger.warn(`${name}：${audit.flagCount} 个数值需核实（见 ${reportPath}）`);
    files.push({ file: name, sha256: sha, status: "loaded", rows: out.rows, layout: read.layout, warnings: read.problems.warnings.length, flags: audit.flagCount, reportPath });
  }
  return {
    files,
    loaded: files.filter((f) => f.status === "loaded").length,
    rejected: files.filter((f) => f.status === "rejected").length,
    duplicates: files.filter((f) => f.status === "duplicate").length,
  };
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
  reference: Reference, opts: IngestOptions, loadedAt: string, today: string, inInbox: boolean, rules: readonly AuditRule[],
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
    return await finishBulk(barCtx, wh, file, name, size, sha, bulk, staged, opts, loadedAt, vintage, source, inInbox, rules, reference);
  } finally {
    bar.stop();
    await dropBulk(wh);
  }
}

async function finishBulk(
  ctx: JobContext, wh: Warehouse, file: string, name: string, size: number, sha: string,
  bulk: { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" },
  staged: Awaited<ReturnType<typeof stageBulk>>, opts: IngestOptions, loadedAt: string, vintage: string, vintageSource: VintageSource, inInbox: boolean,
  rules: readonly AuditRule[], reference: Reference,
): Promise<FileOutcome> {
  const read: FileRead = {
    name, sha256: sha, sizeBytes: size, encoding: bulk.encoding, layout: bulk.def.name, title: undefined, facts: [],
    problems: staged.problems, vintage, vintageSource, isSynthetic: SYNTHETIC_MARK.test(name),
  };
  if (staged.problems.hasErrors) return reject(ctx, wh, file, read, inInbox, loadedAt);
  const t0 = performance.now();
  const audit = auditRun(wh, rules, reference, [], loadedAt);
  let out;
  try {
    out = await loadFile(wh, read, file, loadedAt, opts.hook, { rows: staged.rows }, audit);
  } catch (e) {
    if (!(e instanceof AuditRejection)) throw e;
    addAuditErrors(read.problems, e);
    return reject(ctx, wh, file, read, inInbox, loadedAt);
  }
  ctx.logger.debug(`bulk timings ${name}`, { ...staged.timings, insert: (performance.now() - t0) / 1000 });
  await opts.hook?.("committed");
  const archived = inInbox ? moveInto(file, ctx.config.archive, sha) : undefined;
  const reportPath = audit.flagCount ? writeLoadedReport(archived, ctx.config.archive, read, audit, loadedAt) : undefined;
  ctx.logger.info(`已入库：${name}`, { rows: out.rows, layout: read.layout, encoding: read.encoding, vintage, path: "bulk", ...(audit.flagCount ? { flags: audit.flagCount } : {}) });
  if (reportPath) ctx.logger.warn(`${name}：${audit.flagCount} 个数值需核实（见 ${reportPath}）`);
  return { file: name, sha256: sha, status: "loaded", rows: out.rows, layout: read.layout, warnings: staged.problems.warnings.length, flags: audit.flagCount, reportPath };
}

async function reject(ctx: JobContext, wh: Warehouse, file: string, read: FileRead, inInbox: boolean, at: string): Promise<FileOutcome> {
  const { config, logger } = ctx;
  const dest = inInbox ? moveInto(file, config.rejected, read.sha256) : path.join(config.rejected, read.name);
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
