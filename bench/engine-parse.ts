/**
 * Parse and compile a synthetic dbt project of N models (a layered DAG with refs,
 * a macro and Jinja loops) without executing anything: the engine's own overhead.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { openProject, runEngine } from "../pipelines/engine/index.js";
import { silentLogger } from "../pipelines/logger.js";

export async function engineParseBench(n: number): Promise<number> {
  const dir = mkdtempSync(path.join(tmpdir(), "zonestat-parse-"));
  try {
    writeFileSync(path.join(dir, "dbt_project.yml"), "name: synth\nconfig-version: 2\nprofile: synth\nmodels:\n  synth:\n    +materialized: view\n");
    mkdirSync(path.join(dir, "models"), { recursive: true });
    mkdirSync(path.join(dir, "macros"), { recursive: true });
    writeFileSync(path.join(dir, "macros", "m.sql"), "{% macro col(x) %}{{ x }} * 2{% endmacro %}\n");
    const yaml: string[] = ["version: 2", "models:"];
    for (let i = 0; i < n; i++) {
      const parents = i === 0 ? [] : [Math.floor(i / 2), Math.floor(i / 3)].filter((p, k, a) => a.indexOf(p) === k);
      const from = parents.length ? parents.map((p, k) => `{% if not loop.first %}union all {% endif %}select id, v from {{ ref('m${p}') }}`).join("\n") : "select 1 as id, 1.0 as v";
      const body = parents.length
        ? `{{ config(tags=['t${i % 5}']) }}\n{% set cols = ['a', 'b', 'c'] %}\nselect id, {{ col('v') }} as v{% for c in cols %}, {{ loop.index }} as {{ c }}{% endfor %}\nfrom (\n${parents.map((p, k) => `${k ? "union all\n" : ""}select id, v from {{ ref('m${p}') }}`).join("\n")}\n) t\n`
        : `select 1 as id, 1.0 as v\n`;
      void from;
      writeFileSync(path.join(dir, "models", `m${i}.sql`), body);
      yaml.push(`  - name: m${i}`, "    columns:", "      - name: id", "        data_tests: [not_null]");
    }
    writeFileSync(path.join(dir, "models", "schema.yml"), yaml.join("\n") + "\n");
    const t0 = performance.now();
    const project = openProject({ projectDir: dir });
    await runEngine("compile", { project, db: undefined, logger: silentLogger, writeArtifacts: false });
    return (performance.now() - t0) / 1000;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
