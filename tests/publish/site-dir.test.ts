/**
 * The site path is replaced by a link to a new version on every publish: a folder that
 * is not a zonestat site (a project's sources/, someone's documents) must be refused,
 * never moved aside and deleted (found by an operator test: `site: sources` wiped the seeds).
 */
import { existsSync, mkdtempSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { prepareSite } from "../../pipelines/publish/site-dir.js";

const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
const tmp = () => {
  const d = mkdtempSync(path.join(tmpdir(), "zonestat-sitedir-"));
  dirs.push(d);
  return d;
};

describe("prepareSite", () => {
  it("refuses a folder holding files that are not a zonestat site, and leaves them", () => {
    const site = path.join(tmp(), "mydocs");
    mkdirSync(site);
    writeFileSync(path.join(site, "notes.txt"), "我的笔记");
    expect(() => prepareSite(site, new Date())).toThrow(expect.objectContaining({ code: "CONFIG_SITE_NOT_SITE", exitCode: 2 }));
    expect(readFileSync(path.join(site, "notes.txt"), "utf8")).toBe("我的笔记");
  });

  it("replaces an empty folder, and a plain folder an older zonestat published", () => {
    for (const files of [[], [".zonestat-pages.json", "index.html"]]) {
      const site = path.join(tmp(), "site");
      mkdirSync(site);
      for (const f of files) writeFileSync(path.join(site, f), "{}");
      const dir = prepareSite(site, new Date());
      writeFileSync(path.join(dir.staging, "index.html"), "new");
      dir.commit();
      expect(readFileSync(path.join(site, "index.html"), "utf8")).toBe("new");
      expect(existsSync(path.join(site, ".zonestat-pages.json"))).toBe(false);
    }
  });
});
