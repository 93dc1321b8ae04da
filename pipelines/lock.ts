/**
 * One writer at a time across processes: a lock file beside the warehouse.
 *
 * Creation is atomic and the file is always whole: the record is written to a
 * private temporary file, then hard-linked to the lock name (link fails if the
 * name exists — one winner, and no reader ever sees a half-written lock).
 *
 * A lock is stale when its owner is gone: on this host (same boot) the pid is not
 * running, or is running but started at another time (the pid was reused); after
 * a reboot every old lock of this host is stale; a lock from another host is
 * stale once older than `staleSeconds` (we cannot look at its processes).
 * Takeover is serialised by a second atomic link (`<lock>.takeover`): the taker
 * re-reads the lock under it and replaces it only if it is still the same stale
 * record, so two takers cannot both win.
 */
import { closeSync, existsSync, linkSync, openSync, readFileSync, statSync, unlinkSync, writeSync, mkdirSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { ZonestatError } from "./errors.js";
import { localMinute, timeZoneLabel } from "./local-time.js";
import { safetyMsg } from "./safety/messages.js";

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly started: string;
  /** The owner's start time in clock ticks since boot (/proc/<pid>/stat field 22), when known. */
  readonly pid_start?: string;
  /** /proc/sys/kernel/random/boot_id of the owner's host, when known. */
  readonly boot_id?: string;
}

export interface Lock {
  release(): void;
}

/** A lock from another host older than this is taken over (default 6 h). */
export const DEFAULT_STALE_SECONDS = 6 * 3600;

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

/** When a process started, in clock ticks since boot (Linux); undefined elsewhere or when it is gone. */
export function processStartTime(pid: number): string | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may hold spaces and parentheses: count fields after the last ")".
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function bootId(): string | undefined {
  try {
    return readFileSync("/proc/sys/kernel/random/boot_id", "utf8").trim();
  } catch {
    return undefined;
  }
}

export function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Why the lock's owner is gone, or undefined while it may still be working. */
export function staleReason(info: LockInfo, staleSeconds = DEFAULT_STALE_SECONDS, now = Date.now()): string | undefined {
  const age = (now - Date.parse(info.started)) / 1000;
  if (info.host !== hostname()) return age > staleSeconds ? `来自主机 ${info.host}，已超过 ${Math.round(staleSeconds / 3600)} 小时` : undefined;
  const boot = bootId();
  if (info.boot_id && boot && info.boot_id !== boot) return "本机已重启";
  if (!alive(info.pid)) return `进程 ${info.pid} 已不存在`;
  if (info.pid_start && processStartTime(info.pid) !== info.pid_start) return `进程号 ${info.pid} 已被另一个进程重用`;
  return undefined;
}

/** Links a complete record to `file`; false if `file` exists. */
function linkRecord(file: string, record: object): boolean {
  const tmp = `${file}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
  const fd = openSync(tmp, "wx");
  try {
    writeSync(fd, JSON.stringify(record));
  } catch (e) {
    unlinkSync(tmp);
    // A write through a descriptor names no path (a full disk): give it the lock's.
    throw Object.assign(e as Error, { path: (e as NodeJS.ErrnoException).path ?? file });
  } finally {
    closeSync(fd);
  }
  try {
    linkSync(tmp, file);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  } finally {
    unlinkSync(tmp);
  }
}

function ownRecord(command: string): LockInfo {
  return { pid: process.pid, host: hostname(), command, started: new Date().toISOString(), pid_start: processStartTime(process.pid), boot_id: bootId() };
}

function tryAcquire(file: string, command: string, staleSeconds: number): Lock | undefined {
  mkdirSync(path.dirname(file), { recursive: true });
  const mine = ownRecord(command);
  const lock = { release: () => releaseIfOurs(file, mine) };
  if (linkRecord(file, mine)) return lock;
  const seen = readFileSafe(file);
  const info = seen === undefined ? undefined : parse(seen);
  // A record that cannot be parsed predates atomic creation (a crash mid-write): stale too.
  if (seen !== undefined && info && !staleReason(info, staleSeconds)) return undefined;
  const takeover = `${file}.takeover`;
  clearAbandonedTakeover(takeover, staleSeconds);
  if (!linkRecord(takeover, mine)) return undefined; // another process is taking it over
  try {
    // Under the takeover lock: replace the lock only if it is still the stale record we judged.
    if (readFileSafe(file) !== seen) return undefined;
    if (seen !== undefined) unlinkSync(file);
    return linkRecord(file, mine) ? lock : undefined;
  } finally {
    unlinkSync(takeover);
  }
}

/**
 * A takeover lock left by a process killed in the few statements above: its record names its
 * owner, judged as the lock's own (staleReason — a SIGKILL in that window left every later run
 * refused until the file was a minute old); one that cannot be read is cleared after a minute.
 */
function clearAbandonedTakeover(takeover: string, staleSeconds: number): void {
  try {
    const seen = readFileSafe(takeover);
    const info = seen === undefined ? undefined : parse(seen);
    const abandoned = info ? staleReason(info, staleSeconds) !== undefined : Date.now() - statSync(takeover).mtimeMs > 60_000;
    if (abandoned && readFileSafe(takeover) === seen) unlinkSync(takeover);
  } catch {
    /* none, or removed by another process */
  }
}

function readFileSafe(file: string): string | undefined {
  try {
    return readFileSync(file, "utf8");
  } catch {
    return undefined;
  }
}

function parse(text: string): LockInfo | undefined {
  try {
    const v = JSON.parse(text) as LockInfo;
    return typeof v.pid === "number" && typeof v.host === "string" ? v : undefined;
  } catch {
    return undefined;
  }
}

function releaseIfOurs(file: string, mine: LockInfo): void {
  const info = readLock(file);
  if (info && info.pid === mine.pid && info.started === mine.started && existsSync(file)) unlinkSync(file);
}

/**
 * Acquires the lock, waiting up to `waitSeconds`; throws LOCK_BUSY (exit 2) naming the holder, its start in `timeZone`
 * (config `timezone`; UTC, said so, without one). A lock older than `staleSeconds` whose owner is gone is taken over.
 */
export async function acquireLock(file: string, command: string, waitSeconds: number, opts: { staleSeconds?: number; timeZone?: string } = {}): Promise<Lock> {
  const staleSeconds = opts.staleSeconds ?? DEFAULT_STALE_SECONDS;
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const lock = tryAcquire(file, command, staleSeconds);
    if (lock) return lock;
    if (Date.now() >= deadline) {
      const info = readLock(file);
      const since = opts.timeZone && Number.isFinite(Date.parse(info?.started ?? "")) ? `${localMinute(info!.started, opts.timeZone)}（${timeZoneLabel(opts.timeZone)}）` : `${info?.started}（UTC）`;
      throw new ZonestatError("LOCK_BUSY", safetyMsg.lockBusy(info ? `pid ${info.pid}，主机 ${info.host}，命令 ${info.command}，始于 ${since}` : "正在被接管", file), { file });
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
