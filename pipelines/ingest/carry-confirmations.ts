/**
 * A confirmation follows its value (stat-qa2 finding 4): 营口's true one-off FDI was confirmed (标记号 6), then the
 * same workbook came back as a 更正 for two other zones with that cell unchanged; the new file's flag on the same
 * value opened again and held it out of the total, as if nobody had checked it. A flag just opened on a value that
 * an earlier flag of the same rule, zone, indicator, period and basis was confirmed on — the same value — is
 * confirmed with that confirmation (who, when, why), and says whose it carries. A different value is not: the
 * statistician vouched for a number, not for a cell.
 *
 * The same rule covers a flag the re-audit opens again under its own id (a withdrawn correction, a restore): its own
 * earlier confirmation of the same value stands, unchanged (stat-qa finding 5). One function for both, so the load,
 * the batch and the re-audit cannot disagree on what a confirmation covers.
 *
 * Only the same rule: a flag of another rule raised later (FIRST_QUARTER_JUMP confirmed on arrival, YTD_OUT_OF_LINE
 * once the 1-6月 falls below it) brings evidence the checker did not see, and asks again. Flags open at the same time
 * on one value are confirmed together by `zonestat confirm` (pipelines/confirm.ts, `sameValueSql`).
 */
import type { DuckDBHandle } from "../warehouse/duckdb.js";

/**
 * SQL condition: flags `a` and `b` (aliases of ingest.audit_flags) stand on the same value — one zone, indicator,
 * measure, period and basis, and the same number. A flag without a zone or indicator (TOTAL_MISMATCH on a 合计 row)
 * matches nothing (null never equals).
 */
export function sameValueSql(a: string, b: string): string {
  return `${a}.entity_code = ${b}.entity_code and ${a}.indicator_code = ${b}.indicator_code and ${a}.measure = ${b}.measure
    and ${a}.period_start = ${b}.period_start and ${a}.period_end = ${b}.period_end and ${a}.basis = ${b}.basis and ${a}.value = ${b}.value`;
}

/** Confirms the open flags of `fileIdsSql` (a SQL list or subquery of file ids) that an earlier confirmation covers; returns how many. */
export async function carryConfirmations(sql: Pick<DuckDBHandle, "execCount">, fileIdsSql: string): Promise<number> {
  return carryConfirmationsTo(sql, `(select flag_id from ingest.audit_flags where file_id in ${fileIdsSql})`);
}

/**
 * Confirms the open flags of `flagIdsSql` (a SQL list or subquery of flag ids) that a confirmation covers: an earlier
 * flag's of the same rule and value (the reason then says whose, 「沿用标记号 N 的核实：同一数值」), or the flag's own,
 * kept when it was cleared or corrected and opened again (then unchanged). Returns how many.
 */
export async function carryConfirmationsTo(sql: Pick<DuckDBHandle, "execCount">, flagIdsSql: string): Promise<number> {
  return sql.execCount(`update ingest.audit_flags
    set state = 'confirmed', confirmed_by = m.by, confirmed_at = m.at,
        confirm_reason = case when m.cid = m.nid then m.reason else coalesce(m.reason, '') || '（沿用标记号 ' || m.cid || ' 的核实：同一数值）' end
    from (
      select n.flag_id as nid, max(c.flag_id) as cid, arg_max(c.confirmed_by, c.flag_id) as by, arg_max(c.confirmed_at, c.flag_id) as at,
             arg_max(c.confirm_reason, c.flag_id) as reason
      from ingest.audit_flags n join ingest.audit_flags c on c.rule_code = n.rule_code and ${sameValueSql("c", "n")}
      where n.state = 'open' and n.flag_id in ${flagIdsSql} and c.flag_id <= n.flag_id and c.confirmed_by is not null
      group by n.flag_id) m
    where audit_flags.flag_id = m.nid`);
}
