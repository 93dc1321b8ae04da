/**
 * Moving files between inbox, archive and rejected — only after the warehouse has
 * committed, so a crash leaves a file in the inbox to be seen (and recognised by
 * its sha256) again.
 */
import { existsSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, statSync, copyFileSync, unlinkSync, writeFileSync, type Stats } from "node:fs";
import path from "node:path";
import { safetyMsg } from "../safety/messages.js";

/** Temporary names office software and copy tools use while a file is being written. */
const TEMPORARY = /^(~\$|\.~|\.)|(\.(part|tmp|crdownload|partial|download|swp)|~)$/i;
const REPORT = /\.problems\.(json|txt)$/;
/** What a statistician drops: CSV (and Excel, which is rejected with a message asking for CSV). */
const DATA = /\.(csv|tsv|txt|xls|xlsx|xlsm|et)$/i;

export function isCandidate(name: string): boolean {
  return !TEMPORARY.test(name) && !REPORT.test(name) && DATA.test(name);
}

export interface Candidate {
  readonly path: string;
  readonly size: number;
  readonly mtimeMs: number;
}

/** Something in a folder that is not read: a symlink, a FIFO, a socket, a device. Never followed, never moved. */
export interface Skipped {
  readonly path: string;
  /** Why, in words (Chinese), for the log and `status`. */
  readonly reason: string;
}

/**
 * Files under the given paths (files or folders; subfolders are read too), oldest
 * first. Inside a folder only regular files count: a symlink (to /etc/shadow, to a
 * folder, to archive/) or a FIFO, socket or device is listed in `skipped` with its
 * reason, never opened (lstat, not stat). A path named on the command line is the
 * user's choice and is followed.
 */
export function scanCandidates(paths: readonly string[]): { candidates: Candidate[]; skipped: Skipped[] } {
  const out: Candidate[] = [];
  const skipped: Skipped[] = [];
  const visitDir = (dir: string) => {
    for (const name of readdirSync(dir).sort()) {
      const full = path.join(dir, name);
      let s: Stats;
      try {
        s = lstatSync(full);
      } catch {
        continue; // gone between readdir and lstat
      }
      if (s.isSymbolicLink()) {
        if (isCandidate(name) || safeIsDir(full)) skipped.push({ path: full, reason: safetyMsg.inboxSymlink(safeReadlink(full)) });
        continue;
      }
      if (s.isDirectory()) {
        visitDir(full);
        continue;
      }
      if (!isCandidate(name)) continue;
      if (s.isFile()) out.push({ path: full, size: s.size, mtimeMs: s.mtimeMs });
      else skipped.push({ path: full, reason: safetyMsg.inboxNotRegular(kindOf(s)) });
    }
  };
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isFile()) out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
    else if (st.isDirectory()) visitDir(p);
    else skipped.push({ path: p, reason: safetyMsg.inboxNotRegular(kindOf(st)) });
  }
  return { candidates: out.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path)), skipped };
}

/** The regular files of `scanCandidates`, oldest first. */
export function listCandidates(paths: readonly string[]): Candidate[] {
  return scanCandidates(paths).candidates;
}

function kindOf(s: Stats): string {
  if (s.isFIFO()) return "命名管道 FIFO";
  if (s.isSocket()) return "套接字";
  if (s.isBlockDevice() || s.isCharacterDevice()) return "设备文件";
  return "特殊文件";
}

function safeReadlink(p: string): string {
  try {
    return readlinkSync(p);
  } catch {
    return "?";
  }
}

function safeIsDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

/** Moves a file into a folder, never overwriting: a clash gets the sha prefix in its name. */
export function moveInto(file: string, dir: string, sha: string, name = path.basename(file)): string {
  mkdirSync(dir, { recursive: true });
  let dest = path.join(dir, name);
  if (existsSync(dest)) {
    const ext = path.extname(name);
    dest = path.join(dir, `${path.basename(name, ext)}.${sha.slice(0, 8)}${ext}`);
    if (existsSync(dest)) dest = path.join(dir, `${path.basename(name, ext)}.${sha.slice(0, 8)}.${Date.now()}${ext}`);
  }
  try {
    renameSync(file, dest);
  } catch {
    copyFileSync(file, dest);
    unlinkSync(file);
  }
  return dest;
}

export function writeBeside(target: string, suffix: string, content: string): string {
  const p = target + suffix;
  writeFileSync(p + ".tmp", content);
  renameSync(p + ".tmp", p);
  return p;
}

export function isInside(file: string, dir: string): boolean {
  const rel = path.relative(path.resolve(dir), path.resolve(file));
  return !!rel && !rel.startsWith("..") && !path.isAbsolute(rel);
}
