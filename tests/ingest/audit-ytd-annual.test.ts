/**
 * A flow's 年 value (a file of 「2024年」 rows: basis 'period', grain 'year') is judged in its year's 累计 as the
 * 1-12月 would be (stat-qa3 F17; audit-ytd-located.ts): a ×0.1 annual zone value or city total is held by
 * YTD_OUT_OF_LINE exactly as the same rows titled 2024年1-12月 (累计) are; the right annual value is not flagged; a 年
 * value and a 1-12月 of the same year are not a fall against each other. Row and bulk paths, both arrival orders.
 */
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const ROW = Number.POSITIVE_INFINITY;
const BULK = 0;
const HEAD = "entity,period,indicator,value,unit,basis\n";
const Z1 = "沈阳经济技术开发区";
const Z2 = "沈阳辉山经济技术开发区";
const CITY = "沈阳市";

// By hand. 2024 累计 (亿元):      1-3月   1-6月   1-9月   年 (right)   年 as typed
//   沈阳经开区 (Z1)                 100     220     330     450          45    (×0.1)
//   辉山经开区 (Z2)                  50     110     165     225          225
//   沈阳市                          1000    2200    3300    4500         450   (×0.1)
// Z1: 45 < 1-9月 330, a fall; the 1-6月 220 ≤ 330 and 220 > 2 × 45 = 90 (in_line 2) → the 45 is out of line
// (YTD_OUT_OF_LINE, held). 沈阳市: 2200 ≤ 3300 and 2200 > 2 × 450 = 900 → the 450. Z2: 225 ≥ 165, no fall; its
// 当季增量 225 − 165 = 60 against the mean 165 ÷ 3 = 55 (1.1×, INCREMENT_JUMP's 15 far off). No ABOVE_PARENT: 45 and
// 225 are each below the city's 450.
// Annual first (1-3月, 1-6月, 年, then 1-9月): at the 年's load Z1 45 < 1-6月 220 and the 1-3月 100 ≤ 220, 100 > 90 →
// the 45 (city: 1000 > 900 → the 450); the 1-9月 then takes the 1-6月's place in the message (re-audit rewording).
const SERIES: Array<[string, number, number, number]> = [["2024年1-3月", 100, 50, 1000], ["2024年1-6月", 220, 110, 2200], ["2024年1-9月", 330, 165, 3300]];
const ANNUAL: [number, number, number] = [45, 225, 450];

const quarter = ([period, z1, z2, c]: [string, number, number, number], i: number): [string, string] =>
  [`0${i + 1}_${period}.csv`, HEAD + [[Z1, z1], [Z2, z2], [CITY, c]].map(([e, v]) => `${e},${period},地区生产总值,${v},亿元,累计\n`).join("")];
/** The annual file: rows of 「2024年」 with no basis (a year's flow: basis 'period', grain 'year'), or the same as 1-12月 累计. */
const annual = (asYtd: boolean): [string, string] => asYtd
  ? ["05_2024年1-12月.csv", HEAD + [[Z1, ANNUAL[0]], [Z2, ANNUAL[1]], [CITY, ANNUAL[2]]].map(([e, v]) => `${e},2024年1-12月,地区生产总值,${v},亿元,累计\n`).join("")]
  : ["05_2024年.csv", "entity,period,indicator,value,unit\n" + [[Z1, ANNUAL[0]], [Z2, ANNUAL[1]], [CITY, ANNUAL[2]]].map(([e, v]) => `${e},2024年,地区生产总值,${v},亿元\n`).join("")];

type Flag = { name: string; line: number; rule_code: string; state: string; message: string; value: number; basis: string };

/** One ingest per file in list order, or all in one run (`batch`, batch.ts). */
async function load(list: Array<[string, string]>, threshold: number, batch = false): Promise<Flag[]> {
  const p = tempProject();
  projects.push(p);
  const wh = await openWarehouse(p.config.warehouse);
  try {
    if (batch) await ingest(p.ctx(), wh, { paths: list.map(([name, text]) => p.drop(name, text)), bulkThresholdBytes: threshold });
    else for (const [name, text] of list) await ingest(p.ctx(), wh, { paths: [p.drop(name, text)], bulkThresholdBytes: threshold });
    return await wh.sql.all<Flag>(`select f.name, a.line, a.rule_code, a.state, a.message, a.value, a.basis
      from ingest.audit_flags a join ingest.files f using (file_id) where a.state = 'open' order by f.name, a.line, a.rule_code`);
  } finally {
    await wh.close();
  }
}

const brief = (flags: Flag[]) => flags.map((f) => `${f.name.replace(/^\d\d_/, "").replace("2024年1-12月", "2024年")}:${f.line} ${f.rule_code} ${Number(f.value)}`);
const quarters = SERIES.map(quarter);

describe("a flow's 年 value is judged as the year's 1-12月 累计", () => {
  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`a ×0.1 annual zone value and city total after 1-3月…1-9月 are held as the 1-12月 ones are; the right one is not (${label})`, async () => {
      const asYear = await load([...quarters, annual(false)], threshold);
      const asYtd = await load([...quarters, annual(true)], threshold);
      // Lines: Z1 2, Z2 3, 沈阳市 4.
      expect(brief(asYear)).toEqual(["2024年.csv:2 YTD_OUT_OF_LINE 45", "2024年.csv:4 YTD_OUT_OF_LINE 450"]);
      expect(brief(asYtd)).toEqual(brief(asYear));
      expect(asYear.map((f) => f.basis)).toEqual(["period", "period"]);
      // stat-qa6 F7: the 年 value is named 2024年（年度值）, never 2024年累计.
      expect(asYear[0]!.message).toBe("「地区生产总值」2024年（年度值） 45 亿元低于同年2024年1-9月累计 330（年度值不应低于同年累计值）；此前的2024年1-6月 220 不高于2024年1-9月 330，"
        + "二者都远高于它：需核实的是这一数值（是否多输或少输了一位？）");
    });

    it(`the annual file before the 1-9月: held at its load, still held after (${label})`, async () => {
      const [q1, q2, q3] = quarters;
      const flags = await load([q1!, q2!, annual(false), q3!], threshold);
      expect(brief(flags)).toEqual(["2024年.csv:2 YTD_OUT_OF_LINE 45", "2024年.csv:4 YTD_OUT_OF_LINE 450"]);
      expect(flags[1]!.message).toContain("低于同年2024年1-9月累计 3,300");
    });
  }

  it("one ingest run of all the files (batch path): the same flags", async () => {
    expect(brief(await load([...quarters, annual(false)], BULK, true))).toEqual(["2024年.csv:2 YTD_OUT_OF_LINE 45", "2024年.csv:4 YTD_OUT_OF_LINE 450"]);
  });

  it("a ×10 annual value is INCREMENT_JUMP's, as a ×10 1-12月 is", async () => {
    // Z1 年 4500 (for 450) after 1-9月 330: 4500 ÷ 330 = 13.6 (< 20: not JUMP_20X); 当季增量 4500 − 330 = 4170 against the
    // mean 330 ÷ 3 = 110 → 37.9 > 15 → INCREMENT_JUMP (held).
    const flags = await load([...quarters, ["05_2024年.csv", `entity,period,indicator,value,unit\n${Z1},2024年,地区生产总值,4500,亿元\n`]], ROW);
    expect(brief(flags)).toEqual(["2024年.csv:2 INCREMENT_JUMP 4500"]);
    expect(flags[0]!.message).toBe("「地区生产总值」2024年（年度值） 4,500 亿元，其中2024年10-12月当季增量 4,170 亿元，是本年此前3个季度（2024年1-9月）平均当季增量 110 亿元的 37.9 倍（是否多输了一位？）");
  });

  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`an undecided fall onto a 年 value is YTD_DECREASE's, on the cell a 1-12月 would carry, both arrival orders (${label})`, async () => {
      // Z1 1-9月 330, then 年 45: no earlier 累计 and no 上年同期 → no evidence which is wrong → YTD_DECREASE on the later
      // file's cell: the 年 value when it comes last, the 1-9月 when it does (as a 1-9月 arriving above a stored 1-12月).
      const nine: [string, string] = ["01_2024年1-9月.csv", HEAD + `${Z1},2024年1-9月,地区生产总值,330,亿元,累计\n`];
      const year: [string, string] = ["02_2024年.csv", `entity,period,indicator,value,unit\n${Z1},2024年,地区生产总值,45,亿元\n`];
      const ytd: [string, string] = ["02_2024年1-12月.csv", HEAD + `${Z1},2024年1-12月,地区生产总值,45,亿元,累计\n`];
      const after = await load([nine, year], threshold);
      expect(brief(after)).toEqual(["2024年.csv:2 YTD_DECREASE 45"]);
      expect(after[0]!.message).toBe("年内累计值下降：2024年1-9月 330 → 2024年 45（亿元）");
      expect(brief(await load([nine, ytd], threshold))).toEqual(brief(after));
      const before = await load([year, nine], threshold);
      expect(brief(before)).toEqual(["2024年1-9月.csv:2 YTD_DECREASE 330"]);
      expect(brief(await load([ytd, nine], threshold))).toEqual(brief(before));
    });
  }

  for (const [label, threshold] of [["row path", ROW], ["bulk path", BULK]] as const) {
    it(`a ×10 1-9月 found out by a later 年 value names that value 2024年（年度值）, not 2024年累计 (stat-qa6 F7, ${label})`, async () => {
      // By hand. Z1 1-3月 100, 1-6月 220, 1-9月 3300 (for 330), then 年 450. At the 1-9月's load: 当季增量 3300 − 220 =
      // 3080 against the mean 220 ÷ 2 = 110 → 28× > 15 → INCREMENT_JUMP. The 年 450 < 3300 is a fall; by months the
      // 1-6月 agrees with the 年 (220 ÷ 6 = 36.67, 450 ÷ 12 = 37.5 a month) and the 1-9月's 3300 ÷ 9 = 366.67 is 9.8× →
      // the 1-9月 is out of line (YTD_OUT_OF_LINE on it, from the re-audit), and its message names the 年 value.
      const files: Array<[string, string]> = [["01_2024年1-3月.csv", 100], ["02_2024年1-6月.csv", 220], ["03_2024年1-9月.csv", 3300]]
        .map(([name, v]) => [name as string, HEAD + `${Z1},${(name as string).slice(3, -4)},地区生产总值,${v},亿元,累计\n`]);
      const flags = await load([...files, ["04_2024年.csv", `entity,period,indicator,value,unit\n${Z1},2024年,地区生产总值,450,亿元\n`]], threshold);
      const located = flags.filter((f) => f.rule_code === "YTD_OUT_OF_LINE");
      expect(brief(located)).toEqual(["2024年1-9月.csv:2 YTD_OUT_OF_LINE 3300"]);
      expect(located[0]!.message).toBe("「地区生产总值」2024年1-9月累计 3,300 亿元高于同年2024年（年度值） 450（年度值不应低于同年累计值）；"
        + "按月数折算，此前的2024年1-6月 220 与2024年 450 相符（月均 36.67 与 37.5），它的月均 366.67 与二者都不符：需核实的是这一数值（是否多输或少输了一位？）");
      expect(flags.map((f) => f.message).join("\n")).not.toContain("2024年累计");
    });
  }

  it("a 年 value typed in 万元 as 亿元 (×10000) after the 1-9月 is flagged: JUMP_20X does not set a 年 beside a 累计", async () => {
    // Z1 年 4500000 (450 亿元 typed as 万元): 4500000 ÷ 330 = 13636 — beyond JUMP_20X's 20, but that rule compares a 年
    // value with other years' 年 values only (none here); so INCREMENT_JUMP keeps it: increment 4499670 against the
    // mean 110 (40906.1×).
    const flags = await load([...quarters, ["05_2024年.csv", `entity,period,indicator,value,unit\n${Z1},2024年,地区生产总值,4500000,亿元\n`]], BULK);
    expect(brief(flags)).toEqual(["2024年.csv:2 INCREMENT_JUMP 4500000"]);
    expect(flags[0]!.message).toContain("的 40,906.1 倍");
  });

  it("a 年 value and a 1-12月 累计 of the same year are not a fall against each other, whichever comes first", async () => {
    // Z1: 1-9月 330, 1-12月 450 and 年 449 (a revision, not a fall: 449 < 450 but the same figure stated twice); both
    // are ≥ 330, nothing is flagged. The same with the 1-12月 449 and the 年 450.
    const twin = (ytd: number, year: number): Array<[string, string]> => [
      ...quarters,
      ["05_2024年1-12月.csv", HEAD + `${Z1},2024年1-12月,地区生产总值,${ytd},亿元,累计\n`],
      ["06_2024年.csv", `entity,period,indicator,value,unit\n${Z1},2024年,地区生产总值,${year},亿元\n`],
    ];
    expect(brief(await load(twin(450, 449), BULK))).toEqual([]);
    expect(brief(await load(twin(449, 450), BULK))).toEqual([]);
    const [a, b, c, d, e] = twin(450, 449);
    expect(brief(await load([a!, b!, c!, e!, d!], ROW))).toEqual([]);
  });

  it("with a right 1-12月 beside it, a ×0.1 年 value is still held (judged on its own against the 1-9月)", async () => {
    // Z1 1-12月 450 (right), 年 45: the 年 against 1-9月 330 as above → YTD_OUT_OF_LINE on the 45; the 450 is clean.
    const flags = await load([...quarters, ["05_2024年1-12月.csv", HEAD + `${Z1},2024年1-12月,地区生产总值,450,亿元,累计\n`],
      ["06_2024年.csv", `entity,period,indicator,value,unit\n${Z1},2024年,地区生产总值,45,亿元\n`]], BULK);
    expect(brief(flags)).toEqual(["2024年.csv:2 YTD_OUT_OF_LINE 45"]);
  });
});
