/**
 * What leaves for a reader, on a project set up as the user-tester did (findings/dl-qa.md #5, #7, #9, #10): a zone
 * named with U+202E (RIGHT-TO-LEFT OVERRIDE) and one named `=1+2开发区`, loaded from two quarterly files. The real CLI
 * in child processes (`init --example liaoning`, `zones add`, `refresh`, `withdraw`); files read as written.
 */
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { zonestatSync } from "../support/cli-process.js";

const RLO = "\u202E";
const ANY_BIDI = /[\u202A-\u202E\u2066-\u2069]/;
const root = mkdtempSync(path.join(tmpdir(), "zonestat-reader-"));
const project = path.join(root, "proj");
const site = path.join(project, "site");
afterAll(() => rmSync(root, { recursive: true, force: true }));

let addOut = "";

function run(cwd: string, ...args: string[]) {
  const r = zonestatSync(cwd, ...args);
  expect(r.code, `${args.join(" ")}\n${r.stderr}`).toBe(0);
  return r;
}

/** Every file under `dir`, recursively. */
function walk(dir: string): string[] {
  return readdirSync(dir).flatMap((n) => {
    const p = path.join(dir, n);
    return statSync(p).isDirectory() ? walk(p) : [p];
  });
}

beforeAll(() => {
  run(root, "init", "proj", "--example", "liaoning");
  addOut = run(project, "zones", "add", "--code", "ED219901", "--name", "=1+2开发区", "--short-name", "@SUM(A1)", "--level", "省级", "--type", "经济开发区", "--city", "沈阳").stdout;
  const rlo = run(project, "zones", "add", "--code", "ED219902", "--name", `测试${RLO}区开发区`, "--short-name", "-2+3", "--level", "省级", "--type", "经济开发区", "--city", "沈阳");
  addOut += rlo.stdout + rlo.stderr;
  const head = "主体,期间,指标,数值,单位\n";
  const rows = (period: string, a: number, b: number, c: number, p: number) =>
    `ED210101,${period},地区生产总值,${a},亿元\nED219901,${period},地区生产总值,${b},亿元\nED219902,${period},地区生产总值,${c},亿元\n210000,${period},地区生产总值,${p},亿元\n`;
  writeFileSync(path.join(project, "inbox", "2023年1-12月_开发区.csv"), "\uFEFF" + head + rows("2023年1-12月", 820.5, 120.4, 98.2, 30000));
  writeFileSync(path.join(project, "inbox", "2024年1-3月_开发区.csv"), "\uFEFF" + head + rows("2024年1-3月", 205.1, 31.2, 25.3, 7500));
  run(project, "refresh");
}, 300_000);

describe("text as a reader gets it", () => {
  it("zones add shows the name's bidi control as [U+202E], never raw", () => {
    expect(addOut).toContain("测试[U+202E]区开发区");
    expect(addOut).not.toMatch(ANY_BIDI);
  });

  it("no written file of the site (pages, SVG, search index, CSV, xlsx cells) carries a raw bidi control", () => {
    const files = walk(site);
    const text = files.filter((f) => /\.(html|svg|js|json|csv)$/.test(f));
    expect(text.length).toBeGreaterThan(20);
    for (const f of text) expect(ANY_BIDI.test(readFileSync(f, "utf8")), path.relative(site, f)).toBe(false);
    const books = files.filter((f) => f.endsWith(".xlsx"));
    expect(books.length).toBeGreaterThan(2);
    for (const f of books) {
      const book = XLSX.read(readFileSync(f));
      for (const sheet of Object.values(book.Sheets)) {
        for (const [ref, cell] of Object.entries(sheet)) {
          if (!ref.startsWith("!")) expect(ANY_BIDI.test(String((cell as XLSX.CellObject).v ?? "")), `${path.relative(site, f)} ${ref}`).toBe(false);
        }
      }
    }
    // Where the name went raw before: the print header of its page and the search index's titles (shown, not dropped).
    const page = readFileSync(path.join(site, "zones", "ED219902.html"), "utf8");
    expect(page).toMatch(/@top-left\{content:"开发区统计 · 测试\[U\+202E\]区开发区/);
    expect(readFileSync(path.join(site, "search", "index.js"), "utf8")).toContain("测试[U+202E]区开发区");
    // Charts drawn from the zone's rows: its name in some SVG <text> as the visible code point.
    const svgTexts = files.filter((f) => f.endsWith(".html")).flatMap((f) => [...readFileSync(f, "utf8").matchAll(/<svg[\s\S]*?<\/svg>/g)].map((m) => m[0]));
    expect(svgTexts.some((s) => /<text[^>]*>[^<]*\[U\+202E\]/.test(s))).toBe(true);
  });

  it("a page's .xlsx keeps a name starting with = as plain text (a string cell is never a formula); the CSV keeps its guard", () => {
    const book = XLSX.read(readFileSync(path.join(site, "downloads", "pages", "ranking-latest.xlsx")));
    const sheet = book.Sheets[book.SheetNames[0]!]!;
    const cells = Object.entries(sheet).filter(([ref]) => !ref.startsWith("!")).map(([, c]) => c as XLSX.CellObject);
    const named = cells.filter((c) => String(c.v).includes("1+2开发区"));
    expect(named.length).toBeGreaterThan(0);
    for (const c of named) {
      expect(c.t).toBe("s");
      expect(c.v).toBe("=1+2开发区");
      expect(c.f).toBeUndefined();
    }
    const csv = readFileSync(path.join(site, "downloads", "pages", "ranking-latest.csv"), "utf8");
    expect(csv).toContain(",'=1+2开发区,");
  });
});

describe("withdrawing a file by its archived path", () => {
  it("archive/<file> (as a shell completes it) withdraws that file; a path elsewhere says what is expected", () => {
    const outside = path.join(root, "2024年1-3月_开发区.csv");
    writeFileSync(outside, "x");
    const refused = zonestatSync(project, "withdraw", outside);
    expect(refused.code).toBe(2);
    expect(refused.stderr).toContain("USAGE_WITHDRAW_PATH");
    expect(refused.stderr).toContain("归档文件夹");
    expect(refused.stderr).toContain("「2024年1-3月_开发区.csv」");
    const r = run(project, "withdraw", "archive/2024年1-3月_开发区.csv");
    expect(r.stdout).toContain("已撤回 2024年1-3月_开发区.csv（4 个数值）");
    // Now withdrawn: the same path names no loaded file.
    expect(zonestatSync(project, "withdraw", "archive/2024年1-3月_开发区.csv").stderr).toContain("WITHDRAW_NOT_FOUND");
  });

  it("数据质量's 入库记录 keeps the withdrawn file, marked 已撤回 with the time; the loaded one 已入库", () => {
    run(project, "refresh");
    const html = readFileSync(path.join(site, "quality.html"), "utf8");
    const at = html.search(/<h2[^>]*>入库记录<\/h2>/);
    expect(at).toBeGreaterThan(0);
    const section = html.slice(at, html.indexOf("</table>", at));
    const row = (name: string) => [...section.matchAll(/<tr>[\s\S]*?<\/tr>/g)].map((m) => m[0].replace(/<[^>]+>/g, "|")).find((t) => t.includes(name));
    expect(row("2024年1-3月_开发区.csv")).toMatch(/已撤回（\d{4}-\d\d-\d\d \d\d:\d\d）/);
    expect(row("2023年1-12月_开发区.csv")).toContain("已入库");
    expect(row("2023年1-12月_开发区.csv")).not.toContain("已撤回");
  });
});
