/**
 * The search box in every page's header. Rendered `hidden`: search/search.js shows it,
 * so a reader without JavaScript sees no box that does nothing — they use the 搜索 page
 * (in the navigation), which lists every zone, indicator, target and page as links.
 */
/** The box; `prefix` is the page's relative path to the site root ("" or "../", never data: not escaped). */
export function searchBox(prefix: string): string {
  return `<div class="site-search" role="search" aria-label="搜索本站" data-root="${prefix}" hidden><label for="site-search-q">搜索</label> <input id="site-search-q" type="search" placeholder="开发区、指标、目标、页面" autocomplete="off"> <span class="search-status meta" role="status"></span><ol class="search-results"></ol></div>`;
}

export const SEARCH_CSS = `
.site-search:not([hidden]){display:block;position:relative;margin-top:6px;font-size:14px}
.site-search input{font:inherit;padding:3px 6px;border:1px solid #8a8a90;border-radius:3px;width:min(22em,70vw)}
.site-search .search-results{list-style:none;margin:0;padding:0;position:absolute;z-index:20;background:#fff;max-width:min(40em,95vw);box-shadow:0 2px 8px rgba(0,0,0,.2)}
.site-search .search-results:empty{display:none}
.site-search .search-results li{padding:4px 10px;border-bottom:1px solid var(--line)}
.search-page ul{columns:2;column-gap:24px}.search-page li{break-inside:avoid}
@media (max-width:640px){.search-page ul{columns:1}}
@media print{.site-search{display:none!important}}
`;
