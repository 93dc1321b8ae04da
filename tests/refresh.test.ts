/**
 * The job cron runs: the sample refresh leaves a warehouse and a site; a second
 * refresh ingests nothing, builds nothing, publishes nothing and changes no data.
 */
import { appendFileSync, existsSync, readdirSync, readFileSync, readlinkSync, statSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, tempProject, type TestProject } from "./support/project.js";
import { openDuckDB } from "../pipelines/warehouse/duckdb.js";

let project: TestProject;
let first: { code: number; stdout: string; stderr: string };

const facts = async () => {
  const db = await openDuckDB(project.config.warehouse, { readOnly: true });
  try {
    return JSON.stringify(await db.all(`select count(*) as n, sum(value) as s, max(file_id) as f from ingest.facts`));
  } finally {
    await db.close();
  }
};

beforeAll(async () => {
  project = tempProject();
  first = await project.run("refresh", "--sample");
});
afterAll(() => project.cleanup());

describe("refresh", () => {
  it("the sample refresh succeeds and prints where the site is", () => {
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain(path.join(project.config.site, "index.html"));
    expect(existsSync(project.config.warehouse)).toBe(true);
    expect(existsSync(path.join(project.config.site, "index.html"))).toBe(true);
  });

  it("a second refresh ingests nothing and changes no data, no site", async () => {
    const before = await facts();
    const indexBefore = statSync(path.join(project.config.site, "index.html")).mtimeMs;
    const second = await project.run("refresh");
    expect(second.code).toBe(0);
    expect(second.stdout).toContain("没有新文件");
    expect(await facts()).toBe(before);
    expect(statSync(path.join(project.config.site, "index.html")).mtimeMs).toBe(indexBefore);
  });

  it("refresh --sample again is also a no-op: the same files are not loaded twice", async () => {
    const before = await facts();
    const again = await project.run("refresh", "--sample");
    expect(again.code).toBe(0);
    expect(await facts()).toBe(before);
  });

  it("status reports the runs as JSON", async () => {
    const r = await project.run("status", "--json");
    expect(r.code).toBe(0);
    const s = JSON.parse(r.stdout);
    expect(s.last_runs.map((x: { status: string }) => x.status)).toEqual(["nothing_to_do", "nothing_to_do", "ok"]);
    expect(s.inbox_backlog).toEqual([]);
    expect(s.next_runs.map((x: { name: string }) => x.name)).toEqual(["refresh", "rebuild"]);
  });

  it("the catalogue lists document 000's targets as JSON", async () => {
    const r = await project.run("targets", "--doc", "000", "--format", "json");
    const rows = JSON.parse(r.stdout);
    expect(rows.find((t: { id: string }) => t.id === "D000-01")).toMatchObject({ base_value: 6403, target_value: 10500, target_year: 2020, comparator: ">=" });
  });

  it("the site marks synthetic numbers as 示例数据", () => {
    expect(readFileSync(path.join(project.config.site, "index.html"), "utf8")).toContain("示例数据");
  });
});

describe("a refresh whose data tests fail", () => {
  it("status says how far the data reaches; publish refuses marts older than the loaded data until a whole build", async () => {
    const json = async () => JSON.parse((await project.run("status", "--json")).stdout) as { data_through: { period_end: string; period_labels: string[] }; stage: string };
    // The sample's newest values end 2024-12-31 (1-12月 files, 2024年末 land, the bureau's 2024年).
    const s0 = await json();
    expect(s0.data_through.period_end).toBe("2024-12-31");
    expect(s0.data_through.period_labels).toContain("2024年1-12月");
    expect(s0.stage).toBe("published");
    expect((await project.run("status")).stdout).toContain("模型和网站：已按当前入库的数据构建并发布");
    // A new quarter loaded by `ingest`, then a partial build (inc-qa finding 6: publish then mixed a stale growth mart in).
    const q1 = readFileSync(path.join(REPO, "sources/sample/inbox/示例_2024年1-3月全省经济开发区主要经济指标.csv"), "utf8");
    project.drop("示例_2025年1-3月全省经济开发区主要经济指标.csv", q1.replaceAll("2024年1-3月", "2025年1-3月"));
    expect((await project.run("ingest")).code).toBe(0);
    expect((await json()).stage).toBe("loaded");
    expect((await project.run("build", "--exclude", "growth")).code).toBe(0);
    const version = readlinkSync(project.config.site);
    const refused = await project.run("publish");
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("USAGE_PUBLISH_NOT_BUILT");
    expect(refused.stderr).toContain("模型不是按当前入库的数据");
    expect(readlinkSync(project.config.site)).toBe(version); // the published site untouched
    // A whole build, then publish: the site shows 2025年1-3月, and status says so.
    expect((await project.run("build")).code).toBe(0);
    const ok = await project.run("publish");
    expect(ok.code, ok.stderr).toBe(0);
    const s1 = await json();
    expect(s1.data_through.period_end).toBe("2025-03-31");
    expect(s1.data_through.period_labels).toEqual(["2025年1-3月"]);
    expect(s1.stage).toBe("published");
    expect(readFileSync(path.join(project.config.site, "index.html"), "utf8")).toContain("2025-03-31");
    // Nothing left to do for refresh.
    expect((await project.run("refresh")).stdout).toContain("没有新文件");
  }, 300_000);

  it("a changed output setting in the config (headline_scope, publisher) is a changed project: rebuilt and republished", async () => {
    // operator tester: editing headline_scope as the config's comment says left refresh at 没有新文件, the site on the
    // old scope, and a later `zonestat build` out of step with the site.
    appendFileSync(project.configFile, "headline_scope: LN_ED_NATIONAL\npublisher: 测试省商务厅开发区处\n");
    const r = await project.run("refresh");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).not.toContain("没有新文件");
    const db = await openDuckDB(project.config.warehouse, { readOnly: true });
    try {
      expect(await db.all(`select scope_code from main.site_scope`)).toEqual([{ scope_code: "LN_ED_NATIONAL" }]);
    } finally {
      await db.close();
    }
    expect(readFileSync(path.join(project.config.site, "index.html"), "utf8")).toContain("测试省商务厅开发区处");
    // Unchanged again: nothing to do.
    expect((await project.run("refresh")).stdout).toContain("没有新文件");
  }, 300_000);

  it("keeps the last good site, marks every page with what failed, marks it once, and the next good refresh clears it", async () => {
    const p = tempProject();
    try {
      expect((await p.run("refresh", "--sample")).code).toBe(0);
      const site = p.config.site;
      const pages = (dir: string): string[] => readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? pages(path.join(dir, e.name)) : e.name.endsWith(".html") ? [path.join(dir, e.name)] : []));
      const before = readFileSync(path.join(site, "shares.html"), "utf8");
      // Zone GDP of 999999 亿元 in 2023 is ~33× the province's 30209.4: the share test (value_between 0..1) fails.
      p.drop("held.csv", "entity,period,indicator,value,unit,basis,vintage\r\n全省省级以上经济开发区,2023年,地区生产总值,999999,亿元,当期,\r\n");
      const failed = await p.run("refresh");
      expect(failed.code).toBe(1);
      const all = pages(site);
      expect(all.length).toBeGreaterThan(10);
      for (const f of all) expect(readFileSync(f, "utf8"), f).toMatch(/的更新未发布：<\/strong>构建或数据测试未通过[\s\S]*<code>[^<]*value_between[^<]*shares/);
      // The numbers are the old ones: the page is the previous one plus the notice.
      const shares = readFileSync(path.join(site, "shares.html"), "utf8");
      expect(shares.replace(/<!--zonestat:held-->[\s\S]*?<!--\/zonestat:held-->\n?/, "")).toBe(before);
      expect(shares).not.toContain("999,999");

      // The scheduler retries the build each tick; the same failure does not make another version.
      const version = readlinkSync(site);
      expect((await p.run("refresh")).code).toBe(1);
      expect(readlinkSync(site)).toBe(version);

      // The statistician resends the corrected figure: published, and the notice is gone from every page.
      p.drop("held_fix.csv", "entity,period,indicator,value,unit,basis,vintage\r\n全省省级以上经济开发区,2023年,地区生产总值,12000,亿元,当期,\r\n");
      expect((await p.run("refresh")).code).toBe(0);
      for (const f of pages(site)) expect(readFileSync(f, "utf8"), f).not.toContain("zonestat:held");
    } finally {
      p.cleanup();
    }
  }, 300_000); // four refreshes with builds: slow on a shared 2-core machine (no speed is asserted)
});
