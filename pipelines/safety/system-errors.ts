/**
 * Errors from the operating system and DuckDB turned into coded ZonestatErrors, so
 * the CLI prints one line (a stack trace only with --verbose) and run records say
 * what happened. ENOSPC anywhere — Node's fs or DuckDB's "No space left on device" —
 * is DISK_FULL with the path.
 */
import { ZonestatError, isZonestatError } from "../errors.js";
import { safetyMsg } from "./messages.js";

const DISK_FULL = /ENOSPC|No space left on device|disk is full|Could not write .*space/i;

/** The coded error for `e`, or undefined when it is none we recognise. */
export function classifySystemError(e: unknown, fallbackPath?: string): ZonestatError | undefined {
  if (isZonestatError(e)) return e;
  const err = e as NodeJS.ErrnoException | undefined;
  const text = String(err?.message ?? e);
  if (err?.code === "ENOSPC" || DISK_FULL.test(text)) {
    const file = err?.path ?? /"([^"]+)"/.exec(text)?.[1] ?? /'([^']+)'/.exec(text)?.[1] ?? fallbackPath ?? "";
    return new ZonestatError("DISK_FULL", safetyMsg.diskFull(file), { file: file || undefined });
  }
  if (err?.code === "EACCES" || err?.code === "EPERM") {
    return new ZonestatError("PERMISSION_DENIED", `没有权限：${err.path ?? text}`, { file: err.path });
  }
  if (err?.code === "EROFS") return new ZonestatError("READ_ONLY_FS", `文件系统只读：${err.path ?? text}`, { file: err.path });
  return undefined;
}
