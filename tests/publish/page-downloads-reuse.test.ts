/**
 * A page's own downloads (a zone's annual wide table as CSV and .xlsx) are linked from the previous
 * version when they are made from the same cells, and made again when they are not: after a 更正 of
 * 2024年1-12月 that changes one zone's 地区生产总值, exactly that zone's two files are new, every other
 * zone's files are the previous version's (same inode), and every file is byte for byte what a
 * from-scratch publish of the same warehouse writes.
 */
import { readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../pipelines/build.js";
import { ingest } from "../../pipelines/ingest/job.js";
import { publish, type PublishReport } from "../../pipelines/publish/job.js";
import { ATTACHMENTS_DIR } from "../../pipelines/publish/page.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const ANNUAL_2024 = "示例_2024年1-12月全省经济开发区主要经济指标.csv";
// 沈阳辉山经济技术开发区's 2024年1-12月 地区生产总值 in the sample: 227.8 (亿元); the 更正 gives 231.4.
const OLD_LINE = "2,沈阳辉山经济技术开发区,沈阳市,227.8,";
const NEW_LINE = "2,沈阳辉山经济技术开发区,沈阳市,231.4,";
const T1 = new Date("2026-01-10T02:00:00Z");
const T2 = new Date("2026-04-20T02:00:00Z");

let project: TestProject;
let second: PublishReport;
/** Per zone file under downloads/pages/: its inode and bytes after the first publish, after the second, and from scratch. */
let first: Map<string, { ino: number; bytes: Buffer }>;
let after: Map<string, { ino: number; bytes: Buffer }>;
let scratch: Map<string, { ino: number; bytes: Buffer }>;

function pageDownloads(site: string): Map<string, { ino: number; bytes: Buffer }> {
  const dir = path.join(realpathSync(site), ATTACHMENTS_DIR);
  return new Map(readdirSync(dir).map((f) => [f, { ino: statSync(path.join(dir, f)).ino, bytes: readFileSync(path.join(dir, f)) }]));
}

beforeAll(async () => {
  project = tempProject();
  const wh = await openWarehouse(project.config.warehouse);
  try {
    const sample = readdirSync(SAMPLE).map((f) => path.join(SAMPLE, f));
    expect((await ingest(project.ctx(() => T1), wh, { paths: sample })).rejected).toBe(0);
    expect((await build(project.ctx(() => T1), wh, { command: "build" })).ok).toBe(true);
    await publish(project.ctx(() => T1), wh);
    first = pageDownloads(project.config.site);
    const text = readFileSync(path.join(SAMPLE, ANNUAL_2024), "utf8");
    expect(text).toContain(OLD_LINE);
    const corrected = text.replace("主要经济指标（示例数据）", "主要经济指标（示例数据）（更正）").replace(OLD_LINE, NEW_LINE);
    const file = path.join(project.dir, "示例_2024年1-12月全省经济开发区主要经济指标_更正.csv");
    writeFileSync(file, corrected);
    expect((await ingest(project.ctx(() => T2), wh, { paths: [file] })).loaded).toBe(1);
    expect((await build(project.ctx(() => T2), wh, { command: "build" })).ok).toBe(true);
    second = await publish(project.ctx(() => T2), wh);
    after = pageDownloads(project.config.site);
    const other = path.join(project.dir, "scratch-site");
    await publish({ ...project.ctx(() => T2), config: { ...project.config, site: other } }, wh);
    scratch = pageDownloads(other);
  } finally {
    await wh.close();
  }
}, 600_000);
afterAll(() => (process.env.KEEP_TEST_PROJECT ? console.log(project.dir) : project?.cleanup()));

describe("pages' own downloads after a 更正 that touches one zone's annual values", () => {
  const zoneFiles = () => [...after.keys()].filter((f) => /^zone-.*-annual\.(csv|xlsx)$/.test(f));

  it("makes again exactly the changed zone's CSV and .xlsx, with the corrected value", () => {
    const changed = zoneFiles().filter((f) => !after.get(f)!.bytes.equals(first.get(f)!.bytes));
    expect(changed.length).toBe(2);
    const csv = changed.find((f) => f.endsWith(".csv"))!;
    expect(changed).toEqual([csv, csv.replace(/\.csv$/, ".xlsx")]);
    // The 2024 column of its 地区生产总值 row: the corrected value, to the indicator's one decimal.
    const gdp = after.get(csv)!.bytes.toString("utf8").split("\r\n").find((l) => l.startsWith("地区生产总值"))!;
    expect(gdp).toContain(",231.4,");
    expect(first.get(csv)!.bytes.toString("utf8")).toContain(",227.8,");
    // Made anew, not linked: a new inode.
    for (const f of changed) expect(after.get(f)!.ino).not.toBe(first.get(f)!.ino);
  });

  it("links every other zone's files from the previous version", () => {
    const kept = zoneFiles().filter((f) => after.get(f)!.bytes.equals(first.get(f)!.bytes));
    expect(kept.length).toBeGreaterThan(60);
    for (const f of kept) expect(after.get(f)!.ino, f).toBe(first.get(f)!.ino);
    // Every zone file but the two made again (ranking and cities change with 2024's values: not counted here).
    expect(second.pageDownloadsReused).toBeGreaterThanOrEqual(kept.length);
  });

  it("leaves every page download byte for byte as a from-scratch publish writes it", () => {
    expect([...after.keys()].sort()).toEqual([...scratch.keys()].sort());
    const differ = [...after.keys()].filter((f) => !after.get(f)!.bytes.equals(scratch.get(f)!.bytes));
    expect(differ).toEqual([]);
    // The scratch site made every file itself (nothing to link from).
    expect([...scratch.values()].every((s) => ![...after.values()].some((a) => a.ino === s.ino))).toBe(true);
  });
});
