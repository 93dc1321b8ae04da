/**
 * Sentences for the safety checks (issue #17): configuration paths, the read-only
 * query, the inbox, recovery, backups and the lock. Chinese first, as in ../messages.ts.
 */
export const safetyMsg = {
  pathsOverlap: (a: string, aPath: string, b: string, bPath: string, same: boolean) =>
    same
      ? `配置中「${a}」（${aPath}）与「${b}」（${bPath}）是同一个位置：发布或归档会删除、移动另一方的文件。请为它们设置不同的文件夹。`
      : `配置中「${a}」（${aPath}）位于「${b}」（${bPath}）之内：发布或归档会删除、移动其中的文件。请把它们分开。`,
  siteForbidden: (site: string) => `配置中「site」不能是 ${site}：发布会替换整个文件夹。请设置一个专用的文件夹（如 site）。`,
  notAProject: (cwd: string) => `${cwd} 不是 zonestat 项目（在它及其上级文件夹中都找不到 zonestat.config.yml）：not a zonestat project (run zonestat init)`,
  queryNotAllowed: (what: string) => `zonestat query 只允许一条只读的 SELECT 查询，不允许 ${what}（不能写文件、读取服务器上的文件、ATTACH、INSTALL/LOAD、COPY、EXPORT）`,
  queryOneStatement: (n: number) => `zonestat query 一次只能运行一条语句，这里有 ${n} 条`,
  queryWarehouseBusy: (file: string) => `数据仓库 ${file} 正由 zonestat 写入（刷新中），只读查询请稍后再试`,
  inboxSkipped: (name: string, why: string) => `收件箱中的「${name}」已跳过（未读取、未移动）：${why}`,
  inboxSymlink: (target: string) => `这是一个符号链接（指向 ${target}）；收件箱只接受普通文件`,
  inboxNotRegular: (kind: string) => `这不是普通文件（${kind}）`,
  inboxUnstable: (name: string) => `「${name}」仍在写入（大小或修改时间在两次查看之间有变化，或刚被修改），留待下次`,
  fileTooLarge: (bytes: number, limit: number) => `文件大小 ${(bytes / 1073741824).toFixed(2)} GiB 超过上限 ${(limit / 1073741824).toFixed(0)} GiB`,
  fileNameTooLong: (bytes: number, limit: number) => `文件名长 ${bytes} 字节，超过上限 ${limit} 字节（归档和报告文件需要在名字后加后缀）`,
  fileUnreadable: (why: string) => `无法读取该文件：${why}`,
  warehouseMissing: (file: string, site: string) =>
    `数据仓库 ${file} 不存在，但网站 ${site} 已经发布过：可能是路径写错或磁盘未挂载。为避免用空仓库覆盖网站，本次不运行。若确实要新建仓库，请加 --init；若要从备份恢复，请运行 zonestat restore-warehouse。`,
  archiveGrew: (name: string, loaded: number, now: number, file: string) =>
    `${name} 入库时为 ${loaded} 字节，归档中现为 ${now} 字节（${file}）：入库时它可能还没写完，已入库的数值可能不完整。请核对：若不完整，先运行 zonestat withdraw ${name} 撤回，再把完整文件放入收件箱。`,
  archiveNotInNewWarehouse: (archive: string, n: number) =>
    `新建数据仓库：归档目录 ${archive} 中有 ${n} 个此前入库过的文件，新仓库不包含它们，网站将只显示本次放入的数据。若要重新入库，请把这些文件移回收件箱后再运行 zonestat refresh；若要恢复原仓库，请运行 zonestat restore-warehouse。`,
  warehouseCorrupt: (file: string, why: string, backup: string | undefined) =>
    `数据仓库 ${file} 已损坏（corrupt）：${why}。${backup ? `最近的备份：${backup}，可运行 zonestat restore-warehouse 恢复。` : "没有找到备份。"}`,
  noBackup: (dir: string) => `备份文件夹 ${dir} 中没有数据仓库备份`,
  /** Archived files a restored (or otherwise older) warehouse has no record of. */
  archivedNotInWarehouse: (n: number, files: readonly string[]) =>
    `归档中有 ${n} 个文件不在当前数据仓库中（多为恢复的备份之后入库的文件，其数值已不在仓库里）：${files.slice(0, 10).join("、")}${n > 10 ? ` 等` : ""}。要重新入库，请把它们移回收件箱后运行 zonestat refresh。`,
  restored: (from: string, to: string, aside: string | undefined) => `已从 ${from} 恢复数据仓库 ${to}${aside ? `；原文件移至 ${aside}` : ""}`,
  diskFull: (file: string) => `磁盘已满：无法写入 ${file}。请清理空间后重试（数据仓库未被改动一半：未完成的事务已回滚）`,
  staleRunClosed: (n: number) => `${n} 条运行记录属于已终止的进程，已标为失败`,
  stopping: () => "收到停止信号：在下一个安全点（文件、模型或页面之间）停止，下次运行会继续",
  stopped: () => "已在安全点停止；下次运行会继续未完成的工作",
  /** `zonestat publish` when the marts are not built from the data loaded now (inc-qa finding 6). */
  publishNotBuilt: () =>
    "模型不是按当前入库的数据（或当前项目定义）构建的：上次完整构建之后有文件入库、撤回或恢复，或只构建了部分模型（--select/--exclude），发布会把新旧数据混在一个网站上。请先运行 zonestat build（不带 --select/--exclude），或直接运行 zonestat refresh",
  lockBusy: (holder: string, file: string) => `另一个 zonestat 进程正在写数据仓库（${holder}，锁文件 ${file}）：本次退出，未做任何改动。稍后重试，或在配置中设置 schedule.lock_wait_seconds 以等待。`,
} as const;
export const safetyMsg2 = {
  warehouseHeld: (file: string, holder: string | undefined, seconds: number) =>
    `数据仓库 ${file} 被另一个进程打开${holder ? `（${holder}）` : ""}，等待 ${seconds} 秒后仍未释放：本次未做任何改动。`,
  /**
   * The busy-warehouse error as the CLI prints it: the holder named from the lock file (or DuckDB's pid and
   * its command line); a retry promised only to `schedule`, whose next tick does retry.
   */
  warehouseHeldBy: (file: string, who: string, seconds: number, command: string | undefined) =>
    `数据仓库 ${file} 正被 ${who}使用，等待 ${seconds} 秒后仍未释放：本次未做任何改动。` +
    (command === "schedule" ? "下次定时会重试。" : `请在它结束后重新运行 zonestat${command ? " " + command : ""}。`),
} as const;

/** What `zonestat status` says about the lock and a warehouse it could not read (operator findings 5 and 10). */
export const holderMsg = {
  lockFree: () => "锁：空闲",
  lockUnreadable: (file: string) => `锁文件 ${file}（无法读取其内容）`,
  lockUnreadableLine: (file: string) => `锁：锁文件 ${file} 存在，但无法读取其内容（可能正在被接管）`,
  lockOwner: (pid: number, command: string, since: string, host: string) => `pid ${pid}（zonestat ${command || "?"}，主机 ${host || "?"}，始于 ${since}）`,
  lockHeld: (owner: string, alive: boolean | null, stale: string | undefined) =>
    alive === true
      ? `锁：由 ${owner}持有，进程仍在运行`
      : alive === false
        ? `锁：${owner}留下的锁文件，${/已不存在/.test(stale ?? "已不存在") ? "进程已不存在" : stale}；下一次运行会自动接管`
        : `锁：由 ${owner}持有；该进程在另一台主机上，无法确认是否仍在运行`,
  otherProcess: (pid: number, cmdline: string | undefined) => `pid ${pid}${cmdline ? `（${cmdline}）` : ""}`,
  unknownProcess: () => "另一个进程",
  /** A warehouse status could not open: nothing it would show from it is shown (never zeros that look real). */
  statusUnreadable: (file: string, who: string) =>
    `数据仓库 ${file} 正被 ${who}使用，无法读取：最近运行、拒收文件、数据版本、版本冲突和需核实的数值此刻无法显示（不是 0）。请在它结束后再运行 zonestat status。`,
  /** A live lock holder while status could read the warehouse: what is shown is what was committed so far. */
  statusWhileHeld: (who: string) => `（${who} 正在运行：以下为它已提交的数据，它结束后可能变化）`,
  runDied: () => "进程已终止（未正常结束，下次运行会标为失败）",
} as const;
