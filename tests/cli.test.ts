import { spawnSync } from "node:child_process";
import { appendFileSync, copyFileSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO, tempProject, type TestProject } from "./support/project.js";

let project: TestProject | undefined;
afterEach(() => project?.cleanup());

describe("zonestat CLI", () => {
  it("query prints JSON rows: select 42 as x → [{\"x\":42}]", async () => {
    project = tempProject();
    const r = await project.run("query", "select 42 as x", "--format", "json");
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toBe('[{"x":42}]');
  });

  it("query prints CSV and a table", async () => {
    project = tempProject();
    const csv = await project.run("query", "select 1 as a, '辽宁' as b", "--format", "csv");
    expect(csv.stdout).toBe("a,b\r\n1,辽宁\n");
    const table = await project.run("query", "select 1 as a");
    expect(table.stdout).toContain("(1 行)");
  });

  it("status shows run times in the configured zone, as it shows the next scheduled times (Asia/Shanghai = UTC+8, no summer time)", async () => {
    project = tempProject("timezone: Asia/Shanghai\n");
    const sample = path.join(REPO, "sources/sample/inbox/示例_2024年1-3月全省经济开发区主要经济指标.csv");
    copyFileSync(sample, path.join(project.config.inbox, path.basename(sample)));
    // The refresh records a run (the last one: nothing else runs here).
    const refresh = await project.run("refresh");
    expect(refresh.code, refresh.stderr).toBe(0);
    const utc = await project.run("query", "select strftime(started_at + interval 8 hour, '%Y-%m-%d %H:%M:%S') as t from ingest.runs order by run_id desc limit 1", "--format", "json");
    const expected = (JSON.parse(utc.stdout) as Array<{ t: string }>)[0]!.t;
    const r = await project.run("status");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("最近运行（北京时间）：");
    expect(r.stdout).toContain(`  ${expected} refresh`);
    // The JSON gives every time in one form that carries its zone (stat-qa4 F11: local without offset beside UTC):
    // the same local time as the text, with Shanghai's +08:00.
    const j = JSON.parse((await project.run("status", "--json")).stdout) as { last_runs: Array<{ started_at: string }>; data_through: { latest_load: string }; next_runs: Array<{ next: string | null }> };
    expect(j.last_runs[0]!.started_at).toBe(`${expected.replace(" ", "T")}+08:00`);
    expect(j.data_through.latest_load).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\+08:00$/);
    for (const n of j.next_runs) if (n.next !== null) expect(n.next).toMatch(/\+08:00$/);
    expect(r.stdout).toMatch(/最近入库 \d{4}-\d\d-\d\d \d\d:\d\d:\d\d（北京时间）/);
    // A build is a run too (engineer-qa 8: builds were missing from 最近运行), with its outcome; the newest first.
    const b = await project.run("build", "-q");
    expect(b.code, b.stderr).toBe(0);
    const after = await project.run("status");
    expect(after.stdout).toMatch(/最近运行（北京时间）：\n {2}\S+ \S+ build ok \d+ms 完成 build：成功 \d+，通过 \d+，警告 0，失败 0，错误 0/);
  });

  it("a refresh that creates a new warehouse beside a non-empty archive says the archived files are not in it", async () => {
    project = tempProject();
    mkdirSync(project.config.archive, { recursive: true });
    copyFileSync(path.join(REPO, "sources/sample/inbox/示例_2024年1-3月全省经济开发区主要经济指标.csv"), path.join(project.config.archive, "a.csv"));
    const r = await project.run("refresh");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stderr).toContain("归档目录");
    expect(r.stderr).toContain("有 1 个此前入库过的文件，新仓库不包含它们");
    // The next refresh opens the warehouse it made: no notice.
    expect((await project.run("refresh")).stderr).not.toContain("归档目录");
  });

  it("a file that grew in the archive after it was loaded (a writer that paused, then went on) is named by status and by every refresh", async () => {
    project = tempProject();
    const name = "示例_2024年1-3月全省经济开发区主要经济指标.csv";
    const original = readFileSync(path.join(REPO, "sources/sample/inbox", name));
    writeFileSync(path.join(project.config.inbox, name), original);
    expect((await project.run("ingest")).code).toBe(0);
    expect((await project.run("status")).stdout).not.toContain("入库后仍在变化");
    // The writer goes on writing into the file it still has open (now in the archive).
    appendFileSync(path.join(project.config.archive, name), "沈阳经济技术开发区,1,2,3\r\n");
    const status = await project.run("status");
    expect(status.stdout).toContain("入库后仍在变化的文件：1");
    expect(status.stdout).toContain(`${name} 入库时为 ${original.length} 字节，归档中现为 ${original.length + Buffer.byteLength("沈阳经济技术开发区,1,2,3\r\n")} 字节`);
    const refresh = await project.run("refresh");
    expect(refresh.stderr).toContain(`${name} 入库时为 ${original.length} 字节`);
    // Withdrawn, it is no longer counted.
    expect((await project.run("withdraw", name)).code).toBe(0);
    expect((await project.run("status")).stdout).not.toContain("入库后仍在变化");
  });

  it("after zonestat prefer, a plain refresh rebuilds: the models take the preferred value (they had kept the overruled one)", async () => {
    project = tempProject();
    const T = "2024年1-6月全省经济开发区主要经济指标\r\n开发区名称,地区生产总值(亿元)\r\n";
    // Same period, no stated edition, one day apart in mtime only: equal evidence, a flagged conflict.
    writeFileSync(path.join(project.config.inbox, "a.csv"), T + "沈阳经济技术开发区,160.2\r\n");
    writeFileSync(path.join(project.config.inbox, "b.csv"), T + "沈阳经济技术开发区,158.8\r\n");
    expect((await project.run("refresh")).code).toBe(0);
    const current = async () => (JSON.parse((await project!.run("query", "select value from main_staging.stg_observations where entity_code = 'ED210101' and indicator_code = 'gdp' and measure = 'value'", "--format", "json")).stdout) as Array<{ value: number }>).map((r) => r.value);
    const before = await current();
    const other = before[0] === 160.2 ? "b.csv" : "a.csv";
    expect((await project.run("prefer", other)).code).toBe(0);
    const r = await project.run("refresh");
    expect(r.stderr + r.stdout).not.toContain("没有新文件");
    expect(await current()).toEqual([other === "a.csv" ? 160.2 : 158.8]);
  });

  it("a rejected file is no longer listed by status once a corrected file of the same name has loaded", async () => {
    project = tempProject();
    const T = "2024年1-6月全省经济开发区主要经济指标\n开发区名称,地区生产总值(亿元)\n";
    writeFileSync(path.join(project.config.inbox, "x.csv"), T + "沈阳经济技术开发区,abc\n");
    await project.run("ingest");
    expect((await project.run("status")).stdout).toContain("拒收文件：1");
    writeFileSync(path.join(project.config.inbox, "x.csv"), T + "沈阳经济技术开发区,500\n");
    expect((await project.run("ingest")).code).toBe(0);
    expect((await project.run("status")).stdout).toContain("拒收文件：0");
  });

  it("status shows the rows' own vintage for a file whose rows state it (not the file's fallback date)", async () => {
    project = tempProject();
    writeFileSync(path.join(project.config.inbox, "rv.csv"), "entity,period,indicator,value,unit,basis,vintage\n沈阳经济技术开发区,2024年1-6月,地区生产总值,510,亿元,累计,2024-07-20\n大连经济技术开发区,2024年1-6月,地区生产总值,610,亿元,累计,2024-07-25\n");
    expect((await project.run("ingest")).code).toBe(0);
    expect((await project.run("status")).stdout).toContain("rv.csv：2024-07-20至2024-07-25 版，数据行注明（规则1）");
  });

  it("a misspelled configuration key exits 2 naming the key and the file", async () => {
    project = tempProject("wareouse: x.duckdb\n");
    const r = await project.run("status");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("wareouse");
    expect(r.stderr).toContain(project.configFile);
    expect(r.stderr).toContain("CONFIG_UNKNOWN_KEY");
  });

  it("a wrong type in the configuration exits 2 naming the key", async () => {
    project = tempProject("schedule:\n  stable_seconds: soon\n");
    const r = await project.run("status");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("schedule.stable_seconds");
  });

  it("an unknown option is a usage error (exit 2)", async () => {
    project = tempProject();
    const r = await project.run("ingest", "--no-such-flag");
    expect(r.code).toBe(2);
  });

  it("bad SQL exits 2 with the database's message", async () => {
    project = tempProject();
    const r = await project.run("query", "selec 1");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("USAGE_SQL");
  });

  it("the built bin answers --help on every subcommand", () => {
    for (const sub of ["", "ingest", "build", "test", "publish", "refresh", "schedule", "status", "query", "targets"]) {
      const r = spawnSync(process.execPath, [path.join(REPO, "bin/zonestat.js"), ...(sub ? [sub] : []), "--help"], { encoding: "utf8" });
      expect(r.status, sub).toBe(0);
      expect(r.stdout).toContain("Usage: zonestat");
    }
  });

  it("config file given but missing exits 2", async () => {
    project = tempProject();
    writeFileSync(path.join(project.dir, "other.yml"), "");
    const { main } = await import("../pipelines/cli/main.js");
    const code = await main(["status", "--config", path.join(project.dir, "missing.yml")], { stdout: { write: () => true } as never, stderr: { write: () => true } as never });
    expect(code).toBe(2);
  });
});
