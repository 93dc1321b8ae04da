/**
 * The ingest job's side of a batched load (batch.ts): consecutive canonical long files
 * are queued as they come (`offerBulk`: hashed, a repeat left out), then read and checked
 * together (bulk-batch.ts) and loaded together (`flushBatch`) before any other file, at a
 * stop, after the last file, or once {@link BATCH_MAX_BYTES} are queued. Each file keeps
 * its own outcome in the run's report, in its place.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "../context.js";
import type { Warehouse } from "../warehouse/index.js";
import { endingBar, trackSteps } from "../progress.js";
import { reportTime } from "./problem-reports.js";
import { addAuditErrors, problemsPathOf, writeLoadedReport, yearFormNotes } from "./audit-load.js";
import type { AuditRule } from "./audit-rules.js";
import { dropAudit, type AuditFlag } from "./audit.js";
import { addToBatch, auditBatch, dropBatch, inOrder, openBatch, restoreStaged, writeBatch, type BatchLoaded } from "./batch.js";
import { applyBatchEditions, stageBatch, type BatchInput } from "./bulk-batch.js";
import { bulkRead, bulkVintage, readHead, sha256File, sniffBulk, type BulkSniff, type BulkStaged } from "./bulk-file.js";
import { BULK_STEPS, BULK_THRESHOLD_BYTES, dropBulk, stageBulk, type BulkResult } from "./bulk-long.js";
import { moveInto, type Candidate } from "./files.js";
import { unchanged } from "./inbox-guard.js";
import { safetyMsg } from "../safety/messages.js";
import type { FileOutcome, IngestOptions } from "./job.js";
import type { LayoutDefinition } from "./layout.js";
import type { FileRead } from "./read-file.js";
import type { Reference } from "./reference.js";
import { todayIn, type VintageSource } from "./vintage.js";

/** A staged file of the batch, read and free of errors; `slot` is its place in the run's report. */
export interface PendingBulk {
  readonly ord: number;
  readonly slot: number;
  readonly file: string;
  readonly read: FileRead;
  readonly staged: BulkStaged;
  readonly inInbox: boolean;
  readonly loadedAt: string;
  readonly bulk: BulkSniff;
}

/** A file queued for the batch: what its own load knows before reading it. */
export interface QueuedBulk {
  readonly ord: number;
  readonly slot: number;
  readonly file: string;
  readonly sha: string;
  readonly size: number;
  readonly mtime: string;
  readonly inInbox: boolean;
  readonly loadedAt: string;
  readonly today: string;
  readonly bulk: BulkSniff;
  /** As listed: a file whose size or mtime differs once read was written to meanwhile. */
  readonly candidate: Candidate;
  /** Rule 1 (bulk-file.ts `bulkVintage`). */
  readonly vintage: string;
  readonly source: VintageSource;
}

/** What the job lends the batch: its rejection (report, move, `ingest.rejections`) and its one-file bulk load. */
export interface BatchDeps {
  reject(ctx: JobContext, wh: Warehouse, file: string, read: FileRead, inInbox: boolean, at: string): Promise<FileOutcome>;
  /** Loads `p` alone from temp.stage_* (as a one-file run would, 审核 included). */
  loadAlone(ctx: JobContext, p: PendingBulk): Promise<FileOutcome>;
}

export function newBatch(deps: BatchDeps): Batch {
  return { deps, pending: [], shas: new Set(), next: 0, bytes: 0 };
}

/**
 * A batch is loaded once its files hold this many bytes: the read, its checks and the 审核
 * pass hold every row at once (64 MiB of province files is about 1.2 million values).
 */
export const BATCH_MAX_BYTES = 64 * 1024 * 1024;

/** A candidate the bulk path takes (large enough, canonical long format), from its first bytes; else undefined. */
export function sniffCandidate(c: Candidate, layouts: readonly LayoutDefinition[], opts: IngestOptions): BulkSniff | undefined {
  if (c.size < (opts.bulkThresholdBytes ?? BULK_THRESHOLD_BYTES)) return undefined;
  try {
    return sniffBulk(c.size > 65536 ? readHead(c.path, 65536) : readFileSync(c.path), layouts);
  } catch {
    return undefined; // unreadable: the file's own load reports it
  }
}

/** Bulk files queued for one batched load, in load order; `slot` is each one's place in the report. */
export interface Batch {
  readonly deps: BatchDeps;
  /** Bytes queued so far. */
  bytes: number;
  pending: QueuedBulk[];
  /** The queued files' hashes: a repeat loads alone, after them (a duplicate, as one by one). */
  shas: Set<string>;
  /** The next file's `ord`. */
  next: number;
}

/**
 * Queues a canonical long file for the batch. False when the file was loaded before or
 * repeats a queued one: the caller loads what is queued, then the file alone, as before.
 */
export async function offerBulk(ctx: JobContext, wh: Warehouse, c: Candidate, bulk: BulkSniff, inInbox: boolean, opts: IngestOptions, batch: Batch, files: FileOutcome[]): Promise<boolean> {
  const name = path.basename(c.path);
  const loadedAt = ctx.now().toISOString();
  const today = todayIn(ctx.config.timezone, ctx.now());
  const sha = await sha256File(c.path);
  if (batch.shas.has(sha) || (await wh.sql.all(`select 1 from ingest.files where sha256 = ?`, [sha])).length) return false;
  const { vintage, source } = bulkVintage(name, opts.vintage);
  batch.pending.push({ ord: batch.next++, slot: files.length, file: c.path, sha, size: c.size, mtime: new Date(c.mtimeMs).toISOString(), inInbox, loadedAt, today, bulk, candidate: c, vintage, source });
  batch.shas.add(sha);
  batch.bytes += c.size;
  files.push({ file: name, sha256: sha, status: "loaded" }); // replaced when the batch is loaded
  return true;
}

/**
 * Reads and checks the queued files (together; file by file should the batch's read itself
 * fail), dates them (rules 1 and 4), rejects in its slot each file with errors, and returns
 * the rest, staged in the batch tables.
 */
async function stageQueued(ctx: JobContext, wh: Warehouse, batch: Batch, queued: readonly QueuedBulk[], files: FileOutcome[], reference: Reference): Promise<{ pending: PendingBulk[]; timings: Record<string, number> }> {
  const steps = BULK_STEPS.filter(([s]) => s !== "insert" && (s !== "gbk_to_utf8" || queued.some((q) => q.bulk.encoding === "gb18030")));
  const bar = trackSteps(ctx.progress?.(`${queued.length} 个文件`), steps, () => wh.sql.progress());
  const barCtx: JobContext = { ...ctx, logger: endingBar(ctx.logger, bar) };
  const inputs: BatchInput[] = queued.map((q) => ({ ord: q.ord, file: q.file, encoding: q.bulk.encoding, plan: q.bulk.plan, def: q.bulk.def, fileVintage: q.vintage }));
  try {
    let staged: { results: Map<number, BulkResult>; timings: Record<string, number> };
    try {
      staged = await stageBatch(wh, inputs, reference, bar.done);
    } catch (e) {
      ctx.logger.debug(`批量读取失败，改为逐个文件读取：${(e as Error).message}`);
      await dropBatch(wh);
      staged = await stageEach(wh, inputs, reference);
    }
    const editions = await applyBatchEditions(wh, queued.map((q) => ({ ord: q.ord, vintage: q.vintage, source: q.source, staged: !staged.results.get(q.ord)!.readFailed, today: q.today })));
    const pending: PendingBulk[] = [];
    for (const q of queued) {
      if (!unchanged(q.candidate)) {
        // Written to since it was hashed (a copy still running): nothing of it loaded, the next run looks again.
        ctx.logger.info(safetyMsg.inboxUnstable(path.basename(q.file)));
        files[q.slot] = { file: path.basename(q.file), sha256: q.sha, status: "skipped_unstable" };
        continue;
      }
      const result = staged.results.get(q.ord)!;
      const e = editions.get(q.ord)!;
      const read = bulkRead(path.basename(q.file), q.sha, q.size, q.bulk, result, e.vintage, e.source, e.note, q.mtime);
      if (result.problems.hasErrors) files[q.slot] = await batch.deps.reject(barCtx, wh, q.file, read, q.inInbox, q.loadedAt);
      else pending.push({ ord: q.ord, slot: q.slot, file: q.file, read, staged: result, inInbox: q.inInbox, loadedAt: q.loadedAt, bulk: q.bulk });
    }
    return { pending, timings: staged.timings };
  } finally {
    bar.stop();
  }
}

/** The batch staged file by file (`stageBulk`, each into the batch tables): what a failed read of the batch falls back to. */
async function stageEach(wh: Warehouse, inputs: readonly BatchInput[], reference: Reference): Promise<{ results: Map<number, BulkResult>; timings: Record<string, number> }> {
  await openBatch(wh);
  const results = new Map<number, BulkResult>();
  for (const f of inputs) {
    try {
      const r = await stageBulk(wh, f.file, f.encoding, f.plan, reference, f.def, f.fileVintage);
      results.set(f.ord, r);
      if (!r.readFailed) await addToBatch(wh, f.ord, !r.problems.hasErrors);
    } finally {
      await dropBulk(wh);
    }
  }
  return { results, timings: {} };
}

/**
 * Loads the queued batch: read and checked together (`stageQueued`), then one 审核 pass and
 * one transaction when its files are in order (batch.ts `inOrder`), else — or when that
 * transaction fails — file by file, each as `finishBulk` loads it alone. Each file's
 * outcome goes to its slot in `files`.
 */
export async function flushBatch(ctx: JobContext, wh: Warehouse, batch: Batch, files: FileOutcome[], rules: readonly AuditRule[], reference: Reference): Promise<void> {
  const queued = batch.pending.splice(0);
  batch.shas.clear();
  batch.bytes = 0;
  if (!queued.length) return;
  const decided = new Set<number>();
  let loaded: Map<number, BatchLoaded> | undefined;
  try {
    const { pending, timings } = await stageQueued(ctx, wh, batch, queued, files, reference);
    const t0 = performance.now();
    const ords = pending.map((p) => p.ord);
    if (await inOrder(wh, ords)) {
      try {
        const live = await auditBatch(wh, rules, reference, ords, async (ord, e) => {
          const p = pending.find((x) => x.ord === ord)!;
          addAuditErrors(p.read.problems, e);
          files[p.slot] = await batch.deps.reject(ctx, wh, p.file, p.read, p.inInbox, p.loadedAt);
          decided.add(ord);
        });
        loaded = await writeBatch(wh, pending.filter((p) => live.includes(p.ord)).map((p) => ({ ord: p.ord, read: p.read, originalPath: p.file, loadedAt: p.loadedAt, rows: p.staged.rows })));
      } catch (e) {
        // Nothing of the batch was written (one transaction): its files load one by one below.
        ctx.logger.debug(`批量入库失败，改为逐个文件入库：${(e as Error).message}`);
      } finally {
        await dropAudit(wh);
      }
    }
    if (loaded) ctx.logger.debug(`bulk timings ${pending.length} files`, { ...timings, audit_and_insert: (performance.now() - t0) / 1000 });
    // Committed: from here on a failure is the run's (the files are in the warehouse), never a reason to load them again.
    for (const p of pending) {
      const l = loaded?.get(p.ord);
      if (!l) continue;
      decided.add(p.ord);
      files[p.slot] = afterBulkLoad(ctx, p.file, p.read, p.staged, p.inInbox, p.loadedAt, l, rules, await yearFormNotes(wh, l.flags));
    }
    for (const p of pending) {
      if (decided.has(p.ord)) continue;
      await restoreStaged(wh, p.ord);
      try {
        files[p.slot] = await batch.deps.loadAlone(ctx, p);
      } finally {
        await dropBulk(wh);
      }
    }
  } finally {
    await dropBatch(wh);
  }
}

/** What `finishBulk` does once its file is committed, for a file of a batch. */
function afterBulkLoad(ctx: JobContext, file: string, read: FileRead, staged: BulkStaged, inInbox: boolean, loadedAt: string, l: { flagCount: number; flags: AuditFlag[] }, rules: readonly AuditRule[], notes: ReadonlyMap<number, string>): FileOutcome {
  const archived = inInbox ? moveInto(file, ctx.config.archive, read.sha256) : undefined;
  const reportPath = l.flagCount ? writeLoadedReport(archived, ctx.config.archive, read, l, reportTime(loadedAt, ctx.config.timezone), rules, notes) : undefined;
  ctx.logger.info(`已入库：${read.name}`, { rows: staged.rows, layout: read.layout, encoding: read.encoding, vintage: read.vintage, path: "bulk", ...(l.flagCount ? { flags: l.flagCount } : {}) });
  return { file: read.name, sha256: read.sha256, status: "loaded", rows: staged.rows, layout: read.layout, warnings: staged.problems.warnings.length, flags: l.flagCount, reportPath, problemsPath: problemsPathOf(archived, ctx.config.archive, read.name), accounting: staged.accounting };
}
