/**
 * YTD_DECREASE and JUMP_20X compare a new value with its neighbours in the series: the
 * previous period (any distance back, within the file's 13-month lookback), the same
 * period a year earlier, and within a year's 累计 the periods before and after. The
 * evaluator finds them from the dictionary (each series' previous and next series) with
 * joins on integers, and runs the window over every row only for the partitions where an
 * entity lacks such a neighbour (pipelines/ingest/audit.ts). Here the same files are
 * loaded both ways — `auditTuning.windowLag` forces the window everywhere, the way it was
 * done before — row path, bulk path file by file, and bulk batched, and must give the
 * same flags, with the same messages, as worked out by hand below.
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

const HEAD = "entity,period,indicator,value,unit,basis\n";
const [Z1, Z2, Z3] = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区", "沈阳金融商贸开发区"];
const gdp = (period: string, rows: Array<[string, number]>) => HEAD + rows.map(([z, v]) => `${z},${period},地区生产总值,${v},亿元,累计\n`).join("");

/**
 * Loaded in this order (names sort so a folder load keeps it). Line 2 is the first data row.
 * a 2022年1-3月: Z1 10, Z2 10, Z3 1.
 * b 2023年1-3月: Z1 11, Z2 11 (Z3 sends nothing until 2024).
 * c 2023年1-6月: Z1 12, Z2 300 — Z2's previous period is 1-3月 11: 300/11 ≈ 27 > 20 → c:3 JUMP_20X.
 * d 2023年1-12月: Z1 40, Z2 400 (400/300, 40/12: clean; no 2022年1-12月 to compare with).
 * e 2024年1-3月: Z1 13, Z2 14, Z3 500 — a 1-3月 累计 has no 上一期 in its year (never last year's 1-12月 400: a quarter
 *   against a year, stat-qa finding 6); against 2023年1-3月 11: 14/11 clean → nothing for line 3.
 *   Z3's only earlier value, 2022年1-3月, ended before e's lookback (2024-01-01 less 13 months): not compared
 *   (and no 2023年1-3月 for the same period last year) → no comparison with its own history; with no history at all,
 *   its city's other zones speak: 500 > 6 × 14 (Z2) and > 13 + 14 → e:4 PEER_OUTLIER (35.71×). Z1: 13 vs 40 and vs 11 clean.
 * f 2024年1-6月: Z1 12 (below its 1-3月 13 → f:2 YTD_DECREASE), Z3 600 (vs 500, clean); Z2 sends nothing.
 * g 2024年1-9月: Z1 0.5 — vs 1-6月 12: 24× → g:2 JUMP_20X, and below 12 → g:2 YTD_DECREASE; Z2 13 — its
 *   previous period is 1-3月 14 (1-6月 missing: the window's partition), 13 < 14 → g:3 YTD_DECREASE, 14/13 clean;
 *   Z3 700 clean.
 * h 2023年1-9月, loaded last (out of order): Z1 50 — the stored 1-12月 after it is 40 < 50 → h:2 YTD_DECREASE
 *   (the next period's side); Z2 350 between 300 and 400, clean; vs 1-6月 12, 50/12 ≈ 4, clean.
 *   h is the same period a year before g: the re-audit after h (pipelines/ingest/reaudit.ts, inc-qa finding 1)
 *   compares the stored g with it and flags g, the later year — Z2 13 vs 350: 26.9× → g:3 JUMP_20X (a load in
 *   period order finds it too); Z1 0.5 vs 50: 100×, on g:2, which already carries JUMP_20X (one flag per rule and cell).
 *   With h, Z1's fall 1-6月 12 → 1-9月 0.5 has last year on both sides: 0.5 ÷ 50 = 0.01 (beyond 3×) while 12 ÷ 12 = 1
 *   (within 2×) → the 1-9月 is the wrong one: g:2 YTD_OUT_OF_LINE, and its YTD_DECREASE is cleared (handed over). Z1's
 *   fall 1-3月 13 → 1-6月 12 stays undecided (13 ÷ 11 and 12 ÷ 12 both in line): f:2 YTD_DECREASE as before. Z2's fall
 *   1-3月 14 → 1-9月 13 likewise: 13 ÷ 350 = 0.04 while 14 ÷ 11 = 1.27 → g:3 YTD_OUT_OF_LINE, its YTD_DECREASE cleared.
 */
const FILES: Array<[string, string]> = [
  ["a_2022q1.csv", gdp("2022年1-3月", [[Z1, 10], [Z2, 10], [Z3, 1]])],
  ["b_2023q1.csv", gdp("2023年1-3月", [[Z1, 11], [Z2, 11]])],
  ["c_2023h1.csv", gdp("2023年1-6月", [[Z1, 12], [Z2, 300]])],
  ["d_2023y.csv", gdp("2023年1-12月", [[Z1, 40], [Z2, 400]])],
  ["e_2024q1.csv", gdp("2024年1-3月", [[Z1, 13], [Z2, 14], [Z3, 500]])],
  ["f_2024h1.csv", gdp("2024年1-6月", [[Z1, 12], [Z3, 600]])],
  ["g_2024q3.csv", gdp("2024年1-9月", [[Z1, 0.5], [Z2, 13], [Z3, 700]])],
  ["h_2023q3.csv", gdp("2023年1-9月", [[Z1, 50], [Z2, 350]])],
];
const EXPECTED = [
  "c_2023h1.csv:3 JUMP_20X", "e_2024q1.csv:4 PEER_OUTLIER", "f_2024h1.csv:2 YTD_DECREASE",
  "g_2024q3.csv:2 JUMP_20X", "g_2024q3.csv:2 YTD_DECREASE", "g_2024q3.csv:2 YTD_OUT_OF_LINE", "g_2024q3.csv:3 JUMP_20X", "g_2024q3.csv:3 YTD_DECREASE", "g_2024q3.csv:3 YTD_OUT_OF_LINE", "h_2023q3.csv:2 YTD_DECREASE",
];

type Mode = "row" | "bulk" | "batched";

/** Loads FILES in `mode` (batched: a–g in one run, the out-of-order h after); every flag as `name:line rule message`, sorted. */
async function flags(mode: Mode): Promise<string[]> {
  const p = tempProject();
  projects.push(p);
  const wh = await openWarehouse(p.config.warehouse);
  try {
    const paths = FILES.map(([name, text]) => {
      const file = path.join(p.dir, name);
      writeFileSync(file, text);
      return file;
    });
    const threshold = mode === "row" ? Number.POSITIVE_INFINITY : 0;
    const runs = mode === "batched" ? [paths.slice(0, -1), paths.slice(-1)] : paths.map((f) => [f]);
    for (const run of runs) {
      const r = await ingest(p.ctx(), wh, { paths: run, bulkThresholdBytes: threshold });
      expect(r.files.map((f) => f.status)).toEqual(run.map(() => "loaded"));
    }
    const rows = await wh.sql.all<{ name: string; line: number; rule_code: string; message: string }>(
      `select f.name, a.line, a.rule_code, a.message from ingest.audit_flags a join ingest.files f using (file_id)`);
    return rows.map((r) => `${r.name}:${r.line} ${r.rule_code} ${r.message}`).sort();
  } finally {
    await wh.close();
  }
}

describe("审核 neighbours from the dictionary = the window over every row", () => {
  for (const mode of ["row", "bulk", "batched"] as const) {
    it(`previous period, lookback, missing periods, the next 累计 (${mode})`, async () => {
      const joined = await flags(mode);
      auditTuning.windowLag = true;
      let windowed: string[];
      try {
        windowed = await flags(mode);
      } finally {
        auditTuning.windowLag = false;
      }
      expect(joined).toEqual(windowed);
      expect(joined.map((f) => f.split(" ").slice(0, 2).join(" "))).toEqual(EXPECTED);
      // The values named: Z2's 1-9月 is compared with its 1-3月 (the window's partition), Z1's 1-9月 of 2023 with the stored 1-12月 after it.
      expect(joined).toContain("g_2024q3.csv:3 YTD_DECREASE 年内累计值下降：2024年1-3月 14 → 2024年1-9月 13（亿元）");
      expect(joined).toContain("h_2023q3.csv:2 YTD_DECREASE 年内累计值下降：2023年1-9月 50 → 2023年1-12月 40（亿元）");
      expect(joined.find((f) => f.startsWith("e_2024q1.csv:3"))).toBeUndefined();
      expect(joined).toContain("e_2024q1.csv:4 PEER_OUTLIER 「地区生产总值」2024年1-3月 500 亿元，是同市其他 2 家开发区中最大值（沈阳辉山经济技术开发区 14）的 35.7 倍，也高于它们的合计 27（沈阳辉山经济技术开发区 14、沈阳经济技术开发区 13）；该开发区没有上年同期或此前的数值可比，需核实（是否多输了一位？）");
    });
  }
});
