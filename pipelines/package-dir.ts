/**
 * Where zonestat itself is installed: the folder holding its package.json, the
 * built-in models, layouts, seeds, chart specs and the bundled sample. A user's
 * project (found by its zonestat.config.yml) may override any of them.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";

function findPackageDir(start: string): string {
  let dir = start;
  for (;;) {
    const pkg = path.join(dir, "package.json");
    if (existsSync(pkg)) {
      try {
        if ((JSON.parse(readFileSync(pkg, "utf8")) as { name?: string }).name === "zonestat") return dir;
      } catch {
        // not ours; keep walking up
      }
    }
    const up = path.dirname(dir);
    if (up === dir) throw new Error(`zonestat's package.json not found above ${start}`);
    dir = up;
  }
}

/** Absolute path of the installed zonestat package (the repository root in a checkout). */
export const PACKAGE_DIR: string = findPackageDir(import.meta.dirname);

/** A definition folder of the project if it exists, else the package's built-in one. */
export function projectOrPackage(projectDir: string, rel: string): string {
  const own = path.join(projectDir, rel);
  return existsSync(own) ? own : path.join(PACKAGE_DIR, rel);
}
