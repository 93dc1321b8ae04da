/**
 * Finds the site's pages: every module in `dashboards/pages/` is imported and each
 * exported page definition or page family is taken, ordered by `order` (then file
 * name). Adding a page is writing a module there; nothing lists pages by hand.
 */
import { readdirSync } from "node:fs";
import path from "node:path";
import { pathToFileURL } from "node:url";
import type { PageDefinition, PageFamily } from "./page.js";

export const PAGES_DIR = path.resolve(import.meta.dirname, "..", "..", "dashboards", "pages");

function isPage(v: unknown): v is PageDefinition | PageFamily {
  if (!v || typeof v !== "object") return false;
  const o = v as Record<string, unknown>;
  return (typeof o.file === "string" && typeof o.render === "function") || (typeof o.family === "string" && typeof o.expand === "function");
}

/** Page definitions and families from `dir` (compiled .js, or .ts when run from source), in navigation order. */
export async function discoverPages(dir = PAGES_DIR): Promise<Array<PageDefinition | PageFamily>> {
  const files = readdirSync(dir)
    .filter((f) => (f.endsWith(".js") || (f.endsWith(".ts") && !f.endsWith(".d.ts"))) && !f.startsWith("."))
    .sort();
  const found: Array<{ def: PageDefinition | PageFamily; file: string }> = [];
  for (const f of files) {
    const mod = (await import(pathToFileURL(path.join(dir, f)).href)) as Record<string, unknown>;
    for (const v of Object.values(mod)) if (isPage(v)) found.push({ def: v, file: f });
  }
  return found.sort((a, b) => (a.def.order ?? 1000) - (b.def.order ?? 1000) || a.file.localeCompare(b.file)).map((x) => x.def);
}
