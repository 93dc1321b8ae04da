/**
 * One error type for everything a user can see. Only the CLI entry turns it into
 * an exit code; everything else throws or returns it.
 *
 * @example
 *   throw new ZonestatError("CONFIG_UNKNOWN_KEY", "配置文件中有未知的键 wareouse", { file: "zonestat.config.json" });
 */
import { cellRef } from "./cell-ref.js";

export type ExitCode = 0 | 1 | 2;

/** Where in a file a problem sits. Lines and columns are 1-based, as an editor shows them. */
export interface Location {
  readonly file?: string;
  readonly line?: number;
  readonly column?: number | string;
  /** A workbook's sheet: the place is then written as Excel writes it, `file:开发区!D19`. */
  readonly sheet?: string | null;
}

export interface ErrorDetail extends Location {
  /** The offending text, exactly as it stood in the input. */
  readonly value?: string;
  /** What was expected instead, in words. */
  readonly expected?: string;
  /** Every problem of the same file, when one error reports several (seed files: pipelines/seed-problems.ts). */
  readonly problems?: readonly ErrorDetail[];
}

/** Codes that are usage or configuration problems (exit 2); every other code is a data problem (exit 1). */
const USAGE_PREFIXES = ["CONFIG_", "USAGE_", "PROJECT_", "LOCK_"];

export class ZonestatError extends Error {
  readonly code: string;
  readonly detail: ErrorDetail;
  readonly exitCode: ExitCode;

  constructor(code: string, message: string, detail: ErrorDetail = {}, exitCode?: ExitCode) {
    super(message);
    this.name = "ZonestatError";
    this.code = code;
    this.detail = detail;
    this.exitCode = exitCode ?? (USAGE_PREFIXES.some((p) => code.startsWith(p)) ? 2 : 1);
  }

  /** `file:line:column` (a workbook's cell `file:sheet!D19`) prefix, or "" when no location is known. */
  where(): string {
    return formatLocation(this.detail);
  }

  toJSON(): Record<string, unknown> {
    return { code: this.code, message: this.message, ...this.detail };
  }
}

/** `file:line:column`, or `file:sheet!D19` when the place is a workbook's cell (stat-qa2 6: confirm said `xlsx:19:F`). */
export function formatLocation(loc: Location): string {
  if (!loc.file) return "";
  if (loc.sheet) return `${loc.file}:${cellRef(loc.sheet, loc.line, loc.column === undefined ? undefined : String(loc.column))}`;
  let s = loc.file;
  if (loc.line !== undefined) s += `:${loc.line}`;
  if (loc.column !== undefined) s += `:${loc.column}`;
  return s;
}

export function isZonestatError(e: unknown): e is ZonestatError {
  return e instanceof ZonestatError;
}
