/**
 * The 审核 comparison with values already in the warehouse when a key is stored
 * more than once (a revision, or the same value on two lines): the current stored
 * value — latest vintage, then latest file, then latest line — is the one compared
 * (pipelines/ingest/audit.ts, `stageMerged`, the packed pick of the stored rows).
 * The pick is packed into a BIGINT when the stored rows' vintages, file ids and lines fit,
 * else a HUGEINT; the last test runs the HUGEINT encoding on the same files as the
 * independent path and expects the same flags.
 */
import path from "node:path";
import { writeFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { auditTuning } from "../../pipelines/ingest/audit.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));
const HEAD = "entity,period,indicator,value,unit,basis,vintage\n";
const Z = "沈阳经济技术开发区";

async function flagsAfter(files: Array<[string, string]>, threshold: number): Promise<string[]> {
  const p = tempProject();
  projects.push(p);
  const wh = await openWarehouse(p.config.warehouse);
  try {
    for (const [name, text] of files) {
      const file = path.join(p.dir, name);
      writeFileSync(file, HEAD + text);
      const r = await ingest(p.ctx(), wh, { paths: [file], bulkThresholdBytes: threshold });
      expect(r.files[0]!.status, name).toBe("loaded");
    }
    const rows = await wh.sql.all<{ name: string; line: number; rule_code: string; message: string }>(
      `select f.name, a.line, a.rule_code, a.message from ingest.audit_flags a join ingest.files f using (file_id) order by a.flag_id`);
    return rows.map((r) => `${r.name}:${r.line} ${r.rule_code} ${r.message}`);
  } finally {
    await wh.close();
  }
}

describe("comparisons with a key stored more than once", () => {
  for (const [label, threshold] of [["row path", Number.POSITIVE_INFINITY], ["bulk path", 0]] as const) {
    it(`a stored revision with a later vintage is the value compared (${label})`, async () => {
      // 1-3月 stored as 200 (vintage 2024-04-20), then revised to 100 in a later file (vintage 2024-05-30).
      // A new 1-6月 of 150: against the current 100 nothing falls (150 ≥ 100); against the superseded 200 it would.
      // A second new 1-6月 file of 90 (vintage 2024-07-21, replacing 150) falls below the current 100 → flagged, naming 100.
      const flags = await flagsAfter([
        ["q1.csv", `${Z},2024年1-3月,地区生产总值,200,亿元,累计,2024-04-20\n`],
        ["q1-rev.csv", `${Z},2024年1-3月,地区生产总值,100,亿元,累计,2024-05-30\n`],
        ["h1.csv", `${Z},2024年1-6月,地区生产总值,150,亿元,累计,2024-07-20\n`],
        ["h1-rev.csv", `${Z},2024年1-6月,地区生产总值,90,亿元,累计,2024-07-21\n`],
      ], threshold);
      expect(flags).toEqual(["h1-rev.csv:2 YTD_DECREASE 年内累计值下降：2024年1-3月 100 → 2024年1-6月 90（亿元）"]);
    });

    it(`the HUGEINT pick flags exactly what the BIGINT pick flags, revisions and duplicate lines included (${label})`, async () => {
      // Both earlier scenarios plus a key stored twice in one file (line 2 and 3, same value): the narrow pick is the
      // default for files this small; the wide one is forced. Expected: identical flag lists (an independent encoding).
      const files: Array<[string, string]> = [
        ["q1.csv", `${Z},2024年1-3月,地区生产总值,200,亿元,累计,2024-04-20\n`],
        ["q1-rev.csv", `${Z},2024年1-3月,地区生产总值,100,亿元,累计,2024-05-30\n${Z},2024年1-3月,地区生产总值,100,亿元,累计,2024-05-30\n`],
        ["q1-old.csv", `${Z},2024年1-3月,地区生产总值,300,亿元,累计,2024-04-19\n`],
        ["h1.csv", `${Z},2024年1-6月,地区生产总值,150,亿元,累计,2024-07-20\n`],
        ["h1-rev.csv", `${Z},2024年1-6月,地区生产总值,90,亿元,累计,2024-07-21\n`],
        ["q3.csv", `${Z},2024年1-9月,地区生产总值,8000,亿元,累计,2024-10-20\n`],
      ];
      const narrow = await flagsAfter(files, threshold);
      auditTuning.widePick = true;
      try {
        expect(await flagsAfter(files, threshold)).toEqual(narrow);
      } finally {
        auditTuning.widePick = false;
      }
      // Not vacuous: the revised 1-6月 falls below the current 1-3月 (100), and 1-9月 jumps over 20× the 1-6月 90.
      expect(narrow.map((f) => f.split(" ")[0] + " " + f.split(" ")[1])).toEqual(["h1-rev.csv:2 YTD_DECREASE", "q3.csv:2 JUMP_20X"]);
    });

    it(`stored vintages after 2079 (beyond the BIGINT pick's 16 bits of days) take the HUGEINT pick: compared, no overflow (${label})`, async () => {
      // As the first test: 1-3月 200 (2024-04-20) revised to 100 (2024-05-30); then both stored vintages are moved
      // a century on (2124-…, order kept: the revision stays current), as no file can state yet. The new 1-6月 90
      // falls below the current 100 → one YTD_DECREASE naming 100 (against the superseded 200 it would name 200).
      const p = tempProject();
      projects.push(p);
      const wh = await openWarehouse(p.config.warehouse);
      try {
        const load = async (name: string, text: string) => {
          writeFileSync(path.join(p.dir, name), HEAD + text);
          const r = await ingest(p.ctx(), wh, { paths: [path.join(p.dir, name)], bulkThresholdBytes: threshold });
          expect(r.files[0]!.status, name).toBe("loaded");
        };
        await load("q1.csv", `${Z},2024年1-3月,地区生产总值,200,亿元,累计,2024-04-20\n`);
        await load("q1-rev.csv", `${Z},2024年1-3月,地区生产总值,100,亿元,累计,2024-05-30\n`);
        await wh.sql.exec(`update ingest.fact_series set vintage = vintage + interval 100 year`);
        await load("h1.csv", `${Z},2024年1-6月,地区生产总值,90,亿元,累计,2024-07-20\n`);
        const flags = await wh.sql.all<{ message: string }>(`select message from ingest.audit_flags`);
        expect(flags.map((f) => f.message)).toEqual(["年内累计值下降：2024年1-3月 100 → 2024年1-6月 90（亿元）"]);
      } finally {
        await wh.close();
      }
    });

    it(`an older vintage loaded later does not replace the current value (${label})`, async () => {
      // 1-3月 100 (vintage 2024-05-30) loaded first, then 1-3月 200 with the older vintage 2024-04-20:
      // the current value stays 100 (latest vintage wins over latest file), so a new 1-6月 150 is not flagged.
      const flags = await flagsAfter([
        ["q1-new.csv", `${Z},2024年1-3月,地区生产总值,100,亿元,累计,2024-05-30\n`],
        ["q1-old.csv", `${Z},2024年1-3月,地区生产总值,200,亿元,累计,2024-04-20\n`],
        ["h1.csv", `${Z},2024年1-6月,地区生产总值,150,亿元,累计,2024-07-20\n`],
      ], threshold);
      expect(flags).toEqual([]);
    });
  }
});
