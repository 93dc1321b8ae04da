/** What the seed validators (zones.csv, targets.csv, target_milestones.csv) tell the user, in one place. */
export const seedMsg = {
  /** One problem, located: "第 4 行（D000-01）：未知指标「gdpp」". */
  problemLine: (line: number | undefined, row: string | undefined, message: string) =>
    `${line !== undefined ? `第 ${line} 行` : ""}${row ? `（${row}）` : ""}${line !== undefined || row ? "：" : ""}${message}`,
  /** The heading of a list of problems of one seed file. */
  problemsHeading: (file: string, count: number) => `参照表 ${file} 有 ${count} 处错误（全部改正后再运行；文件没有被读入）：`,
  /** The tail of a capped list. */
  moreProblems: (rest: number) => `……另有 ${rest} 处错误未列出`,
  /** A header without a column the file must have. */
  missingColumn: (column: string) => `表头缺少列「${column}」（列名须与示例行一致，可从 zonestat init 生成的文件复制）`,
  /** A data row with more or fewer fields than the header. */
  fieldCount: (found: number, expected: number) =>
    `这一行有 ${found} 个字段，表头有 ${expected} 列${found > expected ? "（多出的逗号？含逗号的内容请加英文双引号）" : "（缺少字段？空值也要保留逗号）"}`,
  zoneOtherProvince: (zone: string, city: string, cityCode: string, cityProvince: string, province: string) =>
    `开发区 ${zone} 的所在市 ${city}（${cityCode}）属于${cityProvince}，不在本项目的省份${province}：一个项目只登记本省的开发区（另一个省请用 zonestat init --province 另建项目）`,
} as const;
