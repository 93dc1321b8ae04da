/**
 * Row problems of one seed file, collected instead of thrown one at a time, so a
 * statistician fixing zones.csv or targets.csv sees every bad row in one run.
 * Each problem names its line, column, value and what was expected; the list is
 * capped (first PROBLEM_CAP, then how many more) so a wholly wrong file stays readable.
 */
import Papa from "papaparse";
import { ZonestatError, type ErrorDetail } from "./errors.js";
import { seedMsg } from "./seed-messages.js";

/** How many problems one error lists before saying how many more there are. */
export const PROBLEM_CAP = 50;

/** One row problem: where it is, the offending value, what was expected, and the sentence. */
export interface SeedProblem extends ErrorDetail {
  /** The sentence, without its location (added here): "未知指标「gdpp」". */
  readonly message: string;
  /** The row's own name, when it has one (a target id). */
  readonly row?: string;
}

export class SeedProblems {
  private readonly list: SeedProblem[] = [];

  /** `file` as the user names it (sources/seeds/zones.csv); `code` the error code thrown (ZONES_INVALID, CATALOGUE_INVALID). */
  constructor(readonly file: string, readonly code: string) {}

  add(problem: Omit<SeedProblem, "file">): void {
    this.list.push({ file: this.file, ...problem });
  }

  get count(): number {
    return this.list.length;
  }

  get problems(): readonly SeedProblem[] {
    return this.list;
  }

  /**
   * Throws nothing when there is no problem. One problem is thrown as it is (its
   * message and location); several as one error whose message
   * lists them (capped) and whose detail is the file plus every problem (`problems`).
   * `code` overrides the constructor's code (a more specific one).
   */
  throwIfAny(code: string = this.code): void {
    if (this.list.length === 0) return;
    const first = this.list[0]!;
    const { message: firstMessage, row: firstRow, ...firstWhere } = first;
    if (this.list.length === 1) throw new ZonestatError(code, seedMsg.problemLine(first.line, firstRow, firstMessage), firstWhere);
    const shown = this.list.slice(0, PROBLEM_CAP).map((p) => `  ${seedMsg.problemLine(p.line, p.row, p.message)}`);
    const rest = this.list.length - shown.length;
    const message = [seedMsg.problemsHeading(this.file, this.list.length), ...shown, ...(rest > 0 ? [`  ${seedMsg.moreProblems(rest)}`] : [])].join("\n");
    throw new ZonestatError(code, message, { file: this.file, problems: this.list.map(({ message: m, row: _row, ...where }) => ({ ...where, expected: where.expected ?? m })) });
  }
}

/**
 * The editor's line number of each data row of a seed CSV (header on line 1; blank
 * lines and `#` comment lines skipped, as readSeedCsv skips them). Fields spanning
 * lines are not used in seeds.
 */
export function dataLineNumbers(text: string): number[] {
  return text.replace(/^\uFEFF/, "").split(/\r?\n/).map((l, i) => ({ l, n: i + 1 })).filter(({ l }, k) => k > 0 && l.trim() !== "" && !l.startsWith("#")).map(({ n }) => n);
}

/**
 * The shape problems of a seed CSV, added to `problems` so they are reported with the
 * row problems in one run: a required column missing from the header (line 1), and each
 * data row whose field count differs from the header's (a stray comma, a lost field —
 * Papa Parse's TooManyFields/TooFewFields, which readSeedCsv does not stop on).
 * Returns false when a required column is missing (the rows cannot be checked further).
 */
export function checkSeedShape(text: string, required: readonly string[], problems: SeedProblems): boolean {
  const body = text.replace(/^\uFEFF/, "");
  const parsed = Papa.parse<string[]>(body, { skipEmptyLines: true, comments: "#" });
  const header = parsed.data[0] ?? [];
  const missing = required.filter((c) => !header.includes(c));
  for (const c of missing) problems.add({ line: 1, column: c, value: "", expected: `列「${c}」`, message: seedMsg.missingColumn(c) });
  const lines = dataLineNumbers(body);
  parsed.data.slice(1).forEach((fields, i) => {
    if (fields.length !== header.length) problems.add({ line: lines[i], value: fields.join(","), expected: `${header.length} 个字段`, message: seedMsg.fieldCount(fields.length, header.length) });
  });
  return missing.length === 0;
}
