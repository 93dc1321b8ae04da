/**
 * Backups of the warehouse and the guard against creating an empty one by mistake.
 *
 * - After every run that changed the warehouse (files loaded, models built, a file
 *   withdrawn) the closed — hence checkpointed — DuckDB file is copied to
 *   `<warehouse folder>/backups/<name>.<UTC stamp>.duckdb` (written under a
 *   temporary name, then renamed), keeping the newest `backups.keep` (default 3).
 * - `zonestat restore-warehouse [file]` puts the newest (or the given) backup back;
 *   the file it replaces is moved aside, never deleted.
 * - A missing warehouse is created only by a first run (no site published yet) or
 *   with --init: a wrong or unmounted path must not publish an empty site over the
 *   real one.
 */
import { constants, copyFileSync, existsSync, mkdirSync, readdirSync, renameSync, rmSync, statSync } from "node:fs";
import path from "node:path";
import type { Config } from "../config.js";
import { ZonestatError } from "../errors.js";
import type { Logger } from "../logger.js";
import { safetyMsg } from "./messages.js";

export function backupDir(warehouse: string): string {
  return path.join(path.dirname(warehouse), "backups");
}

/** Backups of this warehouse, newest first (absolute paths). */
export function listBackups(warehouse: string): string[] {
  const dir = backupDir(warehouse);
  if (!existsSync(dir)) return [];
  const stem = path.basename(warehouse, ".duckdb");
  return readdirSync(dir)
    .filter((n) => n.startsWith(stem + ".") && n.endsWith(".duckdb") && !n.includes(".partial"))
    .sort()
    .reverse()
    .map((n) => path.join(dir, n));
}

/** Copies the (closed) warehouse into the backup folder and prunes to `keep`; undefined when keep is 0 or there is no warehouse. */
export function backupWarehouse(warehouse: string, keep: number, logger: Logger, now = new Date()): string | undefined {
  if (keep <= 0 || !existsSync(warehouse)) return undefined;
  const dir = backupDir(warehouse);
  mkdirSync(dir, { recursive: true });
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\.(\d+)Z$/, "$1Z");
  const dest = path.join(dir, `${path.basename(warehouse, ".duckdb")}.${stamp}.duckdb`);
  const partial = dest + ".partial";
  // A reflink where the file system has them (instant), a plain copy elsewhere.
  copyFileSync(warehouse, partial, constants.COPYFILE_FICLONE);
  if (existsSync(warehouse + ".wal")) copyFileSync(warehouse + ".wal", dest + ".wal", constants.COPYFILE_FICLONE);
  renameSync(partial, dest);
  for (const old of listBackups(warehouse).slice(keep)) {
    rmSync(old, { force: true });
    rmSync(old + ".wal", { force: true });
  }
  logger.info(`数据仓库已备份：${dest}`, { bytes: statSync(dest).size, keep });
  return dest;
}

/** Puts a backup back in place of the warehouse; the replaced file is moved to `<warehouse>.replaced-<stamp>`. */
export function restoreWarehouse(warehouse: string, from: string | undefined, now = new Date()): { from: string; aside: string | undefined } {
  const source = from ? path.resolve(from) : listBackups(warehouse)[0];
  if (!source || !existsSync(source)) throw new ZonestatError("BACKUP_NOT_FOUND", from ? `找不到备份文件 ${from}` : safetyMsg.noBackup(backupDir(warehouse)), { file: from ?? backupDir(warehouse) }, 2);
  const stamp = now.toISOString().replace(/[-:]/g, "").replace(/\..*/, "");
  let aside: string | undefined;
  if (existsSync(warehouse)) {
    aside = `${warehouse}.replaced-${stamp}`;
    renameSync(warehouse, aside);
    if (existsSync(warehouse + ".wal")) renameSync(warehouse + ".wal", aside + ".wal");
  }
  mkdirSync(path.dirname(warehouse), { recursive: true });
  copyFileSync(source, warehouse + ".partial");
  if (existsSync(source + ".wal")) copyFileSync(source + ".wal", warehouse + ".wal");
  renameSync(warehouse + ".partial", warehouse);
  return { from: source, aside };
}

/**
 * Refuses to create a warehouse when a site was already published from one (exit 2, WAREHOUSE_MISSING):
 * the path is wrong or its disk is not mounted. `init` (the --init flag) allows it.
 */
export function guardMissingWarehouse(config: Pick<Config, "warehouse" | "site">, init: boolean | undefined): void {
  if (init || existsSync(config.warehouse)) return;
  if (existsSync(path.join(config.site, "index.html"))) {
    throw new ZonestatError("WAREHOUSE_MISSING", safetyMsg.warehouseMissing(config.warehouse, config.site), { file: config.warehouse }, 2);
  }
}

/**
 * A new (missing) warehouse beside an archive that holds files loaded into an earlier one:
 * the notice to show, or undefined. The new warehouse will not contain them, and a site
 * published from it would look complete while it is not.
 */
export function archiveNotice(config: Pick<Config, "warehouse" | "archive">): string | undefined {
  if (existsSync(config.warehouse) || !existsSync(config.archive)) return undefined;
  const files = readdirSync(config.archive, { withFileTypes: true }).filter((d) => d.isFile() && !d.name.endsWith(".problems.txt") && !d.name.startsWith("."));
  return files.length ? safetyMsg.archiveNotInNewWarehouse(config.archive, files.length) : undefined;
}

/** The message for a damaged warehouse, pointing at the newest backup. */
export function corruptError(warehouse: string, why: string): ZonestatError {
  return new ZonestatError("WAREHOUSE_CORRUPT", safetyMsg.warehouseCorrupt(warehouse, why.split("\n")[0]!, listBackups(warehouse)[0]), { file: warehouse });
}
