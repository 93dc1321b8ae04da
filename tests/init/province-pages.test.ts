/**
 * Another province's pages speak of its own documents and targets only: `zonestat init`
 * for 江苏省, two zones (an 经开区 and a 高新区), a targets catalogue and documents seed of
 * its own, a zone report, a land file and the province's totals; refresh; then every
 * built page is read. Also the zone register's province check and seed errors reported
 * all at once. The real CLI in child processes, as a statistician runs it.
 */
import { spawnSync } from "node:child_process";
import { appendFileSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { loadZones } from "../../pipelines/init/zones.js";
import { loadCatalogue } from "../../pipelines/catalogue.js";
import { isZonestatError, type ZonestatError } from "../../pipelines/errors.js";
import { PROBLEM_CAP } from "../../pipelines/seed-problems.js";
import { REPO } from "../support/project.js";

const BIN = path.join(REPO, "bin", "zonestat.js");
const root = mkdtempSync(path.join(tmpdir(), "zonestat-js-pages-"));
const project = path.join(root, "js");
const seeds = path.join(project, "sources", "seeds");
afterAll(() => rmSync(root, { recursive: true, force: true }));

function zonestat(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

function htmlFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const full = path.join(dir, n);
    return statSync(full).isDirectory() ? htmlFiles(full) : n.endsWith(".html") ? [full] : [];
  });
}

/** A page's visible text (scripts, styles and tags removed). */
function text(file: string): string {
  return readFileSync(file, "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/&amp;/g, "&");
}

function catchError(f: () => unknown): ZonestatError {
  try {
    f();
  } catch (e) {
    if (isZonestatError(e)) return e;
    throw e;
  }
  throw new Error("expected a ZonestatError");
}

/** The Liaoning example's document titles, from the bundled documents seed. */
const LIAONING_TITLES = Papa.parse<Record<string, string>>(readFileSync(path.join(REPO, "sources/seeds/documents.csv"), "utf8"), { header: true, skipEmptyLines: true }).data.map((d) => d.title!);
const JS_DOC = "江苏省开发区规划.txt";
const JS_TITLE = "江苏省开发区高质量发展规划（2021-2025年）";

beforeAll(() => {
  const init = zonestat(root, "init", "js", "--province", "江苏省");
  expect(init.code, init.stderr).toBe(0);
  for (const z of [
    ["--code", "ED320101", "--name", "南京经济技术开发区", "--short-name", "南京经开区", "--level", "国家级", "--type", "经济技术开发区", "--city", "南京"],
    ["--code", "HT320101", "--name", "南京高新技术产业开发区", "--short-name", "南京高新区", "--level", "国家级", "--type", "高新技术产业开发区", "--city", "南京市"],
  ]) {
    const r = zonestat(project, "zones", "add", ...z);
    expect(r.code, r.stderr).toBe(0);
  }
  // The province's own catalogue: one share target of the headline scope, no land target.
  appendFileSync(path.join(seeds, "targets.csv"), `JS-01,${JS_DOC},二（一）,到2025年开发区地区生产总值占全省30%以上,ED_320000,gdp,share,>=,false,320000,,,,,2025,30,%,linear,,true,,\n`);
  appendFileSync(path.join(seeds, "documents.csv"), `${JS_DOC},,${JS_TITLE},江苏省人民政府,\n`);
  const inbox = path.join(project, "inbox");
  writeFileSync(path.join(inbox, "2024年1-12月全省开发区主要经济指标.csv"), "2024年1-12月全省开发区主要经济指标\n序号,开发区名称,所在市,地区生产总值(亿元)\n1,南京经济技术开发区,南京市,2000\n2,南京高新技术产业开发区,南京市,1000\n");
  writeFileSync(path.join(inbox, "2024年末开发区土地开发利用情况.csv"), "2024年全省开发区土地开发利用情况\n开发区名称,规划面积(平方公里),已达到供地条件面积(公顷),已供应国有建设用地面积(公顷),已建成城镇建设用地面积(公顷)\n南京经济技术开发区,40,3000,2500,2000\n南京高新技术产业开发区,20,1900,1500,1200\n");
  writeFileSync(path.join(inbox, "江苏省主要指标_2024.csv"), "entity,period,indicator,value,unit,basis\n江苏省,2024年,地区生产总值,10000,亿元,当期\n");
  writeFileSync(path.join(inbox, "各市主要指标_2024.csv"), "entity,period,indicator,value,unit,basis\n南京市,2024年,地区生产总值,6000,亿元,当期\n苏州市,2024年,地区生产总值,8000,亿元,当期\n");
  const r = zonestat(project, "refresh");
  expect(r.code, r.stderr + r.stdout).toBe(0);
}, 600_000);

describe("another province's pages (江苏省)", () => {
  it("no built page names Liaoning, its cities or its documents", () => {
    const pages = htmlFiles(path.join(project, "site"));
    expect(pages.length).toBeGreaterThan(8);
    for (const page of pages) {
      const t = text(page);
      for (const word of ["辽宁", "沈阳", "大连", "文件000", "文件001", ...LIAONING_TITLES]) expect(t.includes(word), `${path.relative(project, page)}: ${word}`).toBe(false);
    }
  });

  it("土地: no target line when the catalogue has no land target, and says none is registered", () => {
    const t = text(path.join(project, "site", "land.html"));
    expect(t).toContain("没有登记土地开发率、土地利用率的规划目标");
    expect(t).toContain("未登记土地开发率目标");
    expect(t).not.toContain("黑色虚线");
    expect(t).not.toMatch(/目标90%|目标80%/);
    // The zones' rates are still there: 南京经开区 3000 公顷 ÷ 40 km² = 30 ÷ 40 = 75.0%.
    expect(t).toContain("75.0%");
  });

  it("each city's zones are divided by the city's own total (占本市): 南京 (2000 + 1000) ÷ 6000 = 50%", () => {
    const q = zonestat(project, "query", "--format", "json", "select scope_code, share from main.shares where scope_code = 'C320100_ED' and indicator_code = 'gdp' and period_label = '2024年'");
    const rows = JSON.parse(q.stdout) as Array<{ scope_code: string; share: number }>;
    expect(rows.length).toBeGreaterThan(0);
    for (const r of rows) expect(r.share).toBeCloseTo(0.5, 10);
  });

  it("the headline scope includes the 高新区: membership and the share count both zones", () => {
    const q = zonestat(project, "query", "--format", "json", "select m.zone_code from main_intermediate.int_scope_members m where m.scope_code = (select scope_code from main.site_scope) and m.year = 2024 order by 1");
    expect(q.code, q.stderr).toBe(0);
    expect(JSON.parse(q.stdout)).toEqual([{ zone_code: "ED320101" }, { zone_code: "HT320101" }]);
    const s = zonestat(project, "query", "--format", "json", "select round(share, 4) as share from main.shares where scope_code = (select scope_code from main.site_scope) and indicator_code = 'gdp' and period_label = '2024年' and is_preferred_numerator limit 1");
    // (2000 + 1000) ÷ 10000 = 0.3: the 高新区's 1000 is in the numerator.
    expect(JSON.parse(s.stdout)).toEqual([{ share: 0.3 }]);
    // The generated configuration says what the scope covers.
    expect(readFileSync(path.join(project, "zonestat.config.yml"), "utf8")).toMatch(/ED_320000（全省省级以上开发区）包括 zones\.csv 登记的各类开发区：经济技术开发区、经济开发区、\n# 高新技术产业开发区/);
  });

  it("documents are cited by the title in the project's documents seed, in 《》", () => {
    const index = text(path.join(project, "site", "index.html"));
    expect(index).toContain(`《${JS_TITLE}》 二（一）`);
    const shares = text(path.join(project, "site", "shares.html"));
    expect(shares).toContain(`目标：2025年不低于30%（《${JS_TITLE}》 二（一））`);
    // The 季度分析 is about this province's zones and cites the document by its title.
    const report = text(path.join(project, "site", "report.html"));
    // 2024年 is a whole year: its analysis is the 年度分析.
    expect(report).toContain("2024年全省开发区主要经济指标年度分析");
    expect(report).toContain(`《${JS_TITLE}》`);
    // No increment rule in this project: the 进度 page describes the linear path.
    expect(text(path.join(project, "site", "progress.html"))).toContain("序时进度按线性路径计算");
  });
});

describe("the zone register belongs to the project's province", () => {
  it("zones add in a city of another province is refused naming the city and the project's province", () => {
    const r = zonestat(project, "zones", "add", "--code", "ED330101", "--name", "杭州经济技术开发区", "--level", "国家级", "--type", "经济技术开发区", "--city", "杭州");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("USAGE_ZONE_OTHER_PROVINCE");
    expect(r.stderr).toContain("杭州市（330100）属于浙江省");
    expect(r.stderr).toContain("江苏省");
    expect(r.stderr).toContain("zones.csv:5");
    expect(readFileSync(path.join(seeds, "zones.csv"), "utf8")).not.toContain("ED330101");
  });

  it("a hand-edited zones.csv row in another province stops the build naming file, line, city and province", () => {
    const file = path.join(seeds, "zones.csv");
    const before = readFileSync(file, "utf8");
    try {
      writeFileSync(file, before + "ED330102,杭州某开发区,,,省级,经济开发区,330100,手工\n");
      const build = zonestat(project, "build");
      expect(build.code).toBe(1);
      expect(build.stderr).toContain("ZONES_OTHER_PROVINCE");
      // Header, comment, two zones added above: the new row is line 5.
      expect(build.stderr).toContain("sources/seeds/zones.csv:5:city_code");
      expect(build.stderr).toContain("杭州市");
      expect(build.stderr).toContain("江苏省");
    } finally {
      writeFileSync(file, before);
    }
  });
});

describe("seed files report every bad row at once", () => {
  it("zones.csv: three different problems in one error, each with line, column, value and expected", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of ["regions.csv", "scopes.csv"]) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    writeFileSync(path.join(dir, "zones.csv"), readFileSync(path.join(seeds, "zones.csv"), "utf8") +
      "ED320102,甲开发区,,,市级,经济开发区,320100,手工\nED320103,乙开发区,,,省级,工业园,320100,手工\nED330103,丙开发区,,,省级,经济开发区,330100,手工\n");
    const e = catchError(() => loadZones(dir, "ED_320000"));
    expect(e.code).toBe("ZONES_INVALID");
    expect(e.message).toContain("有 3 处错误");
    expect(e.detail.problems?.map((p) => [p.line, p.column, p.value])).toEqual([
      [5, "level", "市级"],
      [6, "type", "工业园"],
      [7, "city_code", "330100"],
    ]);
    for (const p of e.detail.problems ?? []) expect(p.expected, String(p.line)).toBeTruthy();
    for (const line of [5, 6, 7]) expect(e.message).toContain(`第 ${line} 行`);
  });

  it("the list is capped: the first PROBLEM_CAP rows, then how many more", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of ["regions.csv", "scopes.csv"]) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    const bad = Array.from({ length: PROBLEM_CAP + 10 }, (_, i) => `EDX${i},某开发区${i},,,市级,经济开发区,320100,手工`).join("\n");
    writeFileSync(path.join(dir, "zones.csv"), "code,name,short_name,aliases,level,type,city_code,source\n" + bad + "\n");
    const e = catchError(() => loadZones(dir, "ED_320000"));
    expect(e.detail.problems).toHaveLength(PROBLEM_CAP + 10);
    expect(e.message.split("\n").filter((l) => l.includes("第 "))).toHaveLength(PROBLEM_CAP);
    expect(e.message).toContain("另有 10 处错误未列出");
  });

  it("targets.csv: every bad row in one CATALOGUE_INVALID, lines counted past the commented example", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of readdirSync(seeds)) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    // Line 1 header, 2 the commented example, 3 JS-01 (good); 4 and 5 bad.
    appendFileSync(path.join(dir, "targets.csv"),
      `JS-02,${JS_DOC},二（二）,某目标,ED_320000,gdpp,level,>=,false,,,,,,2025,1,亿元,linear,,true,,\nJS-03,${JS_DOC},二（三）,某目标,NOPE,gdp,level,>=,false,,,,2026,,2025,1,亿元,linear,,true,,\n`);
    const e = catchError(() => loadCatalogue(dir));
    expect(e.code).toBe("CATALOGUE_INVALID");
    expect(e.detail.problems?.map((p) => [p.line, p.column, p.value])).toEqual([
      [4, "indicator_code", "gdpp"],
      [5, "scope_code", "NOPE"],
      [5, "base_year", "2026"],
    ]);
    expect(e.message).toContain("第 4 行（JS-02）：未知指标「gdpp」");
    expect(e.message).toContain("第 5 行（JS-03）：基期 2026 晚于目标年 2025");
  });
});

describe("seed shape and types are reported with the rows, in Chinese", () => {
  it("zones.csv: a row with a stray comma and a row missing a field are reported with the bad values, in one run", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of ["regions.csv", "scopes.csv"]) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    // Header on line 1, the commented example on 2, the two registered zones on 3–4; line 5 has 9 fields
    // (a comma inside a value), line 6 has 7, line 7 is 市级.
    writeFileSync(path.join(dir, "zones.csv"), readFileSync(path.join(seeds, "zones.csv"), "utf8") +
      "ED320102,甲开发区,甲区,,国家级,经济开发区,320100,批复,多余\nED320103,乙开发区,,,省级,经济开发区,320100\nED320104,丙开发区,,,市级,经济开发区,320100,手工\n");
    const e = catchError(() => loadZones(dir, "ED_320000"));
    expect(e.code).toBe("ZONES_INVALID");
    const lines = e.detail.problems?.map((p) => p.line);
    expect(lines).toContain(5);
    expect(lines).toContain(6);
    expect(lines).toContain(7);
    expect(e.message).toContain("第 5 行：这一行有 9 个字段，表头有 8 列");
    expect(e.message).toContain("这一行有 7 个字段，表头有 8 列");
  });

  it("zones.csv without a column the build reads names the column on line 1", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of ["regions.csv", "scopes.csv"]) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    writeFileSync(path.join(dir, "zones.csv"), "code,name,short_name,aliases,level,type,city,source\nED320102,甲开发区,,,国家级,经济开发区,南京市,手工\n");
    const e = catchError(() => loadZones(dir, "ED_320000"));
    expect(e.detail.line ?? e.detail.problems?.[0]?.line).toBe(1);
    expect(e.message).toContain("表头缺少列「city_code」");
  });

  it("targets.csv: 是/否 in a true/false column and a word in a number column, each in Chinese, with every other row", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of readdirSync(seeds)) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    // Line 3 JS-01 (good); 4: aspirational 否; 5: target_value 三十; 6: unknown indicator.
    appendFileSync(path.join(dir, "targets.csv"),
      `JS-02,${JS_DOC},二（二）,某目标,ED_320000,gdp,level,>=,否,,,,,,2025,1,亿元,linear,,true,,\n` +
      `JS-03,${JS_DOC},二（三）,某目标,ED_320000,gdp,level,>=,false,,,,,,2025,三十,亿元,linear,,true,,\n` +
      `JS-04,${JS_DOC},二（四）,某目标,ED_320000,gdpp,level,>=,false,,,,,,2025,1,亿元,linear,,true,,\n`);
    const e = catchError(() => loadCatalogue(dir));
    expect(e.detail.problems?.map((p) => [p.line, p.column, p.value])).toEqual([
      [4, "aspirational", "否"],
      [5, "target_value", "三十"],
      [6, "indicator_code", "gdpp"],
    ]);
    expect(e.message).toContain("应为 true 或 false");
    // zod's own messages come in Chinese (its zh-CN locale), never "Invalid input".
    expect(e.message).not.toMatch(/Invalid|expected|received/);
    expect(e.message).toContain("第 5 行（JS-03）：列「target_value」的值「三十」无效：应为数字");
  });

  it("targets.csv: a type error and an unknown code of the same row in one run; a name where a code belongs gets the code offered", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of readdirSync(seeds)) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    // Line 4: target_year empty AND indicator written by its Chinese name AND the denominator as a province name.
    appendFileSync(path.join(dir, "targets.csv"), `JS-02,${JS_DOC},二（二）,某目标,ED_320000,地区生产总值,share,>=,false,江苏省,,,,,,30,%,linear,,true,,\n`);
    const e = catchError(() => loadCatalogue(dir));
    expect(e.detail.problems?.map((p) => p.column)).toEqual(["target_year", "indicator_code", "denominator_code"]);
    expect(e.message).toContain("应为目标年份，如 2025");
    // indicators.csv: gdp is 地区生产总值; regions.csv: 320000 is 江苏省.
    expect(e.message).toContain("未知指标「地区生产总值」（应写代码 gdp）");
    expect(e.message).toContain("未知分母「江苏省」（应写代码 320000）");
  });

  it("a target citing a document documents.csv does not list loads, with a warning naming the file", () => {
    const dir = mkdtempSync(path.join(root, "seeds-"));
    for (const f of readdirSync(seeds)) writeFileSync(path.join(dir, f), readFileSync(path.join(seeds, f)));
    appendFileSync(path.join(dir, "targets.csv"), `JS-02,未登记的规划.txt,二（二）,某目标,ED_320000,gdp,level,>=,false,,,,,,2025,1,亿元,linear,,true,,\n`);
    const cat = loadCatalogue(dir);
    expect(cat.targets.map((t) => t.id)).toContain("JS-02");
    expect(cat.warnings).toHaveLength(1);
    expect(cat.warnings[0]).toContain("「未登记的规划.txt」没有登记在 sources/seeds/documents.csv");
  });

  it("a new project's indicators.csv carries no example document or figure", () => {
    const t = readFileSync(path.join(seeds, "indicators.csv"), "utf8");
    expect(t).not.toMatch(/文件0\d\d|6403|辽宁|沈阳/);
    // The working definition is kept: 单位土地产出值 = 地区生产总值 ÷ 已达到供地条件面积.
    expect(t).toContain("地区生产总值 ÷ 已达到供地条件面积");
  });

  it("方法: model files are named from the project, never by a path of this machine, and without English notes", () => {
    const t = readFileSync(path.join(project, "site", "method.html"), "utf8");
    expect(t).not.toContain("../");
    expect(t).not.toContain(root);
    expect(t).toContain("sources/seeds/zones.csv");
    expect(t).not.toMatch(/bottom-N|document 000|Zones ranked/);
  });
});

describe("a zone GB/T 2260 also lists as a county-level unit (苏州工业园区 = 320571)", () => {
  it("registers under its full name, and a zone report naming it loads it as the zone", () => {
    const dir = mkdtempSync(path.join(tmpdir(), "zs-sip-"));
    try {
      expect(zonestat(tmpdir(), "init", dir, "--province", "江苏省").code).toBe(0);
      const add = zonestat(dir, "zones", "add", "--code", "ED320501", "--name", "苏州工业园区", "--short-name", "苏州园区", "--level", "国家级", "--type", "经济技术开发区", "--city", "苏州");
      expect(add.code, add.stderr).toBe(0);
      // A short name a division has is still refused (it would be ambiguous everywhere).
      expect(zonestat(dir, "zones", "add", "--code", "ED320502", "--name", "某开发区", "--short-name", "苏州工业园区", "--level", "省级", "--type", "经济开发区", "--city", "苏州").code).not.toBe(0);
      writeFileSync(path.join(dir, "inbox", "a.csv"), "2024年1-9月全省开发区主要经济指标\n开发区名称,地区生产总值(亿元)\n苏州工业园区,2800\n");
      expect(zonestat(dir, "ingest").code).toBe(0);
      expect(JSON.parse(zonestat(dir, "query", "--format", "json", "select entity_code, value from observations").stdout)).toEqual([{ entity_code: "ED320501", value: 2800 }]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
