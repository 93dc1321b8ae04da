/**
 * Series breaks (issue 16): a declared 口径调整 (sources/seeds/series_breaks.csv, the
 * 就业人口 266.5 → 124.6 case) and a detected change of source layout stop growth and
 * CAGR, and the progress chart draws the actual line as a gap at the break.
 */
import { readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import type { EngineResult } from "../../pipelines/engine/index.js";
import { renderSvg } from "../../pipelines/publish/render-chart.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { LONG_HEADER, loadText } from "../support/load-text.js";

let project: TestProject;
let wh: Warehouse;
let result: EngineResult;

const LONG = LONG_HEADER;

const load = (name: string, text: string) => loadText(project, wh, name, text);

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // The sample's 就业人口 of all ED zones: 258.5 (2020), 266.5 (2021, 商务厅 aggregate), 124.6 (2022, sum of zone 从业人员).
  // All three in one layout here, so only the seed's declared break (LN_ED employment 2022, 口径调整) can stop the growth.
  const ln = "全省省级以上经济开发区";
  await load("employment.csv", LONG + `${ln},2020年,就业人口,258.5,万人,时点,\r\n${ln},2021年,就业人口,266.5,万人,时点,\r\n${ln},2022年,就业人口,124.6,万人,时点,\r\n`);
  // One zone's GDP: 2021 from a long-format file, 2022 (1-12月) from a zone report — a change of source layout.
  await load("zone_2021.csv", LONG + "沈阳经济技术开发区,2020年,地区生产总值,380,亿元,当期,\r\n沈阳经济技术开发区,2021年,地区生产总值,400,亿元,当期,\r\n");
  await load("zone_2022年1-12月.csv", "2022年1-12月开发区主要指标\r\n序号,开发区名称,地区生产总值(亿元)\r\n1,沈阳经济技术开发区,440\r\n");
  result = await build(project.ctx(), wh);
});
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("series breaks", () => {
  it("the build passes its data tests", () => {
    expect(result.results.filter((r) => r.status === "fail" || r.status === "error")).toEqual([]);
  });

  it("the declared 口径调整 stops 就业人口 growth at 2022; 2021 growth is computed: 266.5 ÷ 258.5 − 1 = 0.030948", async () => {
    const rows = await wh.sql.all(`select year, round(yoy_growth, 6) as yoy, break_note is not null as has_break from growth
      where entity_code = 'LN_ED' and indicator_code = 'employment' and year > 2020 order by year`);
    expect(rows).toEqual([
      { year: 2021, yoy: 0.030948, has_break: false },
      { year: 2022, yoy: null, has_break: true },
    ]);
    const cagr = await wh.sql.all(`select to_year, round(cagr, 6) as cagr from growth_cagr where entity_code = 'LN_ED' and indicator_code = 'employment' and from_year = 2020 order by to_year`);
    // 2020 → 2021 comparable (0.030948); 2020 → 2022 crosses the break: not computed (not (124.6 ÷ 258.5)^(1/2) − 1 = −30.6%).
    expect(cagr).toEqual([{ to_year: 2021, cagr: 0.030948 }, { to_year: 2022, cagr: null }]);
  });

  it("the break is listed with its note, and the target's series starts a new segment there", async () => {
    const b = await wh.sql.all(`select year, previous_year, origin from main_intermediate.int_series_breaks where entity_code = 'LN_ED' and indicator_code = 'employment'`);
    expect(b).toEqual([{ year: 2022, previous_year: null, origin: "declared" }]);
    const ts = await wh.sql.all(`select year, series_segment::int as seg, yoy_growth is null as no_yoy from target_status where target_id = 'D000-09' and year >= 2021 order by year`);
    expect(ts).toEqual([{ year: 2021, seg: 0, no_yoy: false }, { year: 2022, seg: 1, no_yoy: true }]);
  });

  it("a change of source layout (long file → zone report) is detected and stops the zone's CAGR 2021 → 2022", async () => {
    const b = (await wh.sql.all(`select year, previous_year, origin, note from main_intermediate.int_series_breaks where entity_code = 'ED210101' and indicator_code = 'gdp'`))[0];
    expect(b).toEqual({ year: 2022, previous_year: 2021, origin: "detected", note: "来源变更：报送值（canonical_long 格式） → 报送值（zone_report 格式）" });
    const c = await wh.sql.all(`select from_year, to_year, round(cagr, 6) as cagr from growth_cagr where entity_code = 'ED210101' and indicator_code = 'gdp' order by from_year, to_year`);
    // 2020 → 2021: 400 ÷ 380 − 1 = 0.052632; anything reaching 2022 crosses the break.
    expect(c).toEqual([
      { from_year: 2020, to_year: 2021, cagr: 0.052632 },
      { from_year: 2020, to_year: 2022, cagr: null },
      { from_year: 2021, to_year: 2022, cagr: null },
    ]);
  });

  it("the progress chart draws the actual line in two pieces at a break (a gap), one piece without", async () => {
    const spec = JSON.parse(readFileSync(path.join(REPO, "dashboards/charts/progress-path.vl.json"), "utf8")) as Record<string, unknown>;
    const rows = (segments: number[]) =>
      [2019, 2020, 2021, 2022, 2023].map((year, i) => ({ year, actual: [255, 258.5, 266.5, 124.6, 131.4][i], expected: null, milestone_value: null, segment: segments[i] }));
    // Solid line paths (the actual layer; the expected path is dashed and has no rows here): one path per drawn piece.
    const lines = (svg: string) =>
      svg.split('<g class="mark-line').slice(1).map((g) => g.slice(0, g.indexOf("</g>"))).flatMap((g) => g.match(/<path[^>]*>/g) ?? []).filter((p) => !p.includes("stroke-dasharray")).length;
    expect(lines(await renderSvg(spec, rows([0, 0, 0, 1, 1])))).toBe(2);
    expect(lines(await renderSvg(spec, rows([0, 0, 0, 0, 0])))).toBe(1);
  });
});
