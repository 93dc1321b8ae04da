/**
 * `zonestat prefer FILE` (issue #15): settles version conflicts. Where two files'
 * evidence is equal (rules 1–4 tie and neither is a correction) the preferred file
 * ranks first, above modification time and load order; stronger evidence (a later
 * stated or inferred edition, a correction) still wins over it.
 */
import type { JobContext } from "./context.js";
import { editionMsg } from "./edition-messages.js";
import { ZonestatError } from "./errors.js";
import { localTime } from "./local-time.js";
import type { Warehouse } from "./warehouse/index.js";
import { reauditFiles } from "./ingest/reaudit-run.js";
import type { ReauditResult } from "./ingest/reaudit.js";

/**
 * Marks the loaded file FILE (name or sha256 prefix) preferred.
 * Returns how many of its values were in a flagged conflict before.
 * @throws ZonestatError PREFER_NOT_FOUND, USAGE_AMBIGUOUS.
 */
export async function prefer(ctx: JobContext, wh: Warehouse, nameOrSha: string): Promise<{ name: string; settled: number; reaudit: ReauditResult }> {
  // Rule 2's stated date (vintage_source 'file': 填报日期 and the like) is what a statistician tells two copies apart by.
  const matches = await wh.sql.all<{ file_id: number; name: string; sha256: string; sha8: string; loaded_ms: number; stated: string | null; vintage: string; vintage_source: string }>(
    `select file_id, name, sha256, left(sha256, 8) as sha8, epoch_ms(loaded_at)::double as loaded_ms,
            case when vintage_source = 'file' then vintage::varchar end as stated, vintage::varchar as vintage, vintage_source
     from ingest.files where status = 'loaded' and (name = ? or sha256 like ? || '%') order by loaded_at, file_id`,
    [nameOrSha, nameOrSha.toLowerCase()],
  );
  if (matches.length === 0) throw new ZonestatError("PREFER_NOT_FOUND", editionMsg.preferNotFound(nameOrSha), { value: nameOrSha });
  if (matches.length > 1) {
    const candidates = matches.map((m) => ({ ...m, loaded_at: localTime(Number(m.loaded_ms), ctx.config.timezone) }));
    throw new ZonestatError("USAGE_AMBIGUOUS", editionMsg.ambiguous(nameOrSha, candidates), { value: nameOrSha });
  }
  const f = matches[0]!;
  const [row] = await wh.sql.all<{ n: number }>(`select count(*)::integer as n from main.observations where source_sha256 = ? and is_conflict`, [f.sha256]);
  await wh.sql.exec(`update ingest.file_editions set preferred_at = ? where file_id = ?`, [ctx.now().toISOString(), f.file_id]);
  ctx.logger.info(`已指定优先：${f.name}`, { settled: row?.n ?? 0 });
  const reaudit = await reauditFiles(ctx, wh, [f.file_id]);
  return { name: f.name, settled: row?.n ?? 0, reaudit };
}
