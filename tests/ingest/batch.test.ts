/**
 * Batched bulk ingest (pipelines/ingest/batch.ts, issue #24): several canonical long
 * files in one run are audited together and written in one transaction, and the
 * warehouse after it equals the warehouse after the same files ingested one run per
 * file — facts, files, editions, 审核 flags and their messages, rejections.
 */
import { utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ingest, type FileOutcome } from "../../pipelines/ingest/job.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";
import { A, B, GDP, HEAD, REV } from "../support/long-rows.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));


/**
 * Quarterly files in name order. Worked out by hand (sources/audit-rules/10-bureau-checks.yml):
 * - 02: B's GDP 1-6月 45 < 1-3月 50 in file 01 → YTD_DECREASE; A's revenue 40000 vs 1000 in
 *   file 01 = 40× → JUMP_20X (上一期). Both compare with the earlier file of the same batch.
 * - 03: an unknown zone → rejected while read (ENTITY_UNKNOWN), nothing of it stored.
 * - 04: B's GDP −5 → NEGATIVE_VALUE (强制性), rejected whole; its A revenue 1000000 must not be
 *   anyone's 上一期: 05's 45000 vs 1000000 would be 22× (a false JUMP_20X), vs 40000 in 02 it is 1.1×.
 * - 05: A's GDP 1-12月 300 vs 1-6月 210: fine. B's GDP 1-12月 2000 vs 45 = 44× → JUMP_20X.
 * - 06: A's GDP 2025年1-3月 3000 vs 2024年1-3月 100 = 30× → JUMP_20X (上年同期); vs 300 (1-12月) 10×: no 上一期 flag.
 *   B's 60: a 1-3月 累计 is not compared with last year's 1-12月 2000 (a quarter against a year, stat-qa finding 6);
 *   vs 50 a year before: fine.
 */
const FILES: Array<[string, string[]]> = [
  ["01_2024Q1.csv", [`${A},2024年1-3月,${GDP},100`, `${B},2024年1-3月,${GDP},50`, `${A},2024年1-3月,${REV},1000`]],
  ["02_2024Q2.csv", [`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},45`, `${A},2024年1-6月,${REV},40000`]],
  ["03_bad.csv", [`${A},2024年1-9月,${GDP},310`, `沈阳经开发区,2024年1-9月,${GDP},20`]],
  ["04_negative.csv", [`${A},2024年1-9月,${GDP},320`, `${B},2024年1-9月,${GDP},-5`, `${A},2024年1-9月,${REV},1000000`]],
  ["05_2024Q4.csv", [`${A},2024年1-12月,${GDP},300`, `${B},2024年1-12月,${GDP},2000`, `${A},2024年1-12月,${REV},45000`]],
  ["06_2025Q1.csv", [`${A},2025年1-3月,${GDP},3000`, `${B},2025年1-3月,${GDP},60`]],
];

const NOW = new Date("2026-03-01T08:00:00Z");

function write(p: TestProject, files: Array<[string, string[]]>): string[] {
  return files.map(([name, lines]) => {
    const file = path.join(p.dir, name);
    writeFileSync(file, [HEAD, ...lines].join("\n") + "\n");
    utimesSync(file, NOW, NOW); // one mtime: the run takes them in name order
    return file;
  });
}

/** Everything a load writes, with ids and times as stored; paths (different temp folders) dropped. */
/** `failBatchWrite`: the batch's facts insert throws once (a fault inside its transaction). */
async function snapshot(p: TestProject, batched: boolean, files: Array<[string, string[]]>, failBatchWrite = false) {
  const paths = write(p, files);
  const wh = await openWarehouse(p.config.warehouse);
  let commits = 0;
  const tx = wh.sql.transaction.bind(wh.sql);
  wh.sql.transaction = (<T>(fn: () => Promise<T>) => (commits++, tx(fn))) as typeof tx;
  const exec = wh.sql.exec.bind(wh.sql);
  let failed = 0;
  wh.sql.exec = ((sql: string, params?: Parameters<typeof exec>[1]) =>
    failBatchWrite && !failed && sql.includes("from batch_values b join batch_ids") ? (failed++, Promise.reject(new Error("injected fault"))) : exec(sql, params)) as typeof exec;
  try {
    const outcomes: FileOutcome[] = [];
    // Bulk path for every file (threshold 0), as the province's quarterly files take it.
    if (batched) outcomes.push(...(await ingest(p.ctx(() => NOW), wh, { paths: paths, bulkThresholdBytes: 0 })).files);
    else for (const f of paths) outcomes.push(...(await ingest(p.ctx(() => NOW), wh, { paths: [f], bulkThresholdBytes: 0 })).files);
    const q = (s: string) => wh.sql.all(s);
    return {
      commits,
      failed,
      outcomes: outcomes.map((o) => ({ ...o, reportPath: o.reportPath ? path.basename(o.reportPath) : undefined, problemsPath: o.problemsPath ? path.basename(o.problemsPath) : undefined })),
      files: await q(`select * exclude (original_path) from ingest.files order by file_id`),
      accounting: await q(`select * from ingest.file_accounting order by file_id`),
      editions: await q(`select * exclude (source_mtime) from ingest.file_editions order by file_id`),
      // Keys within a file follow DuckDB's distinct order (either way); what they stand for is compared.
      entities: await q(`select * exclude (entity_key) from ingest.fact_entities order by file_id, entity_code`),
      series: await q(`select * exclude (series_key) from ingest.fact_series order by file_id, indicator_code, measure, period_start, period_end, basis`),
      facts: await q(`select * from ingest.facts_wide order by file_id, line, col`),
      flags: await q(`select * exclude (flag_id) from ingest.audit_flags order by file_id, line, col, rule_code`),
      rejections: await q(`select name, first_code, problems from ingest.rejections order by name`),
    };
  } finally {
    await wh.close();
  }
}

async function both(files: Array<[string, string[]]>, before: Array<[string, string[]]> = []) {
  const [a, b] = [tempProject(), tempProject()];
  projects.push(a, b);
  // `before`: an earlier run, loaded the same way into both warehouses.
  if (before.length) for (const p of [a, b]) await snapshot(p, false, before);
  return { batched: await snapshot(a, true, files), oneByOne: await snapshot(b, false, files) };
}

const same = (r: Awaited<ReturnType<typeof both>>) => {
  const { commits: _a, ...x } = r.batched;
  const { commits: _b, ...y } = r.oneByOne;
  expect(x).toEqual(y);
};

/** A snapshot with each file id replaced by the file's name (a rolled-back batch leaves gaps in the id sequence). */
function byName(snap: Awaited<ReturnType<typeof snapshot>>) {
  const names = new Map((snap.files as Array<{ file_id: number; name: string }>).map((f) => [Number(f.file_id), f.name]));
  const swap = (rows: unknown) => (rows as Array<Record<string, unknown>>).map(({ file_id, resolved_by_file_id, ...r }) =>
    ({ ...r, file: names.get(Number(file_id)) ?? null, ...(resolved_by_file_id === undefined ? {} : { resolved_by: resolved_by_file_id === null ? null : names.get(Number(resolved_by_file_id)) }) }));
  const { commits: _c, failed: _f, outcomes, ...tables } = snap;
  return { outcomes, ...Object.fromEntries(Object.entries(tables).map(([k, v]) => [k, swap(v)])) };
}

describe("batched bulk ingest = file by file", () => {
  it("gives the same warehouse, with a bad file and a 强制性 rejection in the middle and flags against an earlier file of the batch", async () => {
    const { batched, oneByOne } = await both(FILES);
    const { commits: c1, ...rest1 } = batched;
    const { commits: c2, ...rest2 } = oneByOne;
    expect(rest1).toEqual(rest2);
    expect(batched.outcomes.map((o) => [o.file, o.status, o.firstError ?? o.flags])).toEqual([
      ["01_2024Q1.csv", "loaded", 0],
      ["02_2024Q2.csv", "loaded", 2],
      ["03_bad.csv", "rejected", "ENTITY_UNKNOWN"],
      ["04_negative.csv", "rejected", "NEGATIVE_VALUE"],
      ["05_2024Q4.csv", "loaded", 1],
      // 06: only A's 上年同期 jump (B's 1-3月 is not compared with the 1-12月 before it).
      ["06_2025Q1.csv", "loaded", 1],
    ]);
    const flags = batched.flags as Array<{ entity_code: string; rule_code: string; period_label: string; message: string }>;
    expect(flags.map((f) => `${f.entity_code} ${f.period_label} ${f.rule_code}`).sort()).toEqual([
      "ED210101 2024年1-6月 JUMP_20X", "ED210101 2025年1-3月 JUMP_20X", "ED210203 2024年1-6月 YTD_DECREASE", "ED210203 2024年1-12月 JUMP_20X",
    ].sort());
    const msg = (e: string, p: string) => flags.find((f) => f.entity_code === e && f.period_label === p)!.message;
    expect(msg(A, "2025年1-3月")).toContain("上年同期（2024年1-3月）");
    expect((batched.flags as Array<{ entity_code: string; period_label: string; state: string }>).filter((f) => f.state === "open")
      .map((f) => `${f.entity_code} ${f.period_label}`).sort()).toEqual(["ED210101 2024年1-6月", "ED210101 2025年1-3月", "ED210203 2024年1-12月", "ED210203 2024年1-6月"]);
    // The four loaded files went in one transaction; one by one, each took its own, and 04 one more (rolled back by its 审核);
    // the run's re-audit changes nothing, so it opens no transaction.
    expect([c1, c2]).toEqual([1, 5]);
    expect((batched.facts as unknown[]).length).toBe(11);
  });

  it("compares a batch's first file with what an earlier run stored", async () => {
    // 01 and 02 stored first; then 05 and 06 in one run: 05's B 2000 vs 45 (stored 1-6月) = 44× → JUMP_20X, 06 as in the first test.
    const r = await both([FILES[4]!, FILES[5]!], [FILES[0]!, FILES[1]!]);
    same(r);
    const flags = r.batched.flags as Array<{ entity_code: string; rule_code: string; period_label: string }>;
    expect(flags.filter((f) => ["2024年1-12月", "2025年1-3月"].includes(f.period_label)).map((f) => `${f.entity_code} ${f.period_label} ${f.rule_code}`).sort()).toEqual([
      "ED210101 2025年1-3月 JUMP_20X", "ED210203 2024年1-12月 JUMP_20X",
    ]);
    expect(r.batched.commits).toBe(1); // the batch run alone: one transaction (its re-audit changes nothing)
  });

  it("reaches back for a row's 上一期 only as far as its own file's load would (13 months before the file's first period)", async () => {
    // A's 2024年1-6月 5000: loaded alone, its file looks back to 2022-12 and finds no earlier A value (02 holds only B),
    // so no JUMP_20X — though 01's 2022年1-3月 100 (50× less) is in the same batch.
    const files: Array<[string, string[]]> = [
      ["01_2022Q1.csv", [`${A},2022年1-3月,${GDP},100`, `${B},2022年1-3月,${GDP},40`]],
      ["02_2024Q1.csv", [`${B},2024年1-3月,${GDP},50`]],
      ["03_2024Q2.csv", [`${A},2024年1-6月,${GDP},5000`, `${B},2024年1-6月,${GDP},100`]],
    ];
    const r = await both(files);
    same(r);
    expect(r.batched.flags).toEqual([]);
    expect(r.batched.commits).toBe(1);
  });

  it("loads file by file, with the same warehouse, when the batch's transaction fails", async () => {
    const [a, b] = [tempProject(), tempProject()];
    projects.push(a, b);
    const faulty = await snapshot(a, true, FILES, true);
    const oneByOne = await snapshot(b, false, FILES);
    expect(faulty.failed).toBe(1);
    expect(byName(faulty)).toEqual(byName(oneByOne));
    // The batch's transaction (rolled back), then one per loaded file: 01, 02, 05, 06.
    expect(faulty.commits).toBe(5);
    expect(faulty.outcomes.filter((o) => o.status === "loaded").length).toBe(4);
  });

  it("loads files out of period order one by one, with the same warehouse as separate runs", async () => {
    // 06 before 05 in name order: 05's 1-12月 would sit before 06's 2025年1-3月, so one pass is not the same as two loads.
    const files: Array<[string, string[]]> = [FILES[0]!, FILES[1]!, ["05_2025Q1.csv", FILES[5]![1]], ["06_2024Q4.csv", FILES[4]![1]]];
    const { batched, oneByOne } = await both(files);
    const { commits: _c1, ...rest1 } = batched;
    const { commits: _c2, ...rest2 } = oneByOne;
    expect(rest1).toEqual(rest2);
    expect(batched.commits).toBe(4);
  });
});
