/**
 * No import circles (house style): the modules of pipelines/ and dashboards/ form a directed acyclic graph of their
 * static value imports (type-only imports vanish at compile time; a dynamic import() is a deliberate lazy edge). A
 * module found in a cycle is named with the whole ring.
 */
import { readdirSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { REPO } from "./support/project.js";

function sources(dir: string, out: string[] = []): string[] {
  for (const f of readdirSync(dir)) {
    const p = path.join(dir, f);
    if (statSync(p).isDirectory()) sources(p, out);
    else if (p.endsWith(".ts") && !p.endsWith(".d.ts")) out.push(p);
  }
  return out;
}

/** Relative static imports and re-exports that carry values: `import { a } from "./x.js"`, not `import type`. */
function valueImports(file: string): string[] {
  const text = readFileSync(file, "utf8");
  return [...text.matchAll(/^(?:import|export)\s+(?!type\b)[^'";]*?from\s+["'](\.{1,2}\/[^"']+)["']/gm), ...text.matchAll(/^import\s+["'](\.{1,2}\/[^"']+)["']/gm)]
    .map((m) => path.resolve(path.dirname(file), m[1]!.replace(/\.js$/, ".ts")));
}

describe("imports", () => {
  it("have no cycle among pipelines/ and dashboards/", () => {
    const files = [...sources(path.join(REPO, "pipelines")), ...sources(path.join(REPO, "dashboards"))];
    const known = new Set(files);
    const graph = new Map(files.map((f) => [f, valueImports(f).filter((d) => known.has(d))]));
    // A sanity check that the parser sees edges at all (the CLI's entry imports its commands).
    expect([...graph.values()].reduce((n, d) => n + d.length, 0)).toBeGreaterThan(files.length);
    const state = new Map<string, "open" | "done">();
    const stack: string[] = [];
    const cycles: string[] = [];
    const visit = (f: string) => {
      state.set(f, "open");
      stack.push(f);
      for (const d of graph.get(f) ?? []) {
        if (state.get(d) === "open") cycles.push([...stack.slice(stack.indexOf(d)), d].map((x) => path.relative(REPO, x)).join(" → "));
        else if (!state.has(d)) visit(d);
      }
      stack.pop();
      state.set(f, "done");
    };
    for (const f of files) if (!state.has(f)) visit(f);
    expect(cycles).toEqual([]);
  });
});
