/**
 * YTD_OUT_OF_LINE (sources/audit-rules/10-bureau-checks.yml, pipelines/ingest/audit-ytd-located.ts): a falling 累计
 * whose other figures name the wrong cell flags that cell (and holds it); YTD_DECREASE keeps the undecidable falls.
 * Expected values are worked out by hand in the comments. Every case runs on the row path and the bulk path, file by
 * file in both arrival orders, and as one batch of files (batch.ts); the re-audit moves a verdict onto an earlier file.
 */
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { loadAuditRules } from "../../pipelines/ingest/audit-rules.js";
import { locatedPairsSql } from "../../pipelines/ingest/audit-ytd-located.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { loadReference } from "../../pipelines/ingest/reference.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const ROW = Number.POSITIVE_INFINITY;
const BULK = 0;
const HEAD = "entity,period,indicator,value,unit,basis\n";
const ZONE = "沈阳经济技术开发区";

/** One file per period, named `NN_<period>.csv` (an ingest run loads files in name order). */
function files(values: Array<[string, number]>): Array<[string, string]> {
  return values.map(([period, v], i) => [`${String(i + 1).padStart(2, "0")}_${period}.csv`, `${HEAD}${ZONE},${period},地区生产总值,${v},亿元,累计\n`]);
}

type Flag = { name: string; line: number; rule_code: string; state: string; message: string; value: number; reason: string | null };

/** Ingests the files into a fresh project, one ingest per file or all in one run (`batch`); returns every flag. */
async function load(list: Array<[string, string]>, threshold: number, batch = false): Promise<Flag[]> {
  const p = tempProject();
  projects.push(p);
  const wh = await openWarehouse(p.config.warehouse);
  try {
    const paths = list.map(([name, text]) => p.drop(name, text));
    if (batch) await ingest(p.ctx(), wh, { paths, bulkThresholdBytes: threshold });
    else for (const f of paths) await ingest(p.ctx(), wh, { paths: [f], bulkThresholdBytes: threshold });
    return await wh.sql.all<Flag>(`select f.name, a.line, a.rule_code, a.state, a.message, a.value, c.reason
      from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.audit_flag_closures c using (flag_id) order by a.flag_id`);
  } finally {
    await wh.close();
  }
}

const brief = (flags: Flag[]) => flags.map((f) => `${f.name.replace(/^\d\d_/, "")}:${f.line} ${f.rule_code} ${f.state}`);

// The tester's case (stat-qa finding 1). 2023: 1-3月 67.3, 1-6月 140.1. 2024: 1-3月 696 (typed for 69.6), 1-6月 145.4.
// 696 > 145.4: a fall. Last year: 696 ÷ 67.3 = 10.34 (> 3: out of line); 145.4 ÷ 140.1 = 1.04 (within 2: in line)
// → the 1-3月 is the wrong one, flagged and held. Not JUMP_20X (10.34 < 20) nor INCREMENT_JUMP (1-3月: 696 ÷ 67.3 =
// 10.3 ≤ 15; 1-6月 increment negative).
const TESTER: Array<[string, number]> = [["2023年1-3月", 67.3], ["2023年1-6月", 140.1], ["2024年1-3月", 696], ["2024年1-6月", 145.4]];
const TESTER_MESSAGE = "「地区生产总值」2024年1-3月累计 696 亿元高于同年2024年1-6月累计 145.4（累计值不应下降）；它是上年同期（2023年1-3月 67.3）的 10.3 倍，"
  + "而2024年1-6月 145.4 是其上年同期（2023年1-6月 140.1）的 1.04 倍：需核实的是这一数值（是否多输或少输了一位？）";

describe("YTD_OUT_OF_LINE: a falling 累计 flagged on the cell the other figures name", () => {
  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`the tester's ×10 1-3月, the 1-6月 arriving after it: the 1-3月 of the earlier file is flagged, not the 1-6月 (${label})`, async () => {
      const flags = await load(files(TESTER), threshold);
      // FIRST_QUARTER_JUMP marks the 696 when it arrives (10.3× last year's 1-3月, > 5; it does not hold); the 1-6月
      // then shows which value is out of line, and YTD_OUT_OF_LINE holds it.
      expect(brief(flags)).toEqual(["2024年1-3月.csv:2 FIRST_QUARTER_JUMP open", "2024年1-3月.csv:2 YTD_OUT_OF_LINE open"]);
      expect(flags[1]!).toMatchObject({ value: 696, message: TESTER_MESSAGE });
    });

    it(`the same with the 1-6月 arriving first: the new 1-3月 is flagged at load time (${label})`, async () => {
      const [a, b, c, d] = files(TESTER);
      const flags = await load([a!, b!, d!, c!], threshold);
      expect(brief(flags)).toEqual(["2024年1-3月.csv:2 FIRST_QUARTER_JUMP open", "2024年1-3月.csv:2 YTD_OUT_OF_LINE open"]);
      expect(flags[1]!.message).toBe(TESTER_MESSAGE);
    });

    it(`÷10 in the later 累计: 1-6月 14.54 for 145.4 is the one flagged (${label})`, async () => {
      // 2024年1-3月 69.6, 1-6月 14.54: 14.54 ÷ 140.1 = 0.10 (< 1/3) while 69.6 ÷ 67.3 = 1.03 → the 1-6月.
      const flags = await load(files([["2023年1-3月", 67.3], ["2023年1-6月", 140.1], ["2024年1-3月", 69.6], ["2024年1-6月", 14.54]]), threshold);
      expect(brief(flags)).toEqual(["2024年1-6月.csv:2 YTD_OUT_OF_LINE open"]);
      expect(flags[0]!.message).toBe("「地区生产总值」2024年1-6月累计 14.54 亿元低于同年2024年1-3月累计 69.6（累计值不应下降）；它是上年同期（2023年1-6月 140.1）的 0.10 倍，"
        + "而2024年1-3月 69.6 是其上年同期（2023年1-3月 67.3）的 1.03 倍：需核实的是这一数值（是否多输或少输了一位？）");
    });

    it(`no evidence (no last year, nothing later): YTD_DECREASE on the later value, both summed, as before (${label})`, async () => {
      const flags = await load(files([["2024年1-3月", 696], ["2024年1-6月", 145.4]]), threshold);
      expect(brief(flags)).toEqual(["2024年1-6月.csv:2 YTD_DECREASE open"]);
    });

    it(`both out of line with last year (a true fall in a growing series): undecided, YTD_DECREASE (${label})`, async () => {
      // 2023: 10, 20. 2024: 50 then 45: 50 ÷ 10 = 5 (> 3) and 45 ÷ 20 = 2.25 (> 2: not in line) → no verdict.
      const flags = await load(files([["2023年1-3月", 10], ["2023年1-6月", 20], ["2024年1-3月", 50], ["2024年1-6月", 45]]), threshold);
      expect(brief(flags)).toEqual(["2024年1-6月.csv:2 YTD_DECREASE open"]);
    });

    it(`without last year, the 1-9月 agreeing with the 1-6月 moves the flag onto the 1-3月 (${label})`, async () => {
      // 2024 only: 1-3月 696, 1-6月 145.4 → YTD_DECREASE on the 1-6月 (undecided). 1-9月 220: 220 ≥ 145.4 and
      // 696 > 2 × 220 = 440 → the 1-3月 is the odd one: YTD_DECREASE closed (the same fall, now flagged on the 1-3月),
      // YTD_OUT_OF_LINE opened on the 1-3月's own file by the re-audit.
      const flags = await load(files([["2024年1-3月", 696], ["2024年1-6月", 145.4], ["2024年1-9月", 220]]), threshold);
      expect(brief(flags)).toEqual(["2024年1-6月.csv:2 YTD_DECREASE cleared", "2024年1-3月.csv:2 YTD_OUT_OF_LINE open"]);
      expect(flags[1]!.message).toBe("「地区生产总值」2024年1-3月累计 696 亿元高于同年2024年1-6月累计 145.4（累计值不应下降）；其后的2024年1-9月 220 不低于2024年1-6月 145.4，二者都远低于它：需核实的是这一数值（是否多输或少输了一位？）");
      // The closed flag says where the fall went (stat-qa 9: not "比较的数值已更正或撤回" when nothing was).
      expect(flags[0]!.reason).toBe("已解除：这一比较按现行数值仍不成立，但需核实的是另一数值：沈阳经济技术开发区 地区生产总值 2024年1-3月 696 亿元（01_2024年1-3月.csv:2:D，YTD_OUT_OF_LINE）");
    });
  }

  it("one ingest run of all the files (batch path) flags what loading them one by one does", async () => {
    const flags = await load(files(TESTER), BULK, true);
    expect(brief(flags)).toEqual(["2024年1-3月.csv:2 FIRST_QUARTER_JUMP open", "2024年1-3月.csv:2 YTD_OUT_OF_LINE open"]);
    expect(flags[1]!.message).toBe(TESTER_MESSAGE);
  });
});

describe("YTD_OUT_OF_LINE: correction, confirmation, holding", () => {
  it("a 更正 of the 1-3月 closes the flag; confirm keeps the value in the totals (flag confirmed, not held)", async () => {
    const p = tempProject();
    projects.push(p);
    for (const [n, t] of files(TESTER)) p.drop(n, t);
    expect((await p.run("ingest")).code).toBe(0);
    const flags = () => p.query<{ flag_id: number; rule_code: string; state: string; held: boolean }>(
      `select a.flag_id, a.rule_code, a.state, a.rule_code in (select rule_code from ingest.held_audit_rules) as held from ingest.audit_flags a order by flag_id`);
    // The 1-3月 carries FIRST_QUARTER_JUMP too (a mark, not held); this test is about YTD_OUT_OF_LINE's flag.
    const flag = (await flags()).find((f) => f.rule_code === "YTD_OUT_OF_LINE");
    expect(flag).toMatchObject({ rule_code: "YTD_OUT_OF_LINE", state: "open", held: true });
    expect((await flags()).find((f) => f.rule_code === "FIRST_QUARTER_JUMP")).toMatchObject({ state: "open", held: false });
    const ok = await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "王统计", "--reason", "核实无误");
    expect(ok.code, ok.stdout + ok.stderr).toBe(0);
    expect((await flags()).find((f) => f.rule_code === "YTD_OUT_OF_LINE")!.state).toBe("confirmed");
    const undo = await p.run("confirm", "--undo", "--flag", String(flag!.flag_id), "--by", "王统计", "--reason", "撤销");
    expect(undo.code, undo.stdout + undo.stderr).toBe(0);
    // 更正: 1-3月 69.6 → 69.6 ≤ 145.4, no fall: the flag is closed as corrected, nothing new opens.
    p.drop("05_2024年1-3月（更正）.csv", `${HEAD}${ZONE},2024年1-3月,地区生产总值,69.6,亿元,累计\n`);
    expect((await p.run("ingest")).code).toBe(0);
    expect((await flags()).map((f) => `${f.rule_code} ${f.state}`)).toEqual(["FIRST_QUARTER_JUMP corrected", "YTD_OUT_OF_LINE corrected"]);
  });
});

describe("YTD_OUT_OF_LINE in the marts", () => {
  it("the held 1-3月 is left out of the scope totals (数据不全, 1 held) and 数据质量 lists the fall once, on the 1-3月", async () => {
    // The tester's four files plus 大连经开区 (2023: 40, 80; 2024: 50, 100 — rising, in line). LN_ED 地区生产总值
    // 2024年1-3月 = 50 alone (696 held): zones_held_for_check 1; 2024年1-6月 = 145.4 + 100 = 245.4, nothing held (both
    // partial: 2 of the scope's zones report). data_quality: the YTD_OUT_OF_LINE flag on 2024年1-3月, no ytd_decreases
    // row for 696 → 145.4 (the same fall).
    const p = tempProject();
    projects.push(p);
    const dalian: Record<string, number> = { "2023年1-3月": 40, "2023年1-6月": 80, "2024年1-3月": 50, "2024年1-6月": 100 };
    for (const [n, t] of files(TESTER)) p.drop(n, t + `大连经济技术开发区,${n.slice(3, -4)},地区生产总值,${dalian[n.slice(3, -4)]},亿元,累计\n`);
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const shares = await p.query<{ period_label: string; value: number | null; zones_held_for_check: number; is_partial: boolean }>(
      `select period_label, value, zones_held_for_check, is_partial from main_intermediate.int_scope_values where scope_code = 'LN_ED' and indicator_code = 'gdp' and year = 2024 order by period_end`);
    expect(shares.map((s) => [s.period_label, s.value === null ? null : Number(s.value), Number(s.zones_held_for_check), s.is_partial])).toEqual([
      ["2024年1-3月", 50, 1, true], ["2024年1-6月", 245.4, 0, true]]);
    const dq = await p.query<{ check_code: string; period_label: string }>(
      `select check_code, period_label from main.data_quality where entity_code = 'ED210101' and check_code in ('ytd_decreases', 'YTD_DECREASE', 'YTD_OUT_OF_LINE')`);
    expect(dq).toEqual([{ check_code: "YTD_OUT_OF_LINE", period_label: "2024年1-3月" }]);
  });
});

describe("YTD_OUT_OF_LINE's query plan", () => {
  it("meets last year's 累计 by hash joins, not nested loops", async () => {
    const rule = loadAuditRules(path.join(REPO, "sources/audit-rules"), loadReference(path.join(REPO, "sources/seeds"))).find((r) => r.kind === "ytd_out_of_line");
    if (rule?.kind !== "ytd_out_of_line") throw new Error("YTD_OUT_OF_LINE not in sources/audit-rules");
    const p = tempProject();
    projects.push(p);
    const wh = await openWarehouse(p.config.warehouse);
    try {
      await wh.sql.exec(`create temp table cells as
        select row_number() over () as id, z as ent, 'gdp|亿元' as grp, make_date(y, 1, 1) as period_start, last_day(make_date(y, q * 3, 1)) as period_end,
               (z + 10 - q)::double as value, y || '年' as label, false as is_new, false as alt
        from range(200) t(z), range(2015, 2025) u(y), range(1, 5) v(q)
        -- 年 values beside the 1-12月 of half the entities (both tracks of audit-ytd-located.ts).
        union all select 1000000 + z * 100 + y - 2000, z, 'gdp|亿元', make_date(y, 1, 1), make_date(y, 12, 31), (z + 6)::double, y || '年', false, true
        from range(100) t(z), range(2015, 2025) u(y)`);
      const plan = (await wh.sql.all<{ explain_value: string }>(`explain ${locatedPairsSql(rule, "select * from cells")}`)).map((r) => r.explain_value).join("\n");
      expect(plan).toMatch(/HASH_JOIN/);
      expect(plan).not.toMatch(/NESTED_LOOP|BLOCKWISE_NL|PIECEWISE_MERGE|CROSS_PRODUCT/);
    } finally {
      await wh.close();
    }
  });
});

// stat-qa3 F1: no 上年同期 at all. 1-3月 1400, 1-6月 298 (typed for 2980), 1-9月 4500. A month: 1400 ÷ 3 = 466.7,
// 298 ÷ 6 = 49.7, 4500 ÷ 9 = 500: the 1-3月 and 1-9月 agree (500 ÷ 466.7 = 1.07 ≤ 2), the 298 is 9.4× below (> 3)
// → YTD_OUT_OF_LINE on the 298, held. The 1-9月's increment 4202 is not set against a mean counting the fall
// (298 ÷ 2 = 149: 28.2×), so no INCREMENT_JUMP on the right 4500 — either arrival order.
const NO_LAST_YEAR: Array<[string, number]> = [["2024年1-3月", 1400], ["2024年1-6月", 298], ["2024年1-9月", 4500]];

describe("YTD_OUT_OF_LINE by months, with no 上年同期 (stat-qa3 F1)", () => {
  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`the ×0.1 1-6月 between 1-3月 and 1-9月 is flagged and held; the right 1-9月 is not (${label})`, async () => {
      const inOrder = await load(files(NO_LAST_YEAR), threshold);
      expect(brief(inOrder).filter((f) => !f.endsWith("cleared"))).toEqual(["2024年1-6月.csv:2 YTD_OUT_OF_LINE open"]);
      const flagged = inOrder.find((f) => f.rule_code === "YTD_OUT_OF_LINE")!;
      expect(flagged.message).toContain("按月数折算，2024年1-3月 1,400 与其后的2024年1-9月 4,500 相符（月均 466.67 与 500），它的月均 49.67 与二者都不符");
      // The 1-6月 late (1-3月 and 1-9月 first): the re-audit puts the flag on it, not INCREMENT_JUMP on the 1-9月.
      const late = await load(files(NO_LAST_YEAR).sort((a, b) => (a[0].includes("1-6月") ? 1 : b[0].includes("1-6月") ? -1 : 0)), threshold);
      expect(brief(late).filter((f) => !f.endsWith("cleared"))).toEqual(["2024年1-6月.csv:2 YTD_OUT_OF_LINE open"]);
    });
  }
});
