/**
 * `zonestat confirm`: records that a value flagged 需核实 by a 核实性 审核 rule was
 * checked with the reporting zone and is right. The flag keeps who, when and why
 * and stays in `ingest.audit_flags` (state confirmed); it no longer shows as 需核实.
 * A wrong value is not confirmed but corrected: a newer file with the right value
 * clears the flag on load (state corrected).
 *
 * @example
 *   await confirmFlags(ctx, wh, { flagIds: [3], by: "张三", reason: "经开区统计科电话核实：一季度含土地出让收入" });
 *   await confirmFlags(ctx, wh, { file: "2024年1-6月.csv", line: 7, column: "D", by: "张三", reason: "…" });
 */
import type { JobContext } from "./context.js";
import { ZonestatError } from "./errors.js";
import { msg } from "./messages.js";
import { refreshProblemReports } from "./ingest/problem-reports.js";
import { reportTime } from "./ingest/problem-reports.js";
import type { Warehouse } from "./warehouse/index.js";
import { stageOf } from "./safety/recovery.js";
import { configFingerprint } from "./state.js";
import { flagSheetSql, placeOf } from "./cell-ref.js";
import { figure, flagEffectSql, flagEffectText, fullYearFormSql, hasRelation, HELD_RELATION, YEAR_FORM_LABEL, yearFormsHeldSql } from "./ingest/flag-effect.js";
import { sameValueSql } from "./ingest/carry-confirmations.js";
import { reauditFiles, reauditLine } from "./ingest/reaudit-run.js";

export interface ConfirmRequest {
  /** Flag ids (标记号) as printed in the file's .problems.txt, `zonestat status` and the 数据质量 page. */
  readonly flagIds?: readonly number[];
  /** Or: the file (name or sha256 prefix) and line, optionally the column letter. */
  readonly file?: string;
  readonly line?: number;
  readonly column?: string;
  /** Who checked (name), and why the value stands. Both required. */
  readonly by: string;
  readonly reason: string;
  /** Withdraw an earlier confirmation instead: the flag is open (需核实) again; who and why go to the run history. */
  readonly undo?: boolean;
  /** Confirm although the year's other form (年 value or 1-12月 累计) differs (CONFIRM_OTHER_FORM_DIFFERS otherwise). */
  readonly force?: boolean;
}

export interface ConfirmedFlag extends Record<string, unknown> {
  readonly flag_id: number;
  readonly name: string;
  readonly line: number;
  readonly col: string;
  /** The workbook sheet of the cell (null for a text file): places print as file.xlsx:开发区!D19. */
  readonly sheet: string | null;
  readonly rule_code: string;
  readonly message: string;
  /** Who and what the value is about (stat-qa 9: the output named only file, line and rule). */
  readonly about: string;
  /**
   * Set on a flag the request did not name but that stands on the same value as the named flag `alongside`
   * (same zone, indicator, measure, period, basis and number): confirmed (or, with undo, opened) with it.
   */
  readonly alongside?: number;
}

/**
 * Confirms every open flag the request names, and every other open flag standing on the same value (same zone,
 * indicator, measure, period, basis and number: returned after them with `alongside`), in one transaction — or, with
 * `undo`, opens again every confirmed one it names and those confirmed on the same value (CONFIRM_NOT_CONFIRMED when
 * none is named; a flag closed after being confirmed with its value undoes that value's confirmation). Any flag on a
 * total re-audits its file (`reaudit`: the summary line; see reauditTotals). Errors:
 * USAGE_CONFIRM (no flag or file+line given, or no --by/--reason),
 * CONFIRM_NOT_FOUND (nothing matches), CONFIRM_NOT_OPEN (it matches, but was
 * already confirmed or corrected — the message says by whom or by which file),
 * CONFIRM_OTHER_FORM_DIFFERS (a flag stands on a year's 年 value or 1-12月 累计 and the year's other form, current in a
 * loaded file, differs by more than 0.5% or in unit: confirming would make the year take one of two figures nobody
 * compared — stat-qa5 F16, 营口 685 → 532 with no word of the 1-12月's 170; unless `force`, which confirms and returns
 * the same finding in `notes`).
 */
export async function confirmFlags(ctx: JobContext, wh: Warehouse, req: ConfirmRequest): Promise<ConfirmedFlag[] & { reaudit?: string; notes?: string[] }> {
  if (!req.by.trim() || !req.reason.trim()) throw new ZonestatError("USAGE_CONFIRM", msg.confirmNeedsWho());
  const byId = req.flagIds && req.flagIds.length > 0;
  if (!byId && (!req.file || req.line === undefined)) throw new ZonestatError("USAGE_CONFIRM", msg.confirmNeedsTarget());
  const where = byId
    ? { sql: `a.flag_id in (${req.flagIds!.map(() => "?").join(", ")})`, params: [...req.flagIds!] }
    : {
        sql: `(f.name = ? or f.sha256 like ? || '%') and a.line = ?${req.column ? " and upper(a.col) = upper(?)" : ""}`,
        params: [req.file!, req.file!.toLowerCase(), req.line!, ...(req.column ? [req.column] : [])],
      };
  const matches = await wh.sql.all<ConfirmedFlag & { state: string; confirmed_by: string | null; confirmed_ms: number | null; corrected_by: string | null; file_status: string }>(
    `select a.flag_id, f.name, a.line, a.col, ${flagSheetSql("a")} as sheet, a.rule_code, a.message, concat_ws(' ', a.entity_name, a.indicator_name, a.period_label) as about, a.state, a.confirmed_by, epoch_ms(a.confirmed_at) as confirmed_ms,
            c.name as corrected_by, f.status as file_status
     from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.files c on c.file_id = a.resolved_by_file_id
     where ${where.sql} order by a.flag_id`,
    where.params,
  );
  const target = byId ? `标记号 ${req.flagIds!.join("、")}` : `${req.file} 第 ${req.line} 行${req.column ? ` ${req.column} 列` : ""}`;
  if (!matches.length) throw new ZonestatError("CONFIRM_NOT_FOUND", msg.confirmNotFound(target), { file: req.file, line: req.line, column: req.column });
  if (req.undo) {
    // Only a confirmation can be withdrawn; a flag cleared or corrected by data stays as the data say.
    let confirmed: ConfirmedFlag[] = matches.filter((m) => m.state === "confirmed" && m.file_status === "loaded");
    // A flag confirmed with its value and then closed by the re-audit (an ABOVE_PARENT on a city total handed to the zone)
    // keeps its confirmation: undoing it undoes the value's confirmation (stat-qa4 F9: the number confirm had just listed
    // was refused).
    const closedConfirmed = matches.filter((m) => (m.state === "cleared" || m.state === "corrected") && m.confirmed_by != null && m.file_status === "loaded");
    if (!confirmed.length && closedConfirmed.length) confirmed = await sameValueFlags(wh, closedConfirmed.map((m) => Number(m.flag_id)), "confirmed");
    if (!confirmed.length) throw new ZonestatError("CONFIRM_NOT_CONFIRMED", msg.unconfirmNotConfirmed(target), { file: matches[0]!.name, line: Number(matches[0]!.line), column: matches[0]!.col, sheet: matches[0]!.sheet });
    // The value is 需核实 again: so are the other flags confirmed on the same value (confirmed with it, as above).
    const undone = [...confirmed.map(shape), ...(await sameValueFlags(wh, confirmed.map((m) => Number(m.flag_id)), "confirmed"))];
    await wh.sql.exec(
      `update ingest.audit_flags set state = 'open', confirmed_by = null, confirmed_at = null, confirm_reason = null where flag_id in (${undone.map((m) => Number(m.flag_id)).join(", ")}) and state = 'confirmed'`,
    );
    // Closed flags keep their confirmation so that it comes back with the value (carry-confirmations.ts): the value's is
    // withdrawn now, so theirs on the same value goes too (a cleared ABOVE_PARENT on a city total would otherwise come
    // back confirmed when the re-audit reopens it).
    await wh.sql.exec(`update ingest.audit_flags a set confirmed_by = null, confirmed_at = null, confirm_reason = null
      from ingest.audit_flags s where s.flag_id in (${undone.map((m) => Number(m.flag_id)).join(", ")}) and ${sameValueSql("a", "s")}
        and a.state not in ('open', 'confirmed') and a.confirmed_by is not null`);
    const moved = await reauditTotals(ctx, wh, undone.map((m) => Number(m.flag_id)));
    if (!moved) await refreshProblemReports(wh, ctx.config.archive, ctx.now().toISOString(), ctx.config.timezone);
    return Object.assign(undone, { reaudit: moved });
  }
  const open = matches.filter((m) => m.state === "open" && m.file_status === "loaded");
  if (!open.length) {
    const m = matches[0]!;
    const why = m.state === "confirmed" ? `已于 ${reportTime(new Date(Number(m.confirmed_ms)).toISOString(), ctx.config.timezone)} 由 ${m.confirmed_by} 核实` : m.state === "corrected" ? `已被更新的文件 ${m.corrected_by} 更正` : m.state === "cleared" ? "已按现行数值重新审核后解除" : "所在文件已撤回";
    throw new ZonestatError("CONFIRM_NOT_OPEN", msg.confirmNotOpen(target, why), { file: m.name, line: Number(m.line), column: m.col, sheet: m.sheet });
  }
  const ids = open.map((m) => Number(m.flag_id));
  // Confirming a value confirms the value: every other open flag on the same number (FIRST_QUARTER_JUMP marking a 1-3月
  // on arrival, YTD_OUT_OF_LINE holding it once the 1-6月 came) is confirmed with it, its reason naming the flag asked for.
  const others = await sameValueFlags(wh, ids, "open");
  const differing = await otherFormDiffers(wh, [...ids, ...others.map((o) => Number(o.flag_id))]);
  if (differing.length && !req.force) {
    const d = differing[0]!;
    throw new ZonestatError("CONFIRM_OTHER_FORM_DIFFERS", msg.confirmOtherFormDiffers(d.what, d.other, d.after, d.dropped, d.unchanged, await totalsChange(ctx, wh, d), d.yearHeld),
      { file: d.file, line: d.line, column: d.col, sheet: d.sheet, value: d.value, expected: d.otherValue });
  }
  const at = ctx.now().toISOString();
  await wh.sql.transaction(async () => {
    await wh.sql.exec(
      `update ingest.audit_flags set state = 'confirmed', confirmed_by = ?, confirmed_at = ?::timestamp, confirm_reason = ? where flag_id in (${ids.join(", ")}) and state = 'open'`,
      [req.by.trim(), at, req.reason.trim()],
    );
    // The others in one statement, each reason naming the flag it was confirmed with.
    if (others.length) {
      await wh.sql.exec(
        // Numbered parameters: DuckDB binds the FROM clause's before the SET's.
        `update ingest.audit_flags a set state = 'confirmed', confirmed_by = $1, confirmed_at = $2::timestamp, confirm_reason = v.reason
         from (values ${others.map((_, i) => `($${3 + 2 * i}::integer, $${4 + 2 * i})`).join(", ")}) v(flag_id, reason) where a.flag_id = v.flag_id and a.state = 'open'`,
        [req.by.trim(), at, ...others.flatMap((o) => [Number(o.flag_id), `${req.reason.trim()}${msg.confirmAlongsideReason(o.alongside!)}`])],
      );
    }
  });
  const moved = await reauditTotals(ctx, wh, [...ids, ...others.map((o) => o.flag_id)]);
  if (!moved) await refreshProblemReports(wh, ctx.config.archive, ctx.now().toISOString(), ctx.config.timezone);
  return Object.assign([...open.map(shape), ...others], { reaudit: moved, notes: differing.map((d) => msg.confirmOtherFormForced(d.what, d.other, d.after, d.dropped, d.unchanged, d.yearHeld)) });
}

interface OtherFormDiffers {
  /** The flagged value: 标记号, zone, indicator, year, form and number. */
  readonly what: string;
  /** The year's other form, its number and its place (file:line:column or file:sheet!cell). */
  readonly other: string;
  /** Which of the two the year takes once the flagged value is confirmed, and the one it does not. */
  readonly after: string;
  readonly dropped: string;
  /** The year takes `after` now too: the confirmation changes no total (stat-qa6 F4: 「按它计算」 when nothing changed). */
  readonly unchanged: boolean;
  /** The year is held now because its two forms are twofold apart (YEAR_FORMS_DIFFER): neither is in the sums. */
  readonly yearHeld: boolean;
  readonly file: string; readonly line: number; readonly col: string; readonly sheet: string | null;
  readonly value: string; readonly otherValue: string;
  /** For totalsChange: the zone's year and the change of its value in the sums (after − before, in `unit`); null: none. */
  readonly entityCode: string; readonly indicatorCode: string; readonly year: number; readonly unit: string | null; readonly delta: number | null;
}

/**
 * The scope sums the confirmation would change, from the built marts: each sum of zones holding the zone that year
 * (int_scope_values, sum_of_zones) before → after, e.g. 「营口市省级以上经济开发区 255 → 102 亿元」. Undefined when
 * nothing changes, the units differ, or the marts are older than the loaded data (their sums would be stale).
 */
async function totalsChange(ctx: JobContext, wh: Warehouse, d: OtherFormDiffers): Promise<string | undefined> {
  if (d.delta === null || d.delta === 0) return undefined;
  if ((await stageOf(wh.sql, configFingerprint(ctx.config))).stage === "loaded") return undefined;
  const rows = await wh.sql.all<{ scope_name: string; value: number }>(
    `select coalesce(s.scope_name, v.scope_code) as scope_name, v.value
     from main_intermediate.int_scope_values v left join main_staging.stg_scopes s on s.scope_code = v.scope_code
     where v.method = 'sum_of_zones' and v.indicator_code = ? and v.period_label = ? and v.unit is not distinct from ? and v.value is not null
       and v.scope_code in (select scope_code from main_intermediate.int_scope_members where zone_code = ? and year = ?)
     order by v.scope_code`,
    [d.indicatorCode, `${d.year}年`, d.unit, d.entityCode, d.year],
  ).catch(() => []);
  if (!rows.length) return undefined;
  return rows.map((r) => `${r.scope_name} ${figure(Number(r.value))} → ${figure(Number(r.value) + d.delta!)}${d.unit ? ` ${d.unit}` : ""}`).join("；");
}

/**
 * Of the flags `ids`, those on a flow's full year in one form (年 value, or 1-12月 累计) whose other form is current in a
 * loaded file (main.observations) and differs from it by more than 0.5% of the 年 value (int_values_annual's
 * annual_and_ytd_differ) or in unit, one per value, in flag order. After the confirmation the year takes the form just
 * confirmed — the form last confirmed wins (int_observations_canonical's order, stat-qa10 F5: a forced confirmation of
 * the 1-12月 made the year take the 年 value it had vouched against); every open flag on that value is confirmed with it.
 */
async function otherFormDiffers(wh: Warehouse, ids: readonly number[]): Promise<OtherFormDiffers[]> {
  if (!ids.length) return [];
  const list = ids.map(Number).join(", ");
  const built = await hasRelation((q) => wh.sql.all(q), HELD_RELATION);
  const rows = await wh.sql.all<{ flag_id: number; entity_code: string; indicator_code: string; year: number; entity_name: string; indicator_name: string; period_label: string; basis: string; value: number; unit: string | null;
    name: string; line: number; col: string; sheet: string | null; other_value: number; other_unit: string; other_file: string; other_line: number; other_col: string; other_sheet: string | null; other_held: boolean; own_held: boolean; year_held: boolean; confirmed_last: string | null }>(
    `select * from (
       select a.flag_id, a.entity_code, a.indicator_code, year(a.period_end)::integer as year, a.entity_name, a.indicator_name, a.period_label, a.basis, a.value, f.name, a.line, a.col, ${flagSheetSql("a")} as sheet,
              (select min(s.unit) from ingest.facts x join ingest.fact_series s using (file_id, series_key)
                where x.file_id = a.file_id and x.line = a.line and x.col = a.col) as unit,
              o.value as other_value, o.unit as other_unit, o.source_file as other_file, o.source_line as other_line, o.source_column as other_col, o.source_sheet as other_sheet,
              exists (select 1 from ingest.audit_flags h join ingest.files hf using (file_id)
                      where h.state = 'open' and hf.status = 'loaded' and h.flag_id not in (${list})
                        and h.rule_code in (select rule_code from ingest.held_audit_rules)
                        and h.entity_code = o.entity_code and h.indicator_code = o.indicator_code and h.measure = 'value'
                        and h.period_start = o.period_start and h.period_end = o.period_end and h.basis = o.basis) as other_held,
              -- Held now (an open holding flag on the same cell): the year takes the other form until it is confirmed.
              exists (select 1 from ingest.audit_flags h where h.file_id = a.file_id and h.line = a.line and h.col = a.col and h.state = 'open'
                        and h.rule_code in (select rule_code from ingest.held_audit_rules)) as own_held,
              -- Held now as the two forms disagree (twofold apart, neither flagged holding nor confirmed): neither is
              -- summed, and any confirmation on either form ends that (int_held_values, YEAR_FORMS_DIFFER).
              ${built ? yearFormsHeldSql("a") : "false"} as year_held,
              -- The form confirmed last before this confirmation ('period' or 'ytd'; null: neither), which the year takes now.
              (select arg_max(c.basis, c.confirmed_at) from ingest.audit_flags c join ingest.files cf using (file_id)
                where c.state = 'confirmed' and cf.status = 'loaded' and c.measure = 'value' and c.entity_code = a.entity_code
                  and c.indicator_code = a.indicator_code and c.period_start = a.period_start and c.period_end = a.period_end
                  and c.basis in ('period', 'ytd')) as confirmed_last
       from ingest.audit_flags a join ingest.files f using (file_id)
       join main.observations o on o.entity_code = a.entity_code and o.indicator_code = a.indicator_code and o.measure = 'value'
        and o.period_start = a.period_start and o.period_end = a.period_end and o.basis = case a.basis when 'period' then 'ytd' else 'period' end
        and o.is_current and o.file_status = 'loaded' and o.value is not null
       where a.flag_id in (${list}) and ${fullYearFormSql("a")} and a.value is not null
       qualify row_number() over (partition by a.entity_code, a.indicator_code, a.period_end, a.basis order by a.flag_id) = 1
     ) where unit is distinct from other_unit
        or abs(value - other_value) > 0.005 * greatest(abs(case basis when 'period' then value else other_value end), 1e-9)
     order by flag_id`,
  );
  const form = (basis: string) => (basis === "period" ? "年度值" : "1-12月累计值");
  const num = (v: number, unit: string | null) => `${figure(v)}${unit ? ` ${unit}` : ""}`;
  return rows.map((r) => {
    const own = `${form(r.basis)} ${num(r.value, r.unit)}`;
    const otherFigure = `${form(r.basis === "period" ? "ytd" : "period")} ${num(r.other_value, r.other_unit)}`;
    // Now: neither while the year is held for the disagreement; the other form while this one is held and the other
    // not, and the reverse; else the form last confirmed, or the 年 value (int_values_annual's choice).
    const now = r.year_held ? "none"
      : r.own_held && !r.other_held ? "other"
      : r.other_held && !r.own_held ? "own"
      : r.confirmed_last ? (r.confirmed_last === r.basis ? "own" : "other")
      : r.basis === "period" ? "own" : "other";
    return {
      what: `标记号 ${r.flag_id}（${[r.entity_name, r.indicator_name, r.period_label].filter(Boolean).join(" ")} ${own}）`,
      other: `${otherFigure}（${placeOf(r.other_file, r.other_sheet, Number(r.other_line), r.other_col)}）`,
      // Once confirmed the form confirmed is the one last confirmed: the year takes it.
      after: own,
      dropped: otherFigure,
      unchanged: now === "own",
      yearHeld: Boolean(r.year_held),
      file: r.name, line: Number(r.line), col: r.col, sheet: r.sheet, value: num(r.value, r.unit), otherValue: num(r.other_value, r.other_unit),
      entityCode: r.entity_code, indicatorCode: r.indicator_code, year: Number(r.year), unit: r.unit,
      // Only the held form taking over from a clean other form is one value swapped for another in every sum; else none.
      // The year held for the disagreement: the form taken joins every sum (none had the zone).
      delta: now === "none" ? Number(r.value) : now === "other" && r.unit === r.other_unit ? Number(r.value) - Number(r.other_value) : null,
    };
  });
}

/**
 * After a confirmation (or its undo) of any flag on a total (a city's or province's value, not a zone's): whether
 * that total is 需核实 — by a holding rule, or by any finding beside its children's sum (stat-qa4 F9: undoing a
 * YTD_DECREASE on a ×0.1 city total left the right zone held) — decides which cell ABOVE_PARENT flags (audit.ts
 * aboveParentSuspectSql): a confirmed city total hands the flag back to the zone above it, an unconfirmed one takes it
 * again. The re-audit of those flags' files
 * settles it now rather than at the next load (it also rewrites the problem reports). Returns its summary line
 * (reaudit-run.ts), "" when it changed nothing, undefined when it was not needed.
 */
async function reauditTotals(ctx: JobContext, wh: Warehouse, flagIds: readonly number[]): Promise<string | undefined> {
  const files = await wh.sql.all<{ file_id: number }>(`select distinct a.file_id from ingest.audit_flags a
    where a.flag_id in (${flagIds.map(Number).join(", ")})
      and exists (select 1 from ingest.fact_entities e where e.file_id = a.file_id and e.entity_code = a.entity_code and e.entity_kind <> 'zone')`);
  if (!files.length) return undefined;
  // Flags standing (open or confirmed) before and after: which it opened and closed, named (stat-qa3 F8: confirming a
  // city total pulled a zone out of the totals, and the output did not say which).
  const standing = async () => new Map((await wh.sql.all<{ flag_id: number; state: string }>(`select flag_id, state from ingest.audit_flags where state in ('open', 'confirmed')`))
    .map((r) => [Number(r.flag_id), r.state] as const));
  const before = await standing();
  const line = reauditLine(await reauditFiles(ctx, wh, files.map((f) => Number(f.file_id))));
  const after = await standing();
  const opened = [...after].filter(([id, state]) => state === "open" && before.get(id) !== "open").map(([id]) => id);
  const closed = [...before.keys()].filter((id) => !after.has(id));
  const named = await describeFlags(wh, [...opened, ...closed]);
  return [line, ...opened.map((id) => msg.reauditOpenedFlag(named.get(id) ?? `标记号 ${id}`)), ...closed.map((id) => msg.reauditClosedFlag(named.get(id) ?? `标记号 ${id}`))]
    .filter(Boolean).join("\n");
}

/**
 * flag_id → "标记号 14 file.xlsx:各市!B5 营口经济技术开发区 地区生产总值 2024年1-6月（核实前不计入合计）：message", the
 * effect said for a flag that is open (flag-effect.ts), the closing reason for one that is not.
 */
async function describeFlags(wh: Warehouse, ids: readonly number[]): Promise<Map<number, string>> {
  if (!ids.length) return new Map();
  const rows = await wh.sql.all<{ flag_id: number; name: string; line: number; col: string; sheet: string | null; entity_name: string; indicator_name: string; period_label: string; basis: string; state: string; effect: string; message: string; reason: string | null; released: boolean }>(
    `select a.flag_id, f.name, a.line, a.col, ${flagSheetSql("a")} as sheet, a.entity_name, a.indicator_name, a.period_label, a.basis, a.state, ${flagEffectSql("a")} as effect, a.message, c.reason,
            -- A closed holding flag on a zone with no other hold left on its cell: the value is summed again.
            (a.rule_code in (select rule_code from ingest.held_audit_rules) and a.state <> 'open'
             and not exists (select 1 from ingest.audit_flags h where h.file_id = a.file_id and h.line = a.line and h.col = a.col and h.state = 'open'
                             and h.rule_code in (select rule_code from ingest.held_audit_rules))
             and not exists (select 1 from ingest.fact_entities e where e.file_id = a.file_id and e.entity_code = a.entity_code and e.entity_kind <> 'zone')) as released
     from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.audit_flag_closures c using (flag_id)
     where a.flag_id in (${ids.map(Number).join(", ")})`);
  return new Map(rows.map((r) => [Number(r.flag_id),
    `标记号 ${r.flag_id} ${placeOf(r.name, r.sheet, Number(r.line), r.col)} ${[r.entity_name, r.indicator_name, r.period_label].filter(Boolean).join(" ")}${r.state === "open" ? `（${flagEffectText(r)}）：${r.message}` : `${r.released ? "（解除后计入合计）" : ""}：${r.reason ?? r.state}`}`]));
}

const shape = ({ flag_id, name, line, col, sheet, rule_code, message, about }: ConfirmedFlag): ConfirmedFlag =>
  ({ flag_id: Number(flag_id), name, line: Number(line), col, sheet, rule_code, message, about });

/**
 * Flags in `state` of loaded files, other than `ids`, standing on the same value as one of `ids` (carry-confirmations.ts
 * `sameValueSql`), each with `alongside` = the lowest such flag of `ids`; in flag order.
 */
async function sameValueFlags(wh: Warehouse, ids: readonly number[], state: "open" | "confirmed"): Promise<ConfirmedFlag[]> {
  const rows = await wh.sql.all<ConfirmedFlag>(
    `select a.flag_id, f.name, a.line, a.col, ${flagSheetSql("a")} as sheet, a.rule_code, a.message, concat_ws(' ', a.entity_name, a.indicator_name, a.period_label) as about,
            min(s.flag_id) over (partition by a.flag_id)::integer as alongside
     from ingest.audit_flags a join ingest.files f using (file_id)
     join ingest.audit_flags s on s.flag_id in (${ids.map(Number).join(", ")}) and ${sameValueSql("a", "s")}
     where a.state = '${state}' and f.status = 'loaded' and a.flag_id not in (${ids.map(Number).join(", ")})
     qualify row_number() over (partition by a.flag_id order by s.flag_id) = 1
     order by a.flag_id`,
  );
  return rows.map((r) => ({ ...shape(r), alongside: Number(r.alongside) }));
}
