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
import { readFile, sha256, unreadFile, type FileRead } from "./read-file.js";
import { refuseUnread } from "./read-workbook.js";
import { loadReference } from "./reference.js";
import { formatProblem, reportJson, reportText } from "./report.js";
import { formatAccounting, type RowAccounting } from "./accounting.js";
import { correctionMarker, inferredVintage } from "./edition.js";
import { restoreFile } from "../restore.js";
import { vintageFromFileName, SYNTHETIC_MARK, todayIn, type VintageSource } from "./vintage.js";
import { loadAuditRules, type AuditRule } from "./audit-rules.js";
import { AuditRejection } from "./audit.js";
import { addAuditErrors, auditRun, totalFindings, writeLoadedReport } from "./audit-load.js";
import { dropAudit } from "./audit.js";
import { addToBatch, auditBatch, dropBatch, inOrder, openBatch, restoreStaged, writeBatch } from "./batch.js";

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
  readonly status: "loaded" | "rejected" | "duplicate" | "skipped_unstable" | "restored" | "redated";
  readonly rows?: number;
  readonly layout?: string;
  readonly warnings?: number;
  readonly errors?: number;
  readonly firstError?: string;
  readonly reportPath?: string;
  /** Every line of the file counted once (loaded, title, header, note, total, error…); sums to `lines`. */
  readonly accounting?: RowAccounting;
  /** Values flagged 需核实 by 核实性 审核 rules. */
  readonly flags?: number;
}

export interface IngestReport {
  readonly files: FileOutcome[];
  readonly loaded: number;
  readonly rejected: number;
  readonly duplicates: number;
  /** Withdrawn files dropped again: restored, their values current again by the order of evidence. */
  readonly restored?: number;
  /** Files dropped again with a newly stated vintage (rule 1): re-dated. */
  readonly redated?: number;
}

export async function ingest(ctx: JobContext, wh: Warehouse, opts: IngestOptions = {}): Promise<IngestReport> {
  const { config, logger } = ctx;
  const reference = loadReference(config.seedsDir);
  const layouts = loadLayouts(config.layoutsDir);
  const rules = loadAuditRules(config.auditRulesDir, reference);
  const fromInbox = !opts.paths || opts.paths.length === 0;
  const scan = scanCandidates(fromInbox ? [config.inbox] : opts.paths!);
  for (const k of scan.skipped) logger.warn(safetyMsg.inboxSkipped(path.basename(k.path), k.reason), { code: "INBOX_SKIPPED", path: k.path });
  const files: FileOutcome[] = [];
  const { stable, unstable } = await stableCandidates(scan.candidates, opts.stableSeconds ?? 0);
  for (const c of unstable) {
    logger.info(safetyMsg.inboxUnstable(path.basename(c.path)));
    files.push({ file: path.basename(c.path), sha256: "", status: "skipped_unstable" });
  }
  // Consecutive canonical long files are staged into one batch and loaded together (batch.ts); a lone one loads
  // as before (nothing copied). Fault tests' hooks mark points inside one file's load: with a hook every file loads alone.
  const batch: Batch | undefined = opts.hook ? undefined : { pending: [], shas: new Set(), next: 0, open: false, rows: 0 };
  const flush = () => (batch ? flushBatch(ctx, wh, batch, files, rules, reference, opts) : Promise.resolve());
  const sniffs = batch ? stable.map((c) => (nameProblem(c.path) ? undefined : sniffCandidate(c, layouts, opts))) : [];
  try {
    for (const [i, c] of stable.entries()) {
      if ((opts.shouldStop ?? ctx.shouldStop)?.()) break;
      const inInbox = isInside(c.path, config.inbox);
      try {
        const tooLong = nameProblem(c.path);
        const sniff = sniffs[i];
        if (batch && sniff && (batch.pending.length || sniffs[i + 1]) && (await offerBulk(ctx, wh, c, sniff, inInbox, reference, opts, batch, files))) {
          if (batch.rows >= BATCH_MAX_ROWS) await flush();
          continue;
        }
        await flush();
        files.push(tooLong ? await rejectFileProblem(ctx, wh, c.path, c.size, tooLong, inInbox) : await ingestOne(ctx, wh, c, inInbox, reference, layouts, opts, rules));
      } catch (e) {
        // A problem of this one file (unreadable, too large) is its rejection; anything else stops the run.
        const problem = fileReadProblem(e);
        if (!problem) throw e;
        files.push(await rejectFileProblem(ctx, wh, c.path, c.size, problem, inInbox));
      }
    }
  } catch (e) {
    // Files staged before a failure load as they would have one by one; the failure is what the caller hears.
    await flush().catch(() => {});
    throw e;
  }
  await flush(); // after the last file, or a stop
  return {
    files,
    loaded: files.filter((f) => f.status === "loaded").length,
    rejected: files.filter((f) => f.status === "rejected").length,
    duplicates: files.filter((f) => f.status === "duplicate").length,
    restored: files.filter((f) => f.status === "restored").length,
    redated: files.filter((f) => f.status === "redated").length,
  };
}

/** One stable candidate: loaded, a duplicate, rejected with its report, or left for later if it changed while read. */
async function ingestOne(
  ctx: JobContext, wh: Warehouse, c: Candidate, inInbox: boolean, reference: Reference, layouts: readonly LayoutDefinition[], opts: IngestOptions, rules: readonly AuditRule[],
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
  const mtime = new Date(c.mtimeMs).toISOString();
  if (bulk) {
    return await ingestBulk(ctx, wh, c.path, c.size, bulk, reference, opts, loadedAt, today, inInbox, mtime, rules);
  }
  const sha = large ? await sha256File(c.path) : sha256(bytes);
  const seen = await alreadyLoaded(ctx, wh, c.path, name, sha, inInbox, opts.vintage);
  if (seen) return { file: name, sha256: sha, status: seen };
  const refused = refuseUnread(name, c.size);
  const read = { ...(refused ? unreadFile(name, sha, c.size, today, refused) : readFile(c.path, large ? readFileSync(c.path) : bytes, { reference, layouts, vintage: opts.vintage, today })), sourceMtime: mtime };
  if (!unchanged(c)) {
    // Written to while we read it (a copy still running): nothing loaded, next run looks again.
    logger.info(safetyMsg.inboxUnstable(name));
    return { file: name, sha256: sha, status: "skipped_unstable" };
  }
  if (read.problems.hasErrors) return await reject(ctx, wh, c.path, read, inInbox, loadedAt);
  const audit = auditRun(wh, rules, reference, totalFindings(read.problems), loadedAt);
  let out;
  try {
    out = await loadFile(wh, read, c.path, loadedAt, opts.hook, undefined, audit);
  } catch (e) {
    if (!(e instanceof AuditRejection)) throw e;
    addAuditErrors(read.problems, e);
    return await reject(ctx, wh, c.path, read, inInbox, loadedAt);
  }
  await opts.hook?.("committed");
  const archived = inInbox ? moveInto(c.path, config.archive, sha) : undefined;
  for (const w of read.problems.warnings) logger.warn(formatProblem(name, w));
  const reportPath = audit.flagCount ? writeLoadedReport(archived, config.archive, read, audit, loadedAt) : undefined;
  logger.info(`已入库：${name}`, { rows: out.rows, layout: read.layout, encoding: read.encoding, vintage: read.vintage, lines: read.accounting ? formatAccounting(read.accounting) : undefined, ...(audit.flagCount ? { flags: audit.flagCount } : {}) });
  if (reportPath) logger.warn(`${name}：${audit.flagCount} 个数值需核实（见 ${reportPath}）`);
  return { file: name, sha256: sha, status: "loaded", rows: out.rows, layout: read.layout, warnings: read.problems.warnings.length, flags: audit.flagCount, reportPath, accounting: read.accounting };
}

/** Rejects a file for a problem of the file itself (name, size, readability), with the usual report. */
async function rejectFileProblem(ctx: JobContext, wh: Warehouse, file: string, size: number, problem: { code: string; message: string }, inInbox: boolean): Promise<FileOutcome> {
  // Unreadable or over 2 GiB: no hash (reading it is the problem, or takes minutes for nothing).
  const sha = problem.code === "FILE_NAME_TOO_LONG" ? await sha256File(file).catch(() => "") : "";
  return reject(ctx, wh, file, problemRead(file, sha, size, problem.code, problem.message), inInbox, ctx.now().toISOString());
}

/**
 * The same bytes were loaded before: a no-op (the inbox copy is archived) — unless
 * the file was withdrawn (dropping it again restores it, with a message), or it now
 * arrives with a user-stated vintage (file name or `--vintage`, rule 1) that differs
 * from the recorded one: the file is re-dated, which settles a version conflict.
 */
async function alreadyLoaded(ctx: JobContext, wh: Warehouse, file: string, name: string, sha: string, inInbox: boolean, option?: string): Promise<false | "duplicate" | "restored" | "redated"> {
  const known = await wh.db.selectFrom("ingest.files").select(["file_id", "name", "status", "vintage", "vintage_source"]).where("sha256", "=", sha).executeTakeFirst();
  if (!known) return false;
  let outcome: false | "restored" | "redated" = false;
  if (known.status === "withdrawn") {
    await restoreFile(wh, known.file_id, ctx.now());
    ctx.logger.info(`已恢复此前撤回的文件：${name}（再次放入同一文件即恢复；其数值按数据版本规则重新参与比较）`, { sha256: sha.slice(0, 12), same_as: known.name });
    outcome = "restored";
  }
  const stated = bulkVintage(name, option);
  // Rows that carry their own vintage keep it: only a file-level vintage is re-dated.
  if (stated.source !== "inferred" && known.vintage_source !== "row" && (stated.source !== known.vintage_source || stated.vintage !== isoDate(known.vintage))) {
    await redateFile(wh, known.file_id, isoDate(known.vintage), stated.vintage, stated.source, `${stated.source === "option" ? `命令行 --vintage ${stated.vintage}` : `文件名中的版本 ${stated.vintage}`}（规则1，再次放入的「${name}」）`);
    ctx.logger.info(`已按再次放入时注明的数据版本 ${stated.vintage} 重新确定 ${known.name} 的版本（原为 ${isoDate(known.vintage)}）`, { sha256: sha.slice(0, 12) });
    outcome ||= "redated";
  }
  if (!outcome) ctx.logger.info(`已入库过，跳过：${name}`, { sha256: sha.slice(0, 12), same_as: known.name });
  if (inInbox) moveInto(file, ctx.config.archive, sha);
  return outcome || "duplicate";
}

/** A DATE read back through Kysely (a Date or a string) as YYYY-MM-DD. */
function isoDate(v: unknown): string {
  return v instanceof Date ? v.toISOString().slice(0, 10) : String(v).slice(0, 10);
}

/** Re-dates a loaded file: its own series (not rows that carried their own vintage) and its `ingest.files` row, in one transaction. */
async function redateFile(wh: Warehouse, fileId: number, from: string, to: string, source: VintageSource, note: string): Promise<void> {
  await wh.sql.transaction(async () => {
    await wh.sql.exec(`update ingest.fact_series set vintage = ?::date where file_id = ? and vintage = ?::date`, [to, fileId, from]);
    await wh.sql.exec(`update ingest.files set vintage = ?::date, vintage_source = ? where file_id = ?`, [to, source, fileId]);
    await wh.sql.exec(`update ingest.file_editions set vintage_note = ? where file_id = ?`, [note, fileId]);
  });
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
  reference: Reference, opts: IngestOptions, loadedAt: string, today: string, inInbox: boolean, mtime: string, rules: readonly AuditRule[],
): Promise<FileOutcome> {
  const name = path.basename(file);
  const { vintage, source } = bulkVintage(name, opts.vintage);
  const steps = BULK_STEPS.filter(([s]) => s !== "gbk_to_utf8" || bulk.encoding === "gb18030");
  const bar = trackSteps(ctx.progress?.(name), steps, () => wh.sql.progress());
  const barCtx: JobContext = { ...ctx, logger: endingBar(ctx.logger, bar) };
  try {
    // Hashing runs on this thread while DuckDB parses on its own; a file seen before is dropped after staging.
    const [sha, staged] = await Promise.all([sha256File(file), stageBulk(wh, file, bulk.encoding, bulk.plan, reference, bulk.def, vintage, bar.done)]);
    const seen = await alreadyLoaded(barCtx, wh, file, name, sha, inInbox, opts.vintage);
    if (seen) return { file: name, sha256: sha, status: seen };
    const edition = await inferBulkVintage(wh, vintage, source, today);
    return await finishBulk(barCtx, wh, file, name, size, sha, bulk, staged, opts, loadedAt, edition.vintage, edition.source, inInbox, mtime, edition.note, rules, reference);
  } finally {
    bar.stop();
    await dropBulk(wh);
  }
}

/** A batch is loaded once it holds this many values (memory: the 审核 pass holds them all at once). */
const BATCH_MAX_ROWS = 2_000_000;

/** A candidate the bulk path takes (large enough, canonical long format), from its first bytes; else undefined. */
function sniffCandidate(c: Candidate, layouts: readonly LayoutDefinition[], opts: IngestOptions): BulkSniff | undefined {
  if (c.size < (opts.bulkThresholdBytes ?? BULK_THRESHOLD_BYTES)) return undefined;
  try {
    return sniffBulk(c.size > 65536 ? readHead(c.path, 65536) : readFileSync(c.path), layouts);
  } catch {
    return undefined; // unreadable: the file's own load reports it
  }
}

/** Bulk files staged for one batched load, in load order; `slot` is each one's place in the report. */
interface Batch {
  /** Values staged so far. */
  rows: number;
  pending: Array<{ ord: number; slot: number; file: string; read: FileRead; staged: Awaited<ReturnType<typeof stageBulk>>; inInbox: boolean; loadedAt: string; bulk: BulkSniff }>;
  shas: Set<string>;
  next: number;
  open: boolean;
}
type BulkSniff = { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" };

/**
 * Stages a canonical long file into the batch (or rejects it for its own errors). False
 * when the file is not one (or was loaded before, or repeats a staged one: the caller
 * loads what is staged, then the file alone, as before).
 */
async function offerBulk(
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
      files.push(await reject({ ...ctx, logger: endingBar(ctx.logger, bar) }, wh, c.path, read, inInbox, loadedAt));
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
async function flushBatch(ctx: JobContext, wh: Warehouse, batch: Batch, files: FileOutcome[], rules: readonly AuditRule[], reference: Reference, opts: IngestOptions): Promise<void> {
  const pending = batch.pending.splice(0);
  batch.shas.clear();
  batch.rows = 0;
  if (!pending.length) return;
  const decided = new Set<number>();
  try {
    const ords = pending.map((p) => p.ord);
    if (await inOrder(wh, ords)) {
      try {
        const live = await auditBatch(wh, rules, reference, ords, async (ord, e) => {
          const p = pending.find((x) => x.ord === ord)!;
          addAuditErrors(p.read.problems, e);
          files[p.slot] = await reject(ctx, wh, p.file, p.read, p.inInbox, p.loadedAt);
          decided.add(ord);
        });
        const loaded = await writeBatch(wh, pending.filter((p) => live.includes(p.ord)).map((p) => ({ ord: p.ord, read: p.read, originalPath: p.file, loadedAt: p.loadedAt, rows: p.staged.rows })));
        for (const p of pending) {
          const l = loaded.get(p.ord);
          if (!l) continue;
          decided.add(p.ord);
          files[p.slot] = afterBulkLoad(ctx, p.file, p.read, p.staged, p.inInbox, p.loadedAt, l);
        }
      } catch (e) {
        // Nothing of the batch was written (one transaction): its files load one by one below.
        ctx.logger.debug(`批量入库失败，改为逐个文件入库：${(e as Error).message}`);
      } finally {
        await dropAudit(wh);
      }
    }
    for (const p of pending) {
      if (decided.has(p.ord)) continue;
      await restoreStaged(wh, p.ord);
      try {
        files[p.slot] = await finishBulk(ctx, wh, p.file, p.read.name, p.read.sizeBytes, p.read.sha256, p.bulk, p.staged, opts, p.loadedAt, p.read.vintage, p.read.vintageSource,
          p.inInbox, p.read.sourceMtime!, p.read.vintageNote!, rules, reference);
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
function afterBulkLoad(ctx: JobContext, file: string, read: FileRead, staged: Awaited<ReturnType<typeof stageBulk>>, inInbox: boolean, loadedAt: string, l: { flagCount: number; flags: import("./audit.js").AuditFlag[] }): FileOutcome {
  const archived = inInbox ? moveInto(file, ctx.config.archive, read.sha256) : undefined;
  const reportPath = l.flagCount ? writeLoadedReport(archived, ctx.config.archive, read, l, loadedAt) : undefined;
  ctx.logger.info(`已入库：${read.name}`, { rows: staged.rows, layout: read.layout, encoding: read.encoding, vintage: read.vintage, path: "bulk", ...(l.flagCount ? { flags: l.flagCount } : {}) });
  if (reportPath) ctx.logger.warn(`${read.name}：${l.flagCount} 个数值需核实（见 ${reportPath}）`);
  return { file: read.name, sha256: read.sha256, status: "loaded", rows: staged.rows, layout: read.layout, warnings: staged.problems.warnings.length, flags: l.flagCount, reportPath, accounting: staged.accounting };
}

/** A staged bulk file as the `FileRead` the load and the reports take. */
function bulkRead(name: string, sha: string, size: number, bulk: BulkSniff, staged: Awaited<ReturnType<typeof stageBulk>>, vintage: string, vintageSource: VintageSource, vintageNote: string, mtime: string): FileRead {
  return {
    name, sha256: sha, sizeBytes: size, encoding: bulk.encoding, layout: bulk.def.name, title: undefined, facts: [],
    problems: staged.problems, vintage, vintageSource, isSynthetic: SYNTHETIC_MARK.test(name), accounting: staged.accounting,
    correction: correctionMarker(name, undefined), vintageNote, sourceMtime: mtime,
  };
}

async function finishBulk(
  ctx: JobContext, wh: Warehouse, file: string, name: string, size: number, sha: string,
  bulk: { def: LayoutDefinition; plan: BulkPlan; encoding: "utf-8" | "gb18030" },
  staged: Awaited<ReturnType<typeof stageBulk>>, opts: IngestOptions, loadedAt: string, vintage: string, vintageSource: VintageSource, inInbox: boolean,
  mtime: string, vintageNote: string, rules: readonly AuditRule[], reference: Reference,
): Promise<FileOutcome> {
  const read = bulkRead(name, sha, size, bulk, staged, vintage, vintageSource, vintageNote, mtime);
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
  return { file: name, sha256: sha, status: "loaded", rows: out.rows, layout: read.layout, warnings: staged.problems.warnings.length, flags: audit.flagCount, reportPath, accounting: staged.accounting };
}

/** Stands for "not stated" while a bulk file is staged: rule 4 replaces it once the newest period is known. */
const UNSTATED = "1900-01-01";

/** Rule 1 for a bulk file (canonical long format: no title, no rule-2 lines). */
function bulkVintage(name: string, option: string | undefined): { vintage: string; source: VintageSource } {
  if (option) return { vintage: option, source: "option" };
  const fromName = vintageFromFileName(name);
  return fromName ? { vintage: fromName, source: "filename" } : { vintage: UNSTATED, source: "inferred" };
}

/** Rule 4 on the staged series: rows without their own vintage get the day after the newest period. */
async function inferBulkVintage(wh: Warehouse, vintage: string, source: VintageSource, today: string): Promise<{ vintage: string; source: VintageSource; note: string }> {
  if (source !== "inferred") return { vintage, source, note: source === "option" ? `命令行 --vintage ${vintage}（规则1）` : `文件名中的版本 ${vintage}（规则1）` };
  const [row] = await wh.sql.all<{ newest: string | null; own: number }>(
    `select max(period_end)::varchar as newest, count(*) filter (where vintage <> ?::date)::integer as own from temp.stage_series`, [UNSTATED]);
  const inferred = inferredVintage(row?.newest ?? undefined) ?? today;
  await wh.sql.exec(`update temp.stage_series set vintage = ?::date where vintage = ?::date`, [inferred, UNSTATED]);
  if (row && row.own > 0) return { vintage: inferred, source: "row", note: "数据行的版本列（规则1）" };
  return { vintage: inferred, source: "inferred", note: `由内容推断：最新期间截至 ${row?.newest}，版本不早于 ${inferred}（规则4）` };
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
  return { file: read.name, sha256: read.sha256, status: "rejected", layout: read.layout, errors: read.problems.errors.length, firstError: first.code, reportPath, accounting: read.accounting };
}
