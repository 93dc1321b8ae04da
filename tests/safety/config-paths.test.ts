/**
 * Configuration slips that used to destroy data with exit code 0 (issue #17): the
 * site folder holding the warehouse or the inbox, nested inbox/archive, the site
 * at `/` or a home folder. Each now exits 2 naming the two keys, and the files
 * stay. Also: the project is found from any subfolder, and outside one the CLI
 * says so (exit 2) instead of ENOENT.
 */
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { REPO } from "../support/project.js";
import { zonestatSync } from "../support/cli-process.js";

let dir: string | undefined;
afterEach(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
  dir = undefined;
});

/** A project folder whose config has the given path keys; models come from the repository. */
function project(keys: string): string {
  dir = mkdtempSync(path.join(tmpdir(), "zonestat-paths-"));
  writeFileSync(path.join(dir, "zonestat.config.yml"), `project_dir: ${JSON.stringify(REPO)}\nsample_inbox: ${JSON.stringify(path.join(REPO, "sources/sample/inbox"))}\n${keys}`);
  return dir;
}

describe("configuration paths that overlap", () => {
  it("site = the folder holding the warehouse: refresh exits 2 naming site and warehouse; the warehouse file stays", () => {
    const d = project("warehouse: data/zonestat.duckdb\nsite: data\n");
    mkdirSync(path.join(d, "data"));
    writeFileSync(path.join(d, "data/zonestat.duckdb"), "precious");
    const r = zonestatSync(d, "refresh");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CONFIG_PATHS_OVERLAP");
    expect(r.stderr).toContain("「warehouse」");
    expect(r.stderr).toContain("「site」");
    expect(readFileSync(path.join(d, "data/zonestat.duckdb"), "utf8")).toBe("precious");
  });

  it("site = inbox: exits 2 naming both; a half-uploaded .part file in the inbox stays", () => {
    const d = project("inbox: drop\nsite: drop\n");
    mkdirSync(path.join(d, "drop"));
    writeFileSync(path.join(d, "drop/2024Q1.csv.part"), "地区,指标\n");
    const r = zonestatSync(d, "refresh");
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/「(site|inbox)」.*「(site|inbox)」/);
    expect(r.stderr).toContain("同一个位置");
    expect(existsSync(path.join(d, "drop/2024Q1.csv.part"))).toBe(true);
  });

  it("archive inside the inbox: exits 2 naming archive and inbox", () => {
    const d = project("inbox: inbox\narchive: inbox/done\n");
    const r = zonestatSync(d, "status");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("「archive」");
    expect(r.stderr).toContain("「inbox」");
  });

  it("site containing the project folder (site: ..) exits 2", () => {
    const d = project("site: ..\n");
    const r = zonestatSync(d, "status");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CONFIG_PATHS_OVERLAP");
    expect(r.stderr).toContain("「site」");
  });

  it("--site given on the command line is checked too (--site = the inbox)", () => {
    const d = project("");
    const r = zonestatSync(d, "status", "--site", "inbox");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("CONFIG_PATHS_OVERLAP");
  });

  it("site: / and site: the home folder are refused (exit 2, CONFIG_SITE_FORBIDDEN)", () => {
    for (const site of ["/", homedir()]) {
      const d = project(`site: ${JSON.stringify(site)}\n`);
      const r = zonestatSync(d, "status");
      expect(r.code, site).toBe(2);
      expect(r.stderr, site).toContain("CONFIG_SITE_FORBIDDEN");
      rmSync(d, { recursive: true, force: true });
    }
  });

  it("the default layout (warehouse/, inbox, archive, rejected, site side by side) is accepted", () => {
    const d = project("");
    const r = zonestatSync(d, "status");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });
});

describe("finding the project", () => {
  it("from a subfolder, the nearest zonestat.config.yml above is used", () => {
    const d = project("");
    mkdirSync(path.join(d, "inbox/deep/er"), { recursive: true });
    const r = zonestatSync(path.join(d, "inbox/deep/er"), "status", "--json");
    expect(r.code).toBe(0);
    expect(JSON.parse(r.stdout).warehouse.path).toBe(path.join(d, "warehouse/zonestat.duckdb"));
  });

  it("outside any project: exit 2, 'not a zonestat project', no folders created", () => {
    dir = mkdtempSync(path.join(tmpdir(), "zonestat-none-"));
    const r = zonestatSync(dir, "refresh");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PROJECT_NOT_FOUND");
    expect(r.stderr).toContain("not a zonestat project (run zonestat init)");
    expect(r.stderr).not.toContain("ENOENT");
    expect(existsSync(path.join(dir, "warehouse"))).toBe(false);
  });
});
