/**
 * A published file edited, truncated or deleted by hand is never passed on (dl-qa #1): the
 * next refresh — even one with nothing new — makes it again from the warehouse, and
 * `refresh --full` takes nothing from the published version.
 */
import { existsSync, readFileSync, readdirSync, realpathSync, rmSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { REPO, tempProject, type TestProject } from "../support/project.js";
import { damagedFiles, SITE_MANIFEST } from "../../pipelines/publish/site-manifest.js";

let project: TestProject;
let original: Map<string, Buffer>;
const site = () => realpathSync(project.config.site);
const read = (rel: string) => readFileSync(path.join(site(), rel));

/** Every file under `dir` with its bytes (the manifest and the page index aside: they hold times). */
function files(dir: string, at = ""): Map<string, Buffer> {
  const out = new Map<string, Buffer>();
  for (const e of readdirSync(path.join(dir, at), { withFileTypes: true })) {
    const rel = path.join(at, e.name);
    if (e.isDirectory()) for (const [k, v] of files(dir, rel)) out.set(k, v);
    else if (rel !== SITE_MANIFEST) out.set(rel, readFileSync(path.join(dir, rel)));
  }
  return out;
}

beforeAll(async () => {
  project = tempProject("schedule:\n  stable_seconds: 0\n");
  for (const f of readdirSync(path.join(REPO, "sources/sample/inbox"))) project.dropFrom(path.join(REPO, "sources/sample/inbox", f));
  const r = await project.run("refresh");
  expect(r.code, r.stderr).toBe(0);
  original = files(site());
}, 300_000);

afterAll(() => project?.cleanup());

describe("a published file changed by hand", () => {
  it("is found by the manifest and made again by the next refresh with nothing new", async () => {
    expect(damagedFiles(site())).toEqual([]);
    // Same length, another number (a hand edit Excel users make); a page edited; a zone's .xlsx deleted; a drawing emptied.
    const csv = read("downloads/growth.csv").toString("utf8");
    const line = csv.split("\n").find((l) => /,\d+\.\d,/.test(l))!;
    const edited = line.replace(/,(\d)(\d*\.\d),/, (_m, a: string, b: string) => `,${a === "9" ? "8" : "9"}${b},`);
    writeFileSync(path.join(site(), "downloads/growth.csv"), csv.replace(line, edited));
    writeFileSync(path.join(site(), "index.html"), read("index.html").toString("utf8").replace("<body", "<body data-x"));
    const xlsx = [...original.keys()].find((k) => k.startsWith("downloads/pages/") && k.endsWith(".xlsx"))!;
    rmSync(path.join(site(), xlsx));
    const svg = [...original.keys()].find((k) => k.endsWith(".svg"))!;
    writeFileSync(path.join(site(), svg), "");
    expect(damagedFiles(site())).toEqual(["downloads/growth.csv", xlsx, "index.html", svg].sort());

    const r = await project.run("refresh");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout + r.stderr).toContain("发布后被改动或缺失");
    const now = files(site());
    expect([...now.keys()].filter((k) => !original.has(k))).toEqual([]);
    expect([...original.keys()].filter((k) => !now.has(k))).toEqual([]);
    // Byte for byte the site first published (the page index is written whole each time: same fingerprints).
    // A page made again says when (生成时间, in the page and its print header): masked.
    const masked = (k: string, b: Buffer) => (k.endsWith(".html") ? b.toString("utf8").replace(/\d{4}-\d\d-\d\d \d\d:\d\d/g, "T") : b.toString("utf8"));
    // 数据质量 lists the runs (this refresh is one more): it changes with any run, and with it its entry in the page index.
    const differ = [...original.keys()].filter((k) => !k.endsWith(".docx") && k !== "quality.html" && k !== ".zonestat-pages.json" && masked(k, now.get(k)!) !== masked(k, original.get(k)!));
    expect(differ).toEqual([]);
    const [a, b] = [original, now].map((m) => JSON.parse(m.get(".zonestat-pages.json")!.toString("utf8")) as Record<string, string>);
    expect(Object.keys(a).filter((k) => a[k] !== b[k])).toEqual(["quality.html"]);
    expect(damagedFiles(site())).toEqual([]);
  }, 300_000);

  it("refresh --full takes nothing from the published version: a file edited keeping its size and time is made again too", async () => {
    // An edit the manifest cannot see (size and time put back): only a publish from nothing repairs it.
    const file = path.join(site(), "downloads/shares.csv");
    const text = readFileSync(file, "utf8");
    const i = text.search(/\d\.\d/);
    writeFileSync(file, text.slice(0, i) + (text[i] === "9" ? "8" : "9") + text.slice(i + 1));
    // … and the manifest told of it (as if written so): only a publish from nothing finds it.
    const manifest = JSON.parse(readFileSync(path.join(site(), SITE_MANIFEST), "utf8")) as Record<string, [number, number]>;
    manifest["downloads/shares.csv"] = [statSync(file).size, statSync(file).mtimeMs];
    writeFileSync(path.join(site(), SITE_MANIFEST), JSON.stringify(manifest));
    expect(damagedFiles(site())).toEqual([]);
    const r = await project.run("refresh", "--full");
    expect(r.code, r.stderr).toBe(0);
    // Written anew (rows within a year may come in another order from DuckDB's COPY: compared as sorted lines).
    const lines = (b: Buffer) => b.toString("utf8").split("\n").sort();
    expect(lines(read("downloads/shares.csv"))).toEqual(lines(original.get("downloads/shares.csv")!));
    expect(existsSync(path.join(site(), SITE_MANIFEST))).toBe(true);
  }, 300_000);
});
