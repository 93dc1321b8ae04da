/**
 * What an open 审核 flag does to the totals, asked one way for `status`, `confirm` and the 数据质量 page (stat-qa3
 * F15): a zone value a holding rule flags is kept out of every total until checked; a total (a city's or the
 * province's value) with any open flag marks the shares over it 分母需核实; any other flag only marks, and the value
 * is summed. A year's 年 value and its 1-12月 累计 are one figure to the models (int_values_annual): a held one whose
 * year took the other, clean form holds nothing — it is `superseded` (stat-qa5 F3: it still said 核实前不计入合计 above a
 * 2024年 card that was in the totals).
 */

/** The effects, as a reader is told them (`superseded` and `held_pending` in full by flagEffectText). */
export const FLAG_EFFECT_LABEL: Readonly<Record<string, string>> = {
  held: "核实前不计入合计",
  held_total: "以它为分母的占比标为分母需核实",
  marked: "仍计入合计",
  superseded: "本年已取同年另一口径的数值（计入合计）；此数值不计入",
  held_pending: "核实前不计入合计；同年另一口径的数值已入库，本年取哪一个待 zonestat refresh 构建后确定",
  year_held: "本年年度值与 1-12月累计值相差一倍以上，核实前本年不计入合计",
};

/** A year's two forms (int_values_annual.method), as a reader is told them. */
export const YEAR_FORM_LABEL: Readonly<Record<string, string>> = { annual: "年度值", ytd_december: "1-12月累计值" };

/** The models' year values (int_values_annual), as status and the pages read them. */
export const ANNUAL_RELATION = "main_intermediate.int_values_annual";

/** The models' held zone values (int_values_annual's neighbour, built with it). */
export const HELD_RELATION = "main_intermediate.int_held_values";

/**
 * SQL condition: the year of the flag (or value) aliased `a` is held because its two full-year forms are twofold apart
 * and neither is held or confirmed (int_held_values, held_rule YEAR_FORMS_DIFFER, stat-qa7 F1): neither form is summed,
 * whatever its own flags are. `held`: HELD_RELATION, read only when the models are built.
 */
export function yearFormsHeldSql(a: string, held = HELD_RELATION): string {
  return `(${fullYearFormSql(a)} and exists (select 1 from ${held} yh where yh.held_rule = 'YEAR_FORMS_DIFFER'
      and yh.entity_code = ${a}.entity_code and yh.indicator_code = ${a}.indicator_code and yh.period_end = ${a}.period_end))`;
}

/** A form's name after Chinese text: a space before a digit (「本年取 1-12月累计值」, as data_quality writes it). */
export function spaced(label: string): string {
  return /^\d/.test(label) ? ` ${label}` : label;
}

/** A figure as the effect says it: at most four decimals, no trailing zeros (170, 45.5). */
export function figure(v: unknown): string {
  const n = Number(v);
  return Number.isFinite(n) ? String(Math.round(n * 10_000) / 10_000) : String(v);
}

/**
 * The effect in words for a row carrying `effect` and, for `superseded`, the year's figure the models took
 * (`year_form` 'annual' | 'ytd_december', `year_value`, `year_unit`: flagYearFormSql's columns), e.g.
 * 「本年已取 1-12月累计值 170 亿元（计入合计）；此年度值不计入」. "" for an unknown effect.
 */
export function flagEffectText(r: Record<string, unknown>): string {
  const effect = String(r.effect ?? "");
  const form = YEAR_FORM_LABEL[String(r.year_form ?? "")];
  if (effect === "superseded" && form && r.year_value != null) {
    const own = r.year_form === "annual" ? "1-12月累计值" : "年度值";
    return `本年已取${spaced(form)} ${figure(r.year_value)}${r.year_unit ? ` ${String(r.year_unit)}` : ""}（计入合计）；此${spaced(own)}不计入`;
  }
  if (effect === "held_pending") {
    const other = r.basis === "ytd" ? "年度值" : "1-12月累计值";
    return `核实前不计入合计；同年另有${spaced(other)}已入库，本年取哪一个待 zonestat refresh 构建后确定`;
  }
  return FLAG_EFFECT_LABEL[effect] ?? "";
}

/** SQL condition: the flag aliased `a` stands on a full year of a flow in one of its two forms (年 or 1-12月 累计). */
export function fullYearFormSql(a: string): string {
  return `(${a}.measure = 'value' and ${a}.basis in ('period', 'ytd') and month(${a}.period_start) = 1 and day(${a}.period_start) = 1
    and month(${a}.period_end) = 12 and day(${a}.period_end) = 31 and year(${a}.period_start) = year(${a}.period_end))`;
}

/** SQL condition: the year of `a`'s value took the other, not-held form (models' `annual` relation, int_values_annual). */
function supersededSql(a: string, annual: string): string {
  return `${fullYearFormSql(a)} and exists (select 1 from ${annual} v
      where v.entity_code = ${a}.entity_code and v.indicator_code = ${a}.indicator_code and v.year = year(${a}.period_end)
        and ((${a}.basis = 'period' and v.method = 'ytd_december' and v.annual_held and not v.ytd_december_held)
          or (${a}.basis = 'ytd' and v.method = 'annual' and v.ytd_december_held and not v.annual_held)))`;
}

/** SQL condition: the other full-year form of `a`'s value is in a loaded file (ingest tables only). */
function otherFormLoadedSql(a: string): string {
  return `${fullYearFormSql(a)} and exists (select 1 from ingest.fact_series s join ingest.files fl using (file_id)
      join ingest.fact_entities e on e.file_id = s.file_id
      join ingest.facts x on x.file_id = s.file_id and x.series_key = s.series_key and x.entity_key = e.entity_key
      where fl.status = 'loaded' and e.entity_code = ${a}.entity_code and s.indicator_code = ${a}.indicator_code and s.measure = 'value'
        and s.period_start = ${a}.period_start and s.period_end = ${a}.period_end
        and s.basis = case ${a}.basis when 'period' then 'ytd' else 'period' end and x.value is not null)`;
}

/**
 * The effect of the flag aliased `a` (ingest.audit_flags: rule_code, file_id, line, col, entity_code, and the value's
 * key) as a SQL expression giving 'held' | 'held_total' | 'marked' | 'superseded' | 'held_pending'. On a total (the
 * entity's kind in its file, as confirm.ts reauditTotals reads it) any open flag marks the shares over it (shares.sql
 * denominator_flags). On a zone value, a holding rule's flag — its own, or another open one on the same cell (a
 * PEER_OUTLIER mark beside an INCREMENT_JUMP hold said 仍计入合计 of a value out of the totals: stat-qa4 F1) — keeps it
 * out; which rules hold, from ingest.held_audit_rules.
 *
 * `annual`: the models' int_values_annual (ANNUAL_RELATION), given only when the models are built from the data loaded
 * now. With it, a held 年 value whose year took the clean 1-12月 (or the reverse) is 'superseded' (int_held_values
 * holds nothing for it), and a value of a year held because its two forms are twofold apart is 'year_held' (neither
 * summed, whatever the flag's rule: stat-qa8, 「仍计入合计」 of a value out of the totals). Without it (ingest only), such a value with the other form loaded is 'held_pending': the
 * next build decides, and nothing is said that the build may make wrong.
 */
export function flagEffectSql(a: string, annual?: string): string {
  const holding = `(${a}.rule_code in (select rule_code from ingest.held_audit_rules)
      or exists (select 1 from ingest.audit_flags h where h.file_id = ${a}.file_id and h.line = ${a}.line and h.col = ${a}.col and h.state = 'open'
                 and h.rule_code in (select rule_code from ingest.held_audit_rules)))`;
  return `case when exists (select 1 from ingest.fact_entities e where e.file_id = ${a}.file_id and e.entity_code = ${a}.entity_code and e.entity_kind <> 'zone')
      then 'held_total'
    when ${holding} and ${annual ? supersededSql(a, annual) : otherFormLoadedSql(a)} then '${annual ? "superseded" : "held_pending"}'
    ${annual ? `when ${yearFormsHeldSql(a)} then 'year_held'` : ""}
    when ${holding} then 'held' else 'marked' end`;
}

/**
 * Select-list columns naming the year's figure the models took for the flag aliased `a` (null unless the flag is on a
 * full year's 年 or 1-12月 form): year_form ('annual' | 'ytd_december'), year_value and year_unit (the indicator's
 * canonical unit), year_file (the file it came from). Read beside flagEffectSql(a, annual) for flagEffectText.
 */
export function flagYearFormSql(a: string, annual: string): string {
  const pick = (col: string) => `(select ${col} from ${annual} v where ${fullYearFormSql(a)} and v.entity_code = ${a}.entity_code
      and v.indicator_code = ${a}.indicator_code and v.year = year(${a}.period_end) and v.method in ('annual', 'ytd_december') order by v.unit limit 1)`;
  return `${pick("v.method")} as year_form, ${pick("v.value")} as year_value, ${pick("v.unit")} as year_unit, ${pick("v.value_source_file")} as year_file`;
}

/** Whether the warehouse has the models' year values (`annual`, e.g. ANNUAL_RELATION): false before the first build. */
export async function hasRelation(all: (sql: string) => Promise<Array<Record<string, unknown>>>, relation: string): Promise<boolean> {
  const [schema, name] = relation.split(".");
  const rows = await all(`select 1 from information_schema.tables where table_schema = '${schema}' and table_name = '${name}'`).catch(() => []);
  return rows.length > 0;
}
