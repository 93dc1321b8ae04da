/** Files under `dir` (recursively, names sorted) whose name matches `ext`; [] when `dir` does not exist. */
import { existsSync, readdirSync, statSync } from "node:fs";
import path from "node:path";

export function walk(dir: string, ext: RegExp): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const full = path.join(dir, name);
    if (statSync(full).isDirectory()) out.push(...walk(full, ext));
    else if (ext.test(name)) out.push(full);
  }
  return out;
}
