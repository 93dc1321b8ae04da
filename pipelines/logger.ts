/**
 * Logging as an effect passed into every job: human-readable lines on a terminal,
 * JSON lines otherwise (or to a rotated file), so a supervisor's log is parseable.
 */
import { appendFileSync, existsSync, mkdirSync, renameSync, statSync, unlinkSync } from "node:fs";
import path from "node:path";
import { neutraliseBidi } from "./safety/bidi.js";

export type Level = "debug" | "info" | "warn" | "error";

export interface Logger {
  debug(message: string, fields?: Record<string, unknown>): void;
  info(message: string, fields?: Record<string, unknown>): void;
  warn(message: string, fields?: Record<string, unknown>): void;
  error(message: string, fields?: Record<string, unknown>): void;
}

export interface LoggerOptions {
  readonly json?: boolean;
  readonly quiet?: boolean;
  readonly verbose?: boolean;
  readonly file?: string;
  readonly maxBytes?: number;
  readonly keep?: number;
  readonly stream?: NodeJS.WritableStream;
}

export function createLogger(opts: LoggerOptions = {}): Logger {
  const stream = opts.stream ?? process.stderr;
  const json = opts.json ?? !(stream as { isTTY?: boolean }).isTTY;
  const write = (level: Level, message: string, fields: Record<string, unknown> = {}) => {
    if (level === "debug" && !opts.verbose) return;
    if (opts.quiet && (level === "debug" || level === "info")) return;
    const record = { time: new Date().toISOString(), level, message, ...fields };
    const line = neutraliseBidi(JSON.stringify(record)) + "\n";
    if (opts.file) appendRotated(opts.file, line, opts.maxBytes ?? 5_000_000, opts.keep ?? 5);
    if (json) stream.write(line);
    else {
      const extra = Object.entries(fields).filter(([, v]) => v !== undefined).map(([k, v]) => `${k}=${typeof v === "string" ? v : JSON.stringify(v)}`).join(" ");
      const tag = level === "info" ? "" : `[${level}] `;
      stream.write(neutraliseBidi(`${tag}${message}${extra ? "  " + extra : ""}\n`));
    }
  };
  return {
    debug: (m, f) => write("debug", m, f),
    info: (m, f) => write("info", m, f),
    warn: (m, f) => write("warn", m, f),
    error: (m, f) => write("error", m, f),
  };
}

/** A logger that drops everything: for tests and library use. */
export const silentLogger: Logger = { debug() {}, info() {}, warn() {}, error() {} };

function appendRotated(file: string, line: string, maxBytes: number, keep: number): void {
  mkdirSync(path.dirname(file), { recursive: true });
  if (existsSync(file) && statSync(file).size + line.length > maxBytes) {
    for (let i = keep - 1; i >= 1; i--) {
      const from = `${file}.${i}`;
      if (existsSync(from)) renameSync(from, `${file}.${i + 1}`);
    }
    if (keep > 0) renameSync(file, `${file}.1`);
    else unlinkSync(file);
  }
  appendFileSync(file, line);
}
