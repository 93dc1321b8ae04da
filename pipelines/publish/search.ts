/**
 * Static search of the site: zones, indicators, targets and pages, indexed at publish
 * time with MiniSearch (a maintained full-text library, MIT) and shipped as files in
 * the site, so search works offline from file:// with nothing fetched:
 *
 *   search/minisearch.js  MiniSearch's own browser build (UMD), copied from node_modules
 *   search/index.js       `window.ZONESTAT_SEARCH = { index, options }` — a script, because
 *                         fetch() of a JSON file is refused on file://
 *   search/search.js      the search box (progressive enhancement; without it the 搜索 page
 *                         lists everything as plain links)
 *   search/filter.js      the filter box of 开发区一览 (same: without it, all groups show)
 *
 * Chinese has no spaces, so the default tokenizer (split on spaces and punctuation) would
 * make 沈阳经济技术开发区 one token that a query 沈阳 never matches. `cjkTokenize` indexes every
 * run of Han characters as its overlapping character bigrams, plus the whole run when it is
 * name-sized (≤ 8 characters; a single character is indexed as itself); a query
 * is cut into bigrams only (a single character stays one token and matches as a prefix)
 * and all its tokens must match (AND). Bigrams are the standard CJK n-gram choice of
 * full-text engines (Lucene's CJKBigramFilter, Elasticsearch's cjk analyzer): no word
 * dictionary to keep, and a two-character name like 沈阳 or 辉山 is exactly one token.
 */
import MiniSearch from "minisearch";
import { createRequire } from "node:module";
import { copyFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import { latestPerIndicator, zoneValues } from "../../dashboards/kit/zone-values.js";
import { phraseText } from "../../dashboards/kit/targets.js";
import type { Shared } from "./page.js";
import { FILTER_CLIENT_JS, SEARCH_CLIENT_JS } from "./search-client.js";
import { neutraliseBidi } from "../safety/bidi.js";

type Query = <T extends Record<string, unknown> = Record<string, unknown>>(sql: string, params?: Array<string | number | null>) => Promise<T[]>;

/** The groups results and the 搜索 page are arranged in, in reading order. */
export const SEARCH_GROUPS = ["开发区", "指标", "目标", "页面"] as const;
export type SearchGroup = (typeof SEARCH_GROUPS)[number];

/** One thing a reader can find: a link (relative to the site root) with the words it is found by. */
export interface SearchDoc {
  readonly id: string;
  readonly group: SearchGroup;
  /** The link text: a zone's full name, an indicator's name, a target's words, a page title. */
  readonly title: string;
  /** Site-root-relative link, e.g. "zones/ED210101.html" or "method.html#目标目录". */
  readonly url: string;
  /** Other names it is found by (short name, aliases), space-separated. */
  readonly names: string;
  /** One line under the link: city, level and type; unit; document and clause. */
  readonly detail: string;
  /** For the 开发区 group: the city the 搜索 page groups zones under. */
  readonly city?: string;
}

/** A page of the site as the search sees it. */
export interface SearchPage {
  readonly file: string;
  readonly title: string;
}

/**
 * Index tokenizer: Han runs → overlapping bigrams + the whole run up to 8 characters; other words as they
 * are, plus their parts when joined by - _ . (so D000-01 is found by D000-01 and by 01).
 * Lower-casing is MiniSearch's processTerm. Also shipped to the browser (toString), so it
 * uses nothing from outside its body.
 */
export function cjkTokenize(text: string): string[] {
  const out: string[] = [];
  const token = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[-_.](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*/gu;
  for (const m of String(text ?? "").matchAll(token)) {
    const w = m[0];
    if (/\p{Script=Han}/u.test(w)) {
      const chars = [...w];
      for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
      // The run itself when it is one or a name (up to 8 characters), not a sentence: bigrams already find sentences.
      if (chars.length !== 2 && chars.length <= 8) out.push(w);
    } else {
      out.push(w);
      if (/[-_.]/.test(w)) out.push(...w.split(/[-_.]/).filter((p) => p.length > 0));
    }
  }
  return out;
}

/** Query tokenizer: Han runs → bigrams only (one character stays itself); other words whole. Shipped to the browser. */
export function cjkQueryTokenize(text: string): string[] {
  const out: string[] = [];
  const token = /\p{Script=Han}+|(?:(?!\p{Script=Han})[\p{L}\p{N}])+(?:[-_.](?:(?!\p{Script=Han})[\p{L}\p{N}])+)*/gu;
  for (const m of String(text ?? "").matchAll(token)) {
    const chars = [...m[0]];
    if (/\p{Script=Han}/u.test(m[0]) && chars.length > 1) for (let i = 0; i + 1 < chars.length; i++) out.push(chars[i]! + chars[i + 1]!);
    else out.push(m[0]);
  }
  return out;
}

/** MiniSearch's options on both sides (the browser adds the tokenizers, which JSON cannot carry). */
export const SEARCH_OPTIONS = {
  fields: ["title", "names", "detail"],
  storeFields: ["group", "title", "url", "detail", "names"],
  searchOptions: { boost: { title: 3, names: 2 }, prefix: true, combineWith: "AND" },
} as const;

/** The warehouse rows searchDocuments indexes: registered zones, indicators with data or a target, targets. Shared objects: read only. */
async function searchRows(query: Query): Promise<{ zones: Record<string, unknown>[]; indicators: Record<string, unknown>[]; targets: Record<string, unknown>[] }> {
  const zones = await query(`
    select z.code as zone_code, z.name as zone_name, z.short_name, z.aliases, z.level, z.type as zone_type, r.entity_name as city_name,
           exists (select 1 from main_staging.stg_observations o where o.entity_code = z.code) as has_page
    from main_reference.zones z left join main_staging.stg_regions r on r.entity_code = z.city_code
    order by z.city_code, z.code`);
  // Only indicators this project has data or a target for (sc-qa finding 7): a generic catalogue's 海洋生产总值
  // in a province that reports none is no search result.
  const indicators = await query(`select code as indicator_code, name as indicator_name, aliases, unit from main_reference.indicators i
    where exists (select 1 from main_staging.stg_observations o where o.indicator_code = i.code)
       or exists (select 1 from main_staging.stg_targets t where t.indicator_code = i.code)
    order by code`);
  const targets = await query(`select target_id, document, clause, phrase, target_year from main_staging.stg_targets order by document, target_id`);
  return { zones, indicators, targets };
}

/**
 * Everything a reader can search for, read from the warehouse: every registered zone
 * (its page when it has data, else its row on 开发区一览), every indicator with data or a target (its 排名 table
 * when ranked, else the 数据字典), every target (its row on 总览, anchor t-<id>; same words, one result) and the given pages.
 */
export async function searchDocuments(query: Query, pages: readonly SearchPage[], shared?: Shared): Promise<SearchDoc[]> {
  // Read once per publish run when memoised: the 搜索 page and the publish's own index ask for the same rows.
  const read = () => searchRows(query);
  const { zones, indicators, targets } = await (shared ? shared("search:rows", read) : read());
  // The indicators 排名 shows a table for (its anchor is i-<code>): the same function the page uses.
  const ranked = new Set(latestPerIndicator(await zoneValues({ query, shared }, { periods: "latest" })).keys());
  const docs: SearchDoc[] = [];
  const list = (v: unknown) => String(v ?? "").split("|").map((s) => s.trim()).filter(Boolean);
  for (const z of zones) {
    const code = String(z.zone_code);
    docs.push({
      id: `zone:${code}`,
      group: "开发区",
      title: String(z.zone_name),
      url: z.has_page ? `zones/${code}.html` : `zones/index.html#z-${code}`,
      names: [z.short_name, ...list(z.aliases)].filter(Boolean).join(" "),
      detail: [z.city_name, z.level, z.zone_type].filter(Boolean).join(" · "),
      city: String(z.city_name ?? "其他"),
    });
  }
  for (const i of indicators) {
    const code = String(i.indicator_code);
    docs.push({ id: `indicator:${code}`, group: "指标", title: String(i.indicator_name), url: ranked.has(code) ? `ranking.html#i-${code}` : "method.html#数据字典", names: list(i.aliases).join(" "), detail: `单位：${String(i.unit ?? "—")}${ranked.has(code) ? " · 各开发区排名" : ""}` });
  }
  // Catalogue rows with the same words in the same document are one result (the ids of all still find it).
  const byText = new Map<string, SearchDoc>();
  for (const t of targets) {
    const doc = String(t.document ?? "");
    // The document's words with a table row's cells joined by ｜, as the 方法 page shows them (stat-qa F13: raw tabs).
    const title = t.phrase == null ? String(t.target_id) : phraseText(t.phrase);
    const same = byText.get(`${doc}|${title}`);
    if (same) {
      (same as { names: string }).names += ` ${String(t.target_id)}`;
      continue;
    }
    // The page shows the document's words, not the catalogue id (a code); the id still finds it. The link is the
    // target's row on 总览 (its anchor t-<id>), where its value, gap and verdict are.
    const d: SearchDoc = { id: `target:${String(t.target_id)}`, group: "目标", title, url: `index.html#t-${String(t.target_id)}`, names: String(t.target_id), detail: `文件${doc.slice(0, 3)}${t.clause ? ` ${String(t.clause)}` : ""}${t.target_year ? ` · 目标年 ${String(t.target_year)}` : ""}` };
    byText.set(`${doc}|${title}`, d);
    docs.push(d);
  }
  for (const p of pages) docs.push({ id: `page:${p.file}`, group: "页面", title: p.title, url: p.file, names: "", detail: "页面" });
  return docs;
}

/** Section headings (`<h2 id>`) of the written pages, each a link to its anchor. */
export function headingDocuments(siteDir: string, pages: readonly SearchPage[]): SearchDoc[] {
  const docs: SearchDoc[] = [];
  for (const p of pages) {
    const file = path.join(siteDir, p.file);
    if (!existsSync(file)) continue;
    const html = readFileSync(file, "utf8");
    for (const m of html.matchAll(/<h2 id="([^"]+)">([\s\S]*?)<\/h2>/g)) {
      const text = decodeEntities(m[2]!.replace(/<[^>]*>/g, "")).trim();
      docs.push({ id: `heading:${p.file}#${m[1]}`, group: "页面", title: `${p.title} › ${text}`, url: `${p.file}#${decodeEntities(m[1]!)}`, names: "", detail: "本页章节" });
    }
  }
  return docs;
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, "<").replace(/&gt;/g, ">").replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, "&");
}

/** Builds the MiniSearch index of `docs` (JSON as MiniSearch serialises it). */
export function buildIndex(docs: readonly SearchDoc[]): string {
  const ms = new MiniSearch<SearchDoc>({ ...SEARCH_OPTIONS, tokenize: cjkTokenize, searchOptions: { ...SEARCH_OPTIONS.searchOptions, tokenize: cjkQueryTokenize } } as never);
  // The index is what the reader's result list shows: bidi controls as [U+202E] (safety/bidi.ts), in titles and terms alike.
  ms.addAll(docs.map((d) => Object.fromEntries(Object.entries(d).map(([k, v]) => [k, typeof v === "string" ? neutraliseBidi(v) : v])) as unknown as SearchDoc));
  return JSON.stringify(ms);
}

/** Where the search files go, relative to the site root. */
export const SEARCH_DIR = "search";

/**
 * Writes search/minisearch.js, index.js, search.js and filter.js into `siteDir`.
 * Returns the index script's size in bytes (logged by the publish job).
 */
export function writeSearchAssets(siteDir: string, docs: readonly SearchDoc[]): { indexBytes: number; documents: number } {
  const dir = path.join(siteDir, SEARCH_DIR);
  mkdirSync(dir, { recursive: true });
  const umd = path.join(path.dirname(createRequire(import.meta.url).resolve("minisearch")), "..", "umd", "index.js");
  copyFileSync(umd, path.join(dir, "minisearch.js"));
  const options = JSON.stringify(SEARCH_OPTIONS);
  // "</" cannot occur in JSON from these strings' escaping, but a zone named "</script>" must not end anything: \u003c.
  const index = `window.ZONESTAT_SEARCH={options:${options},index:${buildIndex(docs).replace(/</g, "\\u003c")}};\n`;
  writeFileSync(path.join(dir, "index.js"), index);
  const client = SEARCH_CLIENT_JS.replace("/*TOKENIZE*/", `var cjkTokenize=${cjkTokenize.toString()};var cjkQueryTokenize=${cjkQueryTokenize.toString()};`);
  writeFileSync(path.join(dir, "search.js"), client);
  writeFileSync(path.join(dir, "filter.js"), FILTER_CLIENT_JS);
  return { indexBytes: Buffer.byteLength(index), documents: docs.length };
}
