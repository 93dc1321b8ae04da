/**
 * 总览: a scorecard of every catalogue target — actual, target, gap, status colour,
 * a sparkline, the latest period — and the targets that cannot be evaluated.
 */
import { esc } from "../../pipelines/publish/html.js";
import { formatNumber, formatValue } from "../../pipelines/publish/format.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { statusBadge, STATUS_LABEL, KIND_LABEL } from "./common.js";

export const overview: PageDefinition = {
  file: "index.html",
  title: "总览：规划目标完成情况",
  nav: "总览",
  async render(ctx) {
    // The status column is target_verdicts' headline: an expired target's verdict at its deadline, a live one's progress.
    const latest = await ctx.query(`
      select s.*, v.headline_status, v.headline_text, v.is_expired, v.deadline_gap from (
        select *, row_number() over (partition by target_id order by period_end desc nulls last, basis) as rn
        from main.target_status
      ) s join main.target_verdicts v using (target_id) where s.rn = 1
      order by s.document, s.target_id`);
    const history = await ctx.query(`select target_id, period_end::varchar as period_end, actual from main.target_status where actual is not null and (basis <> 'ytd' or month(period_end) = 12 or basis is null) order by period_end`);
    const byTarget = new Map<string, Record<string, unknown>[]>();
    for (const h of history) byTarget.set(String(h.target_id), [...(byTarget.get(String(h.target_id)) ?? []), h]);
    const counts = new Map<string, number>();
    for (const r of latest) counts.set(String(r.headline_status), (counts.get(String(r.headline_status)) ?? 0) + 1);
    if (latest.some((r) => r.is_synthetic)) ctx.markSynthetic();

    const cards = ["achieved", "on_track", "behind", "missed", "base_year", "before_base", "no_schedule", "incomplete", "no_data", "not_evaluable"]
      .filter((s) => counts.get(s))
      .map((s) => `<div class="card">${statusBadge(s)}<div class="v">${counts.get(s)}</div><div class="meta">项目标${esc(STATUS_LABEL[s] ?? s)}</div></div>`)
      .join("");
    const rows: string[] = [];
    for (const r of latest) {
      const series = byTarget.get(String(r.target_id)) ?? [];
      const spark = series.length > 1 ? await ctx.svg("sparkline", series) : "";
      const unit = String(r.unit ?? "");
      rows.push(`<tr>
<td>${esc(r.target_id)}</td>
<td>${esc(r.phrase)}<div class="meta">${esc(r.document)} ${esc(r.clause)}</div></td>
<td>${esc(KIND_LABEL[String(r.kind)] ?? r.kind)}</td>
<td class="num">${formatValue(r.actual as number | null, unit)}</td>
<td class="num">${esc(r.comparator)} ${formatValue(r.target_value as number | null, unit)}<div class="meta">${esc(r.target_year)}年</div></td>
<td class="num">${r.expected == null ? "—" : formatValue(r.expected as number, unit)}</td>
<td class="num">${(r.is_expired ? r.deadline_gap : r.gap_to_target) == null ? "—" : formatNumber((r.is_expired ? r.deadline_gap : r.gap_to_target) as number, 2)}${r.is_expired ? `<div class="meta">${esc(r.target_year)}年</div>` : ""}</td>
<td>${statusBadge(r.headline_status)}${r.headline_text ? `<div class="meta">${esc(r.headline_text)}</div>` : ""}</td>
<td>${spark}</td>
<td>${esc(r.period_label ?? "—")}</td>
</tr>`);
    }
    return `<section><div class="cards">${cards}</div></section>
<h2>全部目标</h2>
<p class="meta">每项目标取最近一期数据。“预期”为按进度应达到的值（文件000按增量进度20%/45%/70%/100%，其他文件按基期到目标年线性；年内累计值按已过月份折算）。状态：目标年已过的目标按目标年全年数据判定（达成／未达成，完成率＝实际÷目标，占比与增速为相差的百分点），此后年份的水平另行说明（如“2023年起超过目标”），不改变到期结论；未到期目标与进度路径比较（符合进度／落后进度），基期之前不评价（基期前），基期为路径起点；年内累计值只对未到期目标按已过月份折算（月数÷12），并与上年同期比较；数据不全＝有开发区未报送。</p>
<table><thead><tr><th>编号</th><th>目标（原文）</th><th>类型</th><th class="num">实际</th><th class="num">目标</th><th class="num">预期</th><th class="num">差距</th><th>状态</th><th>走势</th><th>最近期间</th></tr></thead>
<tbody>${rows.join("\n")}</tbody></table>
<p class="downloads">下载：<a href="downloads/target_status.csv">target_status.csv</a><a href="downloads/target_status.parquet">target_status.parquet</a></p>`;
  },
};
