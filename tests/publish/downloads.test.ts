import { describe, expect, it } from "vitest";
import { mkdirSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import Papa from "papaparse";
import { DOWNLOADABLE_MARTS, neutralizeCell, neutralizeSql, writeDownloads } from "../../pipelines/publish/downloads.js";
import { textWidth } from "../../pipelines/publish/text-metrics.js";
import { formatValue, formatShare, toFixedHalfUp } from "../../pipelines/publish/format.js";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";

const CASES: Array<[string, string]> = [
  ["=1+1", "'=1+1"],
  ["+cmd|' /C calc'!A0", "'+cmd|' /C calc'!A0"],
  ["-2+3", "'-2+3"],
  ["@SUM(A1)", "'@SUM(A1)"],
  ["-12.5", "-12.5"],
  ["+3", "+3"],
  ["沈阳", "沈阳"],
  ["a=b", "a=b"],
  ["\tx", "'\tx"],
  ["1e5", "1e5"],
  ["\rx", "'\rx"],
];

describe("CSV injection", () => {
  it.each(CASES)("%j → %j in JavaScript", (input, expected) => {
    expect(neutralizeCell(input)).toBe(expected);
  });

  it("the SQL used for downloads applies the same rule", async () => {
    const db = await openDuckDB(":memory:");
    try {
      await db.exec(`create table t (v varchar)`);
      for (const [input] of CASES) await db.exec(`insert into t values (?)`, [input]);
      const rows = await db.all<{ v: string }>(`select ${neutralizeSql("v")} from t`);
      expect(rows.map((r) => r.v)).toEqual(CASES.map(([, e]) => e));
    } finally {
      await db.close();
    }
  });

  it("is planned as expressions, not as a join against the trigger list per text column", async () => {
    // An IN list of six (= + - @ tab CR) was planned by DuckDB as a MARK join against the list, one per text column,
    // each carrying the whole row: 0.3 s for a 149-row mart of 15 text columns. Two lists of three stay expressions.
    const db = await openDuckDB(":memory:");
    try {
      await db.exec(`create table t (a varchar, b varchar, c varchar)`);
      const plan = (await db.all<{ explain_value: string }>(`explain select ${["a", "b", "c"].map((c) => neutralizeSql(c)).join(", ")} from t`)).map((r) => r.explain_value).join("\n");
      expect(plan).toContain("PROJECTION");
      expect(plan).not.toMatch(/MARK|HASH_JOIN/);
    } finally {
      await db.close();
    }
  });
});

describe("download files", () => {
  it("every CSV starts with one BOM, then a Chinese header Excel and papaparse read back by name, and a column dictionary beside it", async () => {
    const db = await openDuckDB(":memory:");
    const dir = mkdtempSync(path.join(tmpdir(), "zonestat-dl-"));
    try {
      // One mart whose first column name CSV must quote (the BOM cannot go inside quotes), the rest plain.
      for (const [i, mart] of DOWNLOADABLE_MARTS.entries()) {
        const first = i === 0 ? "zone, code" : "zone_code";
        await db.exec(`create table main.${mart} as select * from (values ('ED210101', '=cmd', 1.5), ('ED210102', '沈阳', null)) t("${first}", name, value)`);
      }
      await writeDownloads(db, dir);
      for (const [i, mart] of DOWNLOADABLE_MARTS.entries()) {
        const bytes = readFileSync(path.join(dir, `${mart}.csv`));
        expect([...bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
        expect(bytes.subarray(3, 6).equals(Buffer.from([0xef, 0xbb, 0xbf]))).toBe(false);
        const parsed = Papa.parse<Record<string, string>>(bytes.subarray(3).toString("utf8"), { header: true, skipEmptyLines: true });
        // Headers are the Chinese labels of dashboards/columns.ts; a column it does not know keeps its name.
        const first = i === 0 ? "zone, code" : "开发区代码";
        expect(parsed.meta.fields).toEqual([first, "name", "数值"]);
        expect(parsed.data.map((r) => [r[first], r.name])).toEqual([["ED210101", "'=cmd"], ["ED210102", "沈阳"]]);
        const meta = Papa.parse<string[]>(readFileSync(path.join(dir, `${mart}.columns.csv`), "utf8").replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
        expect(meta.map((m) => m[1])).toEqual(["代码", i === 0 ? "zone, code" : "zone_code", "name", "value"]);
      }
    } finally {
      await db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

describe("downloads of unchanged marts", () => {
  it("are linked from the previous version; a changed row, a reordered table or a new column decides", async () => {
    const db = await openDuckDB(":memory:");
    const root = mkdtempSync(path.join(tmpdir(), "zonestat-dl-"));
    const dirs = [1, 2, 3, 4].map((i) => path.join(root, `v${i}`));
    dirs.forEach((d) => mkdirSync(d));
    try {
      for (const mart of DOWNLOADABLE_MARTS) await db.exec(`create table main.${mart} as select * from (values ('ED210101', 1.5), ('ED210102', 2.5)) t(zone_code, value)`);
      const first = await writeDownloads(db, dirs[0]!);
      expect(first.written).toEqual([...DOWNLOADABLE_MARTS]);

      // Same rows stored in another order (as a rebuild may): still the same content, so every mart is reused.
      await db.exec(`create or replace table main.shares as select * from (values ('ED210102', 2.5), ('ED210101', 1.5)) t(zone_code, value)`);
      const second = await writeDownloads(db, dirs[1]!, { dir: dirs[0]!, fingerprints: first.fingerprints });
      expect(second.written).toEqual([]);
      expect(second.reused).toEqual([...DOWNLOADABLE_MARTS]);
      // A hard link: the same file, not a second copy.
      expect(statSync(path.join(dirs[1]!, "shares.csv")).ino).toBe(statSync(path.join(dirs[0]!, "shares.csv")).ino);

      // One value changes in one mart, a column is added to another: those two are written, the rest reused.
      await db.exec(`update main.shares set value = 2.6 where zone_code = 'ED210102'`);
      await db.exec(`alter table main.growth add column note varchar`);
      const third = await writeDownloads(db, dirs[2]!, { dir: dirs[1]!, fingerprints: second.fingerprints });
      expect(third.written.sort()).toEqual(["growth", "shares"]);
      expect(readFileSync(path.join(dirs[2]!, "shares.csv"), "utf8")).toContain("2.6");

      // A previous folder that lost its files is not trusted: the mart is written again.
      rmSync(path.join(dirs[2]!, "rankings.parquet"));
      const fourth = await writeDownloads(db, dirs[3]!, { dir: dirs[2]!, fingerprints: third.fingerprints });
      expect(fourth.written).toEqual(["rankings"]);
    } finally {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("a changed mart's CSV in parts by year", () => {
  it("writes only the years whose rows changed, copies the others from the previous file, and reads the same as a fresh write", async () => {
    const db = await openDuckDB(":memory:");
    const root = mkdtempSync(path.join(tmpdir(), "zonestat-dlp-"));
    const dirs = [1, 2, 3, 4, 5].map((i) => path.join(root, `v${i}`));
    dirs.forEach((d) => mkdirSync(d));
    // growth rows for three years plus one without a year; the other marts one plain row.
    for (const mart of DOWNLOADABLE_MARTS) {
      if (mart === "growth") await db.exec(`create table main.growth as select * from (values ('ED210101', 2022, 1.5), ('ED210101', 2023, 2.5), ('ED210102', 2023, 3.5), ('ED210101', 2024, 4.5), ('ED210103', null, 5.5)) t(zone_code, year, value)`);
      else await db.exec(`create table main.${mart} as select 'ED210101' as zone_code`);
    }
    const sortedRows = (file: string) => readFileSync(file, "utf8").split("\n").slice(1).filter(Boolean).sort();
    try {
      const first = await writeDownloads(db, dirs[0]!);
      // 4 parts of growth (2022, 2023, 2024, none) + one part for each of the other 10 marts, all written.
      expect([first.partsWritten, first.partsReused]).toEqual([4 + 10, 0]);
      // Years in order, the rows without a year last.
      expect(readFileSync(path.join(dirs[0]!, "growth.csv"), "utf8").split("\n").slice(1, 6).map((l) => l.split(",")[1])).toEqual(["2022", "2023", "2023", "2024", ""]);

      // A new 2024 row: only the 2024 part is written again; the file equals a fresh write of the same table.
      await db.exec(`insert into main.growth values ('ED210102', 2024, 6.5)`);
      const second = await writeDownloads(db, dirs[1]!, { dir: dirs[0]!, fingerprints: first.fingerprints });
      expect(second.written).toEqual(["growth"]);
      expect([second.partsWritten, second.partsReused]).toEqual([1, 3]);
      const fresh = await writeDownloads(db, dirs[2]!);
      expect(fresh.partsWritten).toBe(14);
      expect(sortedRows(path.join(dirs[1]!, "growth.csv"))).toEqual(sortedRows(path.join(dirs[2]!, "growth.csv")));
      expect(sortedRows(path.join(dirs[1]!, "growth.csv"))).toContain("ED210102,2024,6.5");
      expect(readFileSync(path.join(dirs[1]!, "growth.csv")).length).toBe(readFileSync(path.join(dirs[2]!, "growth.csv")).length);

      // A previous file whose bytes no longer match its record (edited by hand) is not trusted: every part written.
      writeFileSync(path.join(dirs[1]!, "growth.csv"), readFileSync(path.join(dirs[1]!, "growth.csv"), "utf8").replace("2.5", "2.55"));
      await db.exec(`update main.growth set value = 7.5 where year = 2024 and zone_code = 'ED210101'`);
      const third = await writeDownloads(db, dirs[3]!, { dir: dirs[1]!, fingerprints: second.fingerprints });
      expect([third.partsWritten, third.partsReused]).toEqual([4, 0]);
      expect(sortedRows(path.join(dirs[3]!, "growth.csv"))).toContain("ED210101,2023,2.5");

      // A new column changes every part's bytes: all written.
      await db.exec(`alter table main.growth add column note varchar`);
      const fourth = await writeDownloads(db, dirs[4]!, { dir: dirs[3]!, fingerprints: third.fingerprints });
      expect([fourth.partsWritten, fourth.partsReused]).toEqual([4, 0]);
      expect(readFileSync(path.join(dirs[4]!, "growth.csv"), "utf8").split("\n")[0]).toMatch(/,note$/);
    } finally {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("downloads and the indicator formats", () => {
  it("round each value 四舍五入 to its indicator's decimals, and an indicator_formats edit writes the files again", async () => {
    const db = await openDuckDB(":memory:");
    const root = mkdtempSync(path.join(tmpdir(), "zonestat-dlf-"));
    const dirs = [1, 2].map((i) => path.join(root, `v${i}`));
    dirs.forEach((d) => mkdirSync(d));
    try {
      await db.exec(`create schema main_reference`);
      await db.exec(`create table main_reference.indicator_formats as select * from (values ('gdp', '1')) t(code, decimals)`);
      // 593.44999999999993: the double an incremental build's sum of 593.45 came out as (operator tester) — 593.5 by hand.
      for (const mart of DOWNLOADABLE_MARTS) await db.exec(`create table main.${mart} as select * from (values ('ED210101', 'gdp', 593.44999999999993::double), ('ED210102', 'gdp', 52.36::double)) t(zone_code, indicator_code, value)`);
      // Figures where a fixed DECIMAL(38,10) disagreed with the pages: a province total in 万元 (1,350,000,000.05 is
      // stored as …0.0499999523) and a figure with 11 decimals. Each is compared with the pages' own formatter.
      const awkward = [1350000000.05, 1.04999999999, 0.045, 2.675, -2.5, 0, 99999.95, 0.00049999999];
      await db.exec(`insert into main.growth select 'AW' || i, 'gdp', v from (select unnest([${awkward.join(", ")}]::double[]) v, generate_subscripts([${awkward.join(", ")}]::double[], 1) i)`);
      const first = await writeDownloads(db, dirs[0]!);
      const shares1 = readFileSync(path.join(dirs[0]!, "shares.csv"), "utf8");
      const growth1 = Papa.parse<string[]>(readFileSync(path.join(dirs[0]!, "growth.csv"), "utf8").replace(/^\uFEFF/, ""), { skipEmptyLines: true }).data;
      for (const [i, v] of awkward.entries()) expect([v, growth1.find((r) => r[0] === `AW${i + 1}`)?.[2]]).toEqual([v, toFixedHalfUp(v, 1)]);
      expect(shares1).toContain("593.5");
      expect(shares1).not.toContain("593.4");
      expect(shares1).toContain("52.4");
      // Two decimals for GDP now: no row changed, yet every file with GDP is written again with them.
      await db.exec(`update main_reference.indicator_formats set decimals = '2'`);
      const second = await writeDownloads(db, dirs[1]!, { dir: dirs[0]!, fingerprints: first.fingerprints });
      expect(second.reused).toEqual([]);
      const shares2 = readFileSync(path.join(dirs[1]!, "shares.csv"), "utf8");
      expect(shares2).toContain("52.36");
      expect(shares2).toContain("593.45");
    } finally {
      await db.close();
      rmSync(root, { recursive: true, force: true });
    }
  });
});

describe("text metrics and number formats", () => {
  it("measures CJK at 1 em and Latin by Helvetica's advance widths", () => {
    // 地区生产总值 = 6 ideographs × 12 px; "2024" = 4 × 0.556 × 12 = 26.688 px.
    expect(textWidth("地区生产总值", 12)).toBe(72);
    expect(textWidth("2024", 12)).toBeCloseTo(26.688, 6);
  });
  it("formats amounts, shares and counts the zh-CN way", () => {
    expect(formatValue(32540.8, "亿元")).toBe("32,540.8 亿元");
    expect(formatValue(537, "亿元")).toBe("537.00 亿元");
    expect(formatValue(55, "家")).toBe("55 家");
    expect(formatShare(0.30736)).toBe("30.7%");
    expect(formatValue(null, "亿元")).toBe("—");
  });
});
