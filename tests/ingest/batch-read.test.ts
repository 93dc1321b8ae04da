/**
 * Reading a batch's files together (pipelines/ingest/bulk-batch.ts, issue #24): files of
 * different encodings and headers in one batch, a file whose read fails in the middle of
 * one, and row errors, duplicates and warnings found file by file in one pass. Each run
 * is compared with the same files ingested one run per file: the warehouse, each file's
 * outcome and the report of every rejected file (errors and warnings with their file,
 * line, column, value and expected), as the one-file path wrote them.
 */
import { appendFileSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { ingest, type FileOutcome } from "../../pipelines/ingest/job.js";
import { silentLogger } from "../../pipelines/logger.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";
import { A, B, GDP, HEAD, REV } from "../support/long-rows.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const NOW = new Date("2026-03-01T08:00:00Z");

type Input = [name: string, content: string | Buffer];
const text = (lines: string[], head = HEAD, eol = "\n") => [head, ...lines].join(eol) + eol;

/** Writes the inputs into the project folder, all with the same mtime (NOW); their paths. */
function place(p: TestProject, files: Input[]): string[] {
  return files.map(([name, content]) => {
    const file = path.join(p.dir, name);
    writeFileSync(file, content);
    utimesSync(file, NOW, NOW);
    return file;
  });
}

/**
 * Everything a load writes (ids and times as stored; paths dropped), the outcomes and every rejection's report.
 * `fault`: the first statement containing it throws (a failure of the batch's own read, not of a file).
 */
async function snapshot(p: TestProject, batched: boolean, files: Input[], fault?: string) {
  const paths = place(p, files);
  const wh = await openWarehouse(p.config.warehouse);
  let commits = 0;
  const tx = wh.sql.transaction.bind(wh.sql);
  wh.sql.transaction = (<T>(fn: () => Promise<T>) => (commits++, tx(fn))) as typeof tx;
  const exec = wh.sql.exec.bind(wh.sql);
  let failed = false;
  wh.sql.exec = ((text: string, params?: Parameters<typeof exec>[1]) =>
    fault && !failed && text.includes(fault) ? ((failed = true), Promise.reject(new Error("injected fault"))) : exec(text, params)) as typeof exec;
  // The job's debug lines: a batch read together logs its timings; one read file by file says so.
  const debug: string[] = [];
  const ctx = () => ({ ...p.ctx(() => NOW), logger: { ...silentLogger, debug: (m: string) => debug.push(m) } });
  try {
    const outcomes: FileOutcome[] = [];
    if (batched) outcomes.push(...(await ingest(ctx(), wh, { paths, bulkThresholdBytes: 0 })).files);
    else for (const f of paths) outcomes.push(...(await ingest(ctx(), wh, { paths: [f], bulkThresholdBytes: 0 })).files);
    const q = (s: string) => wh.sql.all(s);
    const report = (o: FileOutcome) => {
      const { errors, warnings, encoding, layout, row_accounting } = JSON.parse(readFileSync(o.reportPath!.replace(/\.txt$/, ".json"), "utf8"));
      return { file: o.file, errors, warnings, encoding, layout, row_accounting, text: readFileSync(o.reportPath!, "utf8").replace(/^时间：.*$/m, "") };
    };
    return {
      commits,
      debug,
      outcomes: outcomes.map((o) => ({ ...o, reportPath: o.reportPath ? path.basename(o.reportPath) : undefined, problemsPath: o.problemsPath ? path.basename(o.problemsPath) : undefined })),
      reports: outcomes.filter((o) => o.status === "rejected").map(report),
      files: await q(`select * exclude (original_path) from ingest.files order by file_id`),
      accounting: await q(`select * from ingest.file_accounting order by file_id`),
      editions: await q(`select * exclude (source_mtime) from ingest.file_editions order by file_id`),
      entities: await q(`select * exclude (entity_key) from ingest.fact_entities order by file_id, entity_code`),
      series: await q(`select * exclude (series_key) from ingest.fact_series order by file_id, indicator_code, measure, period_start, period_end, basis, vintage`),
      facts: await q(`select * from ingest.facts_wide order by file_id, line, col`),
      flags: await q(`select * exclude (flag_id) from ingest.audit_flags order by file_id, line, col, rule_code`),
      rejections: await q(`select name, first_code, problems from ingest.rejections order by name`),
    };
  } finally {
    await wh.close();
  }
}

async function both(files: Input[], fault?: string) {
  const [a, b] = [tempProject(), tempProject()];
  projects.push(a, b);
  const batched = await snapshot(a, true, files, fault);
  const oneByOne = await snapshot(b, false, files);
  const { commits: c1, debug: d1, ...x } = batched;
  const { commits: c2, debug: _d2, ...y } = oneByOne;
  expect(x).toEqual(y);
  return { batched, oneByOne, commits: [c1, c2], batchLines: d1.filter((m) => /^bulk timings|批量/.test(m)) };
}

const status = (s: Awaited<ReturnType<typeof snapshot>>) => s.outcomes.map((o) => [o.file, o.status, o.firstError ?? o.rows]);

describe("a batch's files read together = one run per file", () => {
  it("takes files of different encodings, headers, layouts and line ends in one batch", async () => {
    const files: Input[] = [
      ["01_2024Q1.csv", text([`${A},2024年1-3月,${GDP},100`, `${B},2024年1-3月,${GDP},50`, `${A},2024年1-3月,${REV},1000`])],
      // GBK, the Chinese header of canonical_long_zh, value before unit.
      ["02_2024Q2.csv", iconv.encode(text([`${A},2024年1-6月,地区生产总值,210,亿元,累计`, `${B},2024年1-6月,地区生产总值,105,亿元,累计`], "主体,期间,指标,数值,单位,口径"), "gbk")],
      // UTF-8 with a byte-order mark, columns in another order, rows with their own vintage.
      ["03_2024Q3.csv", "\uFEFF" + text([`2024年1-9月,${A},地区生产总值,320,亿元,累计,2024-10-20`, `2024年1-9月,${B},地区生产总值,150,亿元,累计,2024-10-20`], "period,entity,indicator,value,unit,basis,vintage")],
      // CRLF line ends, a vintage in the file name.
      ["04_2024Q4_版本2025-01-15.csv", text([`${A},2024年1-12月,${GDP},400`, `${B},2024年1-12月,${GDP},200`, `${A},2024年1-12月,${REV},1500`], HEAD, "\r\n")],
    ];
    const { batched, commits, batchLines } = await both(files);
    expect(status(batched)).toEqual([
      ["01_2024Q1.csv", "loaded", 3], ["02_2024Q2.csv", "loaded", 2], ["03_2024Q3.csv", "loaded", 2], ["04_2024Q4_版本2025-01-15.csv", "loaded", 3],
    ]);
    expect(commits).toEqual([1, 4]);
    expect(batchLines).toEqual(["bulk timings 4 files"]); // read together (no fallback to one by one), loaded together
    // By hand: 02 is GBK; 01 and 02 are dated by rule 4 (the day after their last period), 04 by its name; 03's rows
    // carry 2024-10-20 (its series keep it; the file is dated as rule 4 would, source "row").
    expect((batched.files as Array<{ encoding: string; vintage: unknown; vintage_source: string }>).map((f) => [f.encoding, String(f.vintage).slice(0, 10), f.vintage_source])).toEqual([
      ["utf-8", "2024-04-01", "inferred"], ["gb18030", "2024-07-01", "inferred"], ["utf-8", "2024-10-01", "row"], ["utf-8", "2025-01-15", "filename"],
    ]);
    expect(new Set((batched.series as Array<{ period_label: string; vintage: unknown }>).filter((s) => s.period_label === "2024年1-9月").map((s) => String(s.vintage).slice(0, 10)))).toEqual(new Set(["2024-10-20"]));
  });

  it("rejects alone a file whose read fails in the middle of a batch (a long row, a bad GBK byte, a stray quote), with the one-file messages", async () => {
    // Past the first 64 KiB (what recognising a file reads), so the file is taken as canonical long and read with the batch:
    // 2,500 repeats of one value (the same value twice is no conflict), then a line starting with 0xFF (never valid GB18030).
    const bad = iconv.encode(text([...Array<string>(2500).fill(`${A},2024年1-6月,${GDP},210`), `${B},2024年1-6月,${GDP},105`]), "gbk");
    expect(bad.length).toBeGreaterThan(65536);
    bad[bad.lastIndexOf(Buffer.from("\n", "latin1"), bad.length - 2) + 1] = 0xff;
    const files: Input[] = [
      ["01_2024Q1.csv", text([`${A},2024年1-3月,${GDP},100`, `${B},2024年1-3月,${GDP},50`])],
      ["02_long_row.csv", text([`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},105,extra`])],
      ["03_bad_gbk.csv", bad],
      ["04_quote.csv", text([`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,"${GDP},105`])],
      ["05_2024Q2.csv", text([`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},105`])],
      ["06_2024Q3.csv", text([`${A},2024年1-9月,${GDP},320`, `${B},2024年1-9月,${GDP},150`])],
    ];
    const { batched, commits, batchLines } = await both(files);
    expect(batchLines).toEqual(["bulk timings 3 files"]);
    expect(status(batched)).toEqual([
      ["01_2024Q1.csv", "loaded", 2], ["02_long_row.csv", "rejected", "ROW_TOO_LONG"], ["03_bad_gbk.csv", "rejected", "ENCODING_INVALID"],
      ["04_quote.csv", "rejected", "CSV_MALFORMED"], ["05_2024Q2.csv", "loaded", 2], ["06_2024Q3.csv", "loaded", 2],
    ]);
    expect(commits).toEqual([1, 3]);
    // The long row is line 3, its extra field column G (after A–F).
    expect(batched.reports[0]!.errors[0]).toMatchObject({ code: "ROW_TOO_LONG", line: 3, column: "G" });
  });

  it("finds row errors, duplicates, missing values and warnings file by file, with the same lines and messages", async () => {
    const files: Input[] = [
      ["01_2024Q1.csv", text([`${A},2024年1-3月,${GDP},100`, `${B},2024年1-3月,${GDP},50`, `${A},2024年1-3月,出口额,万元,累计,70`])],
      // Line 3 is no number; line 4 an unknown unit; line 5 a percent sign on 亿元; line 7 repeats line 2's key with another value.
      ["02_errors.csv", text([`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},十二`, `${A},2024年1-6月,地区生产总值,亿元人民币,累计,5`,
        `${A},2024年1-6月,${REV},3%`, `${B},2024年1-6月,${REV},—`, `${A},2024年1-6月,${GDP},211`, `沈阳经开发区,2024年1-6月,${GDP},1`])],
      // The same key twice with the same value (not a conflict), an empty value and a dash (missing), a full-width number, the currency note.
      ["03_2024Q2.csv", text([`${A},2024年1-6月,${GDP},210`, `${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},`, `${B},2024年1-6月,${REV},—`,
        `${B},2024年1-6月,${REV},"１,２３４．５"`, `${A},2024年1-6月,出口额,万元,累计,80`])],
      // Every value missing: nothing to store.
      ["04_empty.csv", text([`${A},2024年1-9月,${GDP},—`, `${B},2024年1-9月,${GDP},`])],
      // The same key twice with two values only (one error).
      ["05_dup.csv", text([`${A},2024年1-9月,${GDP},320`, `${A},2024年1-9月,${GDP},321`, `${B},2024年1-9月,${GDP},150`])],
      ["06_2024Q4.csv", text([`${A},2024年1-12月,${GDP},400`, `${B},2024年1-12月,${GDP},200`])],
    ];
    const { batched, batchLines } = await both(files);
    expect(batchLines).toEqual(["bulk timings 3 files"]);
    expect(status(batched)).toEqual([
      ["01_2024Q1.csv", "loaded", 3], ["02_errors.csv", "rejected", "VALUE_NOT_NUMBER"], ["03_2024Q2.csv", "loaded", 4],
      ["04_empty.csv", "rejected", "NO_VALUES"], ["05_dup.csv", "rejected", "DUPLICATE_VALUE"], ["06_2024Q4.csv", "loaded", 2],
    ]);
    const errors = batched.reports[0]!.errors as Array<{ code: string; line: number }>;
    expect(errors.map((e) => `${e.line} ${e.code}`)).toEqual(["3 VALUE_NOT_NUMBER", "4 UNIT_UNKNOWN", "5 VALUE_PERCENT", "8 ENTITY_UNKNOWN"]);
    expect(batched.reports[2]!.errors).toMatchObject([{ code: "DUPLICATE_VALUE", line: 2 }]);
    // 出口额 is catalogued in 万美元: 万元 is converted with a warning, once per file that has it (01 and 03; 02 is rejected).
    const warned = (batched.files as Array<{ name: string; warnings: string }>).map((f) => [f.name, JSON.parse(f.warnings).map((w: { code: string }) => w.code)]);
    expect(warned).toEqual([["01_2024Q1.csv", ["UNIT_CURRENCY"]], ["03_2024Q2.csv", ["UNIT_CURRENCY"]], ["06_2024Q4.csv", []]]);
  });

  it("stages the files one by one, with the same warehouse, when reading them together fails", async () => {
    const files: Input[] = [
      ["01_2024Q1.csv", text([`${A},2024年1-3月,${GDP},100`, `${B},2024年1-3月,${GDP},50`])],
      ["02_bad.csv", text([`${A},2024年1-6月,${GDP},210`, `沈阳经开发区,2024年1-6月,${GDP},20`])],
      ["03_2024Q2.csv", text([`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},105`])],
      ["04_dup.csv", text([`${A},2024年1-9月,${GDP},320`, `${A},2024年1-9月,${GDP},321`])],
      ["05_2024Q3.csv", text([`${A},2024年1-9月,${GDP},320`, `${B},2024年1-9月,${GDP},150`])],
    ];
    const { batched, commits, batchLines } = await both(files, "create or replace temp table batch_resolved");
    expect(batchLines).toEqual(["批量读取失败，改为逐个文件读取：injected fault", "bulk timings 3 files"]);
    expect(status(batched)).toEqual([
      ["01_2024Q1.csv", "loaded", 2], ["02_bad.csv", "rejected", "ENTITY_UNKNOWN"], ["03_2024Q2.csv", "loaded", 2], ["04_dup.csv", "rejected", "DUPLICATE_VALUE"], ["05_2024Q3.csv", "loaded", 2],
    ]);
    expect(commits).toEqual([1, 3]); // still audited and written together
  });

  it("leaves for the next run a file written to between its hashing and its read, and loads the rest", async () => {
    const p = tempProject();
    projects.push(p);
    const files: Input[] = [
      ["01_2024Q1.csv", text([`${A},2024年1-3月,${GDP},100`, `${B},2024年1-3月,${GDP},50`])],
      ["02_2024Q2.csv", text([`${A},2024年1-6月,${GDP},210`, `${B},2024年1-6月,${GDP},105`])],
      ["03_2024Q3.csv", text([`${A},2024年1-9月,${GDP},320`, `${B},2024年1-9月,${GDP},150`])],
    ];
    const paths = place(p, files);
    const wh = await openWarehouse(p.config.warehouse);
    const exec = wh.sql.exec.bind(wh.sql);
    // The batch's read starts once every file is hashed: 02 grows by a line just then (its copy was still running).
    wh.sql.exec = ((t: string, params?: Parameters<typeof exec>[1]) => {
      if (t.includes("insert into bulk_raw")) appendFileSync(paths[1]!, `${A},2024年1-6月,${REV},2000\n`);
      return exec(t, params);
    }) as typeof exec;
    try {
      const report = await ingest(p.ctx(() => NOW), wh, { paths, bulkThresholdBytes: 0 });
      expect(report.files.map((f) => [f.file, f.status])).toEqual([["01_2024Q1.csv", "loaded"], ["02_2024Q2.csv", "skipped_unstable"], ["03_2024Q3.csv", "loaded"]]);
      expect(await wh.sql.all(`select name from ingest.files order by file_id`)).toEqual([{ name: "01_2024Q1.csv" }, { name: "03_2024Q3.csv" }]);
      // Nothing of 02 is stored (its two values and the appended one): 01 and 03 hold two values each.
      expect(await wh.sql.all(`select count(*)::integer as n from ingest.facts`)).toEqual([{ n: 4 }]);
    } finally {
      await wh.close();
    }
  });
});
