/**
 * inc-qa2 finding 2: a 万元-for-亿元 typo above its city's total (ABOVE_PARENT, 需核实) is held out of
 * the scope sums and shares instead of failing the shares test and freezing the province's site; once
 * confirmed it is summed again (and a share above 100% then fails, named in the user's terms); withdrawing
 * the file brings the original value back. Real DuckDB, real CSV files, the real CLI's refresh.
 *
 * Files (line 2 = first data row):
 *   2024年1-6月_开发区.csv          沈阳经开区 (ED210101) 39.5 and the other ten zones of 沈阳市 (210100,
 *                                   ED210102–ED210111 in sources/seeds/zones.csv) 2 each: 20 — 沈阳 complete, 11/11.
 *   2024年1-6月_全省及各市.csv      辽宁省 10000, 沈阳市 1000.
 *   2024年1-6月_沈阳经开区_更正.csv 沈阳经开区 395000 (万元 typed for 亿元 39.5) — a 更正, so it is the current value.
 * By hand, 2024年1-6月 地区生产总值 累计:
 *   clean:      C210100_ED (沈阳市省级以上经济开发区, ÷ 沈阳市) = (39.5 + 20) / 1000 = 0.0595, complete (11/11);
 *               LN_ED = 59.5 / 10000 = 0.00595 (partial anyway: the other cities' zones did not report).
 *   typo held:  395000 > 沈阳市 1000 → ABOVE_PARENT open → the sum is 20 (the ten others), 10 zones reporting, 1 held:
 *               C210100_ED 20 / 1000 = 0.02, LN_ED 20 / 10000 = 0.002, both partial.
 *   confirmed:  395000 + 20 = 395020; C210100_ED 395.02 > 1 → value_between on shares.share fails.
 *   withdrawn:  back to 59.5.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const row = (e: string, v: number) => `${e},2024年1-6月,地区生产总值,${v},亿元,累计\n`;
const OTHERS = ["沈阳辉山经济技术开发区", "沈阳金融商贸开发区", "沈阳欧盟经济开发区", "辽中经济开发区", "沈阳雪松经济开发区", "法库经济开发区", "康平经济开发区", "沈阳道义经济开发区", "沈阳浑河民族经济开发区", "新民经济开发区"];
const ZONES = ["2024年1-6月_开发区.csv", HEAD + row("沈阳经济技术开发区", 39.5) + OTHERS.map((z) => row(z, 2)).join("")] as const;
const TOTALS = ["2024年1-6月_全省及各市.csv", HEAD + row("辽宁省", 10000) + row("沈阳市", 1000)] as const;
const TYPO = ["2024年1-6月_沈阳经开区_更正.csv", HEAD + row("沈阳经济技术开发区", 395000)] as const;

let p: TestProject;
afterAll(() => p?.cleanup());

type ScopeRow = { scope_code: string; value: number; zones_reporting: number; zones_held_for_check: number; is_partial: boolean; source_files: string };
const query = <T>(sql: string) => p.query<T>(sql);
/** The two scopes' sums of the zones for 2024年1-6月 gdp, as int_scope_values holds them. */
const sums = () =>
  query<ScopeRow>(`select scope_code, value, zones_reporting::integer as zones_reporting, zones_held_for_check::integer as zones_held_for_check, is_partial, source_files
    from main_intermediate.int_scope_values where indicator_code = 'gdp' and period_label = '2024年1-6月' and method = 'sum_of_zones'
      and scope_code in ('C210100_ED', 'LN_ED') order by scope_code`);
const shares = () =>
  query<{ scope_code: string; numerator: number; share: number; zones_reporting: number; zones_held_for_check: number; is_partial: boolean }>(
    `select scope_code, numerator, share, zones_reporting::integer as zones_reporting, zones_held_for_check::integer as zones_held_for_check, is_partial
     from main.shares where indicator_code = 'gdp' and period_label = '2024年1-6月' and numerator_method = 'sum_of_zones' and is_matched_edition
       and scope_code in ('C210100_ED', 'LN_ED') order by scope_code`);
/** A published page's text, tags and scripts removed, whitespace collapsed. */
const text = (rel: string) =>
  readFileSync(path.join(p.config.site, rel), "utf8")
    .replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "")
    .replace(/<[^>]+>/g, " ")
    .replace(/\s+/g, " ");

describe("a value above its parent's total is held out of the sums while 需核实", () => {
  it("typo → published with the zone held out (partial, counted); confirm → summed (incremental = full); confirm --undo → held again; withdraw → original back", async () => {
    p = tempProject("schedule:\n  stable_seconds: 0\n");
    p.drop(...ZONES);
    p.drop(...TOTALS);
    const first = await p.run("refresh");
    expect(first.code, first.stderr).toBe(0);
    expect((await sums()).map((r) => [r.scope_code, r.value, r.zones_reporting, r.zones_held_for_check, r.is_partial])).toEqual([
      ["C210100_ED", 59.5, 11, 0, false],
      ["LN_ED", 59.5, 11, 0, true],
    ]);

    // The tester's case: the typo arrives in a working, published project.
    p.drop(...TYPO);
    const typo = await p.run("refresh");
    expect(typo.code, typo.stdout + typo.stderr).toBe(0);
    expect(typo.stdout).toContain("增量构建（重算 2024 年）");
    expect(typo.stdout).toContain("个数值需核实");
    const open = await query<{ flag_id: number; rule_code: string }>(
      `select flag_id, rule_code from ingest.audit_flags where state = 'open' and rule_code = 'ABOVE_PARENT' and entity_code = 'ED210101'`);
    expect(open.length).toBe(1);
    // 20 from the ten others; 沈阳经开区 counted as held, not as reporting; the typo's file is not among the sum's files.
    expect(await sums()).toEqual([
      { scope_code: "C210100_ED", value: 20, zones_reporting: 10, zones_held_for_check: 1, is_partial: true, source_files: ZONES[0] },
      { scope_code: "LN_ED", value: 20, zones_reporting: 10, zones_held_for_check: 1, is_partial: true, source_files: ZONES[0] },
    ]);
    expect(await shares()).toEqual([
      { scope_code: "C210100_ED", numerator: 20, share: 0.02, zones_reporting: 10, zones_held_for_check: 1, is_partial: true },
      { scope_code: "LN_ED", numerator: 20, share: 0.002, zones_reporting: 10, zones_held_for_check: 1, is_partial: true },
    ]);
    // The targets over LN_ED (document 000 二（三）2: level D000-01, share D000-02) say why the total is incomplete: the
    // province's other cities' zones did not report, and the one held value is not counted — not only 未报送.
    const reasons = await query<{ target_id: string; reason: string }>(
      `select target_id, reason from main.target_status where target_id in ('D000-01', 'D000-02') and period_label = '2024年1-6月' order by target_id`);
    expect(reasons).toEqual([
      { target_id: "D000-01", reason: "部分开发区未报送，另有 1 个需核实数值未计入，合计不完整" },
      { target_id: "D000-02", reason: "部分开发区未报送，另有 1 个需核实数值未计入，合计不完整" },
    ]);
    // The zone's page still shows its value, marked; the quality listing says it is kept out of totals.
    expect(text("zones/ED210101.html")).toMatch(/2024年1-6月 395,?000(\.0)? 亿元（需核实）/);
    const dq = await query<{ detail: string }>(`select detail from main.data_quality where check_code = 'ABOVE_PARENT' and entity_code = 'ED210101'`);
    expect(dq.length).toBe(1);
    expect(dq[0]!.detail).toContain("核实前该数值不计入各范围合计和占比");
    expect(text("quality.html")).toContain("核实前该数值不计入各范围合计和占比");
    const problems = readFileSync(path.join(p.dir, "archive", `${TYPO[0]}.problems.txt`), "utf8");
    expect(problems).toContain("核实前不计入各范围合计和占比");
    // The unit of the parent's figure too (held-qa finding 8); the report says it is as of the load (finding 6).
    expect(problems).toContain("395,000 亿元 高于其上级「沈阳市」同期的 1,000 亿元");
    expect(problems).toContain("入库时的审核结果；此后的变化见文末「当前状态」");

    // Confirmed: the statistician vouches for 395000 → summed again; 395020 / 1000 > 1 fails the shares test.
    const confirm = await p.run("confirm", "--flag", String(open[0]!.flag_id), "--by", "张三", "--reason", "电话核实");
    expect(confirm.code, confirm.stderr).toBe(0);
    const confirmed = await p.run("refresh");
    expect(confirmed.code).not.toBe(0);
    expect(confirmed.stdout + confirmed.stderr).toContain("增量构建（重算 2024 年）");
    // Named in the user's terms (39502% = 395020 ÷ 1000 × 100; LN_ED 3950.2% = 395020 ÷ 10000 × 100), with the file, line,
    // column and flag behind the numerator, and the advice; the published site is kept.
    const said = confirmed.stdout + confirmed.stderr;
    expect(said).toContain("构建或数据测试失败，网站未更新，保留上一次发布的网站。未通过：value_between_shares_share");
    expect(said).toContain(`沈阳市省级以上经济开发区 地区生产总值 2024年1-6月：占比 39502%（395020 ÷ 沈阳市 1000 亿元）；其中最大的是「沈阳经济技术开发区」395000 亿元（${TYPO[0]} 第2行 D列，标记号 ${open[0]!.flag_id}，已由张三核实）`);
    expect(said).toContain("全省省级以上经济开发区 地区生产总值 2024年1-6月：占比 3950.2%（395020 ÷ 辽宁省 10000 亿元）");
    expect(said).toContain(`zonestat withdraw ${TYPO[0]}`);
    // One flag behind all three failing shares: named once in the advice.
    expect(said).toContain(`标记号 ${open[0]!.flag_id} 已被核实为无误`);
    // A wrong confirmation is undone without withdrawing the whole file (held-qa finding 5).
    expect(said).toContain(`zonestat confirm --undo --flag ${open[0]!.flag_id} --by`);
    // The kept site's pages say why newer data is held back, in the same terms.
    expect(text("index.html")).toContain("的更新未发布");
    expect(text("index.html")).toContain("沈阳市省级以上经济开发区 地区生产总值 2024年1-6月：占比 39502%（395020 ÷ 沈阳市 1000 亿元）");
    // status repeats what failed and what to do, not a plain "运行 zonestat refresh".
    const st = (await p.run("status")).stdout;
    expect(st).toContain("模型和网站：构建或数据测试失败，网站未更新，保留上一次发布的网站");
    expect(st).toContain(`zonestat withdraw ${TYPO[0]}`);
    expect(st).not.toContain("网站尚未发布——运行 zonestat refresh");
    // Once: on the 模型和网站 line; the run history keeps the headline only.
    expect(st.split("处理：").length - 1).toBe(1);
    // No 季度分析 from marts whose tests failed (held-qa finding 1: it wrote 占全省的3762.3%): refused with what failed, no file.
    const reportOut = path.join(p.dir, "failed.md");
    const refused = await p.run("report", "--period", "2024年1-6月", "--format", "md", "--out", reportOut);
    expect(refused.code).not.toBe(0);
    expect(refused.stderr + refused.stdout).toContain("REPORT_BUILD_FAILED");
    expect(refused.stderr + refused.stdout).toContain("季度分析未生成");
    expect(refused.stderr + refused.stdout).toContain("占比 39502%");
    expect(existsSync(reportOut)).toBe(false);
    const incremental = await sums();
    expect(incremental.map((r) => [r.scope_code, r.value, r.zones_reporting, r.zones_held_for_check, r.is_partial])).toEqual([
      ["C210100_ED", 395020, 11, 0, false],
      ["LN_ED", 395020, 11, 0, true],
    ]);
    // The incremental model equals a full rebuild after the confirm.
    const full = await p.run("refresh", "--full");
    expect(full.code).not.toBe(0);
    expect(await sums()).toEqual(incremental);

    // The confirmation withdrawn (confirm --undo): 需核实 again, held out again — 20 from the ten others, published.
    const undo = await p.run("confirm", "--undo", "--flag", String(open[0]!.flag_id), "--by", "李四", "--reason", "张三核错了表");
    expect(undo.code, undo.stderr).toBe(0);
    // The 395000 (no earlier value of its own) carries PEER_OUTLIER too — 197500× the ten other 沈阳 zones' 2 — confirmed
    // with the ABOVE_PARENT (same value, pipelines/confirm.ts): both reopened.
    expect(undo.stdout).toContain("已撤销 2 个标记的核实");
    const again = await query<{ state: string; confirmed_by: string | null }>(`select state, confirmed_by from ingest.audit_flags where flag_id = ${Number(open[0]!.flag_id)}`);
    expect(again).toEqual([{ state: "open", confirmed_by: null }]);
    expect((await p.run("status")).stdout).toMatch(/confirm .*李四 撤销核实 2 个标记/);
    const reheld = await p.run("refresh");
    expect(reheld.code, reheld.stdout + reheld.stderr).toBe(0);
    expect((await sums()).map((r) => [r.scope_code, r.value, r.zones_reporting, r.zones_held_for_check, r.is_partial])).toEqual([
      ["C210100_ED", 20, 10, 1, true],
      ["LN_ED", 20, 10, 1, true],
    ]);
    // Built and tested again: the 季度分析 is written.
    expect((await p.run("report", "--period", "2024年1-6月", "--format", "md", "--out", reportOut)).code).toBe(0);
    expect(existsSync(reportOut)).toBe(true);
    // Only a confirmation can be withdrawn: the flag is open now.
    const twice = await p.run("confirm", "--undo", "--flag", String(open[0]!.flag_id), "--by", "李四", "--reason", "再撤");
    expect(twice.code).not.toBe(0);
    expect(twice.stderr + twice.stdout).toContain("没有已核实的标记可撤销");

    // Withdrawing the 更正 brings 39.5 back, summed: 59.5; the site is published again.
    expect((await p.run("withdraw", TYPO[0])).code).toBe(0);
    const back = await p.run("refresh");
    expect(back.code, back.stdout + back.stderr).toBe(0);
    expect((await sums()).map((r) => [r.scope_code, r.value, r.zones_reporting, r.zones_held_for_check, r.is_partial])).toEqual([
      ["C210100_ED", 59.5, 11, 0, false],
      ["LN_ED", 59.5, 11, 0, true],
    ]);
    expect(text("zones/ED210101.html")).toMatch(/2024年1-6月 39\.5 亿元/);
    expect((await p.run("status")).stdout).toContain("模型和网站：已按当前入库的数据构建并发布");
  });
});

describe("a failing share in a new project", () => {
  it("says no site has been published yet (never 保留上一次发布的网站), and status says what failed", async () => {
    p?.cleanup();
    p = tempProject("schedule:\n  stable_seconds: 0\n");
    for (const f of [ZONES, TOTALS, TYPO]) p.drop(...f);
    expect((await p.run("ingest")).code).toBe(0);
    const [flag] = await query<{ flag_id: number }>(`select flag_id from ingest.audit_flags where state = 'open' and rule_code = 'ABOVE_PARENT' and entity_code = 'ED210101'`);
    expect((await p.run("confirm", "--flag", String(flag!.flag_id), "--by", "张三", "--reason", "电话核实")).code).toBe(0);
    const r = await p.run("refresh");
    expect(r.code).not.toBe(0);
    const said = r.stdout + r.stderr;
    expect(said).toContain("构建或数据测试失败，尚未发布过网站，本次也未发布");
    expect(said).not.toContain("保留上一次发布的网站");
    expect(r.stdout).toContain("网站：尚未发布");
    expect(r.stdout).not.toContain("网站（未改变）");
    expect(said).toContain(`zonestat withdraw ${TYPO[0]}`);
    const st = (await p.run("status")).stdout;
    expect(st).toContain("模型和网站：构建或数据测试失败，尚未发布过网站");
    expect(st).toContain("沈阳市省级以上经济开发区 地区生产总值 2024年1-6月：占比 39502%");
  });
});

describe("JUMP_20X alone", () => {
  it("holds the value out too (holds: true in the rule file), and sums it again when the rule stops holding", async () => {
    p?.cleanup();
    p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
    // 沈阳经开区 1-3月 18.5 then 1-6月 395: 395 ÷ 18.5 ≈ 21.4 > 20 → JUMP_20X; 395 ≤ 沈阳市 1000 → no ABOVE_PARENT.
    // Held: C210100_ED 1-6月 = 10 × 2 = 20, 10 of 11 zones, 1 held, partial. Without holds on JUMP_20X: 395 + 20 = 415,
    // all 11 summed — the same data, the rule file alone changed (ingest.held_audit_rules follows it; the year is rebuilt).
    p.drop("2024年1-3月_开发区.csv", HEAD + "沈阳经济技术开发区,2024年1-3月,地区生产总值,18.5,亿元,累计\n");
    p.drop(ZONES[0], HEAD + row("沈阳经济技术开发区", 395) + OTHERS.map((z) => row(z, 2)).join(""));
    p.drop(...TOTALS);
    const r = await p.run("refresh");
    expect(r.code, r.stdout + r.stderr).toBe(0);
    const flags = await query<{ rule_code: string }>(`select distinct rule_code from ingest.audit_flags where state = 'open' and entity_code = 'ED210101' order by 1`);
    expect(flags.map((f) => f.rule_code)).toEqual(["JUMP_20X"]);
    const [c] = await sums();
    expect([c!.scope_code, c!.value, c!.zones_reporting, c!.zones_held_for_check, c!.is_partial]).toEqual(["C210100_ED", 20, 10, 1, true]);

    const rules = path.join(p.config.auditRulesDir, "10-bureau-checks.yml");
    const text = readFileSync(rules, "utf8");
    const jump = text.indexOf("  - code: JUMP_20X");
    const holds = text.indexOf("    holds: true\n", jump);
    expect(jump).toBeGreaterThan(-1);
    writeFileSync(rules, text.slice(0, holds) + text.slice(holds + "    holds: true\n".length));
    const again = await p.run("refresh");
    expect(again.code, again.stdout + again.stderr).toBe(0);
    const [d] = await sums();
    expect([d!.value, d!.zones_reporting, d!.zones_held_for_check, d!.is_partial]).toEqual([415, 11, 0, false]);
  });
});
