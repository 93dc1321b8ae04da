/**
 * The bulk path (DuckDB parses, SQL validates) and the row path (papaparse) must
 * load the same file identically and reject a bad one with the same code and line.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import iconv from "iconv-lite";
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

function longFile(): string {
  const zones = ["ED210101", "旅顺经开区", "大连经济技术开发区", "ED210801"];
  const lines = ["entity,period,indicator,value,unit,basis,vintage"];
  let k = 0;
  for (let y = 2016; y <= 2024; y++)
    for (const z of zones)
      for (const [ind, unit] of [["地区生产总值", "亿元"], ["一般公共预算收入", "万元"], ["出口额", "万美元"], ["企业数", "家"]] as const)
        for (const q of [3, 6, 9, 12]) {
          k++;
          const value = k % 97 === 0 ? "—" : k % 89 === 0 ? "\"１,２３４．５\"" : ((k * 37) % 1000 + 0.25).toFixed(2);
          lines.push(`${z},${y}年1-${q}月,${ind},${value},${unit},${ind === "企业数" ? "" : "累计"},${y + 1}`);
        }
  return lines.join("\n") + "\n";
}

async function loadWith(text: string | Buffer, threshold: number, name = "long.csv") {
  const p = tempProject();
  projects.push(p);
  const file = path.join(p.dir, name);
  writeFileSync(file, text);
  const wh = await openWarehouse(p.config.warehouse);
  try {
    const report = await ingest(p.ctx(), wh, { paths: [file], bulkThresholdBytes: threshold });
    const facts = await wh.sql.all(`select * exclude (file_id, loaded_at) from ingest.facts_wide order by line, indicator_code, measure`);
    return { report, facts, json: report.files[0]!.reportPath };
  } finally {
    await wh.close();
  }
}

describe("bulk path = row path", () => {
  it("loads the same facts from a UTF-8 file", async () => {
    const text = longFile();
    const bulk = await loadWith(text, 0);
    const rows = await loadWith(text, Number.POSITIVE_INFINITY);
    expect(bulk.report.files[0]!.status).toBe("loaded");
    expect(rows.report.files[0]!.status).toBe("loaded");
    expect(bulk.facts.length).toBeGreaterThan(500);
    expect(bulk.facts).toEqual(rows.facts);
  });

  it("loads the same facts from a GBK file", async () => {
    const text = iconv.encode(longFile(), "gbk");
    const bulk = await loadWith(text, 0, "gbk.csv");
    const rows = await loadWith(text, Number.POSITIVE_INFINITY, "gbk.csv");
    expect([bulk.report.files[0]!.status, rows.report.files[0]!.status]).toEqual(["loaded", "loaded"]);
    expect(bulk.facts).toEqual(rows.facts);
  });

  it("rejects a GBK file with a byte sequence GB18030 cannot decode on both paths", async () => {
    const bytes = iconv.encode(longFile(), "gbk");
    // 0xFF is never a valid byte in GB18030: both decoders yield U+FFFD there (0x80 would be €, as in cp936).
    const at = bytes.indexOf(Buffer.from("\n", "latin1"), 5000) + 1;
    bytes[at] = 0xff;
    bytes[at + 1] = 0x20;
    const bulk = await loadWith(bytes, 0, "gbk.csv");
    const rows = await loadWith(bytes, Number.POSITIVE_INFINITY, "gbk.csv");
    expect([bulk.report.files[0]!.status, bulk.report.files[0]!.firstError]).toEqual(["rejected", "ENCODING_INVALID"]);
    expect([rows.report.files[0]!.status, rows.report.files[0]!.firstError]).toEqual(["rejected", "ENCODING_INVALID"]);
  });

  it.each([
    ["an unknown entity", (t: string) => t.replace("\nED210801,2017年1-3月", "\n沈阳经开发区,2017年1-3月"), "ENTITY_UNKNOWN"],
    ["a value that is no number", (t: string) => t.replace(/(\n旅顺经开区,2018年1-6月,地区生产总值,)[^,]+/, "$1十二"), "VALUE_NOT_NUMBER"],
    // DuckDB's own cast reads these; the row path's number rule does not, and the bulk path must agree with it.
    ["a value with an underscore (1_000)", (t: string) => t.replace(/(\n旅顺经开区,2019年1-6月,地区生产总值,)[^,]+/, "$11_000"), "VALUE_NOT_NUMBER"],
    ["a value spelt inf", (t: string) => t.replace(/(\n旅顺经开区,2019年1-9月,地区生产总值,)[^,]+/, "$1inf"), "VALUE_NOT_NUMBER"],
    ["an unknown unit", (t: string) => t.replace(/(\n大连经济技术开发区,2020年1-6月,地区生产总值,[^,]+,)亿元/, "$1亿元人民币"), "UNIT_UNKNOWN"],
  ])("rejects %s with the same code and line on both paths", async (_what, mutate, code) => {
    const text = mutate(longFile());
    const bulk = await loadWith(text, 0);
    const rows = await loadWith(text, Number.POSITIVE_INFINITY);
    const b = bulk.report.files[0]!;
    const r = rows.report.files[0]!;
    expect([b.status, b.firstError]).toEqual(["rejected", code]);
    expect([r.status, r.firstError]).toEqual(["rejected", code]);
    const where = async (reportPath: string) => {
      const e = JSON.parse((await import("node:fs")).readFileSync(reportPath.replace(/\.txt$/, ".json"), "utf8")).errors[0];
      return `${e.line}:${e.column}`;
    };
    // Same line and column on both paths (an unknown name points at the entity column A, a bad value at D).
    expect(await where(b.reportPath!)).toBe(await where(r.reportPath!));
    if (code === "ENTITY_UNKNOWN") expect((await where(b.reportPath!)).endsWith(":A")).toBe(true);
  });
});
