/**
 * A failed build or data test said in the user's terms (inc-qa2 finding 2): instead of a test's id
 * (`value_between_shares_share__1__0.098ae5257d`), the failing rows — for the shares mart's range test,
 * the scope, indicator, period and share, and the zone value behind the numerator with its file, line
 * and column and any 审核 flag on it (dbt's store_failures idea: the rows are already counted by the
 * test; a few are listed) — and what to do about them (refresh-messages.ts).
 */
import type { NodeResult } from "./engine/run.js";
import { refreshMsg } from "./refresh-messages.js";
import type { DuckDBHandle } from "./warehouse/duckdb.js";

/** ingest.state key: the last failed build's report (failureReport), which `status` repeats while the build stands failed. */
export const BUILD_FAILURE_KEY = "last_build_failure";

/**
 * Whether the last build (or its data tests) failed, from ingest.state's `last_build_ok`, and the stored account of
 * what failed — only when the refresh whose build this is wrote it (`failure.at >= ok.at`: a later failed
 * `zonestat build` leaves an older account, which would name the wrong rows). `status` repeats `report`; `zonestat
 * report` refuses while `failed`. A warehouse without the keys: `{ failed: false }`.
 */
export async function lastBuildFailure(db: Pick<DuckDBHandle, "all">): Promise<{ failed: boolean; report?: string }> {
  const st = await db.all<{ key: string; value: string; at: string }>(`select key, value, updated_at::varchar as at from ingest.state where key in ('last_build_ok', ?)`, [BUILD_FAILURE_KEY]);
  const ok = st.find((r) => r.key === "last_build_ok");
  const failure = st.find((r) => r.key === BUILD_FAILURE_KEY);
  if (ok?.value !== "false") return { failed: false };
  return failure && failure.at >= ok.at ? { failed: true, report: failure.value } : { failed: true };
}

/** A failed model or test of a build: the name without project prefix, the engine's message, the failing rows counted. */
export interface FailedNode {
  readonly name: string;
  readonly message: string;
  readonly failures: number | null;
}

/**
 * A share outside 0..1 (the shares.share value_between test, models/marts/schema.yml), once per scope ×
 * indicator × period (its highest edition), with the largest zone value in its numerator and the 审核
 * flag (ABOVE_PARENT, open or confirmed) on that value if any. Shares are fractions (0.4 = 40%); values
 * are in `unit`.
 */
export interface ShareOutOfRange extends Record<string, unknown> {
  scope_name: string;
  indicator_name: string;
  period_label: string;
  unit: string;
  share: number;
  numerator: number;
  denominator: number;
  denominator_name: string;
  zone_name: string | null;
  zone_value: number | null;
  source_file: string | null;
  source_line: number | null;
  source_column: string | null;
  /** The workbook sheet the zone value was read from; null for a text file. */
  source_sheet: string | null;
  flag_id: number | null;
  flag_state: string | null;
  confirmed_by: string | null;
}

type Rows = <T extends Record<string, unknown>>(sql: string) => Promise<T[]>;

/** The failed models and tests of an engine run (status fail or error), in run order. */
export function failedNodes(results: readonly NodeResult[]): FailedNode[] {
  return results
    .filter((r) => r.status === "fail" || r.status === "error")
    .map((r) => ({ name: r.unique_id.split(".").slice(2).join("."), message: r.message, failures: r.failures }));
}

/** Up to `limit` shares outside 0..1 with the zone value behind each (see ShareOutOfRange); [] when the marts cannot be read. */
export async function sharesOutOfRange(all: Rows, limit = 3): Promise<ShareOutOfRange[]> {
  return all<ShareOutOfRange>(`
    with bad as (
      select scope_code, scope_name, indicator_code, indicator_name, period_start, period_end, period_label, year, unit,
             share, numerator, denominator, denominator_name
      from main.shares where share < 0 or share > 1
      qualify row_number() over (partition by scope_code, indicator_code, period_start, period_end, basis, unit order by share desc) = 1
      order by share desc, scope_code, indicator_code, period_end
      limit ${Math.max(1, Math.floor(limit))}
    ),
    top as (
      -- The numerator's largest zone value (the current one, stg_observations), where its file and line are known.
      select b.*, o.entity_code as zone_code, o.entity_name as zone_name, o.value as zone_value, o.source_file, o.source_line, o.source_column, o.source_sheet
      from bad b
      left join main_intermediate.int_scope_members m on m.scope_code = b.scope_code and m.year = b.year
      left join main_staging.stg_observations o on o.entity_code = m.zone_code and o.indicator_code = b.indicator_code and o.measure = 'value'
        and o.period_start = b.period_start and o.period_end = b.period_end and o.unit = b.unit
      qualify row_number() over (partition by b.scope_code, b.indicator_code, b.period_start, b.period_end, b.unit order by o.value desc nulls last) = 1
    )
    select t.scope_name, t.indicator_name, t.period_label, t.unit, t.share, t.numerator, t.denominator, t.denominator_name,
           t.zone_name, t.zone_value, t.source_file, t.source_line::integer as source_line, t.source_column, t.source_sheet,
           a.flag_id::integer as flag_id, a.state as flag_state, a.confirmed_by
    from top t
    left join (
      select a.* from ingest.audit_flags a join ingest.files f using (file_id)
      where a.rule_code in (select rule_code from ingest.held_audit_rules) and a.state in ('open', 'confirmed') and f.status = 'loaded'
      qualify row_number() over (partition by a.entity_code, a.indicator_code, a.period_end order by a.flag_id desc) = 1
    ) a on a.entity_code = t.zone_code and a.indicator_code = t.indicator_code and a.period_end = t.period_end
    order by t.share desc, t.scope_name`)
    // The mart or a model it reads was not built (an earlier failure): the report then names the test and gives the general advice.
    .catch(() => []);
}

/** A failed refresh's report: the text refresh prints and status repeats, and the failures as the held site's notice lists them. */
export interface FailureReport {
  readonly text: string;
  /** Each failed node; a failing shares range test's message is its rows in the reader's terms (publish/held.ts shows it). */
  readonly held: ReadonlyArray<{ readonly name: string; readonly message: string }>;
}

/**
 * The lines a failed refresh prints (and `status` repeats): the headline — whether a published site is
 * kept or none exists yet — then, for a failing shares range test, its rows and the advice; other
 * failures by name and count.
 */
export async function failureReport(all: Rows, failed: readonly FailedNode[], siteExists: boolean): Promise<FailureReport> {
  const isShareTest = (f: FailedNode) => f.name.startsWith("value_between_shares_share");
  const shareTests = failed.filter(isShareTest);
  const rows = shareTests.length ? await sharesOutOfRange(all) : [];
  const rowLines = rows.map((r) => refreshMsg.shareOutOfRange(r));
  const lines = [refreshMsg.failedHeadline(siteExists, failed), ...rowLines];
  if (rows.length) {
    const total = shareTests.reduce((n, f) => n + (f.failures ?? 0), 0);
    if (total > rows.length) lines.push(refreshMsg.moreRows(total - rows.length));
    lines.push(refreshMsg.shareAdvice(rows));
  } else {
    lines.push(refreshMsg.otherFailureAdvice());
  }
  const rowText = rowLines.map((l) => l.trim()).join("；");
  return {
    text: lines.join("\n"),
    held: failed.map((f) => ({ name: f.name, message: isShareTest(f) && rowText ? rowText : f.message })),
  };
}
