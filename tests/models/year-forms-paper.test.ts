/**
 * stat-qa6 F1, F2, F3 (and F4's wording when a confirmation changes nothing): a zone's year stated as a 「2024年」 年 value and a 2024年1-12月 累计, one of them held — what the
 * file's `.problems.txt`, the 年度分析's 数据说明 and the zone page's 数值来源 say about it.
 * Real DuckDB, real CSV files, the real CLI (refresh, ingest, report), the published pages read back.
 *
 * Files, 地区生产总值 亿元 (line 2 = first data row, value in column D):
 *                          1-3月 1-6月 1-9月 | 1-12月 (05)        | 2024年 (04)      | 2025年1-3月 (06)
 *   营口经开区 ED210801 (A)  40    85   128 | 170                | 17 (×0.1, held)  | 44
 *   营口沿海   ED210802 (B)  20    42    63 | 8.5 (×0.1, held)   | 85               | 21
 * Held by YTD_OUT_OF_LINE: A's 17 < its 1-9月 128 and 85 > 2 × 17; B's 8.5 < 63 and 42 > 2 × 8.5.
 * The year takes the clean form (int_values_annual): A 170 (1-12月), B 85 (年). By hand, 营口市省级以上经济开发区 2024年
 * sum_of_zones = 170 + 85 = 255 — complete, nothing of it 数据不全.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const ZONES = ["营口经济技术开发区", "营口沿海产业基地"];
const ytdFile = (period: string, values: number[]) => HEAD + ZONES.map((z, i) => `${z},${period},地区生产总值,${values[i]},亿元,累计\n`).join("");
const SERIES: Array<[string, number[]]> = [["2024年1-3月", [40, 20]], ["2024年1-6月", [85, 42]], ["2024年1-9月", [128, 63]]];
const YTD12 = ytdFile("2024年1-12月", [170, 8.5]);
const ANNUAL = "entity,period,indicator,value,unit\n" + ZONES.map((z, i) => `${z},2024年,地区生产总值,${[17, 85][i]},亿元\n`).join("");
const NEXT_Q1 = ytdFile("2025年1-3月", [44, 21]);
const INCOMPLETE = "该范围标为数据不全";

const projects: TestProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

const ok = async (p: TestProject, ...args: string[]) => {
  const r = await p.run(...args);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
};
const problems = (p: TestProject, file: string) => readFileSync(path.join(p.config.archive, `${file}.problems.txt`), "utf8");
const split = (text: string) => {
  const cut = text.indexOf("══ 当前状态");
  expect(cut).toBeGreaterThan(0);
  return { atLoad: text.slice(0, cut), current: text.slice(cut) };
};
const text = (p: TestProject, rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const flagOf = async (p: TestProject, zone: string) => {
  const rows = await p.query<{ flag_id: number; rule_code: string; value: number }>(
    `select flag_id, rule_code, value from ingest.audit_flags where state = 'open' and entity_code = '${zone}' and indicator_code = 'gdp'`);
  expect(rows.map((r) => r.rule_code)).toEqual(["YTD_OUT_OF_LINE"]);
  return Number(rows[0]!.flag_id);
};

describe("a year's 年 value and 1-12月 累计 on paper (stat-qa6 F1, F2, F3)", () => {
  it("the .problems.txt, the 年度分析 and the zone page say which form the year uses", async () => {
    const p = tempProject("schedule:\n  stable_seconds: 0\n");
    projects.push(p);
    SERIES.forEach(([period, values], i) => p.drop(`0${i + 1}_${period}.csv`, ytdFile(period, values)));
    p.drop("05_2024年1-12月.csv", YTD12);
    await ok(p, "refresh");
    const b = await flagOf(p, "ED210802");
    // B's 8.5 held, its 年 not loaded yet: the load-time words (数据不全) are right then.
    expect(problems(p, "05_2024年1-12月.csv")).toContain(INCOMPLETE);

    // F1 at ingest: A's 1-12月 170 is loaded when the 年 file comes, so its 17 is not said to leave the year 数据不全;
    // which form the year takes is the build's, so the report says the build decides.
    p.drop("04_2024年.csv", ANNUAL);
    p.drop("06_2025年1-3月.csv", NEXT_Q1);
    await ok(p, "ingest");
    const a = await flagOf(p, "ED210801");
    const pendingA = `标记号 ${a}（核实前不计入合计；同年另有 1-12月累计值已入库，本年取哪一个待 zonestat refresh 构建后确定）`;
    const annual = split(problems(p, "04_2024年.csv"));
    expect(annual.atLoad).toContain(pendingA);
    expect(annual.atLoad).not.toContain(INCOMPLETE);
    expect(annual.current).toContain(pendingA);
    expect(annual.current).not.toContain(INCOMPLETE);
    // B's report, rewritten after the 年 85 came: the build decides there too.
    expect(split(problems(p, "05_2024年1-12月.csv")).current).toContain(`标记号 ${b}（核实前不计入合计；同年另有年度值已入库，本年取哪一个待 zonestat refresh 构建后确定）`);

    // F1 after the build: each 当前状态 names the figure the year uses, as status does.
    await ok(p, "refresh");
    const sum = await p.query<{ value: number }>(`select value from main_intermediate.int_scope_values
      where scope_code = 'C210800_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`);
    expect(sum.map((r) => r.value)).toEqual([255]); // 170 + 85
    const aNow = split(problems(p, "04_2024年.csv")).current;
    expect(aNow).toContain(`标记号 ${a}（本年已取 1-12月累计值 170 亿元（计入合计）；此年度值不计入）`);
    expect(aNow).not.toContain(INCOMPLETE);
    const bNow = split(problems(p, "05_2024年1-12月.csv")).current;
    expect(bNow).toContain(`标记号 ${b}（本年已取年度值 85 亿元（计入合计）；此 1-12月累计值不计入）`);
    expect(bNow).not.toContain(INCOMPLETE);

    // F2: the 年度分析's 数据说明 — one item per zone's year, saying the other form is used; never 「仍计入各范围合计」.
    const out = path.join(p.dir, "annual.md");
    await ok(p, "report", "--period", "2024年", "--format", "md", "--out", out);
    const report = readFileSync(out, "utf8");
    expect(report).not.toContain("该数值仍计入各范围合计");
    const itemOf = (zone: string) => {
      const items = report.split("\n").filter((l) => l.includes(`需核实：${zone}`));
      expect(items, zone).toHaveLength(1);
      return items[0]!;
    };
    const itemA = itemOf("营口经济技术开发区");
    expect(itemA).toContain("需核实：营口经济技术开发区2024年地区生产总值。（1）");
    expect(itemA).toContain("（2）年度值 17.0 与 1-12月累计值 170.0 不一致；年度值需核实，本年取 1-12月累计值 170.0（计入合计和占比）");
    expect(itemA).toContain("各范围合计和占比取 1-12月累计值，需核实的数值不计入。");
    // B: its flag (on the 1-12月) and the 年/1-12月 disagreement were two items; now one, as A's.
    const itemB = itemOf("营口沿海产业基地");
    expect(itemB).toContain("需核实：营口沿海产业基地2024年地区生产总值。（1）");
    expect(itemB).toContain("（2）年度值 85.0 与 1-12月累计值 8.5 不一致；1-12月累计值需核实，本年取年度值 85.0（计入合计和占比）");
    expect(itemB).toContain("各范围合计和占比取年度值，需核实的数值不计入。");

    // F3: A's 数值来源 row for 2024 traces the 170 used (05 file, line 2, column D), the held 17 named beside it.
    const zoneA = text(p, "zones/ED210801.html");
    const sources = zoneA.slice(zoneA.indexOf("每个指标最近一期的数值"));
    expect(sources).toContain("地区生产总值 2024年1-12月 170.0 亿元（另有年度值 17.0 亿元需核实，不计入） 累计 05_2024年1-12月.csv 第2行 D列");
    expect(sources).not.toContain("17.0 亿元（需核实）");
    // The latest 累计 (2025年1-3月 44) keeps its own row.
    expect(sources).toContain("地区生产总值 2025年1-3月 44.0 亿元 累计 06_2025年1-3月.csv 第2行 D列");
    // B's latest 年 value is the one used (85, clean): as before.
    const zoneB = text(p, "zones/ED210802.html");
    expect(zoneB.slice(zoneB.indexOf("每个指标最近一期的数值"))).toContain("地区生产总值 2024年 85.0 亿元 当期 04_2024年.csv 第3行 D列");

    // F4 (in part): confirming A's 17 changes the year's figure (170 → 17): 「按它计算」. Confirming B's 8.5 changes it too
    // (stat-qa10 F5: the form confirmed is the one the year takes, 85 → 8.5), said with the totals before → after.
    const refusedA = await p.run("confirm", "--flag", String(a), "--by", "王老师", "--reason", "电话核实");
    expect(refusedA.code).toBe(1);
    expect(refusedA.stderr).toContain("核实后本年取年度值 17 亿元、不取 1-12月累计值 170 亿元，各范围合计和占比按它计算");
    // F4: what the totals would become, from the built marts: 营口市's zones 170 + 85 = 255 → 17 + 85 = 102.
    expect(refusedA.stderr).toContain("（按已构建的数据：");
    expect(refusedA.stderr).toContain("255 → 102 亿元");
    const refusedB = await p.run("confirm", "--flag", String(b), "--by", "王老师", "--reason", "电话核实");
    expect(refusedB.code).toBe(1);
    expect(refusedB.stderr).toContain("CONFIRM_OTHER_FORM_DIFFERS");
    expect(refusedB.stderr).toContain("核实后本年取 1-12月累计值 8.5 亿元、不取年度值 85 亿元，各范围合计和占比按它计算");
    // 营口市's zones 170 + 85 = 255 → 170 + 8.5 = 178.5.
    expect(refusedB.stderr).toContain("255 → 178.5 亿元");
    const forcedB = await ok(p, "confirm", "--flag", String(b), "--by", "王老师", "--reason", "电话核实", "--force");
    expect(forcedB.stdout).toContain("已按 --force 核实，本年取 1-12月累计值 8.5 亿元、不取年度值 85 亿元（运行 zonestat refresh 后各范围合计和占比按它计算）");
    await ok(p, "refresh");
    const after = await p.query<{ value: number }>(`select value from main_intermediate.int_scope_values
      where scope_code = 'C210800_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`);
    expect(after.map((r) => r.value)).toEqual([178.5]); // 170 + 8.5: the confirmed form

    // F4 after the forced confirm of B's 8.5: 数据质量 and the 年度分析 say who confirmed it (and when) and that the year
    // takes it — an 提示, not a 需核实 warning; A's held 17 stays 需核实.
    const quality = await p.query<{ check_code: string; severity: string; detail: string }>(`select check_code, severity, detail from main.data_quality
      where entity_code = 'ED210802' and indicator_code = 'gdp' and period_label = '2024年'`);
    expect(quality.map((r) => [r.check_code, r.severity])).toEqual([["year_form_confirmed", "info"]]);
    expect(quality[0]!.detail).toMatch(/^年度值 85\.0 与 1-12月累计值 8\.5 不一致；1-12月累计值 8\.5 已由王老师于 \d{4}-\d\d-\d\d \d\d:\d\d 核实；本年取 1-12月累计值 8\.5（计入合计和占比）$/);
    const qualityPage = text(p, "quality.html");
    expect(qualityPage).toContain("年度值与1-12月累计不一致（已核实）");
    expect(qualityPage).toContain("1-12月累计值 8.5 已由王老师于");
    expect(qualityPage).not.toContain("8.5 不一致；本年取年度值 85（计入合计和占比），请与开发区核实哪一个正确");
    await ok(p, "report", "--period", "2024年", "--format", "md", "--out", out);
    const reportAfter = readFileSync(out, "utf8");
    // The 1-12月 8.5 below its 1-9月 63 is still a fall (a 累计 cannot fall; confirming the 8.5 says the 63 is in
    // question): listed, now with the confirmation named; the year-form item is no longer 需核实.
    const verifyB = reportAfter.split("\n").filter((l) => l.includes("需核实：营口沿海产业基地"));
    expect(verifyB).toHaveLength(1);
    expect(verifyB[0]).toMatch(/需核实：营口沿海产业基地地区生产总值，年内累计值下降：63\.0 → 8\.5（8\.5 已由王老师于 \d{4}-\d\d-\d\d \d\d:\d\d 核实；累计值不应下降，请核实此前的累计值）。$/);
    const confirmedB = reportAfter.split("\n").filter((l) => l.includes("已核实：营口沿海产业基地"));
    expect(confirmedB).toHaveLength(1);
    expect(confirmedB[0]).toContain("已核实：营口沿海产业基地2024年地区生产总值，年度值 85.0 与 1-12月累计值 8.5 不一致");
    expect(confirmedB[0]).toContain("1-12月累计值 8.5 已由王老师于");
    expect(confirmedB[0]).toContain("本年取 1-12月累计值 8.5（计入合计和占比）");
    expect(reportAfter).toContain("需核实：营口经济技术开发区2024年地区生产总值");

    // F6: B's 数值来源 row for 2024 (its 年 85, its latest 当期 row) names the 1-12月 8.5 beside it, who confirmed it, and
    // that the year takes that confirmed form.
    const zoneBAfter = text(p, "zones/ED210802.html");
    expect(zoneBAfter.slice(zoneBAfter.indexOf("每个指标最近一期的数值"))).toContain(
      "地区生产总值 2024年 85.0 亿元（另有1-12月累计值 8.5 亿元，与本值不同，已由王老师核实；本年取1-12月累计值） 当期 04_2024年.csv 第3行 D列");
  });
});
