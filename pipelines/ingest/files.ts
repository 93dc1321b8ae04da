/**
 * Moving files between inbox, archive and rejected — only after the warehouse has
 * committed, so a crash leaves a file in the inbox to be seen (and recognised by
 * its sha256) again.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, statSync, copyFileSync, unlinkSync, writeFileSync } from "node:fs";
import path from "node:path";

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

/** Files under the given paths (files or folders, not recursive into archive/rejected), oldest first. */
export function listCandidates(paths: readonly string[]): Candidate[] {
  const out: Candidate[] = [];
  for (const p of paths) {
    if (!existsSync(p)) continue;
    const st = statSync(p);
    if (st.isFile()) out.push({ path: p, size: st.size, mtimeMs: st.mtimeMs });
    else if (st.isDirectory()) {
      for (const name of readdirSync(p).sort()) {
        if (!isCandidate(name)) continue;
        const full = path.join(p, name);
        const s = statSync(full);
        if (s.isFile()) out.push({ path: full, size: s.size, mtimeMs: s.mtimeMs });
        else if (s.isDirectory()) out.push(...listCandidates([full]));
      }
    }
  }
  return out.sort((a, b) => a.mtimeMs - b.mtimeMs || a.path.localeCompare(b.path));
}

/** Moves a file into a folder, never overwriting: a clash gets the sha prefix in its name. */
export function moveInto(file: string, dir: string, sha: string): string {
  mkdirSync(dir, { recursive: true });
  const name = path.basename(file);
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
