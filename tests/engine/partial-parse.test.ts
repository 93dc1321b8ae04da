/**
 * Partial parsing (pipelines/engine/partial-parse.ts): a second open of an unchanged
 * project reuses target/partial_parse.bin and gives exactly the project a full parse
 * gives; any edit to what parsing reads (a model, a macro, schema YAML, a var, an
 * env_var, a seed's name) parses again and the compiled SQL follows the edit; a corrupt
 * or foreign cache is ignored and replaced; a project naming invocation_id is never
 * cached; is_incremental() is still decided when a node is compiled.
 */
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { isDeepStrictEqual } from "node:util";
import { afterEach, describe, expect, it } from "vitest";
import { openProject } from "../../pipelines/engine/index.js";
import { compileNode } from "../../pipelines/engine/compile.js";
import { PARTIAL_PARSE_FILE } from "../../pipelines/engine/partial-parse.js";
import type { ParsedProject } from "../../pipelines/engine/parse.js";

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
  delete process.env.ZS_PP_TAG;
});

function project(files: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), "zonestat-pp-"));
  dirs.push(dir);
  const all: Record<string, string> = {
    "dbt_project.yml": "name: pp\nconfig-version: 2\nprofile: pp\nvars:\n  factor: 2\nmodels:\n  pp:\n    +materialized: table\n",
    "macros/scale.sql": "{% macro scale(x) %}{{ x }} * {{ var('factor') }}{% endmacro %}\n",
    "seeds/rates.csv": "code,rate\nA,1\n",
    "models/base.sql": "select code, rate from {{ ref('rates') }}\n",
    "models/scaled.sql": "{{ config(materialized='incremental', tags=['t1']) }}\nselect code, {{ scale('rate') }} as v from {{ ref('base') }}\n{% if is_incremental() %}where code not in (select code from {{ this }}){% endif %}\n",
    "models/schema.yml": "version: 2\nmodels:\n  - name: scaled\n    columns:\n      - name: code\n        data_tests: [not_null]\n",
    ...files,
  };
  for (const [f, text] of Object.entries(all)) {
    mkdirSync(path.dirname(path.join(dir, f)), { recursive: true });
    writeFileSync(path.join(dir, f), text);
  }
  return dir;
}

const open = (dir: string, vars?: Record<string, unknown>) => openProject({ projectDir: dir, vars, partialParse: true });
/** The project without the renderer and the reuse flag: what parsing produced. */
const parsed = (p: ParsedProject) => {
  const { renderer: _r, partialParse: _pp, partialParseProblems: _ppp, ...rest } = p as ParsedProject & { partialParse?: string; partialParseProblems?: unknown };
  return rest;
};
const sql = (p: ParsedProject, model: string, isIncremental = false) => compileNode(p, p.nodes.get(`model.pp.${model}`)!, { isIncremental });
const cacheFile = (dir: string) => path.join(dir, "target", PARTIAL_PARSE_FILE);

describe("partial parsing", () => {
  it("reuses the stored parse of an unchanged project, equal to a full parse, compiling the same SQL both ways of is_incremental()", () => {
    const dir = project();
    const first = open(dir);
    expect(first.partialParse).toBe("parsed");
    expect(existsSync(cacheFile(dir))).toBe(true);
    const again = open(dir);
    expect(again.partialParse).toBe("reused");
    const full = openProject({ projectDir: dir, partialParse: false });
    expect(full.partialParse).toBe("off");
    // Everything parsing produced (nodes with refs, depends_on, config() results, names, macros, vars) is equal.
    expect(isDeepStrictEqual(parsed(again), parsed(full))).toBe(true);
    expect(again.nodes.get("model.pp.scaled")!.depends_on.nodes).toEqual(["model.pp.base"]);
    expect(again.nodes.get("model.pp.scaled")!.config.materialized).toBe("incremental");
    // is_incremental() is decided at compile time, not frozen by the cache.
    for (const inc of [false, true]) expect(sql(again, "scaled", inc)).toBe(sql(full, "scaled", inc));
    expect(sql(again, "scaled", true)).toContain("where code not in");
    expect(sql(again, "scaled", false)).not.toContain("where code not in");
  });

  it("parses again after an edit to a model, a macro, schema YAML or a var, and compiles the edited SQL", () => {
    const dir = project({ "models/other.sql": "select 1 as code\n" });
    open(dir);
    writeFileSync(path.join(dir, "models/scaled.sql"), "{{ config(materialized='table', tags=['t2']) }}\nselect code, {{ scale('rate') }} as v from {{ ref('other') }}\n");
    let p = open(dir);
    expect(p.partialParse).toBe("parsed");
    expect(p.nodes.get("model.pp.scaled")!.depends_on.nodes).toEqual(["model.pp.other"]);
    expect(p.nodes.get("model.pp.scaled")!.config.tags).toEqual(["t2"]);
    expect(sql(p, "scaled")).toMatch(/rate \* 2 as v from "main"."other"/);

    writeFileSync(path.join(dir, "macros/scale.sql"), "{% macro scale(x) %}round({{ x }} / {{ var('factor') }}, 1){% endmacro %}\n");
    p = open(dir);
    expect(p.partialParse).toBe("parsed");
    expect(sql(p, "scaled")).toContain("round(rate / 2, 1) as v");
    expect(open(dir).partialParse).toBe("reused");

    appendFileSync(path.join(dir, "models/schema.yml"), "  - name: base\n    columns:\n      - name: code\n        data_tests: [unique]\n");
    p = open(dir);
    expect(p.partialParse).toBe("parsed");
    expect([...p.nodes.values()].filter((n) => n.resource_type === "test").map((n) => n.name).sort()).toEqual(["not_null_scaled_code", "unique_base_code"]);

    // --vars: a new value parses again; returning to the old one too (one cache, the last parse).
    p = open(dir, { factor: 10 });
    expect(p.partialParse).toBe("parsed");
    expect(sql(p, "scaled")).toContain("round(rate / 10, 1) as v");
    expect(open(dir, { factor: 10 }).partialParse).toBe("reused");
    expect(open(dir).partialParse).toBe("parsed");
  });

  it("parses again when an env_var() read while parsing changes, or a seed is added — not when a seed's rows change", () => {
    const dir = project({ "models/tagged.sql": "{{ config(tags=[env_var('ZS_PP_TAG', 'none')]) }}\nselect 1 as x\n" });
    expect(open(dir).nodes.get("model.pp.tagged")!.config.tags).toEqual(["none"]);
    expect(open(dir).partialParse).toBe("reused");
    process.env.ZS_PP_TAG = "nightly";
    const p = open(dir);
    expect(p.partialParse).toBe("parsed");
    expect(p.nodes.get("model.pp.tagged")!.config.tags).toEqual(["nightly"]);
    expect(open(dir).partialParse).toBe("reused");

    writeFileSync(path.join(dir, "seeds/rates.csv"), "code,rate\nA,1\nB,2\n");
    expect(open(dir).partialParse).toBe("reused");
    writeFileSync(path.join(dir, "seeds/extra.csv"), "code\nA\n");
    const q = open(dir);
    expect(q.partialParse).toBe("parsed");
    expect(q.nodes.has("seed.pp.extra")).toBe(true);
  });

  it("ignores a corrupt, truncated or foreign cache, parses in full and replaces it", () => {
    const dir = project();
    const full = parsed(openProject({ projectDir: dir, partialParse: false }));
    open(dir);
    const good = readFileSync(cacheFile(dir));
    const damaged = [
      Buffer.concat([good.subarray(0, good.length - 40), Buffer.from("x".repeat(40))]), // payload bytes changed
      good.subarray(0, Math.floor(good.length / 2)), // truncated
      Buffer.from(good.toString("latin1").replace(/^zonestat-partial-parse \d+/, "zonestat-partial-parse 0"), "latin1"), // another format
      Buffer.from("not a cache at all"),
    ];
    for (const bytes of damaged) {
      writeFileSync(cacheFile(dir), bytes);
      const p = open(dir);
      expect(p.partialParse).toBe("parsed");
      // Said, as dbt says why it parses in full — only for damage, not for another format's or key's cache.
      if (bytes.toString("latin1").startsWith("zonestat-partial-parse 1\n")) expect(p.partialParseProblems).toEqual([expect.stringMatching(/^部分解析缓存 .*partial_parse\.bin 无法使用（校验和不符/)]);
      else expect(p.partialParseProblems).toEqual([expect.stringMatching(/无法使用（文件头不是本版本解析缓存的格式）/)]);
      expect(isDeepStrictEqual(parsed(p), full)).toBe(true);
      const again = open(dir);
      expect(again.partialParse).toBe("reused");
      expect(again.partialParseProblems).toEqual([]);
    }
  });

  it("says when the cache cannot be written, and says nothing when a project merely changed", () => {
    const dir = project();
    open(dir);
    appendFileSync(path.join(dir, "models", "base.sql"), "\n-- edited\n");
    const edited = open(dir);
    expect(edited.partialParse).toBe("parsed");
    expect(edited.partialParseProblems).toEqual([]);
    // A file where the target folder should be: nothing can be written there (root ignores folder permissions).
    rmSync(path.join(dir, "target"), { recursive: true, force: true });
    writeFileSync(path.join(dir, "target"), "");
    const p = open(dir);
    expect(p.partialParse).toBe("parsed");
    expect(p.partialParseProblems).toEqual([expect.stringMatching(/^部分解析缓存 .* 无法写入（E[A-Z]+）：本次结果照常/)]);
  });

  it("never caches a project whose text names invocation_id or run_started_at (they change with every run)", () => {
    const dir = project({ "models/stamped.sql": "select '{{ invocation_id }}' as run_id\n" });
    expect(open(dir).partialParse).toBe("parsed");
    expect(existsSync(cacheFile(dir))).toBe(false);
    expect(open(dir).partialParse).toBe("parsed");
  });

  it("is off when DBT_PARTIAL_PARSE=false, as in dbt", () => {
    const dir = project();
    open(dir);
    process.env.DBT_PARTIAL_PARSE = "false";
    try {
      expect(openProject({ projectDir: dir }).partialParse).toBe("off");
    } finally {
      delete process.env.DBT_PARTIAL_PARSE;
    }
    expect(openProject({ projectDir: dir }).partialParse).toBe("reused");
  });
  it("a model rewritten with the same text but a new modification time is parsed again (a rewrite during a parse leaves no stale cache)", () => {
    // engineer-qa finding 2: openProject keys the cache on content and mtime before the parse and stores it only if
    // the key is the same after; an edit and undo during the parse changes the mtime, so nothing is stored for it.
    const dir = project();
    expect(open(dir).partialParse).toBe("parsed");
    expect(open(dir).partialParse).toBe("reused");
    const file = path.join(dir, "models", "base.sql");
    const later = new Date(Date.now() + 60_000);
    utimesSync(file, later, later);
    expect(open(dir).partialParse).toBe("parsed");
    expect(open(dir).partialParse).toBe("reused");
  });
});
