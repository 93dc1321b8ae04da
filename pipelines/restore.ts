/**
 * Undoing a withdraw (issue #15): the file's values take part in the order of
 * evidence again; whether they become current is decided by the same rule as for
 * any file (pipelines/ingest/edition.ts), not by the restore itself.
 */
import type { JobContext } from "./context.js";
import { editionMsg } from "./edition-messages.js";
import { ZonestatError } from "./errors.js";
import { localTime } from "./local-time.js";
import type { Warehouse } from "./warehouse/index.js";
import { reauditFiles } from "./ingest/reaudit-run.js";
import type { ReauditResult } from "./ingest/reaudit.js";

/** Marks `fileId` loaded again. */
export async function restoreFile(wh: Warehouse, fileId: number, now: Date): Promise<void> {
  await wh.sql.transaction(async () => {
    await wh.sql.exec(`update ingest.files set status = 'loaded', withdrawn_at = null where file_id = ?`, [fileId]);
    await wh.sql.exec(`update ingest.file_editions set restored_at = ? where file_id = ?`, [now.toISOString(), fileId]);
  });
}

/**
 * `zonestat restore FILE`: FILE is a name or a sha256 prefix of a withdrawn file.
 * @throws ZonestatError RESTORE_NOT_FOUND (no such withdrawn file), USAGE_AMBIGUOUS (several match).
 */
export async function restore(ctx: JobContext, wh: Warehouse, nameOrSha: string): Promise<{ name: string; rows: number; reaudit: ReauditResult }> {
  const matches = await wh.sql.all<{ file_id: number; name: string; rows_loaded: number; status: string; sha8: string; loaded_ms: number; stated: string | null; vintage: string; vintage_source: string }>(
    `select file_id, name, rows_loaded, status, left(sha256, 8) as sha8, epoch_ms(loaded_at)::double as loaded_ms,
            case when vintage_source = 'file' then vintage::varchar end as stated, vintage::varchar as vintage, vintage_source
     from ingest.files where name = ? or sha256 like ? || '%' order by loaded_at, file_id`,
    [nameOrSha, nameOrSha.toLowerCase()],
  );
  const withdrawn = matches.filter((m) => m.status === "withdrawn");
  if (withdrawn.length === 0) {
    if (matches.length > 0) throw new ZonestatError("RESTORE_NOT_WITHDRAWN", editionMsg.restoreAlreadyLoaded(nameOrSha), { value: nameOrSha });
    throw new ZonestatError("RESTORE_NOT_FOUND", editionMsg.restoreNotFound(nameOrSha), { value: nameOrSha });
  }
  if (withdrawn.length > 1) throw new ZonestatError("USAGE_AMBIGUOUS", editionMsg.ambiguous(nameOrSha, withdrawn.map((m) => ({ ...m, loaded_at: localTime(Number(m.loaded_ms), ctx.config.timezone) })), "restore"), { value: nameOrSha });
  const f = withdrawn[0]!;
  await restoreFile(wh, f.file_id, ctx.now());
  ctx.logger.info(`已恢复 ${f.name}`, { rows: f.rows_loaded });
  const reaudit = await reauditFiles(ctx, wh, [f.file_id]);
  return { name: f.name, rows: f.rows_loaded, reaudit };
}
