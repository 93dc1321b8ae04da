/**
 * The 季度分析 (quarterly analysis): facts from the marts → a written document →
 * HTML, Markdown or Word. Used by `zonestat report` and by the site's 季度分析 page.
 */
import { composeReport } from "./compose.js";
import { choosePeriod, gatherFacts } from "./facts.js";
import type { ReportDocument } from "./model.js";
import type { Query } from "./query.js";

export { reportDocx } from "./render-docx.js";
export { reportHtml, reportBody } from "./render-html.js";
export { reportMarkdown } from "./render-md.js";
export { choosePeriod, gatherFacts } from "./facts.js";
export { composeReport } from "./compose.js";

/** The report for `label` (default: the latest quarter every zone reported, see choosePeriod). Throws ZonestatError for an unknown period. */
export async function buildReport(query: Query, label?: string): Promise<ReportDocument> {
  const period = await choosePeriod(query, label);
  return composeReport(await gatherFacts(query, period));
}

/** File name the bureau would give it: 开发区季度分析_2024年1-9月.docx. */
export function reportFileName(doc: ReportDocument, ext: string): string {
  return `开发区${doc.kind}_${doc.periodLabel}.${ext}`;
}
