/**
 * Scopes whose zone list changed from one year to the next (int_scope_members): a sum over zones then compares two
 * different sets, so its ratio to last year's is no 同比 — the report says so (membershipChanged), and 总览 and 进度 give
 * the like-for-like rate or none (stat-qa7 F4: 「提高 1.1 个百分点」 from a share whose zone list had grown).
 */
import type { Shared } from "../../pipelines/publish/page.js";
import type { QueryOnly } from "./format.js";

/** The key of `membersChanged`: scope code and the later year. */
export const membersKey = (scope: unknown, year: unknown) => `${String(scope)}|${Number(year)}`;

/**
 * Every (scope, year) whose members differ from the year before's, both years having members, keyed by membersKey.
 * Computed once per publish run when `ctx.shared` is given.
 */
export async function membersChanged(ctx: QueryOnly & { readonly shared?: Shared }): Promise<Set<string>> {
  const read = async () => {
    const rows = await ctx.query<{ scope_code: string; year: number }>(`
      with m as (select scope_code, year, list(zone_code order by zone_code) as zones from main_intermediate.int_scope_members group by scope_code, year)
      select a.scope_code, a.year from m a join m b on b.scope_code = a.scope_code and b.year = a.year - 1 where a.zones <> b.zones`);
    return new Set(rows.map((r) => membersKey(r.scope_code, r.year)));
  };
  return ctx.shared ? ctx.shared("scope-members:changed", read) : read();
}
