/** The 季度分析 as Markdown: the same text; the 数据来源 table closes the file. */
import type { Paragraph, ReportDocument, ReportTable } from "./model.js";

const text = (p: Paragraph) => p.map((s) => s.text).join("");
const cell = (s: string) => s.replace(/\|/g, "\\|").replace(/\n/g, " ");

function tableMd(t: ReportTable): string {
  const head = `| ${t.columns.map(cell).join(" | ")} |`;
  const rule = `|${t.numeric.map((n) => (n ? "---:" : "---")).join("|")}|`;
  return [`**${t.caption}**`, "", head, rule, ...t.rows.map((r) => `| ${r.map((c) => cell(c.text)).join(" | ")} |`)].join("\n");
}

/** The report as Markdown text (UTF-8), numbers as printed, without links. */
export function reportMarkdown(doc: ReportDocument): string {
  const out = [`# ${doc.title}`, ""];
  if (doc.synthetic) out.push("> 示例数据：本报告的数据含合成的示例数据，不是真实统计。", "");
  for (const s of doc.sections) {
    out.push(`## ${s.title}`, "");
    for (const p of s.paragraphs) out.push(text(p), "");
    for (const t of s.tables) out.push(tableMd(t), "");
  }
  out.push("## 附表", "");
  for (const t of doc.appendix) out.push(tableMd(t), "");
  return out.join("\n");
}
