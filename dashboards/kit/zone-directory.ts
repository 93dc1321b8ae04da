/**
 * 开发区一览 as a directory: zones grouped by city (地级市) with counts, a count table
 * by level and type, and a filter box. Without JavaScript every group is there as a
 * plain table; with it, typing in the box (search/filter.js) hides the zones whose
 * name, short name, aliases, city, level and type do not contain the typed text.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageContext } from "../../pipelines/publish/page.js";
import { zoneTypeColour } from "./colours.js";
import { groupBy } from "./rows.js";

/**
 * `zones`: rows of zone_code, zone_name, short_name, aliases ("a|b"), current_level,
 * zone_type, city_code, city_name, values_loaded, latest_period — in city order.
 * Each zone's row has the id z-<code> (the search links zones without data there).
 */
export function zoneDirectory(ctx: Pick<PageContext, "root">, zones: readonly Record<string, unknown>[]): string {
  const byCity = groupBy(zones, "city_code");
  const withData = (z: Record<string, unknown>) => Number(z.values_loaded) > 0;
  const cityName = (list: Record<string, unknown>[]) => String(list[0]?.city_name ?? "其他");
  const count = (list: readonly Record<string, unknown>[], level: string) => list.filter((z) => z.current_level === level).length;
  const levels = [...new Set(zones.map((z) => String(z.current_level ?? "—")))];
  const types = [...new Set(zones.map((z) => String(z.zone_type ?? "—")))];
  const summary = `<table><caption>各市开发区数量</caption><thead><tr><th scope="col">所在市</th><th class="num" scope="col">开发区</th>${levels.map((l) => `<th class="num" scope="col">${esc(l)}</th>`).join("")}<th class="num" scope="col">有数据</th></tr></thead><tbody>
${[...byCity].map(([code, list]) => `<tr><th scope="row"><a href="#city-${esc(code)}">${esc(cityName(list))}</a></th><td class="num">${list.length}</td>${levels.map((l) => `<td class="num">${count(list, l)}</td>`).join("")}<td class="num">${list.filter(withData).length}</td></tr>`).join("\n")}
<tr><th scope="row">合计</th><td class="num">${zones.length}</td>${levels.map((l) => `<td class="num">${count(zones, l)}</td>`).join("")}<td class="num">${zones.filter(withData).length}</td></tr></tbody></table>`;
  const byType = `<table><caption>按级别与类型</caption><thead><tr><th scope="col">类型</th>${levels.map((l) => `<th class="num" scope="col">${esc(l)}</th>`).join("")}<th class="num" scope="col">合计</th></tr></thead><tbody>
${types.map((t) => {
    const list = zones.filter((z) => String(z.zone_type ?? "—") === t);
    return `<tr><th scope="row"><span class="swatch" style="background:${esc(zoneTypeColour(t))}" aria-hidden="true"></span>${esc(t)}</th>${levels.map((l) => `<td class="num">${count(list, l)}</td>`).join("")}<td class="num">${list.length}</td></tr>`;
  }).join("\n")}</tbody></table>`;
  const row = (z: Record<string, unknown>) => {
    const words = [z.zone_name, z.short_name, String(z.aliases ?? "").replace(/\|/g, " "), z.city_name, z.current_level, z.zone_type].filter(Boolean).join(" ");
    const name = withData(z) ? `<a href="${esc(String(z.zone_code))}.html">${esc(z.zone_name)}</a>` : esc(z.zone_name);
    return `<tr id="z-${esc(z.zone_code)}" data-filter-text="${esc(words)}"><td>${name}${z.short_name ? ` <span class="meta">${esc(z.short_name)}</span>` : ""}</td><td>${esc(z.current_level ?? "—")}</td><td><span class="swatch" style="background:${esc(zoneTypeColour(z.zone_type))}" aria-hidden="true"></span>${esc(z.zone_type ?? "—")}</td><td class="num">${Number(z.values_loaded)}</td><td>${esc(z.latest_period ?? "—")}</td></tr>`;
  };
  const groups = [...byCity]
    .map(([code, list]) => `<section class="filter-group" data-filter-group="">
<h3 id="city-${esc(code)}">${esc(cityName(list))}（<span data-filter-count="">${list.length}</span> 个开发区）</h3>
<div class="table-scroll" role="region" tabindex="0" aria-label="${esc(cityName(list))}的开发区"><table><thead><tr><th scope="col">开发区（简称）</th><th scope="col">级别</th><th scope="col">类型</th><th class="num" scope="col">已入库数值</th><th scope="col">最近期间</th></tr></thead><tbody>
${list.map(row).join("\n")}
</tbody></table></div></section>`)
    .join("\n");
  return `<p>共 ${zones.length} 个开发区，按所在市（地级市）分组，市内按行政区划代码排列；有数据的开发区名称链接到其页面。各指标的排名见<a href="${ctx.root}ranking.html">排名</a>页，各市合计见<a href="${ctx.root}cities.html">城市与区域</a>页。</p>
<h2>各市与级别</h2>
${summary}
${byType}
<h2>按所在市</h2>
<div class="zone-filter" data-filter-for="zone-groups" hidden><label for="zone-filter-q">筛选开发区</label> <input id="zone-filter-q" type="search" placeholder="名称、简称、市、级别或类型" autocomplete="off"> <span class="meta" role="status" data-filter-status=""></span></div>
<div id="zone-groups">
${groups}
</div>
<script src="${ctx.root}search/filter.js" defer></script>`;
}
