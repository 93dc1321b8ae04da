/**
 * One writer at a time across processes: a lock file beside the warehouse holding
 * the owner's pid. A lock whose process is gone (killed, crashed, rebooted) is
 * detected and taken over.
 */
import { closeSync, existsSync, openSync, readFileSync, unlinkSync, writeSync, mkdirSync } from "node:fs";
import { hostname } from "node:os";
import path from "node:path";
import { ZonestatError } from "./errors.js";

export interface LockInfo {
  readonly pid: number;
  readonly host: string;
  readonly command: string;
  readonly started: string;
}

export interface Lock {
  release(): void;
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === "EPERM";
  }
}

export function readLock(file: string): LockInfo | undefined {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as LockInfo;
  } catch {
    return undefined;
  }
}

/** Creates the lock file holding our pid; false if it already exists. */
function createLockFile(file: string, command: string): boolean {
  try {
    const fd = openSync(file, "wx");
    writeSync(fd, JSON.stringify({ pid: process.pid, host: hostname(), command, started: new Date().toISOString() }));
    closeSync(fd);
    return true;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === "EEXIST") return false;
    throw e;
  }
}

function tryAcquire(file: string, command: string): Lock | undefined {
  mkdirSync(path.dirname(file), { recursive: true });
  const lock = { release: () => releaseIfOurs(file) };
  if (createLockFile(file, command)) return lock;
  const info = readLock(file);
  // A half-written lock (crash while writing) or a dead owner on this host: take it over.
  if (!info || (info.host === hostname() && !alive(info.pid))) {
    try {
      unlinkSync(file);
    } catch {
      /* another process took it over first */
    }
    if (createLockFile(file, command)) return lock;
  }
  return undefined;
}

function releaseIfOurs(file: string): void {
  const info = readLock(file);
  if (info && info.pid === process.pid && existsSync(file)) unlinkSync(file);
}

/** Acquires the lock, waiting up to `waitSeconds`; throws LOCK_BUSY naming the holder. */
export async function acquireLock(file: string, command: string, waitSeconds: number): Promise<Lock> {
  const deadline = Date.now() + waitSeconds * 1000;
  for (;;) {
    const lock = tryAcquire(file, command);
    if (lock) return lock;
    if (Date.now() >= deadline) {
      const info = readLock(file);
      throw new ZonestatError(
        "LOCK_BUSY",
        `另一个 zonestat 进程正在写数据仓库（${info ? `pid ${info.pid}，命令 ${info.command}，始于 ${info.started}` : "锁文件 " + file}）：本次退出，未做任何改动。稍后重试，或在配置中设置 schedule.lock_wait_seconds 以等待。`,
        { file },
      );
    }
    await new Promise((r) => setTimeout(r, 200));
  }
}
