/**
 * Which 审核 rules hold a zone's value out of the scope sums while their flag is open (`holds: true` in
 * sources/audit-rules/*.yml), mirrored into `ingest.held_audit_rules` (migration 0012) so that every reader of the
 * rule — int_scope_values, rankings, data_quality, the file-year fingerprint (ingest.file_years), the pages, the
 * report and the failure report — takes it from one place instead of a list of codes repeated in each.
 */
import type { Warehouse } from "../warehouse/index.js";
import type { AuditRule } from "./audit-rules.js";

/**
 * Writes the codes of `rules` marked `holds` into `ingest.held_audit_rules` when they differ from what is stored
 * (one transaction). A change alters the fingerprint of every file-year with such flags, so the next build
 * recomputes exactly those years. Returns whether the table changed.
 */
export async function syncHeldRules(wh: Warehouse, rules: readonly AuditRule[]): Promise<boolean> {
  const want = rules.filter((r) => r.holds).map((r) => r.code).sort();
  const have = (await wh.sql.all<{ rule_code: string }>(`select rule_code from ingest.held_audit_rules order by rule_code`)).map((r) => r.rule_code);
  if (want.join(",") === have.join(",")) return false;
  await wh.sql.exec("begin transaction");
  try {
    await wh.sql.exec("delete from ingest.held_audit_rules");
    if (want.length) await wh.sql.exec(`insert into ingest.held_audit_rules values ${want.map(() => "(?)").join(", ")}`, want);
    await wh.sql.exec("commit");
  } catch (e) {
    await wh.sql.exec("rollback").catch(() => {});
    throw e;
  }
  return true;
}
