/**
 * One label for the year in every mart (dl-qa #6): a 1-12月 累计 file's figures are the year's values, shown as
 * 「2023年」 in growth and shares; coverage (and the 未报送 rows of data_quality built on it) named the same
 * period 「2023年1-12月」, so a download joined on 期间 lost every annual row. Real ingest and engine.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

let project: TestProject;
let wh: Warehouse;
const HEAD = "主体,期间,指标,数值,单位\n";

async function load(name: string, text: string): Promise<void> {
  const file = path.join(project.dir, name);
  writeFileSync(file, HEAD + text);
  const r = await ingest(project.ctx(), wh, { paths: [file] });
  expect(r.files[0]?.status, name).toBe("loaded");
}

beforeAll(async () => {
  project = tempProject();
  wh = await openWarehouse(project.config.warehouse);
  // 1-9月 and 1-12月 of 2023 for 沈阳经开区 (ED210101) and the province; 辉山 (ED210102) sends 1-9月 only.
  await load("2023年1-9月.csv", "ED210101,2023年1-9月,地区生产总值,615.3,亿元\nED210102,2023年1-9月,地区生产总值,290,亿元\n210000,2023年1-9月,地区生产总值,22500,亿元\n");
  await load("2023年1-12月.csv", "ED210101,2023年1-12月,地区生产总值,820.5,亿元\n210000,2023年1-12月,地区生产总值,30000,亿元\n");
  const r = await build(project.ctx(), wh);
  expect(r.results.filter((x) => x.status === "fail" || x.status === "error")).toEqual([]);
}, 120_000);
afterAll(async () => {
  await wh.close();
  project.cleanup();
});

describe("the year's label", () => {
  it("coverage names the 1-12月 period 2023年, as growth and shares do", async () => {
    const labels = async (sql: string) => (await wh.sql.all(sql)).map((r) => r.period_label);
    // By hand: two periods were sent, 1-9月 (ends 09-30) and the full year read from 1-12月 (ends 12-31).
    expect(await labels(`select distinct period_label from coverage where indicator_code = 'gdp' order by period_label`)).toEqual(["2023年", "2023年1-9月"]);
    expect(await labels(`select distinct period_label from growth where entity_code = 'ED210101' and indicator_code = 'gdp' order by period_label`)).toEqual(["2023年", "2023年1-9月"]);
    expect(await labels(`select distinct period_label from shares where indicator_code = 'gdp' and period_end = '2023-12-31' order by period_label`)).toEqual(["2023年"]);
  });

  it("coverage joins growth on 期间: every reported value finds its growth row", async () => {
    // ED210101 reported 2 values (1-9月 615.3, 2023年 820.5), ED210102 one (1-9月 290): 3 reported rows, none lost.
    const rows = await wh.sql.all(`select c.zone_code, c.period_label, c.value, g.value as growth_value
      from coverage c left join growth g on g.entity_code = c.zone_code and g.indicator_code = c.indicator_code and g.period_label = c.period_label
      where c.indicator_code = 'gdp' and c.reported order by c.zone_code, c.period_end`);
    expect(rows).toEqual([
      { zone_code: "ED210101", period_label: "2023年1-9月", value: 615.3, growth_value: 615.3 },
      { zone_code: "ED210101", period_label: "2023年", value: 820.5, growth_value: 820.5 },
      { zone_code: "ED210102", period_label: "2023年1-9月", value: 290, growth_value: 290 },
    ]);
  });

  it("辉山's 未报送 of the year is named 2023年 in data_quality", async () => {
    const r = await wh.sql.all(`select distinct period_label from data_quality where check_code = 'missing_report' and entity_code = 'ED210102' and indicator_code = 'gdp'`);
    expect(r).toEqual([{ period_label: "2023年" }]);
  });
});
