/**
 * One file from bytes to facts: decode → grid → detect the layout → read → resolve.
 * An Excel file becomes one grid per sheet (`read-workbook.ts`); after the grid the
 * path is the same (`read-grid.ts`).
 * Pure apart from reading the reference data: nothing touches the warehouse here,
 * so a file with any error is rejected before a single value is written.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import { accountLines, type RowAccounting } from "./accounting.js";
import { decodeBytes, type Encoding } from "./decode.js";
import { parseGrid } from "./grid.js";
import type { LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { ProblemList } from "./problems.js";
import { readGrid, type GridRead } from "./read-grid.js";
import { EXCEL_NAME, readWorkbook } from "./read-workbook.js";
import type { WorkbookFormat } from "./readers/excel-container.js";
import type { Reference } from "./reference.js";
import type { Fact } from "./resolve.js";
import { correctionMarker, fileEdition, newestPeriodEnd, statedVintageInRows, type StatedVintage } from "./edition.js";
import { parseVintage, SYNTHETIC_MARK, type VintageSource } from "./vintage.js";

export interface FileRead {
  readonly name: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  /** A text file's encoding, or the workbook format of an Excel file. */
  readonly encoding: Encoding | WorkbookFormat | "unknown";
  readonly layout: string;
  readonly title: string | undefined;
  readonly facts: Fact[];
  readonly problems: ProblemList;
  readonly vintage: string;
  readonly vintageSource: VintageSource;
  readonly isSynthetic: boolean;
  /** Every line of the file counted once (issue #14); undefined when the file could not be decoded. */
  readonly accounting?: RowAccounting;
  /** Rule 3's marker (`更正`, …) in the name or title, if any. */
  readonly correction?: string;
  /** Where the vintage came from, in plain Chinese (see edition.ts). */
  readonly vintageNote?: string;
  /** The file's modification time (ISO), rule 5's evidence; set by the job. */
  readonly sourceMtime?: string;
}

export interface ReadOptions {
  readonly reference: Reference;
  readonly layouts: readonly LayoutDefinition[];
  /** Vintage given on the command line, if any. */
  readonly vintage?: string;
  readonly today: string;
}


export function sha256(bytes: Uint8Array): string {
  return createHash("sha256").update(bytes).digest("hex");
}

export function readFile(filePath: string, bytes: Uint8Array, opts: ReadOptions): FileRead {
  const name = path.basename(filePath);
  const problems = new ProblemList();
  const base = { name, sha256: sha256(bytes), sizeBytes: bytes.byteLength };
  const fail = (layout = "", encoding: FileRead["encoding"] = "unknown"): FileRead => ({
    ...base, encoding, layout, title: undefined, facts: [], problems, vintage: opts.today, vintageSource: "load_date", isSynthetic: false,
  });

  if (EXCEL_NAME.test(name)) {
    const workbook = readWorkbook(bytes, name, opts, problems);
    return workbook ? finish(workbook.sheets, workbook.format, workbook.stated) : fail();
  }
  let decoded;
  try {
    decoded = decodeBytes(bytes, name);
  } catch (e) {
    if (e instanceof ZonestatError) {
      problems.error(e.code, e.message, { line: e.detail.line, value: e.detail.value, expected: e.detail.expected });
      return fail();
    }
    throw e;
  }
  const rows = parseGrid(decoded.text);
  if (rows.length === 0) {
    problems.error("FILE_EMPTY", ingestMsg.empty());
    return fail("", decoded.encoding);
  }
  const read = readGrid(rows, name, opts, problems);
  if (!read) return fail("", decoded.encoding);
  const out = finish([read], decoded.encoding, statedVintageInRows(rows));
  // Every physical line of a text file counted once (issue #14).
  return { ...out, accounting: accountLines(decoded.text, rows, read.lineKinds ?? new Map(), new Set(out.facts.map((f) => f.line)), problems) };

  /** File-level checks over every part's facts (one part for CSV, one per sheet for Excel). */
  function finish(parts: ReadonlyArray<GridRead & { sheet?: string }>, encoding: FileRead["encoding"], stated?: StatedVintage): FileRead {
    if (parts.length === 0) return fail("", encoding);
    const facts = parts.flatMap((p) => p.facts);
    const title = parts.map((p) => p.title).find(Boolean);

    // Rule 2: an edition stated in the file (填报日期：…); for a workbook, in its sheets' cells.
    if (stated && !stated.vintage) {
      // A stated edition that cannot be read is not guessed around: the file is rejected until the line is fixed.
      problems.error("VINTAGE_INVALID", ingestMsg.vintageLineInvalid(stated.label, stated.text), { sheet: stated.sheet, line: stated.line, value: stated.text, expected: "2024-07-15、2024年7月15日 或 2024年7月" });
    }
    if (stated?.vintage && stated.monthOnly) problems.warn("VINTAGE_MONTH_ONLY", ingestMsg.vintageMonthOnly(stated.label, stated.text, stated.vintage), { sheet: stated.sheet, line: stated.line, value: stated.text, expected: "写明日，如 2025年10月16日" });
    const edition = fileEdition({ name, option: opts.vintage, stated, newestPeriodEnd: newestPeriodEnd(facts.map((f) => f.period_end)), today: opts.today });
    const { vintage, source: vintageSource } = edition;
    // An edition dated before the end of the data it carries cannot be right (a typo in 填报日期,
    // a wrong --vintage): ranked as given it would lose to older editions, so the file waits for a fix.
    const newest = newestPeriodEnd(facts.map((f) => f.period_end));
    if (newest && (vintageSource === "option" || vintageSource === "filename" || vintageSource === "file") && vintage < newest) {
      problems.error("VINTAGE_BEFORE_PERIOD", ingestMsg.vintageBeforePeriod(edition.note, vintage, newest), { sheet: vintageSource === "file" ? stated?.sheet : undefined, line: vintageSource === "file" ? stated?.line : undefined, value: vintage, expected: `不早于 ${newest}` });
    }
    for (const f of facts) {
      if (f.vintage === undefined) continue;
      const v = parseVintage(f.vintage);
      if (!v) problems.error("VINTAGE_INVALID", ingestMsg.vintageInvalid(f.vintage), { sheet: f.sheet ?? undefined, line: f.line, value: f.vintage, expected: "2024-06-30 或 2024" });
      else if (v < f.period_end) problems.error("VINTAGE_BEFORE_PERIOD", ingestMsg.vintageBeforePeriod("数据行的版本列", v, f.period_end), { sheet: f.sheet ?? undefined, line: f.line, value: f.vintage, expected: `不早于 ${f.period_end}` });
      else f.vintage = v;
    }
    if (!problems.hasErrors && facts.length === 0) problems.error("NO_VALUES", ingestMsg.noValues());
    return {
      ...base,
      encoding,
      layout: [...new Set(parts.map((p) => p.layout.name))].join("+"),
      title,
      facts,
      problems,
      vintage,
      vintageSource: facts.some((f) => f.vintage) ? "row" : vintageSource,
      vintageNote: facts.some((f) => f.vintage) ? "数据行的版本列（规则1）" : edition.note,
      isSynthetic: SYNTHETIC_MARK.test(name) || parts.some((p) => SYNTHETIC_MARK.test(p.title ?? "")),
      correction: correctionMarker(name, title),
    };
  }
}

/** A file refused before its bytes were read (an Excel file over the size limit): no facts, only its problems. */
export function unreadFile(name: string, sha: string, sizeBytes: number, today: string, problems: ProblemList): FileRead {
  return { name, sha256: sha, sizeBytes, encoding: "unknown", layout: "", title: undefined, facts: [], problems, vintage: today, vintageSource: "load_date", isSynthetic: false };
}
