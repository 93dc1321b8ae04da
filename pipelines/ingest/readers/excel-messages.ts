/**
 * Every Excel ingest message a statistician reads, with its stable code (codes are
 * listed in `../messages.ts`). Chinese first; tests match on codes.
 */
import { EXCEL_LIMITS } from "./excel-container.js";

const mib = (n: number) => `${n / 1024 / 1024} MiB`;

export const excelMsg = {
  format: (file: string, detail: string) => `${file} 虽以 Excel 扩展名结尾，但不是 Excel 工作簿（${detail}）：请在 Excel 或 WPS 中打开后另存为 .xlsx 或 CSV`,
  corrupt: (file: string, detail: string) => `${file} 无法作为 Excel 工作簿读取，文件可能不完整或已损坏（${detail}）`,
  tooLarge: (file: string, detail: string) => `${file} 太大（${detail}）：Excel 文件上限为 ${mib(EXCEL_LIMITS.maxFileBytes)}，请拆分或另存为 CSV`,
  zipBomb: (file: string, detail: string) =>
    `${file} 解压后的大小异常（${detail}），为安全起见未读取：上限为解压后共 ${mib(EXCEL_LIMITS.maxUncompressedBytes)}、单个部件压缩比 ${EXCEL_LIMITS.maxCompressionRatio}:1`,
  password: (file: string) => `${file} 设有打开密码（已加密），无法读取：请取消密码后另存，再放入收件箱`,
  macros: (file: string) => `${file} 含有宏（VBA）：宏不会运行，只读取单元格中保存的值`,
  externalLinks: (file: string, n: number) => `${file} 含有 ${n} 个指向其他工作簿的外部链接：链接不会被打开或更新`,
  hiddenSheet: (sheet: string) => `工作表「${sheet}」是隐藏的，未读取；如需入库请取消隐藏`,
  hiddenRows: (sheet: string, rows: readonly number[]) => `工作表「${sheet}」中第 ${rows.join("、")} 行是隐藏的，未读取；如需入库请取消隐藏`,
  hiddenColumns: (sheet: string, cols: readonly string[]) => `工作表「${sheet}」中 ${cols.join("、")} 列是隐藏的，未读取；如需入库请取消隐藏`,
  cellError: (shown: string) => `单元格是错误值 ${shown}：公式无法算出结果`,
  formulaNoValue: (formula: string) => `单元格公式 =${formula} 没有保存计算结果（文件由不计算公式的程序生成）`,
  externalLink: (formula: string) => `单元格公式 =${formula} 取自另一个工作簿：其值可能已过时，不予采用`,
  mergedValue: (range: string) => `数值所在单元格与其他单元格合并（${range}）：无法确定它属于哪一行或哪一列`,
  percentUnit: (unit: string) => `单元格设为百分比格式，但这一列的单位是「${unit}」而不是 %`,
  duplicateAcrossSheets: (key: string, first: string, second: string) => `「${key}」在 ${first} 与 ${second} 出现两次且数值不同`,
  noSheets: () => `工作簿中没有可见且非空的工作表`,
} as const;
