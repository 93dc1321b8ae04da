/**
 * 搜索: everything the search box finds, as plain grouped links — zones by city,
 * indicators, targets, pages. It is the search for a reader without JavaScript (the
 * box in the header is shown only by its script) and the site's index for print.
 * The documents are the same `searchDocuments` the publish job indexes.
 */
import { discoverPages } from "../../pipelines/publish/discover.js";
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { searchDocuments, SEARCH_GROUPS, type SearchDoc, type SearchPage } from "../../pipelines/publish/search.js";
import { groupBy } from "../kit/rows.js";

export const SEARCH_PAGE_FILE = "search.html";

/** The site's single pages (not the zone pages of a family), as the search lists them. */
export async function sitePages(): Promise<SearchPage[]> {
  return (await discoverPages()).flatMap((d) => ("family" in d ? [] : [{ file: d.file, title: d.title }]));
}

export const search: PageDefinition = {
  file: SEARCH_PAGE_FILE,
  title: "搜索：开发区、指标、目标与页面",
  nav: "搜索",
  order: 95,
  async render(ctx) {
    const docs = await searchDocuments(ctx.query, await sitePages(), ctx.shared);
    const link = (d: SearchDoc) => `<li><a href="${esc(ctx.root + d.url)}">${esc(d.title)}</a> <span class="meta">${esc(d.detail)}</span></li>`;
    const byGroup = groupBy(docs as unknown as Record<string, unknown>[], "group") as unknown as Map<string, SearchDoc[]>;
    const sections = SEARCH_GROUPS.map((g) => {
      const list = byGroup.get(g) ?? [];
      if (g === "开发区") {
        const byCity = groupBy(list as unknown as Record<string, unknown>[], "city") as unknown as Map<string, SearchDoc[]>;
        return `<h2>开发区（${list.length} 个）</h2>\n${[...byCity].map(([city, zs]) => `<h3>${esc(city)}（${zs.length} 个）</h3><ul>${zs.map(link).join("")}</ul>`).join("\n")}`;
      }
      return `<h2>${esc(g)}（${list.length} 项）</h2>\n<ul>${list.map(link).join("")}</ul>`;
    });
    return `<div class="search-page">
<p>页首的搜索框（需要浏览器允许 JavaScript）可按名称、简称、别名、所在市、指标名、目标编号或文字查找；下面按类别列出全部可查找的内容。</p>
${sections.join("\n")}
</div>`;
  },
};
