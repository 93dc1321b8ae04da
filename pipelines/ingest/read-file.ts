/**
 * One file from bytes to facts: decode → grid → detect the layout → read → resolve.
 * Pure apart from reading the reference data: nothing touches the warehouse here,
 * so a file with any error is rejected before a single value is written.
 */
import { createHash } from "node:crypto";
import path from "node:path";
import { ZonestatError } from "../errors.js";
import { decodeBytes, type Encoding } from "./decode.js";
import { parseGrid } from "./grid.js";
import { detectLayout, type LayoutDefinition } from "./layout.js";
import { ingestMsg } from "./messages.js";
import { ProblemList } from "./problems.js";
import type { ReadResult } from "./raw.js";
import { readEntityTable } from "./read-table.js";
import { readLong } from "./read-long.js";
import { readNbsExport } from "./read-nbs.js";
import type { Reference } from "./reference.js";
import { checkTotals, resolveValues, type Fact } from "./resolve.js";
import { correctionMarker, fileEdition, newestPeriodEnd, statedVintage } from "./edition.js";
import { parseVintage, SYNTHETIC_MARK, type VintageSource } from "./vintage.js";

export interface FileRead {
  readonly name: string;
  readonly sha256: string;
  readonly sizeBytes: number;
  readonly encoding: Encoding | "unknown";
  readonly layout: string;
  readonly title: string | undefined;
  readonly facts: Fact[];
  readonly problems: ProblemList;
  readonly vintage: string;
  readonly vintageSource: VintageSource;
  readonly isSynthetic: boolean;
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
  const fail = (layout = "", encoding: Encoding | "unknown" = "unknown"): FileRead => ({
    ...base, encoding, layout, title: undefined, facts: [], problems, vintage: opts.today, vintageSource: "load_date", isSynthetic: false,
  });

  if (/\.(xlsx?|xlsm|et)$/i.test(name)) {
    problems.error("FILE_EXCEL", ingestMsg.excel(name), { value: name, expected: "CSV 文件" });
    return fail();
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
  const detection = detectLayout(rows, opts.layouts);
  const layout = detection.layout;
  if (!layout) {
    const reasons = detection.misses.slice(0, 3).map((m) => `${m.name}（${m.reason}）`).join("；");
    problems.error("LAYOUT_UNKNOWN", ingestMsg.layoutUnknown(reasons), { line: rows[0]!.line, value: rows[0]!.cells.join(",").slice(0, 60) });
    return fail("", decoded.encoding);
  }
  let read: ReadResult;
  if (layout.reader === "nbs_export") read = readNbsExport(rows, layout, problems);
  else if (layout.reader === "entity_table") read = readEntityTable(rows, layout, problems, opts.reference, name);
  else read = readLong(rows, layout, problems);

  const facts = resolveValues(read.values, opts.reference, { unknownIndicators: layout.unknown_indicators }, problems);
  checkTotals(read.totals, read.values, problems);

  const stated = statedVintage(decoded.text);
  if (stated && !stated.vintage) {
    // A stated edition that cannot be read is not guessed around: the file is rejected until the line is fixed.
    problems.error("VINTAGE_INVALID", ingestMsg.vintageLineInvalid(stated.label, stated.text), { line: stated.line, value: stated.text, expected: "2024-07-15、2024年7月15日 或 2024年7月" });
  }
  const edition = fileEdition({ name, option: opts.vintage, stated, newestPeriodEnd: newestPeriodEnd(facts.map((f) => f.period_end)), today: opts.today });
  const { vintage, source: vintageSource } = edition;
  for (const f of facts) {
    if (f.vintage === undefined) continue;
    const v = parseVintage(f.vintage);
    if (!v) problems.error("VINTAGE_INVALID", ingestMsg.vintageInvalid(f.vintage), { line: f.line, value: f.vintage, expected: "2024-06-30 或 2024" });
    else f.vintage = v;
  }
  if (!problems.hasErrors && facts.length === 0) problems.error("NO_VALUES", ingestMsg.noValues());
  return {
    ...base,
    encoding: decoded.encoding,
    layout: layout.name,
    title: read.title,
    facts,
    problems,
    vintage,
    vintageSource: facts.some((f) => f.vintage) ? "row" : vintageSource,
    vintageNote: facts.some((f) => f.vintage) ? "数据行的版本列（规则1）" : edition.note,
    isSynthetic: SYNTHETIC_MARK.test(name) || SYNTHETIC_MARK.test(read.title ?? ""),
    correction: correctionMarker(name, read.title),
  };
}
