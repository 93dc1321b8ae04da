/**
 * HTML building blocks: escaping (every string from data goes through `esc`), the
 * page shell with a Content-Security-Policy that forbids any remote load, and
 * inline CSS so pages open from file:// with nothing else.
 */
import { neutraliseBidi } from "../safety/bidi.js";
import { FORM_CSS, printHeaderCss } from "./styles.js";
import { SEARCH_CSS, searchBox } from "./search-box.js";

const NEEDS_ESCAPE = /[&<>"'\u202A-\u202E\u2066-\u2069]/;

export function esc(v: unknown): string {
  const s = String(v ?? "");
  // Most cells are plain numbers and names: one test instead of five replaces.
  if (!NEEDS_ESCAPE.test(s)) return s;
  return neutraliseBidi(s)
    .replace(/&/g, "&amp;")
    .replace(/</g, "&lt;")
    .replace(/>/g, "&gt;")
    .replace(/"/g, "&quot;")
    .replace(/'/g, "&#39;");
}

export interface NavItem {
  readonly href: string;
  readonly label: string;
}

export interface ShellOptions {
  readonly title: string;
  readonly depth: number;
  readonly nav: readonly NavItem[];
  readonly current: string;
  readonly body: string;
  readonly synthetic: boolean;
  readonly generatedAt: string;
  readonly freshness: string;
  /** Config `publisher` and `contact`, shown in the footer when set. */
  readonly publisher?: string;
  readonly contact?: string;
  /** The body has its heading ids and 目录 already (withContents applied by the caller, before its charts went in). */
  readonly bodyWithContents?: boolean;
}

const CSS = `
:root{--ink:#1d1d1f;--muted:#5b5b60;--line:#dcdce0;--bg:#f6f6f4;--accent:#1f5fa8;--ok:#2e7d32;--warn:#b26a00;--bad:#b3261e;--na:#777}
*{box-sizing:border-box}
body{margin:0;font-family:'Helvetica Neue',Helvetica,Arial,'Liberation Sans','Noto Sans CJK SC','Source Han Sans SC','PingFang SC','Microsoft YaHei',sans-serif;color:var(--ink);background:var(--bg);line-height:1.55;font-size:15px}
header{background:#fff;border-bottom:1px solid var(--line);padding:10px 24px}
header .brand{font-weight:bold;font-size:17px;margin-right:16px}
nav{display:flex;flex-wrap:wrap;gap:4px 14px;align-items:baseline}
nav a{color:var(--accent);text-decoration:none;padding:2px 0}
nav a[aria-current=page]{color:var(--ink);font-weight:bold;border-bottom:2px solid var(--accent)}
main{max-width:1180px;margin:0 auto;padding:16px 24px 48px}
h1{font-size:24px;margin:8px 0 4px}
h2{font-size:18px;margin:28px 0 8px;border-bottom:1px solid var(--line);padding-bottom:4px}
.meta{color:var(--muted);font-size:13px}
.held{background:#fdecea;border:1px solid #d9534f;color:#7a1f1c;padding:8px 12px;border-radius:4px;margin:8px 0 16px}.held ul{margin:4px 0 0;padding-left:20px}
.synthetic{display:inline-block;background:#fff3cd;border:1px solid #e0b84d;color:#6b4e00;padding:1px 8px;border-radius:3px;font-size:13px;margin-left:8px}
figure{background:#fff;border:1px solid var(--line);margin:12px 0;padding:12px;break-inside:avoid;page-break-inside:avoid}
figure svg{max-width:100%;height:auto}
figcaption{font-size:12px;color:var(--muted);margin-top:6px}
table{border-collapse:collapse;background:#fff;font-size:13px;width:100%}
th,td{border:1px solid var(--line);padding:4px 8px;text-align:left;vertical-align:top}
td.num,th.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
thead th{background:#efefec}
details summary{cursor:pointer;color:var(--accent);font-size:13px;margin-top:6px}
.status{display:inline-block;padding:0 6px;border-radius:3px;color:#fff;font-size:12px;white-space:nowrap}
.s-achieved,.s-achieved_early{background:var(--ok)}.s-on_track{background:#4f8f3a}.s-behind{background:var(--warn)}.s-missed{background:var(--bad)}
.s-incomplete,.s-awaits_check,.s-no_data,.s-not_evaluable,.s-no_schedule{background:var(--na)}
.cards{display:grid;grid-template-columns:repeat(auto-fill,minmax(220px,1fr));gap:10px}
.card{background:#fff;border:1px solid var(--line);padding:10px}
.card .v{font-size:20px;font-weight:bold}
.downloads a{margin-right:10px}
.kf .kf-title{font-weight:bold}.kf .v{font-size:26px;word-break:keep-all}.kf-line{font-size:14px}.kf-gap{font-weight:bold}
.scroll{overflow-x:auto}.wide-table td,.wide-table th{white-space:nowrap}
.prov ul{margin:2px 0 0;padding-left:18px}
.swatch{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:6px;vertical-align:baseline}
.up{color:var(--ok)}.down{color:var(--bad)}
footer{color:var(--muted);font-size:12px;margin-top:32px}
@media print{@page{size:A4 landscape;margin:10mm}body{background:#fff;font-size:11px}header nav,details,.downloads{display:none}main{max-width:none;padding:0}figure{border:none;padding:0}h2{break-after:avoid}}
`;

/**
 * Stable anchors and a table of contents for long pages: every `<h2>` gets an id
 * from its own text (so a link to 方法#口径调整 survives a rebuild), and a page with
 * four or more sections opens with a 目录 of them.
 */
export function withContents(body: string): string {
  const used = new Set<string>();
  const toc: string[] = [];
  const out = body.replace(/<h2>([\s\S]*?)<\/h2>/g, (_, inner: string) => {
    const text = inner.replace(/<[^>]*>/g, "").replace(/&[a-z#0-9]+;/gi, "").trim();
    // The heading's words without counts in brackets ("已到期的目标（35 项）" → 已到期的目标), so links survive new data.
    const words = text.replace(/[（(][^）)]*[）)]/g, "").trim() || text;
    let id = words.replace(/[\s"'<>&#?%/\\]+/g, "-").replace(/^-+|-+$/g, "") || "section";
    for (let i = 2; used.has(id); i++) id = `${id.replace(/-\d+$/, "")}-${i}`;
    used.add(id);
    toc.push(`<li><a href="#${esc(id)}">${esc(text)}</a></li>`);
    return `<h2 id="${esc(id)}">${inner}</h2>`;
  });
  return toc.length >= 4 ? `<nav class="toc" aria-label="本页目录"><strong>目录</strong><ol>${toc.join("")}</ol></nav>\n${out}` : out;
}

export function shell(o: ShellOptions): string {
  const prefix = o.depth > 0 ? "../".repeat(o.depth) : "";
  const nav = o.nav.map((n) => `<a href="${esc(prefix + n.href)}"${n.href === o.current ? ' aria-current="page"' : ""}>${esc(n.label)}</a>`).join("");
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="default-src 'none'; img-src 'self' data:; style-src 'unsafe-inline'; script-src 'self'; base-uri 'none'; form-action 'none'">
<title>${esc(o.title)} · 开发区统计</title>
<style>${CSS}${FORM_CSS}${SEARCH_CSS}${printHeaderCss(o.title, o.freshness, o.generatedAt)}</style>
<script src="${esc(prefix)}search/search.js" defer></script>
</head>
<body>
<a class="skip" href="#main">跳到正文</a>
<header><nav><span class="brand">开发区统计</span>${nav}</nav>${searchBox(prefix)}</header>
<main id="main">
<h1>${esc(o.title)}${o.synthetic ? '<span class="synthetic" title="本页数据为合成的示例数据，不是真实统计">示例数据</span>' : ""}</h1>
<p class="meta">数据截至：${esc(o.freshness)}　·　生成时间：${esc(o.generatedAt)}</p>
${o.bodyWithContents ? o.body : withContents(o.body)}
<footer>${o.publisher ? `发布单位：${esc(o.publisher)}　` : ""}${o.contact ? `联系方式：${esc(o.contact)}　` : ""}<br>本站为离线静态页面：不需要网络，不加载任何外部资源。数字均来自数据仓库的模型（marts），可用 <code>zonestat query</code> 复现。</footer>
</main>
</body>
</html>
`;
}

/** A data table with escaped cells; numeric columns right-aligned. */
export function table(columns: ReadonlyArray<{ key: string; label: string; num?: boolean; format?: (v: unknown, row: Record<string, unknown>) => string; html?: boolean }>, rows: readonly Record<string, unknown>[], caption?: string): string {
  const head = columns.map((c) => `<th${c.num ? ' class="num"' : ""} scope="col">${esc(c.label)}</th>`).join("");
  const body = rows
    .map((r) => `<tr>${columns.map((c) => {
      const raw = c.format ? c.format(r[c.key], r) : r[c.key];
      return `<td${c.num ? ' class="num"' : ""}>${c.html ? String(raw ?? "") : esc(raw ?? "")}</td>`;
    }).join("")}</tr>`)
    .join("\n");
  // Its own horizontal scroll box (first column sticky), so a wide table never widens the page on a phone.
  const cap = caption ? `<caption>${esc(caption)}</caption>` : "";
  return `<div class="table-scroll" role="region" tabindex="0"${caption ? ` aria-label="${esc(caption)}"` : ' aria-label="数据表"'}><table>${cap}<thead><tr>${head}</tr></thead><tbody>\n${body}\n</tbody></table></div>`;
}
