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
    `ZJ-02,${DOC},二（一）2,到2025年全省开发区工业增加值达到12000亿元,ED_330000,industrial_value_added,level,>=,false,,,,2020,8000,2025,12000,亿元,linear,,true,,\n` +
    `ZJ-03,${DOC},二（一）3,2024年全省开发区出口额占全省45%以上,ED_330000,exports,share,>=,false,330000,,,,,2024,45,%,linear,,true,,\n`);
  appendFileSync(path.join(seeds, "documents.csv"), `${DOC},,${TITLE},浙江省人民政府,\n`);
  const inbox = path.join(project, "inbox");
  // 2024: exports of the zones 150 + 160 + 100 = 410 of the province's 911.2 → 44.9956…%, a miss of 0.0044 points.
  writeFileSync(path.join(inbox, "2024年1-12月全省开发区主要经济指标.csv"),
    "2024年1-12月全省开发区主要经济指标\n序号,开发区名称,所在市,地区生产总值(亿元),比上年增长(%),工业增加值(亿元),出口额(亿美元)\n" +
    "1,杭州经济技术开发区,杭州市,1000,6.0,400,150\n2,杭州高新技术产业开发区,杭州市,1500,9.0,300,160\n3,宁波经济技术开发区,宁波市,800,5.0,500,100\n");
  writeFileSync(path.join(inbox, "2024年全省及各市主要经济指标.csv"),
    "2024年全省及各市主要经济指标\n地区,地区生产总值(亿元),工业增加值(亿元),出口额(亿美元)\n浙江省,90131,32000,911.2\n杭州市,21860,5800,400\n宁波市,18148,7600,260\n");
  // 2025年1-6月: exports 80 + 85 + 48 = 213 of 470 → 45.3% (above 45%, after the deadline).
  writeFileSync(path.join(inbox, "2025年1-6月全省开发区主要经济指标.csv"),
    "2025年1-6月全省开发区主要经济指标\n序号,开发区名称,所在市,地区生产总值(亿元),同比增长(%),工业增加值(亿元),出口额(亿美元)\n" +
    "1,杭州经济技术开发区,杭州市,520,5.5,210,80\n2,杭州高新技术产业开发区,杭州市,780,8.0,160,85\n3,宁波经济技术开发区,宁波市,400,4.0,260,48\n");
  writeFileSync(path.join(inbox, "2025年1-6月全省及各市主要经济指标.csv"),
    "2025年1-6月全省及各市主要经济指标\n地区,地区生产总值(亿元),工业增加值(亿元),出口额(亿美元)\n浙江省,45004,16500,470\n杭州市,10816,2950,200\n宁波市,9066,3900,135\n");
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
    expect(t).toMatch(/2024年全省开发区出口额占全省45%以上（[^）]*）[^）]*） 2024年 44\.996% .* 未达成/);
    // (12000 ÷ 1200)^(1 ÷ (2025 − 2024)) − 1 = 9 = 900.0%, from 2024年's annual 工业增加值 400 + 300 + 500 = 1200.
    expect(t).toContain("900.0%（按2024年）");
  });
});
