/**
 * What the inbox may do to a run (issue #17): a file still being written is left
 * for the next run, and one bad file (unreadable, too large, a name too long to
 * archive) is rejected with its own report while the rest of the inbox proceeds.
 *
 * Stable file (the rule `schedule` used, now for every command that reads the
 * inbox): its size and mtime are the same at two looks — the listing and again
 * just before it is read — its mtime is at least `stable_seconds` old, and it has
 * no temporary name (files.ts TEMPORARY). A run waits at most `stable_seconds`
 * for young files to age before the second look, so a file dropped just before a
 * manual `zonestat ingest` is still taken.
 */
import { lstatSync } from "node:fs";
import path from "node:path";
import type { Candidate } from "./files.js";
import { ProblemList } from "./problems.js";
import type { FileRead } from "./read-file.js";
import { safetyMsg } from "../safety/messages.js";

/** Node reads a file into one Buffer of at most 2 GiB; larger files only load on the bulk (DuckDB) path. */
export const MAX_FILE_BYTES = 2 * 1024 ** 3;
/**
 * Longest file name taken, in UTF-8 bytes: Linux allows 255, and archive/rejected
 * add `.<sha8>`, `.problems.json` and `.tmp` (32 bytes) to it.
 */
export const MAX_NAME_BYTES = 223;

/** Splits candidates into those stable at a second look and those still changing; waits at most `stableSeconds`. */
export async function stableCandidates(candidates: readonly Candidate[], stableSeconds: number): Promise<{ stable: Candidate[]; unstable: Candidate[] }> {
  if (!(stableSeconds > 0)) return { stable: [...candidates], unstable: [] };
  const windowMs = stableSeconds * 1000;
  const youngest = Math.max(0, ...candidates.map((c) => windowMs - (Date.now() - c.mtimeMs)));
  if (youngest > 0) await new Promise((r) => setTimeout(r, Math.min(youngest, windowMs) + 20));
  const stable: Candidate[] = [];
  const unstable: Candidate[] = [];
  for (const c of candidates) (unchanged(c) && Date.now() - c.mtimeMs >= windowMs ? stable : unstable).push(c);
  return { stable, unstable };
}

/** True when the file is still a regular file with the size and mtime it had when listed. */
export function unchanged(c: Candidate): boolean {
  try {
    const s = lstatSync(c.path);
    return s.isFile() && s.size === c.size && s.mtimeMs === c.mtimeMs;
  } catch {
    return false;
  }
}

/** A problem with the file itself found before reading it: FILE_NAME_TOO_LONG, or undefined. */
export function nameProblem(file: string): { code: string; message: string } | undefined {
  const bytes = Buffer.byteLength(path.basename(file));
  if (bytes > MAX_NAME_BYTES) return { code: "FILE_NAME_TOO_LONG", message: safetyMsg.fileNameTooLong(bytes, MAX_NAME_BYTES) };
  return undefined;
}

/** Errors from reading one file that belong to that file (not to the warehouse or the run). */
export function fileReadProblem(e: unknown): { code: string; message: string } | undefined {
  const err = e as NodeJS.ErrnoException;
  if (err?.code === "ERR_FS_FILE_TOO_LARGE" || e instanceof RangeError) return { code: "FILE_TOO_LARGE", message: safetyMsg.fileUnreadable(err.message) };
  if (["EACCES", "EPERM", "EIO", "EISDIR", "ENXIO", "ELOOP"].includes(err?.code ?? "")) return { code: "FILE_UNREADABLE", message: safetyMsg.fileUnreadable(`${err.code} ${err.message}`) };
  return undefined;
}

/** A FileRead carrying one file-level error, for the usual rejection report. */
export function problemRead(file: string, sha: string, size: number, code: string, message: string): FileRead {
  const problems = new ProblemList();
  problems.error(code, message, { value: path.basename(file) });
  return {
    name: path.basename(file), sha256: sha, sizeBytes: size, encoding: "unknown", layout: "", title: undefined, facts: [],
    problems, vintage: "", vintageSource: "load_date", isSynthetic: false,
  };
}

/** A name short enough to archive: the first bytes of the stem, the sha prefix, the extension. */
export function shortName(name: string, sha: string): string {
  const ext = path.extname(name).slice(0, 16);
  let stem = path.basename(name, path.extname(name));
  while (Buffer.byteLength(stem) > 120) stem = stem.slice(0, -1);
  return `${stem}…${sha.slice(0, 8) || "nohash"}${ext}`;
}
