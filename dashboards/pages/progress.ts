/**
 * 进度: actual against the schedule path for every evaluable target with data —
 * levels, shares, average growth and growth relative to the city, province or
 * country — grouped by document, and the growth still required to reach each level.
 */
import { esc } from "../../pipelines/publish/html.js";
import { formatNumber } from "../../pipelines/publish/format.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { kindLabel } from "../kit/labels.js";
import { loadDocuments } from "../kit/documents.js";
import { scheduleFacts, type IncrementRule } from "../kit/schedule-text.js";
import { groupBy } from "../kit/rows.js";
import { loadNumberFormats, toNum } from "../kit/format.js";
import { actualText as actualValueText, REACHED_LEVEL, targetChangeText, targetWords, targetText, verdictCell } from "../kit/targets.js";
import { completenessKey, heldText, incompleteReason, scopeCompleteness, zonesMissing } from "../kit/held-values.js";
import { membersChanged, membersKey } from "../kit/scope-members.js";

/**
 * A path, milestone or history value shown with actualText's digits but none of the row's own marks: （分母需核实）,
 * （含需核实数值） and （可比口径） describe the row's figure, not a target's path (qa41 E: 「2,100.0 亿元（含需核实数值）」).
 */
const markless = (row: Record<string, unknown>, v: unknown) => ({ ...row, actual: v, denominator_check_name: null, values_check_count: 0, zones_compared: null });

export const progress: PageDefinition = {
  file: "progress.html",
  title: "进度：序时进度与所需增速",
  nav: "进度",
  order: 30,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    const docs = await loadDocuments(ctx);
    const schedule = await scheduleFacts(ctx, docs);
    // One point per target and year: the annual figure (a 1-12月 share when no annual one exists).
    const rows = await ctx.query(`
      select * from main.target_status
      where kind in ('level', 'share', 'growth', 'relative') and actual is not null and (basis <> 'ytd' or month(period_end) = 12)
      qualify row_number() over (partition by target_id, year order by basis = 'ytd', period_end desc) = 1
      order by document, target_id, year`);
    // As 总览: a partial total says why (a value held for check, named, or zones not reporting) beside the number,
    // and the verdict cell is 总览's (verdictCell), so 进度, 总览 and target_status.csv agree (held-qa finding 3).
    const complete = await scopeCompleteness(ctx, { targets: true });
    const completeness = (r: Record<string, unknown>) => complete.get(completenessKey(r.scope_code, r.indicator_code, r.period_end));
    // Why a figure is not judged: values held, or — the zones complete — the denominator under check (stat-qa10 F7: it
    // read 「部分开发区未报送」 when every zone had reported).
    const partialNote = (r: Record<string, unknown>) => {
      if (r.is_partial !== true) return "";
      const c = completeness(r);
      const held = heldText(c);
      if (held) return held;
      // No row: no zone missing or held, so the denominator is the reason.
      if (r.denominator_check_name && (!c || zonesMissing(c) === 0)) return `${String(r.denominator_check_name)}的总量（分母）需核实`;
      if (toNum(r.values_check_count) && (!c || zonesMissing(c) === 0)) return `含${String(r.values_check_count)}个需核实的开发区数值（未处理的审核标记）`;
      return "数据不全（部分开发区未报送）";
    };
    const parts: string[] = [];
    let document = "";
    for (const [id, series] of groupBy(rows, "target_id")) {
      const first = series[0]!;
      const unit = String(first.unit);
      if (first.document !== document) {
        document = String(first.document);
        parts.push(`<h3>${esc(docs.name(document))}</h3>`);
      }
      const rate = first.kind === "growth" || first.kind === "relative";
      // A path runs from the base value (catalogue or data: target_status.base_value_used) to the target; without a
      // base a share has only its target year's point (文件000 二（三）2 gives no base). A base year or the target year
      // without an annual figure still gives the path its ends, so one year of data draws the path too.
      const baseYear = toNum(first.base_year);
      const baseValue = toNum(series.find((r) => r.base_value_used != null)?.base_value_used);
      const hasBase = !rate && baseYear !== null && baseValue !== null;
      const hasPath = hasBase || series.filter((r) => r.expected != null).length >= 2;
      const expectedText = rate ? "目标" : !hasPath ? "无基期值，不画进度路径" : first.expected_method === "increment_fraction" ? "按文件的增量进度预期" : "按线性进度预期";
      const ends: Record<string, unknown>[] = [];
      if (hasBase && !series.some((r) => Number(r.year) === baseYear)) ends.push({ year: baseYear, expected: baseValue, note: "基期" });
      if (hasBase && !series.some((r) => Number(r.year) === Number(first.target_year))) ends.push({ year: Number(first.target_year), expected: toNum(first.target_value), note: "目标年" });
      const points = [...series, ...ends].sort((a, b) => Number(a.year) - Number(b.year));
      // The y domain holds every drawn value and the target, so the target line and the path's end stay inside the plot.
      const drawn = points.flatMap((r) => [r.actual, r.expected, r.milestone_value, first.target_value]).map(Number).filter((v) => Number.isFinite(v));
      const domain = drawn.length ? [Math.min(...drawn), Math.max(...drawn)] : undefined;
      const actualText = first.kind === "relative" ? `自${first.base_year}年起的年均增速与比较对象之差` : first.kind === "growth" ? `自${first.base_year}年起的年均增速` : "实际";
      parts.push(
        await ctx.chart({
          spec: "progress-path",
          rows: points.map((r) => ({ year: r.year, actual: r.actual, expected: r.expected, milestone_value: r.milestone_value, target: first.target_value, segment: Number(r.series_segment ?? 0), partial: partialNote(r) })),
          title: `${targetWords(first).slice(0, 40)}（${kindLabel(first.kind, first.unit)}）`,
          subtitle: `实线：${actualText}；${hasPath || rate ? "虚线：" : ""}${expectedText}${series.some((r) => r.milestone_value != null) ? "；菱形：文件列出的年度预期值" : ""}；红色横线：目标 ${targetText(first, f)}（${String(first.target_year)}年）${series.filter((r) => r.break_note != null).map((r) => `；${String(r.year)}年起序列断开（口径或来源变化，实线中断）`).join("")}`,
          patch: { layer: [{ encoding: { y: { title: unit, ...(domain ? { scale: { zero: false, domain } } : {}) } } }] },
          source: `${docs.cite(first.document)} ${String(first.clause)}；实际值由开发区报表与全省总量计算（见“方法”页）`,
          synthetic: series.some((r) => r.is_synthetic),
          columns: [
            { key: "year", label: "年份" },
            // In the target year (the row a verdict judges) a value within display rounding of the target gets the digits that show its side (44.996%).
            // Such a cell is marked data-side: its extra digits are the verdict's, not the column's precision.
            { key: "actual", label: rate ? actualText : "实际", num: true, html: true, format: (v, r) => {
              if (v == null) return "—";
              const plain = f.value(v, first.indicator_code, unit);
              const side = Number(r.year) === Number(first.target_year) ? actualValueText(markless(first, v), f) : plain;
              // A year's total without a held value (or with zones missing) is marked as 最近一期 marks it.
              const mark = r.partial ? `<div class="meta partial-mark">${esc(String(r.partial))}</div>` : "";
              return (side === plain ? esc(plain) : `<span data-side="" title="与目标相差不足显示精度，多显示几位小数以表明高于或低于目标">${esc(side)}</span>`) + mark;
            } },
            { key: "expected", label: hasBase ? `${expectedText}（基期${String(baseYear)}年）` : hasPath || rate ? expectedText : "目标年的目标值", num: true, format: (v) => f.value(v, first.indicator_code, unit) },
            { key: "milestone_value", label: "文件列出的预期值", num: true, format: (v) => f.value(v, first.indicator_code, unit) },
          ],
        }),
      );
    }
    const changedMembers = await membersChanged(ctx);
    // The latest value of each target and the same period one year earlier, for 同比.
    const latest = await ctx.query(`
      select a.*, b.actual as previous_actual, b.is_partial as previous_is_partial, b.series_segment as previous_series_segment, v.is_expired, v.deadline_gap, v.deadline_verdict, v.headline_status, v.headline_awaits_check, v.headline_text,
             -- The growth still required is computed from annual figures only: the latest one, with its year (as the 季度分析 says it).
             -- None once the target is judged at its deadline (reader-qa7 F7: 8.3% beside 未达成 on the target year's full data).
             case when not coalesce(v.is_expired, false) then
             (select g.required_annual_growth from main.target_status g where g.target_id = a.target_id and g.required_annual_growth is not null order by g.period_end desc limit 1) end as required_growth,
             (select g.period_label from main.target_status g where g.target_id = a.target_id and g.required_annual_growth is not null order by g.period_end desc limit 1) as required_growth_period
      from (select t.*, row_number() over (partition by t.target_id order by (tv.is_expired and t.period_label = tv.deadline_period_label) desc, t.period_end desc, t.basis = 'ytd') rn
            from main.target_status t left join main.target_verdicts tv using (target_id) where t.actual is not null) a
      left join main.target_verdicts v on v.target_id = a.target_id
      left join main.target_status b on b.target_id = a.target_id and b.basis = a.basis and b.period_end = (a.period_end - interval 1 year)::date
      -- The scope's like-for-like 同比 (growth mart), for a total partial in either year or with a zone's 口径调整 inside.
      left join (select entity_code, indicator_code, period_end, basis, any_value(yoy_growth) as lfl_yoy, any_value(zones_compared) as lfl_compared,
                        any_value(zones_series_break) as lfl_broken
                 from main.growth where entity_kind = 'scope' and comparison_basis = 'like_for_like' group by all) lg
        on lg.entity_code = a.scope_code and lg.indicator_code = a.indicator_code and lg.period_end = a.period_end and lg.basis = a.basis
      where a.rn = 1 order by a.document, a.target_id`);
    const GENERAL = "部分开发区未报送，合计不完整";
    for (const r of latest) {
      if (r.is_partial !== true) continue;
      if (r.reason === GENERAL) r.reason = incompleteReason(completeness(r));
      if (r.headline_text === GENERAL) r.headline_text = incompleteReason(completeness(r));
    }
    return `
<p>${esc(scheduleIntro(schedule.rules, docs.cite))}所需年均增速 =（目标 ÷ 最近实际值）^(1 ÷ 剩余年数) − 1。</p>
<h2>最近一期</h2>
${[...groupBy(latest, "document")]
      // One table per document under its title, as 总览 has them: the title once, not on every row (reader-qa3 F21: the
      // 《title》 repeated in each row's first cell made it 10 lines tall at 390 px).
      .map(([doc, rows]) => `<h3>${esc(docs.name(doc))}</h3>
<div class="verdict-stack">${ctx.table(
      [
        // On a phone the verdict is shown under the target's name (.phone-verdict) and the 状态 column is hidden
        // (styles.ts): the 915 px table put them 500 px apart (reader-qa3 7). Desktop keeps the 状态 column.
        { key: "phrase", label: "目标", html: true, format: (v, r) => `${esc(`${targetWords(r)}（${targetText(r, f)}）`)}<div class="phone-verdict">${verdictCell(r)}</div>` },
        { key: "period_label", label: "期间" },
        { key: "actual", label: "本期", num: true, html: true, format: (v, r) => `${esc(actualValueText(r, f))}${partialNote(r) ? `<div class="meta partial-mark">${esc(partialNote(r))}</div>` : ""}` },
        { key: "previous_actual", label: "同比", num: true, format: (v, r) => targetChangeText(r.actual, v, r.unit, r.is_partial, r.previous_is_partial, r.lfl_compared == null || r.kind !== "level" ? undefined : { yoy: r.lfl_yoy, compared: r.lfl_compared, broken: r.lfl_broken },
          // The scope's own 口径调整 between the two years (its series_segment moves): no 同比, as 总览 and the growth mart.
          Number(r.series_segment ?? 0) !== Number(r.previous_series_segment ?? 0),
          // Nor across a changed zone list (the like-for-like rate where there is one), as 总览.
          v != null && changedMembers.has(membersKey(r.scope_code, r.year))) },
        // A target already at its level has no path to follow (reader-qa3 F5: a path falling from 8.9 to 3.15 read as 按进度预期).
        { key: "expected", label: "按进度预期", num: true, format: (v, r) => (r.status === "achieved" && r.is_full_year === false && r.is_expired !== true ? REACHED_LEVEL : v == null ? "—" : actualValueText(markless(r, v), f)) },
        { key: "milestone_value", label: "文件预期值", num: true, format: (v, r) => (v == null ? "—" : actualValueText(markless(r, v), f)) },
        { key: "required_growth", label: "所需年均增速", num: true, format: (v, r) => (v == null ? "—" : `${formatNumber(100 * (v as number), 1)}%${r.required_growth_period !== r.period_label ? `（按${String(r.required_growth_period)}）` : ""}`) },
        { key: "headline_status", label: "状态", html: true, format: (v, r) => verdictCell(r) },
      ],
      rows,
    )}</div>`)
      .join("\n")}
<h2>逐项进度</h2>
<p>每个有数据的可评估目标一张图，按文件排列：总量与占比对照按进度的预期；“增速”为自基期起的年均增速对照目标；“相对水平”为开发区（或区域）年均增速减去比较对象（全市、全省或全国）同期年均增速，单位为百分点，目标为不低于0。</p>
${parts.join("\n") || `<p class="meta">${esc("暂无可评估目标的数据。")}</p>`}`;
  },
};

/**
 * The schedule rules in words, from this project's seeds: each document's increment rule
 * (schedule_fractions.csv) with the yearly values it also lists and an example where the two
 * differ; with no such rule, the linear path.
 */
function scheduleIntro(rules: readonly IncrementRule[], cite: (file: unknown) => string): string {
  if (rules.length === 0) return "序时进度按线性路径计算：从基期值到目标值按年份平均分配；文件逐年列出预期值的，按列出值判断。";
  return rules
    .map((r) => {
      const listed = r.milestoneClauses ? `；${r.milestoneClauses}另列出各年预期值${r.example ? `，两者不完全一致（例如${r.example}），两者都显示` : "，两者都显示"}` : "";
      return `${cite(r.document)}要求各项主要经济指标增量按序时进度完成：${r.fractions}（${r.clause}）${listed}。`;
    })
    .join("");
}
