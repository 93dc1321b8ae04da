/**
 * The folders zonestat moves, replaces or deletes must never overlap: publish
 * replaces the whole `site` folder, ingest moves files out of `inbox` into
 * `archive` or `rejected`. If one held another (or the warehouse, or the project),
 * an ordinary run would delete data with exit code 0.
 *
 * Rule: site, warehouse (the file), inbox, archive and rejected are pairwise
 * neither equal nor nested; none of them equals or contains the project folder
 * (the folder of zonestat.config.yml) or the models' project_dir; the site is never
 * `/`, a home folder or a folder that holds home folders.
 */
import { homedir } from "node:os";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import { safetyMsg } from "./messages.js";

export interface PathsToCheck {
  readonly site: string;
  readonly warehouse: string;
  readonly inbox: string;
  readonly archive: string;
  readonly rejected: string;
  /** The folder holding zonestat.config.yml. */
  readonly root: string;
  readonly projectDir: string;
  readonly configFile?: string;
  /** The backup folder beside the warehouse. */
  readonly backups?: string;
}

/** True when `inner` equals `outer` or lies inside it (absolute, resolved paths). */
export function within(inner: string, outer: string): boolean {
  const rel = path.relative(path.resolve(outer), path.resolve(inner));
  return rel === "" || (!rel.startsWith("..") && !path.isAbsolute(rel));
}

/** Throws CONFIG_PATHS_OVERLAP (exit 2) naming the two keys, or CONFIG_SITE_FORBIDDEN. */
export function checkConfigPaths(p: PathsToCheck): void {
  const site = path.resolve(p.site);
  const forbidden = [path.parse(site).root, homedir(), "/home", "/root", "/Users"].map((x) => path.resolve(x));
  if (forbidden.includes(site) || path.dirname(site) === "/home" || path.dirname(site) === "/Users") {
    throw new ZonestatError("CONFIG_SITE_FORBIDDEN", safetyMsg.siteForbidden(site), { file: p.configFile, value: "site" });
  }
  const moved: Array<[string, string]> = [
    ["site", p.site],
    ["warehouse", p.warehouse],
    ["inbox", p.inbox],
    ["archive", p.archive],
    ["rejected", p.rejected],
    ...(p.backups ? ([["backups (beside the warehouse)", p.backups]] as Array<[string, string]>) : []),
  ];
  for (let i = 0; i < moved.length; i++) {
    for (let j = 0; j < moved.length; j++) {
      if (i === j) continue;
      const [a, ap] = moved[i]!;
      const [b, bp] = moved[j]!;
      if (within(ap, bp)) throw overlap(a, ap, b, bp, p.configFile);
    }
  }
  const project: Array<[string, string]> = [["project folder", p.root], ["project_dir", p.projectDir]];
  for (const [a, ap] of moved) {
    for (const [b, bp] of project) {
      if (within(bp, ap)) throw overlap(b, bp, a, ap, p.configFile);
    }
  }
}

function overlap(a: string, ap: string, b: string, bp: string, file: string | undefined): ZonestatError {
  const same = path.resolve(ap) === path.resolve(bp);
  return new ZonestatError("CONFIG_PATHS_OVERLAP", safetyMsg.pathsOverlap(a, ap, b, bp, same), { file, value: `${a}, ${b}` });
}
