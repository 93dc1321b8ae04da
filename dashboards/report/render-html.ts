/**
 * The 季度分析 as HTML: every number links to its row in the 数据来源 table
 * (`#s12`), so a reader can see the mart row, source files and vintage behind it.
 * `reportBody` is what the site's page shows; `reportHtml` a standalone file.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { Paragraph, ReportDocument, ReportTable } from "./model.js";

function spans(p: Paragraph, self: string): string {
  return p.map((s) => (s.ref ? `<a class="ref" href="${esc(self)}#${esc(s.ref)}">${esc(s.text)}</a>` : esc(s.text))).join("");
}

function tableHtml(t: ReportTable, self: string, sourceIds = false): string {
  const head = t.columns.map((c, i) => `<th scope="col"${t.numeric[i] ? ' class="num"' : ""}>${esc(c)}</th>`).join("");
  const rows = t.rows
    .map((r) => {
      const id = sourceIds ? ` id="${esc(r[0]?.text)}"` : "";
      return `<tr${id}>${r.map((c, i) => `<td${t.numeric[i] ? ' class="num"' : ""}>${sourceIds && i === 0 ? esc(c.text) : spans([c], self)}</td>`).join("")}</tr>`;
    })
    .join("\n");
  return `<table class="report-table"><caption>${esc(t.caption)}</caption><thead><tr>${head}</tr></thead><tbody>\n${rows}\n</tbody></table>`;
}

/**
 * The report's sections, 附表 and 数据来源 as an HTML fragment.
 * @param self the page's own file name, put before each "#s12" (the site's link check resolves every href as a file)
 */
export function reportBody(doc: ReportDocument, self = ""): string {
  const sections = doc.sections
    .map((s) => `<section class="report-section"><h2>${esc(s.title)}</h2>\n${s.paragraphs.map((p) => `<p class="report-p">${spans(p, self)}</p>`).join("\n")}\n${s.tables.map((t) => tableHtml(t, self)).join("\n")}</section>`)
    .join("\n");
  const appendix = doc.appendix.map((t, i) => tableHtml(t, self, i === doc.appendix.length - 1)).join("\n");
  return `<article class="report">
${sections}
<section class="report-section"><h2>附表</h2>
${appendix}
</section>
</article>`;
}

export const REPORT_CSS = `.report{max-width:60em}.report-p{text-indent:2em;line-height:1.9}.report h2{font-size:18px;margin-top:1.4em}
.report-table{border-collapse:collapse;margin:12px 0;width:100%}.report-table caption{text-align:left;font-weight:bold;padding:4px 0}
.report-table th,.report-table td{border:1px solid #bbb;padding:3px 6px;font-size:13px;vertical-align:top}.report-table .num{text-align:right}
a.ref{color:inherit;text-decoration:underline dotted}tr:target{background:#fff3c4}`;

/** A standalone HTML file of the report (zonestat report --format html). */
export function reportHtml(doc: ReportDocument): string {
  return `<!doctype html>
<html lang="zh-CN">
<head><meta charset="utf-8"><title>${esc(doc.title)}</title>
<style>body{font-family:'FangSong','STFangsong','仿宋','Noto Serif CJK SC','Source Han Serif SC',serif;margin:2em auto;max-width:62em;padding:0 1em;color:#111}h1,h2{font-family:'SimHei','黑体','Noto Sans CJK SC','Source Han Sans SC',sans-serif}h1{text-align:center;font-size:22px}${REPORT_CSS}</style>
</head>
<body>
<h1>${esc(doc.title)}</h1>
${doc.synthetic ? '<p class="meta"><strong>示例数据</strong>：本报告的数据含合成的示例数据，不是真实统计。</p>' : ""}
${reportBody(doc)}
</body>
</html>
`;
}
