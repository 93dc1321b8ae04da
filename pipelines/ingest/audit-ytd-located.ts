/**
 * 审核 rule kind `ytd_out_of_line` (sources/audit-rules/10-bureau-checks.yml, YTD_OUT_OF_LINE): a 累计 (year-to-date)
 * flow that falls — an earlier 累计 e above the next one l of the same year — says one of the two is wrong, not
 * which. YTD_DECREASE marks the later one by convention and sums both. When the other figures decide it, this rule
 * flags the cell that is out of line, and (holds: true) keeps it out of the totals (stat-qa finding 1: 2024年1-3月
 * 696 typed for 69.6, then 1-6月 145.4 — the decrease sat on the correct 145.4 while 696 stayed in every total).
 *
 * Evidence, for a falling pair e > l (consecutive 累计 of one entity, indicator, unit and year):
 *   last year  both have a 上年同期 (> 0): e is out of line when e ÷ its 上年同期 is beyond `ratio` (or under
 *              1/`ratio`) while l ÷ its own is within `in_line` (and 1/`in_line`); l likewise the other way round
 *              (696 ÷ 67.3 = 10.3 > 3 while 145.4 ÷ 140.1 = 1.04 → the 696 is wrong);
 *   the year   the 累计 after l is at least l and e is more than `in_line` times it (1-9月 220 ≥ 145.4, 696 > 2 × 220:
 *              two later figures agree against e); or the 累计 before e is at most e and more than `in_line` times l
 *              (two earlier figures agree against l);
 *   by months  the 累计 after l is at least e and agrees with e month for month (within `in_line`) while l's monthly
 *              amount is beyond `ratio` of e's (1400, 298, 4500 a quarter apart: 467, 50, 500 a month → the 298); or
 *              the mirror, the 累计 before e agreeing with l and e beyond (stat-qa3 F1: with no 上年同期, the fall
 *              was left undecided and INCREMENT_JUMP then held the right 1-9月).
 * One cell decided by some evidence and not the other by any → that cell (a `decision` of 'e' or 'l'); otherwise
 * no decision, and YTD_DECREASE flags the pair as before (no last year and nothing later: both summed and marked).
 *
 * A flow's 年 value (basis 'period', grain 'year': a file titled 「2024年…」) is that year's 1-12月 累计 under another
 * name (int_observations_comparable keys them alike): it is judged in the year's 累计 as the 1-12月 would be (stat-qa3 F17:
 * a ×0.1 annual zone value or city total loaded unflagged, where the same row titled 1-12月 was held). Where both are
 * reported they are one figure stated twice, never a fall or a jump against each other (a difference between them is
 * data_quality's annual_differs_from_ytd, from int_values_annual): each is judged against the year's other 累计 on its own.
 *
 * The SQL runs over a `cells` query — columns id, ent, grp (indicator × measure × unit, the 年 value's group the
 * 累计's), period_start, period_end, value, label (the period's label), is_new, alt (a 年 value) — at load time over audit.ts's audit_merged (only the
 * partitions holding a new row), in the re-audit over reaudit.ts's ra_cells: one definition, one verdict, one message.
 * Only equalities join (the window gives each row its neighbours; last year's rows are met on computed keys): a
 * one-sided condition in a LEFT JOIN's ON makes DuckDB loop (see audit-increment.ts).
 */
import type { AuditRule } from "./audit-rules.js";
import { perSpanSql, periodMonthsSql } from "./periods.js";
import { figureSql, ratioSql } from "./numbers.js";

export type LocatedRule = Extract<AuditRule, { kind: "ytd_out_of_line" }>;

const num = figureSql;
const times = (a: string, b: string) => ratioSql(`${a} / ${b}`);

/** Whether `alias`'s row is a year's 年 value (basis 'period', grain 'year'), for audit.ts messageSql's `*_annual` parts. */
export function annualSql(alias: string): string {
  return `coalesce(${alias}.basis = 'period' and ${alias}.grain = 'year', false)`;
}

/**
 * The series a year's 累计 rules read (YTD_OUT_OF_LINE, INCREMENT_JUMP), as a condition on `alias`'s basis and grain:
 * the 累计 and a flow's 年 value. The rules cover flows only (kinds: [flow]); a stock's year-end value is basis 'level'
 * in any case (resolve.ts), never 'period'.
 */
export function ytdOrYearSql(alias = ""): string {
  const a = alias ? `${alias}.` : "";
  return `(${a}basis = 'ytd' or ${a}basis = 'period' and ${a}grain = 'year')`;
}

/** The 应为 of the rejection report (the rule is 核实性; every kind states one). */
export function locatedExpected(): string {
  return "不低于同年前一期的累计值；与上年同期、同年其他累计值相符";
}

/**
 * The falling pairs over `cells` with their verdict: e_id, l_id (the cells' ids), decision ('e' | 'l' | null),
 * e_new, l_new, l_alt (the later cell is a 年 value: an undecided fall onto it is YTD_DECREASE's), and `detail` — the evidence in words, from the flagged cell's side (高于/低于 the other, then why).
 * `partitions`: a condition on c's columns selecting the partitions looked at (load time: those with a new row).
 */
export function locatedPairsSql(r: LocatedRule, cells: string, partitions = "true"): string {
  const R = r.params.ratio;
  const I = r.params.in_line;
  // A 0 below a positive 上年同期 is out of line too (stat-qa9 F5: a 1-6月 typed 0 after 1-3月 82.5 was only marked and
  // summed, where 8.25 was held): a flow's 累计 of 0 after a positive one cannot be right.
  const out = (v: string, y: string) => `(${y} > 0 and ${v} >= 0 and (${v} = 0 or ${v} / ${y} > ${R} or ${y} / nullif(${v}, 0) > ${R}))`;
  const inLine = (v: string, y: string) => `(${y} > 0 and ${v} > 0 and ${v} / ${y} <= ${I} and ${y} / ${v} <= ${I})`;
  // twin: a 年 value and a 1-12月 of the same span — found from the 年 values (few) by a semi-join, not by a window over
  // every cell's span (2.2 s of the statement at province in EXPLAIN ANALYZE, where no 年 value was there to find).
  return `with cs as materialized (select id, ent, grp, period_start, period_end, value, label, is_new, alt from (${cells})),
    tw as (
      select distinct a.ent, a.grp, a.period_start, a.period_end from cs a
      where a.alt and exists (select 1 from cs b where not b.alt and b.ent = a.ent and b.grp = a.grp and b.period_start = a.period_start and b.period_end = a.period_end)),
    c1 as materialized (
      select cs.*, tw.ent is not null as twin
      from cs left join tw on tw.ent = cs.ent and tw.grp = cs.grp and tw.period_start = cs.period_start and tw.period_end = cs.period_end),
    c0 as materialized (${perSpanSql("c1", "(period_start - interval 1 year)::date as ly_start, last_day(period_end - interval 1 year)::date as ly_end")}),
    -- Track 0: the year's 累计 with a 年 value standing as its 1-12月 where no 1-12月 is reported; track 1, only where
    -- both are, the 年 value in the 1-12月's place. The two are one figure stated twice: never compared with each other.
    c as materialized (
      select * exclude (twin), 0 as track from c0 where not (alt and twin)
      union all
      select * exclude (twin), 1 as track from c0
      where (ent, grp) in (select ent, grp from c0 where alt and twin) and not (twin and not alt)),
    -- The year's partitions holding a fall, found by one lag; the neighbours' other columns are read by the full window
    -- there only (a dozen lags and leads over every cell were 2.8 s of the statement at province in EXPLAIN ANALYZE). A
    -- partition without a fall gives no pair (f keeps value < ev only), so the pairs are the same.
    falls as (
      select distinct ent, grp, track, period_start from (
        select ent, grp, track, period_start, value, lag(value) over o as ev from c where ${partitions}
        window o as (partition by ent, grp, track, period_start order by period_end, id))
      where value < ev),
    w as materialized (
      select *, lag(id) over o as e_id, lag(value) over o as ev, lag(label) over o as elabel, lag(alt) over o as e_alt, lag(is_new) over o as e_new,
             lag(ly_start) over o as e_ly_start, lag(ly_end) over o as e_ly_end,
             lag(value, 2) over o as pv, lag(label, 2) over o as plabel, lead(value) over o as nv, lead(label) over o as nlabel,
             ${periodMonthsSql("period_start", "lag(period_end) over o")} as e_months, ${periodMonthsSql("period_start", "period_end")} as l_months,
             ${periodMonthsSql("period_start", "lead(period_end) over o")} as n_months, ${periodMonthsSql("period_start", "lag(period_end, 2) over o")} as p_months
      from c where ${partitions} and (ent, grp, track, period_start) in (select ent, grp, track, period_start from falls)
      window o as (partition by ent, grp, track, period_start order by period_end, id)),
    f as (
      select w.*, ye.value as yev, ye.label as yelabel, yl.value as ylv, yl.label as yllabel
      from w left join c ye on ye.ent = w.ent and ye.grp = w.grp and ye.track = w.track and ye.period_start = w.e_ly_start and ye.period_end = w.e_ly_end
      left join c yl on yl.ent = w.ent and yl.grp = w.grp and yl.track = w.track and yl.period_start = w.ly_start and yl.period_end = w.ly_end
      -- Track 1 repeats track 0's pairs but those with the 年 value (always the later of a pair: it ends the year).
      where w.value < w.ev and (w.track = 0 or w.alt)
      qualify row_number() over (partition by w.track, w.id order by ye.id, yl.id) = 1),
    v as (
      select *, coalesce(${out("ev", "yev")} and ${inLine("value", "ylv")}, false) as ly_e,
             coalesce(${out("value", "ylv")} and ${inLine("ev", "yev")}, false) as ly_l,
             coalesce(nv >= value and ev > ${I} * nv, false) as yr_e,
             coalesce(pv <= ev and pv > ${I} * value, false) as yr_l,
             -- By months: the next 累计 agrees with e, month for month, and l is beyond \`ratio\` of both (1-3月 1400, 1-6月
             -- 298, 1-9月 4500: 467, 50 and 500 a month → the 298, typed for 2980; stat-qa3 F1); or the one before e
             -- agrees with l and e is beyond (the mirror case).
             coalesce(nv >= ev and ${inLine("(nv / n_months)", "(ev / e_months)")} and ${out("(value / l_months)", "(ev / e_months)")}, false) as rate_l,
             coalesce(pv <= value and ${inLine("(value / l_months)", "(pv / p_months)")} and ${out("(ev / e_months)", "(value / l_months)")}, false) as rate_e
      from f)
    select e_id, id as l_id, e_new, is_new as l_new, alt as l_alt,
           case when (ly_e or yr_e or rate_e) and not (ly_l or yr_l or rate_l) then 'e' when (ly_l or yr_l or rate_l) and not (ly_e or yr_e or rate_e) then 'l' end as decision,
           case when (ly_e or yr_e or rate_e) and not (ly_l or yr_l or rate_l) then
                  '高于同年' || label || case when alt then '（年度值）' else '累计' end || ' ' || ${num("value")} || case when alt then '（年度值不应低于同年累计值）' else '（累计值不应下降）' end
                  || case when ly_e then '；它是上年同期（' || yelabel || ' ' || ${num("yev")} || '）的 ' || ${times("ev", "yev")} || ' 倍，而' || label || ' ' || ${num("value")}
                                         || ' 是其上年同期（' || yllabel || ' ' || ${num("ylv")} || '）的 ' || ${times("value", "ylv")} || ' 倍' else '' end
                  || case when yr_e then '；其后的' || nlabel || ' ' || ${num("nv")} || ' 不低于' || label || ' ' || ${num("value")} || '，二者都远低于它' else '' end
                  || case when rate_e and not yr_e then '；按月数折算，此前的' || plabel || ' ' || ${num("pv")} || ' 与' || label || ' ' || ${num("value")}
                                         || ' 相符（月均 ' || ${num("round(pv / p_months, 2)")} || ' 与 ' || ${num("round(value / l_months, 2)")} || '），它的月均 '
                                         || ${num("round(ev / e_months, 2)")} || ' 与二者都不符' else '' end
                when (ly_l or yr_l or rate_l) and not (ly_e or yr_e or rate_e) then
                  '低于同年' || elabel || case when e_alt then '（年度值）' else '累计' end || ' ' || ${num("ev")} || case when alt then '（年度值不应低于同年累计值）' else '（累计值不应下降）' end
                  || case when ly_l then '；它是上年同期（' || yllabel || ' ' || ${num("ylv")} || '）的 ' || ${times("value", "ylv")} || ' 倍，而' || elabel || ' ' || ${num("ev")}
                                         || ' 是其上年同期（' || yelabel || ' ' || ${num("yev")} || '）的 ' || ${times("ev", "yev")} || ' 倍' else '' end
                  || case when yr_l then '；此前的' || plabel || ' ' || ${num("pv")} || ' 不高于' || elabel || ' ' || ${num("ev")} || '，二者都远高于它' else '' end
                  || case when rate_l and not yr_l then '；按月数折算，' || elabel || ' ' || ${num("ev")} || ' 与其后的' || nlabel || ' ' || ${num("nv")}
                                         || ' 相符（月均 ' || ${num("round(ev / e_months, 2)")} || ' 与 ' || ${num("round(nv / n_months, 2)")} || '），它的月均 '
                                         || ${num("round(value / l_months, 2)")} || ' 与二者都不符' else '' end
           end as detail
    from v`;
}
