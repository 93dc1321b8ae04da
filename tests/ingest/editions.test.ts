/**
 * Which value is current is decided by the order of evidence (issue #15), never by
 * load order: real portal exports in both orders, the sample's 更正 file whatever its
 * name and mtime, a 填报日期 line over mtime, a flagged conflict between two files of
 * equal evidence (and `zonestat prefer` settling it), withdraw → restore.
 * Expected values are read off the files themselves (line and cell quoted).
 */
import { copyFileSync, readFileSync, utimesSync, writeFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { REPO, SHARED, tempProject, type TestProject } from "../support/project.js";

const NBS = path.join(SHARED, "realdata", "nbs");
const NEW_EXPORT = path.join(NBS, "01_nbs_fsnd_gdp_by_province_2006-2024_GBK.csv");
const OLD_EXPORT = path.join(NBS, "07_nbs_fsnd_gdp_1993-2017_OLD_VINTAGE_GBK.csv");
const SAMPLE = path.join(REPO, "sources/sample/inbox");
const ORIGINAL = path.join(SAMPLE, "示例_2024年1-6月全省经济开发区主要经济指标.csv");
const CORRECTION = path.join(SAMPLE, "示例_2024年1-6月全省经济开发区主要经济指标_更正.csv");
const LONG = "entity,period,indicator,value,unit,basis\r\n";

const projects: TestProject[] = [];
afterAll(() => projects.forEach((p) => p.cleanup()));

async function withWarehouse<T>(fn: (p: TestProject, wh: Warehouse) => Promise<T>): Promise<T> {
  const p = tempProject();
  projects.push(p);
  const wh = await openWarehouse(p.config.warehouse);
  try {
    return await fn(p, wh);
  } finally {
    await wh.close();
  }
}

/** Copies `from` into the project as `name` with the given modification time (seconds since 1970). */
function place(p: TestProject, from: string | Buffer, name: string, mtime: number): string {
  const file = path.join(p.dir, name);
  if (typeof from === "string") copyFileSync(from, file);
  else writeFileSync(file, from);
  utimesSync(file, mtime, mtime);
  return file;
}

const T2020 = Date.UTC(2020, 0, 1) / 1000;
const T2026 = Date.UTC(2026, 0, 1) / 1000;

describe("rule 4: the 2006-2024 export is newer than the 1993-2017 one, in either order", () => {
  for (const order of [["01", "07"], ["07", "01"]] as const) {
    it(`loaded ${order.join(" then ")}: 辽宁省 2016 GDP current 20832.0 (file 01 line 10), 22246.9 (file 07) in history`, async () => {
      await withWarehouse(async (p, wh) => {
        // The old export gets the newer mtime on purpose: mtime must not decide.
        const files = { "01": place(p, NEW_EXPORT, path.basename(NEW_EXPORT), T2020), "07": place(p, OLD_EXPORT, path.basename(OLD_EXPORT), T2026) };
        for (const o of order) expect((await ingest(p.ctx(), wh, { paths: [files[o]] })).loaded).toBe(1);
        const rows = await wh.sql.all(`select value, is_current, vintage::varchar as vintage, vintage_source, is_conflict from observations
          where entity_name = '辽宁省' and indicator_code = 'gdp' and period_label = '2016年' order by value`);
        // Newest period 2024 → edition no earlier than 2025-01-01; newest 2017 → no earlier than 2018-01-01.
        expect(rows).toEqual([
          { value: 20832.0, is_current: true, vintage: "2025-01-01", vintage_source: "inferred", is_conflict: false },
          { value: 22246.9, is_current: false, vintage: "2018-01-01", vintage_source: "inferred", is_conflict: false },
        ]);
      });
    });
  }
});

describe("rule 3: the sample's 更正 file wins whatever the names, order and mtimes", () => {
  // 营口经济技术开发区 2024年1-6月 地区生产总值: 207.6 in the original (line 35), 220.1 in the correction (line 35).
  const cases = [
    { label: "correction first, older mtime, original renamed to sort last", first: "correction", correctionName: "示例_2024年1-6月全省经济开发区主要经济指标_更正.csv", originalName: "zz_最后.csv" },
    // The marker is only in the title (（更正）): the name says nothing.
    { label: "marker only in the title, the original loaded last with the newest mtime", first: "correction", correctionName: "a_报表.csv", originalName: "b_报表.csv" },
    { label: "original first", first: "original", correctionName: "a_报表.csv", originalName: "b_报表.csv" },
  ] as const;
  for (const c of cases) {
    it(c.label, async () => {
      await withWarehouse(async (p, wh) => {
        const corr = place(p, CORRECTION, c.correctionName, T2020);
        const orig = place(p, ORIGINAL, c.originalName, T2026);
        for (const f of c.first === "correction" ? [corr, orig] : [orig, corr]) expect((await ingest(p.ctx(), wh, { paths: [f] })).loaded).toBe(1);
        const rows = await wh.sql.all(`select value, source_file, is_current, is_correction, is_conflict from observations
          where entity_name = '营口经济技术开发区' and indicator_code = 'gdp' and period_label = '2024年1-6月' order by value`);
        expect(rows).toEqual([
          { value: 207.6, source_file: c.originalName, is_current: false, is_correction: false, is_conflict: false },
          { value: 220.1, source_file: c.correctionName, is_current: true, is_correction: true, is_conflict: false },
        ]);
        // Values both files give alike are current from the correction, and nothing is in conflict.
        const n = await wh.sql.all(`select count(*) filter (where is_conflict)::integer as conflicts, count(distinct source_file) filter (where is_current)::integer as files from observations`);
        expect(n).toEqual([{ conflicts: 0, files: 1 }]);
      });
    });
  }
});

describe("rule 2: a 填报日期 line outranks mtime and load order", () => {
  it("the file stating 填报日期：2024年7月20日 wins over a later-loaded, newer file without one", async () => {
    await withWarehouse(async (p, wh) => {
      const stated = place(p, Buffer.from(LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n填报日期：2024年7月20日\r\n"), "stated.csv", T2020);
      const bare = place(p, Buffer.from(LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,215,亿元,累计\r\n"), "bare.csv", T2026);
      for (const f of [stated, bare]) expect((await ingest(p.ctx(), wh, { paths: [f] })).loaded).toBe(1);
      const rows = await wh.sql.all(`select source_file, value, vintage::varchar as vintage, vintage_source, is_current, is_conflict from observations order by source_file`);
      // bare.csv: newest period 2024-06-30 → inferred 2024-07-01, earlier than the stated 2024-07-20.
      expect(rows).toEqual([
        { source_file: "bare.csv", value: 215, vintage: "2024-07-01", vintage_source: "inferred", is_current: false, is_conflict: false },
        { source_file: "stated.csv", value: 210, vintage: "2024-07-20", vintage_source: "file", is_current: true, is_conflict: false },
      ]);
      const note = await wh.sql.all(`select vintage_note from ingest.files join ingest.file_editions using (file_id) where name = 'stated.csv'`);
      expect(note).toEqual([{ vintage_note: "文件第3行「填报日期：2024年7月20日」（规则2）" }]);
    });
  });

  it("an unreadable date on such a line rejects the file, naming the line and the text", async () => {
    await withWarehouse(async (p, wh) => {
      const f = place(p, Buffer.from(LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n报送日期：七月中旬\r\n"), "vague.csv", T2020);
      const r = await ingest(p.ctx(), wh, { paths: [f] });
      expect(r.files[0]).toMatchObject({ status: "rejected", firstError: "VINTAGE_INVALID" });
      const report = readFileSync(r.files[0]!.reportPath!, "utf8");
      expect(report).toContain("vague.csv:3");
      expect(report).toContain("报送日期：七月中旬");
    });
  });
});

describe("rule 2 in the bureau's zone report layout (title, header, rows)", () => {
  const TABLE = "2024年1-6月全省经济开发区主要经济指标\r\n序号,开发区名称,所在市,地区生产总值(亿元)\r\n1,沈阳经济技术开发区,沈阳市,517.8\r\n";
  for (const [where, text, line] of [
    ["above the title", "填报日期：2024年7月20日\r\n" + TABLE, 1],
    ["under the table after a blank line", TABLE + "\r\n填报日期：2024年7月20日\r\n", 5],
    ["as label and date in two cells", TABLE + "填报日期,2024-07-20\r\n", 4],
    ["beside 填报单位 in a form's header row", "2024年1-6月全省经济开发区主要经济指标\r\n填报单位：锦州市商务局,,填报日期：2024年7月20日\r\n序号,开发区名称,所在市,地区生产总值(亿元)\r\n1,沈阳经济技术开发区,沈阳市,517.8\r\n", 2],
    ["in a form's signature footer (报出日期)", TABLE + "单位负责人：王五,填表人：李四,报出日期：2024年7月20日\r\n", 4],
    ["as 填报单位：|大连市商务局|填报日期：|date in four cells", "2024年1-6月全省经济开发区主要经济指标\r\n填报单位：,大连市商务局,填报日期：,2024-07-20\r\n序号,开发区名称,所在市,地区生产总值(亿元)\r\n1,沈阳经济技术开发区,沈阳市,517.8\r\n", 2],
    ["worded 填报时间", TABLE + "填报时间：2024年7月20日\r\n", 4],
  ] as const) {
    it(`a 填报日期 line ${where} is the edition (not a title, not a second table)`, async () => {
      await withWarehouse(async (p, wh) => {
        const f = place(p, Buffer.from(text), "zr.csv", T2020);
        const r = await ingest(p.ctx(), wh, { paths: [f] });
        expect(r.files[0], JSON.stringify(r.files[0])).toMatchObject({ status: "loaded" });
        const rows = await wh.sql.all(`select period_label, value, vintage::varchar as vintage, vintage_source from observations`);
        expect(rows).toEqual([{ period_label: "2024年1-6月", value: 517.8, vintage: "2024-07-20", vintage_source: "file" }]);
        const note = await wh.sql.all(`select vintage_note from ingest.files join ingest.file_editions using (file_id)`);
        expect(String(note[0]!.vintage_note)).toMatch(new RegExp(`^文件第${line}行「(填报|报出)(日期|时间)：`));
      });
    });
  }
});

describe("a signature row and a month-only date", () => {
  it("单位负责人：|赵六|填表人：|钱七 under the table is a signature row, not a data row", async () => {
    await withWarehouse(async (p, wh) => {
      const f = place(p, Buffer.from("2024年1-6月全省经济开发区主要经济指标\r\n开发区名称,地区生产总值(亿元)\r\n沈阳经济技术开发区,517.8\r\n单位负责人：,赵六,填表人：,钱七\r\n"), "sig.csv", T2020);
      expect((await ingest(p.ctx(), wh, { paths: [f] })).loaded).toBe(1);
    });
  });

  it("填报日期：2024年7月 is read as 2024-07-01 with VINTAGE_MONTH_ONLY, so a file dated 2024年7月16日 outranks it", async () => {
    await withWarehouse(async (p, wh) => {
      const T = "2024年1-6月全省经济开发区主要经济指标\r\n开发区名称,地区生产总值(亿元)\r\n";
      const monthOnly = place(p, Buffer.from(T + "沈阳经济技术开发区,9.2\r\n填报日期：2024年7月\r\n"), "m.csv", T2026);
      const dated = place(p, Buffer.from(T + "沈阳经济技术开发区,9.3\r\n填报日期：2024年7月16日\r\n"), "d.csv", T2020);
      const r = await ingest(p.ctx(), wh, { paths: [monthOnly] });
      expect(r.files[0]!.status).toBe("loaded");
      expect(String((await wh.sql.all(`select warnings from ingest.files where name = 'm.csv'`))[0]!.warnings)).toContain("VINTAGE_MONTH_ONLY");
      await ingest(p.ctx(), wh, { paths: [dated] });
      const rows = await wh.sql.all(`select source_file, vintage::varchar as vintage, is_current from observations order by source_file`);
      expect(rows).toEqual([{ source_file: "d.csv", vintage: "2024-07-16", is_current: true }, { source_file: "m.csv", vintage: "2024-07-01", is_current: false }]);
    });
  });
});

describe("an edition dated before the data's own period end is refused", () => {
  it("填报日期 2024-05-10 on 1-6月 data (ends 2024-06-30) rejects the file, naming the line, date and period end; nothing is loaded", async () => {
    await withWarehouse(async (p, wh) => {
      const f = place(p, Buffer.from(LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n填报日期：2024年5月10日\r\n"), "early.csv", T2020);
      const r = await ingest(p.ctx(), wh, { paths: [f] });
      expect(r.files[0]).toMatchObject({ status: "rejected", firstError: "VINTAGE_BEFORE_PERIOD" });
      const report = readFileSync(r.files[0]!.reportPath!, "utf8");
      expect(report).toContain("early.csv:3");
      expect(report).toContain("2024-05-10");
      expect(report).toContain("2024-06-30");
      expect(await wh.sql.all(`select count(*)::int as n from observations`)).toEqual([{ n: 0 }]);
    });
  });

  it("a vintage column earlier than its row's period is refused on that row", async () => {
    await withWarehouse(async (p, wh) => {
      const f = place(p, Buffer.from("entity,period,indicator,value,unit,basis,vintage\r\n沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计,2024-03-01\r\n"), "rowv.csv", T2020);
      const r = await ingest(p.ctx(), wh, { paths: [f] });
      expect(r.files[0]).toMatchObject({ status: "rejected", firstError: "VINTAGE_BEFORE_PERIOD" });
      expect(readFileSync(r.files[0]!.reportPath!, "utf8")).toContain("rowv.csv:2");
    });
  });

  it("填报日期 on the period's last day is accepted (a stock reported at 6月末 the same day)", async () => {
    await withWarehouse(async (p, wh) => {
      const f = place(p, Buffer.from(LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n填报日期：2024-06-30\r\n"), "sameday.csv", T2020);
      expect((await ingest(p.ctx(), wh, { paths: [f] })).loaded).toBe(1);
    });
  });
});

describe("rule 5: equal evidence, different values → a flagged conflict until settled", () => {
  it("is flagged in observations and zonestat status, and zonestat prefer settles it", async () => {
    const p = tempProject();
    projects.push(p);
    p.drop("甲.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("乙.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,215,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    const wh = await openWarehouse(p.config.warehouse);
    try {
      expect(await wh.sql.all(`select source_file, value, is_current, is_conflict from observations order by source_file`)).toEqual([
        { source_file: "乙.csv", value: 215, is_current: true, is_conflict: true }, // loaded last: rule 5 only
        { source_file: "甲.csv", value: 210, is_current: false, is_conflict: true },
      ]);
    } finally {
      await wh.close();
    }
    const status = await p.run("status");
    expect(status.stdout).toContain("版本冲突：1");
    expect(status.stdout).toContain("沈阳经济技术开发区 2024年1-6月 地区生产总值：「乙.csv」215（当前）、「甲.csv」210");

    const settled = await p.run("prefer", "甲.csv");
    expect(settled.code, settled.stderr).toBe(0);
    expect(settled.stdout).toContain("已指定 甲.csv 优先：证据相同、数值不一致的 1 个数值");
    const wh2 = await openWarehouse(p.config.warehouse);
    try {
      expect(await wh2.sql.all(`select source_file, value, is_current, is_conflict from observations order by source_file`)).toEqual([
        { source_file: "乙.csv", value: 215, is_current: false, is_conflict: false },
        { source_file: "甲.csv", value: 210, is_current: true, is_conflict: false },
      ]);
    } finally {
      await wh2.close();
    }
    expect((await p.run("status")).stdout).toContain("版本冲突：0");
  });

  it("re-dropping one of the files with a stated vintage in its name settles it (rule 1)", async () => {
    const p = tempProject();
    projects.push(p);
    const jia = LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n";
    p.drop("甲.csv", jia);
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("乙.csv", LONG + "沈阳经济技术开发区,2024年1-6月,地区生产总值,215,亿元,累计\r\n");
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("甲_vintage2024-07-20.csv", jia);
    const r = await p.run("ingest");
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("1 个文件按新注明的数据版本重新确定版本");
    const wh = await openWarehouse(p.config.warehouse);
    try {
      // 甲: 2024-07-20 stated (rule 1) is later than 乙's inferred 2024-07-01 (rule 4).
      expect(await wh.sql.all(`select source_file, value, vintage::varchar as vintage, vintage_source, is_current, is_conflict from observations order by source_file`)).toEqual([
        { source_file: "乙.csv", value: 215, vintage: "2024-07-01", vintage_source: "inferred", is_current: false, is_conflict: false },
        { source_file: "甲.csv", value: 210, vintage: "2024-07-20", vintage_source: "filename", is_current: true, is_conflict: false },
      ]);
      expect(await wh.sql.all(`select count(*)::integer as n from ingest.files`)).toEqual([{ n: 2 }]);
    } finally {
      await wh.close();
    }
  });

  it("a disagreement further down the tied files is still a conflict (the two newest agree, the oldest differs)", async () => {
    await withWarehouse(async (p, wh) => {
      for (const [n, v] of [["丙.csv", 215], ["甲.csv", 210], ["乙.csv", 210]] as const) {
        const f = place(p, Buffer.from(LONG + `沈阳经济技术开发区,2024年1-6月,地区生产总值,${v},亿元,累计\r\n${n === "乙.csv" ? "\r\n" : ""}`), n, T2020);
        expect((await ingest(p.ctx(), wh, { paths: [f] })).loaded).toBe(1);
      }
      // Equal mtimes, so load order ranks 乙, 甲, 丙: 210 is current only because 丙 loaded first.
      expect(await wh.sql.all(`select source_file, edition_rank, is_current, is_conflict from observations order by edition_rank`)).toEqual([
        { source_file: "乙.csv", edition_rank: 1, is_current: true, is_conflict: true },
        { source_file: "甲.csv", edition_rank: 2, is_current: false, is_conflict: true },
        { source_file: "丙.csv", edition_rank: 3, is_current: false, is_conflict: true },
      ]);
    });
  });

  it("two files that agree are no conflict", async () => {
    await withWarehouse(async (p, wh) => {
      for (const n of ["一.csv", "二.csv"]) {
        const f = place(p, Buffer.from(LONG + `沈阳经济技术开发区,2024年1-6月,地区生产总值,210,亿元,累计\r\n${n === "二.csv" ? "\r\n" : ""}`), n, T2020);
        expect((await ingest(p.ctx(), wh, { paths: [f] })).loaded).toBe(1);
      }
      expect(await wh.sql.all(`select count(*) filter (where is_conflict)::integer as n from observations`)).toEqual([{ n: 0 }]);
    });
  });
});

describe("withdraw → restore", () => {
  const current = `select entity_code, indicator_code, measure, period_label, basis, value, source_file from observations where is_current order by all`;
  it("round-trips the current values, by command and by dropping the same file again", async () => {
    const p = tempProject();
    projects.push(p);
    p.dropFrom(ORIGINAL);
    p.dropFrom(CORRECTION);
    expect((await p.run("ingest")).code).toBe(0);
    const read = async (sql: string) => {
      const wh = await openWarehouse(p.config.warehouse);
      try {
        return await wh.sql.all(sql);
      } finally {
        await wh.close();
      }
    };
    const yingkou = `select value from observations where is_current and entity_name = '营口经济技术开发区' and indicator_code = 'gdp' and period_label = '2024年1-6月'`;
    const before = await read(current);
    expect(await read(yingkou)).toEqual([{ value: 220.1 }]);

    expect((await p.run("withdraw", path.basename(CORRECTION))).code).toBe(0);
    expect(await read(yingkou)).toEqual([{ value: 207.6 }]);
    const r = await p.run("restore", path.basename(CORRECTION));
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain(`已恢复 ${path.basename(CORRECTION)}`);
    expect(await read(current)).toEqual(before);

    // Withdraw again, then drop the same bytes into the inbox: restored, with a message, not a silent duplicate.
    expect((await p.run("withdraw", path.basename(CORRECTION))).code).toBe(0);
    p.dropFrom(CORRECTION);
    const again = await p.run("ingest");
    expect(again.code, again.stderr).toBe(0);
    expect(again.stdout).toContain("恢复 1 个此前撤回的文件");
    expect(await read(current)).toEqual(before);

    const notWithdrawn = await p.run("restore", path.basename(CORRECTION));
    expect(notWithdrawn.code).toBe(1);
    expect(notWithdrawn.stderr).toContain("RESTORE_NOT_WITHDRAWN");
  });
});
