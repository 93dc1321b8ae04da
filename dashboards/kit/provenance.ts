/**
 * Where a chart's numbers come from: the distinct source files (each once), with
 * how many of the shown values each file supplied, folded into a <details> list.
 */
import { esc } from "../../pipelines/publish/html.js";

/**
 * `rows` are the values shown; `fileKey` names the column holding a file name or a
 * "; "-separated list of them. Returns HTML: one line when one file, a folded list otherwise.
 */
export function provenanceList(rows: readonly Record<string, unknown>[], fileKey = "source_file", extra?: string): string {
  const counts = new Map<string, number>();
  for (const r of rows) for (const f of String(r[fileKey] ?? "").split(/;\s*/).filter(Boolean)) counts.set(f, (counts.get(f) ?? 0) + 1);
  const files = [...counts.entries()].sort((a, b) => a[0].localeCompare(b[0], "zh-CN"));
  const tail = extra ? `；${esc(extra)}` : "";
  if (files.length === 0) return `来源：${extra ? esc(extra) : "—"}`;
  if (files.length === 1) return `来源：${esc(files[0]![0])}（${files[0]![1]} 个数值）${tail}`;
  const items = files.map(([f, n]) => `<li>${esc(f)}（${n} 个数值）</li>`).join("");
  return `<details class="prov"><summary>来源：${files.length} 个文件${tail}</summary><ul>${items}</ul></details>`;
}
