/**
 * Every ingest message a statistician reads, with its stable code. Chinese first;
 * the code is what scripts and tests match on.
 */
export const ingestMsg = {
  binary: (file: string) => `${file} 不是文本文件（可能是 Excel 工作簿）：请另存为 CSV（UTF-8 或 GBK）后再放入收件箱`,
  excel: (file: string) => `${file} 是 Excel 文件：暂不支持 .xls/.xlsx，请在 Excel 中“另存为 CSV”后再放入收件箱`,
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
  duplicateValue: (key: string, other: number) => `同一文件中「${key}」出现两次且数值不同（另见第 ${other} 行）`,
  rowTooLong: (n: number, header: number) => `此行有 ${n} 个单元格，比表头多（表头 ${header} 列）：可能有未加引号的逗号`,
  totalMismatch: (indicator: string, total: number, sum: number) => `合计行「${indicator}」为 ${total}，各行相加为 ${sum}，相差超过舍入误差`,
  cityMismatch: (zone: string, city: string, expectedCity: string) => `开发区「${zone}」登记在${expectedCity}，但此行写的是「${city}」`,
  basisInvalid: (text: string) => `无法识别的口径「${text}」（应为 累计 或 当期）`,
  vintageInvalid: (text: string) => `无法识别的数据版本日期「${text}」（应为 2024-06-30 或 2024 这样的日期或年份）`,
  noValues: () => `文件中没有可入库的数值`,
  vintageLineInvalid: (label: string, text: string) => `「${label}：${text}」中的日期无法识别：数据版本不能确定（应写成 2024-07-15、2024年7月15日 或 2024年7月）`,
  tooManyProblems: (n: number) => `问题过多，只列出前 ${n} 条`,
} as const;

/** Stable codes. Errors reject the whole file; warnings are kept with the loaded file. */
export const ERROR_CODES = [
  "FILE_BINARY", "FILE_EXCEL", "FILE_EMPTY", "ENCODING_INVALID", "LAYOUT_UNKNOWN", "HEADER_MISSING",
  "COLUMN_UNKNOWN", "COLUMN_DUPLICATE", "PERIOD_MISSING", "PERIOD_INVALID", "VALUE_NOT_NUMBER",
  "ENTITY_UNKNOWN", "INDICATOR_UNKNOWN", "UNIT_UNKNOWN", "UNIT_MISSING", "UNIT_MISMATCH",
  "DUPLICATE_VALUE", "ROW_TOO_LONG", "CSV_MALFORMED", "BASIS_INVALID", "VINTAGE_INVALID", "NO_VALUES",
] as const;
export const WARNING_CODES = ["INDICATOR_UNCATALOGUED", "TOTAL_MISMATCH", "CITY_MISMATCH"] as const;
