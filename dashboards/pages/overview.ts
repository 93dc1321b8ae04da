/**
 * 总览: key-figure cards — first the shares of the province the site's scope is held to
 * (in the Liaoning example 文件000 二（三）2 and 二（三）5: zone GDP, revenue and investment
 * at 40% of the province, exports and FDI at 45%), then each document's headline targets;
 * then live targets by document, expired targets with their verdicts, and targets that
 * cannot be evaluated, folded away.
 */
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { cardGrid, keyFigureCard } from "../kit/cards.js";
import { loadNumberFormats, toNum, type NumberFormats } from "../kit/format.js";
import { kindLabel, STATUS_LABEL, statusBadge } from "../kit/labels.js";
import { loadDocuments, type Documents } from "../kit/documents.js";
import { groupBy, previousYearLabel } from "../kit/rows.js";
import { completenessKey, heldText, incompleteReason, scopeCompleteness } from "../kit/held-values.js";
import { membersChanged, membersKey } from "../kit/scope-members.js";
import { actualText, BREAK_CHANGE, MEMBERS_CHANGE, cleanPhrase, targetChangeText, gapText, phraseText, targetWords, isPointUnit, isUndecidable, latestGapText, AWAITS_CHANGE, PARTIAL_CHANGE, targetText, verdictCell, verdictOf } from "../kit/targets.js";

/** At most this many cards per document. */
const CARDS_PER_DOCUMENT = 4;

export const overview: PageDefinition = {
  file: "index.html",
  title: "总览：规划目标完成情况",
  nav: "总览",
  order: 10,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    const docs = await loadDocuments(ctx);
    const [scope] = await ctx.query<{ scope_code: string; jurisdiction_code: string }>("select scope_code, jurisdiction_code from main.site_scope");
    const all = await ctx.query(`
      select t.*, i.indicator_name, year(current_date) as this_year,
             v.headline_status, v.headline_awaits_check, v.headline_text, v.is_expired, v.deadline_gap, v.deadline_verdict, v.deadline_period_label,
             v.current_year, v.current_meets_target, v.break_after_deadline_declared,
             -- A target on a city's or the province's own total names that division (reader-qa3 F7: two cards titled
             -- "地区生产总值（2025年目标）" for 沈阳市 and 大连市).
             coalesce(sc.scope_name, rg.entity_name) as scope_name
      from main.target_status t left join main_staging.stg_indicators i using (indicator_code)
      left join main_staging.stg_scopes sc on sc.scope_code = t.scope_code
      left join main_staging.stg_regions rg on rg.entity_code = t.scope_code
      left join main.target_verdicts v using (target_id)
      order by t.document, t.target_id, t.period_end`);
    const targets = await ctx.query(`select t.*, i.indicator_name from main_staging.stg_targets t left join main_staging.stg_indicators i using (indicator_code) order by document, target_id`);
    if (all.some((r) => r.is_synthetic)) ctx.markSynthetic();
    // Scope × indicator × period sums that include a zone value an open audit flag stands on (需核实): marked on the card and table.
    // An ABOVE_PARENT value is not included — int_scope_values holds it out — so it is said as 不含 (heldText), not 含.
    const flagged = new Map((await ctx.query(`
      select m.scope_code || '|' || a.indicator_code || '|' || a.period_end::varchar as k, count(distinct a.entity_code)::integer as n
      from ingest.audit_flags a join ingest.files f using (file_id)
      join main_intermediate.int_scope_members m on m.zone_code = a.entity_code and m.year = year(a.period_end)
      where a.state = 'open' and f.status = 'loaded'
        and not exists (select 1 from ingest.audit_flags h where h.state = 'open' and h.rule_code in (select rule_code from ingest.held_audit_rules) and h.entity_code = a.entity_code
                          and h.indicator_code = a.indicator_code and h.period_end = a.period_end)
        -- Nor a value the sums hold out with no flag of their own (a year whose two forms disagree, YEAR_FORMS_DIFFER:
        -- stat-qa8, 「含1个需核实数值已计入合计」 beside a total without it).
        and not exists (select 1 from main_intermediate.int_held_values h where h.entity_code = a.entity_code
                          and h.indicator_code = a.indicator_code and h.period_end = a.period_end)
      group by 1`)).map((r) => [String(r.k), Number(r.n)] as const));
    const complete = await scopeCompleteness(ctx, { targets: true });
    const completeness = (r: Record<string, unknown> | undefined) => (r === undefined ? undefined : complete.get(completenessKey(r.scope_code, r.indicator_code, r.period_end)));
    // A partial total's reason says which: zones that did not report, or values held for check (named).
    // target_verdicts.headline_text repeats the latest row's reason.
    const GENERAL = "部分开发区未报送，合计不完整";
    for (const r of all) {
      if (r.is_partial !== true) continue;
      if (r.reason === GENERAL) r.reason = incompleteReason(completeness(r));
      if (r.headline_text === GENERAL) r.headline_text = incompleteReason(completeness(r));
    }
    const needsCheck = (r: Record<string, unknown> | undefined) => (r === undefined ? 0 : flagged.get(`${String(r.scope_code)}|${String(r.indicator_code)}|${String(r.period_end)}`) ?? 0);
    // Held values first (不含…), then the flagged ones summed, counted and said as such: "含需核实数值" beside
    // "不含1个需核实数值" read as a contradiction (reader-qa 7).
    const checkNote = (r: Record<string, unknown> | undefined) => {
      const held = heldText(completeness(r));
      const n = needsCheck(r);
      return [held, n ? `${held ? "另有" : "含"}${n}个需核实数值已计入合计` : ""].filter(Boolean).join("；");
    };
    const thisYear = Number(all[0]?.this_year ?? new Date().getFullYear());
    const byTarget = groupBy(all, "target_id");
    // The latest period with a value per target, and the same period a year earlier for its trend.
    const latest = new Map<string, Record<string, unknown>>();
    const previous = new Map<string, Record<string, unknown>>();
    for (const [id, rows] of byTarget) {
      const withData = rows.filter((r) => r.actual != null);
      const newest = withData[withData.length - 1] ?? rows[rows.length - 1]!;
      // An expired target is shown at its deadline: the value its verdict judged, with that period
      // (target_verdicts.deadline_period_label), never a later period's number beside the verdict.
      const atDeadline = newest.is_expired === true && newest.deadline_period_label != null
        ? withData.filter((r) => r.period_label === newest.deadline_period_label).sort((a, b) => Number(a.basis === "ytd") - Number(b.basis === "ytd"))[0]
        : undefined;
      const last = atDeadline ?? newest;
      latest.set(id, last);
      const prev = withData.find((r) => r.period_label === previousYearLabel(last.period_label) && r.basis === last.basis);
      if (prev) previous.set(id, prev);
    }
    // The growth mart's like-for-like 同比 of the scopes summed from zones (可比口径: zones with both years, none held, none
    // across a series break of its own), for a total that is partial in either year or has a zone with a 口径调整: the
    // totals' ratio is then not a 同比 (reader-qa7 F4: 全省 同比—（数据不全） while the cities and regions had theirs).
    const likeForLike = new Map((await ctx.query<{ k: string; yoy: number | null; compared: number | null; broken: number | null }>(`
      select g.entity_code || '|' || g.indicator_code || '|' || g.period_end::varchar || '|' || g.basis as k,
             g.yoy_growth as yoy, g.zones_compared as compared, g.zones_series_break as broken
      from main.growth g
      where g.entity_kind = 'scope' and g.comparison_basis = 'like_for_like'
        and g.entity_code in (select scope_code from main_staging.stg_targets)`)).map((r) => [String(r.k), r] as const));
    const changedMembers = await membersChanged(ctx);
    const trend = (id: string) => {
      const a = latest.get(id);
      const b = previous.get(id);
      if (!a || !b) return "";
      // The rule 进度 uses (targetChangeText): no 同比 across the total's own series break (口径变化,
      // target_status.series_segment), the like-for-like rate for a partial total or one with a zone's 口径调整 inside.
      // The growth mart's rate is of the scope's sum: a level's 同比, never a count's (stat-qa10 F8: a count of zones read
      // 「同比增长 13.7%（可比口径，4 家）」 of their GDP).
      const lfl = a.kind === "level" ? likeForLike.get(`${String(a.scope_code)}|${String(a.indicator_code)}|${String(a.period_end)}|${String(a.basis)}`) : undefined;
      const text = targetChangeText(a.actual, b.actual, a.unit, a.is_partial, b.is_partial, lfl, Number(a.series_segment ?? 0) !== Number(b.series_segment ?? 0),
        Number(a.year) === Number(b.year) + 1 && changedMembers.has(membersKey(a.scope_code, a.year)));
      if (text === BREAK_CHANGE) return "口径变化，不计同比";
      if (text === MEMBERS_CHANGE) return "开发区名单变化，不计同比";
      if (text === "—") return "";
      return isPointUnit(a.unit) && text !== PARTIAL_CHANGE ? `比上年同期${text}` : `同比${text}`;
    };

    // Headline cards: the site scope's shares of its province first, in catalogue order (the targets a
    // leader is held to: every one of a clause together, since two of three would read worse than the facts),
    // then per document its share and level targets with data.
    const headline: string[] = targets
      .filter((t) => t.kind === "share" && t.scope_code === scope?.scope_code && t.denominator_code === scope?.jurisdiction_code && latest.get(String(t.target_id))?.actual != null)
      .map((t) => String(t.target_id));
    // Documents in the seed's order, then any a target cites without a row there.
    const order = [...new Set([...docs.list.map((d) => d.document), ...targets.map((t) => String(t.document))])];
    for (const doc of order) {
      const candidates = [...latest.values()]
        .filter((r) => r.document === doc && r.actual != null && ["share", "level"].includes(String(r.kind)) && !headline.includes(String(r.target_id)))
        .sort((a, b) => (a.kind === b.kind ? 0 : a.kind === "share" ? -1 : 1));
      const room = CARDS_PER_DOCUMENT - headline.filter((id) => latest.get(id)?.document === doc).length;
      headline.push(...candidates.slice(0, Math.max(0, room)).map((r) => String(r.target_id)));
    }
    const cards: string[] = [];
    for (const id of headline) {
      // The trend line: one point per year (annual values, or 1-12月 when no annual one).
      const series = (byTarget.get(id) ?? []).filter((r) => r.actual != null && (r.basis !== "ytd" || String(r.period_end).endsWith("12-31"))).map((r) => ({ period_end: String(r.period_end), actual: r.actual }));
      const r = latest.get(id)!;
      cards.push(card(r, f, [trend(id), checkNote(r)].filter(Boolean).join("；"), series.length > 1 ? await ctx.svg("sparkline", series) : "", docs, scope?.scope_code));
    }

    const evaluable = targets.filter((t) => t.evaluable);
    // Expired as target_verdicts decides it (the target year has its full-year data), so the split and the verdicts agree.
    const isExpired = (t: Record<string, unknown>) => (latest.get(String(t.target_id))?.is_expired ?? Number(t.target_year) < thisYear) === true;
    // Not judged at the deadline yet, but the target year is over: its full-year figure has not arrived (stat-qa7 F13:
    // such a target stood under 仍在期限内 with 符合进度 from its 1-9月).
    const awaiting = evaluable.filter((t) => !isExpired(t) && Number(t.target_year) < thisYear);
    const live = evaluable.filter((t) => !isExpired(t) && !(Number(t.target_year) < thisYear));
    const expired = evaluable.filter((t) => isExpired(t));
    const notEvaluable = targets.filter((t) => !t.evaluable);
    const tableFor = (list: Record<string, unknown>[]) =>
      [...groupBy(list, "document")]
        .map(([doc, rows]) => {
          // Targets with data first; those still without data folded below, so the table answers first.
          const merged = rows.map((t) => ({ ...t, ...(latest.get(String(t.target_id)) ?? {}) }));
          const withData = merged.filter((r) => r.actual != null);
          const without = merged.filter((r) => r.actual == null);
          return `<h3>${esc(docs.name(doc))}</h3>
${withData.length ? targetTable(withData, f, trend, docs, checkNote) : '<p class="meta">本文件的目标暂无数据。</p>'}
${without.length ? `<details class="no-data"><summary>暂无数据的目标（${without.length} 项）</summary>${targetTable(without, f, trend, docs, checkNote)}</details>` : ""}`;
        })
        .join("\n");
    const noData = (list: Record<string, unknown>[]) => list.filter((t) => latest.get(String(t.target_id))?.actual == null).length;
    // Counted from the same merged rows the badges are drawn from, so the heading and the table agree.
    const undecidable = (list: Record<string, unknown>[]) => list.filter((t) => isUndecidable({ ...t, ...(latest.get(String(t.target_id)) ?? {}) })).length;
    const undecidableText = (list: Record<string, unknown>[]) => (undecidable(list) ? `，${undecidable(list)} 项目标年无全年数据、无法判定` : "");

    // One line a phone reader sees first: every evaluable target by the badge its table row shows (sc-qa finding 5).
    const badgeCounts = new Map<string, number>();
    // The targets behind schedule or missed, by name (reader-qa3 F19: "落后进度2项" on the first screen without saying which).
    const named = new Map<string, string[]>();
    for (const t of evaluable) {
      const r = { ...t, ...(latest.get(String(t.target_id)) ?? {}) };
      const s = isUndecidable(r) ? "undecidable" : verdictOf(r) || "no_data";
      const word = `${isExpired(t) && (s === "achieved" || s === "missed" || s === "incomplete" || s === "awaits_check") ? "到期" : ""}${STATUS_LABEL[s] ?? s}`;
      badgeCounts.set(word, (badgeCounts.get(word) ?? 0) + 1);
      if (s === "behind" || s === "missed") named.set(word, [...(named.get(word) ?? []), titleOf(r, scope?.scope_code)]);
    }
    // Targets still without data are not among those judged (reader-qa 14: "可评估目标74项：…暂无数据33项").
    const waiting = badgeCounts.get(STATUS_LABEL.no_data ?? "暂无数据") ?? 0;
    const judged = [...badgeCounts].filter(([w]) => w !== (STATUS_LABEL.no_data ?? "暂无数据"));
    const summary = evaluable.length
      ? `<p class="targets-summary">${judged.length ? `有数据的目标${evaluable.length - waiting}项：${judged.map(([w, n]) => `${w}${n}项${named.has(w) ? `（${esc(named.get(w)!.join("；"))}）` : ""}`).join("、")}。` : ""}${waiting ? `另有${waiting}项目标暂无数据。` : ""}</p>`
      : "";

    // The latest period's totals of the site's scope that are incomplete, said first (reader-qa 14: a held 2,808,000 亿元
    // was visible only on 排名/城市与区域/数据质量, while 总览's cards showed the expired 2020 targets).
    const partialNow = await ctx.query<{ indicator_code: string; indicator_name: string; period_label: string; period_end: string }>(`
      with v as (
        select v.indicator_code, i.indicator_name, v.period_label, v.period_end, v.is_partial
        from main_intermediate.int_scope_values v join main_staging.stg_indicators i using (indicator_code)
        where v.scope_code = (select scope_code from main.site_scope) and v.is_preferred)
      select indicator_code, indicator_name, period_label, period_end::varchar as period_end from v
      where is_partial and period_end = (select max(period_end) from v) order by indicator_code`);
    const partialNotice = partialNow.length
      ? `<p class="meta partial-now">最近一期（${esc(partialNow[0]!.period_label)}）${esc(String(scopeName(all, scope?.scope_code) ?? "全省"))}的合计不完整：${partialNow
          .map((r) => `${esc(r.indicator_name)}（${esc(incompleteReason(complete.get(completenessKey(scope?.scope_code, r.indicator_code, r.period_end)), false).replace(/，合计不完整$/, ""))}）`)
          .join("、")}；相关卡片和表格标为“数据不全”，详见<a href="quality.html">数据质量</a>。</p>`
      : "";
    return `<section aria-label="关键指标">
<h2>关键指标</h2>
${summary}
${partialNotice}
<p class="meta">每张卡片取该目标最近一期数据：实际值、目标值、与目标的差距（占比和增速以“个百分点”计）、期间和判定。</p>
${cardGrid(cards)}
</section>
<h2>仍在期限内的目标（${live.length} 项，其中 ${noData(live)} 项暂无数据）</h2>
${live.length ? tableFor(live) : `<p class="meta">没有目标年在 ${thisYear} 年及以后的可评估目标。</p>`}
${awaiting.length ? `<h2>目标年已过、全年数据未到的目标（${awaiting.length} 项，其中 ${noData(awaiting)} 项暂无数据）</h2>
<p class="meta">目标年已经结束，但还没有目标年的全年数据：下表的进度按最近一期（年内累计）计算，只供参考；到期是否达成待目标年全年数据入库后判定。</p>
${tableFor(awaiting)}` : ""}
<h2>已到期的目标（${expired.length} 项，其中 ${noData(expired)} 项暂无数据${undecidableText(expired)}）</h2>
<p class="meta">目标年已过的目标按目标年全年数据判定（达成／未达成，完成率＝实际÷目标，占比为相差的个百分点）；此后年份的水平另行说明（如“2023年起超过目标”），不改变到期结论。差距为到期时（目标年全年）的差距；没有目标年全年数据时不计差距，只说此后最近一个全年是否达到目标（年内累计数不与全年目标比较）。</p>
${expired.length ? tableFor(expired) : `<p class="meta">没有已到期的目标。</p>`}
<h2>无法评估的目标（${notEvaluable.length} 项）</h2>
<details class="not-evaluable"><summary>展开 ${notEvaluable.length} 项无法评估的目标及原因</summary>
${notEvaluableTable(notEvaluable, docs)}
</details>
<p class="downloads">下载：<a href="downloads/target_status.csv">目标完成情况（CSV）</a><a href="downloads/target_status.parquet">目标完成情况（Parquet）</a></p>`;
  },
};

/** A card's title; a share of the headline scope (the site's own zones) reads as the zones' share of the province. */
function titleOf(r: Record<string, unknown>, headlineScope: string | undefined): string {
  if (r.kind === "share" && headlineScope !== undefined && r.scope_code === headlineScope) return `开发区${String(r.indicator_name ?? "")}占全省比重`;
  // Whose figure it is, always: a city's zones (沈阳市) must not read as the province's.
  if (r.kind === "level" && r.indicator_name) return `${String(r.scope_name ?? "")}${String(r.indicator_name)}（${String(r.target_year)}年目标）`;
  return targetWords(r).slice(0, 40);
}

function card(r: Record<string, unknown>, f: NumberFormats, trend: string, spark: string, docs: Documents, headlineScope: string | undefined): string {
  return keyFigureCard({
    title: titleOf(r, headlineScope),
    value: actualText(r, f),
    target: targetText(r, f, true),
    // An expired target: its deadline value and gap (the row is the deadline's, see `latest`). A live one answers
    // "where are we now" against the final target — except a flow's part-year figure (2025年1-6月 against a whole
    // year's target), which is set against the schedule for that part of the year, as the table does.
    gap: r.denominator_check_name ? "差距—（分母需核实）" : toNum(r.values_check_count) ? "差距—（含需核实数值）" : r.is_partial === true ? `差距${r.awaits_check === true ? AWAITS_CHANGE : PARTIAL_CHANGE}` : r.is_expired === true || (r.kind === "level" && r.is_full_year === false && toNum(r.expected) !== null) ? gapText(r, f) : latestGapText(r, f),
    period: String(r.period_label ?? "—"),
    // An expired target without a target-year figure shows a later value: its badge is 无法判定, never 暂无数据 beside a value.
    status: isUndecidable(r) ? "undecidable" : verdictOf(r),
    trend,
    spark,
    source: `${docs.cite(r.document)} ${String(r.clause ?? "")}`,
    data: { target: String(r.target_id) },
  });
}

function targetTable(rows: Record<string, unknown>[], f: NumberFormats, trend: (id: string) => string, docs: Documents, checkNote: (r: Record<string, unknown>) => string): string {
  const body = rows
    .map(
      (r) => `<tr id="t-${esc(r.target_id)}" data-target="${esc(r.target_id)}">
<td>${esc(targetWords(r))}<div class="meta">${esc(docs.cite(r.document))} ${esc(r.clause)}；${esc(kindLabel(r.kind, r.unit))}</div></td>
<td class="num">${r.actual == null ? "—" : esc(actualText(r, f))}${checkNote(r) ? `<div class="meta">${esc(checkNote(r))}</div>` : ""}</td>
<td class="num">${esc(trend(String(r.target_id)) || "—")}</td>
<td class="num">${esc(targetText(r, f))}<div class="meta">${esc(r.target_year)}年</div></td>
<td class="num">${esc(gapText(r, f))}</td>
<td>${esc(r.period_label ?? "—")}</td>
<td>${verdictCell(r)}</td>
</tr>`,
    )
    .join("\n");
  return `<table class="values"><thead><tr><th scope="col">目标（原文）</th><th class="num" scope="col">本期</th><th class="num" scope="col" data-yoy="">同比</th><th class="num" scope="col" data-stated="">目标</th><th class="num" scope="col">差距</th><th scope="col">期间</th><th scope="col">判定</th></tr></thead>
<tbody>${body}</tbody></table>`;
}

function notEvaluableTable(rows: Record<string, unknown>[], docs: Documents): string {
  const body = rows
    .map((r) => `<tr id="t-${esc(r.target_id)}"><td>${esc(phraseText(cleanPhrase(r.phrase)))}</td><td>${esc(docs.cite(r.document))} ${esc(r.clause)}</td><td>${esc(r.not_evaluable_reason ?? "—")}</td></tr>`)
    .join("\n");
  return `<table class="sticky-name"><thead><tr><th scope="col">目标（原文）</th><th scope="col">出处</th><th scope="col">无法评估的原因</th></tr></thead><tbody>${body}</tbody></table>`;
}

/** The site scope's name as target_status carries it (scope_name), or undefined. */
function scopeName(rows: readonly Record<string, unknown>[], code: string | undefined): string | undefined {
  const r = rows.find((x) => x.scope_code === code && x.scope_name != null);
  return r ? String(r.scope_name) : undefined;
}
