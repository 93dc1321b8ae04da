/**
 * Editions on the pages (issue #15): the version-conflict notice of the 数据质量 page,
 * and the shares computed on both pairings of editions where they differ by more than
 * half a percentage point (matched editions — the planning office's basis — beside the
 * latest revised denominator).
 */
import { esc } from "../../pipelines/publish/html.js";
import { formatShare, formatValue } from "../../pipelines/publish/format.js";
import type { PageContext } from "../../pipelines/publish/page.js";
import { ANY_REPEATED_VALUE } from "../kit/observation-rows.js";

/** Shares differing by more than this between the two pairings are shown side by side (0.5 个百分点). */
export const EDITION_GAP = 0.005;

const NOTICE_STYLE = "background:#fff4e5;border:1px solid #e0a030;color:#6b4200;padding:8px 12px;border-radius:4px;margin:8px 0 16px";

/**
 * A notice naming both files and both values of every version conflict (two files of
 * equal evidence disagree; only modification time or load order chose), or "".
 */
export async function conflictNotice(ctx: PageContext): Promise<string> {
  // Ranking every edition (the view) costs seconds; with no value loaded twice there is nothing to rank.
  const [any] = await ctx.query<{ repeated: boolean }>(ANY_REPEATED_VALUE);
  if (!any?.repeated) return "";
  const rows = await ctx.query<{ entity_name: string; indicator_name: string; period_label: string; files: string }>(`
    select entity_name, indicator_name, period_label,
           string_agg('「' || source_file || '」' || coalesce(rtrim(rtrim(printf('%.6f', value), '0'), '.'), '空') || case when is_current then '（当前采用）' else '' end, ' 与 ' order by edition_rank) as files
    from main.observations where is_conflict
    group by entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, basis
    order by period_end desc, entity_name, indicator_name limit 200`);
  if (rows.length === 0) return "";
  const items = rows.map((r) => `<li>${esc(r.entity_name)} ${esc(r.period_label)} ${esc(r.indicator_name)}：${esc(r.files)}</li>`).join("");
  return `<div class="version-conflicts" role="alert" style="${NOTICE_STYLE}"><strong>版本冲突（${rows.length}）</strong>：下列数值在两个文件中不一致，而两文件的数据版本证据相同，当前值仅由文件修改时间或入库顺序决定，可能不是最新版本。请用 <code>zonestat prefer 文件名</code> 指定以哪个文件为准，或在文件名中注明版本（如 _vintage2024-07-15）后重新放入收件箱。<ul>${items}</ul></div>`;
}

/** Rows of `shares` (scope LN_ED) where the two pairings differ by more than {@link EDITION_GAP}, both side by side. */
export async function shareEditionsTable(ctx: PageContext): Promise<string> {
  const rows = await ctx.query(`
    select m.indicator_name, m.period_label, m.unit, m.numerator, m.numerator_vintage::varchar as numerator_vintage,
           m.denominator as matched_denominator, m.denominator_vintage::varchar as matched_vintage, m.share as matched_share,
           l.denominator as latest_denominator, l.denominator_vintage::varchar as latest_vintage, l.share as latest_share
    from main.shares m
    join main.shares l using (scope_code, indicator_code, period_start, period_end, basis, unit, numerator_method, denominator_code)
    where m.scope_code = (select scope_code from main.site_scope) and m.is_preferred_numerator and m.is_matched_edition and l.is_latest_vintage
      and abs(m.share - l.share) > ${EDITION_GAP}
    order by m.period_end, m.indicator_code`);
  if (rows.length === 0) return "";
  const money = (key: string) => (v: unknown, r: Record<string, unknown>) => formatValue(v as number, String(r.unit)) + (key ? `（${String(r[key])} 版）` : "");
  return `<h2>两种分母版本下的占比</h2>
<p>同一年份的全省总量在后来的数据版本中会被修订。默认（目标评估所用）按同期版本计算：分母取分子公布时已公布的全省数（规划编制时的口径）；右侧为按最新修订的全省数计算的占比。两者相差超过 0.5 个百分点的期间如下。</p>
${ctx.table([
    { key: "indicator_name", label: "指标" },
    { key: "period_label", label: "期间" },
    { key: "numerator", label: "开发区合计", num: true, format: money("numerator_vintage") },
    { key: "matched_denominator", label: "全省（同期版本）", num: true, format: money("matched_vintage") },
    { key: "matched_share", label: "占比（同期版本，默认）", num: true, format: (v: unknown) => formatShare(v as number) },
    { key: "latest_denominator", label: "全省（最新修订）", num: true, format: money("latest_vintage") },
    { key: "latest_share", label: "占比（最新修订）", num: true, format: (v: unknown) => formatShare(v as number) },
  ], rows)}`;
}
