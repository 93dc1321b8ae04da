/**
 * Withdrawing a loaded file: its values stop being current, history stays.
 */
import { createHash } from "node:crypto";
import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "./context.js";
import { ZonestatError } from "./errors.js";
import { msg } from "./messages.js";
import { isInside } from "./ingest/files.js";
import type { Warehouse } from "./warehouse/index.js";
import { reauditFiles } from "./ingest/reaudit-run.js";
import type { ReauditResult } from "./ingest/reaudit.js";

/**
 * `nameOrSha` is a loaded file's name, a sha256 prefix (≥ 4 hex digits), or a path to the file in the archive or inbox
 * folder (what an operator's shell completes, e.g. `archive/2023年1-9月_开发区.csv`, relative to the current folder or
 * the project's): an existing file there is matched by its content (sha256), so a second file archived as
 * `<name>.<sha8>.csv` names its own load. A path elsewhere is refused with USAGE_WITHDRAW_PATH, saying what is expected.
 */
export async function withdraw(ctx: JobContext, wh: Warehouse, nameOrSha: string): Promise<{ name: string; rows: number; reaudit: ReauditResult }> {
  let name = nameOrSha;
  let sha: string | null = null;
  if (/[/\\]/.test(nameOrSha)) {
    const { archive, inbox, root } = ctx.config;
    const file = [path.resolve(nameOrSha), path.resolve(root, nameOrSha)].find((p) => isInside(p, archive) || isInside(p, inbox));
    if (!file) throw new ZonestatError("USAGE_WITHDRAW_PATH", msg.withdrawPathElsewhere(nameOrSha, archive, inbox), { value: nameOrSha, expected: "文件名、sha256 或归档/收件箱文件夹中的路径" });
    if (existsSync(file) && statSync(file).isFile()) sha = createHash("sha256").update(readFileSync(file)).digest("hex");
    else name = path.basename(file);
  }
  // A sha256 prefix is hex, at least 4 digits; anything else is a name, matched exactly (never a LIKE pattern: '%' matched every file).
  const prefix = sha ?? (/^[0-9a-f]{4,64}$/i.test(name) ? name.toLowerCase() : null);
  const matches = await wh.sql.all<{ file_id: number; name: string; rows_loaded: number }>(
    `select file_id, name, rows_loaded from ingest.files where status = 'loaded' and (${sha ? "false" : "name = ?"} or (? is not null and starts_with(sha256, ?)))`,
    sha ? [prefix, prefix] : [name, prefix, prefix],
  );
  if (matches.length === 0) throw new ZonestatError("WITHDRAW_NOT_FOUND", `没有已入库的文件「${nameOrSha}」`, { value: nameOrSha });
  if (matches.length > 1) throw new ZonestatError("USAGE_AMBIGUOUS", `「${nameOrSha}」对应多个文件：${matches.map((m) => m.name).join("、")}；请用 sha256`, { value: nameOrSha });
  const f = matches[0]!;
  await wh.sql.exec(`update ingest.files set status = 'withdrawn', withdrawn_at = ? where file_id = ?`, [ctx.now().toISOString(), f.file_id]);
  ctx.logger.info(`已撤回 ${f.name}`, { rows: f.rows_loaded });
  // Its values stop being current: 审核 flags that compared with them close, those they hid open (reaudit.ts).
  const reaudit = await reauditFiles(ctx, wh, [f.file_id]);
  return { name: f.name, rows: f.rows_loaded, reaudit };
}
