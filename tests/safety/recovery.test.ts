/**
 * Recovery as loaded → built → published (issue #17). Real `zonestat refresh`
 * processes are killed (SIGKILL) after loading and again mid-publish, or stopped
 * with SIGTERM; the next refresh finishes the work — before this it said
 * "nothing new" until --full — closes the dead runs' records as failed and removes
 * the killed publish's staging folder.
 */
import { existsSync, readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { zonestatSpawn, zonestatSync } from "../support/cli-process.js";

// Several full refreshes as real processes: slow on a shared 2-core machine (no speed is asserted).
vi.setConfig({ testTimeout: 480_000 });

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const Q1 = "示例_2022年1-3月全省经济开发区主要经济指标.csv";
const H1 = "示例_2022年1-6月全省经济开发区主要经济指标.csv";
let project: TestProject | undefined;
afterEach(() => project?.cleanup());

async function waitFor(cond: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1200; i++) {
    if (cond()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`never saw ${what}`);
}

async function runs(p: TestProject): Promise<Array<{ status: string }>> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return await db.all(`select status from ingest.runs order by run_id`);
  } finally {
    await db.close();
  }
}

/** The latest period the published overview names (the sample files end 2022-03-31 and 2022-06-30). */
const index = (p: TestProject) => readFileSync(path.join(p.config.site, "index.html"), "utf8");
const versions = (p: TestProject) => readdirSync(path.join(p.dir, ".site-versions"));

describe("a refresh killed or stopped part-way", () => {
  it("SIGKILL after loading, then SIGKILL mid-publish: the next refresh builds and publishes the new file, closes both runs as failed, removes the staging folder", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "refresh").code).toBe(0);
    expect(index(project)).not.toContain("2022-06-30");

    project.dropFrom(path.join(SAMPLE, H1));
    const first = zonestatSpawn(project.dir, "refresh");
    await waitFor(() => existsSync(path.join(project!.config.archive, H1)), "the file archived (loaded and committed)");
    first.child.kill("SIGKILL");
    await first.done;

    const second = zonestatSpawn(project.dir, "refresh");
    await waitFor(() => versions(project!).length > 1, "a staging folder beside the published version");
    second.child.kill("SIGKILL");
    await second.done;
    expect(versions(project).length).toBe(2); // the published version and the killed staging folder
    expect(index(project)).not.toContain("2022-06-30"); // the old site, still whole

    const third = zonestatSync(project.dir, "refresh");
    expect(third.code).toBe(0);
    expect(third.stdout).not.toContain("没有新文件");
    // Here a run truly did not finish: said so (and only here — operator finding 8).
    expect(third.stderr).toContain("上一次运行未完成（失败或被终止");
    expect(index(project)).toContain("2022-06-30");
    expect(versions(project).length).toBe(1);
    expect((await runs(project)).map((r) => r.status)).toEqual(["ok", "failed", "failed", "ok"]);

    // And now, truly nothing to do.
    expect(zonestatSync(project.dir, "refresh").stdout).toContain("没有新文件");
  });

  it("SIGTERM stops at the next safe point: exit with STOPPED, the old site stays whole, the next refresh publishes", async () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "refresh").code).toBe(0);
    project.dropFrom(path.join(SAMPLE, H1));
    const run = zonestatSpawn(project.dir, "refresh");
    await waitFor(() => existsSync(path.join(project!.config.archive, H1)), "the file loaded");
    run.child.kill("SIGTERM");
    const r = await run.done;
    expect(r.code).toBe(1);
    expect(r.stderr).toContain("STOPPED");
    expect(r.stderr).not.toContain("内部错误");
    expect(index(project)).not.toContain("2022-06-30");
    expect((await runs(project)).map((x) => x.status)).toEqual(["ok", "stopped"]);
    const next = zonestatSync(project.dir, "refresh");
    expect(next.code).toBe(0);
    expect(index(project)).toContain("2022-06-30");
  });

  it("files loaded by `zonestat ingest` alone are built and published by the next refresh", () => {
    project = tempProject("schedule:\n  stable_seconds: 0\n");
    project.dropFrom(path.join(SAMPLE, Q1));
    expect(zonestatSync(project.dir, "refresh").code).toBe(0);
    project.dropFrom(path.join(SAMPLE, H1));
    expect(zonestatSync(project.dir, "ingest").stdout).toContain("入库 1 个文件");
    const r = zonestatSync(project.dir, "refresh");
    expect(r.stdout).not.toContain("没有新文件");
    expect(index(project)).toContain("2022-06-30");
  });
});
