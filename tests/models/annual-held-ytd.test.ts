/**
 * stat-qa F7: a year's 年 value held for 核实 beside a 1-12月 累计 of the same year that is not held. The two share the
 * year's period end and are one value to the models: the year's value is the one not held — in the sums
 * (int_scope_values), the year's values (int_values_annual: rankings, 年均增速), the zone page (its 来源 names the file of
 * the value shown) — and data_quality says which was used. Both clean: the 年 value, the difference warned (unchanged).
 * Both held: held (unchanged). Real DuckDB, real CSV files, the real CLI's refresh (the 1-12月 in a second,
 * incremental refresh) and a full rebuild giving the same rows.
 *
 * Files, 地区生产总值 亿元, 2024 (line 2 = first data row):
 *                      1-3月  1-6月  1-9月 | 04_2024年 | 05_2024年1-12月 (累计)
 *   沈阳经开区 (Z1)      100    220    330 |    45 (×0.1, held)  |  450  (right, not held)
 *   辉山经开区 (Z2)       50    110    165 |   230             |  225  (both clean, differ 2.2% > 0.5%)
 *   金融商贸 (Z3)         60    130    200 |   300             |   30  (×0.1, held: the reverse)
 *   欧盟经开区 (Z4)      100    200    300 |    40 (held)      |   41  (held: both)
 * Held by YTD_OUT_OF_LINE (audit-ytd-annual.test.ts's rule): Z1's 45 < its 1-9月 330, the 1-6月 220 ≤ 330 and
 * 220 > 2 × 45; Z3's 30 < 200, 130 ≤ 200 and 130 > 60; Z4's 40 and 41 < 300, 200 > 82.
 * By hand, 沈阳市省级以上经济开发区 (C210100_ED) 2024年, sum_of_zones:
 *   before the 1-12月: Z2 230 + Z3 300 = 530, Z1 and Z4 held (zones_held_for_check 2).
 *   after: Z1 450 (its 1-12月) + Z2 230 (its 年) + Z3 300 (its 年) = 980, Z4 held (1). (Before the fix: 230, 3 held.)
 */
import { afterAll, describe, expect, it, vi } from "vitest";
import { completenessKey, scopeCompleteness } from "../../dashboards/kit/held-values.js";
import { zoneValuesSql } from "../../dashboards/kit/zone-values.js";
import { tempProject, type TestProject } from "../support/project.js";

vi.setConfig({ testTimeout: 900_000 });

const HEAD = "entity,period,indicator,value,unit,basis\n";
const ZONES = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区", "沈阳金融商贸开发区", "沈阳欧盟经济开发区"];
const SERIES: Array<[string, number[]]> = [["2024年1-3月", [100, 50, 60, 100]], ["2024年1-6月", [220, 110, 130, 200]], ["2024年1-9月", [330, 165, 200, 300]]];
const ANNUAL = [45, 230, 300, 40];
const YTD12 = [450, 225, 30, 41];
const ytdFile = (period: string, values: number[]) => HEAD + ZONES.map((z, i) => `${z},${period},地区生产总值,${values[i]},亿元,累计\n`).join("");

let p: TestProject;
afterAll(() => p?.cleanup());

type Sum = { value: number; zones_reporting: number; zones_held_for_check: number };
const sum = async () =>
  (await p.query<Sum>(`select value, zones_reporting::integer as zones_reporting, zones_held_for_check::integer as zones_held_for_check
     from main_intermediate.int_scope_values where scope_code = 'C210100_ED' and indicator_code = 'gdp' and period_label = '2024年' and method = 'sum_of_zones'`))[0];
type Year = { entity_code: string; value: number; method: string; annual_held: boolean; ytd_december_held: boolean; value_source_file: string };
const years = () =>
  p.query<Year>(`select entity_code, value, method, annual_held, ytd_december_held, value_source_file
     from main_intermediate.int_values_annual where indicator_code = 'gdp' and year = 2024 and entity_code like 'ED21010_' order by entity_code`);
const ranked = () =>
  p.query<{ zone_code: string; value: number; held_for_check: boolean }>(`select zone_code, value, held_for_check from main.rankings
     where indicator_code = 'gdp' and year = 2024 and zone_code like 'ED21010_' order by zone_code`);
const quality = () =>
  p.query<{ check_code: string; entity_code: string; detail: string }>(`select check_code, entity_code, detail from main.data_quality
     where indicator_code = 'gdp' and entity_code like 'ED21010_' and check_code in ('annual_differs_from_ytd', 'YTD_OUT_OF_LINE') order by entity_code, check_code, detail`);
/** The zone page's annual rows (zoneValues "annual"): the value shown, its 来源 and its marks. */
const page = () =>
  p.query<{ zone_code: string; value: number; source_file: string; needs_check: boolean; held_for_check: boolean }>(
    `select zone_code, value, source_file, needs_check, held_for_check from (${zoneValuesSql(["gdp"], "annual", ["zone_code", "period_label", "value", "source_file", "needs_check", "held_for_check"])})
     where period_label = '2024年' and zone_code like 'ED21010_' order by zone_code`);
const snapshot = () =>
  p.query(`select * from (
     select 'annual' as m, entity_code as k, year::varchar as p, value, method from main_intermediate.int_values_annual
     union all select 'sum', scope_code, period_label, value, zones_held_for_check::varchar from main_intermediate.int_scope_values
     union all select 'rank', zone_code, year::varchar, value, held_for_check::varchar from main.rankings
     union all select 'growth', entity_code, period_label, value, zones_held_for_check::varchar from main.growth) order by all`);

describe("a held 年 value gives way to a clean 1-12月 of the same year (stat-qa F7)", () => {
  it("the sums, the year's values, rankings, the zone page and data_quality use the value not held; incremental = full", async () => {
    p = tempProject("schedule:\n  stable_seconds: 0\n");
    SERIES.forEach(([period, values], i) => p.drop(`0${i + 1}_${period}.csv`, ytdFile(period, values)));
    p.drop("04_2024年.csv", "entity,period,indicator,value,unit\n" + ZONES.map((z, i) => `${z},2024年,地区生产总值,${ANNUAL[i]},亿元\n`).join(""));
    const first = await p.run("refresh");
    expect(first.code, first.stdout + first.stderr).toBe(0);
    const held = () => p.query<{ name: string; entity_code: string; rule_code: string; value: number }>(
      `select f.name, a.entity_code, a.rule_code, a.value from ingest.audit_flags a join ingest.files f using (file_id)
       where a.state = 'open' and a.indicator_code = 'gdp' order by f.name, a.entity_code`);
    expect(await held()).toEqual([
      { name: "04_2024年.csv", entity_code: "ED210101", rule_code: "YTD_OUT_OF_LINE", value: 45 },
      { name: "04_2024年.csv", entity_code: "ED210104", rule_code: "YTD_OUT_OF_LINE", value: 40 },
    ]);
    expect(await sum()).toEqual({ value: 530, zones_reporting: 2, zones_held_for_check: 2 });

    p.drop("05_2024年1-12月.csv", ytdFile("2024年1-12月", YTD12));
    const second = await p.run("refresh");
    expect(second.code, second.stdout + second.stderr).toBe(0);
    expect(await held()).toEqual([
      { name: "04_2024年.csv", entity_code: "ED210101", rule_code: "YTD_OUT_OF_LINE", value: 45 },
      { name: "04_2024年.csv", entity_code: "ED210104", rule_code: "YTD_OUT_OF_LINE", value: 40 },
      { name: "05_2024年1-12月.csv", entity_code: "ED210103", rule_code: "YTD_OUT_OF_LINE", value: 30 },
      { name: "05_2024年1-12月.csv", entity_code: "ED210104", rule_code: "YTD_OUT_OF_LINE", value: 41 },
    ]);
    // 450 + 230 + 300 = 980; Z4 (both held) alone held.
    expect(await sum()).toEqual({ value: 980, zones_reporting: 3, zones_held_for_check: 1 });
    expect(await years()).toEqual([
      { entity_code: "ED210101", value: 450, method: "ytd_december", annual_held: true, ytd_december_held: false, value_source_file: "05_2024年1-12月.csv" },
      { entity_code: "ED210102", value: 230, method: "annual", annual_held: false, ytd_december_held: false, value_source_file: "04_2024年.csv" },
      { entity_code: "ED210103", value: 300, method: "annual", annual_held: false, ytd_december_held: true, value_source_file: "04_2024年.csv" },
      { entity_code: "ED210104", value: 40, method: "annual", annual_held: true, ytd_december_held: true, value_source_file: "04_2024年.csv" },
    ]);
    expect(await ranked()).toEqual([
      { zone_code: "ED210101", value: 450, held_for_check: false },
      { zone_code: "ED210102", value: 230, held_for_check: false },
      { zone_code: "ED210103", value: 300, held_for_check: false },
      { zone_code: "ED210104", value: 40, held_for_check: true },
    ]);
    // The zone page shows the value used, names its own file, and marks only Z4 (its 年 value, shown, is held).
    expect(await page()).toEqual([
      { zone_code: "ED210101", value: 450, source_file: "05_2024年1-12月.csv", needs_check: false, held_for_check: false },
      { zone_code: "ED210102", value: 230, source_file: "04_2024年.csv", needs_check: false, held_for_check: false },
      { zone_code: "ED210103", value: 300, source_file: "04_2024年.csv", needs_check: false, held_for_check: false },
      { zone_code: "ED210104", value: 40, source_file: "04_2024年.csv", needs_check: true, held_for_check: true },
    ]);
    // The pages' 不含…需核实数值 (overview, 占比, reports) name only Z4, as the sum leaves out only Z4.
    const complete = await scopeCompleteness({ query: <T>(sql: string) => p.query<T>(sql) } as never);
    expect(complete.get(completenessKey("C210100_ED", "gdp", "2024-12-31"))?.held.map((h) => h.zoneName)).toEqual(["沈阳欧盟经济开发区"]);
    const q = await quality();
    const differs = (e: string) => q.find((r) => r.check_code === "annual_differs_from_ytd" && r.entity_code === e)?.detail;
    expect(differs("ED210101")).toBe("年度值 45.0 与 1-12月累计值 450.0 不一致；年度值需核实，本年取 1-12月累计值 450.0（计入合计和占比）");
    expect(differs("ED210102")).toBe("年度值 230.0 与 1-12月累计值 225.0 不一致；本年取年度值 230.0（计入合计和占比），请与开发区核实哪一个正确");
    expect(differs("ED210103")).toBe("年度值 300.0 与 1-12月累计值 30.0 不一致；1-12月累计值需核实，本年取年度值 300.0（计入合计和占比）");
    expect(differs("ED210104")).toBe("年度值 40.0 与 1-12月累计值 41.0 不一致；二者都需核实，本年取年度值 40.0（核实前不计入合计）");
    const flag = (e: string) => q.filter((r) => r.check_code === "YTD_OUT_OF_LINE" && r.entity_code === e).map((r) => r.detail.replace(/^.*标记号 \d+）/, ""));
    expect(flag("ED210101")).toEqual(["；同年 1-12月累计值未标记，本年取 1-12月累计值，计入各范围合计和占比"]);
    expect(flag("ED210103")).toEqual(["；同年年度值未标记，本年取年度值，计入各范围合计和占比"]);
    expect(flag("ED210104")).toEqual(Array(2).fill("；核实前该数值不计入各范围合计和占比（该范围标为数据不全），确认（zonestat confirm）或更正后计入"));

    // The second refresh was incremental; a full rebuild gives the same rows.
    const incremental = await snapshot();
    const full = await p.run("build", "--full-refresh");
    expect(full.code, full.stdout + full.stderr).toBe(0);
    expect(await snapshot()).toEqual(incremental);
  });
});
