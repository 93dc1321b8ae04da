/**
 * 季度分析 page: the default period's analysis (the latest quarter every zone reported, choosePeriod), the same text as
 * `zonestat report`, each number linked to its 数据来源 row, and the .docx to download.
 */
import { createHash } from "node:crypto";
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { isZonestatError } from "../../pipelines/errors.js";
import { buildReport, reportBody, reportDocx, reportFileName } from "./index.js";
import { REPORT_CSS } from "./render-html.js";

export const reportPage: PageDefinition = {
  file: "report.html",
  title: "季度分析",
  nav: "季度分析",
  order: 70,
  async render(ctx) {
    let doc;
    try {
      doc = await buildReport((sql, params) => ctx.query(sql, params));
    } catch (e) {
      // No quarter in the warehouse yet: the page says so instead of failing the publish.
      if (isZonestatError(e) && e.code === "REPORT_NO_DATA") return `<p class="meta">${esc(e.message)}</p>`;
      throw e;
    }
    if (doc.synthetic) ctx.markSynthetic();
    const file = `report/${reportFileName(doc, "docx")}`;
    ctx.attach(file, () => reportDocx(doc), createHash("sha256").update(JSON.stringify(doc)).digest("hex"));
    return `<style>${REPORT_CSS}</style>
<h2>${esc(doc.title)}</h2>
${doc.periodChoice ? `<p class="meta period-choice">${esc(doc.periodChoice)}</p>` : ""}
<p class="downloads">下载：<a href="${esc(ctx.root + file)}" download>${esc(reportFileName(doc, "docx"))}</a>（Word，A4）</p>
<p class="meta">正文按统一规则由汇总数据表生成；点击任一数字可查看它在“数据来源”表中所在的数据表、来源文件和数据版本。</p>
${reportBody(doc, "report.html")}`;
  },
};
