/**
 * stat-qa5 F3, F16, F6: a zone's year stated in two forms — a 「2024年」 年 value and a 2024年1-12月 累计 — one held.
 * Real DuckDB, real CSV files, the real CLI (refresh, ingest, status, confirm, report), the published pages read back.
 *
 * Files, 地区生产总值 亿元, 2024 (line 2 = first data row):
 *                          1-3月 1-6月 1-9月 | 2024年           | 2024年1-12月 (累计)
 *   营口经开区 ED210801      40    85   128 |  17 (×0.1, held) | 170 (right)
 *   营口沿海   ED210802     120   250   380 | 515              | 515
 * Held by YTD_OUT_OF_LINE (annual-held-ytd.test.ts's rule): 17 < its 1-9月 128, the 1-6月 85 ≤ 128 and 85 > 2 × 17.
 * By hand, 营口市省级以上经济开发区 (C210800_ED) 2024年 sum_of_zones:
 *   the 1-12月 loaded: 170 (营口经开区's 1-12月, its 年 held) + 515 = 685.
 *   the 17 confirmed with --force: the year takes the 年 value (neither held) → 17 + 515 = 532.
 * F3: the held 17's flag says the year took the 1-12月 170 (in the totals), in status (text and --json), the 数据质量
 *     审核 table and the zone page's banner — both arrival orders; before a build, status says the build decides.
 * F16: confirming the 17 is refused (CONFIRM_OTHER_FORM_DIFFERS naming 170 and its file); --force confirms and says so.
 * F6: coverage has one 2024年 row per zone (the two forms are one figure): 营口经开区 reported (170, 'ytd'),
 *     every unreported zone once in 数据质量's 未报送 and 地区生产总值 once in the 年度分析's list.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const ZONES = ["营口经济技术开发区", "营口沿海产业基地"];
const SERIES: Array<[string, number[]]> = [["2024年1-3月", [40, 120]], ["2024年1-6月", [85, 250]], ["2024年1-9月", [128, 380]]];
const ytdFile = (period: string, values: number[]) => HEAD + ZONES.map((z, i) => `${z},${period},地区生产总值,${values[i]},亿元,累计\n`).join("");
const ANNUAL = "entity,period,indicator,value,unit\n" + ZONES.map((z, i) => `${z},2024年,地区生产总值,${[17, 515][i]},亿元\n`).join("");
const YTD12 = ytdFile("2024年1-12月", [170, 515]);
const USED = "本年已取 1-12月累计值 170 亿元（计入合计）；此年度值不计入";

const projects: TestProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

function project(): TestProject {
  const p = tempProject("schedule:\n  stable_seconds: 0\n");
  projects.push(p);
  SERIES.forEach(([period, values], i) => p.drop(`0${i + 1}_${period}.csv`, ytdFile(period, values)));
  return p;
}
const ok = async (p: TestProject, ...args: string[]) => {
  const r = await p.run(...args);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  return r;
};
const text = (p: TestProject, rel: string) => readFileSync(path.join(p.config.site, rel), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");
const heldFlag = async (p: TestProject) => {
  const rows = await p.query<{ flag_id: number; rule_code: string; value: number }>(
    `select a.flag_id, a.rule_code, a.value from ingest.audit_flags a where a.state = 'open' and a.entity_code = 'ED210801' and a.indicator_code = 'gdp'`);
  expect(rows.map((r) => [r.rule_code, r.value])).toEqual([["YTD_OUT_OF_LINE", 17]]);
  return Number(rows[0]!.flag_id);
};
const yingkou = async (p: TestProject) =>
  (await p.query<{ value: number }>(`select value from main_intermediate.int_scope_values
     where scope_code = 'C210800_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`))[0]?.value;
const statusJson = async (p: TestProject) => JSON.parse((await ok(p, "status", "--json")).stdout) as { audit_flags: Array<Record<string, unknown>>; audit_effects_from: string };

/** F3 on every surface, once the 1-12月 170 is the year's value. */
async function saysSuperseded(p: TestProject, flag: number) {
  expect(await yingkou(p)).toBe(685);
  const s = await statusJson(p);
  expect(s.audit_effects_from).toBe("models");
  expect(s.audit_flags.find((r) => Number(r.flag_id) === flag)).toMatchObject({ effect: "superseded", year_form: "ytd_december", year_value: 170, year_unit: "亿元", year_file: "05_2024年1-12月.csv" });
  const line = (await ok(p, "status")).stdout.split("\n").find((l) => l.includes(`标记号 ${flag} `))!;
  expect(line).toContain(`（${USED}）`);
  expect(line).not.toContain("核实前不计入合计");
  expect(text(p, "quality.html")).toContain(`需核实（${USED}）`);
  const zone = text(p, "zones/ED210801.html");
  expect(zone).toContain(`2024年 地区生产总值 17.0 亿元（标记号 ${flag}，${USED}）`);
  expect(zone).not.toContain("核实前不计入合计、占比和排名");
}

describe("a year's 年 value and 1-12月 累计, one held (stat-qa5 F3, F16, F6)", () => {
  it("年 first, then the 1-12月: status, pages and coverage say which is used; confirm refuses the other figure", async () => {
    const p = project();
    p.drop("04_2024年.csv", ANNUAL);
    await ok(p, "refresh");
    const flag = await heldFlag(p);
    // Only the held 17 for 营口经开区: 515 alone.
    expect(await yingkou(p)).toBe(515);
    expect((await statusJson(p)).audit_flags.find((r) => Number(r.flag_id) === flag)?.effect).toBe("held");

    // The 1-12月 loaded but not built: the loaded files alone cannot say which form the year takes — the build decides.
    p.drop("05_2024年1-12月.csv", YTD12);
    await ok(p, "ingest");
    const pending = await statusJson(p);
    expect(pending.audit_effects_from).toBe("ingest");
    expect(pending.audit_flags.find((r) => Number(r.flag_id) === flag)?.effect).toBe("held_pending");
    expect((await ok(p, "status")).stdout).toContain("同年另有 1-12月累计值已入库，本年取哪一个待 zonestat refresh 构建后确定");

    await ok(p, "refresh");
    await saysSuperseded(p, flag);

    // F6: one 2024年 row per zone (before: two, the 年 form's and the 1-12月's), every unreported zone 未报送 once.
    const rows = await p.query<{ zone_code: string; n: number; reported: boolean; value: number | null; source_file: string | null }>(
      `select zone_code, count(*) over (partition by zone_code)::integer as n, reported, value, source_file
       from main.coverage where indicator_code = 'gdp' and period_label = '2024年' order by zone_code`);
    expect(rows.length).toBeGreaterThan(2);
    expect(rows.filter((r) => r.n !== 1).map((r) => r.zone_code)).toEqual([]);
    const unreported = rows.length - 2;
    const missing = await p.query<{ n: number; zones: number }>(`select count(*)::integer as n, count(distinct entity_code)::integer as zones
       from main.data_quality where check_code = 'missing_report' and indicator_code = 'gdp' and period_label = '2024年'`);
    expect(missing).toEqual([{ n: unreported, zones: unreported }]);
    // The 年度分析's 未报送 list names 地区生产总值 once per zone.
    const out = path.join(p.dir, "annual.md");
    await ok(p, "report", "--period", "2024年", "--format", "md", "--out", out);
    const report = readFileSync(out, "utf8");
    expect(report).toContain("地区生产总值");
    expect(report).not.toContain("地区生产总值、地区生产总值");
    // 营口经开区's row is the 1-12月 (its 年 held), 营口沿海's the 年 (both clean: the 年 first).
    expect(await p.query(`select zone_code, value, reported_basis, source_file from main.coverage
       where indicator_code = 'gdp' and period_label = '2024年' and reported order by zone_code`)).toEqual([
      { zone_code: "ED210801", value: 170, reported_basis: "ytd", source_file: "05_2024年1-12月.csv" },
      { zone_code: "ED210802", value: 515, reported_basis: "period", source_file: "04_2024年.csv" },
    ]);

    // F16: confirming the 17 would make the year take it over the 1-12月 170: refused, naming the other figure and file.
    const refused = await p.run("confirm", "--flag", String(flag), "--by", "张三", "--reason", "电话核实");
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain("CONFIRM_OTHER_FORM_DIFFERS");
    expect(refused.stderr).toContain("1-12月累计值 170 亿元（05_2024年1-12月.csv:2:D）");
    expect(refused.stderr).toContain("核实后本年取年度值 17 亿元、不取 1-12月累计值 170 亿元");
    expect((await p.query<{ state: string }>(`select state from ingest.audit_flags where flag_id = ${flag}`))[0]!.state).toBe("open");
    // --force goes ahead and names the other figure; the year then takes the 年 value: 17 + 515 = 532.
    const forced = await ok(p, "confirm", "--flag", String(flag), "--by", "张三", "--reason", "电话核实：年度值无误", "--force");
    expect(forced.stdout).toContain("已核实 1 个标记");
    expect(forced.stdout).toContain("注意：标记号");
    expect(forced.stdout).toContain("与同年的 1-12月累计值 170 亿元（05_2024年1-12月.csv:2:D）不一致；已按 --force 核实，本年取年度值 17 亿元、不取 1-12月累计值 170 亿元");
    await ok(p, "refresh");
    expect(await yingkou(p)).toBe(532);
    // stat-qa6 F6: the zone page's 数值来源 names the other form beside each, that they differ, who confirmed which, and
    // the form the year takes (the 年 17: neither held now, the 年 value first).
    const zone = text(p, "zones/ED210801.html");
    const sources = zone.slice(zone.indexOf("每个指标最近一期的数值"));
    expect(sources).toContain("地区生产总值 2024年 17.0 亿元（另有1-12月累计值 170.0 亿元，与本值不同；本值已由张三核实；本年取年度值） 当期 04_2024年.csv 第2行 D列");
    expect(sources).toContain("地区生产总值 2024年1-12月 170.0 亿元（另有年度值 17.0 亿元，与本值不同，已由张三核实；本年取年度值） 累计 05_2024年1-12月.csv 第2行 D列");
  });

  it("1-12月 first, then the 年: the held 17 says the year took the 1-12月 170", async () => {
    const p = project();
    p.drop("05_2024年1-12月.csv", YTD12);
    await ok(p, "refresh");
    expect(await yingkou(p)).toBe(685);
    p.drop("04_2024年.csv", ANNUAL);
    await ok(p, "refresh");
    await saysSuperseded(p, await heldFlag(p));
  });
});
