/**
 * An Excel file (.xlsx, .xlsm, .xls, .et) → facts, sheet by sheet. The container is
 * checked first (limits, zip bomb, password, not-really-Excel); each visible sheet is
 * then a grid read exactly like a CSV (`readGrid`), and its facts and problems carry
 * the sheet name. The sheets are parts of one file load: an error on any sheet rejects
 * the whole file, so a workbook is never half in the warehouse.
 */
import { excelMsg } from "./readers/excel-messages.js";
import { checkContainer, EXCEL_LIMITS, type ContainerCode, type WorkbookFormat } from "./readers/excel-container.js";
import { readWorkbookGrids } from "./readers/excel.js";
import { ingestMsg } from "./messages.js";
import { statedVintageInRows, type StatedVintage } from "./edition.js";
import { ProblemList } from "./problems.js";
import { readGrid, type GridRead } from "./read-grid.js";
import type { LayoutDefinition } from "./layout.js";
import type { Reference } from "./reference.js";

/** File names read as Excel workbooks: WPS's .et and macro-enabled .xlsm are the same containers as .xls/.xlsx. */
export const EXCEL_NAME = /\.(xlsx|xlsm|xls|et)$/i;

export interface SheetRead extends GridRead {
  readonly sheet: string;
}

export interface WorkbookRead {
  readonly format: WorkbookFormat;
  readonly sheets: SheetRead[];
  /** Rule 2's 填报日期-style line, from the first sheet that has one (read.ts checks the others agree). */
  readonly stated?: StatedVintage;
}

const CONTAINER_MESSAGES: Record<ContainerCode, (file: string, detail: string) => string> = {
  EXCEL_TOO_LARGE: excelMsg.tooLarge,
  EXCEL_ZIP_BOMB: excelMsg.zipBomb,
  EXCEL_PASSWORD: (file) => excelMsg.password(file),
  EXCEL_FORMAT: excelMsg.format,
  EXCEL_CORRUPT: excelMsg.corrupt,
};

/**
 * An Excel file over the size limit, refused before its bytes are read into memory.
 * @param sizeBytes the file's size on disk
 * @returns the problem list with EXCEL_TOO_LARGE, or undefined when the name is not Excel or the size is within the limit
 */
export function refuseUnread(name: string, sizeBytes: number): ProblemList | undefined {
  if (!EXCEL_NAME.test(name) || sizeBytes <= EXCEL_LIMITS.maxFileBytes) return undefined;
  const problems = new ProblemList();
  const mib = (n: number) => `${(n / 1024 / 1024).toFixed(1)} MiB`;
  problems.error("EXCEL_TOO_LARGE", excelMsg.tooLarge(name, `${mib(sizeBytes)} > ${mib(EXCEL_LIMITS.maxFileBytes)}`), { value: name, expected: `不超过 ${mib(EXCEL_LIMITS.maxFileBytes)}` });
  return problems;
}

/**
 * @param bytes the whole file
 * @param name the file's base name (for messages and a period taken from the name)
 * @returns the sheets read, or undefined when the workbook could not be opened (an error is in `problems`)
 */
export function readWorkbook(bytes: Uint8Array, name: string, opts: { reference: Reference; layouts: readonly LayoutDefinition[] }, problems: ProblemList): WorkbookRead | undefined {
  const container = checkContainer(bytes);
  if (!container.ok) {
    problems.error(container.code, CONTAINER_MESSAGES[container.code](name, container.detail), { value: name, expected: "未加密、未损坏的 .xlsx 或 .xls 工作簿" });
    return undefined;
  }
  if (container.hasMacros) problems.warn("EXCEL_MACROS_IGNORED", excelMsg.macros(name), { value: name });
  if (container.externalLinks) problems.warn("EXCEL_EXTERNAL_LINKS_IGNORED", excelMsg.externalLinks(name, container.externalLinks), { value: name });

  let grids;
  try {
    grids = readWorkbookGrids(bytes, problems);
  } catch (e) {
    const message = (e as Error).message;
    if (/password/i.test(message)) problems.error("EXCEL_PASSWORD", excelMsg.password(name), { value: name, expected: "未加密的工作簿" });
    else problems.error("EXCEL_CORRUPT", excelMsg.corrupt(name, message), { value: name });
    return undefined;
  }
  if (grids.length === 0) {
    problems.error("FILE_EMPTY", `${ingestMsg.empty()}：${excelMsg.noSheets()}`, { value: name });
    return undefined;
  }

  const sheets: SheetRead[] = [];
  let stated: StatedVintage | undefined;
  for (const grid of grids) {
    const sheetStated = statedVintageInRows(grid.rows, grid.sheet);
    if (sheetStated && !stated) stated = sheetStated;
    else if (sheetStated && stated && sheetStated.vintage !== stated.vintage) {
      problems.error("VINTAGE_INVALID", ingestMsg.vintageSheetsDisagree(`工作表「${stated.sheet}」第${stated.line}行「${stated.label}：${stated.text}」`, `工作表「${grid.sheet}」第${sheetStated.line}行「${sheetStated.label}：${sheetStated.text}」`), { sheet: grid.sheet, line: sheetStated.line, value: sheetStated.text, expected: stated.text });
    }
    const own = new ProblemList();
    const read = readGrid(grid.rows, name, opts, own);
    if (read) {
      for (const f of read.facts) {
        f.sheet = grid.sheet;
        if (grid.percentCells.has(`${f.col}${f.line}`) && f.unit !== "%") {
          own.error("EXCEL_PERCENT_UNIT", excelMsg.percentUnit(f.unit || "（无单位）"), { line: f.line, column: f.col, value: f.original_text, expected: "单位为 % 的列" });
        }
      }
      sheets.push({ ...read, sheet: grid.sheet });
    }
    for (const { severity, code, message, ...at } of own.items) problems[severity === "error" ? "error" : "warn"](code, message, { ...at, sheet: grid.sheet });
  }
  checkAcrossSheets(sheets, problems);
  return { format: container.format, sheets, stated };
}

/** The same value stated on two sheets: kept once; two different values are an error naming both cells. */
function checkAcrossSheets(sheets: SheetRead[], problems: ProblemList): void {
  if (sheets.length < 2) return;
  const seen = new Map<string, { sheet: string; cell: string; value: number }>();
  for (const s of sheets) {
    const keep = s.facts.filter((f) => {
      const key = [f.entity_code, f.indicator_code, f.measure, f.period_start, f.period_end, f.basis, f.vintage ?? ""].join("|");
      const prior = seen.get(key);
      const cell = `${s.sheet}!${f.col}${f.line}`;
      if (!prior) {
        seen.set(key, { sheet: s.sheet, cell, value: f.value });
        return true;
      }
      if (prior.value !== f.value) {
        problems.error("DUPLICATE_VALUE", excelMsg.duplicateAcrossSheets(`${f.entity_name} ${f.indicator_name} ${f.period_label}`, prior.cell, cell), {
          sheet: s.sheet, line: f.line, column: f.col, value: f.original_text, expected: `与 ${prior.cell} 相同的值（${prior.value}）`,
        });
      }
      return false;
    });
    s.facts.splice(0, s.facts.length, ...keep);
  }
}
