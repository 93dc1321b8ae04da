/**
 * What an open 审核 flag does to the totals, asked one way for `status`, `confirm` and the 数据质量 page (stat-qa3
 * F15): a zone value a holding rule flags is kept out of every total until checked; a total (a city's or the
 * province's value) with any open flag marks the shares over it 分母需核实; any other flag only marks, and the value
 * is summed.
 */

/** The three effects, as a reader is told them. */
export const FLAG_EFFECT_LABEL: Readonly<Record<string, string>> = {
  held: "核实前不计入合计",
  held_total: "以它为分母的占比标为分母需核实",
  marked: "仍计入合计",
};

/**
 * The effect of the flag aliased `a` (ingest.audit_flags: rule_code, file_id, line, col, entity_code) as a SQL
 * expression giving 'held' | 'held_total' | 'marked'. On a total (the entity's kind in its file, as confirm.ts
 * reauditTotals reads it) any open flag marks the shares over it (shares.sql denominator_flags). On a zone value, a
 * holding rule's flag — its own, or another open one on the same cell (a PEER_OUTLIER mark beside an INCREMENT_JUMP hold
 * said 仍计入合计 of a value out of the totals: stat-qa4 F1) — keeps it out; which rules hold, from
 * ingest.held_audit_rules.
 */
export function flagEffectSql(a: string): string {
  return `case when exists (select 1 from ingest.fact_entities e where e.file_id = ${a}.file_id and e.entity_code = ${a}.entity_code and e.entity_kind <> 'zone')
      then 'held_total'
    when ${a}.rule_code in (select rule_code from ingest.held_audit_rules)
      or exists (select 1 from ingest.audit_flags h where h.file_id = ${a}.file_id and h.line = ${a}.line and h.col = ${a}.col and h.state = 'open'
                 and h.rule_code in (select rule_code from ingest.held_audit_rules))
      then 'held' else 'marked' end`;
}