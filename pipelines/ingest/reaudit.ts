/**
 * Re-audit after a load, withdraw, restore or prefer (inc-qa finding 1): the comparative
 * 审核 rules (YTD_DECREASE, JUMP_20X, ABOVE_PARENT, GROWTH_MISMATCH*; sources/audit-rules/)
 * are evaluated again over the CURRENT values (main.observations.is_current) of the
 * indicators the changed files carry, for every entity and period, and the stored flags
 * are reconciled with the result:
 *   - an open (or confirmed) flag whose comparison no longer holds on current values is
 *     closed: state 'cleared', the reason in ingest.audit_flag_closures;
 *   - a finding on current values that no open or confirmed flag of that rule and cell
 *     carries is stored as an open flag on the cell's own file, line and column;
 *   - an open flag that still holds keeps its id; its message is rewritten to quote the
 *     current neighbour. A confirmed flag that still holds (same cell, rule and value)
 *     stays confirmed.
 *
 * Which cell of a failing comparison is flagged: ABOVE_PARENT the child (the bureau's
 * total is not the suspect) — unless another holding rule finds the parent's value wrong and
 * no confirmation covers that finding, or its own children sum above it (audit.ts childrenSumSql): then the parent —, GROWTH_MISMATCH the reported 增速. For YTD_DECREASE and
 * JUMP_20X between a period b and the next one a, a spike carries it: b when the period
 * before b is nearer a than b in ratio (万元 typed for 亿元 in 1-6月: 18.5, 395000, 61.3),
 * a when the period after a is nearer b than a (JUMP_20X against the same period a year
 * earlier: always the later year). Without a spike, the load-time
 * convention: the cell of the file loaded later (file_id), within one file the later
 * period. So the flags do not depend on arrival order wherever the data say which cell
 * is wrong, and equal those of loading the files at once, in their load order, otherwise.
 */
import { ZonestatError } from "../errors.js";
import { carryConfirmationsTo } from "./carry-confirmations.js";
import type { DuckDBHandle } from "../warehouse/duckdb.js";
import type { Warehouse } from "../warehouse/index.js";
import { aboveParentDetailSql, childrenSumSql, hasHistorySql, messageSql, parentPairs } from "./audit.js";
import type { AuditRule } from "./audit-rules.js";
import { incrementMessageSql, incrementPairsSql } from "./audit-increment.js";
import { annualSql, locatedPairsSql, ytdOrYearSql } from "./audit-ytd-located.js";
import { peerOutliersSql, zoneCities } from "./audit-peer.js";
import { placeSql } from "../cell-ref.js";
import { ingestMsg } from "./messages.js";
import type { Reference } from "./reference.js";
import { periodMonthsSql } from "./periods.js";
import { digitQuestionSql, figureSql } from "./numbers.js";
import { sqlString } from "../warehouse/sql-literal.js";

/** What a re-audit changed: flags opened on files other than `files` (earlier ones), flags opened in all, flags closed. */
export interface ReauditResult {
  readonly openedOnEarlier: number;
  readonly opened: number;
  readonly closed: number;
  /** The time stamped on the flags it opened and closed (ISO); absent when it changed none. */
  readonly at?: string;
}

// Not ytd_repeated (audit.ts): a judgement on a whole file's values at load, left open until confirmed or corrected.
const COMPARATIVE = new Set(["ytd_not_decreasing", "ytd_out_of_line", "jump", "not_above_parent", "growth_consistent", "increment_jump", "peer_outlier"]);
const q = sqlString;
const num = figureSql;
const CELL = "file_id, line, col";

/** The comparison pairs of one rule over temp.ra_cells: (a = the cell flagged on a tie, b = the other, c3 = growth's third). */
function pairsSql(r: AuditRule): string | undefined {
  const codes = r.indicatorCodes.map(q).join(", ");
  if (!codes) return undefined;
  const R = q(r.code);
  switch (r.kind) {
    case "ytd_not_decreasing":
      // Consecutive 累计 of one year: a later one below the earlier (pipelines/ingest/audit.ts, same partition).
      // b is a spike when the 累计 before it is at most a (b alone breaks the order); a is a dip when the one after it
      // is at least b.
      return `select ${R} as rule_code, cid as a, pcid as b, null::integer as c3, 'ytd' as what, null::double as o_value, null::double as d1, null::double as d2,
               coalesce(nv >= pv, false) as spike_a, coalesce(ppv <= value, false) as spike_b, true as by_order
        from (select cid, value, lag(cid) over w as pcid, lag(value) over w as pv, lag(value, 2) over w as ppv, lead(value) over w as nv from ra_cells
              where measure = 'value' and basis = 'ytd' and indicator_code in (${codes})
              window w as (partition by entity_code, indicator_code, measure, basis, unit, period_start order by period_end))
        where value < pv
          -- A pair whose wrong cell the evidence names is YTD_OUT_OF_LINE's (ra_located; one flag per error).
          and (pcid, cid) not in (select e_id, l_id from ra_located)
        union all
        -- A 年 value below the year's last 累计, undecided (ra_located, decision null; audit-ytd-located.ts): the later file's cell.
        select distinct ${R}, l_id, e_id, null::integer, 'ytd', null::double, null::double, null::double, false, false, true
        from ra_located where decision is null and l_id in (select cid from ra_cells where indicator_code in (${codes}))`;
    case "ytd_out_of_line":
      // The cell the evidence names (audit-ytd-located.ts, as at load time); \`what\` carries the evidence in words.
      return `select ${R} as rule_code, case decision when 'e' then e_id else l_id end as a, case decision when 'e' then l_id else e_id end as b,
               null::integer as c3, detail as what, null::double as o_value, null::double as d1, null::double as d2, false as spike_a, false as spike_b, false as by_order
        from ra_located where rule_code = ${R} and decision is not null`;
    case "jump": {
      const k = r.params.ratio;
      const far = (x: string, y: string) => `${x} > 0 and ${y} > 0 and (${x} / ${y} > ${k} or ${y} / ${x} > ${k})`;
      // The previous period within 13 months (the load-time lookback) and the same period a year earlier.
      // Which of the two is out of line is read from a third value: a (the later) is the spike when the period after it
      // is nearer b than a, in ratio; b when the period before it is nearer a than b. Nearer, not "within 20×": 400 typed
      // for 18.8 between 8.8 and 29.2 is 13.7× from 29.2 — not a jump, but plainly the odd one (inc-qa2 finding 1).
      const nearer = (x: string, y: string, z: string) => `${x} > 0 and ${y} > 0 and ${z} > 0 and abs(ln(${x} / ${y})) < abs(ln(${x} / ${z}))`;
      // A 累计 after last year's: that one pro-rated by months, as at load time (audit.ts, stat-qa finding 6).
      return `select ${R}, cid, pcid, null::integer, case when sc <> 1 then 'prev_scaled' else 'prev' end, case when sc <> 1 then pv * sc end, pv, null::double,
               coalesce(${nearer("nv", "pv", "value")}, false), coalesce(${nearer("ppv", "value", "pv")}, false), true
        from (select *, case when basis = 'ytd' and pstart <> period_start
                             then ${periodMonthsSql("period_start", "period_end")}::double / ${periodMonthsSql("pstart", "pend")} else 1 end as sc
              from (select cid, value, basis, period_start, period_end, lag(cid) over w as pcid, lag(value) over w as pv, lag(period_end) over w as pend,
                     lag(period_start) over w as pstart, lag(value, 2) over w as ppv, lead(value) over w as nv from ra_cells
                    where measure = 'value' and indicator_code in (${codes})
                    window w as (partition by entity_code, indicator_code, measure, basis, grain, unit order by period_end, period_start)))
        where ${far("value", "pv * sc")} and pend >= (period_start - interval 13 month)::date
        union all
        -- The same period a year earlier: always the later year's cell, as loading in period order flags it (a late
        -- earlier year makes the stored later one fail: that one is flagged, on its own file and line).
        select ${R}, n.cid, o.cid, null::integer, 'last_year', null::double, null::double, null::double, false, false, false
        from ra_cells n join ra_cells o on o.entity_code = n.entity_code and o.indicator_code = n.indicator_code and o.measure = n.measure
          and o.basis = n.basis and o.grain = n.grain and o.unit = n.unit
          and o.period_start = (n.period_start - interval 1 year)::date and o.period_end = last_day(n.period_end - interval 1 year)::date
        where n.measure = 'value' and n.indicator_code in (${codes}) and ${far("n.value", "o.value")}`;
    }
    case "not_above_parent":
      // The nearest ancestor with a value over the same span, whatever its 口径 (audit.ts, the load-time rule).
      return `select ${R}, c, p, null::integer, '', null::double, null::double, null::double, false, false, false
        from (select c.cid as c, p.cid as p, c.value as cv, p.value as pv
              from ra_cells c join ra_parents x on x.child_code = c.entity_code
              join ra_cells p on p.entity_code = x.parent_code and p.indicator_code = c.indicator_code and p.measure = c.measure
                and p.unit = c.unit and p.period_start = c.period_start and p.period_end = c.period_end
              where c.measure = 'value' and c.indicator_code in (${codes})
              qualify row_number() over (partition by c.cid order by x.depth, p.cid) = 1)
        where cv > pv * (1 + ${r.params.tolerance}) and pv >= 0`;
    case "growth_consistent":
      return `select ${R}, n.cid, c.cid, p.cid, '', round(100 * (c.value / p.value - 1), 1), c.value, p.value, false, false, false
        from ra_cells n
        join ra_cells c on c.entity_code = n.entity_code and c.indicator_code = n.indicator_code and c.basis = n.basis
          and c.period_start = n.period_start and c.period_end = n.period_end and c.measure = 'value'
        join ra_cells p on p.entity_code = c.entity_code and p.indicator_code = c.indicator_code and p.measure = 'value' and p.basis = c.basis
          and p.unit = c.unit and p.period_start = (c.period_start - interval 1 year)::date and p.period_end = last_day(c.period_end - interval 1 year)::date
        where n.measure = 'yoy_pct' and n.indicator_code in (${codes}) and p.value > 0
          and abs(n.value - 100 * (c.value / p.value - 1)) > ${r.params.tolerance_points}`;
    case "increment_jump":
      return incrementPairsSql(r);
    case "peer_outlier":
      // The largest peer is the other cell; \`what\` carries the evidence in words (audit-peer.ts, as at load time).
      return `select ${R}, h.id, h.peer_id, null::integer, h.detail, h.peer_max, null::double, null::double, false, false, false
        from (${peerOutliersSql(r, `select c.cid as id, c.entity_code as ent, c.entity_name as name, z.city_code as city,
                 c.indicator_code || '|' || c.measure || '|' || coalesce(c.basis, '') || '|' || c.unit as grp,
                 c.indicator_code || '|' || c.measure || '|' || case when ${ytdOrYearSql("c")} then 'ytd' else coalesce(c.basis, '') end || '|' || c.unit as ygrp,
                 c.basis = 'period' and c.grain = 'year' as alt, c.period_start, c.period_end, c.value
               from ra_cells c left join ra_zone_city z on z.zone_code = c.entity_code where c.indicator_code in (${codes})`)}) h`;
    default:
      return undefined;
  }
}

/** The message of one rule's findings, over aliases s (the cell the message is about), o (the other), h (the pair). */
function messageOf(r: AuditRule): string {
  const detail =
    r.kind === "ytd_not_decreasing"
      ? `bb.period_label || ' ' || ${num("bb.value")} || ' → ' || aa.period_label || ' ' || ${num("aa.value")}`
      : r.kind === "ytd_out_of_line"
        ? "h.what"
        : r.kind === "jump"
        ? `case when h.f = h.a and h.what = 'prev_scaled' then '上一期（' || o.period_label || ' ' || ${num("h.d1")} || '，按月数折算）'
                when h.f = h.a then (case h.what when 'prev' then '上一期' else '上年同期' end) || '（' || o.period_label || '）'
                else (case when h.what in ('prev', 'prev_scaled') then '下一期' else '次年同期' end) || '（' || o.period_label || '）' end`
        : r.kind === "growth_consistent"
          ? `${num("h.d1")} || ' ÷ ' || ${num("h.d2")}`
          : r.kind === "peer_outlier"
            ? "h.what"
          : r.kind === "not_above_parent"
            ? aboveParentDetailSql("h.what", "h.d1", "h.d2")
            : "''";
  const base = {
    value: num("s.value"), unit: "s.unit", entity: "s.entity_name", indicator: "s.indicator_name", period: "s.period_label",
    // A pro-rated 上一期 (jump) is the other value only for the later cell; the earlier one is compared with the later as it is.
    other: num(r.kind === "jump" ? "case when h.f = h.a then coalesce(h.o_value, o.value) else o.value end" : "coalesce(h.o_value, o.value)"), other_period: "o.period_label", other_entity: "o.entity_name", detail,
    period_annual: annualSql("s"), other_period_annual: annualSql("o"), question: digitQuestionSql("s.value"),
  };
  return r.kind === "increment_jump" ? incrementMessageSql(r, messageSql, base) : messageSql(r.message, base);
}

/**
 * Re-audits the indicators `fileIds` carry (files just loaded, restored, withdrawn or preferred)
 * and reconciles ingest.audit_flags, in one transaction. `at`: the time stamped on opened and
 * closed flags. Rules: the loaded 审核 rules (only the comparative kinds are used); `ref` gives
 * zone → city → province for ABOVE_PARENT (audit.ts parentPairs).
 * @throws ZonestatError AUDIT_REAUDIT_FAILED (nothing changed) when the warehouse cannot be read.
 */
export async function reaudit(wh: Warehouse, rules: readonly AuditRule[], ref: Reference, fileIds: readonly number[], at: string): Promise<ReauditResult> {
  const comparative = rules.filter((r) => COMPARATIVE.has(r.kind));
  if (!fileIds.length || !comparative.length) return { openedOnEarlier: 0, opened: 0, closed: 0 };
  const sql = wh.sql;
  const ids = fileIds.map((i) => Number(i)).join(", ");
  const covered = [...new Set(comparative.flatMap((r) => r.indicatorCodes))];
  const pairs = parentPairs(ref).map((x) => `(${q(x.child)}, ${q(x.parent)}, ${x.depth})`);
  try {
    // Read and compared in temp tables; a transaction only when a flag changes (most loads change none).
    return await (async () => {
      // The indicators the changed files carry (the only series whose current values may have changed).
      await sql.exec(`create or replace temp table ra_scope as
        select distinct indicator_code from ingest.fact_series where file_id in (${ids}) and indicator_code in (${covered.map(q).join(", ")})`);
      const [{ n }] = await sql.all<{ n: number }>(`select count(*)::integer as n from ra_scope`);
      if (!Number(n)) return dropTemp(wh).then(() => ({ openedOnEarlier: 0, opened: 0, closed: 0 }));
      const cities = zoneCities(ref).map((x) => `(${q(x.zone)}, ${q(x.city)})`);
      await sql.exec(`create or replace temp table ra_parents (child_code varchar, parent_code varchar, depth integer);
        ${pairs.length ? `insert into ra_parents values ${pairs.join(", ")};` : ""}
        create or replace temp table ra_zone_city (zone_code varchar, city_code varchar);
        ${cities.length ? `insert into ra_zone_city values ${cities.join(", ")};` : ""}
        create or replace temp table ra_cells as
          select row_number() over ()::integer as cid, entity_code, entity_name, indicator_code, indicator_name, measure, basis, grain, unit,
                 period_start, period_end, period_label, value, original_text, fl.file_id, source_line as line, source_column as col, source_sheet as sheet, fl.name as file_name
          -- The view names the file by sha256; among loaded files (a current value's) it is unique.
          from main.observations o join ingest.files fl on fl.sha256 = o.source_sha256 and fl.status = 'loaded'
          where is_current and value is not null and not uncatalogued and indicator_code in (select indicator_code from ra_scope)`);
      // Falling 累计 whose evidence names the wrong cell (audit-ytd-located.ts): before the pairs, which read it.
      await sql.exec(`create or replace temp table ra_located (rule_code varchar, e_id bigint, l_id bigint, decision varchar, detail varchar)`);
      for (const r of comparative) {
        if (r.kind !== "ytd_out_of_line" || !r.indicatorCodes.length) continue;
        await sql.exec(`insert into ra_located select ${q(r.code)}, e_id, l_id, decision, detail from (${locatedPairsSql(r,
          `select cid as id, entity_code as ent, indicator_code || '|' || unit as grp, period_start, period_end, value, period_label as label, false as is_new,
                  basis = 'period' as alt
           from ra_cells where measure = 'value' and ${ytdOrYearSql()} and indicator_code in (${r.indicatorCodes.map(q).join(", ")})`)}) where decision is not null or l_alt`);
      }
      const parts = comparative.map(pairsSql).filter((s): s is string => !!s);
      await sql.exec(`create or replace temp table ra_pairs as ${parts.map((p) => `select * from (${p})`).join(" union all ")}`);
      // Attribution (see the module comment): a spike carries the flag; without one, the cell of the file loaded later
      // (what loading the files in their order flags), and within one file the later period.
      await sql.exec(`create or replace temp table ra_pairs_f as
          select p.*, case when not p.by_order then p.a
                           when p.spike_b and not p.spike_a then p.b
                           when p.spike_a and not p.spike_b then p.a
                           when cb.file_id > ca.file_id then p.b else p.a end as f
          from ra_pairs p join ra_cells ca on ca.cid = p.a join ra_cells cb on cb.cid = p.b;
        create or replace temp table ra_hits (rule_code varchar, message varchar, cid integer)`);
      // ABOVE_PARENT over a parent value that another holding rule finds wrong, with no confirmation of that finding on
      // that value: the parent carries the flag (as at load time, audit.ts markedCellsSql); \`what\` names the rules.
      // ra_marked: every other rule's unconfirmed finding (holds: the rule holds the value).
      const others = comparative.filter((r) => r.kind !== "not_above_parent");
      const holding = others.filter((r) => r.holds).map((r) => q(r.code)).join(", ") || "null";
      await sql.exec(`create or replace temp table ra_marked as
        ${others.length ? `select p.f as cid, p.rule_code, p.rule_code in (${holding}) as holds from ra_pairs_f p join ra_cells c on c.cid = p.f
          where p.rule_code in (${others.map((r) => q(r.code)).join(", ")})
            and not exists (select 1 from ingest.audit_flags a where a.state = 'confirmed' and a.rule_code = p.rule_code and a.file_id = c.file_id
                              and a.line = c.line and a.col = c.col and a.value = c.value)` : "select null::integer as cid, null::varchar as rule_code, null::boolean as holds where false"}`);
      for (const r of comparative) {
        if (r.kind !== "not_above_parent") continue;
        await sql.exec(`update ra_pairs_f set f = ra_pairs_f.b, what = s.codes
          from (select cid, string_agg(distinct rule_code, '、' order by rule_code) as codes from ra_marked where holds group by cid) s
          where ra_pairs_f.rule_code = ${q(r.code)} and ra_pairs_f.b = s.cid`);
        if (r.params.children_margin === undefined) continue;
        // Or its own children (none a holding rule finds wrong) show it too low (audit.ts childrenSumSql), and its
        // ABOVE_PARENT flag is not confirmed at this value: d1, d2 carry the children's sum and number, \`what\` every
        // other rule's finding on it, for the message.
        await sql.exec(`update ra_pairs_f set f = ra_pairs_f.b, d1 = s.zsum, d2 = s.zn, what = coalesce(m.codes, '')
          from (${childrenSumSql(
            `select c.entity_code as ent, x.parent_code as parent_ent, c.indicator_code || '|' || c.measure || '|' || c.unit as grp, c.period_start, c.period_end, c.value,
                    c.cid in (select cid from ra_marked where holds) as suspect,
                    c.cid not in (select cid from ra_marked)
                      and ${hasHistorySql("ra_cells", "h.entity_code = c.entity_code and h.indicator_code = c.indicator_code and h.measure = c.measure and h.basis = c.basis and h.unit = c.unit", "c.basis")} as clean
             from ra_cells c join ra_parents x on x.child_code = c.entity_code and x.depth = 1
             where c.indicator_code in (${r.indicatorCodes.map(q).join(", ")})
               and x.parent_code in (select p.entity_code from ra_pairs_f h join ra_cells p on p.cid = h.b where h.rule_code = ${q(r.code)})`,
            `select p.cid as id, p.entity_code as ent, p.indicator_code || '|' || p.measure || '|' || p.unit as grp, p.period_start, p.period_end, p.value,
                    p.cid in (select cid from ra_marked) as marked
             from ra_cells p where p.cid in (select b from ra_pairs_f where rule_code = ${q(r.code)})
               and not exists (select 1 from ingest.audit_flags a where a.state = 'confirmed' and a.rule_code = ${q(r.code)} and a.file_id = p.file_id
                                 and a.line = p.line and a.col = p.col and a.value = p.value)`,
            r.params.children_margin)}) s
          left join (select cid, string_agg(distinct rule_code, '、' order by rule_code) as codes from ra_marked group by cid) m on m.cid = s.p_id
          where ra_pairs_f.rule_code = ${q(r.code)} and ra_pairs_f.b = s.p_id`);
      }
      for (const r of comparative) {
        // YTD and JUMP speak of the flagged cell; ABOVE_PARENT of the child, GROWTH of the reported 增速 (as at load time).
        const aboutFlagged = r.kind === "ytd_not_decreasing" || r.kind === "jump" || r.kind === "ytd_out_of_line";
        await sql.exec(`insert into ra_hits
          select h.rule_code, ${messageOf(r)}, h.f
          from ra_pairs_f h join ra_cells aa on aa.cid = h.a join ra_cells bb on bb.cid = h.b
          join ra_cells s on s.cid = ${aboutFlagged ? "h.f" : "h.a"}
          join ra_cells o on o.cid = ${aboutFlagged ? "case when h.f = h.a then h.b else h.a end" : "h.b"}
          where h.rule_code = ${q(r.code)}`);
      }
      // One finding per rule and cell (as at load time).
      await sql.exec(`create or replace temp table ra_found as
        select h.rule_code, min(h.message) as message, c.* exclude (cid) from ra_hits h join ra_cells c on c.cid = h.cid group by all`);
      const scoped = `a.rule_code in (${comparative.map((r) => q(r.code)).join(", ")}) and a.indicator_code in (select s.indicator_code from ra_scope s)`;
      const closing = `select a.flag_id, exists (select 1 from ra_cells c where c.file_id = a.file_id and c.line = a.line and c.col = a.col
              and c.entity_code = a.entity_code and c.indicator_code = a.indicator_code) as still_current
          from ingest.audit_flags a where a.state in ('open', 'confirmed') and ${scoped}
            and not exists (select 1 from ra_found f where f.rule_code = a.rule_code and f.file_id = a.file_id and f.line = a.line and f.col = a.col
              and (a.state = 'open' or f.value = a.value))`;
      // A comparison that still fails but is now flagged on another cell (or by another rule on this one): the closed
      // flag says where it went, not that a value was corrected (stat-qa finding 9: a city's ABOVE_PARENT moved to its
      // zone once both were in; a YTD_DECREASE handed to YTD_OUT_OF_LINE). ytd: the codes of the YTD_DECREASE rules.
      const ytd = comparative.filter((r) => r.kind === "ytd_not_decreasing").map((r) => q(r.code));
      await sql.exec(`create or replace temp table ra_moves as
        select case when f = a then b else a end as cid, rule_code, f, rule_code as f_rule from ra_pairs_f where c3 is null
        ${ytd.length ? `union all
        select x.cid, y.code, case decision when 'e' then e_id else l_id end, l.rule_code
        from ra_located l, unnest([e_id, l_id]) x(cid), unnest([${ytd.join(", ")}]) y(code) where l.decision is not null` : ""};
        create or replace temp table ra_moved as
          select m.cid, m.rule_code, min(case when m.f = m.cid then ${q("改按 ")} || m.f_rule || ${q(" 标记同一数值")}
                 else ${q("需核实的是另一数值：")} || c.entity_name || ' ' || c.indicator_name || ' ' || c.period_label || ' ' || ${num("c.value")} || ' ' || c.unit
                      || '（' || ${placeSql("c.file_name", "c.sheet", "c.line", "c.col")} || '，' || m.f_rule || '）' end) as moved
          from ra_moves m join ra_cells c on c.cid = m.f group by all`);
      // A flagged value no longer current because another loaded file now carries its key was corrected by that file
      // (stat-qa2 8: a 更正 withdrawn and restored left the flag 'cleared', losing 已被…更正).
      await sql.exec(`create or replace temp table ra_closing as
          select k.*, (select min(mv.moved) from ra_cells c join ra_moved mv on mv.cid = c.cid
                       where c.file_id = a.file_id and c.line = a.line and c.col = a.col and c.entity_code = a.entity_code
                         and c.indicator_code = a.indicator_code and mv.rule_code = a.rule_code) as moved,
                 case when not k.still_current then
                   (select max(c.file_id) from ra_cells c where c.entity_code = a.entity_code and c.indicator_code = a.indicator_code
                      and c.measure = a.measure and c.period_start = a.period_start and c.period_end = a.period_end and c.basis = a.basis
                      -- Corrected only by a file loaded after the flagged one: a value an earlier file's takes over from
                      -- (its own file withdrawn, or the earlier one preferred) is closed as not current, not as corrected.
                      and c.file_id > a.file_id) end as corrected_by
          from (${closing}) k join ingest.audit_flags a using (flag_id);
        create or replace temp table ra_missing as
          select f.* from ra_found f
          where not exists (select 1 from ingest.audit_flags a where a.rule_code = f.rule_code and a.file_id = f.file_id and a.line = f.line and a.col = f.col
                              and a.state in ('open', 'confirmed'));
        -- A closed flag of the same rule and cell is opened again (same id: what confirm and the .problems.txt name),
        -- e.g. when the correction that closed it is withdrawn; only findings without one get a new flag.
        create or replace temp table ra_reopen as
          select max(a.flag_id) as flag_id, f.rule_code, f.file_id, f.line, f.col, any_value(f.message) as message, any_value(f.value) as value
          from ra_missing f join ingest.audit_flags a on a.rule_code = f.rule_code and a.file_id = f.file_id and a.line = f.line and a.col = f.col
            and a.state in ('cleared', 'corrected')
          group by all;
        create or replace temp table ra_new as
          select f.* from ra_missing f where not exists (select 1 from ra_reopen r where r.rule_code = f.rule_code and r.file_id = f.file_id and r.line = f.line and r.col = f.col)`);
      // Still holding: an open flag of the same rule and cell (its message rewritten to quote the current neighbour), or a
      // confirmed one of the same rule, cell and value.
      const reworded = `from ra_found f where a.state = 'open' and a.rule_code = f.rule_code and a.file_id = f.file_id and a.line = f.line and a.col = f.col and a.message <> f.message`;
      const [todo] = await sql.all<{ n: number }>(`select ((select count(*) from ra_closing) + (select count(*) from ra_missing)
          + (select count(*) from ingest.audit_flags a where exists (select 1 ${reworded})))::integer as n`);
      if (!Number(todo!.n)) {
        await dropTemp(wh);
        return { openedOnEarlier: 0, opened: 0, closed: 0 };
      }
      return sql.transaction(async () => {
      await sql.exec(`update ingest.audit_flags a set message = f.message ${reworded}`);
      await sql.exec(`insert or replace into ingest.audit_flag_closures (flag_id, reason, closed_at)
          select flag_id, case when moved is not null then ? || moved when still_current then ? else ? end, ?::timestamp from ra_closing
          where moved is not null or corrected_by is null`,
          [ingestMsg.flagClearedMoved(), ingestMsg.flagClearedNeighbour(), ingestMsg.flagClearedValue(), at]);
      const closed = await sql.execCount(`update ingest.audit_flags a set state = 'cleared', resolved_at = ?::timestamp
          from ra_closing k where a.flag_id = k.flag_id and (k.moved is not null or k.corrected_by is null)`, [at])
        + await sql.execCount(`update ingest.audit_flags a set state = 'corrected', resolved_at = ?::timestamp, resolved_by_file_id = k.corrected_by
          from ra_closing k where a.flag_id = k.flag_id and k.moved is null and k.corrected_by is not null`, [at]);
      await sql.exec(`delete from ingest.audit_flag_closures where flag_id in (select flag_id from ra_closing where moved is null and corrected_by is not null)`);
      // Opened again under its id; a confirmation of the same value (its own, kept while it was closed, or an earlier
      // flag's) confirms it once more, by the one rule of carry-confirmations.ts (stat-qa finding 5).
      const reopened = await sql.all<{ flag_id: number }>(`update ingest.audit_flags a
          set state = 'open', resolved_at = null, resolved_by_file_id = null, message = r.message
          from ra_reopen r where a.flag_id = r.flag_id returning a.flag_id`);
      await sql.exec(`delete from ingest.audit_flag_closures where flag_id in (select flag_id from ra_reopen)`);
      const inserted = await sql.all<{ flag_id: number }>(`insert into ingest.audit_flags (file_id, line, col, entity_code, entity_name, indicator_code, indicator_name, measure,
            period_start, period_end, period_label, basis, value, original_text, rule_code, message, severity, state, flagged_at)
          select f.file_id, f.line, f.col, f.entity_code, f.entity_name, f.indicator_code, f.indicator_name, f.measure, f.period_start, f.period_end, f.period_label,
                 f.basis, f.value, f.original_text, f.rule_code, f.message, '核实性', 'open', ?::timestamp
          from ra_new f order by f.file_id, f.line, f.col, f.rule_code
          returning flag_id`, [at]);
      const touched = [...reopened, ...inserted].map((o) => Number(o.flag_id));
      if (touched.length) await carryConfirmationsTo(sql, `(${touched.join(", ")})`);
      // Counted after the carry: a flag its confirmation covers was not newly opened (the summary's 新增 N 个).
      const all = touched.length
        ? await sql.all<{ file_id: number }>(`select file_id from ingest.audit_flags where flag_id in (${touched.join(", ")}) and state = 'open'`)
        : [];
      await dropTemp(wh);
      const mine = new Set(fileIds.map(Number));
      return { opened: all.length, openedOnEarlier: all.filter((o) => !mine.has(Number(o.file_id))).length, closed, at };
      });
    })();
  } catch (e) {
    if (e instanceof ZonestatError) throw e;
    throw new ZonestatError("AUDIT_REAUDIT_FAILED", ingestMsg.reauditFailed((e as Error).message));
  }
}

/**
 * Whether a load only appended: every file of `fileIds`, taken in load order, carries for each indicator only
 * periods ending after every period of that indicator in the files loaded before it, and the load-time audit found
 * no comparative finding in them. Then no stored cell has a new neighbour (the new cells were compared with their
 * previous periods as they loaded), no current value changed, and a re-audit would find exactly the flags already
 * stored: it is skipped (it reads every current value of the indicators — seconds at province scale). A new quarter
 * is the usual case; a correction, a late or out-of-order file, or a new finding is not.
 */
export async function appendedOnly(db: Pick<DuckDBHandle, "all">, rules: readonly AuditRule[], fileIds: readonly number[]): Promise<boolean> {
  const comparative = rules.filter((r) => COMPARATIVE.has(r.kind));
  if (!fileIds.length || !comparative.length) return true;
  const ids = fileIds.map((i) => Number(i)).join(", ");
  const [row] = await db.all<{ overlaps: boolean; flagged: boolean }>(
    `select exists (select 1 from ingest.fact_series s
                    join ingest.fact_series p on p.indicator_code = s.indicator_code and p.file_id < s.file_id and p.period_end >= s.period_end
                    join ingest.files pf on pf.file_id = p.file_id and pf.status = 'loaded'
                    where s.file_id in (${ids})) as overlaps,
            exists (select 1 from ingest.audit_flags a where a.file_id in (${ids}) and a.rule_code in (${comparative.map((r) => q(r.code)).join(", ")})) as flagged`,
  );
  return !row!.overlaps && !row!.flagged;
}

async function dropTemp(wh: Warehouse): Promise<void> {
  await wh.sql.exec(["ra_scope", "ra_marked", "ra_parents", "ra_zone_city", "ra_cells", "ra_located", "ra_pairs", "ra_pairs_f", "ra_hits", "ra_found", "ra_closing", "ra_moves", "ra_moved", "ra_missing", "ra_reopen", "ra_new"].map((t) => `drop table if exists temp.${t};`).join(" "));
}
