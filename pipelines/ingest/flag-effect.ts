/**
 * What an open 审核 flag does to the totals, asked one way for `status` and the 数据质量 page (stat-qa3 F15): a
 * holding rule's flag on a zone keeps the value out of every total until checked; on a total (a city's or the
 * province's value) it marks the shares over it 分母需核实; any other rule's flag only marks, and the value is summed.
 */

/** The three effects, as a reader is told them. */
export const FLAG_EFFECT_LABEL: Readonly<Record<string, string>> = {
  held: "核实前不计入合计",
  held_total: "以它为分母的占比标为分母需核实",
  marked: "仍计入合计",
};

/**
 * The effect of the flag aliased `a` (ingest.audit_flags: rule_code, file_id, entity_code) as a SQL expression giving
 * 'held' | 'held_total' | 'marked'. Whether it stands on a total is read from the entity's kind in its file, as
 * confirm.ts reauditTotals reads it; which rules hold, from ingest.held_audit_rules.
 */
export function flagEffectSql(a: string): string {
  return `case when ${a}.rule_code not in (select rule_code from ingest.held_audit_rules) then 'marked'
    when exists (select 1 from ingest.fact_entities e where e.file_id = ${a}.file_id and e.entity_code = ${a}.entity_code and e.entity_kind <> 'zone')
      then 'held_total' else 'held' end`;
}
