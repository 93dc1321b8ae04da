/**
 * Every sentence of the 季度分析 that is not built from the wording rules: errors
 * of the report command and the notes of 数据说明. One place to review the wording.
 */
export const reportMsg = {
  noData: () => "数据仓库中没有可写季度分析的期间（需要全省开发区地区生产总值的季度累计数据）。请先运行 zonestat refresh。",
  unknownPeriod: (label: string, known: readonly string[]) => `没有期间「${label}」的数据；可用的期间：${known.join("、")}`,
  notBuilt: () => "模型不是按当前入库的数据构建的（上次完整构建之后有文件入库、撤回、恢复或核实）：季度分析会把新旧数据混在一起，未生成。请先运行 zonestat refresh。",
  buildFailed: (account?: string) =>
    `上次构建或数据测试未通过，模型中的数据有误，季度分析未生成（网站也未更新）。${account ? `\n${account}` : "详见 zonestat status。"}\n处理后运行 zonestat refresh，再生成季度分析。`,
  unknownFormat: (f: string) => `不支持的格式「${f}」（应为 docx、html 或 md）`,
  membershipChanged: (year: number, joined: string | null, left: string | null) =>
    `${year}年与${year - 1}年的开发区名单不同${joined ? `（新增：${joined}` : "（"}${joined && left ? "；" : ""}${left ? `减少：${left}` : ""}），按开发区加总的数值前后不可比`,
  partialCurrent: (period: string, scope: string, indicator: string, reporting: number, expected: number) =>
    `${period}${scope}${indicator}只有${reporting}家开发区报送（应报${expected}家），总量和占比不完整，相关语句未列出。`,
  /**
   * A city's partial total in 三 and 表1: listed as a lower bound, with its like-for-like 同比 (`compared` zones in both
   * years, growth mart) or none — not 「相关语句未列出」, which 三 contradicts (stat-qa F12).
   */
  partialArea: (period: string, scope: string, indicator: string, reporting: number, expected: number, compared: number | null) =>
    `${period}${scope}${indicator}只有${reporting}家开发区报送（应报${expected}家），合计和占比只含已报送的开发区，是下限，文中标“数据不全”${compared !== null ? `；同比按可比口径，只比较两年都有数据的${compared}家开发区，标“可比口径”` : "；同比未列出"}。`,
  /** The previous year is partial but the total is summed from zones: its 同比 is given like for like over `compared` zones (reader-qa7 F3). */
  partialPreviousComparable: (period: string, scope: string, indicator: string, reporting: number, expected: number, compared: number) =>
    `上年同期（${period}）${scope}${indicator}只有${reporting}家开发区报送（应报${expected}家）：同比按可比口径，只比较两年都有数据的${compared}家开发区，文中标“可比口径”；占比变化未列出。`,
  /**
   * Zones left out of like-for-like 同比 for their own series break (口径调整; growth.zones_series_break), named once with the
   * totals whose rate leaves them out and how many zones each compares (reader-qa7 F2; the site's 城市与区域 says the same).
   */
  brokenZones: (indicator: string, zones: string, scopes: ReadonlyArray<{ name: string; compared: number }>) =>
    `${indicator}同比不含口径调整的开发区（与上年不可比）：${zones}。${scopes.map((x) => `${x.name}的同比按可比口径比较${x.compared}家开发区`).join("，")}，文中标“可比口径”。`,
  partialPrevious: (period: string, scope: string, indicator: string, reporting: number, expected: number) =>
    `上年同期（${period}）${scope}${indicator}只有${reporting}家开发区报送（应报${expected}家），同比和占比变化未列出。`,
  /**
   * A sum without values held for check (an open flag of a holding rule; int_scope_values leaves them out): which values,
   * each with its 标记号 and its own rule's reason in `held` (facts.ts), and any zone that did not report — never "只有N家报送" when all reported.
   */
  heldCurrent: (period: string, scope: string, indicator: string, held: string, heldCount: number, missing: number) =>
    `${period}${scope}${indicator}不含${heldCount}个需核实数值（${held}；核实前不计入合计和占比）${missing > 0 ? `，另有${missing}家开发区未报送` : ""}，总量和占比不完整，相关语句未列出。`,
  heldPrevious: (period: string, scope: string, indicator: string, held: string, heldCount: number, missing: number) =>
    `上年同期（${period}）${scope}${indicator}不含${heldCount}个需核实数值（${held}）${missing > 0 ? `，另有${missing}家开发区未报送` : ""}，同比和占比变化未列出。`,
  /** A marked total (every zone reported; `heldCount` values held for check): said with its mark, never silently. */
  heldMarked: (period: string, scope: string, indicator: string, held: string, heldCount: number) =>
    `${period}${scope}${indicator}不含${heldCount}个需核实数值（${held}；核实前不计入合计和占比），文中该总量及其占比标“不含${heldCount}个需核实数值”，是不完整的合计；同比和占比变化未列出。核实后由数据管理人员确认，或由报送单位报送更正文件。`,
  /** heldMarked once for every scope the same held values leave incomplete (reader-qa3 F6: four notes for one value). */
  heldMarkedScopes: (period: string, indicator: string, held: string, heldCount: number, scopes: readonly string[]) =>
    `${period}${indicator}不含${heldCount}个需核实数值（${held}；核实前不计入合计和占比）的总量：${scopes.join("、")}。文中这些总量及其占比标“不含${heldCount}个需核实数值”，是不完整的合计；同比和占比变化未列出。核实后由数据管理人员确认，或由报送单位报送更正文件。`,
  /**
   * One disputed value, once (reader-qa3 F6): every 审核 item on it (each with its numbers and 标记号), and the totals it is
   * held out of in one line (`scopes`, none when it is not held from a total of this report), else what it does until
   * checked (`effect`: held from every sum, the denominator of shares as a total, or summed and marked).
   */
  verifyValue: (entity: string, period: string, indicator: string, details: readonly string[], scopes: readonly string[], effect: "held" | "total" | "marked" | "superseded" = "held", used?: string) =>
    `需核实：${entity}${period}${indicator}。${details.map((d, i) => `${details.length > 1 ? `（${i + 1}）` : ""}${d}`).join("；")}。${scopes.length ? `核实前该数值不计入${scopes.join("、")}的${indicator}合计和占比，文中这些总量标“不含1个需核实数值”，同比和占比变化未列出。` : effect === "total" ? `该数值是以${entity}为分母的占比的分母，核实前这些占比仅供参考。` : effect === "superseded" ? reportMsg.supersededClosing(used ?? "同年另一口径的数值") : effect === "marked" ? "该数值仍计入各范围合计，核实前相关合计仅供参考。" : "核实前该数值不计入各范围合计和占比。"}核实后由数据管理人员确认，或由报送单位报送更正文件。`,
  /**
   * A held 年 value (or 1-12月) whose year took the other, clean form (`used`: 「1-12月累计值」 or 「年度值」): the totals use
   * that one and are complete (stat-qa6 F2: 「仍计入各范围合计，核实前相关合计仅供参考」 of a value in no total).
   */
  supersededClosing: (used: string) => `各范围合计和占比取${/^\d/.test(used) ? " " : ""}${used}，需核实的数值不计入。`,
  /** Every zone of the scope that reported is held: no sum at all (int_scope_values has none). */
  heldAll: (period: string, scope: string, indicator: string, held: string, heldCount: number) =>
    `${period}${scope}${indicator}报送的${heldCount}个开发区数值均需核实（${held}），核实前没有合计，表中列为“—”。`,
  /**
   * Why the report is of this period (the default: `zonestat report` without --period): the latest quarter every zone
   * reported; later quarters with zones missing are named, with how to report them anyway.
   */
  periodChosen: (label: string, held: number, later: ReadonlyArray<{ label: string; reporting: number; expected: number }>) =>
    `本报告期间为${label}：数据仓库中各开发区均已报送地区生产总值的最近一期${held > 0 ? `（其中${held}个数值需核实，核实前不计入合计，相关总量标“不含${held}个需核实数值”，见下）` : ""}。${later.map((p) => `${p.label}只有${p.reporting}家开发区报送地区生产总值（应报${p.expected}家），未作为默认期间；`).join("")}${later.length ? `报送齐全后重新生成；也可单独生成${later[0]!.label}的分析（不完整的总量不列出）。` : ""}`,
  periodIncomplete: (label: string, reporting: number, expected: number) =>
    `本报告期间为${label}：数据仓库中没有各开发区均已报送地区生产总值的季度，按最近一期生成；该期只有${reporting}家开发区报送（应报${expected}家），不完整的总量不列出。`,
  noComparable: (period: string, scope: string, indicator: string) => `${scope}${indicator}没有可比的上年同期（${period}）数值，同比未列出。`,
  seriesBreak: (scope: string, indicator: string, why: string) => `${scope}${indicator}：${why}，同比和占比变化未列出。`,
  revision: (period: string, n: number, from: string, to: string, vintage: string) => `${period}有${n}个数值经修订（${from} → ${to}，版本 ${vintage}），本报告使用修订后的数值。`,
  /**
   * A value files of equal evidence dispute (a 版本冲突): each file's figure in the order the files came, and the one the
   * report uses — one note, one term, no command (reader-qa3 5, 6).
   */
  versionConflict: (period: string, entity: string, indicator: string, items: ReadonlyArray<{ file: string; value: string }>, current: string | null) =>
    `版本冲突：${period}${entity}${indicator}有${items.length}个不同的报送值：${items.map((d, i) => `第${i + 1}份入库的「${d.file}」为${d.value}`).join("，")}；这些文件的数据版本证据相同，无法判断哪个是更正后的数值。${current ? `本报告暂用${current}，` : ""}待报送单位确认后以确认的数值为准。`,
  /**
   * `flags`: the open 审核 flags standing on the suspect value, with their 标记号 (for zonestat confirm --flag). A detail
   * that opens with its own 需核实： is not said twice (stat-qa3 F14).
   */
  /** A data_quality warning of no indicator whose detail names its entity (outside_register). */
  verifyNote: (detail: string) => `需核实：${detail}。`,
  verify: (entity: string, indicator: string, detail: string, flags?: string) =>
    `需核实：${entity}${indicator}，${detail.replace(/^需核实：/, "")}${flags ? `；疑有误的数值已标记：${flags}，核实后由数据管理人员确认，或由报送单位报送更正文件` : ""}。`,
  /** A year whose 年 value and 1-12月 累计 differ, one of them confirmed (data_quality year_form_confirmed): checked, not 需核实. */
  yearFormConfirmed: (entity: string, indicator: string, detail: string) => `已核实：${entity}${indicator}，${detail}。`,
  vintage: (name: string, file: string, vintage: string, items: readonly string[]) => `${reportMsg.vintageLead(name, file, vintage)}${items.join("、")}的占比。`,
  /** vintage's words before its items (the items are linked to their own 附表2 rows, each with the total's value). */
  vintageLead: (name: string, file: string, vintage: string) => `${name}总量取自 ${file}（数据版本 ${vintage}），用于`,
  /** `regions`: the report lists region scopes (document 004's overlapping regions); only then the overlap is said. */
  method: (regions: string | null) =>
    `同比为按名义值计算的增速（与上年同期同口径、同单位的数值相比），不是统计部门公布的可比价增速；占比以与分子同期的全省总量数据版本为分母（与网站占比页和目标判定相同；此后修订的全省数见数据版本说明）${regions ? `；区域（${regions}）之间有重叠，各区域合计不等于全省` : ""}。`,
  synthetic: () => "本报告所用数据含合成的示例数据，不是真实统计。",
  heldShareBase: (mark: string) => `表1和各区域的“占全省开发区”比重，分母为${mark}的全省开发区合计，同样是不完整合计下的比重。`,
  regionShare: () => "区域占比为占全省开发区合计的比重（区域没有官方总量）。",
} as const;
