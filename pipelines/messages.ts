/**
 * Every sentence a user reads, in one place so wording is reviewed together.
 * Chinese first: the users are statisticians at commerce departments.
 */
import { spaced } from "./ingest/flag-effect.js";

export const msg = {
  /** `zonestat status`: years held because their two full-year forms are twofold apart (int_held_values YEAR_FORMS_DIFFER). */
  yearFormsHeldHead: (n: number) =>
    `年度值与 1-12月累计值相差一倍以上、核实前不计入合计的年份：${n}（没有标记号，不能 confirm：请与开发区核实哪一个正确，报送更正文件或撤回有误的文件；或核实其中一个数值上的标记）`,
  yearFormsHeldLine: (entity: string, indicator: string, year: number, annual: string, ytd: string) => `  ${entity} ${indicator} ${year}年：年度值 ${annual}，1-12月累计值 ${ytd}`,
  configNotFound: (file: string) => `找不到配置文件 ${file}`,
  configUnknownKey: (key: string, file: string) => `配置文件 ${file} 中有未知的键「${key}」（拼写错误？）`,
  configInvalid: (key: string, problem: string, file: string) => `配置文件 ${file} 中「${key}」的值无效：${problem}`,
  configStorageVersion: (value: string, allowed: readonly string[]) => `「${value}」不是可用的 DuckDB 存储版本，应为 ${allowed.join("、")} 之一（能打开新建数据仓库的最早 DuckDB 版本）`,
  configSyntax: (file: string, problem: string) => `配置文件 ${file} 无法解析：${problem}`,
  warehouseBusy: (file: string) => `数据仓库 ${file} 正被另一个进程使用（可能正在刷新），请稍后再试`,
  warehouseOpenFailed: (file: string, why: string) => `无法打开数据仓库 ${file}：${why}`,
  targetStatusUnavailable: (file: string) => `数据仓库 ${file} 中还没有目标判定（target_verdicts），请先运行 zonestat build 或 zonestat refresh`,
  confirmNeedsWho: () => `核实需要写明核实人（--by）和理由（--reason），它们会随标记永久保存`,
  confirmNeedsTarget: () => `请指定要核实的标记：--flag <标记号>，或 --file <文件名> --line <行号> [--column <列>]`,
  confirmNotFound: (target: string) => `没有找到${target}的需核实标记（标记号见文件的 .problems.txt、zonestat status 或网站的数据质量页）`,
  confirmNotOpen: (target: string, why: string) => `${target}的标记无需再核实：${why}`,
  confirmed: (n: number) => `已核实 ${n} 个标记（运行 zonestat refresh 更新网站）：`,
  /** Appended to the reason of a flag confirmed because it stands on the same value as the flag named (pipelines/confirm.ts). */
  confirmAlongsideReason: (id: number) => `（随标记号 ${id} 一并核实：同一数值）`,
  /** A line of confirm's output for such a flag: `what` is its place, rule, zone and message. */
  confirmedAlongside: (id: number, what: string, with_: number) => `同时核实标记号 ${id}（${what}）：同一数值，随标记号 ${with_}`,
  unconfirmedAlongside: (id: number, what: string, with_: number) => `同时撤销标记号 ${id} 的核实（${what}）：同一数值，随标记号 ${with_}`,
  headlineScopeUnknown: (configFile: string, value: string, scopesFile: string, codes: readonly string[]) =>
    `${configFile} 的 headline_scope「${value}」不在 ${scopesFile} 中：应为其中的范围代码（${codes.join("、")}）`,
  targetNeedsProjectDir: (option: string) =>
    `${option} 只用于 --project-dir 指定的 dbt 项目；zonestat 项目按 zonestat.config.yml 的 warehouse 构建到 main（网站从这里发布），不读 profiles.yml`,
  confirmedAboveParent: (ids: readonly number[]) =>
    `注意：标记号 ${ids.join("、")} 的数值高于其上级总量。核实后它计入合计，其范围占上级的比重将超过100%，数据测试不通过，下次 zonestat refresh 会保留上一次发布的网站而不更新。若数值确实无误（如统计口径不同），请核实上级总量或与之协调；若核实有误，用 zonestat confirm --undo 撤销。`,
  // What the undo does to the totals is said by the re-audit's lines below it (stat-qa4 F6: this said zone values were
  // kept out again when the undo had put one back in).
  unconfirmed: (n: number) => `已撤销 ${n} 个标记的核实，重新标为需核实（运行 zonestat refresh 更新网站）：`,
  /** A line after confirm's re-audit summary: a flag it opened (`what`: 标记号, place, value, effect and message). */
  reauditOpenedFlag: (what: string) => `  复核新开 ${what}`,
  /** …and one it closed, with its closing reason. */
  reauditClosedFlag: (what: string) => `  复核解除 ${what}`,
  /**
   * confirm refused (CONFIRM_OTHER_FORM_DIFFERS, stat-qa5 F16): `what` the flagged value (标记号, zone, indicator, year,
   * form and number), `other` the year's other form with its number and place, `after` the form and number the year
   * then takes (the one confirmed: the form last confirmed wins), `dropped` the one it does not; `unchanged` when the year takes `after` now too (no total changes);
   * `yearHeld` when neither is summed now (twofold apart: int_held_values YEAR_FORMS_DIFFER).
   */
  confirmOtherFormDiffers: (what: string, other: string, after: string, dropped: string, unchanged = false, totals?: string, yearHeld = false) =>
    `${what}与同年的${spaced(other)}不一致（相差超过 0.5% 或单位不同）：二者是同一年的同一个数，只能有一个正确。${yearHeld ? "二者相差一倍以上，现在本年两个数值都不计入合计和占比；" : ""}${unchanged ? `核实后本年仍取${spaced(after)}、不取${spaced(dropped)}：与现在相同，各范围合计和占比不变。` : `核实后本年取${spaced(after)}、不取${spaced(dropped)}，各范围合计和占比按它计算${totals ? `（按已构建的数据：${totals}）` : ""}。`}请先与开发区核实哪一个正确：此值有误，请报送更正后的文件（不要核实）；另一个有误，请报送它的更正文件；确认此值无误、仍要现在核实，加 --force`,
  /** confirm --force went ahead: the note printed after its list. */
  confirmOtherFormForced: (what: string, other: string, after: string, dropped: string, unchanged = false, yearHeld = false) =>
    `注意：${what}与同年的${spaced(other)}不一致${yearHeld ? "（相差一倍以上，此前本年不计入合计）" : ""}；已按 --force 核实，${unchanged ? `本年仍取${spaced(after)}、不取${spaced(dropped)}（与核实前相同，各范围合计和占比不变）` : `本年取${spaced(after)}、不取${spaced(dropped)}（运行 zonestat refresh 后各范围合计和占比按它计算）`}。另一个数值有误的，请报送更正文件`,
  unconfirmNotConfirmed: (target: string) => `${target}没有已核实的标记可撤销（只有 zonestat confirm 记下的核实可以撤销）`,
  withdrawPathElsewhere: (given: string, archive: string, inbox: string) =>
    `「${given}」不在归档文件夹（${archive}）或收件箱（${inbox}）中：请给出已入库文件的文件名（如「${given.split(/[/\\]/).pop()}」）、sha256 前缀，或归档文件夹中该文件的路径`,
} as const;
