/**
 * The published folder is a symlink to one complete version of the site, swapped
 * by a single rename: a reader (or a process killed mid-publish) sees the old site
 * or the new one, whole, never a mix. Versions live beside it in `.<site>-versions/`.
 */
import { copyFileSync, existsSync, linkSync, lstatSync, mkdirSync, readdirSync, readlinkSync, renameSync, rmSync, symlinkSync } from "node:fs";
import path from "node:path";
import { ZonestatError } from "../errors.js";

/** The file every zonestat site version carries (the page index); its absence marks a folder that is not ours. */
const SITE_MARK = ".zonestat-pages.json";

/**
 * A plain folder at the site path is replaced only when it is empty or a site an older
 * zonestat wrote: anything else (a project's sources/, someone's documents) is refused,
 * never moved aside and deleted.
 */
function assertReplaceable(site: string): void {
  if (!existsSync(site) || lstatSync(site).isSymbolicLink()) return;
  if (!lstatSync(site).isDirectory()) throw new ZonestatError("CONFIG_SITE_NOT_SITE", `配置的网站位置 ${site} 是一个文件，不是文件夹：请在 zonestat.config.yml 的 site 中指定一个新的或空的文件夹`, { file: site });
  const entries = readdirSync(site);
  if (entries.length && !entries.includes(SITE_MARK)) {
    throw new ZonestatError("CONFIG_SITE_NOT_SITE", `配置的网站文件夹 ${site} 中已有不是 zonestat 网站的文件（如 ${entries.slice(0, 3).join("、")}）：发布会替换整个文件夹，所以没有发布。请在 zonestat.config.yml 的 site 中指定一个新的或空的文件夹`, { file: site });
  }
}

export interface SiteDir {
  /** A fresh, empty folder for the new version. */
  readonly staging: string;
  /** The folder of the version now published, if any. */
  readonly current: string | undefined;
  /** Makes `staging` the published site in one rename, then removes old versions. */
  commit(): void;
  /** Throws the staging folder away. */
  abort(): void;
}

export function prepareSite(site: string, now: Date): SiteDir {
  assertReplaceable(site);
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  const parent = path.dirname(site);
  const base = path.basename(site);
  const versions = path.join(parent, `.${base}-versions`);
  mkdirSync(versions, { recursive: true });
  // Leftovers of a publish killed before its rename.
  for (const n of readdirSync(parent)) if (n.startsWith(`.${base}.link-`)) rmSync(path.join(parent, n), { force: true });
  const current = currentVersion(site);
  // Staging folders of publishes killed before their rename (we hold the warehouse lock: no publish is running).
  for (const n of readdirSync(versions)) {
    const full = path.join(versions, n);
    if (full !== current) rmSync(full, { recursive: true, force: true });
  }
  let name = stamp;
  for (let i = 1; existsSync(path.join(versions, name)); i++) name = `${stamp}-${i}`;
  const staging = path.join(versions, name);
  mkdirSync(staging);
  return {
    staging,
    current,
    commit() {
      const link = path.join(parent, `.${base}.link-${process.pid}`);
      rmSync(link, { force: true });
      symlinkSync(path.relative(parent, staging), link, "dir");
      if (existsSync(site) && !lstatSync(site).isSymbolicLink()) {
        // A plain folder from an older zonestat: moved aside once, then the link takes its place.
        renameSync(site, path.join(versions, `legacy-${stamp}`));
      }
      renameSync(link, site);
      for (const n of readdirSync(versions)) {
        const full = path.join(versions, n);
        if (full !== staging) rmSync(full, { recursive: true, force: true });
      }
    },
    abort() {
      rmSync(staging, { recursive: true, force: true });
    },
  };
}

function currentVersion(site: string): string | undefined {
  try {
    if (lstatSync(site).isSymbolicLink()) return path.resolve(path.dirname(site), readlinkSync(site));
    return site;
  } catch {
    return undefined;
  }
}


/** Carries an unchanged file over from the previous version: a hard link (versions are never edited), or a copy across file systems. */
export function linkOrCopy(from: string, to: string): void {
  try {
    linkSync(from, to);
  } catch {
    copyFileSync(from, to);
  }
}
