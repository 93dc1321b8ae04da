/**
 * 排名: the headline scope's zones (the set the rankings mart ranks) ranked by each core indicator for its
 * latest period, with 同比, 占全省 (matched province edition, as 总览) and the rank within the zone's level —
 * one static table per indicator, so it reads and prints without JavaScript. Zones outside the scope follow
 * unranked, with the reason. Every zone name links to its page.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { loadNumberFormats, pct, REPORTED_NOTE, yoyCell } from "../kit/format.js";
import { periodNote } from "../kit/period-note.js";
import { provenanceList } from "../kit/provenance.js";
import { tableDownloads } from "../kit/table-download.js";
import { CHECK_MARK, checkColumns, headlineScope, heldReasonNote, latestPerIndicator, shareText, unrankedReason, zoneValues } from "../kit/zone-values.js";

export const ranking: PageDefinition = {
  file: "ranking.html",
  title: "排名：各开发区主要指标",
  nav: "排名",
  order: 25,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    const rows = await zoneValues(ctx, { periods: "latest" });
    const scope = await headlineScope(ctx);
    const scopeName = esc(scope?.scope_name ?? "统计范围");
    if (rows.some((r) => r.is_synthetic)) ctx.markSynthetic();
    const parts: string[] = [];
    const toc: string[] = [];
    for (const [code, list] of latestPerIndicator(rows)) {
      const first = list[0]!;
      const anchor = `i-${code}`;
      toc.push(`<a href="ranking.html#${esc(anchor)}">${esc(first.indicator_name)}</a>`);
      const body = list
        .map(
          (r) => `<tr id="${esc(`${code}-${r.zone_code}`)}"${r.held_for_check ? ' class="held"' : ""}>${rankCell(r)}<td><a href="zones/${esc(r.zone_code)}.html">${esc(r.zone_name)}</a></td><td>${esc(r.city_name ?? "—")}</td><td>${esc(r.level)}</td>
<td class="num">${f.number(r.value, code, r.unit)}${r.needs_check ? CHECK_MARK : ""}</td><td class="num">${r.held_for_check ? "—（需核实）" : esc(yoyCell(r.yoy_growth, r.reported_yoy, r.series_break, r.has_previous))}</td><td class="num">${shareText(r.share_province, r.held_for_check, pct, r.province_total_needs_check)}</td><td class="num">${r.rank == null ? "—" : `${r.rank_in_level}/${r.zones_in_level}`}</td></tr>`,
        )
        .join("\n");
      parts.push(`<h2 id="${esc(anchor)}">${esc(first.indicator_name)}（${esc(first.period_label)}）</h2>
<table class="values rank-name"><caption class="meta">排名为在${scopeName}中排名</caption><thead><tr><th class="num" scope="col">排名</th><th scope="col">开发区</th><th scope="col">所在市</th><th scope="col">级别</th><th class="num" scope="col">本期（${esc(first.unit)}）</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col">占全省</th><th class="num" scope="col">同级别排名</th></tr></thead>
<tbody>${body}</tbody></table>
${list.some((r) => r.rank == null && !r.held_for_check) ? `<p class="meta">标“—”的开发区${esc(unrankedReason(scope))}。</p>` : ""}
${list.some((r) => r.held_for_check) ? `<p class="meta held-note">排名为“需核实”、同比和占全省为“—（需核实）”的开发区：${esc(heldReasonNote(list, (r) => String(r.zone_name)))}；其他开发区的名次不受影响。</p>` : ""}
<div class="meta">${provenanceList(list)}</div>`);
    }
    // The zones' reported rates (填报) get a column of their own in the file only when some are shown.
    const anyReported = [...latestPerIndicator(rows).values()].flat().some((r) => r.yoy_growth == null && r.reported_yoy != null);
    // The whole page as one file: every indicator's ranking, Chinese headers from the data dictionary.
    const downloads = tableDownloads(ctx, "ranking-latest", "各开发区主要指标排名", ["indicator_name", "period_label", "rank", "zone_code", "zone_name", "city_name", "level", "value", "unit", "yoy_growth", ...(anyReported ? ["reported_yoy"] : []), "share_province", "rank_in_level", "zones_in_level", ...checkColumns(rows)], [...latestPerIndicator(rows).values()].flat(), f);
    const period = await periodNote(ctx, latestPerIndicator(rows), (sql, params) => ctx.query(sql, params));
    return `${period}
<p>${scopeName}的开发区按最近一期数值从高到低排列（并列同名次），与下载的排名数据为同一范围；不在该范围内的开发区列在后面、不排名。同比为与上年同期、同口径的名义增长；占全省为开发区数值 ÷ 全省同一指标、同一期间的总量，分母取与${scopeName}合计同期的全省总量数据版本（与总览、占比页和目标判定相同），故范围内各开发区占比之和等于总览的占比；同级别排名在范围内的国家级、省级开发区中分别排列。</p>
${anyReported ? `<p class="meta reported-note">${REPORTED_NOTE}</p>` : ""}
${[...latestPerIndicator(rows).values()].flat().some((r) => r.needs_check) ? `<p class="meta">标“需核实”的数值被审核规则标出、尚未核实（见“数据质量”页）；其中按规则暂不计入的数值（高于上级总量、当季增量异常偏大、与上期或上年同期相差20倍以上，各自的原因见表下说明）核实前不计入合计，不排名、不计算占比（总览的占比也不含它），故上述占比之和仍等于总览的占比；其他需核实数值按填报值排列。</p>` : ""}
<p>${toc.join("　")}</p>
${parts.length ? downloads : ""}
${parts.join("\n") || '<p class="meta">暂无数据。</p>'}`;
  },
};

/**
 * The first cell a phone shows (held-qa finding 7: at 390 px the value is off-screen): the rank, "需核实" for a value
 * held for check — never the bare "—" of a zone outside the scope — and "—" for those. The header is 排名, short, with
 * the scope in the table's caption, so the column does not take half a phone's width.
 */
function rankCell(r: { rank: number | null; held_for_check: boolean }): string {
  if (r.held_for_check) return `<td class="num held-rank"><span class="held-mark">需核实</span></td>`;
  return `<td class="num">${r.rank ?? "—"}</td>`;
}
