/**
 * Excel workbooks built here with the same library the reader uses (@e965/xlsx), one
 * quirk each. Expected values are the numbers written into the cells (or that number
 * × 100 for a percent-formatted cell); expected codes and cells are the ones planted.
 */
import { truncateSync } from "node:fs";
import path from "node:path";
import * as XLSX from "@e965/xlsx";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import { loadLayouts } from "../../pipelines/ingest/layout.js";
import { readFile, type FileRead } from "../../pipelines/ingest/read-file.js";
import { readWorkbookGrids } from "../../pipelines/ingest/readers/excel.js";
import { checkContainer, EXCEL_LIMITS } from "../../pipelines/ingest/readers/excel-container.js";
import { ProblemList } from "../../pipelines/ingest/problems.js";
import { loadReference } from "../../pipelines/ingest/reference.js";
import { formatProblem } from "../../pipelines/ingest/report.js";
import { openWarehouse, type Warehouse } from "../../pipelines/warehouse/index.js";
import { REPO, tempProject, type TestProject } from "../support/project.js";

const reference = loadReference(path.join(REPO, "sources", "seeds"));
const layouts = loadLayouts(path.join(REPO, "sources", "layouts"));
const TITLE = "2024年1-6月全省经济开发区主要经济指标";
const HEADER = ["序号", "开发区名称", "所在市", "地区生产总值(亿元)", "研发经费投入强度(%)"];

type Edit = (ws: XLSX.WorkSheet) => void;
interface SheetSpec {
  readonly name: string;
  readonly rows: unknown[][];
  readonly edit?: Edit;
  readonly hidden?: boolean;
}

function book(sheets: readonly SheetSpec[], bookType: "xlsx" | "xls" = "xlsx", compression = false): Buffer {
  const wb = XLSX.utils.book_new();
  for (const s of sheets) {
    const ws = XLSX.utils.aoa_to_sheet(s.rows);
    s.edit?.(ws);
    XLSX.utils.book_append_sheet(wb, ws, s.name);
  }
  wb.Workbook = { Sheets: sheets.map((s) => ({ name: s.name, Hidden: s.hidden ? 1 : 0 })) };
  return XLSX.write(wb, { type: "buffer", bookType, compression }) as Buffer;
}

/** The zone report: title, header, 沈阳经开区 and 大连经开区. */
const zoneSheet = (name = "上半年", edit?: Edit, rows?: unknown[][]): SheetSpec => ({
  name,
  rows: rows ?? [[TITLE], HEADER, [1, "沈阳经济技术开发区", "沈阳市", 517.8, 0.0235], [2, "大连经济技术开发区", "大连市", 612.4, 0.052]],
  edit: (ws) => {
    ws["!merges"] = [XLSX.utils.decode_range("A1:E1")];
    if (ws["E3"]) ws["E3"].z = "0.00%";
    if (ws["E4"]) ws["E4"].z = "0.0%";
    edit?.(ws);
  },
});

const read = (name: string, bytes: Uint8Array): FileRead => readFile(name, bytes, { reference, layouts, today: "2024-08-01" });
const codes = (r: FileRead) => r.problems.items.map((p) => p.code);
const value = (r: FileRead, zone: string, indicator: string) => r.facts.find((f) => f.entity_code === zone && f.indicator_code === indicator);

describe("cell values as stored", () => {
  it("a number shown with one decimal keeps its full value; a percent cell stored 0.0235 is 2.35 in the % column", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["D3"] = { t: "n", v: 517.83456, z: "0.0" }; // displayed 517.8
    })]));
    expect(codes(r)).toEqual([]);
    expect(value(r, "ED210101", "gdp")).toMatchObject({ value: 517.83456, original_text: "517.83456", unit: "亿元", sheet: "上半年", line: 3, col: "D" });
    expect(value(r, "ED210101", "rd_intensity")).toMatchObject({ value: 2.35, unit: "%", original_text: "2.35%" });
    // 0.052 × 100 in binary is 5.2 only after rounding to 15 significant digits (Excel's precision).
    expect(value(r, "ED210201", "rd_intensity")!.value).toBe(5.2);
    expect(r.encoding).toBe("xlsx");
    expect(r.layout).toBe("zone_report");
  });

  it("a percent-formatted cell in a column whose unit is not % is an error naming the cell", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["D4"]!.z = "0%";
    })]));
    // The grid's cell reads "61240%"; the shared rule for every source (resolve.ts, issue #14) refuses a percent in a 亿元 column.
    const p = r.problems.errors.find((e) => e.code === "VALUE_PERCENT" || e.code === "EXCEL_PERCENT_UNIT")!;
    expect(p).toMatchObject({ sheet: "上半年", line: 4, column: "D", value: "61240%" });
  });

  it("a formula reads as its cached value", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["D4"] = { t: "n", v: 1035.6, f: "D3*2" };
    })]));
    expect(codes(r)).toEqual([]);
    expect(value(r, "ED210201", "gdp")!.value).toBe(1035.6);
  });

  it("a formula without a cached value is an error naming the cell", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["D4"] = { t: "n", f: "D3*2" } as XLSX.CellObject;
    })]));
    expect(r.problems.errors[0]).toMatchObject({ code: "EXCEL_FORMULA_NO_VALUE", sheet: "上半年", line: 4, column: "D", value: "=D3*2" });
    expect(formatProblem(r.name, r.problems.errors[0]!)).toContain("报表_2024年1-6月.xlsx:上半年!D4 [EXCEL_FORMULA_NO_VALUE]");
    expect(r.facts.length).toBeGreaterThan(0); // the rest was read, but the file is rejected
    expect(r.problems.hasErrors).toBe(true);
  });

  it("#DIV/0!, #N/A and #REF! are errors naming their cells", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["D3"] = { t: "e", v: 0x07, f: "D4/0" };
      ws["D4"] = { t: "e", v: 0x2a };
      ws["E4"] = { t: "e", v: 0x17 };
    })]));
    const errors = r.problems.errors.filter((e) => e.code === "EXCEL_CELL_ERROR").map((e) => [`${e.sheet}!${e.column}${e.line}`, e.value]);
    expect(errors).toEqual([["上半年!D3", "#DIV/0!（=D4/0）"], ["上半年!D4", "#N/A"], ["上半年!E4", "#REF!"]]);
  });

  it("a formula taking its value from another workbook is an error", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["D4"] = { t: "n", v: 612.4, f: "[1]Sheet1!D4" };
    })]));
    expect(r.problems.errors[0]).toMatchObject({ code: "EXCEL_EXTERNAL_LINK", line: 4, column: "D" });
  });

  it("dates read as dates at the precision their format shows", () => {
    const bytes = book([{ name: "S", rows: [["期间"]], edit: (ws) => {
      ws["A2"] = { t: "n", v: 45473, z: "yyyy-mm-dd" }; // serial 45473 = 2024-06-30 (1900 date system)
      ws["A3"] = { t: "n", v: 45473, z: 'yyyy"年"m"月"' };
      ws["A4"] = { t: "n", v: 45473.5, z: "yyyy-mm-dd hh:mm" };
      ws["!ref"] = "A1:A4";
    } }]);
    const grids = readWorkbookGrids(bytes, new ProblemList());
    expect(grids[0]!.rows.map((r) => r.cells[0])).toEqual(["期间", "2024-06-30", "2024-06", "2024-06-30 12:00:00"]);
  });

  it("a workbook in the 1904 date system reads the same serial 1462 days later", () => {
    const wb = XLSX.utils.book_new();
    const ws = XLSX.utils.aoa_to_sheet([["期间"]]);
    ws["A2"] = { t: "n", v: 44011, z: "yyyy-mm-dd" }; // 44011 + 1462 = 45473 in the 1900 system: 2024-06-30
    ws["!ref"] = "A1:A2";
    XLSX.utils.book_append_sheet(wb, ws, "S");
    wb.Workbook = { WBProps: { date1904: true } };
    const grids = readWorkbookGrids(XLSX.write(wb, { type: "buffer", bookType: "xlsx" }) as Buffer, new ProblemList());
    expect(grids[0]!.rows[1]!.cells[0]).toBe("2024-06-30");
  });
});

describe("merged cells", () => {
  it("a merged group header is expanded over its span; labels two rows tall reach the lower header row; the title stays one cell", () => {
    const bytes = book([{ name: "S", rows: [[TITLE], ["开发区名称", "所在市", "主要经济指标", null], [null, null, "地区生产总值(亿元)", "工业总产值(亿元)"], ["沈阳经济技术开发区", "沈阳市", 517.8, 1346.3]], edit: (ws) => {
      ws["!merges"] = ["A1:D1", "A2:A3", "B2:B3", "C2:D2"].map((r) => XLSX.utils.decode_range(r));
    } }]);
    const grids = readWorkbookGrids(bytes, new ProblemList());
    expect(grids[0]!.rows).toEqual([
      { line: 1, cells: [TITLE] },
      { line: 2, cells: ["开发区名称", "所在市", "主要经济指标", "主要经济指标"] },
      { line: 3, cells: ["开发区名称", "所在市", "地区生产总值(亿元)", "工业总产值(亿元)"] },
      { line: 4, cells: ["沈阳经济技术开发区", "沈阳市", "517.8", "1346.3"] },
    ]);
  });

  it("a header two rows tall (every label merged down) loads: the second row is not read as data", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["!merges"]!.push(...["A2:A3", "B2:B3", "C2:C3", "D2:D3", "E2:E3"].map((x) => XLSX.utils.decode_range(x)));
    }, [[TITLE], HEADER, [], [1, "沈阳经济技术开发区", "沈阳市", 517.8, 0.0235], [2, "大连经济技术开发区", "大连市", 612.4, 0.052]])]));
    // Rows moved down one: E3/E4 formats now sit on the blank header continuation and the first zone; values still land.
    expect(codes(r)).toEqual([]);
    expect(value(r, "ED210201", "gdp")).toMatchObject({ value: 612.4, line: 5, col: "D" });
  });

  it("a number spread over merged cells is an error naming the range's first cell", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["!merges"]!.push(XLSX.utils.decode_range("D3:D4"));
    })]));
    expect(r.problems.errors[0]).toMatchObject({ code: "EXCEL_MERGED_VALUE", sheet: "上半年", line: 3, column: "D" });
  });
});

describe("sheets", () => {
  let project: TestProject;
  let wh: Warehouse;
  beforeAll(async () => {
    project = tempProject();
    wh = await openWarehouse(project.config.warehouse);
  });
  afterAll(async () => {
    await wh.close();
    project.cleanup();
  });

  it("an Excel file over 20 MiB is refused unread with EXCEL_TOO_LARGE", async () => {
    const file = project.drop("巨大_2024年1-6月.xlsx", "");
    truncateSync(file, EXCEL_LIMITS.maxFileBytes + 1); // sparse: no 20 MiB written
    const report = await ingest(project.ctx(), wh);
    expect(report.files.map((f) => [f.status, f.firstError])).toEqual([["rejected", "EXCEL_TOO_LARGE"]]);
  });

  it("two data sheets load as one file; each value keeps its sheet and cell in observations", async () => {
    project.drop("两市_2024年1-6月.xlsx", book([
      zoneSheet("沈阳", undefined, [[TITLE], HEADER, [1, "沈阳经济技术开发区", "沈阳市", 517.8, 0.0235]]),
      zoneSheet("大连", undefined, [[TITLE], HEADER, [1, "大连经济技术开发区", "大连市", 612.4, 0.052]]),
    ]));
    const report = await ingest(project.ctx(), wh);
    expect(report.files.map((f) => [f.status, f.rows])).toEqual([["loaded", 4]]);
    const rows = await wh.sql.all(`select entity_code, indicator_code, value, source_sheet, source_line, source_column from observations where source_file = '两市_2024年1-6月.xlsx' order by source_sheet, indicator_code`);
    expect(rows).toEqual([
      { entity_code: "ED210201", indicator_code: "gdp", value: 612.4, source_sheet: "大连", source_line: 3, source_column: "D" },
      { entity_code: "ED210201", indicator_code: "rd_intensity", value: 5.2, source_sheet: "大连", source_line: 3, source_column: "E" },
      { entity_code: "ED210101", indicator_code: "gdp", value: 517.8, source_sheet: "沈阳", source_line: 3, source_column: "D" },
      { entity_code: "ED210101", indicator_code: "rd_intensity", value: 2.35, source_sheet: "沈阳", source_line: 3, source_column: "E" },
    ]);
  });

  it("an error on the second sheet rejects the whole workbook: nothing of the first sheet is stored", async () => {
    const before = await wh.sql.all(`select count(*)::integer as n from ingest.facts`);
    project.drop("两市_2024年1-3月.xlsx", book([
      zoneSheet("沈阳", undefined, [["2024年1-3月全省经济开发区主要经济指标"], HEADER, [1, "沈阳经济技术开发区", "沈阳市", 250.1, 0.02]]),
      zoneSheet("大连", undefined, [["2024年1-3月全省经济开发区主要经济指标"], HEADER, [1, "大连经开发区", "大连市", 300.2, 0.05]]),
    ]));
    const report = await ingest(project.ctx(), wh);
    expect(report.files[0]).toMatchObject({ status: "rejected", firstError: "ENTITY_UNKNOWN" });
    expect(await wh.sql.all(`select count(*)::integer as n from ingest.facts`)).toEqual(before);
    const problems = await import("node:fs").then((fs) => fs.readFileSync(report.files[0]!.reportPath!, "utf8"));
    // The name cell (B3: 开发区名称), not a value cell, is where the error points.
    expect(problems).toContain("两市_2024年1-3月.xlsx:大连!B3 [ENTITY_UNKNOWN]");
  });

  it("the same key on two sheets with different values is DUPLICATE_VALUE naming both cells", () => {
    const r = read("两表_2024年1-6月.xlsx", book([zoneSheet("甲"), zoneSheet("乙", (ws) => {
      ws["D3"] = { t: "n", v: 999 };
    })]));
    const p = r.problems.errors.find((e) => e.code === "DUPLICATE_VALUE")!;
    expect(p).toMatchObject({ sheet: "乙", line: 3, column: "D" });
    expect(p.message).toContain("甲!D3");
  });

  it("a hidden sheet and a hidden row are skipped and reported", () => {
    const r = read("报表_2024年1-6月.xlsx", book([
      zoneSheet("上半年", (ws) => {
        ws["!rows"] = [];
        ws["!rows"][3] = { hidden: true }; // row 4: 大连经开区
        ws["D4"] = { t: "e", v: 0x07 }; // an error value in the hidden row is not read either
      }),
      { ...zoneSheet("草稿", (ws) => (ws["D3"] = { t: "n", v: 1 })), hidden: true },
    ]));
    expect(r.problems.errors).toEqual([]);
    expect(r.problems.warnings.map((w) => [w.code, w.sheet, w.line ?? null])).toEqual([
      ["EXCEL_HIDDEN_ROWS", "上半年", 4],
      ["EXCEL_HIDDEN_SHEET", "草稿", null],
    ]);
    expect(r.facts.map((f) => `${f.sheet}!${f.col}${f.line}`)).toEqual(["上半年!D3", "上半年!E3"]);
  });

  it("a hidden column is skipped and reported; its header and values are not read", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["!cols"] = [];
      ws["!cols"][4] = { hidden: true }; // E: 研发经费投入强度
    })]));
    expect(r.problems.warnings.map((w) => [w.code, w.column])).toEqual([["EXCEL_HIDDEN_COLUMNS", "E"]]);
    expect(r.facts.map((f) => f.indicator_code)).toEqual(["gdp", "gdp"]);
  });

  it("macros are not run and say so; the workbook's values load", () => {
    const zip = XLSX.CFB.read(book([zoneSheet()]), { type: "buffer" });
    XLSX.CFB.utils.cfb_add(zip, "/xl/vbaProject.bin", Buffer.from("not a real VBA project"));
    const r = read("报表_2024年1-6月.xlsm", XLSX.CFB.write(zip, { fileType: "zip", type: "buffer" }) as Buffer);
    expect(r.problems.errors).toEqual([]);
    expect(r.problems.warnings.map((w) => w.code)).toEqual(["EXCEL_MACROS_IGNORED"]);
    expect(r.facts).toHaveLength(4);
  });

  it(".xlsm and WPS .et are read as their Excel equivalents", () => {
    const xlsm = read("报表_2024年1-6月.xlsm", book([zoneSheet()]));
    const et = read("报表_2024年1-6月.et", book([zoneSheet()], "xls"));
    expect([codes(xlsm), xlsm.encoding, xlsm.facts.length]).toEqual([[], "xlsx", 4]);
    expect([codes(et), et.encoding, et.facts.length]).toEqual([[], "xls", 4]);
    // BIFF8 keeps the number format too: 0.052 formatted 0.0% is 5.2.
    expect(value(et, "ED210201", "rd_intensity")!.value).toBe(5.2);
  });
});

describe("safety", () => {
  const good = () => book([zoneSheet()]);

  it("a zip bomb (an entry inflating 1000:1) is refused before parsing", () => {
    const zip = XLSX.CFB.read(good(), { type: "buffer" });
    XLSX.CFB.utils.cfb_add(zip, "/xl/media/image1.bin", Buffer.alloc(10 * 1024 * 1024)); // 10 MiB of zeros deflates to ~10 KiB
    const bomb = XLSX.CFB.write(zip, { fileType: "zip", type: "buffer", compression: true }) as Buffer;
    expect(checkContainer(bomb)).toMatchObject({ ok: false, code: "EXCEL_ZIP_BOMB" });
    expect(read("bomb.xlsx", bomb).problems.errors.map((e) => e.code)).toEqual(["EXCEL_ZIP_BOMB"]);
  });

  it("a zip entry that inflates past its declared size is refused (the size field lied)", () => {
    const bytes = Buffer.from(book([zoneSheet()], "xlsx", true));
    expect(checkContainer(bytes)).toMatchObject({ ok: true });
    // Central directory entry of xl/worksheets/sheet1.xml: set its uncompressed size (offset 24) to 10 bytes.
    const name = Buffer.from("xl/worksheets/sheet1.xml");
    let p = bytes.indexOf(Buffer.concat([Buffer.from([0x50, 0x4b, 0x01, 0x02])]));
    while (p >= 0 && !bytes.subarray(p + 46, p + 46 + name.length).equals(name)) p = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), p + 1);
    expect(p).toBeGreaterThan(0);
    bytes.writeUInt32LE(10, p + 24);
    const check = checkContainer(bytes);
    expect(check).toMatchObject({ ok: false, code: "EXCEL_ZIP_BOMB" });
    expect(!check.ok && check.detail).toContain("大于其声明的 10 字节");
  });

  it("file size and total uncompressed size are capped", () => {
    const bytes = good();
    expect(checkContainer(bytes, { ...EXCEL_LIMITS, maxFileBytes: 1000 })).toMatchObject({ ok: false, code: "EXCEL_TOO_LARGE" });
    expect(checkContainer(bytes, { ...EXCEL_LIMITS, maxUncompressedBytes: 2000 })).toMatchObject({ ok: false, code: "EXCEL_ZIP_BOMB" });
    expect(checkContainer(bytes)).toMatchObject({ ok: true, format: "xlsx" });
  });

  it("a password-protected .xlsx (an encrypted package in an OLE2 container) is EXCEL_PASSWORD", () => {
    const cfb = XLSX.CFB.utils.cfb_new();
    XLSX.CFB.utils.cfb_add(cfb, "/EncryptionInfo", Buffer.from([4, 0, 4, 0, 0x40, 0, 0, 0]));
    XLSX.CFB.utils.cfb_add(cfb, "/EncryptedPackage", Buffer.alloc(4096, 0x5a));
    const bytes = XLSX.CFB.write(cfb, { type: "buffer" }) as Buffer;
    const r = read("加密_2024年1-6月.xlsx", bytes);
    expect(r.problems.errors.map((e) => e.code)).toEqual(["EXCEL_PASSWORD"]);
    expect(r.problems.errors[0]!.message).toContain("密码");
  });

  it("a password-protected .xls (BIFF8 FilePass record) is EXCEL_PASSWORD", () => {
    const cfb = XLSX.CFB.read(book([zoneSheet()], "xls"), { type: "buffer" });
    const entry = XLSX.CFB.find(cfb, "Workbook")!;
    const stream = Buffer.from(entry.content as Uint8Array);
    // [MS-XLS] 2.4.117 FilePass right after the globals BOF: type 0x002F, XOR obfuscation (wEncryptionType 0, key, verifier).
    const bofLength = 4 + stream.readUInt16LE(2);
    const filePass = Buffer.from([0x2f, 0x00, 0x06, 0x00, 0x00, 0x00, 0x34, 0x12, 0x78, 0x56]);
    entry.content = Buffer.concat([stream.subarray(0, bofLength), filePass, stream.subarray(bofLength)]);
    entry.size = (entry.content as Buffer).length;
    const bytes = XLSX.CFB.write(cfb, { type: "buffer" }) as Buffer;
    expect(read("加密_2024年1-6月.xls", bytes).problems.errors.map((e) => e.code)).toEqual(["EXCEL_PASSWORD"]);
  });

  it("an HTML page or CSV text named .xls is refused by name, not guessed", () => {
    const html = read("门户导出_2024年.xls", Buffer.from("<html><body><table><tr><td>地区</td></tr></table></body></html>"));
    const csv = read("另存_2024年.xlsx", Buffer.from("开发区名称,地区生产总值(亿元)\n沈阳经济技术开发区,1\n"));
    expect(html.problems.errors.map((e) => e.code)).toEqual(["EXCEL_FORMAT"]);
    expect(csv.problems.errors.map((e) => e.code)).toEqual(["EXCEL_FORMAT"]);
  });
});

describe("rule 2 in a workbook: a 填报日期 line among its cells", () => {
  const rows = (extra: unknown[][]) => [[TITLE], HEADER, [1, "沈阳经济技术开发区", "沈阳市", 517.8, 0.0235], [2, "大连经济技术开发区", "大连市", 612.4, 0.052], ...extra];

  it("in one cell (填报日期：2024年7月20日) under the table: the file's edition, naming sheet and row", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", undefined, rows([[], ["填报日期：2024年7月20日"]]))]));
    expect(codes(r)).toEqual([]);
    expect(r.vintage).toBe("2024-07-20");
    expect(r.vintageSource).toBe("file");
    // Row 6: title, header, two zones, a blank row, then the line.
    expect(r.vintageNote).toBe("工作表「上半年」第6行「填报日期：2024年7月20日」（规则2）");
  });

  it("label and date in two cells (报送日期 | a date cell) read the same way", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", (ws) => {
      ws["B6"] = { t: "n", v: 45494, z: "yyyy-mm-dd" }; // serial 45292 = 2024-01-01 (1900 system); +202 days = 2024-07-21
    }, rows([[], ["报送日期", null]]))]));
    expect(codes(r)).toEqual([]);
    expect(r.vintage).toBe("2024-07-21");
  });

  it("a stated date before the data's period end rejects the workbook, naming the sheet and row", () => {
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", undefined, rows([["填报日期：2024-06-01"]]))]));
    const p = r.problems.items.find((x) => x.code === "VINTAGE_BEFORE_PERIOD");
    expect(p).toMatchObject({ sheet: "上半年", line: 5 });
  });

  it("two sheets stating different dates is an error: the edition cannot be decided", () => {
    const second = zoneSheet("第二张", undefined, [[TITLE], HEADER, [1, "沈阳经济技术开发区", "沈阳市", 517.8, 0.0235], ["填报日期：2024-07-25"]]);
    const r = read("报表_2024年1-6月.xlsx", book([zoneSheet("上半年", undefined, rows([["填报日期：2024-07-20"]])), second]));
    expect(codes(r)).toContain("VINTAGE_INVALID");
  });
});
