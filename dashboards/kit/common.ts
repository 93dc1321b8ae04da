/**
 * The source line of a chart (status labels are in labels.ts).
 */
export function sourceLine(files: unknown, vintage?: unknown): string {
  const f = String(files ?? "").split("; ").filter(Boolean);
  const shown = f.slice(0, 3).join("；") + (f.length > 3 ? ` 等 ${f.length} 个文件` : "");
  return `${shown || "—"}${vintage ? `；数据版本 ${String(vintage)}` : ""}`;
}

export const KIND_LABEL: Record<string, string> = {
  level: "总量", share: "占比", growth: "增速", reduction: "降幅", count: "计数", zone_count: "开发区数量", count_per_city: "各市数量", relative: "相对水平",
};

/** The five documents, by the file name targets cite (shared/seeds/README.md). */
export const DOCUMENT_TITLE: Record<string, string> = {
  "000_a15158e3137421c5.txt": "文件000 辽宁省经济开发区总体发展规划（2017-2020年）",
  "001_305298ae3fc0e8d8.txt": "文件001 沈阳市关于以高水平开放引领经济开发区高质量发展的落实意见（征求意见稿）",
  "002_2d6fe91a5af628ff.txt": "文件002 辽宁省高新技术产业开发区发展规划（2017-2020年）",
  "003_37b94779644853b1.txt": "文件003 关于推动省级以上经济技术开发区转型升级创新发展的意见（外省）",
  "004_48f94057b5eb1751.txt": "文件004 辽宁省推进“一圈一带两区”区域协调发展三年行动方案",
};

/** Rows grouped by one column's value, groups and rows in their original order. */
export function groupBy(rows: readonly Record<string, unknown>[], key: string): Map<string, Record<string, unknown>[]> {
  const m = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}
