/**
 * Why a scope's total is incomplete, in the reader's words: a zone that did not report (未报送) is not a zone
 * whose value is held for check (需核实: an open 审核 flag of a rule with holds: true — ingest.held_audit_rules — so
 * int_scope_values leaves it out of the sum; sources/audit-rules/10-bureau-checks.yml; heldReason says which).
 * The overview, 占比 and the reports say which, and name the held value (zone, 标记号) where there is room.
 */
import type { Shared } from "../../pipelines/publish/page.js";
import type { QueryOnly } from "./format.js";

/** One value held out of a scope's sum: the zone's name, the open flag's number and its rule (ingest.audit_flags.rule_code). */
export interface HeldValue {
  readonly zoneName: string;
  /** The holding flag's 标记号; null for a hold without a flag (YEAR_FORMS_DIFFER). */
  readonly flagId: number | null;
  readonly ruleCode?: string | null;
}

/**
 * Why a rule holds a value, in the reader's words, by the rule of the flag that holds it (sources/audit-rules/
 * 10-bureau-checks.yml, rules with holds: true). A rule not named here (a project's own holding rule) gets the
 * neutral 需核实 wording with the flag's 标记号, never another rule's reason.
 */
const HELD_RULE_REASONS: Readonly<Record<string, string>> = {
  ABOVE_PARENT: "高于上级总量",
  INCREMENT_JUMP: "当季增量异常偏大",
  JUMP_20X: "与上期或上年同期相差20倍以上",
  YTD_OUT_OF_LINE: "累计值下降，与其他累计值不符",
  YTD_REPEATED: "与上一期累计值相同，疑为重复报送",
  // Not a rule's flag: int_held_values holds a year whose two forms are twofold apart (no 标记号 to confirm).
  YEAR_FORMS_DIFFER: "年度值与1-12月累计值相差一倍以上",
};

/** "当季增量异常偏大" for INCREMENT_JUMP …; "需核实（标记号 7）" for a holding rule without its own wording. */
export function heldReason(ruleCode: string | null | undefined, flagId?: number | null): string {
  const known = ruleCode ? HELD_RULE_REASONS[ruleCode] : undefined;
  return known ?? (flagId == null ? "需核实" : `需核实（标记号 ${flagId}）`);
}

/** heldReason without a flag number, as a SQL expression over a rule-code column (for lists that already name the 标记号). */
export function heldReasonSql(rule: string): string {
  const whens = Object.entries(HELD_RULE_REASONS).map(([code, text]) => `when '${code}' then '${text}'`).join(" ");
  return `(case ${rule} ${whens} else '需核实' end)`;
}

/**
 * The note beside values held out of totals: what a hold means, then each held value with its 标记号 and its own
 * reason — "数值需核实，核实前不计入合计、不计算占比、不参与排名：沈阳辉山经济技术开发区（标记号 1，当季增量异常偏大）".
 * `items`: the held values' labels (zone or indicator name), flag numbers and rule codes; repeated ones are said once.
 */
export function heldNote(items: ReadonlyArray<{ label: string; flagId: number | null; ruleCode: string | null }>): string {
  const seen = new Set<string>();
  const parts: string[] = [];
  for (const h of items) {
    const t = `${h.label}（${h.flagId == null ? "" : `标记号 ${h.flagId}，`}${heldReason(h.ruleCode)}）`;
    if (!seen.has(t)) parts.push(t);
    seen.add(t);
  }
  return `数值需核实，核实前不计入合计、不计算占比、不参与排名：${parts.join("；")}`;
}

/** A scope's sum for one indicator and period end: how many zones are in it, held out, and expected. */
export interface ScopeCompleteness {
  readonly reporting: number;
  readonly held: readonly HeldValue[];
  readonly expected: number;
}

/** The key of `scopeCompleteness`: scope code, indicator code and period end (YYYY-MM-DD). */
export const completenessKey = (scope: unknown, indicator: unknown, periodEnd: unknown) => `${String(scope)}|${String(indicator)}|${String(periodEnd).slice(0, 10)}`;

/**
 * Every sum_of_zones row of int_scope_values with zones held for check, or with fewer zones than expected, keyed
 * by completenessKey, with the held zones' names and flag numbers (int_held_values: the open flags of holding rules
 * on a member zone's value, as int_scope_values holds them). Empty when the warehouse has no such rows.
 * `targets`: only the sums 总览 and 进度 look up — a scope and indicator some target_status row has, and every
 * indicator of the site's scope (site_scope) — 3,300 of the 48,000 rows at province scale, each read as a JS object.
 * Computed once per publish run when `ctx.shared` is given (总览 and 进度 both read it); the map is shared, read it only.
 */
export async function scopeCompleteness(ctx: QueryOnly & { readonly shared?: Shared }, opts: { readonly targets?: boolean } = {}): Promise<Map<string, ScopeCompleteness>> {
  const read = () => readCompleteness(ctx, opts.targets ?? false);
  return ctx.shared ? ctx.shared(`held-values:scope-completeness${opts.targets ? ":targets" : ""}`, read) : read();
}

async function readCompleteness(ctx: QueryOnly, targets: boolean): Promise<Map<string, ScopeCompleteness>> {
  const only = targets
    ? `and (coalesce(s.scope_code, h.scope_code) in (select scope_code from main.site_scope)
           or exists (select 1 from main.target_status t where t.scope_code = coalesce(s.scope_code, h.scope_code) and t.indicator_code = coalesce(s.indicator_code, h.indicator_code)))`
    : "";
  const rows = await ctx.query(`
    with held as (
      -- int_held_values: the held values int_scope_values leaves out (not a held 年 value whose 1-12月, not held, is summed).
      select m.scope_code, a.indicator_code, a.period_end, z.zone_name, a.held_flag as flag_id, a.held_rule as rule_code
      from main_intermediate.int_held_values a
      join main_intermediate.int_scope_members m on m.zone_code = a.entity_code and m.year = year(a.period_end)
      join main_staging.stg_zones z on z.zone_code = a.entity_code
    ), sums as (
      select scope_code, indicator_code, period_end, max(zones_reporting)::integer as reporting, max(zones_expected)::integer as expected
      from main_intermediate.int_scope_values where method = 'sum_of_zones' group by all
    )
    select coalesce(s.scope_code, h.scope_code) as scope_code, coalesce(s.indicator_code, h.indicator_code) as indicator_code,
           coalesce(s.period_end, h.period_end)::varchar as period_end, coalesce(s.reporting, 0) as reporting,
           coalesce(s.expected, (select count(*) from main_intermediate.int_scope_members m where m.scope_code = h.scope_code and m.year = year(h.period_end)))::integer as expected,
           h.zone_name, h.flag_id, h.rule_code
    from sums s full join held h on h.scope_code = s.scope_code and h.indicator_code = s.indicator_code and h.period_end = s.period_end
    -- held_rule, not held_flag: a year held as its two forms disagree has no flag (stat-qa8: it read 「1家开发区未报送」).
    where (h.rule_code is not null or s.reporting < s.expected) ${only}
    order by h.flag_id nulls last, h.zone_name`).catch(() => [] as Record<string, unknown>[]);
  const out = new Map<string, { reporting: number; held: HeldValue[]; expected: number }>();
  for (const r of rows) {
    const k = completenessKey(r.scope_code, r.indicator_code, r.period_end);
    const e = out.get(k) ?? { reporting: Number(r.reporting), held: [], expected: Number(r.expected) };
    if (r.rule_code != null) e.held.push({ zoneName: String(r.zone_name), flagId: r.flag_id == null ? null : Number(r.flag_id), ruleCode: String(r.rule_code) });
    out.set(k, e);
  }
  return out;
}

/**
 * "不含1个需核实数值（四平红嘴经济开发区，标记号 2）" — a hold without a flag by its reason (「…，年度值与1-12月累计值相差一倍以上」);
 * `named` false gives only the count. "" when none is held.
 */
export function heldText(c: ScopeCompleteness | undefined, named = true): string {
  if (!c || c.held.length === 0) return "";
  return `不含${c.held.length}个需核实数值${named ? `（${c.held.map((h) => `${h.zoneName}，${h.flagId == null ? heldReason(h.ruleCode) : `标记号 ${h.flagId}`}`).join("；")}）` : ""}`;
}

/** Zones that sent no value: expected less those summed and those held. */
export function zonesMissing(c: ScopeCompleteness): number {
  return Math.max(0, c.expected - c.reporting - c.held.length);
}

/**
 * Why the total is incomplete: "2家开发区未报送", "不含1个需核实数值（…）", or both, then "，合计不完整";
 * the fallback (no row: a partial total the warehouse cannot explain here) stays the general wording.
 */
export function incompleteReason(c: ScopeCompleteness | undefined, named = true): string {
  if (!c) return "部分开发区未报送，合计不完整";
  const missing = zonesMissing(c);
  const parts = [missing > 0 ? `${missing}家开发区未报送` : "", heldText(c, named)].filter(Boolean);
  return `${parts.join("，") || "部分开发区未报送"}，合计不完整`;
}
