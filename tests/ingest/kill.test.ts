/**
 * A real load killed with SIGKILL at each stage — before the transaction, inside it,
 * after the commit but before the file is moved — then restarted: the file is
 * loaded exactly once and the warehouse opens.
 */
import { spawn } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse } from "../../pipelines/warehouse/index.js";
import { REPO, SHARED, tempProject, type TestProject } from "../support/project.js";

const FILE = path.join(SHARED, "realdata/nbs/01_nbs_fsnd_gdp_by_province_2006-2024_GBK.csv");
const ROWS = 31 * 19; // provinces × years in file 01
let project: TestProject | undefined;
afterEach(() => project?.cleanup());

async function killAt(p: TestProject, stage: string): Promise<void> {
  const marker = path.join(p.dir, `marker-${stage}`);
  const child = spawn(process.execPath, [path.join(REPO, "tests/support/ingest-child.mjs"), p.configFile, stage, marker], { stdio: "ignore" });
  const deadline = Date.now() + 30_000;
  while (!existsSync(marker)) {
    if (Date.now() > deadline) throw new Error(`child never reached ${stage}`);
    if (child.exitCode !== null) throw new Error(`child exited early with ${child.exitCode}`);
    await new Promise((r) => setTimeout(r, 20));
  }
  child.kill("SIGKILL");
  await new Promise((r) => child.once("exit", r));
}

describe("killing a load", () => {
  for (const stage of ["staged", "inserted", "committed"]) {
    it(`SIGKILL at "${stage}", then a restart: loaded exactly once`, async () => {
      project = tempProject();
      project.dropFrom(FILE);
      await killAt(project, stage);
      // The killed process left the file in the inbox (it moves only after commit).
      expect(readdirSync(project.inbox)).toEqual([path.basename(FILE)]);
      const wh = await openWarehouse(project.config.warehouse);
      try {
        const before = (await wh.sql.all<{ n: number }>(`select count(*) as n from ingest.facts`))[0]!.n;
        expect(before).toBe(stage === "committed" ? ROWS : 0);
        const report = await ingest(project.ctx(), wh);
        expect(report.files[0]!.status).toBe(stage === "committed" ? "duplicate" : "loaded");
        const [facts] = await wh.sql.all<{ n: number; files: number }>(`select count(*) as n, count(distinct file_id) as files from ingest.facts`);
        expect(facts).toEqual({ n: ROWS, files: 1 });
        expect((await wh.sql.all(`select count(*) as n from ingest.files`))[0]).toEqual({ n: 1 });
        expect(readdirSync(project.inbox)).toEqual([]);
        expect(readdirSync(project.config.archive)).toEqual([path.basename(FILE)]);
      } finally {
        await wh.close();
      }
    });
  }
});
