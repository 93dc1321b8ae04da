/**
 * 审核 rules at load time (sources/audit-rules/10-bureau-checks.yml): each rule on a
 * hand-made fixture in tests/fixtures/audit/ with its expected outcome worked out
 * by hand in the comment beside it; 强制性 rejects, 核实性 loads and flags; both
 * ingest paths (row and bulk SQL) give the same outcome.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const AUDIT = path.join(REPO, "tests/fixtures/audit");
const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const ROW = Number.POSITIVE_INFINITY;
const BULK = 0;

function project(): TestProject {
  const p = tempProject();
  projects.push(p);
  return p;
}

/** Ingests `files` (fixture names or [name, text]) one by one into `p`'s warehouse; returns each outcome and every flag. */
async function load(p: TestProject, files: Array<string | [string, string]>, threshold = ROW) {
  const wh = await openWarehouse(p.config.warehouse);
  try {
    const outcomes = [];
    for (const f of files) {
      let file: string;
      if (typeof f === "string") file = path.isAbsolute(f) ? f : path.join(AUDIT, f);
      else {
        file = path.join(p.dir, f[0]);
        writeFileSync(file, f[1]);
      }
      const r = await ingest(p.ctx(), wh, { paths: [file], bulkThresholdBytes: threshold });
      outcomes.push(r.files[0]!);
    }
    const flags = await wh.sql.all<{ flag_id: number; name: string; line: number; col: string; rule_code: string; state: string; message: string; entity_code: string; value: number }>(
      `select a.flag_id, f.name, a.line, a.col, a.rule_code, a.state, a.message, a.entity_code, a.value from ingest.audit_flags a join ingest.files f using (file_id) order by a.flag_id`);
    const facts = Number((await wh.sql.all<{ n: number }>(`select count(*)::integer as n from ingest.facts`))[0]!.n);
    return { outcomes, flags, facts };
  } finally {
    await wh.close();
  }
}

const brief = (flags: Array<{ name: string; line: number; rule_code: string; state: string }>) => flags.map((f) => `${f.name}:${f.line} ${f.rule_code} ${f.state}`);

describe("强制性 rules reject the file", () => {
  it("a negative GDP in a zone report: NEGATIVE_VALUE naming line, column, value and what was expected; nothing stored", async () => {
    // negative_2024年1-6月.csv line 4, column D (地区生产总值) is "-5.0": GDP is a flow, never negative.
    const p = project();
    const { outcomes, facts } = await load(p, ["negative_2024年1-6月.csv"]);
    expect(outcomes[0]!.status).toBe("rejected");
    expect(outcomes[0]!.firstError).toBe("NEGATIVE_VALUE");
    expect(facts).toBe(0);
    const report = JSON.parse(readFileSync(outcomes[0]!.reportPath!.replace(/\.txt$/, ".json"), "utf8"));
    expect(report.errors).toEqual([expect.objectContaining({ code: "NEGATIVE_VALUE", line: 4, column: "D", value: "-5.0", expected: "不小于 0" })]);
    expect(report.errors[0].message).toContain("地区生产总值");
    expect(readFileSync(outcomes[0]!.reportPath!, "utf8")).toContain("negative_2024年1-6月.csv:4:D [NEGATIVE_VALUE]");
  });

  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`a 土地开发率 of 120%: RATE_OUT_OF_RANGE (${label})`, async () => {
      // rate_above_100.csv line 3: 土地开发率 (a rate in %) is 120, above 100.
      const p = project();
      const { outcomes, facts } = await load(p, ["rate_above_100.csv"], threshold);
      expect(outcomes[0]!.status).toBe("rejected");
      const report = JSON.parse(readFileSync(outcomes[0]!.reportPath!.replace(/\.txt$/, ".json"), "utf8"));
      expect(report.errors).toEqual([expect.objectContaining({ code: "RATE_OUT_OF_RANGE", line: 3, value: "120", expected: "0 至 100 之间" })]);
      expect(facts).toBe(0);
    });
  }

  it("a negative growth rate is not a negative value: yoy_pct rows are outside NEGATIVE_VALUE", async () => {
    // 增速 −3.5% is a legitimate fall; only levels (measure value) must be non-negative.
    const p = project();
    const { outcomes } = await load(p, [["growth_negative.csv", "entity,period,indicator,value,unit,basis\n沈阳经济技术开发区,2024年1-6月,地区生产总值增速,-3.5,%,累计\n"]]);
    expect(outcomes[0]!.status).toBe("loaded");
  });
});

describe("核实性 rules load the file and flag the value 需核实", () => {
  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`YTD below the previous YTD of the same year, within one file (${label})`, async () => {
      // ytd_decrease.csv: 1-3月 200, 1-6月 150, 1-9月 600 → only line 3 (1-6月 150 < 200) is flagged; 600 ≥ 150.
      const p = project();
      const { outcomes, flags } = await load(p, ["ytd_decrease.csv"], threshold);
      expect(outcomes[0]!.status).toBe("loaded");
      expect(outcomes[0]!.flags).toBe(1);
      expect(brief(flags)).toEqual(["ytd_decrease.csv:3 YTD_DECREASE open"]);
      expect(flags[0]!.message).toBe("年内累计值下降：2024年1-3月 200 → 2024年1-6月 150（亿元）");
      const txt = readFileSync(outcomes[0]!.reportPath!, "utf8");
      expect(txt).toContain("1 个数值需核实");
      expect(txt).toContain(`ytd_decrease.csv:3:D [YTD_DECREASE]`);
      expect(txt).toContain(`标记号 ${flags[0]!.flag_id}`);
    });

    it(`YTD compared with the value already in the warehouse (${label})`, async () => {
      // First file: 1-3月 200 loads clean. Second: 1-6月 150 < the stored 200 → flagged on the second file's line 2.
      const p = project();
      const head = "entity,period,indicator,value,unit,basis\n";
      const { flags } = await load(p, [["q1.csv", head + "沈阳经济技术开发区,2024年1-3月,地区生产总值,200,亿元,累计\n"], ["h1.csv", head + "沈阳经济技术开发区,2024年1-6月,地区生产总值,150,亿元,累计\n"]], threshold);
      expect(brief(flags)).toEqual(["h1.csv:2 YTD_DECREASE open"]);
    });

    it(`a new 1-3月 above the stored 1-6月 is flagged too (${label})`, async () => {
      // Stored 1-6月 150; the new 1-3月 200 makes the year's series fall from 200 to 150 → the new row is flagged.
      const p = project();
      const head = "entity,period,indicator,value,unit,basis\n";
      const { flags } = await load(p, [["h1.csv", head + "沈阳经济技术开发区,2024年1-6月,地区生产总值,150,亿元,累计\n"], ["q1.csv", head + "沈阳经济技术开发区,2024年1-3月,地区生产总值,200,亿元,累计\n"]], threshold);
      expect(brief(flags)).toEqual(["q1.csv:2 YTD_DECREASE open"]);
    });

    it(`two vintages of one value in a file: only the latest is compared (${label})`, async () => {
      // 1-3月 was 200 (vintage 2024-04-20), revised to 100 (2024-05-30); 1-6月 150 ≥ 100 → no flag (against 200 it would be).
      const p = project();
      const { outcomes, flags } = await load(p, [["vintages.csv", "entity,period,indicator,value,unit,basis,vintage\n沈阳经济技术开发区,2024年1-3月,地区生产总值,200,亿元,累计,2024-04-20\n沈阳经济技术开发区,2024年1-3月,地区生产总值,100,亿元,累计,2024-05-30\n沈阳经济技术开发区,2024年1-6月,地区生产总值,150,亿元,累计,2024-07-20\n"]], threshold);
      expect(outcomes[0]!.status).toBe("loaded");
      expect(flags).toEqual([]);
    });

    it(`万元 entered as 亿元: JUMP_20X against the same period last year (${label})`, async () => {
      // jump_wan_as_yi.csv: 2023年1-6月 210, 2024年1-6月 2300000 (a 万元 figure): ratio 10952 > 20 → line 3 flagged once.
      const p = project();
      const { outcomes, flags } = await load(p, ["jump_wan_as_yi.csv"], threshold);
      expect(outcomes[0]!.status).toBe("loaded");
      expect(brief(flags)).toEqual(["jump_wan_as_yi.csv:3 JUMP_20X open"]);
      expect(flags[0]!.message).toContain("2,300,000 亿元");
      expect(flags[0]!.message).toContain("210");
    });

    it(`JUMP_20X against the last period a zone reported, further back than the others' (${label})`, async () => {
      // Three files, loaded one by one. 1-3月: both zones 10. 1-6月: only 沈阳经开区 (12); 辉山 sends nothing.
      // 1-9月: 沈阳经开区 13 (13/12 ≈ 1.1, clean), 辉山 500: its previous period is its own 1-3月 10 (not the
      // other zone's 1-6月), 500/10 = 50 > 20 → line 3 flagged once, naming 10 and 2024年1-3月. (The evaluator first
      // looks back only to the series group's last period before the file — 1-6月 — and must reach further for 辉山.)
      const head = "entity,period,indicator,value,unit,basis\n";
      const p = project();
      const { outcomes, flags } = await load(p, [
        ["q1.csv", `${head}沈阳经济技术开发区,2024年1-3月,地区生产总值,10,亿元,累计\n沈阳辉山经济技术开发区,2024年1-3月,地区生产总值,10,亿元,累计\n`],
        ["h1.csv", `${head}沈阳经济技术开发区,2024年1-6月,地区生产总值,12,亿元,累计\n`],
        ["q3.csv", `${head}沈阳经济技术开发区,2024年1-9月,地区生产总值,13,亿元,累计\n沈阳辉山经济技术开发区,2024年1-9月,地区生产总值,500,亿元,累计\n`],
      ], threshold);
      expect(outcomes.map((o) => o.status)).toEqual(["loaded", "loaded", "loaded"]);
      expect(brief(flags)).toEqual(["q3.csv:3 JUMP_20X open"]);
      expect(flags[0]!.message).toContain("500 亿元");
      expect(flags[0]!.message).toContain("上一期（2024年1-3月）的 10");
    });

    it(`a 1-3月 累计 is compared with last year's 1-12月 pro-rated by months, and with last year's 1-3月 (${label})`, async () => {
      // stat-qa finding 6. 沈阳经开区, lumpy: 2023年1-3月 100, 2023年1-12月 1000 (10×, within the year: clean).
      // 2024年1-3月 20: raw 1000 / 20 = 50 > 20 against last year's 1-12月, but a quarter against a year: pro-rated by
      // months 1000 × 3/12 = 250, 250 / 20 = 12.5 → no flag; against 2023年1-3月 100 / 20 = 5 → clean. 辉山: 2023年1-3月 15, 2024年1-3月 400: 400 / 15 ≈ 26.7 > 20
      // against last year's 1-3月 → JUMP_20X on line 3, naming 上年同期.
      const head = "entity,period,indicator,value,unit,basis\n";
      const p = project();
      const { flags } = await load(p, [
        ["y2023.csv", `${head}沈阳经济技术开发区,2023年1-3月,地区生产总值,100,亿元,累计\n沈阳经济技术开发区,2023年1-12月,地区生产总值,1000,亿元,累计\n沈阳辉山经济技术开发区,2023年1-3月,地区生产总值,15,亿元,累计\n`],
        ["q1.csv", `${head}沈阳经济技术开发区,2024年1-3月,地区生产总值,20,亿元,累计\n沈阳辉山经济技术开发区,2024年1-3月,地区生产总值,400,亿元,累计\n`],
      ], threshold);
      expect(brief(flags)).toEqual(["q1.csv:3 JUMP_20X open"]);
      // Its 上一期 is that same 2023年1-3月 (no 2023年1-12月 for 辉山): named as 上一期 or 上年同期.
      expect(flags[0]!.message).toMatch(/(上一期|上年同期)（2023年1-3月）的 15/);
    });

    it(`a zone above its city and a city above its province: ABOVE_PARENT (${label})`, async () => {
      // above_parent.csv: 大连市 16000 > 辽宁省 15000 (line 3); 沈阳经开区 4100 > 沈阳市 4000 (line 5);
      // 辉山经开区 300 < 沈阳市 4000 (line 6, clean); 沈阳市 4000 < 辽宁省 (line 4, clean).
      const p = project();
      const { flags } = await load(p, ["above_parent.csv"], threshold);
      expect(brief(flags)).toEqual(["above_parent.csv:3 ABOVE_PARENT open", "above_parent.csv:5 ABOVE_PARENT open"]);
      expect(flags[1]!.message).toBe("「沈阳经济技术开发区」的「地区生产总值」4,100 亿元 高于其上级「沈阳市」同期的 4,000 亿元");
    });

    it(`a reported 增速 against the levels of both years: GROWTH_MISMATCH (${label})`, async () => {
      // growth_mismatch.csv: 一般公共预算收入 50 → 60 is +20%, reported 5% → |5 − 20| = 15 > 2 points → line 4 flagged.
      // 地区生产总值 100 → 105 is +5% (现价), reported 10% (可比价) → |10 − 5| = 5 ≤ 8 points → not flagged.
      const p = project();
      const { flags } = await load(p, ["growth_mismatch.csv"], threshold);
      expect(brief(flags)).toEqual(["growth_mismatch.csv:4 GROWTH_MISMATCH open"]);
      expect(flags[0]!.message).toBe("填报的增速 5% 与按两年数值计算的 20% 相差超过 2 个百分点");
    });
  }

  it("合计 row against the sum of rows: TOTAL_MISMATCH as a rule", async () => {
    // total_mismatch_2024年1-6月.csv: GDP 合计 1400.0 but 512.3 + 800.1 = 1312.4 (line 5, column D); revenue 30000 + 45000 = 75000 matches.
    const p = project();
    const { outcomes, flags } = await load(p, [path.join(REPO, "tests/fixtures/good/total_mismatch_2024年1-6月.csv")]);
    expect(outcomes[0]!.status).toBe("loaded");
    expect(flags.map((f) => [f.line, f.col, f.rule_code, f.message])).toEqual([[5, "D", "TOTAL_MISMATCH", "合计行为 1400.0，各行相加为 1312.4，相差超过舍入误差"]]);
  });

  it("a 合计 written to fewer decimals than its rows is within its own rounding (stat-qa finding 10)", async () => {
    // 万元 rows 790050.2 + 790050.3 = 1580100.5. 合计 1580100 (an integer): ±0.5 for it, ±0.05 for each row → tolerance
    // 0.6 ≥ 0.5: no flag. 合计 1580099 (off by 1.5 > 0.6): flagged. Before, the tolerance followed the most precise figure
    // (2 rows × 0.05 = 0.1) and the integer 合计 was flagged 相差超过舍入误差.
    const file = (total: string) => `2024年1-6月全省经济开发区主要经济指标\n序号,开发区名称,所在市,一般公共预算收入(万元)\n1,沈阳经济技术开发区,沈阳市,790050.2\n2,大连经济技术开发区,大连市,790050.3\n合计,,,${total}\n`;
    const ok = await load(project(), [["rounded_2024年1-6月.csv", file("1580100")]]);
    expect(ok.flags).toEqual([]);
    const off = await load(project(), [["off_2024年1-6月.csv", file("1580099")]]);
    expect(off.flags.map((f) => [f.line, f.col, f.rule_code, f.message])).toEqual([[5, "D", "TOTAL_MISMATCH", "合计行为 1580099，各行相加为 1580100.5，相差超过舍入误差"]]);
  });

  it("a clean file gets no flags and no report", async () => {
    // 1-3月 100, 1-6月 210: rising, ratio 2.1 — nothing to check.
    const p = project();
    const { outcomes, flags } = await load(p, [["clean.csv", "entity,period,indicator,value,unit,basis\n沈阳经济技术开发区,2024年1-3月,地区生产总值,100,亿元,累计\n沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\n"]]);
    expect(outcomes[0]!).toMatchObject({ status: "loaded", flags: 0, reportPath: undefined });
    expect(flags).toEqual([]);
  });
});
