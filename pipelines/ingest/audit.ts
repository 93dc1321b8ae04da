/**
 * The 审核 evaluator: runs the rules of `sources/audit-rules/` in SQL over a file's
 * staged rows (temp.stage_values/stage_series/stage_entities, the shape both
 * ingest paths hand to `loadFile`) and the values already in the warehouse, inside
 * the file's load transaction. 强制性 findings reject the file (`AuditRejection`);
 * 核实性 findings are stored in `ingest.audit_flags` as 需核实.
 *
 * Only rows of the file being loaded are flagged; the warehouse supplies what they
 * are compared with (the previous period, the same period last year, the parent
 * region, the levels behind a growth rate). Within the file, the latest vintage of
 * a key is the one compared. A batch of files (batch.ts) is evaluated in one pass,
 * each finding tagged with its file's `ord`, when that finds what loading the files
 * one by one would.
 */
import { ZonestatError } from "../errors.js";
import { carryConfirmations } from "./carry-confirmations.js";
import type { Warehouse } from "../warehouse/index.js";
import type { AuditRule } from "./audit-rules.js";
import { incrementExpected, incrementHitsSql } from "./audit-increment.js";
import { annualSql, locatedExpected, locatedPairsSql, ytdOrYearSql } from "./audit-ytd-located.js";
import { peerExpected, peerOutliersSql, zoneCities } from "./audit-peer.js";
import { flagSheetSql } from "../cell-ref.js";
import { MAX_PROBLEMS, type Problem } from "./problems.js";
import type { Reference } from "./reference.js";
import { periodMonthsSql } from "./periods.js";
import { digitQuestionSql, figureSql } from "./numbers.js";
import { sqlString } from "../warehouse/sql-literal.js";

/** A 合计 row found by the reader (row path): the one finding not computed over staged rows. */
export interface TotalFinding {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly sum: string;
}

/** Thrown inside the load transaction (so nothing is written) when a 强制性 rule fails. */
export class AuditRejection extends ZonestatError {
  /** `ord`: in a batch, the load-order place of the rejected file (batch.ts). */
  constructor(readonly problems: readonly Problem[], readonly ord = 0) {
    super(problems[0]!.code, problems[0]!.message, { line: problems[0]!.line, column: problems[0]!.column, value: problems[0]!.value, expected: problems[0]!.expected });
  }
}

const q = sqlString;
const num = figureSql;
const YTD_OR_YEAR = ytdOrYearSql();

/**
 * A rule's message template as a SQL expression: `{name}` → the given expression's text. `{period}累计` (and
 * `{other_period}累计`) name the period's basis, so where `parts.period_annual` (`other_period_annual`) is given
 * — true for a year's 年 value — the 累计 reads （年度值）: an annual 「2024年」 value is not a 累计 (stat-qa6 F7;
 * projects keep their own copies of the rules, so the wording is fixed here, not in the YAML).
 */
export function messageSql(template: string, parts: Record<string, string>): string {
  const split = template.split(/(\{[a-z_]+\})/).filter(Boolean);
  const pieces = split.map((p, i) => {
    const m = p.match(/^\{([a-z_]+)\}$/);
    if (m) return parts[m[1]!] ? `coalesce(cast(${parts[m[1]!]} as varchar), '')` : q(p);
    const annual = parts[`${split[i - 1]?.match(/^\{(period|other_period)\}$/)?.[1]}_annual`];
    return annual && p.startsWith("累计") ? `case when ${annual} then '（年度值）' else '累计' end || ${q(p.slice(2))}` : q(p);
  });
  return pieces.length ? pieces.join(" || ") : "''";
}


/**
 * `batch`: the staged tables hold several files of one batch (batch.ts): temp.stage_values
 * and temp.stage_series carry `ord`, the file's place in load order, and their keys are
 * unique across the batch. Every finding then carries the `ord` of the file it flags.
 */
export interface AuditOptions {
  readonly batch?: boolean;
}

const HIT_COLUMNS = [
  "line", "col", "entity_code", "entity_name", "indicator_code", "indicator_name", "measure",
  "period_start", "period_end", "period_label", "basis", "value", "original_text",
] as const;

const COMPARATIVE = new Set(["ytd_not_decreasing", "ytd_out_of_line", "jump", "not_above_parent", "growth_consistent", "increment_jump", "peer_outlier", "ytd_repeated"]);

/** What a value must satisfy, for the rejection report's 应为. */
function expectedText(r: AuditRule): string {
  switch (r.kind) {
    case "range":
      return r.params.min !== undefined && r.params.max !== undefined ? `${r.params.min} 至 ${r.params.max} 之间` : r.params.min !== undefined ? `不小于 ${r.params.min}` : `不大于 ${r.params.max}`;
    case "ytd_not_decreasing":
      return "不低于同年前一期的累计值";
    case "jump":
      return `与上期、上年同期之比在 1/${r.params.ratio} 至 ${r.params.ratio} 之间`;
    case "not_above_parent":
      return "不高于上级地区同期数值";
    case "growth_consistent":
      return `与按两年数值计算的增速相差不超过 ${r.params.tolerance_points} 个百分点`;
    case "total_matches_sum":
      return "等于各行之和（舍入误差以内）";
    case "increment_jump":
      return incrementExpected(r);
    case "ytd_out_of_line":
      return locatedExpected();
    case "peer_outlier":
      return peerExpected(r);
    case "ytd_repeated":
      return "大于同年前一期的累计值（本期有新增）";
  }
}

/**
 * Evaluates `rules` against the staged file. Leaves `temp.audit_hits` (one row per
 * finding: the flagged row's columns, rule_code, severity, message, expected) for
 * `storeAuditFlags`; throws `AuditRejection` with up to 200
 * problems (file order) when a 强制性 rule fails.
 */
export async function evaluateAudit(wh: Warehouse, rules: readonly AuditRule[], ref: Reference, totals: readonly TotalFinding[] = [], opts: AuditOptions = {}): Promise<void> {
  const sql = wh.sql;
  const vOrd = opts.batch ? "v.ord" : "0";
  const scope = rules.flatMap((r) => r.indicatorCodes.map((c) => `(${q(r.code)}, ${q(c)})`));
  await sql.exec(`create or replace temp table audit_hits (rule_code varchar, severity varchar, line integer, col varchar, entity_code varchar, entity_name varchar,
      indicator_code varchar, indicator_name varchar, measure varchar, period_start date, period_end date, period_label varchar, basis varchar,
      value double, original_text varchar, message varchar, expected varchar, ord integer);
    create or replace temp table audit_scope (rule_code varchar, indicator_code varchar);
    create or replace temp view audit_new as
      select ${vOrd} as ord, v.line, v.col, e.entity_code, e.entity_name, e.entity_kind, s.indicator_code, s.indicator_name, s.measure, s.period_start, s.period_end,
             s.period_label, s.grain, s.basis, s.unit, s.vintage, v.value, v.original_text, v.series_key
      from temp.stage_values v join temp.stage_entities e using (entity_key) join temp.stage_series s using (series_key)
      where not s.uncatalogued and v.value is not null;
    ${scope.length ? `insert into audit_scope values ${scope.join(", ")}` : ""}`);
  const inScope = (r: AuditRule, alias: string) => `${alias}.indicator_code in (select indicator_code from audit_scope where rule_code = ${q(r.code)})`;

  const comparative = rules.filter((r) => COMPARATIVE.has(r.kind));
  const exists = comparative.length ? await stageMerged(wh, ref, comparative, vOrd) : { last_year: false, parents: false, growth: false };
  const sids = (r: AuditRule, measure: string, extra = "") =>
    `(select sid from audit_series where measure = '${measure}'${extra} and indicator_code in (select indicator_code from audit_scope where rule_code = ${q(r.code)}))`;
  /** Findings of `emit` so far: the only ones whose cell text is joined afterwards. */
  let comparativeHits = 0;
  /**
   * Inserts findings from `narrow`, a query over audit_merged's integer keys giving the flagged row
   * (line, col, f_eid, f_sid, f_value), the row the message is about (eid, sid, value), the row it
   * was compared with (o_eid, o_sid, o_value), and `what`, d1, d2 for the detail. Names are joined
   * only for the findings, from the small dictionaries.
   */
  const emit = (r: AuditRule, narrow: string, detail = "''") => {
    const message = messageSql(r.message, {
      value: num("h.value"), unit: "sn.unit", entity: "en.entity_name", indicator: "sn.indicator_name", period: "sn.period_label",
      other: num("h.o_value"), other_period: "so.period_label", other_entity: "eo.entity_name", detail,
      period_annual: annualSql("sn"), other_period_annual: annualSql("so"), question: digitQuestionSql("h.value"),
    });
    return sql.execCount(`insert into audit_hits
      select ${q(r.code)}, ${q(r.severity)}, h.line, h.col, fe.entity_code, fe.entity_name, fs.indicator_code, fs.indicator_name, fs.measure,
             fs.period_start, fs.period_end, fs.period_label, fs.basis, h.f_value, null, ${message}, ${q(expectedText(r))}, h.f_ord
      from (${narrow}) h
      join audit_entities fe on fe.eid = h.f_eid join audit_series fs on fs.sid = h.f_sid
      join audit_entities en on en.eid = h.eid join audit_series sn on sn.sid = h.sid
      left join audit_entities eo on eo.eid = h.o_eid left join audit_series so on so.sid = h.o_sid`).then((n) => void (comparativeHits += n));
  };
  // Window inputs trimmed on the dictionary, without changing any new row's neighbours: a partition without a new row
  // finds nothing, and a stored row later than a series group's last new period is nobody's predecessor.
  const newPartition = (...cols: string[]) => `(${cols.join(", ")}) in (select ${cols.map((c) => `a.${c}`).join(", ")} from audit_series a where a.sid in (select sid from audit_map_new_s))`;
  const notAfterNew = `period_end <= (select max(a.period_end) from audit_series a where a.gid = audit_series.gid and a.sid in (select sid from audit_map_new_s))`;
  const self = "n.ord as f_ord, n.line, n.col, n.eid as f_eid, n.sid as f_sid, n.value as f_value, n.eid, n.sid, n.value";
  // Passes over every row are skipped when the small dictionaries show they cannot find anything.
  const lastYearExists = exists.last_year;
  const parentsExist = exists.parents;
  const growthExists = exists.growth;

  // Every range rule in one statement: one pass over the staged rows instead of one per rule.
  const conds: string[] = [];
  const ranges = rules.flatMap((r) => {
    if (r.kind !== "range") return [];
    const cond = [r.params.min !== undefined ? `n.value < ${r.params.min}` : "", r.params.max !== undefined ? `n.value > ${r.params.max}` : ""].filter(Boolean).join(" or ");
    // The rule's scope as constants (what audit_scope holds for its code): most values lie above a rate's 100 but few
    // of them are rates.
    const codes = [...new Set(rules.filter((x) => x.code === r.code).flatMap((x) => x.indicatorCodes))];
    // The scope as the file's series keys (a semi-join on the small series table): the whole condition then reads the
    // values' own columns and is applied to them before they are joined to their entity and series.
    conds.push(codes.length ? `((${cond}) and n.series_key in (select series_key from temp.stage_series where measure = 'value' and indicator_code in (${codes.map(q).join(", ")})))` : "false");
    return [`select ${q(r.code)}, ${q(r.severity)}, ${HIT_COLUMNS.map((c) => `n.${c}`).join(", ")},
            ${messageSql(r.message, { value: num("n.value"), unit: "n.unit", entity: "n.entity_name", indicator: "n.indicator_name", period: "n.period_label" })}, ${q(expectedText(r))}
          , n.ord from n where ${inScope(r, "n")} and (${cond})`];
  });
  // Only values outside some rule's bounds and inside its scope are materialised: each rule then applies its own
  // bounds and scope to that handful.
  if (ranges.length) await sql.exec(`insert into audit_hits with n as materialized (select * from audit_new n where measure = 'value' and (${conds.join(" or ")})) ${ranges.join(" union all ")}`);

  // Falling 累计 whose evidence decides the wrong cell (YTD_OUT_OF_LINE, audit-ytd-located.ts), before the rules run:
  // YTD_DECREASE leaves those pairs to it. Undecided falls onto a 年 value (decision null, l_alt) are kept too: they
  // are YTD_DECREASE's, which reads the 累计 alone otherwise. A verdict on a stored cell is the re-audit's to flag (on its own file):
  // recorded in temp.audit_reaudit_due, which makes this run's re-audit run (reaudit-run.ts).
  const located = rules.filter((r) => r.kind === "ytd_out_of_line");
  await sql.exec(`create or replace temp table audit_ytd_located (rule_code varchar, e_id bigint, l_id bigint, e_new boolean, l_new boolean, decision varchar, detail varchar)`);
  for (const r of located) {
    if (r.kind !== "ytd_out_of_line") continue;
    await sql.exec(`insert into audit_ytd_located select ${q(r.code)}, e_id, l_id, e_new, l_new, decision, detail from (${locatedPairsSql(r,
      `select m.eid::bigint * 4294967296 + m.sid as id, m.eid as ent, a.fuid as grp, m.period_start, m.period_end, m.value, a.period_label as label, m.is_new,
              a.basis = 'period' as alt
       from audit_merged m join audit_series a on a.sid = m.sid where m.sid in ${sids(r, "value", ` and ${YTD_OR_YEAR}`)}`,
      "(ent, grp, period_start) in (select ent, grp, period_start from c where is_new)")}) where decision is not null or l_alt`);
  }
  if (located.length) {
    await sql.exec(`create temp table if not exists audit_reaudit_due (rule_code varchar, cell bigint);
      insert into audit_reaudit_due select rule_code, case decision when 'e' then e_id else l_id end from audit_ytd_located
      where (decision = 'e' and not e_new) or (decision = 'l' and not l_new)`);
  }

  // ABOVE_PARENT last: it reads the other rules' findings on the parent's and its children's values (markedCellsSql).
  for (const r of [...rules.filter((x) => x.kind !== "not_above_parent"), ...rules.filter((x) => x.kind === "not_above_parent")]) {
    switch (r.kind) {
      case "range":
        break;
      case "ytd_out_of_line":
        await emit(r, `select n.ord as f_ord, n.line, n.col, n.eid as f_eid, n.sid as f_sid, n.value as f_value, n.eid, n.sid, n.value,
              o.eid as o_eid, o.sid as o_sid, o.value as o_value, '' as what, null::double as d1, null::double as d2, p.detail as dtext
            from (select detail, case decision when 'e' then e_id else l_id end as f_id, case decision when 'e' then l_id else e_id end as o_id
                  from audit_ytd_located where rule_code = ${q(r.code)} and ((decision = 'e' and e_new) or (decision = 'l' and l_new))) p
            join (select *, eid::bigint * 4294967296 + sid as id from audit_merged where is_new) n on n.id = p.f_id
            join (select *, eid::bigint * 4294967296 + sid as id from audit_merged) o on o.id = p.o_id`, "h.dtext");
        break;
      case "ytd_repeated": {
        // A new 累计 equal to the year's previous 累计 of the same entity (a Q2 increment of exactly 0), when most of the
        // file's values of that series are (stat-qa7 F7: a 1-6月 file repeating the 1-3月 figures loaded unflagged). One
        // zone's 0 increment can be true (no FDI this quarter); a whole file's is a copy. Zeros are not evidence.
        // Neighbours from the dictionary only (ytd_prev_sid); a tie in period ends compares nothing.
        // A flow's 年 value is judged as its year's 1-12月 (as YTD_OUT_OF_LINE judges it): against the entity's last 累计
        // of the year before December (stat-qa10 F3: a 「2024年」 file repeating the 1-9月 figures loaded unflagged).
        const ytd = sids(r, "value", " and basis = 'ytd' and not ytd_tie");
        const years = sids(r, "value", ` and ${annualSql("audit_series")}`);
        await emit(r, `with p0 as (
              select n.ord, n.line, n.col, n.eid, n.sid, n.value, o.sid as osid, o.value as ovalue
              from (select * from audit_merged where is_new and sid in ${ytd}) n join audit_series s on s.sid = n.sid
              join (select eid, sid, value from audit_merged where sid in ${ytd}) o on o.eid = n.eid and o.sid = s.ytd_prev_sid
              union all
              select n.ord, n.line, n.col, n.eid, n.sid, n.value, arg_max(o.sid, so.period_end), arg_max(o.value, so.period_end)
              from (select * from audit_merged where is_new and sid in ${years}) n join audit_series s on s.sid = n.sid
              join audit_merged o on o.eid = n.eid
              join audit_series so on so.sid = o.sid and so.fuid = s.fuid and so.basis = 'ytd' and so.period_start = s.period_start and so.period_end < s.period_end
              group by n.ord, n.line, n.col, n.eid, n.sid, n.value),
            p as (select *, value = ovalue and value <> 0 as same from p0),
            g as (select ord, sid, count(*) filter (where same) as k, count(*) as m from p group by ord, sid
                  having count(*) >= ${r.params.min_values} and count(*) filter (where same) >= ${r.params.share} * count(*))
            select p.ord as f_ord, p.line, p.col, p.eid as f_eid, p.sid as f_sid, p.value as f_value, p.eid, p.sid, p.value,
                   p.eid as o_eid, p.osid as o_sid, p.ovalue as o_value, '' as what, g.k::double as d1, g.m::double as d2
            from p join g using (ord, sid) where p.same`,
          `'；本文件该期 ' || cast(h.d2 as integer) || ' 个数值中 ' || cast(h.d1 as integer) || ' 个与' || so.period_label || '相同'`);
        break;
      }
      case "ytd_not_decreasing": {
        // Both neighbours within the year: a new 1-6月 below the 1-3月, or a new 1-3月 above a stored 1-6月.
        const prev = "n.value < n.pv";
        const ytd = sids(r, "value", ` and basis = 'ytd' and ${newPartition("uid", "period_start")}`);
        const windowed = (where: string) => `select eid, sid, value, line, col, ord, is_new, lag(value) over w as pv, lag(sid) over w as psid, lead(value) over w as nv, lead(sid) over w as nsid, lead(is_new) over w as nnew
                  from audit_merged where sid in ${ytd}${where}
                  window w as (partition by (eid::bigint << 32) + uid, period_start order by period_end)`;
        // Each new row's neighbours are the dictionary's (ytd_prev_sid, ytd_next_sid), met by two joins on integers instead
        // of a window over every row; a partition where the entity lacks such a neighbour (a period missing) or the
        // order has a tie is run through the window as before.
        const rows = auditTuning.windowLag ? windowed("") : `with m as materialized (
              select n.eid, n.sid, n.uid, n.period_start, n.value, n.line, n.col, n.ord, n.is_new, p.value as pv, p.sid as psid, x.value as nv, x.sid as nsid, x.is_new as nnew,
                     s.ytd_tie or (s.ytd_prev_sid is not null and p.sid is null) or (s.ytd_next_sid is not null and x.sid is null) as again
              from (select * from audit_merged where is_new and sid in ${ytd}) n join audit_series s on s.sid = n.sid
              left join (select eid, sid, value from audit_merged where sid in ${ytd}) p on p.eid = n.eid and p.sid = s.ytd_prev_sid
              left join (select eid, sid, value, is_new from audit_merged where sid in ${ytd}) x on x.eid = n.eid and x.sid = s.ytd_next_sid),
            again as (select distinct eid, uid, period_start from m where again)
            select eid, sid, value, line, col, ord, is_new, pv, psid, nv, nsid, nnew from m where (eid, uid, period_start) not in (select * from again)
            union all
            select * from (${windowed(" and (eid, uid, period_start) in (select * from again)")})`;
        const fall = `case when h.what = 'prev' then so.period_label || ' ' || ${num("h.o_value")} || ' → ' || sn.period_label || ' ' || ${num("h.value")}
                else sn.period_label || ' ' || ${num("h.value")} || ' → ' || so.period_label || ' ' || ${num("h.o_value")} end`;
        await emit(r, `select ${self}, n.eid as o_eid, case when ${prev} then n.psid else n.nsid end as o_sid, case when ${prev} then n.pv else n.nv end as o_value,
              case when ${prev} then 'prev' else 'next' end as what, null::double as d1, null::double as d2
            from (${rows}) n
            where n.is_new and (${prev} or (not n.nnew and n.nv < n.value))
              -- A pair whose wrong cell the evidence names is YTD_OUT_OF_LINE's (one flag per error).
              and (n.eid::bigint * 4294967296 + case when ${prev} then n.psid else n.sid end, n.eid::bigint * 4294967296 + case when ${prev} then n.sid else n.nsid end)
                  not in (select e_id, l_id from audit_ytd_located)`, fall);
        // A 年 value below the year's last 累计 with no evidence which is wrong (audit_ytd_located, decision null): the new
        // cell, the 年 value when both are new — as a new 1-12月 below its 1-9月 is flagged above.
        await emit(r, `select n.ord as f_ord, n.line, n.col, n.eid as f_eid, n.sid as f_sid, n.value as f_value, n.eid, n.sid, n.value,
              o.eid as o_eid, o.sid as o_sid, o.value as o_value, case when p.l_new then 'prev' else 'next' end as what, null::double as d1, null::double as d2
            from (select distinct e_id, l_id, l_new from audit_ytd_located where decision is null and (l_new or e_new)) p
            join (select *, eid::bigint * 4294967296 + sid as id from audit_merged where is_new and sid in ${sids(r, "value")}) n
              on n.id = case when p.l_new then p.l_id else p.e_id end
            join (select *, eid::bigint * 4294967296 + sid as id from audit_merged) o on o.id = case when p.l_new then p.e_id else p.l_id end`, fall);
        break;
      }
      case "jump": {
        const k = r.params.ratio;
        const far = (a: string, b: string) => `${a} > 0 and ${b} > 0 and (${a} / ${b} > ${k} or ${b} / ${a} > ${k})`;
        const detail = `case h.what when 'prev_scaled' then '上一期（' || so.period_label || ' ' || ${num("h.d1")} || '，按月数折算）'
            else (case h.what when 'prev' then '上一期' else '上年同期' end) || '（' || so.period_label || '）' end`;
        // A 累计 whose 上一期 is last year's (a 1-3月 after a 1-12月) is compared with that 累计 pro-rated by months
        // (1-12月 800 → 200 for 1-3月): a quarter against a whole year flagged, and held, a true lumpy 1-3月 (stat-qa
        // finding 6), while a 万元/亿元 slip (×10000) still stands out.
        // Read from the row's series and its predecessor's, joined once by sid (`scaled`): as a correlated subquery, written
        // five times below, DuckDB ran one join back over every new row per mention (EXPLAIN ANALYZE at province: ~1.5 s of
        // the statement's 3.1 s).
        const scale = `coalesce(case when sa.basis = 'ytd' and sb.period_start <> sa.period_start
            then ${periodMonthsSql("sa.period_start", "sa.period_end")}::double / ${periodMonthsSql("sb.period_start", "sb.period_end")} end, 1)`;
        const scaled = "left join audit_series sa on sa.sid = n.sid left join audit_series sb on sb.sid = n.psid";
        // The previous period (any distance back) and, when the dictionaries hold one, the same period a year earlier.
        // The lag runs first over the rows from the series group's last period before the file's first (`cutoff`, from
        // the dictionary) on: every other row sorts before all of them, so a non-null lag there is the lag over all rows.
        // Only partitions where a new row found no predecessor (an entity missing that period) are run again over all rows.
        const all = sids(r, "value", ` and ${notAfterNew}`);
        const cutoff = `coalesce((select max(b.period_end) from audit_series b where b.gid = audit_series.gid and b.period_end <
            (select min(a.period_end) from audit_series a where a.gid = audit_series.gid and a.sid in (select sid from audit_map_new_s))), date '0001-01-01')`;
        // Only groups holding a period before their first new one can hide a predecessor from \`near\` (otherwise
        // its cutoff is the beginning of time): a batch's first file, or a first load, runs the lag once.
        const earlier = `select gid from audit_series a group by gid
            having min(period_end) < min(period_end) filter (where sid in (select sid from audit_map_new_s))`;
        const lagged = (where: string) => `select *, lag(value) over w as pv, lag(sid) over w as psid, lag(period_end) over w as pend from audit_merged where ${where}
                  window w as (partition by (eid::bigint << 32) + gid order by period_end)`;
        // The previous period: the dictionary's prev_sid, met by a join on integers; partitions where the entity lacks
        // that period (or the order has a tie) take the window over all their rows, as before.
        const joined = `with m as materialized (
              select n.eid, n.sid, n.gid, n.value, n.line, n.col, n.ord, n.is_new, n.win_lo, p.value as pv, p.sid as psid, p.period_end as pend,
                     s.prev_tie or (s.prev_sid is not null and p.sid is null) as again
              from audit_merged n join audit_series s on s.sid = n.sid
              left join (select eid, sid, value, period_end from audit_merged where sid in ${all}) p on p.eid = n.eid and p.sid = s.prev_sid
              where n.is_new and n.sid in ${sids(r, "value")}),
            again as (select distinct eid, gid from m where again)
            select ${self}, n.eid as o_eid, n.psid as o_sid, n.pv * ${scale} as o_value, case when ${scale} <> 1 then 'prev_scaled' else 'prev' end as what, n.pv as d1, null::double as d2
            from (select eid, sid, gid, value, line, col, ord, is_new, win_lo, pv, psid, pend from m where (eid, gid) not in (select * from again)
                  union all
                  select eid, sid, gid, value, line, col, ord, is_new, win_lo, pv, psid, pend from (${lagged(`sid in ${all} and (eid, gid) in (select * from again)`)})) n ${scaled}
            where n.is_new and ${far("n.value", `n.pv * ${scale}`)} and n.pend >= n.win_lo`;
        if (!auditTuning.windowLag) await emit(r, `${joined}
            ${lastYearExists ? `union all
            select ${self}, o.eid as o_eid, o.sid as o_sid, o.value as o_value, 'last_year' as what, null::double as d1, null::double as d2
            from audit_merged n join audit_merged o on o.eid = n.eid and o.sid = n.ly_sid
            where n.is_new and n.sid in ${sids(r, "value")} and ${far("n.value", "o.value")}` : ""}`, detail);
        else await emit(r, `with near as materialized (${lagged(`sid in ${sids(r, "value", ` and ${notAfterNew} and period_end >= ${cutoff}`)}`)}),
              again as (select distinct eid, gid from near where is_new and pv is null and gid in (${earlier}))
            select ${self}, n.eid as o_eid, n.psid as o_sid, n.pv * ${scale} as o_value, case when ${scale} <> 1 then 'prev_scaled' else 'prev' end as what, n.pv as d1, null::double as d2
            from (select * from near where (eid, gid) not in (select eid, gid from again)
                  union all
                  select * from (${lagged(`sid in ${all} and (eid, gid) in (select eid, gid from again)`)})) n ${scaled}
            where n.is_new and ${far("n.value", `n.pv * ${scale}`)} and n.pend >= n.win_lo
            ${lastYearExists ? `union all
            select ${self}, o.eid as o_eid, o.sid as o_sid, o.value as o_value, 'last_year' as what, null::double as d1, null::double as d2
            from audit_merged n join audit_merged o on o.eid = n.eid and o.sid = n.ly_sid
            where n.is_new and n.sid in ${sids(r, "value")} and ${far("n.value", "o.value")}` : ""}`, detail);
        break;
      }
      case "not_above_parent": {
        // The child's row is flagged when it is new, else the parent's (a new parent below a stored child).
        // The nearest ancestor holding the same indicator over the same span is the parent: the city, else the province
        // (a zone whose city total is not reported is still checked). The span, not the 口径, is compared: a zone's
        // 1-12月 累计 and the bureau's 2024年 total are the same year (quarantine-qa finding 1; shares divides them so).
        // Only pairs with a new side that break the rule are candidates (few), and a candidate stands when its parent is
        // the one the nearest-first order picks: no ancestor row for the span is nearer, or as near and new where the
        // parent is not, or as near, as new and of a lower series — the same choice as ranking every pair, without the
        // window over every zone row of the audit window.
        if (!parentsExist) break;
        // A parent value that is itself held for check (JUMP_20X, YTD_OUT_OF_LINE, INCREMENT_JUMP on the city total: a
        // stored open flag, or this file's finding), or below what its own children report (childrenSumSql: several of
        // them, or with another rule's finding on it), is the suspect, not the zone above it: the flag falls on the parent (a stored parent: on its own file, by the
        // re-audit, as YTD_OUT_OF_LINE's stored verdicts).
        const pick = (c: string) => `case when not p_suspect and n_new then n_${c} else p_${c} end`;
        const candidates = `select n.ord as n_ord, n.line as n_line, n.col as n_col, n.eid as n_eid, n.sid as n_sid, n.value as n_value, n.is_new as n_new,
                         n.vid, n.period_start, n.period_end, ap.depth,
                         p.ord as p_ord, p.line as p_line, p.col as p_col, p.eid as p_eid, p.sid as p_sid, p.value as p_value, p.is_new as p_new
                  from audit_merged n join audit_parents ap on ap.child_eid = n.eid
                  join audit_parent_values p on p.eid = ap.parent_eid and p.vid = n.vid and p.period_start = n.period_start and p.period_end = n.period_end
                  where n.sid in ${sids(r, "value")} and (n.is_new or p.is_new)
                    and n.value > p.value * (1 + ${r.params.tolerance}) and p.value >= 0`;
        // The parents' rows (audit_parent_values) first: few beside their children's, and a table whose size the planner
        // knows, so the joins build on them. In one query DuckDB joined them to every child first and built on that
        // (the province's 2,340 values × 300 zones = 702k rows; bench/ingest.ts --explain at province: 0.27 s).
        await sql.exec(`create or replace temp table audit_parent_values as
            select ord, line, col, eid, sid, value, is_new, vid, period_start, period_end from audit_merged
            where eid in (select parent_eid from audit_parents);
          create or replace temp table audit_above_candidates as
            select c.* from (${candidates}) c
            where not exists (select 1 from audit_parents near join audit_parent_values q on q.eid = near.parent_eid
                              where near.child_eid = c.n_eid and q.vid = c.vid and q.period_start = c.period_start and q.period_end = c.period_end
                                and (near.depth < c.depth or near.depth = c.depth
                                     and (q.is_new and not c.p_new or q.is_new = c.p_new and q.sid < c.p_sid)));
          create or replace temp table audit_marked_cells as ${markedCellsSql(rules)};
          create or replace temp table audit_parent_suspect as ${aboveParentSuspectSql(r, sids(r, "value"))};
          create or replace temp table audit_above_parent as
            select c.*, s.eid is not null as p_suspect, s.codes as p_codes, s.zsum as p_zsum, s.zn as p_zn
            from audit_above_candidates c left join audit_parent_suspect s on s.eid = c.p_eid and s.sid = c.p_sid`);
        await emit(r, `select ${pick("ord")} as f_ord, ${pick("line")} as line, ${pick("col")} as col, ${pick("eid")} as f_eid, ${pick("sid")} as f_sid,
              ${pick("value")} as f_value, n_eid as eid, n_sid as sid, n_value as value,
              p_eid as o_eid, p_sid as o_sid, p_value as o_value, coalesce(p_codes, '') as what, p_zsum as d1, p_zn::double as d2
            from audit_above_parent where not p_suspect or p_new`, aboveParentDetailSql("h.what", "h.d1", "h.d2"));
        // A stored suspect parent: the re-audit flags it on its own file (reaudit-run.ts reads audit_reaudit_due).
        await sql.exec(`create temp table if not exists audit_reaudit_due (rule_code varchar, cell bigint);
          insert into audit_reaudit_due select ${q(r.code)}, p_eid::bigint * 4294967296 + p_sid from audit_above_parent where p_suspect and not p_new`);
        break;
      }
      case "growth_consistent": {
        const pick = (c: string) => `case when n.is_new then n.${c} when c.is_new then c.${c} else p.${c} end`;
        const computed = `100 * (c.value / p.value - 1)`;
        if (growthExists) await emit(r, `select ${pick("ord")} as f_ord, ${pick("line")} as line, ${pick("col")} as col, ${pick("eid")} as f_eid, ${pick("sid")} as f_sid, ${pick("value")} as f_value,
              n.eid, n.sid, n.value, p.eid as o_eid, p.sid as o_sid, round(${computed}, 1) as o_value, '' as what, c.value as d1, p.value as d2
            from audit_merged n
            join audit_merged c on c.eid = n.eid and c.gkid = n.gkid and c.is_level
            join audit_merged p on p.eid = c.eid and p.uid = c.uid and p.period_start = c.ly_start and p.period_end = c.ly_end
            where n.sid in ${sids(r, "yoy_pct")} and (n.is_new or c.is_new or p.is_new) and p.value > 0
              and abs(n.value - ${computed}) > ${r.params.tolerance_points}`,
          `${num("h.d1")} || ' ÷ ' || ${num("h.d2")}`);
        break;
      }
      case "increment_jump":
        comparativeHits += await sql.execCount(incrementHitsSql(r, sids(r, "value"), messageSql));
        break;
      case "peer_outlier": {
        // The file's zones and their cities' other zones (stageMerged takes the siblings in for this rule). A stored cell
        // found only now (its peers are new) is the re-audit's to flag, on its own file (as YTD_OUT_OF_LINE's).
        const cells = `select m.eid::bigint * 4294967296 + m.sid as id, m.eid as ent, e.entity_name as name, zc.city_code as city, a.uid as grp,
            a.fuid as ygrp, a.basis = 'period' and a.grain = 'year' as alt, m.period_start, m.period_end, m.value, m.is_new
          from audit_merged m join audit_series a on a.sid = m.sid join audit_entities e on e.eid = m.eid
          left join audit_zone_city zc on zc.zone_code = e.entity_code where m.sid in ${sids(r, "value")}`;
        const keep = "(c.is_new or exists (select 1 from c q where q.is_new and q.city = c.city and q.grp = c.grp and q.period_start = c.period_start and q.period_end = c.period_end))";
        await sql.exec(`create or replace temp table audit_peer_found as ${peerOutliersSql(r, cells, keep)}`);
        const message = messageSql(r.message, {
          value: num("n.value"), unit: "s.unit", entity: "e.entity_name", indicator: "s.indicator_name", period: "s.period_label",
          other: num("h.peer_max"), other_period: "s.period_label", other_entity: "eo.entity_name", detail: "h.detail",
          period_annual: annualSql("s"), other_period_annual: annualSql("s"),
        });
        comparativeHits += await sql.execCount(`insert into audit_hits
          select ${q(r.code)}, ${q(r.severity)}, n.line, n.col, e.entity_code, e.entity_name, s.indicator_code, s.indicator_name, s.measure,
                 s.period_start, s.period_end, s.period_label, s.basis, n.value, null, ${message}, ${q(expectedText(r))}, n.ord
          from audit_peer_found h join audit_merged n on n.eid = h.id // 4294967296 and n.sid = h.id % 4294967296 and n.is_new
          join audit_entities e on e.eid = n.eid join audit_series s on s.sid = n.sid
          left join audit_entities eo on eo.eid = h.peer_id // 4294967296`);
        await sql.exec(`create temp table if not exists audit_reaudit_due (rule_code varchar, cell bigint);
          insert into audit_reaudit_due select ${q(r.code)}, h.id from audit_peer_found h
          where not exists (select 1 from audit_merged n where n.eid = h.id // 4294967296 and n.sid = h.id % 4294967296 and n.is_new)`);
        break;
      }
      case "total_matches_sum": {
        for (const t of totals) {
          const message = r.message.replace(/\{value\}/g, t.value).replace(/\{other\}/g, t.sum).replace(/\{[a-z_]+\}/g, "");
          await sql.exec(`insert into audit_hits (rule_code, severity, line, col, entity_name, original_text, message, expected, ord) values (?, ?, ?, ?, '合计', ?, ?, ?, 0)`,
            [r.code, r.severity, t.line, t.column, t.value, message, expectedText(r)]);
        }
        break;
      }
    }
  }
  // The cell text of comparative findings, joined once for the findings only (a pass over every staged value: skipped
  // when no comparative rule found anything, as in most loads). One round trip: the rewrite, then the 强制性 findings
  // (the last statement's rows are returned).
  const mandatory = await sql.all<{ rule_code: string; message: string; line: number; col: string; original_text: string | null; expected: string }>(`
    ${comparativeHits ? `create or replace temp table audit_hits as
    select h.* exclude (original_text), coalesce(h.original_text, v.original_text) as original_text
    from audit_hits h left join (select ${vOrd} as ord, line, col, original_text from temp.stage_values v where line in (select line from audit_hits)) v
      on h.original_text is null and v.ord = h.ord and v.line = h.line and v.col = h.col;` : ""}
    select rule_code, message, line, col, original_text, expected from audit_hits where severity = '强制性'
    ${opts.batch ? "and ord = (select min(ord) from audit_hits where severity = '强制性')" : ""} order by line, col, rule_code limit 200`);
  if (mandatory.length) {
    // A batch is rejected one file at a time, the earliest in load order first (batch.ts re-runs the rest without it).
    if (opts.batch) throw new AuditRejection(mandatory.map((m) => ({ severity: "error" as const, code: m.rule_code, message: m.message, line: Number(m.line), column: m.col, value: m.original_text ?? undefined, expected: m.expected })), Number((await sql.all<{ o: number }>(`select min(ord)::integer as o from audit_hits where severity = '强制性'`))[0]!.o));
    throw new AuditRejection(mandatory.map((m) => ({ severity: "error", code: m.rule_code, message: m.message, line: Number(m.line), column: m.col, value: m.original_text ?? undefined, expected: m.expected })));
  }
}

/** Whether the dictionaries hold what a pass needs (a same period last year, a parent and child, a 增速): else it is skipped. */
type PassesFound = {
  last_year: boolean;
  parents: boolean;
  growth: boolean;
};

/**
 * Tests set `widePick` to run the HUGEINT encoding of the stored rows' pick where the BIGINT one would be chosen, and
 * `windowLag` to find the YTD_DECREASE and JUMP neighbours by the window over every row (the way before the dictionary's
 * neighbours and joins), so both can be compared.
 */
export const auditTuning = { widePick: false, windowLag: false };

/**
 * The rows the comparative rules look at, keyed by integers so windows and joins over
 * millions of rows stay cheap: this file's rows (latest vintage per key) and, for keys
 * the file does not carry, the warehouse's current value — for the indicators those
 * rules cover, the file's entities with their parents and children, and periods from a
 * year before the file's first to a year after its last. Dictionaries:
 *   audit_entities (eid, entity_code, entity_name), audit_parents (child_eid, parent_eid),
 *   audit_series (sid; gid = indicator×measure×basis×grain×unit, uid = the same without
 *   grain, kid = the stored key's indicator×measure×period×basis, gkid = indicator×basis×period;
 *   ly_start/ly_end = the same period a year earlier, ly_sid its series in the group; names and labels).
 */
async function stageMerged(wh: Warehouse, ref: Reference, rules: readonly AuditRule[], vOrd: string): Promise<PassesFound> {
  const codes = [...new Set(rules.flatMap((r) => r.indicatorCodes))].map(q).join(", ");
  const pairs = parentPairs(ref).map((x) => `(${q(x.child)}, ${q(x.parent)}, ${x.depth})`);
  const peers = rules.some((r) => r.kind === "peer_outlier");
  const cities = zoneCities(ref).map((x) => `(${q(x.zone)}, ${q(x.city)})`);
  const attrs = "indicator_code, measure, basis, grain, unit, period_start, period_end";
  /**
   * `dedupe`: several vintages of one key in this file; `overlap`: a stored key the file also carries (else no stored
   * row can be shadowed and the anti-join is skipped); `narrow`: the stored rows' vintage days since 1900 (16 bits,
   * before 2079-06-06), file ids (23) and lines (24) fit a signed BIGINT, which the aggregate picks by faster than a HUGEINT (same order either way).
   */
  const merged = (dedupe: boolean, overlap: boolean, narrow: boolean) => `
    create or replace temp table audit_merged as
      with n as (
        select me.eid, a.sid, a.gid, a.uid, a.vid, a.kid, a.gkid, a.measure = 'value' as is_level, a.period_start, a.period_end, a.ly_start, a.ly_end, a.ly_sid,
               v.value, v.line, v.col, true as is_new, ${vOrd} as ord, w.lo as win_lo
        from temp.stage_values v join audit_map_new_e me using (entity_key) join audit_map_new_s ms using (series_key) join audit_series a using (sid)
        join audit_window w on w.ord = ${vOrd}
        where v.value is not null
        ${dedupe ? "qualify row_number() over (partition by me.eid, a.kid order by ms.vintage desc, v.line desc) = 1" : ""}
      ), o as (
        -- The current stored value per key: the latest vintage, then file, then line, packed into one integer
        -- (days since 1900 · file_id · line: 64 + 32 + 32 bits, or 16 + 23 + 24 when narrow) so an aggregate picks it without sorting the
        -- stored rows (EXPLAIN ANALYZE: a row_number window here was half the statement, max_by of a struct a third).
        select k.eid, k.sid, a.gid, a.uid, a.vid, k.kid, a.gkid, a.measure = 'value' as is_level, a.period_start, a.period_end, a.ly_start, a.ly_end, a.ly_sid,
               k.value, (k.pick & ${narrow ? 16777215 : 4294967295})::integer as line, null::varchar as col, false as is_new, null::integer as ord, null::date as win_lo
        from (select eid, kid, max(pick) as pick, max_by(sid, pick) as sid, max_by(value, pick) as value
              from (select mo.eid, ms.kid, ms.sid, f.value,
                           ${narrow
                             ? "((ms.vintage - date '1900-01-01')::bigint << 47) + (f.file_id::bigint << 24) + f.line"
                             : "((ms.vintage - date '1900-01-01')::hugeint << 64) + (f.file_id::hugeint << 32) + f.line"} as pick
                    from ingest.facts f join audit_map_old_s ms using (file_id, series_key) join audit_map_old_e mo using (file_id, entity_key)
                    where f.value is not null)
              group by eid, kid) k
        join audit_series a on a.sid = k.sid
      )
      select * from n
      union all
      select * from o${overlap ? " where not exists (select 1 from n where n.eid = o.eid and n.kid = o.kid)" : ""}`;
  await wh.sql.exec(`
    -- How far back each file's own load looks (its first period less 13 months, as audit_series below): a batch
    -- compares a file's row only with what loading that file alone would have seen.
    create or replace temp table audit_window as
      select ${vOrd.replace("v.", "")} as ord, (min(period_start) - interval 13 month)::date as lo from temp.stage_series group by all;
    create or replace temp table audit_parent_codes (child_code varchar, parent_code varchar, depth integer);
    ${pairs.length ? `insert into audit_parent_codes values ${pairs.join(", ")};` : ""}
    -- Only the file's entities and their parents and children: no rule compares any other (the dictionary no longer grows with the warehouse).
    create or replace temp table audit_zone_city (zone_code varchar, city_code varchar);
    ${peers && cities.length ? `insert into audit_zone_city values ${cities.join(", ")};` : ""}
    create or replace temp table audit_entities as
      with near as (
        select entity_code from temp.stage_entities
        union select parent_code from audit_parent_codes where child_code in (select entity_code from temp.stage_entities)
        union select child_code from audit_parent_codes where parent_code in (select entity_code from temp.stage_entities)
        -- ABOVE_PARENT sums a parent's children (childrenSumSql): a new child's siblings are taken in.
        union select child_code from audit_parent_codes where depth = 1 and parent_code in (
          select parent_code from audit_parent_codes where depth = 1 and child_code in (select entity_code from temp.stage_entities))
        -- PEER_OUTLIER compares a zone with its city's other zones: only then are they taken in.
        union select zone_code from audit_zone_city where city_code in (select city_code from audit_zone_city where zone_code in (select entity_code from temp.stage_entities)))
      select row_number() over (order by entity_code)::integer as eid, entity_code, entity_name
      from (select entity_code, min(entity_name) as entity_name from (
        select entity_code, entity_name from temp.stage_entities
        union all select entity_code, entity_name from ingest.fact_entities where entity_code in (select entity_code from near)) group by entity_code);
    create or replace temp table audit_parents as
      select c.eid as child_eid, p.eid as parent_eid, x.depth from audit_parent_codes x
      join audit_entities c on c.entity_code = x.child_code join audit_entities p on p.entity_code = x.parent_code;
    create or replace temp table audit_map_new_e as
      select e.entity_key, a.eid from temp.stage_entities e join audit_entities a using (entity_code);
    create or replace temp table audit_series as
      with s as (
        select ${attrs}, indicator_name, period_label from temp.stage_series where not uncatalogued and indicator_code in (${codes})
        union all
        select ${attrs.split(", ").map((c) => `fs.${c}`).join(", ")}, fs.indicator_name, fs.period_label from ingest.fact_series fs join ingest.files fl using (file_id)
        where fl.status = 'loaded' and fs.indicator_code in (${codes})
          and fs.period_end >= (select min(period_start) - interval 13 month from temp.stage_series)
          and fs.period_start <= (select max(period_end) + interval 13 month from temp.stage_series)
      ), d as (select ${attrs}, min(indicator_name) as indicator_name, min(period_label) as period_label from s group by all),
      r as materialized (select row_number() over ()::integer as sid,
             dense_rank() over (order by indicator_code, measure, basis, grain, unit)::integer as gid,
             dense_rank() over (order by indicator_code, measure, basis, unit)::integer as uid,
             -- uid with a flow's 年 value in its year's 累计 group (${YTD_OR_YEAR}: audit-ytd-located.ts, audit-increment.ts).
             dense_rank() over (order by indicator_code, measure, case when basis = 'period' and grain = 'year' then 'ytd' else basis end, unit)::integer as fuid,
             dense_rank() over (order by indicator_code, measure, unit)::integer as vid,
             dense_rank() over (order by indicator_code, measure, period_start, period_end, basis)::integer as kid,
             dense_rank() over (order by indicator_code, basis, period_start, period_end)::integer as gkid,
             (period_start - interval 1 year)::date as ly_start, last_day(period_end - interval 1 year)::date as ly_end, d.*
      from d)
      -- ly_sid: the series of the same group a year earlier ((gid, period) names one series), so rows meet on two integers.
      -- Each series' neighbours in its lag orders, read off the dictionary: in its group (gid) by period end — prev_sid, the
      -- series ending last before it (JUMP's lag) — and among the group's series of the same start (uid, period_start:
      -- a year's 累计) — ytd_prev_sid, ytd_next_sid. *_tie: two series end on the same day there (their order is the
      -- window's own choice), so the rules fall back to the window for that partition.
      , g as (select gid, period_end, count(*) as k, min(sid) as one from r group by all),
      gl as (select gid, period_end, k, lag(one) over w as prev_sid, lag(k) over w as prev_k from g window w as (partition by gid order by period_end)),
      y as (select uid, period_start, period_end, count(*) as k, min(sid) as one from r group by all),
      yl as (select uid, period_start, period_end, k, lag(one) over w as yp_sid, lag(k) over w as yp_k, lead(one) over w as yn_sid, lead(k) over w as yn_k
             from y window w as (partition by uid, period_start order by period_end))
      select r.*, b.sid as ly_sid, gl.prev_sid, gl.k > 1 or coalesce(gl.prev_k, 1) > 1 as prev_tie,
             yl.yp_sid as ytd_prev_sid, yl.yn_sid as ytd_next_sid, yl.k > 1 or coalesce(yl.yp_k, 1) > 1 or coalesce(yl.yn_k, 1) > 1 as ytd_tie
      from r left join r b on b.gid = r.gid and b.period_start = r.ly_start and b.period_end = r.ly_end
      join gl on gl.gid = r.gid and gl.period_end = r.period_end
      join yl on yl.uid = r.uid and yl.period_start = r.period_start and yl.period_end = r.period_end;
    create or replace temp table audit_map_new_s as
      select s.series_key, a.sid, s.vintage from temp.stage_series s join audit_series a using (${attrs});
    create or replace temp table audit_map_old_s as
      select fs.file_id, fs.series_key, a.sid, a.kid, fs.vintage from ingest.fact_series fs join ingest.files fl using (file_id) join audit_series a using (${attrs})
      where fl.status = 'loaded';
    create or replace temp table audit_map_old_e as
      with near as (
        select eid from audit_map_new_e
        union select parent_eid from audit_parents where child_eid in (select eid from audit_map_new_e)
        union select child_eid from audit_parents where parent_eid in (select eid from audit_map_new_e)
        union select child_eid from audit_parents where depth = 1 and parent_eid in (select parent_eid from audit_parents where depth = 1 and child_eid in (select eid from audit_map_new_e))
        union select a.eid from audit_entities a join audit_zone_city z on z.zone_code = a.entity_code
          where z.city_code in (select city_code from audit_zone_city where zone_code in (select entity_code from temp.stage_entities)))
      select fe.file_id, fe.entity_key, a.eid from ingest.fact_entities fe join audit_entities a using (entity_code)
      where a.eid in (select eid from near) and fe.file_id in (select distinct file_id from audit_map_old_s)`);
  // Several vintages of one key in this file: only the latest is compared (a pass saved when there are none).
  // One round trip, all read from the small dictionaries: which passes can find anything, and the three facts the
  // statement's shape depends on.
  const [facts] = await wh.sql.all<{ dedupe: boolean; overlap: boolean; narrow: boolean } & PassesFound>(`select
      exists (select 1 from audit_series a join audit_series b on b.gid = a.gid and b.period_start = a.ly_start and b.period_end = a.ly_end) as last_year,
      exists (select 1 from audit_parents where child_eid in (select eid from audit_map_new_e union select eid from audit_map_old_e)
        and parent_eid in (select eid from audit_map_new_e union select eid from audit_map_old_e)) as parents,
      exists (select 1 from audit_series where measure = 'yoy_pct') as growth,
      exists (select 1 from audit_map_new_s ms join audit_series a using (sid) group by a.kid having count(distinct ms.vintage) > 1) as dedupe,
      exists (select 1 from audit_map_new_s n join audit_series a using (sid) where a.kid in (select kid from audit_map_old_s)) as overlap,
      coalesce((select max(file_id) < 8388608 and min(vintage) >= date '1900-01-01' and max(vintage) - date '1900-01-01' < 65536 from audit_map_old_s), true)
        and coalesce((select max(line) < 16777216 from ingest.facts where file_id in (select file_id from audit_map_old_s)), true) as narrow`);
  await wh.sql.exec(merged(facts!.dedupe, facts!.overlap, facts!.narrow && !auditTuning.widePick));
  return { last_year: facts!.last_year, parents: facts!.parents, growth: facts!.growth };
}

/**
 * Inside the transaction, after the file's rows are inserted as `fileId`: stores
 * its 核实性 findings as open flags (one per rule and cell) and marks open flags of
 * earlier files on the keys this file carries as corrected. Returns the flags stored.
 */
export async function storeAuditFlags(wh: Warehouse, fileId: number, at: string): Promise<{ count: number; first: AuditFlag[] }> {
  const sql = wh.sql;
  // Open flags of other files whose key this file carries: matched through the small staged dictionaries first,
  // so the pass over the file's values only probes a handful of (entity_key, series_key) pairs.
  await sql.exec(`update ingest.audit_flags set state = 'corrected', resolved_at = ?::timestamp, resolved_by_file_id = ?
    where flag_id in (
      select f.flag_id from ingest.audit_flags f
      join temp.stage_entities e on e.entity_code = f.entity_code
      join temp.stage_series s on s.indicator_code = f.indicator_code and s.measure = f.measure and s.period_start = f.period_start
        and s.period_end = f.period_end and s.basis = f.basis
      where f.state = 'open' and f.file_id <> ?
        and exists (select 1 from temp.stage_values v where v.entity_key = e.entity_key and v.series_key = s.series_key))`, [at, fileId, fileId]);
  await sql.exec(`insert into ingest.audit_flags (file_id, ${HIT_COLUMNS.join(", ")}, rule_code, message, severity, state, flagged_at)
    select ?, ${HIT_COLUMNS.join(", ")}, rule_code, message, severity, 'open', ?::timestamp from temp.audit_hits where severity = '核实性'
    qualify row_number() over (partition by rule_code, line, col order by message) = 1
    order by line, col, rule_code`, [fileId, at]); // 标记号 follow the file's order, whatever the threads' scan order
  await carryConfirmations(sql, `(${Number(fileId)})`);
  // The count rides on the first rows (a window over all of the file's flags, computed before the limit); none: 0.
  const rows = await sql.all<AuditFlag & { n: number }>(`select flag_id, line, col, ${flagSheetSql("a")} as sheet, entity_name, indicator_name, period_label, original_text, rule_code, message,
      count(*) over ()::integer as n from ingest.audit_flags a where file_id = ? and state = 'open' order by line, col, rule_code limit ${MAX_PROBLEMS}`, [fileId]);
  const first = rows.map(({ n: _n, ...flag }) => flag as AuditFlag);
  return { count: rows.length ? Number(rows[0]!.n) : 0, first };
}

export type AuditFlag = {
  readonly flag_id: number;
  readonly line: number;
  readonly col: string;
  /** The workbook sheet of the cell (null for a text file). */
  readonly sheet: string | null;
  readonly entity_name: string | null;
  readonly indicator_name: string | null;
  readonly period_label: string | null;
  readonly original_text: string | null;
  readonly rule_code: string;
  readonly message: string;
};

export async function dropAudit(wh: Warehouse): Promise<void> {
  await wh.sql
    .exec(`drop table if exists temp.audit_hits; drop table if exists temp.audit_scope; drop view if exists temp.audit_new;
      drop table if exists temp.audit_merged; drop table if exists temp.audit_parents; drop table if exists temp.audit_parent_codes;
      drop table if exists temp.audit_entities; drop table if exists temp.audit_series; drop table if exists temp.audit_map_new_e;
      drop table if exists temp.audit_map_new_s; drop table if exists temp.audit_map_old_s; drop table if exists temp.audit_map_old_e;
      drop table if exists temp.audit_window; drop table if exists temp.audit_ytd_located;
      drop table if exists temp.audit_parent_suspect; drop table if exists temp.audit_above_parent; drop table if exists temp.audit_above_candidates; drop table if exists temp.audit_parent_values; drop table if exists temp.audit_marked_cells;
      drop table if exists temp.audit_zone_city; drop table if exists temp.audit_peer_found`)
    .catch(() => {});
}

/**
 * The detail of an ABOVE_PARENT message (the rule's {detail}) as SQL: the zone's value is above a parent total that is
 * itself 需核实, so the flag is the parent's. `codes`: the other rules' codes on the parent's value ('' when none);
 * `zsum`, `zn`: the sum and number of the parent's reported children when they show it too low (childrenSumSql; null
 * otherwise). One wording for the load time (here) and the re-audit (reaudit.ts).
 */
export function aboveParentDetailSql(codes: string, zsum = "null", zn = "null"): string {
  const has = `coalesce(${codes}, '') <> ''`;
  return `case when ${has} or ${zsum} is not null then '，而这一上级总量'
      || case when ${zsum} is not null then case when (${zn})::integer = 1 then '还低于其唯一报送的下级（开发区或城市）的 ' || ${num(zsum)} || '（该下级与其上年同期或此前累计相符）'
                                                 else '还低于其 ' || (${zn})::integer || ' 个下级（开发区或城市）的合计 ' || ${num(zsum)} end
              || case when ${has} then '，且' else '' end else '' end
      || case when ${has} then '本身需核实（' || ${codes} || '）' else '' end
      || '：需核实的是上级总量，此数值照常计入' else '' end`;
}

/**
 * The parents their own reported children show to be too low (stat-qa3 F2: 沈阳市 1-6月 298 typed for 2980,
 * its zones 350 and 147), as (p_id, zsum, zn): the children one level down (zone → city, city → province; parentPairs
 * depth 1) reporting the parent's span, indicator, measure and unit — one value per child (the larger where it reports
 * a 年 value and a 1-12月 of one year), leaving out a child a holding rule finds wrong (`suspect`) — at least two,
 * summing above the parent × (1 + `margin`), and either
 *   - still above it without the largest child: several children agree against the total; or
 *   - the parent's value carries another rule's finding (`marked`: the 298's YTD_DECREASE, 1400 → 298): two findings
 *     point at it.
 * Not the sum alone: one ×10 child makes it too (大连市 16000 beside 沈阳市 4000 against 辽宁省 15000), and the flag
 * must stay on that child. A zone is part of its host city: their sum above it is a share above 100%, a data error.
 * One reporting child (stat-qa F-single: a small city's one zone, 60, under its ×0.1 total 14.5) is the parent's fault
 * when the parent is `marked` and the child's own history speaks for it (`clean`: it has a 上年同期 or an earlier 累计 of
 * its year, and no rule finds anything on it) — two findings again, the parent's own and the child's clean record;
 * a ×10 child with no history, or one its history finds wrong, keeps the flag.
 * `children`: rows (ent, parent_ent, grp, period_start, period_end, value, suspect, clean); `parents`: rows (id, ent,
 * grp, period_start, period_end, value, marked). Load time over audit_merged (here), the re-audit over ra_cells (reaudit.ts).
 */
export function childrenSumSql(children: string, parents: string, margin: number): string {
  const above = `p.value * (1 + ${margin})`;
  return `select p.id as p_id, sum(k.v) as zsum, count(*)::integer as zn
    from (${parents}) p
    join (select parent_ent, ent, grp, period_start, period_end, max(value) as v, bool_and(clean) as clean
          from (${children}) where not suspect group by all) k
      on k.parent_ent = p.ent and k.grp = p.grp and k.period_start = p.period_start and k.period_end = p.period_end
    where p.value >= 0
    group by p.id, p.value, p.marked
    having sum(k.v) > ${above}
       and (count(*) >= 2 and (sum(k.v) - max(k.v) > ${above} or p.marked) or count(*) = 1 and p.marked and bool_and(k.clean))`;
}

/**
 * Whether a child row `c` has history of its own (childrenSumSql's `clean`, with no finding on it): a value of the same
 * entity, indicator, measure, basis and unit (`same`, SQL over `h` and `c`) a year earlier, or, for a 累计, an earlier
 * 累计 of its year. `rows`: the rows looked in, as `h` (columns period_start, period_end); `basis`: c's basis.
 */
export function hasHistorySql(rows: string, same: string, basis: string): string {
  return `exists (select 1 from ${rows} h where ${same}
      and (h.period_start = (c.period_start - interval 1 year)::date and h.period_end = last_day(c.period_end - interval 1 year)
           or ${basis} = 'ytd' and h.period_start = c.period_start and h.period_end < c.period_end))`;
}

/**
 * Load time: the rows of audit_merged another comparative rule (not ABOVE_PARENT itself — no rule judges on its own
 * flags) finds wrong — this run's findings on new rows (temp.audit_hits) and the open flags stored on current rows — as
 * (eid, sid, rule_code, holds: the rule holds the value).
 */
function markedCellsSql(rules: readonly AuditRule[]): string {
  const others = rules.filter((r) => COMPARATIVE.has(r.kind) && r.kind !== "not_above_parent");
  if (!others.length) return "select null::integer as eid, null::integer as sid, null::varchar as rule_code, null::boolean as holds where false";
  const codes = others.map((r) => q(r.code)).join(", ");
  const holds = `rule_code in (${others.filter((r) => r.holds).map((r) => q(r.code)).join(", ") || "null"})`;
  return `select eid, sid, rule_code, ${holds} as holds from (
      select p.eid, p.sid, h.rule_code from audit_hits h join audit_entities e on e.entity_code = h.entity_code
      join audit_merged p on p.is_new and p.eid = e.eid and p.ord = h.ord and p.line = h.line and p.col = h.col
      where h.rule_code in (${codes})
      union all
      select p.eid, p.sid, a.rule_code from ingest.audit_flags a join ingest.files f on f.file_id = a.file_id and f.status = 'loaded'
      join audit_entities e on e.entity_code = a.entity_code
      join audit_series s on s.indicator_code = a.indicator_code and s.measure = a.measure and s.period_start = a.period_start
        and s.period_end = a.period_end and s.basis = a.basis
      join audit_merged p on not p.is_new and p.eid = e.eid and p.sid = s.sid and p.value = a.value
      where a.state = 'open' and a.rule_code in (${codes}))`;
}

/**
 * Load time, after audit_marked_cells (markedCellsSql) and audit_above_candidates: the candidates' parent rows that are
 * the suspect, as (eid, sid, codes, zsum, zn): a holding rule finds the value wrong (codes: those rules, 、-separated),
 * or its children show it too low (childrenSumSql with `above`'s children_margin; zsum, zn: their sum and number; codes:
 * every other rule's finding on it). A parent whose own ABOVE_PARENT flag was confirmed at this value is not made
 * suspect by its children: confirming the total hands the flag back to the zones, as confirming another rule's finding does.
 */
function aboveParentSuspectSql(above: AuditRule & { kind: "not_above_parent" }, scope: string): string {
  const margin = above.params.children_margin;
  const parents = "(select p_eid, p_sid from audit_above_candidates)";
  const sums = margin === undefined ? "select null::integer as eid, null::integer as sid, null::double as zsum, null::integer as zn where false"
    : `select (p_id // 4294967296)::integer as eid, (p_id % 4294967296)::integer as sid, zsum, zn from (${childrenSumSql(
    `select c.eid as ent, ap.parent_eid as parent_ent, c.vid as grp, c.period_start, c.period_end, c.value,
            (c.eid, c.sid) in (select eid, sid from audit_marked_cells where holds) as suspect,
            (c.eid, c.sid) not in (select eid, sid from audit_marked_cells)
              and ${hasHistorySql("audit_merged", "h.eid = c.eid and h.uid = c.uid", "cs.basis")} as clean
     from audit_merged c join audit_parents ap on ap.child_eid = c.eid and ap.depth = 1 join audit_series cs on cs.sid = c.sid
     where c.sid in ${scope} and ap.parent_eid in (select p_eid from audit_above_candidates)`,
    `select p.eid::bigint * 4294967296 + p.sid as id, p.eid as ent, p.vid as grp, p.period_start, p.period_end, p.value,
            (p.eid, p.sid) in (select eid, sid from audit_marked_cells) as marked
     from audit_merged p join audit_entities e on e.eid = p.eid join audit_series s on s.sid = p.sid
     where (p.eid, p.sid) in ${parents}
       and not exists (select 1 from ingest.audit_flags a where a.state = 'confirmed' and a.rule_code = ${q(above.code)}
                         and a.entity_code = e.entity_code and a.indicator_code = s.indicator_code and a.measure = s.measure
                         and a.period_start = s.period_start and a.period_end = s.period_end and a.basis = s.basis and a.value = p.value)`, margin)})`;
  return `with sums as (${sums}), marks as (select * from audit_marked_cells where (eid, sid) in ${parents})
    select c.eid, c.sid, string_agg(distinct m.rule_code, '、' order by m.rule_code) filter (where m.holds or s.zsum is not null) as codes,
           any_value(s.zsum) as zsum, any_value(s.zn) as zn
    from (select eid, sid from marks where holds union select eid, sid from sums) c
    left join marks m on m.eid = c.eid and m.sid = c.sid left join sums s on s.eid = c.eid and s.sid = c.sid
    group by c.eid, c.sid`;
}

/**
 * ABOVE_PARENT's pairs from the register (GB/T 2260 via sources/seeds/regions.csv, zones.csv): zone → city and
 * city → province at depth 1, zone → province at depth 2 (used where the city holds no value for the span).
 */
export function parentPairs(ref: Reference): Array<{ child: string; parent: string; depth: number }> {
  const out: Array<{ child: string; parent: string; depth: number }> = [];
  for (const e of ref.entities) {
    const parent = ref.entityByCode(e.parentCode);
    if (!parent) continue;
    if (e.kind === "zone" && parent.kind === "city") {
      out.push({ child: e.code, parent: parent.code, depth: 1 });
      const province = ref.entityByCode(parent.parentCode);
      if (province?.kind === "province") out.push({ child: e.code, parent: province.code, depth: 2 });
    } else if (e.kind === "city" && parent.kind === "province") out.push({ child: e.code, parent: parent.code, depth: 1 });
  }
  return out;
}
