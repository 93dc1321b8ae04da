/**
 * engineer-qa finding 4: an unknown headline_scope in zonestat.config.yml is refused before anything is built,
 * naming the file, the value and the scopes there are (it had built every mart with an empty 排名 and published "—"),
 * and a build that fails makes no backup.
 */
import { existsSync, readdirSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

describe("headline_scope", () => {
  it("a code not in scopes.csv: build and refresh exit 2 with CONFIG_HEADLINE_SCOPE_UNKNOWN, nothing built", async () => {
    const p = tempProject("headline_scope: LN_EDX\n");
    projects.push(p);
    for (const cmd of ["build", "refresh"]) {
      const r = await p.run(cmd);
      expect(r.code, r.stdout + r.stderr).toBe(2);
      expect(r.stderr).toContain("CONFIG_HEADLINE_SCOPE_UNKNOWN");
      expect(r.stderr).toContain("「LN_EDX」");
      expect(r.stderr).toContain("LN_ED、"); // the shipped scopes.csv's codes, LN_ED among them
    }
    // No backup either (engineer-qa finding 5: every failed build rotated a good backup out).
    const backups = path.join(p.dir, "warehouse", "backups");
    expect(existsSync(backups) ? readdirSync(backups).filter((f) => f.endsWith(".duckdb")) : []).toEqual([]);
    // Nothing was built: no mart in the warehouse.
    const marts = await p.query<{ n: number }>(`select count(*)::int as n from information_schema.tables where table_schema = 'main' and table_name = 'shares'`).catch(() => [{ n: 0 }]);
    expect(marts[0]!.n).toBe(0);
  });
});
