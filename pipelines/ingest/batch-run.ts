/**
 * The ingest job's side of a batched load (batch.ts): consecutive canonical long files
 * are staged one by one into the batch as they come (`offerBulk`), then loaded together
 * (`flushBatch`) before any other file, at a stop, after the last file, or every
 * {@link BATCH_MAX_ROWS} values. Each file keeps its own outcome in the run's report,
 * in its place.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "../context.js";
import type { Warehouse } from "../warehouse/index.js";
import { endingBar, trackSteps } from "../progress.js";
import { addAuditErrors, writeLoadedReport } from "./audit-load.js";
import type { AuditRule } from "./audit-rules.js";
import { dropAudit, type AuditFlag } from "./audit.js";
import { addToBatch, auditBatch, dropBatch, inOrder, openBatch, restoreStaged, writeBatch, type BatchLoaded } from "./batch.js";
import { bulkRead, bulkVintage, inferBulkVintage, readHead, sha256File, sniffBulk, type BulkSniff, type BulkStaged } from "./bulk-file.js";
import { BULK_STEPS, BULK_THRESHOLD_BYTES, dropBulk, stageBulk } from "./bulk-long.js";
import { moveInto, type Candidate } from "./files.js";
import type { FileOutcome, IngestOptions } from "./job.js";
import type { LayoutDefinition } from "./layout.js";
import type { FileRead } from "./read-file.js";
import type { Reference } from "./reference.js";
import { todayIn } from "./vintage.js";

/** A staged file of the batch; `slot` is its place in the run's report. */
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

/** What the job lends the batch: its rejection (report, move, `ingest.rejections`) and its one-file bulk load. */
export interface BatchDeps {
  reject(ctx: JobContext, wh: Warehouse, file: string, read: FileRead, inInbox: boolean, at: string): Promise<FileOutcome>;
  /** Loads `p` alone from temp.stage_* (as a one-file run would, 审核 included). */
  loadAlone(ctx: JobContext, p: PendingBulk): Promise<FileOutcome>;
}

export function newBatch(deps: BatchDeps): Batch {
  return { deps, pending: [], shas: new Set(), next: 0, open: false, rows: 0 };
}

/** A batch is loaded once it holds this many values (memory: the 审核 pass holds them all at once). */
export const BATCH_MAX_ROWS = 2_000_000;

/** A candidate the bulk path takes (large enough, canonical long format), from its first bytes; else undefined. */
export function sniffCandidate(c: Candidate, layouts: readonly LayoutDefinition[], opts: IngestOptions): BulkSniff | undefined {
  if (c.size < (opts.bulkThresholdBytes ?? BULK_THRESHOLD_BYTES)) return undefined;
  try {
    return sniffBulk(c.size > 65536 ? readHead(c.path, 65536) : readFileSync(c.path), layouts);
  } catch {
    return undefined; // unreadable: the file's own load reports it
  }
}

/** Bulk files staged for one batched load, in load order; `slot` is each one's place in the report. */
export interface Batch {
  readonly deps: BatchDeps;
  /** Values staged so far. */
  rows: number;
  pending: PendingBulk[];
  /** The staged files' hashes: a repeat loads alone, after them (a duplicate, as one by one). */
  shas: Set<string>;
  /** The next file's `ord`. */
  next: number;
  /** Whether the batch tables exist. */
  open: boolean;
}

/**
 * Stages a canonical long file into the batch (or rejects it for its own errors). False
 * when the file is not one (or was loaded before, or repeats a staged one: the caller
 * loads what is staged, then the file alone, as before).
 */
export async function offerBulk(
  ctx: JobContext, wh: Warehouse, c: Candidate, bulk: BulkSniff, inInbox: boolean, reference: Reference, opts: IngestOptions, batch: Batch, files: FileOutcome[],
): Promise<boolean> {
  const name = path.basename(c.path);
  const loadedAt = ctx.now().toISOString();
  const today = todayIn(ctx.config.timezone, ctx.now());
  const { vintage, source } = bulkVintage(name, opts.vintage);
  const steps = BULK_STEPS.filter(([s]) => s !== "gbk_to_utf8" || bulk.encoding === "gb18030");
  const bar = trackSteps(ctx.progress?.(name), steps, () => wh.sql.progress());
  try {
    const [sha, staged] = await Promise.all([sha256File(c.path), stageBulk(wh, c.path, bulk.encoding, bulk.plan, reference, bulk.def, vintage, bar.done)]);
    if (batch.shas.has(sha) || (await wh.sql.all(`select 1 from ingest.files where sha256 = ?`, [sha])).length) return false;
    const edition = await inferBulkVintage(wh, vintage, source, today);
    const read = bulkRead(name, sha, c.size, bulk, staged, edition.vintage, edition.source, edition.note, new Date(c.mtimeMs).toISOString());
    if (staged.problems.hasErrors) {
      files.push(await batch.deps.reject({ ...ctx, logger: endingBar(ctx.logger, bar) }, wh, c.path, read, inInbox, loadedAt));
      return true;
    }
    if (!batch.open) await openBatch(wh);
    batch.open = true;
    const ord = batch.next++;
    await addToBatch(wh, ord);
    batch.rows += staged.rows;
    batch.pending.push({ ord, slot: files.length, file: c.path, read, staged, inInbox, loadedAt, bulk });
    batch.shas.add(sha);
    files.push({ file: name, sha256: sha, status: "loaded" }); // replaced when the batch is loaded
    return true;
  } finally {
    bar.stop();
    await dropBulk(wh);
  }
}

/**
 * Loads the staged batch: one 审核 pass and one transaction when its files are in order
 * (batch.ts `inOrder`), else — or when that transaction fails — file by file, each as
 * `finishBulk` loads it alone. Each file's outcome goes to its slot in `files`.
 */
export async function flushBatch(ctx: JobContext, wh: Warehouse, batch: Batch, files: FileOutcome[], rules: readonly AuditRule[], reference: Reference): Promise<void> {
  const pending = batch.pending.splice(0);
  batch.shas.clear();
  batch.rows = 0;
  if (!pending.length) return;
  const decided = new Set<number>();
  let loaded: Map<number, BatchLoaded> | undefined;
  try {
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
    // Committed: from here on a failure is the run's (the files are in the warehouse), never a reason to load them again.
    for (const p of pending) {
      const l = loaded?.get(p.ord);
      if (!l) continue;
      decided.add(p.ord);
      files[p.slot] = afterBulkLoad(ctx, p.file, p.read, p.staged, p.inInbox, p.loadedAt, l);
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
    batch.open = false;
  }
}

/** What `finishBulk` does once its file is committed, for a file of a batch. */
function afterBulkLoad(ctx: JobContext, file: string, read: FileRead, staged: BulkStaged, inInbox: boolean, loadedAt: string, l: { flagCount: number; flags: AuditFlag[] }): FileOutcome {
  const archived = inInbox ? moveInto(file, ctx.config.archive, read.sha256) : undefined;
  const reportPath = l.flagCount ? writeLoadedReport(archived, ctx.config.archive, read, l, loadedAt) : undefined;
  ctx.logger.info(`已入库：${read.name}`, { rows: staged.rows, layout: read.layout, encoding: read.encoding, vintage: read.vintage, path: "bulk", ...(l.flagCount ? { flags: l.flagCount } : {}) });
  if (reportPath) ctx.logger.warn(`${read.name}：${l.flagCount} 个数值需核实（见 ${reportPath}）`);
  return { file: read.name, sha256: read.sha256, status: "loaded", rows: staged.rows, layout: read.layout, warnings: staged.problems.warnings.length, flags: l.flagCount, reportPath, accounting: staged.accounting };
}
