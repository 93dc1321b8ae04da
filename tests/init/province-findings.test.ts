/**
 * A 浙江省 project as a user-tester set it up (findings/zj-qa.md): `zonestat init --province 浙江`,
 * three zones (two in 杭州, one in 宁波; an 经开区 and a 高新区), a plan with a level target that has
 * a base (工业增加值 8000 亿元 in 2020 → 12000 in 2025) and an expired share target missed by a hair
 * (2024 出口额 ≥45%), zone files for 2024年 and 2025年1-6月 with the zones' own 同比 columns, and the
 * province's and cities' totals. Its pages must speak of its own plan and never contradict a verdict.
 * The real CLI in child processes; pages read as built.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO } from "../support/project.js";

const BIN = path.join(REPO, "bin", "zonestat.js");
const root = mkdtempSync(path.join(tmpdir(), "zonestat-zj-"));
const project = path.join(root, "zj");
const seeds = path.join(project, "sources", "seeds");
const site = path.join(project, "site");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function zonestat(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

/** A page's visible text (scripts, styles and tags removed, whitespace collapsed). */
function text(file: string): string {
  return readFileSync(path.join(site, file), "utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/&amp;/g, "&")
    .replace(/\s+/g, " ");
}

/** The key-figure card of a target on 总览, as text. */
function card(id: string): string {
  const html = readFileSync(path.join(site, "index.html"), "utf8");
  const m = new RegExp(`<div class="card kf" data-target="${id}">([\\s\\S]*?)\\n</div>`).exec(html);
  expect(m, `card ${id}`).not.toBeNull();
  return m![1]!.replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
}

function query<T>(sql: string): T[] {
  const r = zonestat(project, "query", "--format", "json", sql);
  expect(r.code, r.stderr).toBe(0);
  return JSON.parse(r.stdout) as T[];
}

const DOC = "浙江省开发区规划.txt";
const TITLE = "浙江省开发区高质量发展规划（2021-2025年）";

beforeAll(() => {
  expect(zonestat(root, "init", "zj", "--province", "浙江").code).toBe(0);
  for (const z of [
    ["--code", "ED330101", "--name", "杭州经济技术开发区", "--short-name", "杭州经开区", "--level", "国家级", "--type", "经济技术开发区", "--city", "杭州"],
    ["--code", "HT330101", "--name", "杭州高新技术产业开发区", "--short-name", "杭州高新区", "--level", "国家级", "--type", "高新技术产业开发区", "--city", "杭州"],
    ["--code", "ED330201", "--name", "宁波经济技术开发区", "--short-name", "宁波经开区", "--level", "国家级", "--type", "经济技术开发区", "--city", "宁波"],
  ]) {
    const r = zonestat(project, "zones", "add", ...z);
    expect(r.code, r.stderr).toBe(0);
  }
  appendFileSync(path.join(seeds, "targets.csv"),
    `ZJ-01,${DOC},二（一）1,到2025年全省开发区地区生产总值占全省比重达到60%以上,ED_330000,gdp,share,>=,false,330000,,,,,2025,60,%,linear,,true,,\n` +
    `ZJ-02,${DOC},二（一）2,到2025年全省开发区工业增加值达到12000亿元,ED_330000,industrial_value_added,level,>=,false,,,,2020,8000,2025,12000,亿元,linear,,true,,\n` +
    `ZJ-03,${DOC},二（一）3,2024年全省开发区出口额占全省45%以上,ED_330000,exports,share,>=,false,330000,,,,,2024,45,%,linear,,true,,\n` +
    `ZJ-04,${DOC},二（二）1,高新区地区生产总值年均增长8%以上,HT_330000,gdp,growth,>=,false,,,,2023,,2024,8,%,linear,,true,,\n` +
    `ZJ-06,${DOC},二（三）1,2023年全省开发区出口额达到400亿美元,ED_330000,exports,level,>=,false,,,,,,2023,400,亿美元,linear,,true,,\n`);
  appendFileSync(path.join(seeds, "documents.csv"), `${DOC},,${TITLE},浙江省人民政府,\n`);
  const inbox = path.join(project, "inbox");
  // 2024: exports of the zones 150 + 160 + 100 = 410 of the province's 911.2 → 44.9956…%, a miss of 0.0044 points.
  writeFileSync(path.join(inbox, "2024年1-12月全省开发区主要经济指标.csv"),
    "2024年1-12月全省开发区主要经济指标\n序号,开发区名称,所在市,地区生产总值(亿元),比上年增长(%),工业增加值(亿元),出口额(亿美元)\n" +
    "1,杭州经济技术开发区,杭州市,1000,6.0,400,150\n2,杭州高新技术产业开发区,杭州市,1500,9.0,300,160\n3,宁波经济技术开发区,宁波市,800,5.0,500,100\n");
  writeFileSync(path.join(inbox, "2024年全省及各市主要经济指标.csv"),
    "2024年全省及各市主要经济指标\n地区,地区生产总值(亿元),工业增加值(亿元),出口额(亿美元)\n浙江省,90131,32000,911.2\n杭州市,21860,5800,400\n宁波市,18148,7600,260\n");
  // 2025年1-6月: exports 80 + 85 + 48 = 213 of 470 → 45.3% (above 45%, after the deadline). 宁波经开区's GDP 0.04 is a
  // 万元 slip against 2024's 800 (JUMP_20X, 需核实).
  writeFileSync(path.join(inbox, "2025年1-6月全省开发区主要经济指标.csv"),
    "2025年1-6月全省开发区主要经济指标\n序号,开发区名称,所在市,地区生产总值(亿元),同比增长(%),工业增加值(亿元),出口额(亿美元)\n" +
    "1,杭州经济技术开发区,杭州市,520,5.5,210,80\n2,杭州高新技术产业开发区,杭州市,780,8.0,160,85\n3,宁波经济技术开发区,宁波市,0.04,4.0,260,48\n");
  writeFileSync(path.join(inbox, "2025年1-6月全省及各市主要经济指标.csv"),
    "2025年1-6月全省及各市主要经济指标\n地区,地区生产总值(亿元),工业增加值(亿元),出口额(亿美元)\n浙江省,45004,16500,470\n杭州市,10816,2950,200\n宁波市,9066,3900,135\n");
  writeFileSync(path.join(inbox, "2024年末开发区土地开发利用情况.csv"),
    "2024年全省开发区土地开发利用情况\n开发区名称,规划面积(平方公里),已达到供地条件面积(平方公里),已供应国有建设用地面积(平方公里),已建成城镇建设用地面积(平方公里)\n" +
    "杭州经济技术开发区,50,45,40,36\n杭州高新技术产业开发区,40,38,35,33\n宁波经济技术开发区,30,25,20,18\n");
  const r = zonestat(project, "refresh");
  expect(r.code, r.stderr + r.stdout).toBe(0);
}, 600_000);

describe("an expired target is shown at its deadline, with the digits that show a miss (finding 1)", () => {
  it("targets --status: 44.996% and 差0.004个百分点 beside 未达成 (410 ÷ 911.2 = 44.99561%; 45 − 44.99561 = 0.00439)", () => {
    const r = zonestat(project, "targets", "--status");
    expect(r.code, r.stderr).toBe(0);
    const line = r.stdout.split("\n").find((l) => l.startsWith("ZJ-03"))!;
    expect(line).toContain("2024年未达成（实际44.996%，差0.004个百分点）");
  });

  it("总览 card: the 2024 value, its period and the 2024 gap — not 2025年1-6月's 45.3% or 超出", () => {
    const c = card("ZJ-03");
    expect(c).toContain("44.996%");
    expect(c).toContain("2024年差 0.004 个百分点");
    expect(c).toContain("未达成");
    expect(c).not.toContain("45.3%");
    expect(c).not.toContain("超出");
    expect(c).not.toContain("2025年1-6月");
  });

  it("总览 card of an expired target without a target-year figure (2023 出口额, files from 2024): 无法判定, not 暂无数据 beside a value", () => {
    const c = card("ZJ-06");
    expect(c).toContain("无法判定");
    expect(c).not.toContain("暂无数据");
  });

  it("总览 card of a live level target: a half-year figure is set against the schedule, as the table does", () => {
    // 2025年1-6月 工业增加值 210 + 160 + 260 = 630 亿元; the linear path is 12000 × 6/12 = 6000 (target_status.expected):
    // 比进度差 5,370.0 亿元, not the annual target's 差 11,370.0.
    const [row] = query<{ expected: number; actual: number }>("select expected, actual from main.target_status where target_id = 'ZJ-02' and period_label = '2025年1-6月'");
    expect(row!.actual).toBeCloseTo(630, 9);
    const c = card("ZJ-02");
    expect(c).toContain(`比进度差 ${(row!.expected - 630).toLocaleString("en-US", { minimumFractionDigits: 1, maximumFractionDigits: 1 })} 亿元`);
    expect(c).not.toContain("11,370.0");
  });
});

describe("进度 draws a target's path from its base (finding 2) and shows an expired target at its deadline", () => {
  it("a level target with a catalogue base: the path's ends are the base (2020 8000) and the target (2025 12000), the 2024 point 11200", () => {
    const t = text("progress.html");
    // Linear path by hand: 8000 + (12000 − 8000) × (2024 − 2020) ÷ (2025 − 2020) = 11200.
    expect(t).toContain("按线性进度预期（基期2020年）");
    expect(t).toMatch(/2020 — 8,000\.0 亿元 — 2024 1,200\.0 亿元 11,200\.0 亿元 — 2025 — 12,000\.0 亿元/);
    expect(t).not.toMatch(/到2025年全省开发区工业增加值达到12000亿元（总量） 实线：实际；无基期值/);
  });

  it("a share without a base keeps the sentence in the subtitle, and its column is headed 目标年的目标值", () => {
    const t = text("progress.html");
    expect(t).toContain("数据表 年份 实际 目标年的目标值 文件列出的预期值 2024 44.996% 45.0%");
  });

  it("最近一期: the expired share at 2024年 with 44.996% and 未达成; the level's 所需年均增速 from the 2024 figure", () => {
    const t = text("progress.html");
    // The verdict also under the name, shown on a phone only (reader-qa3 7).
    expect(t).toMatch(/2024年全省开发区出口额占全省45%以上（[^）]*）[^）]*）(?: 未达成 2024年未达成（[^）]*）)? 2024年 44\.996% .* 未达成/);
    // (12000 ÷ 1200)^(1 ÷ (2025 − 2024)) − 1 = 9 = 900.0%, from 2024年's annual 工业增加值 400 + 300 + 500 = 1200.
    expect(t).toContain("900.0%（按2024年）");
  });
});

describe("pages name the indicators of this plan and files, not the Liaoning example's (findings 3, 5, 6)", () => {
  it("占比: one chart per unit of the plan's share targets — 地区生产总值 (ZJ-01) and 出口额 (ZJ-03), no 一般公共预算收入 or 固定资产投资", () => {
    const t = text("shares.html");
    expect(t).toContain("地区生产总值占全省比重");
    expect(t).toContain("出口额占全省比重");
    expect(t).not.toMatch(/一般公共预算收入|固定资产投资|实际利用外资占全省比重/);
  });

  it("占比 (sc-qa finding 2): the expired 出口额 target's deadline row shows 44.996% (410 ÷ 911.2 = 44.99561%), never 45.0%, with its verdict; the subtitle says it", () => {
    const t = text("shares.html");
    // Table row and chart summary: the share with the digits that show the miss, then 目标判定 (45 − 44.99561 = 0.00439 → 0.004).
    expect(t).toMatch(/出口额 2024年 410\.0 亿美元 911\.2 亿美元 44\.996% 到期未达成（2024年44\.996%，差0\.004个百分点）/);
    expect(t).toContain("占比 44.996%，目标判定 到期未达成");
    expect(t).not.toMatch(/出口额 2024年[^%]*45\.0%/);
    expect(t).toContain("2024年不低于45%（《浙江省开发区高质量发展规划（2021-2025年）》 二（一）3），到期未达成（2024年44.996%，差0.004个百分点）");
    // The 2025 year-to-date chart does not judge 2025 against the expired 2024 target.
    expect(t).toContain("2024年目标已到期，本图各期不再与之比较达成与否：出口额到期未达成（2024年44.996%，差0.004个百分点）");
  });

  it("占比 by city: the city's own name and each source file once (杭州 zones 520 + 780 = 1,300.0 亿元)", () => {
    const t = text("shares.html");
    expect(t).toContain("杭州市 1,300.0 亿元");
    expect(t).not.toContain("省级以上开发区市");
    const source = /各市开发区地区生产总值（2025年1-6月）[\s\S]*?来源：([^ ]+)/.exec(t)![1]!;
    expect(source).toBe("2025年1-6月全省开发区主要经济指标.csv");
  });

  it("数据质量: 未报送 only for indicators some zone reported, as the 季度分析 says; the source line names the project's scope", () => {
    const t = text("quality.html");
    // coverage (models/marts/coverage.sql): the core indicators are the usual six and the plan's targeted flows (工业增加值),
    // counted for a period only where some zone reported them: 地区生产总值, 出口额 and 工业增加值, each reported by all
    // 3 zones in both periods; the other four of the six no zone reported, so they are not 未报送 for anyone.
    // Said of the scope it counts (reader-qa2 9: "各开发区均已报送" beside 总览's "14家开发区未报送" for 高新区, outside it).
    expect(t).toMatch(/最近一期（[^）]+）全省省级以上开发区中有 0 个开发区的核心指标未报送（报送覆盖只统计这一范围内的开发区）/);
    expect(t).toContain("核心指标：出口额、地区生产总值、工业增加值");
    expect(t).not.toContain("未计为问题");
    expect(t).toContain("各开发区均已报送");
    expect(t).not.toMatch(/一般公共预算收入|固定资产投资/);
    expect(t).not.toContain("省级以上经济开发区 ×");
    expect(text("report.html")).toContain("本期各开发区均报送了主要指标");
  });

  it("末位预警 is left out of the rankings download and the 方法 dictionary: this catalogue has no 末位 clause", () => {
    expect(readFileSync(path.join(site, "downloads", "rankings.csv"), "utf8").split("\n")[0]).not.toContain("末位预警");
    expect(text("method.html")).not.toContain("末位预警");
    // Dictionary entries in Chinese (finding 13): no column code shown.
    expect(text("method.html")).not.toMatch(/is_expected_period|is_lateness_judged/);
    expect(text("method.html")).toContain("是否应报期间");
  });

  it("工业增加值 (ZJ-02's indicator, in every zone file) is ranked, on zone pages and in 季度分析 二、分指标情况", () => {
    // 2025年1-6月: 宁波经开区 260 > 杭州经开区 210 > 杭州高新区 160.
    expect(text("ranking.html")).toMatch(/工业增加值（2025年1-6月） .*? 1 宁波经济技术开发区 宁波市 国家级 260\.0/);
    expect(text("zones/ED330101.html")).toMatch(/工业增加值 2025年1-6月 210\.0 亿元/);
    expect(text("report.html")).toContain("全省开发区实现工业增加值 630.0亿元");
  });
});

describe("reported growth, 占本市 and 需核实 (findings 4, 7, 8)", () => {
  it("排名 and 城市: a zone's reported 同比 where none can be computed, marked 填报, with the page saying what it is", () => {
    const ranking = text("ranking.html");
    // No 2024年1-6月 values: no computed 同比; 杭州经开区 reported 同比增长 5.5% for 2025年1-6月.
    expect(ranking).toMatch(/杭州经济技术开发区 杭州市 国家级 520\.0 增长 5\.5%（填报）/);
    expect(ranking).toContain("列出开发区报表填报的增速，标“填报”");
    expect(text("cities.html")).toContain("增长 8.0%（填报）");
    // The 季度分析 says the rates exist and are not used as 同比.
    // sc-qa finding 4: the report gives the reported rates, marked 填报 and unranked (the 2025年1-6月 file's 比上年增长(%)
    // column: 杭州高新 8.0, 杭州经开 5.5, listed by value 780 > 520; 宁波经开's 0.04 is held for checking (JUMP_20X), so
    // neither it nor its reported rate is listed), and says they are not 同比.
    const report = text("report.html");
    expect(report).toContain("各开发区报表填报的增速（标“填报”）为杭州高新技术产业开发区（增长8.0%，填报）和杭州经济技术开发区（增长5.5%，填报）。");
    expect(report).toContain("以上2家开发区的增速为报表填报数（标“填报”），可能按可比价计算，与按数值计算的同比口径不同");
    // sc-qa finding 8: a zone's value in 附表2 is labelled as the file's value, not 同比增长.
    expect(report).toMatch(/s\d+ 开发区报表数值 杭州经济技术开发区 · 地区生产总值 · 2025年1-6月 520\.0亿元/);
    expect(report).not.toMatch(/同比增长（growth） 杭州经济技术开发区 · 地区生产总值 · 2025年1-6月 520/);
  });

  it("a growth target without its base year's level says which levels it needs, and that reported rates cannot replace them", () => {
    // ZJ-04: 高新区 GDP growth from 2023; the files have 2024 and 2025 levels only (and reported rates).
    const r = zonestat(project, "targets", "--status");
    const line = r.stdout.split("\n").find((l) => l.startsWith("ZJ-04"))!;
    // reader-qa3 F18: it needs full years (the base 2023 and one after it), which part-year totals do not replace.
    expect(line).toContain("年均增速按全年数值计算，需要基期2023年和此后至少一个全年（2024年起）的总量；年内累计数和开发区填报的增速不能代替");
  });

  it("占本市: zone ÷ its city's own total on 城市 and zone pages (杭州 (520 + 780) ÷ 10816 = 12.0%; 杭州经开区 520 ÷ 10816 = 4.8%)", () => {
    // 已报送/应报: both 杭州 zones are in the project's all-types headline scope (reader-qa3 F3).
    expect(text("cities.html")).toMatch(/杭州市 2\/2 1,300\.0 — 2\.9% 12\.0%/);
    expect(text("zones/ED330101.html")).toMatch(/地区生产总值 2025年1-6月 520\.0 亿元 增长 5\.5%（填报） 1\.2% 4\.8% 40\.0%/);
  });

  it("需核实: the flagged 万元 slip is marked on 排名, and the 总览 card whose sum includes it says so", () => {
    // The slip as typed, 0.04 亿元: a value that is not zero never prints as 0.0 (stat-qa 10).
    expect(text("ranking.html")).toMatch(/宁波经济技术开发区 宁波市 国家级 0\.04（需核实）/);
    // 宁波's 万元 slip is ×20 (JUMP_20X, a holding rule): left out of ZJ-01's sum, so the card says 不含 it, never also
    // "含需核实的开发区数值" beside it (reader-qa 7).
    expect(card("ZJ-01")).toMatch(/不含1个需核实数值（宁波经济技术开发区，标记号 \d+）/);
    expect(card("ZJ-01")).not.toContain("含需核实的开发区数值");
    expect(card("ZJ-03")).not.toContain("需核实");
    expect(text("quality.html")).toContain("与上期相差20倍以上（疑似单位错误）");
  });

  it("sc-qa finding 8: 方法 names target_verdicts' columns in Chinese (no bare column codes); 土地 names no seed file path", () => {
    const method = text("method.html");
    for (const code of ["is_full_year", "break_year_since_base", "latest_actual", "break_year_after_deadline", "break_after_deadline_declared"]) expect(method).not.toContain(code);
    expect(method).toContain("全年数据 该期为全年（1-12月或年末）数据");
    expect(text("land.html")).not.toContain("sources/seeds");
  });

  it("sc-qa finding 7: 搜索 lists only indicators with data or a target — 出口额 and 工业增加值, not the generic catalogue's 海洋生产总值", () => {
    const t = text("search.html");
    expect(t).toContain("出口额");
    expect(t).toContain("工业增加值");
    expect(t).not.toContain("海洋生产总值");
    // Independent path: indicators with an observation or a target in this project's warehouse.
    const [n] = query<{ n: number }>(`select count(*)::int as n from main_reference.indicators i where exists (select 1 from main_staging.stg_observations o where o.indicator_code = i.code) or exists (select 1 from main_staging.stg_targets t where t.indicator_code = i.code)`);
    expect(t).toContain(`指标（${n!.n} 项）`);
  });

  it("sc-qa finding 5: 总览 says first how many targets stand where, by the badges the tables show", () => {
    // By hand from the catalogue above: ZJ-01 (60% share, 2025年1-6月 2.9%) 落后进度; ZJ-02 (12000亿元) 待核实 — its sum
    // leaves out 宁波经开区's 0.04, a 万元 slip held by JUMP_20X (holds: true), so 520 + 780 is not the total, and every
    // zone reported: the value waits for 核实, no zone is missing (qa42 F1; it read 数据不全); ZJ-03
    // 到期未达成 (44.996% < 45%); ZJ-06 (400亿美元 by 2023, no 2023 figure) 无法判定; ZJ-04 (growth from 2023, no levels) 暂无数据.
    // A target without data is counted apart, not among those with data (reader-qa 14).
    const m = /有数据的目标(\d+)项：([^。]*)。另有(\d+)项目标暂无数据。/.exec(text("index.html"));
    expect(m).not.toBeNull();
    expect(m![1]).toBe("4");
    expect(m![3]).toBe("1");
    // The behind and missed targets are named in brackets after their count (reader-qa3 F19): counted without them.
    let counts = m![2]!;
    while (/（[^（）]*）/.test(counts)) counts = counts.replace(/（[^（）]*）/g, "");
    expect(m![2]).toContain("落后进度1项（");
    const parts = counts.split("、");
    expect(parts).toEqual(expect.arrayContaining(["待核实1项", "落后进度1项", "到期未达成1项", "无法判定1项"]));
    expect(parts.reduce((sum, p) => sum + Number(/(\d+)项$/.exec(p)![1]), 0)).toBe(4);
  });

  it("sc-qa finding 1 end to end: the 2024年 report judges the 2024 出口额 target at its year, with 44.996% everywhere it prints (body, 附表1, 附表2)", () => {
    const out = path.join(root, "zj-2024.md");
    const r = zonestat(project, "report", "--period", "2024年", "--format", "md", "--out", out);
    expect(r.code, r.stderr).toBe(0);
    const md = readFileSync(out, "utf8");
    // 410 ÷ 911.2 = 44.99561% → 44.996% beside 45%; 45 − 44.99561 = 0.00439 → 差0.004个百分点.
    expect(md).toContain("占全省的44.996%");
    expect(md).toContain("提出的2024年45%的目标到期未达成，差0.004个百分点");
    expect(md).toMatch(/\| 出口额（亿美元） \| 410\.0 \| [^|]* \| 44\.996 \| [^|]* \| 到期未达成（2024年44\.996%，差0\.004个百分点）/);
    expect(md).toMatch(/\| 占比 \| 全省省级以上开发区 · 出口额 · 2024年 占浙江省 \| 44\.996% \|/);
    expect(md).not.toMatch(/出口额[^\n]*45\.0%/);
    expect(md).toContain("已到目标年的");
  });

  it("土地 labels a year-end stock 2024年末, never 2024-12-31", () => {
    const t = text("land.html");
    expect(t).toContain("各开发区土地开发率（2024年末）");
    expect(t).not.toContain("2024-12-31");
  });

  it("a later revision of the province's total: the report's share and its verdict use the same edition as the site (qa: 50.02% beside 到期未达成)", () => {
    // The bureau re-issues 2024 with exports 910.0 (was 911.2): the latest edition would give 410 ÷ 910 = 45.055% (above 45%),
    // the same-period edition — the one the verdict and the 占比 page use — stays 410 ÷ 911.2 = 44.996%.
    writeFileSync(path.join(project, "inbox", "2024年全省及各市主要经济指标_修订@2025-10-01.csv"),
      "2024年全省及各市主要经济指标\n地区,地区生产总值(亿元),工业增加值(亿元),出口额(亿美元)\n浙江省,90131,32000,910.0\n杭州市,21860,5800,400\n宁波市,18148,7600,260\n");
    const r = zonestat(project, "refresh");
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const out = path.join(root, "zj-2024-revised.md");
    expect(zonestat(project, "report", "--period", "2024年", "--format", "md", "--out", out).code).toBe(0);
    const md = readFileSync(out, "utf8");
    expect(md).toContain("占全省的44.996%");
    expect(md).not.toContain("45.055");
    expect(md).not.toMatch(/占全省的45\.1%/);
  });
});
