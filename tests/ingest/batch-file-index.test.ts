/**
 * Whose row is whose in a batch read (pipelines/ingest/bulk-batch.ts): one read_csv over
 * a list of files names each row's file by the reader's `file_index` (its place in the
 * list) — unless a path holds a character a glob would read (* ? [ ] { }), where one list
 * entry could name several files and shift the places: then by the file name. Either way
 * every value must land under its own file, as loading the files one by one puts them.
 */
import { utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const NOW = new Date("2026-03-01T08:00:00Z");
const HEAD = "entity,period,indicator,unit,basis,value";
/** Three quarterly files of different lengths (1, 3 and 2 rows), so a shifted file would move rows between files. */
const rows = (period: string, values: number[]) => [HEAD, ...values.map((v, i) => `${["ED210101", "旅顺经开区", "ED210102"][i]},${period},地区生产总值,亿元,累计,${v}`)].join("\n") + "\n";
const BODIES = [rows("2024年1-3月", [100]), rows("2024年1-6月", [210, 90, 30]), rows("2024年1-9月", [320, 140])];

/** Loads the files named `names` (in that order) batched or one by one; each stored value as `file name|period|entity|value`, and the read statements. */
async function load(names: string[], batched: boolean) {
  const p: TestProject = tempProject();
  projects.push(p);
  const paths = names.map((n, i) => {
    const f = path.join(p.dir, n);
    writeFileSync(f, BODIES[i]!);
    utimesSync(f, NOW, NOW);
    return f;
  });
  const wh = await openWarehouse(p.config.warehouse);
  const reads: string[] = [];
  const exec = wh.sql.exec.bind(wh.sql);
  wh.sql.exec = ((sql: string, params?: Parameters<typeof exec>[1]) => (sql.startsWith("insert into bulk_raw") && reads.push(sql), exec(sql, params))) as typeof exec;
  try {
    const runs = batched ? [paths] : paths.map((f) => [f]);
    for (const run of runs) {
      const r = await ingest(p.ctx(() => NOW), wh, { paths: run, bulkThresholdBytes: 0 });
      expect(r.files.map((f) => f.status)).toEqual(run.map(() => "loaded"));
    }
    const facts = await wh.sql.all<{ name: string; period_label: string; entity_code: string; value: number }>(
      `select f.name, w.period_label, w.entity_code, w.value from ingest.facts_wide w join ingest.files f using (file_id) order by f.name, w.line`);
    return { facts: facts.map((r) => `${r.name}|${r.period_label}|${r.entity_code}|${r.value}`), reads };
  } finally {
    await wh.close();
  }
}

describe("a batch read names each row's file", () => {
  it("by file_index for plain paths, by file name when a path could read as a glob — both as file by file", async () => {
    for (const [names, by] of [
      [["01_q1.csv", "02_h1.csv", "03_q3.csv"], "file_index"],
      [["01_[q1].csv", "02_{h1}.csv", "03_q3*.csv"], "filename"],
    ] as const) {
      const batched = await load([...names], true);
      const alone = await load([...names], false);
      expect(batched.facts).toEqual(alone.facts);
      // Hand-written: each file's own period and values, in line order (1 + 3 + 2 rows).
      expect(batched.facts).toEqual([
        `${names[0]}|2024年1-3月|ED210101|100`,
        `${names[1]}|2024年1-6月|ED210101|210`, `${names[1]}|2024年1-6月|ED210203|90`, `${names[1]}|2024年1-6月|ED210102|30`,
        `${names[2]}|2024年1-9月|ED210101|320`, `${names[2]}|2024年1-9月|ED210203|140`,
      ]);
      // One read of the three files together, naming the rows the expected way (not the file-by-file fallback).
      expect(batched.reads.length).toBe(1);
      expect(batched.reads[0]).toContain(by === "file_index" ? "file_index" : "filename = true");
    }
  });
});
