/**
 * stat-qa F12 and F13 on a warehouse: the 年度分析 (2024年 and 2025年 reports) of a year in which two of 沈阳's zones did
 * not report. Real CSV files, the real CLI's refresh and report; the .docx read as its document.xml text.
 *
 * Files (地区生产总值 累计 1-12月, 亿元), every zone of LN_ED (the seed's 52 国家级/省级 经济技术开发区, 经济开发区,
 * 边境经济合作区; 沈阳 has 11 of them, ED210101–ED210111):
 *   2023年  沈阳经开区 ED210101 100, every other zone 10;      辽宁省 30000, 沈阳市 8000.
 *   2024年  ED210101 120, every other zone 11, except 辽中 ED210105 and 新民 ED210111 (not sent);  辽宁省 32000, 沈阳市 9000.
 *   2025年  ED210101 130, every other zone 12 (all sent);      辽宁省 34000, 沈阳市 9500.
 * By hand, 2024年 沈阳市 (11 zones expected, 9 sent):
 *   sum 120 + 8 × 11 = 208 (a lower bound); like for like over the 9 zones in both years (growth mart value_compared /
 *   previous_compared): (120 + 8 × 11) / (100 + 8 × 10) − 1 = 208 / 180 − 1 = 15.56% → 「15.6（可比口径）」. Over every
 *   2023 zone it would be 208 / (100 + 10 × 10) − 1 = 4.0% — the wrong figure a partial sum gives.
 *   Every other city: 11 / 10 − 1 = 10.0%.
 *   沈阳现代化都市圈 (26 LN_ED zones, region_members.csv; 24 in both years): (120 + 23 × 11) / (100 + 23 × 10) − 1
 *   = 373 / 330 − 1 = 13.03% → 13.0%.
 *   附表2's 辽宁省 total rows: 32,000.0亿元 (2024年) and 30,000.0亿元 (2023年), the vintage in its own column.
 *   沈阳经开区's 同比 120 / 100 − 1 = 20.0%, from 2024年_开发区.csv and 2023年_开发区.csv.
 * 2025年: target D004-02 (scope 210100 = 沈阳市, GDP ≥ 10000亿元 by 2025, document 004) is judged at 2025年: 9500 → 到期未达成,
 *   差 500.0亿元; named 沈阳市, never 210100.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { readZip } from "./zip.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (year: number, e: string, v: number) => `${e},${year}年1-12月,地区生产总值,${v},亿元,累计\n`;
/** LN_ED's zones from the seed (code, name): the independent list of the scope. */
const LN_ED = readFileSync(path.join(REPO, "sources/seeds/zones.csv"), "utf8")
  .trim().split("\n").slice(1).map((l) => l.split(","))
  .filter((c) => ["国家级", "省级"].includes(c[4]!) && ["经济技术开发区", "经济开发区", "边境经济合作区"].includes(c[5]!))
  .map((c) => ({ code: c[0]!, name: c[1]! }));
const MISSING_2024 = new Set(["ED210105", "ED210111"]);

let p: TestProject;
let md2024 = "";
let md2025 = "";
let docx2024 = "";
const section = (md: string, title: string) => md.split(/\n## /).find((s) => s.startsWith(title)) ?? "";

beforeAll(async () => {
  expect(LN_ED.length).toBe(52);
  p = tempProject("schedule:\n  stable_seconds: 0\n");
  p.drop("2023年_开发区.csv", HEAD + LN_ED.map((z) => row(2023, z.name, z.code === "ED210101" ? 100 : 10)).join(""));
  p.drop("2023年_全省及各市.csv", HEAD + row(2023, "辽宁省", 30000) + row(2023, "沈阳市", 8000));
  p.drop("2024年_开发区.csv", HEAD + LN_ED.filter((z) => !MISSING_2024.has(z.code)).map((z) => row(2024, z.name, z.code === "ED210101" ? 120 : 11)).join(""));
  p.drop("2024年_全省及各市.csv", HEAD + row(2024, "辽宁省", 32000) + row(2024, "沈阳市", 9000));
  p.drop("2025年_开发区.csv", HEAD + LN_ED.map((z) => row(2025, z.name, z.code === "ED210101" ? 130 : 12)).join(""));
  p.drop("2025年_全省及各市.csv", HEAD + row(2025, "辽宁省", 34000) + row(2025, "沈阳市", 9500));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
  for (const [year, format] of [[2024, "md"], [2025, "md"], [2024, "docx"]] as const) {
    const out = path.join(p.dir, `r${year}.${format}`);
    const rep = await p.run("report", "--period", `${year}年`, "--format", format, "--out", out);
    expect(rep.code, rep.stdout + rep.stderr).toBe(0);
    if (format === "docx") docx2024 = readZip(readFileSync(out)).get("word/document.xml")!.toString("utf8").replace(/<w:tab\/>/g, "\t").replace(/<\/w:p>/g, "\n").replace(/<[^>]+>/g, "");
    else if (year === 2024) md2024 = readFileSync(out, "utf8");
    else md2025 = readFileSync(out, "utf8");
  }
});
afterAll(() => p?.cleanup());

describe("F12: a partial city's 同比 in 表1 is the growth mart's like-for-like rate, labelled 可比口径", () => {
  it("表1: 沈阳市 15.6（可比口径）, its one 数据不全 mark on the city; the others 10.0", () => {
    const table = md2024.split("**表1")[1]!.split("\n\n")[1]!.split("\n").slice(2);
    expect(table).toContain("| 沈阳市（数据不全，2家未报送） | 208.0 | 15.6（可比口径） | — |");
    expect(table).toContain("| 大连市 | 66.0 | 10.0 | — |");
    // One 数据不全 a row: not on the value, the rate or the share as well.
    for (const line of table) expect(line.match(/数据不全/g)?.length ?? 0, line).toBeLessThanOrEqual(1);
  });

  it("the growth mart's figure exactly (value_compared / previous_compared − 1 = 208 / 180 − 1), and its zones_compared 9", async () => {
    const [g] = await p.query<{ yoy: number; n: number }>(`select yoy_growth::double as yoy, zones_compared::integer as n from main.growth where entity_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年'`);
    expect(g!.yoy).toBeCloseTo(208 / 180 - 1, 10);
    expect(g!.n).toBe(9);
  });

  it("三 says what 可比口径 compares and how many zones, and 沈阳 carries one 数据不全 in the text", () => {
    const s = section(md2024, "三、分地区情况");
    expect(s).toContain("标“可比口径”的比上年增速只比较两年都有数据的开发区（与网站“城市与区域”页相同）：沈阳市9家（应报11家）。");
    expect(s).toContain("增速最高的是沈阳市（增长15.6%，可比口径），最低的是");
    // The lower bound is said without a second 数据不全; the one mark is the paragraph that says why.
    expect(s).toContain("沈阳市（已报送部分208.0亿元，为下限）");
    const paragraphs = s.split("\n\n").filter((x) => !x.startsWith("|") && !x.startsWith("**"));
    expect(paragraphs.join("\n").match(/沈阳市开发区合计数据不全|沈阳市（数据不全/g)).toHaveLength(1);
    expect(paragraphs.filter((x) => x.includes("沈阳市") && x.includes("数据不全"))).toHaveLength(1);
    // The region: 「合计数据不全（2家未报送）」 once (not 「合计不完整（数据不全，…）」), with its like-for-like 13.0%.
    expect(s).toContain("沈阳现代化都市圈开发区地区生产总值合计数据不全（2家未报送），未列出；按可比口径（两年都有数据的24家开发区），比上年增长13.0%，见“数据说明”。");
    expect(s).not.toContain("合计不完整（数据不全");
  });

  it("数据说明 says the partial city is listed as a lower bound with a like-for-like 同比, not 「相关语句未列出」", () => {
    const notes = section(md2024, "六、数据说明");
    expect(notes).toContain("2024年沈阳市省级以上经济开发区地区生产总值只有9家开发区报送（应报11家），合计和占比只含已报送的开发区，是下限，文中标“数据不全”；同比按可比口径，只比较两年都有数据的9家开发区，标“可比口径”。");
    expect(notes).not.toContain("沈阳市省级以上经济开发区地区生产总值只有9家开发区报送（应报11家），总量和占比不完整，相关语句未列出");
    // One note for 沈阳 (一's sentence of document 001's scope, the same city, had left a second one).
    expect(notes.match(/沈阳市省级以上经济开发区地区生产总值只有9家/g)).toHaveLength(1);
  });

  it("the .docx has the same 表1 row and 可比口径 note", () => {
    expect(docx2024).toContain("沈阳市（数据不全，2家未报送）");
    expect(docx2024).toContain("15.6（可比口径）");
    expect(docx2024).toContain("沈阳市9家（应报11家）");
  });

  it("附表2 registers the rate as like for like, with both years' files", () => {
    expect(md2024).toMatch(/\| 同比增长 \| 沈阳市省级以上经济开发区 · 地区生产总值 · 2024年 比 2023年（可比口径，9家） \| 15\.6% \| 2024年_开发区\.csv; 2023年_开发区\.csv \|/);
  });
});

describe("F13: names, values and files in 附表2 and the targets", () => {
  it("(c) the province totals' rows give the total in 数值 and the vintage in 数据版本", () => {
    expect(md2024).toMatch(/\| 占比 \| 辽宁省 · 2024年地区生产总值（分母） \| 32,000\.0亿元 \| 2024年_全省及各市\.csv \| \d{4}-\d{2}-\d{2} \|/);
    expect(md2024).toMatch(/\| 占比 \| 辽宁省 · 2023年地区生产总值（分母） \| 30,000\.0亿元 \| 2023年_全省及各市\.csv \| \d{4}-\d{2}-\d{2} \|/);
    // No 附表2 row with a date in 数值.
    expect(md2024).not.toMatch(/\| s\d+ \| [^|]+ \| [^|]+ \| \d{4}-\d{2}-\d{2} \|/);
    // 数据说明 still names the file and its vintage.
    expect(section(md2024, "六、数据说明")).toContain("辽宁省总量取自 2024年_全省及各市.csv（数据版本 2025-01-01），用于2024年地区生产总值的占比。");
  });

  it("(d) a zone's 同比 row names this year's and the base year's file", () => {
    expect(md2024).toMatch(/\| 同比增长 \| 沈阳经济技术开发区 · 地区生产总值 · 2024年 比 2023年 \| 20\.0% \| 2024年_开发区\.csv; 2023年_开发区\.csv \| [^|]+; [^|]+ \|/);
  });

  it("(a) a target of scope 210100 is 沈阳市's: judged at 2025年, 9500 against 10000 → 差500.0亿元, never 「210100」", () => {
    expect(md2025).toContain("沈阳市地区生产总值2025年不低于10,000亿元");
    expect(md2025).toMatch(/沈阳市地区生产总值2025年不低于10,000亿元（一（四））：到期未达成，2025年为9,500\.0亿元，差500\.0亿元。/);
    expect(md2025).not.toContain("210100");
    expect(md2024).not.toContain("210100");
  });

  it("(b) the 方法 page's 原文 and the search index join a table row's cells with ｜, never raw tabs", () => {
    const method = readFileSync(path.join(p.config.site, "method.html"), "utf8");
    // targets.csv D000-C5-210100: 「沈阳市<TAB>11<TAB>13」.
    expect(method).toContain("沈阳市｜11｜13");
    expect(method).not.toMatch(/沈阳市\t11/);
    const index = readFileSync(path.join(p.config.site, "search", "index.js"), "utf8");
    expect(index).toContain("沈阳市｜11｜13");
    expect(index).not.toContain("沈阳市\\t11");
  });
});
