/**
 * The source line of a chart (status labels are in labels.ts).
 */
export function sourceLine(files: unknown, vintage?: unknown): string {
  const f = String(files ?? "").split("; ").filter(Boolean);
  const shown = f.slice(0, 3).join("；") + (f.length > 3 ? ` 等 ${f.length} 个文件` : "");
  return `${shown || "—"}${vintage ? `；数据版本 ${String(vintage)}` : ""}`;
}
