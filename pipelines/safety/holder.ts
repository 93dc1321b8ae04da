/**
 * Who holds the warehouse, in words: the zonestat lock file's owner (command, pid,
 * since when, still running or not) and, when DuckDB names another process as the
 * holder of its file lock, that process's command line. Used by `zonestat status`
 * and by the busy-warehouse error, so neither guesses ("可能是 zonestat query").
 */
import { readFileSync } from "node:fs";
import { hostname } from "node:os";
import { readLock, staleReason, type LockInfo } from "../lock.js";
import { holderMsg as safetyMsg } from "./messages.js";
import { localTime, timeZoneLabel } from "../local-time.js";

export interface LockHolder extends LockInfo {
  /** The lock file. */
  readonly file: string;
  /** true: its process is running; false: gone (a stale lock, taken over by the next run); null: on another host, cannot tell. */
  readonly alive: boolean | null;
  /** Why it is stale (staleReason's words), when it is. */
  readonly stale_reason?: string;
}

/** The lock file's owner, or null when there is no lock file; a lock file that cannot be read is `{ pid: 0, … alive: null }`. */
export function readLockHolder(lockFile: string, exists: boolean): LockHolder | null {
  if (!exists) return null;
  const info = readLock(lockFile);
  if (!info || typeof info.pid !== "number") return { file: lockFile, pid: 0, host: "", command: "", started: "", alive: null };
  const stale = staleReason(info);
  const alive = stale ? false : info.host === hostname() ? true : null;
  return { ...info, file: lockFile, alive, ...(stale ? { stale_reason: stale } : {}) };
}


/** The command line of a running process (Linux /proc), e.g. "node bin/zonestat.js query …"; undefined elsewhere or when gone. */
export function processCommandLine(pid: number): string | undefined {
  try {
    const text = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").filter(Boolean).join(" ");
    return text || undefined;
  } catch {
    return undefined;
  }
}

/** "pid 123（zonestat refresh，始于 2026-11-30 14:00:00）" for a lock's owner. */
export function ownerWords(h: LockHolder, timeZone: string): string {
  if (!h.pid) return safetyMsg.lockUnreadable(h.file);
  return safetyMsg.lockOwner(h.pid, h.command, `${localTime(h.started, timeZone)}（${timeZoneLabel(timeZone)}）`, h.host);
}

/** The `锁：` line of `zonestat status`: a sentence, with 进程已不存在 for a dead owner. */
export function lockLine(h: LockHolder | null, timeZone: string): string {
  if (!h) return safetyMsg.lockFree();
  if (!h.pid) return safetyMsg.lockUnreadableLine(h.file);
  return safetyMsg.lockHeld(ownerWords(h, timeZone), h.alive, h.stale_reason);
}

/**
 * Who holds DuckDB's file lock, in words: the zonestat lock's owner when its pid is the one DuckDB names
 * (or DuckDB names none), else that process with its command line. `duckdbPid` comes from DuckDB's
 * "Conflicting lock is held in … (PID n)".
 */
export function holderWords(lock: LockHolder | null, duckdbPid: number | undefined, timeZone: string): string {
  if (lock && lock.pid && lock.alive !== false && (duckdbPid === undefined || duckdbPid === lock.pid)) return ownerWords(lock, timeZone);
  if (duckdbPid !== undefined) return safetyMsg.otherProcess(duckdbPid, processCommandLine(duckdbPid));
  return safetyMsg.unknownProcess();
}

/** The pid in DuckDB's lock-conflict message, if any. */
export function duckdbHolderPid(text: string | undefined): number | undefined {
  const m = /PID (\d+)/.exec(text ?? "");
  return m ? Number(m[1]) : undefined;
}
