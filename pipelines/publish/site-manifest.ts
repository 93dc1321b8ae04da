/**
 * What a published version holds: every file with its size and modification time,
 * written last at publish. A later publish carries a file over from that version only
 * while it is as recorded — a page or download edited by hand, truncated or deleted
 * in the published folder is made again, never passed on — and a refresh with
 * nothing new checks the published files against it (`damagedFiles`).
 */
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";

export const SITE_MANIFEST = ".zonestat-manifest.json";

/** Path relative to the version folder (forward slashes) → [size in bytes, mtime in ms]. */
export type SiteManifest = Record<string, [number, number]>;

function walk(root: string, rel: string, out: SiteManifest): void {
  for (const e of readdirSync(path.join(root, rel), { withFileTypes: true })) {
    const r = rel ? `${rel}/${e.name}` : e.name;
    if (e.isDirectory()) walk(root, r, out);
    else if (e.isFile() && r !== SITE_MANIFEST) {
      const s = statSync(path.join(root, r));
      out[r] = [s.size, s.mtimeMs];
    }
  }
}

/** Records every file of `versionDir` (call when the version is complete, before it is published). */
export function writeManifest(versionDir: string): void {
  const m: SiteManifest = {};
  walk(versionDir, "", m);
  writeFileSync(path.join(versionDir, SITE_MANIFEST), JSON.stringify(m));
}

export function readManifest(versionDir: string | undefined): SiteManifest | undefined {
  if (!versionDir) return undefined;
  try {
    return JSON.parse(readFileSync(path.join(versionDir, SITE_MANIFEST), "utf8")) as SiteManifest;
  } catch {
    return undefined;
  }
}

/**
 * A test that a file of the version (absolute path) is as published: recorded, present, same size and time.
 * A version without a manifest (an older zonestat's) trusts nothing, so everything is made again once.
 */
export function trustedFiles(versionDir: string | undefined): (file: string) => boolean {
  const m = readManifest(versionDir);
  if (!m || !versionDir) return () => false;
  return (file) => {
    const rec = m[path.relative(versionDir, file).split(path.sep).join("/")];
    if (!rec) return false;
    try {
      const s = statSync(file);
      return s.size === rec[0] && s.mtimeMs === rec[1];
    } catch {
      return false;
    }
  };
}

/** The version's recorded files that are missing or changed since publish ([] when intact; undefined without a manifest). */
export function damagedFiles(versionDir: string | undefined): string[] | undefined {
  const m = readManifest(versionDir);
  if (!m || !versionDir || !existsSync(versionDir)) return undefined;
  const trusted = trustedFiles(versionDir);
  return Object.keys(m).filter((rel) => !trusted(path.join(versionDir, rel))).sort();
}
