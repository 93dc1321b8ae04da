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
 * a key is the one compared.
 */
import { ZonestatError } from "../errors.js";
import type { Warehouse } from "../warehouse/index.js";
import type { AuditRule } from "./audit-rules.js";
import { MAX_PROBLEMS, type Problem } from "./problems.js";
import type { Reference } from "./reference.js";

/** A 合计 row found by the reader (row path): the one finding not computed over staged rows. */
export interface TotalFinding {
  readonly line: number;
  readonly column: string;
  readonly value: string;
  readonly sum: string;
}

/** Thrown inside the load transaction (so nothing is written) when a 强制性 rule fails. */
export class AuditRejection extends ZonestatError {
  constructor(readonly problems: readonly Problem[]) {
    super(problems[0]!.code, problems[0]!.message, { line: problems[0]!.line, column: problems[0]!.column, value: problems[0]!.value, expected: problems[0]!.expected });
  }
}

const q = (s: string) => `'${s.replace(/'/g, "''")}'`;
/** A number as a statistician writes it: up to 4 decimals, no trailing zeros (4100, 512.3). */
const num = (x: string) => `regexp_replace(printf('%.4f', ${x}), '\\.?0+$', '')`;

/** A rule's message template as a SQL expression: `{name}` → the given expression's text. */
export function messageSql(template: string, parts: Record<string, string>): string {
  const pieces = template.split(/(\{[a-z_]+\})/).filter(Boolean).map((p) => {
    const m = p.match(/^\{([a-z_]+)\}$/);
    return m && parts[m[1]!] ? `coalesce(cast(${parts[m[1]!]} as varchar), '')` : q(p);
  });
  return pieces.length ? pieces.join(" || ") : "''";
}

const HIT_COLUMNS = [
  "line", "col", "entity_code", "entity_name", "indicator_code", "indicator_name", "measure",
  "period_start", "period_end", "period_label", "basis", "value", "original_text",
] as const;

const COMPARATIVE = new Set(["ytd_not_decreasing", "jump", "not_above_parent", "growth_consistent"]);

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
  }
}

/**
 * Evaluates `rules` against the staged file. Leaves `temp.audit_hits` (one row per
 * finding: the flagged row's columns, rule_code, severity, message, expected) and
 * `temp.audit_keys` for `storeAuditFlags`; throws `AuditRejection` with up to 200
 * problems (file order) when a 强制性 rule fails.
 */
export async function evaluateAudit(wh: Warehouse, rules: readonly AuditRule[], ref: Reference, totals: readonly TotalFinding[] = []): Promise<void> {
  const sql = wh.sql;
  await sql.exec(`create or replace temp table audit_hits (rule_code varchar, severity varchar, line integer, col varchar, entity_code varchar, entity_name varchar,
      indicator_code varchar, indicator_name varchar, measure varchar, period_start date, period_end date, period_label varchar, basis varchar,
      value double, original_text varchar, message varchar, expected varchar);
    create or replace temp table audit_scope (rule_code varchar, indicator_code varchar);
    create or replace temp view audit_new as
      select v.line, v.col, e.entity_code, e.entity_name, e.entity_kind, s.indicator_code, s.indicator_name, s.measure, s.period_start, s.period_end,
             s.period_label, s.grain, s.basis, s.unit, s.vintage, v.value, v.original_text
      from temp.stage_values v join temp.stage_entities e using (entity_key) join temp.stage_series s using (series_key)
      where not s.uncatalogued and v.value is not null;
    create or replace temp table audit_keys as
      select distinct e.entity_code, s.indicator_code, s.measure, s.period_start, s.period_end, s.basis
      from (select distinct entity_key, series_key from temp.stage_values) v
      join temp.stage_entities e using (entity_key) join temp.stage_series s using (series_key)`);
  const scope = rules.flatMap((r) => r.indicatorCodes.map((c) => `(${q(r.code)}, ${q(c)})`));
  if (scope.length) await sql.exec(`insert into audit_scope values ${scope.join(", ")}`);
  const inScope = (r: AuditRule, alias: string) => `${alias}.indicator_code in (select indicator_code from audit_scope where rule_code = ${q(r.code)})`;
  const insert = (r: AuditRule, from: string, message: string, pick: (c: string) => string = (c) => `n.${c}`) =>
    sql.exec(`insert into audit_hits select ${q(r.code)}, ${q(r.severity)}, ${HIT_COLUMNS.map(pick).join(", ")}, ${message}, ${q(expectedText(r))} ${from}`);

  const comparative = rules.filter((r) => COMPARATIVE.has(r.kind));
  if (comparative.length) await stageMerged(wh, ref, comparative);

  for (const r of rules) {
    const unitOf = "n.unit";
    switch (r.kind) {
      case "range": {
        const cond = [r.params.min !== undefined ? `n.value < ${r.params.min}` : "", r.params.max !== undefined ? `n.value > ${r.params.max}` : ""].filter(Boolean).join(" or ");
        await insert(r, `from audit_new n where n.measure = 'value' and ${inScope(r, "n")} and (${cond})`,
          messageSql(r.message, { value: num("n.value"), unit: unitOf, entity: "n.entity_name", indicator: "n.indicator_name", period: "n.period_label" }));
        break;
      }
      case "ytd_not_decreasing": {
        // Both neighbours within the year: a new 1-6月 below the stored 1-3月, or a new 1-3月 above the stored 1-6月.
        const w = `select *, lag(value) over w as prev_value, lag(period_label) over w as prev_label, lag(is_new) over w as prev_new,
            lead(value) over w as next_value, lead(period_label) over w as next_label, lead(is_new) over w as next_new
          from audit_merged where basis = 'ytd' and measure = 'value' and indicator_code in (select indicator_code from audit_scope where rule_code = ${q(r.code)})
          window w as (partition by entity_code, indicator_code, unit, period_start order by period_end)`;
        const detail = `case when n.value < n.prev_value then n.prev_label || ' ' || ${num("n.prev_value")} || ' → ' || n.period_label || ' ' || ${num("n.value")}
            else n.period_label || ' ' || ${num("n.value")} || ' → ' || n.next_label || ' ' || ${num("n.next_value")} end`;
        const other = `case when n.value < n.prev_value then n.prev_value else n.next_value end`;
        const otherPeriod = `case when n.value < n.prev_value then n.prev_label else n.next_label end`;
        await insert(r, `from (${w}) n where n.is_new and (n.value < n.prev_value or (not n.next_new and n.next_value < n.value))`,
          messageSql(r.message, { value: num("n.value"), unit: unitOf, other: num(other), other_period: otherPeriod, detail, entity: "n.entity_name", indicator: "n.indicator_name", period: "n.period_label" }));
        break;
      }
      case "jump": {
        const k = r.params.ratio;
        const far = (a: string, b: string) => `${a} > 0 and ${b} > 0 and (${a} / ${b} > ${k} or ${b} / ${a} > ${k})`;
        const parts = (other: string, otherPeriod: string, what: string) => ({ value: num("n.value"), unit: unitOf, other: num(other), other_period: otherPeriod, detail: what, entity: "n.entity_name", indicator: "n.indicator_name", period: "n.period_label" });
        await insert(r, `from (select *, lag(value) over w as prev_value, lag(period_label) over w as prev_label from audit_merged
              where measure = 'value' and indicator_code in (select indicator_code from audit_scope where rule_code = ${q(r.code)})
              window w as (partition by entity_code, indicator_code, measure, basis, grain, unit order by period_end)) n
            where n.is_new and ${far("n.value", "n.prev_value")}`,
          messageSql(r.message, parts("n.prev_value", "n.prev_label", "'上一期（' || n.prev_label || '）'")));
        await insert(r, `from audit_merged n join audit_merged o on o.entity_code = n.entity_code and o.indicator_code = n.indicator_code and o.measure = n.measure
              and o.basis = n.basis and o.unit = n.unit and o.period_start = (n.period_start - interval 1 year)::date and o.period_end = last_day(n.period_end - interval 1 year)
            where n.is_new and n.measure = 'value' and ${inScope(r, "n")} and ${far("n.value", "o.value")}`,
          messageSql(r.message, parts("o.value", "o.period_label", "'上年同期（' || o.period_label || '）'")));
        break;
      }
      case "not_above_parent": {
        // The child's row is flagged when it is new, else the parent's (a new parent below a stored child).
        const pick = (c: string) => `case when n.is_new then n.${c} else p.${c} end`;
        await insert(r, `from audit_merged n join audit_parents ap on ap.child_code = n.entity_code
              join audit_merged p on p.entity_code = ap.parent_code and p.indicator_code = n.indicator_code and p.measure = n.measure
                and p.period_start = n.period_start and p.period_end = n.period_end and p.basis = n.basis and p.unit = n.unit
            where (n.is_new or p.is_new) and n.measure = 'value' and ${inScope(r, "n")} and n.value > p.value * (1 + ${r.params.tolerance}) and p.value >= 0`,
          messageSql(r.message, { value: num("n.value"), unit: "n.unit", other: num("p.value"), other_entity: "p.entity_name", entity: "n.entity_name", indicator: "n.indicator_name", period: "n.period_label" }),
          pick);
        break;
      }
      case "growth_consistent": {
        const pick = (c: string) => `case when n.is_new then n.${c} when c.is_new then c.${c} else p.${c} end`;
        const computed = `100 * (c.value / p.value - 1)`;
        await insert(r, `from audit_merged n
              join audit_merged c on c.entity_code = n.entity_code and c.indicator_code = n.indicator_code and c.measure = 'value'
                and c.period_start = n.period_start and c.period_end = n.period_end and c.basis = n.basis
              join audit_merged p on p.entity_code = c.entity_code and p.indicator_code = c.indicator_code and p.measure = 'value' and p.basis = c.basis
                and p.unit = c.unit and p.period_start = (c.period_start - interval 1 year)::date and p.period_end = last_day(c.period_end - interval 1 year)
            where n.measure = 'yoy_pct' and (n.is_new or c.is_new or p.is_new) and ${inScope(r, "n")} and p.value > 0
              and abs(n.value - ${computed}) > ${r.params.tolerance_points}`,
          messageSql(r.message, { value: num("n.value"), other: `regexp_replace(printf('%.1f', ${computed}), '\\.?0+$', '')`, other_period: "p.period_label", detail: `${num("c.value")} ÷ ${num("p.value")}`, unit: "c.unit", entity: "n.entity_name", indicator: "n.indicator_name", period: "n.period_label" }),
          pick);
        break;
      }
      case "total_matches_sum": {
        for (const t of totals) {
          const message = r.message.replace(/\{value\}/g, t.value).replace(/\{other\}/g, t.sum).replace(/\{[a-z_]+\}/g, "");
          await sql.exec(`insert into audit_hits (rule_code, severity, line, col, entity_name, original_text, message, expected) values (?, ?, ?, ?, '合计', ?, ?, ?)`,
            [r.code, r.severity, t.line, t.column, t.value, message, expectedText(r)]);
        }
        break;
      }
    }
  }
  const mandatory = await sql.all<{ rule_code: string; message: string; line: number; col: string; original_text: string | null; expected: string }>(
    `select rule_code, message, line, col, original_text, expected from audit_hits where severity = '强制性' order by line, col, rule_code limit 200`);
  if (mandatory.length) {
    throw new AuditRejection(mandatory.map((m) => ({ severity: "error", code: m.rule_code, message: m.message, line: Number(m.line), column: m.col, value: m.original_text ?? undefined, expected: m.expected })));
  }
}

/**
 * The rows the comparative rules look at: this file's (latest vintage per key) and,
 * for keys the file does not carry, the warehouse's current value — limited to the
 * indicators those rules cover. Also `audit_parents` (zone → city, city → province).
 */
async function stageMerged(wh: Warehouse, ref: Reference, rules: readonly AuditRule[]): Promise<void> {
  const codes = [...new Set(rules.flatMap((r) => r.indicatorCodes))].map(q).join(", ");
  const cols = "entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, grain, basis, unit, value, line, col, original_text";
  const key = "entity_code, indicator_code, measure, period_start, period_end, basis";
  await wh.sql.exec(`create or replace temp table audit_merged as
    with n as (
      select ${cols}, true as is_new from audit_new where indicator_code in (${codes})
      qualify row_number() over (partition by ${key} order by vintage desc, line desc) = 1
    ), o as (
      select e.entity_code, e.entity_name, s.indicator_code, s.indicator_name, s.measure, s.period_start, s.period_end, s.period_label, s.grain, s.basis,
             s.unit, f.value, f.line, f.col, f.original_text, false as is_new
      from ingest.facts f join ingest.fact_series s using (file_id, series_key) join ingest.fact_entities e using (file_id, entity_key)
      join ingest.files fl using (file_id)
      where fl.status = 'loaded' and f.value is not null and s.indicator_code in (select distinct indicator_code from n)
      qualify row_number() over (partition by e.entity_code, s.indicator_code, s.measure, s.period_start, s.period_end, s.basis
                                 order by s.vintage desc, f.file_id desc, f.line desc) = 1
    )
    select * from n
    union all
    select * from o where not exists (select 1 from n where ${key.split(", ").map((c) => `n.${c} = o.${c}`).join(" and ")})`);
  const pairs: string[] = [];
  for (const e of ref.entities) {
    const parent = ref.entityByCode(e.parentCode);
    if (!parent) continue;
    if ((e.kind === "zone" && parent.kind === "city") || (e.kind === "city" && parent.kind === "province")) pairs.push(`(${q(e.code)}, ${q(parent.code)})`);
  }
  await wh.sql.exec(`create or replace temp table audit_parents (child_code varchar, parent_code varchar)`);
  if (pairs.length) await wh.sql.exec(`insert into audit_parents values ${pairs.join(", ")}`);
}

/**
 * Inside the transaction, after the file's rows are inserted as `fileId`: stores
 * its 核实性 findings as open flags (one per rule and cell) and marks open flags of
 * earlier files on the keys this file carries as corrected. Returns the flags stored.
 */
export async function storeAuditFlags(wh: Warehouse, fileId: number, at: string): Promise<{ count: number; first: AuditFlag[] }> {
  const sql = wh.sql;
  await sql.exec(`update ingest.audit_flags set state = 'corrected', resolved_at = ?::timestamp, resolved_by_file_id = ?
    where state = 'open' and file_id <> ? and exists (select 1 from temp.audit_keys k where k.entity_code = audit_flags.entity_code
      and k.indicator_code = audit_flags.indicator_code and k.measure = audit_flags.measure and k.period_start = audit_flags.period_start
      and k.period_end = audit_flags.period_end and k.basis = audit_flags.basis)`, [at, fileId, fileId]);
  await sql.exec(`insert into ingest.audit_flags (file_id, ${HIT_COLUMNS.join(", ")}, rule_code, message, severity, state, flagged_at)
    select ?, ${HIT_COLUMNS.join(", ")}, rule_code, message, severity, 'open', ?::timestamp from temp.audit_hits where severity = '核实性'
    qualify row_number() over (partition by rule_code, line, col order by message) = 1`, [fileId, at]);
  const [{ n }] = (await sql.all<{ n: number }>(`select count(*)::integer as n from ingest.audit_flags where file_id = ?`, [fileId])) as [{ n: number }];
  const first = await sql.all<AuditFlag>(`select flag_id, line, col, entity_name, indicator_name, period_label, original_text, rule_code, message from ingest.audit_flags
    where file_id = ? order by line, col, rule_code limit ${MAX_PROBLEMS}`, [fileId]);
  return { count: Number(n), first };
}

export type AuditFlag = {
  readonly flag_id: number;
  readonly line: number;
  readonly col: string;
  readonly entity_name: string | null;
  readonly indicator_name: string | null;
  readonly period_label: string | null;
  readonly original_text: string | null;
  readonly rule_code: string;
  readonly message: string;
};

export async function dropAudit(wh: Warehouse): Promise<void> {
  await wh.sql
    .exec(`drop table if exists temp.audit_hits; drop table if exists temp.audit_scope; drop view if exists temp.audit_new; drop table if exists temp.audit_keys;
      drop table if exists temp.audit_merged; drop table if exists temp.audit_parents`)
    .catch(() => {});
}
