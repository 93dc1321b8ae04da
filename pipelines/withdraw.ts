/**
 * Withdrawing a loaded file: its values stop being current, history stays.
 */
import type { JobContext } from "./context.js";
import { ZonestatError } from "./errors.js";
import type { Warehouse } from "./warehouse/index.js";

export async function withdraw(ctx: JobContext, wh: Warehouse, nameOrSha: string): Promise<{ name: string; rows: number }> {
  // A sha256 prefix is hex, at least 4 digits; anything else is a name, matched exactly (never a LIKE pattern: '%' matched every file).
  const prefix = /^[0-9a-f]{4,64}$/i.test(nameOrSha) ? nameOrSha.toLowerCase() : null;
  const matches = await wh.sql.all<{ file_id: number; name: string; rows_loaded: number }>(
    `select file_id, name, rows_loaded from ingest.files where status = 'loaded' and (name = ? or (? is not null and starts_with(sha256, ?)))`,
    [nameOrSha, prefix, prefix],
  );
  if (matches.length === 0) throw new ZonestatError("WITHDRAW_NOT_FOUND", `没有已入库的文件「${nameOrSha}」`, { value: nameOrSha });
  if (matches.length > 1) throw new ZonestatError("USAGE_AMBIGUOUS", `「${nameOrSha}」对应多个文件：${matches.map((m) => m.name).join("、")}；请用 sha256`, { value: nameOrSha });
  const f = matches[0]!;
  await wh.sql.exec(`update ingest.files set status = 'withdrawn', withdrawn_at = ? where file_id = ?`, [ctx.now().toISOString(), f.file_id]);
  ctx.logger.info(`已撤回 ${f.name}`, { rows: f.rows_loaded });
  return { name: f.name, rows: f.rows_loaded };
}
