/**
 * A confirmation follows its value (stat-qa2 finding 4): 营口's true one-off FDI was confirmed (标记号 6), then the
 * same workbook came back as a 更正 for two other zones with that cell unchanged; the new file's flag on the same
 * value opened again and held it out of the total, as if nobody had checked it. A flag just opened on a value that
 * an earlier flag of the same rule, zone, indicator, period and basis was confirmed on — the same value — is
 * confirmed with that confirmation (who, when, why), and says whose it carries. A different value is not: the
 * statistician vouched for a number, not for a cell.
 */
import type { DuckDBHandle } from "../warehouse/duckdb.js";

/** Confirms the open flags of `fileIdsSql` (a SQL list or subquery of file ids) that an earlier confirmation covers; returns how many. */
export async function carryConfirmations(sql: Pick<DuckDBHandle, "execCount">, fileIdsSql: string): Promise<number> {
  return sql.execCount(`update ingest.audit_flags
    set state = 'confirmed', confirmed_by = m.by, confirmed_at = m.at,
        confirm_reason = coalesce(m.reason, '') || '（沿用标记号 ' || m.cid || ' 的核实：同一数值）'
    from (
      select n.flag_id as nid, max(c.flag_id) as cid, arg_max(c.confirmed_by, c.flag_id) as by, arg_max(c.confirmed_at, c.flag_id) as at,
             arg_max(c.confirm_reason, c.flag_id) as reason
      from ingest.audit_flags n join ingest.audit_flags c
        on c.rule_code = n.rule_code and c.entity_code = n.entity_code and c.indicator_code = n.indicator_code and c.measure = n.measure
       and c.period_start = n.period_start and c.period_end = n.period_end and c.basis = n.basis and c.value = n.value
      where n.state = 'open' and n.file_id in ${fileIdsSql} and c.flag_id < n.flag_id and c.confirmed_by is not null
      group by n.flag_id) m
    where audit_flags.flag_id = m.nid`);
}
