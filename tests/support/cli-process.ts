/**
 * Runs the built CLI (bin/zonestat.js → dist/) as a real child process, in a
 * given folder, as cron or an operator would.
 */
import { spawn, spawnSync } from "node:child_process";
import path from "node:path";
import { REPO } from "./project.js";

export const BIN = path.join(REPO, "bin", "zonestat.js");

export interface ProcessResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `zonestat <args>` in `cwd` and waits for it. */
export function zonestatSync(cwd: string, ...args: string[]): ProcessResult {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, FORCE_COLOR: "0" } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts `zonestat <args>` in `cwd`; the caller waits or signals. */
export function zonestatSpawn(cwd: string, ...args: string[]) {
  const child = spawn(process.execPath, [BIN, ...args], { cwd, env: { ...process.env, FORCE_COLOR: "0" } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d) => (stdout += String(d)));
  child.stderr.on("data", (d) => (stderr += String(d)));
  const done = new Promise<ProcessResult>((resolve) => child.once("exit", (code) => resolve({ code, stdout, stderr })));
  return { child, done, output: () => stdout + stderr };
}
