/**
 * What `zonestat restore`, `zonestat prefer`, status and the pages say about editions
 * (数据版本) and conflicts between files (issue #15). Codes are what scripts match on.
 */
export const editionMsg = {
  restoreNotFound: (f: string) => `没有已撤回的文件「${f}」`,
  restoreAlreadyLoaded: (f: string) => `「${f}」未被撤回，无需恢复`,
  restored: (f: string, rows: number) => `已恢复 ${f}（${rows} 个数值），其数值按数据版本规则重新参与比较。运行 zonestat refresh 以更新模型和网站（定时任务也会自动更新）。\n`,
  preferNotFound: (f: string) => `没有已入库的文件「${f}」`,
  /** Each candidate on its own line: short sha, load time, 填报日期 (or that none is stated, with the vintage used) — enough to pick one. */
  ambiguous: (f: string, candidates: ReadonlyArray<AmbiguousCandidate>, command: "prefer" | "restore" = "prefer") =>
    `「${f}」对应 ${candidates.length} 个${command === "prefer" ? "已入库" : "已撤回"}的文件，请用 sha256 的前 8 位指定其中一个：\n` +
    candidates.map((c) => `  zonestat ${command} ${c.sha8}   ${c.name}，入库于 ${c.loaded_at}，${c.stated ? `填报日期 ${c.stated}` : `未注明填报日期（数据版本 ${c.vintage}，${VINTAGE_SOURCE_LABEL[c.vintage_source] ?? c.vintage_source}）`}`).join("\n"),
  preferred: (f: string, settled: number) => `已指定 ${f} 优先：证据相同、数值不一致的 ${settled} 个数值改以此文件为准。运行 zonestat refresh 以更新模型和网站（定时任务也会自动更新）。\n`,
  conflictLine: (c: { entity_name: string; indicator_name: string; period_label: string; files: string; prefer_args?: readonly string[] }) =>
    `版本冲突：${c.entity_name} ${c.period_label} ${c.indicator_name}：${c.files}；两文件的数据版本证据相同，当前值仅由修改时间或入库顺序决定。请用 ${preferCommands(c.prefer_args)} 指定，或在文件名中注明版本（如 _vintage2024-07-15）后重新放入`,
} as const;

/** One file a name or sha prefix matched, as `editionMsg.ambiguous` lists it. */
export interface AmbiguousCandidate {
  readonly sha8: string;
  readonly name: string;
  /** Local time of loading. */
  readonly loaded_at: string;
  /** The date the file states (rule 2: 填报日期 and the like), or null. */
  readonly stated: string | null;
  readonly vintage: string;
  readonly vintage_source: string;
}

/** The order of evidence, one line per rule, for status, the 方法 text and the README. */
export const EVIDENCE_RULES = [
  "1 用户注明：数据行的版本列、文件名（_vintage2018）或 --vintage",
  "2 文件注明：填报日期、报送日期、数据截止、导出时间、更新时间 行",
  "3 更正标记：文件名或标题含 更正、修订、修正、补报、（第二版）的文件取代其所更正的同格式文件",
  "4 内容推断：最新期间较晚的导出文件较新（记录推断的最早版本日期）",
  "5 文件修改时间，其次入库顺序——仅凭此规则决定且数值不一致时标记为冲突",
] as const;

/** `vintage_source` in Chinese. */
export const VINTAGE_SOURCE_LABEL: Record<string, string> = {
  row: "数据行注明（规则1）",
  filename: "文件名注明（规则1）",
  option: "命令行注明（规则1）",
  file: "文件内注明（规则2）",
  inferred: "由内容推断（规则4）",
  load_date: "入库日期（规则5）",
};

/** `zonestat prefer a.csv` 或 `zonestat prefer f8e03120`: the commands that settle a conflict, one per file; the generic form without them. */
function preferCommands(args: readonly string[] | undefined): string {
  if (!args?.length) return "zonestat prefer 文件名";
  const quote = (a: string) => (/^[\p{L}\p{N}_.\-（）()]+$/u.test(a) ? a : `'${a.replace(/'/g, "'\\''")}'`);
  return [...new Set(args)].map((a) => `zonestat prefer ${quote(a)}`).join(" 或 ");
}
