/**
 * Every ingest message a statistician reads, with its stable code. Chinese first;
 * the code is what scripts and tests match on.
 */
export const ingestMsg = {
  /** A file identical to one loaded before, whose values other files have since replaced (stat-qa2 finding 2). */
  duplicateReplaced: (name: string, same: string, replaced: ReadonlyArray<{ by: string; n: number }>) =>
    `${name} 与已入库的 ${same} 内容完全相同，未再次入库；但 ${same} 的 ${replaced.map((r) => `${r.n} 个数值已被 ${r.by} 取代`).join("，")}，现行的仍是后者。` +
    `若 ${same} 的数值才是正确的，请撤回取代它们的文件：${replaced.map((r) => `zonestat withdraw "${r.by}"`).join("；")}`,
  binary: (file: string) => `${file} 不是文本文件（可能是改了扩展名的 Excel 工作簿）：Excel 文件请保留 .xlsx/.xls 扩展名，或另存为 CSV（UTF-8 或 GBK）`,
  encodingInvalid: (file: string, line: number) => `${file} 第 ${line} 行含有无法识别的字符：文件既不是 UTF-8 也不是有效的 GBK/GB18030 编码`,
  encodingBomMismatch: (file: string) => `${file} 以 UTF-8 BOM 开头，但内容不是有效的 UTF-8`,
  empty: () => `文件为空或只有空行`,
  layoutUnknown: (reasons: string) => `无法识别文件格式；最接近的格式及不匹配原因：${reasons}`,
  headerMissing: (what: string) => `找不到表头行（应包含：${what}）`,
  columnUnknown: (header: string) => `未知的列「${header}」：不是已知指标（可能是笔误），也未在格式定义中声明`,
  columnDuplicate: (header: string) => `列「${header}」重复出现`,
  periodMissing: () => `无法确定数据所属期间：标题和文件名中都没有期间（如“2024年1-6月”）`,
  periodInvalid: (text: string) => `无法识别的期间「${text}」`,
  valueNotNumber: (text: string) => `「${text}」不是数字`,
  entityUnknown: (text: string) => `未知的地区或开发区「${text}」：请检查名称，或在 sources/seeds/zones.csv 中登记`,
  indicatorUnknown: (text: string) => `未知的指标「${text}」`,
  indicatorUncatalogued: (text: string) => `指标「${text}」不在指标目录中：按未编目指标保存`,
  unitUnknown: (text: string, indicator: string) => `指标「${indicator}」的单位「${text}」无法识别`,
  unitMissing: (indicator: string) => `指标「${indicator}」没有标明单位（应写在表头括号中，如“地区生产总值(亿元)”）`,
  unitMismatch: (unit: string, indicator: string, expected: string) => `指标「${indicator}」的单位「${unit}」与其计量单位「${expected}」不是同一量纲`,
  unitLineConflict: (lineUnit: string, line: number, header: string) => `第${line}行写明「单位：${lineUnit}」，而有数值的列都自带单位，列标题「${header}」的单位与它不同：单位行不适用于任何一列，无法判断哪一个正确，整份文件未入库`,
  duplicateValue: (key: string, other: number) => `同一文件中「${key}」出现两次且数值不同（另见第 ${other} 行）`,
  rowTooLong: (n: number, header: number) => `此行有 ${n} 个单元格，比表头多（表头 ${header} 列）：可能有未加引号的逗号`,
  totalMismatch: (indicator: string, total: number, sum: number) => `合计行「${indicator}」为 ${total}，各行相加为 ${sum}，相差超过舍入误差`,
  cityMismatch: (zone: string, city: string, expectedCity: string) => `开发区「${zone}」登记在${expectedCity}，但此行写的是「${city}」`,
  basisInvalid: (text: string) => `无法识别的口径「${text}」（应为 累计 或 当期）`,
  vintageInvalid: (text: string) => `无法识别的数据版本日期「${text}」（应为 2024-06-30 或 2024 这样的日期或年份）`,
  noValues: () => `文件中没有可入库的数值`,
  vintageSheetsDisagree: (a: string, b: string) => `同一工作簿中两处填报日期不同：${a}，${b}。数据版本不能确定，请只保留正确的一处`,
  vintageMonthOnly: (label: string, text: string, day: string) => `「${label}：${text}」只写到月份：按当月1日（${day}）计，同月内写明日期的版本优先。请写明日期`,
  vintageBeforePeriod: (where: string, vintage: string, periodEnd: string) => `数据版本日期 ${vintage}（${where}）早于本文件数据的期末 ${periodEnd}：报送日期不可能早于数据期末，请更正日期，或用 --vintage 指定正确的版本日期后重新放入`,
  vintageLineInvalid: (label: string, text: string) => `「${label}：${text}」中的日期无法识别：数据版本不能确定（应写成 2024-07-15、2024年7月15日 或 2024年7月）`,
  tooManyProblems: (n: number) => `问题过多，只列出前 ${n} 条`,
  // Issue #14: grammar, structure and row accounting.
  /** Several register entries answer to `text`; when it is the full name of each, only a code can say which. */
  entityAmbiguous: (text: string, candidates: ReadonlyArray<{ name: string; code: string; kind: string }>) =>
    candidates.every((c) => c.name === text)
      ? `名称「${text}」同时是 ${candidates.map((c) => `${KIND_WORD[c.kind] ?? c.kind}（${c.code}）`).join("、")}的全称：不会猜测，请改用代码（${candidates.map((c) => `${KIND_WORD[c.kind] ?? c.kind}写 ${c.code}`).join("，")}）`
      : `名称「${text}」同时指 ${candidates.map((c) => `${c.name}（${c.code}）`).join("、")}：不会猜测，请改写为全称或代码`,
  /** Appended to an unknown zone name whose abbreviation written out is a registered zone. */
  entityDidYouMean: (full: string, written: string) => `。是否指「${full}」？若是，请写全称，或把「${written}」登记为它的简称或别名（zones.csv 的 short_name / aliases）`,
  entityUnknownZone: (text: string) => `未知的开发区「${text}」：请检查名称，或在开发区名录 sources/seeds/zones.csv 中登记（代码、全称、简称、所在市）`,
  entityUnknownRegion: (text: string) => `未知的地区「${text}」：请检查名称，或在地区名录 sources/seeds/regions.csv 中登记（行政区划代码、名称、上级）`,
  periodReadAsYtd: (text: string, indicator: string, ytd: string) => `「${text}」是时点，「${indicator}」是流量指标：按 ${ytd} 累计值读取（截至该时点的累计）；如不是累计值，请改写期间`,
  singleQuarterOffEnd: (header: string, period: string) => `「${header}」是当季值，但文件期间 ${period} 不在季末，无法确定是哪一季`,
  periodAmbiguous: (header: string, period: string) => `「${header}」是当期值，但文件期间为 ${period}：请写明“当季值”或“当月值”`,
  valuePercent: (text: string, indicator: string, unit: string) => `「${text}」带百分号，但「${indicator}」的单位是 ${unit}：百分数不是${unit}（可能填错了列）`,
  titleSecondTable: (text: string) => `文件中出现第二张表（「${text}」）：每个文件只能有一张表，请把第二张表另存为一个文件`,
  regionRowInZoneReport: (text: string, name: string) => `「${text}」是地区（${name}），不是开发区：开发区报表中的地区行视为小计，不入库，也不作为${name}的全市（全省）数据；${name}的数据请用地区汇总表或统计局数据报送`,
  currencyConverted: (indicator: string, unit: string, canonical: string) => `「${indicator}」按 ${unit} 报送，本指标以 ${canonical} 计：按原币种入库，汇总时按汇率表（sources/seeds/exchange_rates.csv）换算；缺少该年汇率时不参与汇总，并在数据质量页列出`,
  currencyTwin: (indicator: string, unit: string, twin: string) => `「${indicator}」按 ${unit} 报送：作为「${twin}」（人民币口径）入库，与美元口径分开，不换算`,
  valueScientific: (text: string) => `数值「${text}」是科学计数法：Excel 在列宽不够时这样显示，另存为 CSV 后只保留显示出的几位有效数字，原值无法确定。请在 Excel 中把该列设为“数值”格式（或加宽列）后重新另存，或直接报送 .xlsx 文件`,
  growthOfWhich: (group: string, label: string) => `「${group}」下既有累计值又有当季（当月）值，「${label}」是哪一个的增长无法确定：请写成“累计增长(%)”或“当季增长(%)”`,
  periodCombined: (yearText: string, other: string, label: string) => `年份只在「${yearText}」中、月份只在「${other}」中：两者合读为 ${label}。请在标题或文件名中写出完整期间`,
  subtotalRow: (text: string) => `「${text}」是分组小计行：已识别，不入库（小计可由各开发区数据汇总得到）`,
  rowNoEntity: (n: number) => `此行有 ${n} 个数值，但没有开发区或地区名称`,
  nbsMetaMissing: (what: string, orientation: string) => `国家数据导出文件缺少「${what}：…」行（表头首格为“${orientation}”时必须有）：请从门户重新导出，不要删除表头上方的说明行`,
  periodConflict: (title: string, file: string) => `标题中的期间（${title}）与文件名中的期间（${file}）不一致`,
  headerGrowthAlone: (header: string) => `列「${header}」只写了增速，无法确定是哪个指标的增速（前一列不是指标）`,
  // Re-audit after a load, withdraw, restore or prefer (pipelines/ingest/reaudit.ts).
  flagClearedNeighbour: () => `已解除：比较的数值已更正或撤回，按现行数值这一比较不再成立`,
  /** Followed by where the flag went (reaudit.ts): the comparison still fails, the data name another cell (or rule). */
  flagClearedMoved: () => `已解除：这一比较按现行数值仍不成立，但`,
  flagClearedValue: () => `已解除：此数值已不是现行数值（已被更正、撤回或另一版本取代）`,
  /** A loaded file's open 需核实 flags after the run's re-audit, and where its report is. */
  fileFlags: (file: string, n: number, report: string | undefined) => `${file}：${n} 个数值需核实${report ? `（见 ${report}）` : "（见 zonestat status）"}`,
  reauditSummary: (openedOnEarlier: number, opened: number, closed: number) =>
    `审核复核（按现行数值重新比较）：新增 ${opened} 个需核实标记${openedOnEarlier ? `（其中 ${openedOnEarlier} 个在较早入库的文件上）` : ""}，解除 ${closed} 个${closed ? "（各自的原因写在其文件的 .problems.txt 中）" : ""}`,
  /** Flags closed at load by a file carrying a new value for the flagged cell (ingest's correctedAtLoad). */
  correctedAtLoad: (n: number) => `新入库的文件更正了 ${n} 个需核实数值，其标记已解除`,
  reportReauditHeading: (at: string, openNow: number) => `入库后的审核复核（${at}，按现行数值重新比较）：本文件现有 ${openNow} 个数值需核实`,
  reportReauditCleared: (n: number) => `已解除（${n}）：`,
  reportReauditOpened: (n: number) => `新增需核实（${n}）：`,
  reportCurrentNote: () => "本文件各需核实标记现在的状态（每次入库、更正、核实、撤回或复核后重写；上文是入库时的结果）",
  /** What a holding flag does, for a zone's value and for a city's or the province's own total (stat-qa3 F3: a city total was told it would be left out of the sums, which it is not part of). */
  reportHeldNote: (codes: readonly string[]) =>
    `标为 ${codes.join("、")} 的开发区数值，核实前不计入各范围合计和占比（该范围标为数据不全），确认或更正后计入；标在市或全省总量上的，以它为分母的占比标为“分母需核实”，超过100%时只提醒、不阻止发布。`,
  // The run's log counts the file's values the same run's re-audit flagged; this head says where they came from (stat-qa3 F5).
  reportLaterHead: (name: string, loadedAt: string) => `文件：${name}\n结果：已入库；入库时的审核没有发现需核实的数值，入库后的审核复核标记了本文件的数值（见下文「当前状态」）\n时间：${loadedAt}（入库）\n`,
  reportConfirmHint: () => "与填报单位核实后：数值无误的，运行 zonestat confirm --flag <标记号> --by <核实人> --reason <说明>；数值有误的，请报送更正后的文件，入库后标记自动解除。",
  reportCurrentOpen: (n: number) => `需核实（${n}）：`,
  reportCurrentConfirmed: (n: number) => `已核实无误（${n}）：`,
  reportCurrentClosed: (n: number) => `已解除（${n}）：`,
  reportCurrentCorrectedBy: (file: string) => `已被 ${file} 更正`,
  reportCurrentWithdrawn: () => "本文件已撤回，其数值不再使用，标记不再适用。",
  reauditFailed: (why: string) => `按现行数值重新审核失败，需核实标记未改动：${why}`,
} as const;

/** Stable codes. Errors reject the whole file; warnings are kept with the loaded file. */
export const ERROR_CODES = [
  "FILE_BINARY", "FILE_EMPTY", "ENCODING_INVALID", "LAYOUT_UNKNOWN", "HEADER_MISSING",
  "COLUMN_UNKNOWN", "COLUMN_DUPLICATE", "PERIOD_MISSING", "PERIOD_INVALID", "VALUE_NOT_NUMBER",
  "ENTITY_UNKNOWN", "INDICATOR_UNKNOWN", "UNIT_UNKNOWN", "UNIT_MISSING", "UNIT_MISMATCH",
  "DUPLICATE_VALUE", "ROW_TOO_LONG", "CSV_MALFORMED", "BASIS_INVALID", "VINTAGE_INVALID", "NO_VALUES",
  // Excel workbooks (messages in readers/excel-messages.ts)
  "EXCEL_FORMAT", "EXCEL_CORRUPT", "EXCEL_TOO_LARGE", "EXCEL_ZIP_BOMB", "EXCEL_PASSWORD", "EXCEL_CELL_ERROR",
  "EXCEL_FORMULA_NO_VALUE", "EXCEL_EXTERNAL_LINK", "EXCEL_MERGED_VALUE", "EXCEL_PERCENT_UNIT",
] as const;
export const WARNING_CODES = [
  "INDICATOR_UNCATALOGUED", "TOTAL_MISMATCH", "CITY_MISMATCH",
  "EXCEL_HIDDEN_SHEET", "EXCEL_HIDDEN_ROWS", "EXCEL_HIDDEN_COLUMNS", "EXCEL_MACROS_IGNORED", "EXCEL_EXTERNAL_LINKS_IGNORED",
] as const;
/** Added by issue #14 (kept apart so parallel branches merge cleanly). */
export const ERROR_CODES_14 = ["ENTITY_AMBIGUOUS", "VALUE_PERCENT", "TABLE_SECOND", "ROW_NO_ENTITY", "NBS_META_MISSING", "PERIOD_CONFLICT"] as const;
export const WARNING_CODES_14 = ["PERIOD_READ_AS_YTD", "SUBTOTAL_ROW"] as const;
/** An edition date earlier than the data's own period end (a typo in 填报日期 or --vintage). */
export const ERROR_CODES_VINTAGE = ["VINTAGE_BEFORE_PERIOD"] as const;

/** The register's entity kinds in words (GB/T 2260 levels and the zone register). */
const KIND_WORD: Record<string, string> = { zone: "开发区", country: "国家", province: "省级行政区", city: "地级行政区", county: "县级行政区划", region: "地区", scope: "范围" };
