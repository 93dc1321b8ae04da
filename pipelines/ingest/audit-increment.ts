/**
 * 审核 rule kind `increment_jump` (sources/audit-rules/10-bureau-checks.yml, INCREMENT_JUMP): a
 * quarter's own increment (当季增量) in a 累计 (year-to-date) flow series, set against what that
 * quarter usually adds. A ×10 typo in a 累计 that stays below its parent and under JUMP_20X's
 * ratio (1-12月 4500 for 450 after 1-9月 330: 13.6×) is, as an increment, 4170 against about
 * 110 a quarter — the bureau's check of 当季 against 累计 (quarantine-qa finding 5).
 *
 * For a 累计 ending on a quarter end (1-3月, 1-6月, 1-9月, 1-12月; starting 1 January):
 *   increment  = this 累计 − the same year's 累计 one quarter earlier (1-3月: the 累计 itself);
 *                no such earlier 累计 → no increment, no finding (never a guess);
 *   references = the same quarter's increment a year earlier (上年同期), when both of last
 *                year's 累计 are there; the mean increment of the year's earlier quarters,
 *                i.e. the previous 累计 ÷ the number of quarters it covers (1-6月 and later);
 *   finding    = increment > ratio × the LARGER reference (both must look small beside it:
 *                a large 4th quarter, as fiscal revenue's, is set against last year's 4th).
 * Only increases are checked: a 累计 below the one before is YTD_DECREASE's; a 累计 more than `jump_ratio` times
 * (or less than 1/`jump_ratio` of) the previous 累计 or last year's same 累计 is JUMP_20X's (万元 typed as 亿元),
 * flagged there already — one flag per error.
 *
 * Message placeholders: {value} {period} the flagged 累计; {other} {other_period} the 累计 the reference is read
 * from (last year's same 累计, or the previous 累计); {quarter} {increment} the quarter and its increment;
 * {other_quarter} {other_increment} the reference described (上年同期（2023年10-12月）, 本年此前3个季度（2024年1-9月）平均)
 * and its value; {ratio} increment ÷ reference, one decimal.
 *
 * The SQL here runs inside the other rules' passes: at load time over audit.ts's temp
 * audit_merged / audit_series (new rows flagged only), in the re-audit over reaudit.ts's
 * ra_cells (current values). Both hand back the rows the caller's message join expects.
 */
import type { AuditRule } from "./audit-rules.js";
import { digitQuestionSql, figureSql, ratioSql } from "./numbers.js";
import { perSpanSql } from "./periods.js";
import { annualSql, ytdOrYearSql } from "./audit-ytd-located.js";
import { sqlString } from "../warehouse/sql-literal.js";

type IncrementRule = Extract<AuditRule, { kind: "increment_jump" }>;
/** Renders a message template to a SQL expression (audit.ts `messageSql`, passed in to keep the imports one way). */
type Render = (template: string, parts: Record<string, string>) => string;

const q = sqlString;
const num = figureSql;

/** The 应为 of the rejection report (never used: the rule is 核实性, but every kind states one). */
export function incrementExpected(r: IncrementRule): string {
  return `当季增量不超过上年同期当季增量和本年此前各季平均增量中较大者的 ${r.params.ratio} 倍`;
}

/** A quarter's own months from the 累计's end: 2024-12-31 → 2024年10-12月, 2024-03-31 → 2024年1-3月. */
const quarterLabel = (end: string) => `year(${end}) || '年' || (month(${end}) - 2) || '-' || month(${end}) || '月'`;

/** The condition on a 累计's period that it is a quarter-end 累计 of one year (1-3月 … 1-12月, or a flow's 年 value: its 1-12月). */
const quarterYtd = (a: string) =>
  `${ytdOrYearSql(a)} and ${a}.measure = 'value' and month(${a}.period_start) = 1 and day(${a}.period_start) = 1
   and year(${a}.period_end) = year(${a}.period_start) and month(${a}.period_end) % 3 = 0 and ${a}.period_end = last_day(${a}.period_end)`;

/**
 * The findings over `cells` (a query with columns id, ent, grp = the series group, period_start, period_end, value,
 * alt = a 年 value standing as its year's 1-12月;
 * `keep` selects the rows that may be flagged): increments beyond `ratio` × the reference, as (id, pid = the previous
 * 累计's id, null for 1-3月; inc; ref; ref_id = the cell the reference is read from — last year's same 累计 or the
 * previous 累计; ref_what 'ly' | 'mean'; quarters = the earlier quarters of the year).
 */
function incrementsSql(cells: string, keep: string, ratio: number, jump: number, opts: { below?: number } = {}): string {
  const far = (a: string, b: string) => `coalesce(${a} > 0 and ${b} > 0 and (${a} / ${b} > ${jump} or ${b} / ${a} > ${jump}), false)`;
  // The previous quarter's end is a column, not a condition on one side of the LEFT JOIN's ON: with
  // `month(period_end) > 3` there DuckDB cannot hash the join and falls back to a nested loop (65 s at province).
  return `with cs as materialized (${cells}),
    c as materialized (${perSpanSql("cs", `case when month(period_end) > 3 then last_day(period_end - interval 3 month) end as prev_end,
      (period_start - interval 1 year)::date as ly_start, last_day(period_end - interval 1 year) as ly_end`)}),
    i as materialized (
      select c.*, month(c.period_end) // 3 as qn, p.id as pid, p.value as pv,
             case when month(c.period_end) = 3 then c.value else c.value - p.value end as inc
      -- The previous 累计 of lowest id where two share a period (a 1-12月 and its 年 value), picked on the previous side:
      -- each cell's id is unique (audit_merged's eid × sid, ra_cells' cid), so no cell has two matches and no window over
      -- every cell is needed (a row_number per cell was 1.4 s of the statement at province in EXPLAIN ANALYZE).
      from c left join (select ent, grp, period_start, period_end, min(id) as id, arg_min(value, id) as value from c group by all) p
        on p.ent = c.ent and p.grp = c.grp and p.period_start = c.period_start and p.period_end = c.prev_end
      where month(c.period_end) = 3 or p.id is not null),
    r as (
      select n.*, y.id as yid, case when y.inc > 0 then y.inc end as ly_ref,
             case when n.qn > 1 and n.pv > 0 then n.pv / (n.qn - 1) end as mean_ref, yc.value as ly_value
      from i n left join i y on y.ent = n.ent and y.grp = n.grp and y.period_start = n.ly_start and y.period_end = n.ly_end
      left join c yc on yc.ent = n.ent and yc.grp = n.grp and yc.period_start = n.ly_start and yc.period_end = n.ly_end
      -- The previous 累计's own increment: a fall there (1-3月 1400, 1-6月 298) makes every later increment look huge
      -- beside a mean that counts it (stat-qa3 F1: the right 1-9月 4500 was held as 多输一位); the fall is the YTD rules'.
      left join i pq on pq.id = n.pid
      where (${keep}) and not coalesce(pq.inc < 0, false)
        -- The final test's conditions on the row's own columns, applied before the dedupe (they drop whole partitions of
        -- n.id, so the row kept in the others is the same): an increment above \`ratio\` × the larger reference is above
        -- \`ratio\` × the mean; at province this leaves a handful of the 293 000 累计 for the window (EXPLAIN ANALYZE 1.4 s).
        and n.inc > 0 and not coalesce(n.qn > 1 and n.pv > 0 and n.inc <= ${ratio} * (n.pv / (n.qn - 1)), false)
        and not (${far("n.value", "n.pv")} and not n.alt)
      qualify row_number() over (partition by n.id order by y.id, yc.id, pq.id) = 1)
    select id, pid, inc, greatest(ly_ref, mean_ref) as ref,
           case when coalesce(ly_ref, 0) >= coalesce(mean_ref, 0) then yid else pid end as ref_id,
           case when coalesce(ly_ref, 0) >= coalesce(mean_ref, 0) then 'ly' else 'mean' end as ref_what, qn - 1 as quarters
    from r where inc > 0 and greatest(ly_ref, mean_ref) > 0 and inc > ${ratio} * greatest(ly_ref, mean_ref)
      -- below_ratio: beyond it another rule (INCREMENT_JUMP) flags the cell already — one flag per error.
      ${opts.below !== undefined ? `and inc <= ${opts.below} * greatest(ly_ref, mean_ref)` : ""}
      -- The 累计 itself beyond JUMP_20X's ratio of the previous or last year's: that rule flags the cell already — but
      -- for a 年 value the previous 累计 (its 1-9月) is not JUMP_20X's to compare (its series group is the years'): here.
      and not (${far("value", "pv")} and not alt) and not ${far("value", "ly_value")}`;
}

/**
 * The first-period findings (FIRST_QUARTER_JUMP, `first_quarter_only`) over `cells`, in incrementsSql's shape: a flow's
 * FIRST value of a year — its 1-3月 累计, or a 年 value (alt) or a later 累计 (1-6月, 1-9月, 1-12月) with no earlier
 * quarter-end 累计 of that year among `cells` (stat-qa9 F1: a province total ×10 in a 1-12月 file passed) —
 * against its 上年同期 (last year's 1-3月; for a 年 value last year's 年 or 1-12月, the one of its own series first):
 * beyond `ratio`× (a 1-3月 up to `below`×, beyond it INCREMENT_JUMP's increment of the 1-3月 itself is as large) or
 * below 1/`ratio` (stat-qa4 F19: 16 for 160 against 150, 0.107×; F18: a city total 145 for 1450 against 1400; F10/F17:
 * 「2025年」 values with no 2025 quarters against last year's 年; stat-qa10 F4: a 0 where last year's was positive — a
 * blank typed 0). Beyond `jump`× either way against a value of its own
 * series is JUMP_20X's (one flag per error); a 年 value against last year's 1-12月 is not JUMP_20X's pair, so it stays here.
 * Columns: id, pid (null), inc (the value), ref (last year's value), ref_id, ref_what 'ly_total', quarters (0).
 */
function firstPeriodsSql(cells: string, keep: string, ratio: number, jump: number, below: number | undefined): string {
  const up = below === undefined ? `n.value > ${ratio} * y.value` : `n.value > ${ratio} * y.value and (n.alt or n.value <= ${below} * y.value)`;
  // A 0 is no ratio of its own series (JUMP_20X compares positive values only): it stays here, below ÷`ratio`.
  const far = `(n.value > 0 and (n.value / y.value > ${jump} or y.value / n.value > ${jump}))`;
  return `with c as materialized (select *, (period_start - interval 1 year)::date as ly_start, last_day(period_end - interval 1 year) as ly_end,
      min(period_end) over (partition by ent, grp, period_start) as first_end from (${cells}))
    select n.id, null::bigint as pid, n.value as inc, y.value as ref, y.id as ref_id, 'ly_total' as ref_what, 0 as quarters
    from c n join c y on y.ent = n.ent and y.grp = n.grp and y.period_start = n.ly_start and y.period_end = n.ly_end
    where (${keep}) and (month(n.period_end) = 3 or n.period_end = n.first_end)
      -- A first value of 0 against a positive 上年同期 is below ÷ratio too (stat-qa10 F4: a blank typed 0 passed).
      and n.value >= 0 and y.value > 0 and (${up} or y.value > ${ratio} * n.value)
      and not (${far} and (not n.alt or y.alt))
    qualify row_number() over (partition by n.id order by y.alt <> n.alt, y.id) = 1`;
}

/** Where a finding's numbers are: the increment, the reference, 'ly' | 'mean', the earlier quarters (SQL expressions). */
type Found = { inc: string; ref: string; what: string; quarters: string };

/**
 * The message parts of a finding: `s` the flagged 累计's series (period_end), `o` the reference cell's series (period_end,
 * period_label); `base` the placeholders every rule has (value, unit, …), as the caller's other rules fill them.
 */
function parts(base: Record<string, string>, s: string, o: string, h: Found): Record<string, string> {
  return {
    ...base,
    quarter: quarterLabel(`${s}.period_end`),
    increment: num(h.inc),
    other_increment: num(h.ref),
    // Below 1 (a first period ÷10: 0.107×) one decimal would say 0.1.
    ratio: ratioSql(`${h.inc} / ${h.ref}`, 1),
    // A 0 is not a digit too many or too few: a blank typed 0, or a quarter without any (stat-qa10 F4).
    question: digitQuestionSql(h.inc),
    other_quarter: `case when ${h.what} = 'ly' then '上年同期（' || ${quarterLabel(`${o}.period_end`)} || '）'
      when ${h.what} = 'ly_total' then '上年同期（' || ${o}.period_label || ' ' || ${num(h.ref)} || '）'
      else '本年此前' || ${h.quarters} || '个季度（' || ${o}.period_label || '）平均' end`,
  };
}

/** The rule's findings over `cells` (incrementsSql's columns and shape): the first-period test for `first_quarter_only`. */
function findingsSql(r: IncrementRule, cells: string, keep: string): string {
  const p = r.params;
  return p.first_quarter_only ? firstPeriodsSql(cells, keep, p.ratio, p.jump_ratio, p.below_ratio)
    : incrementsSql(cells, keep, p.ratio, p.jump_ratio, { below: p.below_ratio });
}

/**
 * Load time: the statement inserting the findings on new rows into temp.audit_hits (audit.ts `evaluateAudit`, once
 * audit_merged is staged); `scope` is the SQL list of audit_series sids the rule covers. Cell text is joined by the caller.
 */
export function incrementHitsSql(r: IncrementRule, scope: string, render: Render): string {
  const found = findingsSql(r,
    `select m.eid::bigint * 4294967296 + m.sid as id, m.eid as ent, a.fuid as grp, m.period_start, m.period_end, m.value, m.is_new, a.basis = 'period' as alt
     from audit_merged m join audit_series a on a.sid = m.sid where m.sid in ${scope} and ${quarterYtd("a")}`,
    "n.is_new",
  );
  const message = render(r.message, parts({
    value: num("n.value"), unit: "s.unit", entity: "e.entity_name", indicator: "s.indicator_name", period: "s.period_label",
    other: num("o.value"), other_period: "os.period_label", other_entity: "e.entity_name", detail: "''",
    period_annual: annualSql("s"), other_period_annual: annualSql("os"),
  }, "s", "os", { inc: "h.inc", ref: "h.ref", what: "h.ref_what", quarters: "h.quarters" }));
  return `insert into audit_hits
    with h as (${found})
    select ${q(r.code)}, ${q(r.severity)}, n.line, n.col, e.entity_code, e.entity_name, s.indicator_code, s.indicator_name, s.measure,
           s.period_start, s.period_end, s.period_label, s.basis, n.value, null, ${message}, ${q(incrementExpected(r))}, n.ord
    from h join audit_merged n on n.eid = h.id // 4294967296 and n.sid = h.id % 4294967296 and n.is_new
    join audit_entities e on e.eid = n.eid join audit_series s on s.sid = n.sid
    join audit_merged o on o.eid = h.ref_id // 4294967296 and o.sid = h.ref_id % 4294967296 join audit_series os on os.sid = o.sid`;
}

/**
 * Re-audit: the rule's pairs over temp.ra_cells in reaudit.ts's ra_pairs shape (rule_code, a = the 累计 flagged,
 * b = the reference cell, c3, what, o_value = the reference increment, d1 = the increment, d2 = earlier quarters,
 * spike_a, spike_b, by_order = false: always the later 累计, as at load time).
 */
export function incrementPairsSql(r: IncrementRule): string {
  const codes = r.indicatorCodes.map(q).join(", ");
  const found = findingsSql(r,
    `select cid as id, entity_code as ent, indicator_code || '|' || unit as grp, period_start, period_end, value, basis = 'period' as alt
     from ra_cells c where indicator_code in (${codes}) and ${quarterYtd("c")}`,
    "true",
  );
  return `select ${q(r.code)} as rule_code, h.id as a, h.ref_id as b, null::integer as c3, h.ref_what as what, h.ref as o_value,
      h.inc as d1, h.quarters::double as d2, false as spike_a, false as spike_b, false as by_order
    from (${found}) h`;
}

/**
 * Re-audit message over reaudit.ts's aliases: s the flagged cell, o the reference cell, h the pair (o_value, d1, d2, what).
 * {other} is the reference cell's 累计, as at load time (reaudit's base gives o_value, here the reference increment).
 */
export function incrementMessageSql(r: IncrementRule, render: Render, base: Record<string, string>): string {
  return render(r.message, parts({ ...base, other: num("o.value") }, "s", "o", { inc: "h.d1", ref: "h.o_value", what: "h.what", quarters: "h.d2::integer" }));
}
