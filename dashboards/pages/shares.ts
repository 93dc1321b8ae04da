/**
 * 占比: the zones' shares of the province over time against the catalogue's share targets
 * (Liaoning example: 40% and 45%),
 * each with the vintage of its denominator; contribution by city.
 */
import { formatShare } from "../../pipelines/publish/format.js";
import { loadNumberFormats, sideDecimals, nonZeroDecimals, targetValueNumber, toNum } from "../kit/format.js";
import { formatNumber } from "../../pipelines/publish/format.js";
import { STATUS_LABEL } from "../kit/labels.js";
import { esc } from "../../pipelines/publish/html.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { sourceLine } from "../kit/common.js";
import { shareEditionsTable } from "./editions.js";
import { colourScale } from "../kit/colours.js";
import { loadDocuments } from "../kit/documents.js";
import { comparatorWords } from "../report/wording.js";

interface ShareTarget extends Record<string, unknown> {
  readonly indicator_code: string;
  readonly target_year: number;
  readonly target_value: number;
  readonly comparator: string;
  readonly document: string;
  readonly clause: string;
  /** target_verdicts: the deadline verdict (achieved/missed/incomplete) and the value it judged, when the target has expired. */
  readonly is_expired: boolean | null;
  readonly deadline_verdict: string | null;
  readonly deadline_period_label: string | null;
  readonly deadline_actual: number | null;
  /** target_verdicts.headline_awaits_check: not judged because a figure waits for 核实, not for zones missing. */
  readonly headline_awaits_check?: boolean | null;
}

/** Points between a share and its target, with the digits that keep a hair's miss from printing as 0: "差0.02个百分点". */
function pointsGap(actual: number, target: number): string {
  const gap = actual - target;
  if (gap === 0) return "持平";
  return `${gap < 0 ? "差" : "高出"}${formatNumber(Math.abs(gap), nonZeroDecimals(gap, 1))}个百分点`;
}

/** A sum_of_zones row with fewer zones summed than expected (held for check, or not reported). */
function partialCity(r: Record<string, unknown>): boolean {
  return r.zones_expected != null && Number(r.zones_reporting ?? 0) < Number(r.zones_expected);
}

/** Why a partial share is partial: zones not reporting, values held for check (shares.zones_held_for_check), or both. */
function partialWhy(r: Record<string, unknown>): string {
  const held = Number(r.zones_held_for_check ?? 0);
  const missing = Number(r.zones_expected ?? 0) - Number(r.zones_reporting ?? 0) - held;
  return [missing > 0 ? `${missing}家未报送` : "", held > 0 ? `${held}个数值需核实未计入` : ""].filter(Boolean).join("，") || "部分开发区未报送";
}

/**
 * An expired share target's verdict at its deadline (target_verdicts): "到期未达成（2024年39.98%，差0.02个百分点）";
 * expired without a deadline figure: 无法判定; a live target: "".
 */
export function shareVerdict(t: ShareTarget): string {
  if (t.is_expired !== true) return "";
  const actual = toNum(t.deadline_actual);
  // Incomplete: no gap from a figure that is not judged (a partial sum, a denominator under check) — before the test
  // for a figure: a year whose every value is held has none, and is not 「没有目标年的全年数据」.
  if (t.deadline_verdict === "incomplete" && t.headline_awaits_check === true) return `到期${STATUS_LABEL.awaits_check}（${t.deadline_period_label}数据需核实，核实前不判定）`;
  if (t.deadline_verdict === "incomplete") return `到期${STATUS_LABEL.incomplete ?? "数据不全"}（${t.deadline_period_label}数据不全或需核实，不判定）`;
  if (!t.deadline_verdict || actual === null) return "到期无法判定（没有目标年的全年数据）";
  return `到期${STATUS_LABEL[t.deadline_verdict] ?? t.deadline_verdict}（${t.deadline_period_label}${formatNumber(actual, sideDecimals(actual, Number(t.target_value), 1))}%，${pointsGap(actual, Number(t.target_value))}）`;
}

/**
 * A subtitle naming the plan's share targets for these rows' indicators, from this project's
 * catalogue (headline scope, kind share): "目标：2020年不低于40%（《…》 二（三）2）"; none → no subtitle.
 */
function withTargets(rows: readonly Record<string, unknown>[], targets: readonly ShareTarget[], cite: (file: unknown) => string): string | undefined {
  const codes = new Set(rows.map((r) => String(r.indicator_code)));
  const mine = targets.filter((t) => codes.has(t.indicator_code));
  if (mine.length === 0) return undefined;
  const groups = new Map<string, ShareTarget[]>();
  for (const t of mine) {
    const key = `${t.target_year}|${t.comparator}|${t.target_value}|${t.document}|${t.clause.split("；")[0]}`;
    groups.set(key, [...(groups.get(key) ?? []), t]);
  }
  const parts = [...groups.values()].map((g) => {
    const t = g[0]!;
    const all = g.length > 1 && g.length === codes.size ? "均" : "";
    const verdict = g.length === 1 ? shareVerdict(t) : "";
    return `${t.target_year}年${all}${comparatorWords(t.comparator, `${targetValueNumber(t.target_value)}%`)}（${cite(t.document)} ${t.clause.split("；")[0]}）${verdict ? `，${verdict}` : ""}`;
  });
  return `目标：${parts.join("；")}`;
}

/** Every layer of share-lines coloured by indicator in the site's fixed colours. */
function shareColours(rows: readonly Record<string, unknown>[]): Record<string, unknown> {
  const scale = colourScale(rows.map((r) => r.indicator_name));
  return { layer: [{ encoding: { color: { scale } } }, { encoding: { color: { scale } } }, { encoding: { color: { scale }, fill: { scale } } }] };
}

/** After the year-to-date chart's target line: an expired target is a reference there, judged at its own year ("（2024年目标已到期：到期未达成…）"). */
function expiredNote(targets: readonly ShareTarget[], rows: readonly Record<string, unknown>[]): string {
  // Said once per target year, each verdict with its indicator (reader-qa3 10: five verdicts, "2020年目标已到期…" five
  // times and no indicator named).
  const names = new Map(rows.map((r) => [String(r.indicator_code), String(r.indicator_name)]));
  const expired = targets.filter((t) => t.is_expired === true && names.has(t.indicator_code));
  const years = [...new Set(expired.map((t) => t.target_year))];
  const parts = years.map((y) => {
    const verdicts = [...new Set(expired.filter((t) => t.target_year === y).map((t) => `${names.get(t.indicator_code)}${shareVerdict(t)}`))];
    return `${y}年目标已到期，本图各期不再与之比较达成与否：${verdicts.join("，")}`;
  });
  return parts.length ? `（${parts.join("；")}）` : "";
}

export const shares: PageDefinition = {
  file: "shares.html",
  title: "占比：开发区占全省比重",
  nav: "占比",
  order: 20,
  async render(ctx) {
    const f = await loadNumberFormats(ctx);
    const docs = await loadDocuments(ctx);
    const shareTargets = await ctx.query<ShareTarget>(`
      select t.indicator_code, t.target_year, t.target_value, t.comparator, t.document, t.clause,
             v.is_expired, v.deadline_verdict, v.deadline_period_label, v.deadline_actual::double as deadline_actual, v.headline_awaits_check
      from main_staging.stg_targets t left join main.target_verdicts v using (target_id)
      where t.kind = 'share' and t.unit = '%' and t.scope_code = (select scope_code from main.site_scope) order by t.target_year, t.target_id`);
    const rows = await ctx.query(`
      select s.indicator_name, s.indicator_code, s.period_label, s.period_end::varchar as period_end, s.basis,
             round(100 * s.share, 2) as share_pct, s.share, s.is_partial, s.numerator, s.denominator, s.unit,
             s.denominator_vintage::varchar as denominator_vintage, s.numerator_method, s.zones_reporting, s.zones_held_for_check, s.zones_expected,
             s.is_synthetic, s.numerator_files, s.denominator_file, s.denominator_needs_check,
             (select max(t.target_value) from main.target_status t where t.scope_code = s.scope_code and t.indicator_code = s.indicator_code and t.kind = 'share') as target_pct
      from main.shares s
      where s.scope_code = (select scope_code from main.site_scope) and s.is_preferred_numerator and s.is_matched_edition
        and (s.grain = 'year' or (s.basis = 'ytd'))
      order by s.period_end, s.indicator_code, s.basis`);
    for (const r of rows) {
      const due = shareTargets.find((t) => t.indicator_code === r.indicator_code && t.is_expired === true && t.deadline_period_label === r.period_label);
      (r as Record<string, unknown>).target_verdict = due ? shareVerdict(due) : null;
    }
    const synthetic = rows.some((r) => r.is_synthetic);
    const files = [...new Set(rows.flatMap((r) => [String(r.numerator_files ?? ""), String(r.denominator_file ?? "")]).flatMap((f) => f.split("; ")).filter(Boolean))].join("; ");
    const vintages = [...new Set(rows.map((r) => r.denominator_vintage))].join("、");
    const columns = [
      { key: "indicator_name", label: "指标" },
      { key: "period_label", label: "期间" },
      { key: "numerator", label: "开发区合计", num: true, format: (v: unknown, r: Record<string, unknown>) => f.value(v, r.indicator_code, r.unit) },
      // A province total under an open 审核 flag is marked where it stands and beside the share over it (stat-qa7 F2: a ÷10
      // 全省 total gave 88.1% 完整 with no word, where 城市与区域 marked 占本市 分母需核实).
      { key: "denominator", label: "全省", num: true, format: (v: unknown, r: Record<string, unknown>) => f.value(v, r.indicator_code, r.unit) + (r.denominator_needs_check ? "（需核实）" : "") },
      // Beside a share target, the digits that show the share's side of it (39.98%, never 40.0% under a 40% target it missed).
      // Such a cell is marked data-side (as on 进度): its extra digits are the verdict's, not the column's precision.
      { key: "share", label: "占比", num: true, html: true, format: (v: unknown, r: Record<string, unknown>) => {
        const plain = formatShare(v as number);
        const n = toNum(v);
        const target = toNum(r.target_pct);
        const mark = r.denominator_needs_check ? "（分母需核实）" : "";
        if (n === null || target === null) return esc(plain + mark);
        const side = `${formatNumber(n * 100, sideDecimals(n * 100, target, 1))}%`;
        return side === plain ? esc(plain + mark) : `<span data-side="" title="与目标相差不足显示精度，多显示几位小数以表明高于或低于目标">${esc(side)}</span>${esc(mark)}`;
      } },
      // The deadline row of an expired share target carries its verdict; no other period is judged against it.
      { key: "target_verdict", label: "目标判定", format: (v: unknown) => String(v ?? "") || "—" },
      { key: "denominator_vintage", label: "分母数据版本" },
      // 报送/应报 counts the zones summed; a value held for check (open ABOVE_PARENT) did report and is said apart.
      { key: "zones_reporting", label: "报送/应报", format: (v: unknown, r: Record<string, unknown>) => (r.numerator_method === "reported_aggregate" ? "直接报送合计" : `${v ?? "—"}/${r.zones_expected ?? "—"}${Number(r.zones_held_for_check ?? 0) > 0 ? `（另${Number(r.zones_held_for_check)}个数值需核实未计入）` : ""}`) },
      { key: "is_partial", label: "完整性", format: (v: unknown, r: Record<string, unknown>) => (v ? `数据不全（${partialWhy(r)}）` : r.denominator_needs_check ? "全省总量需核实（见“数据质量”页）" : "完整") },
    ];
    // Annual shares form the long series; year-to-date shares of recent years are a chart of their own.
    const annual = rows.filter((r) => !String(r.basis).startsWith("ytd"));
    const ytd = rows.filter((r) => r.basis === "ytd");
    // The indicators of the long series: those the project's plan sets a share target for (the site scope's),
    // in catalogue order — every indicator with annual shares when it sets none; one chart per unit (亿元, 亿美元…),
    // titled by its indicators, so no page names an indicator this plan does not hold the zones to.
    const targeted = [...new Set(shareTargets.map((t) => t.indicator_code))];
    const shown = targeted.length ? targeted : [...new Set(annual.map((r) => String(r.indicator_code)))];
    const byUnit = new Map<string, Record<string, unknown>[]>();
    for (const r of annual.filter((x) => shown.includes(String(x.indicator_code))).sort((a, b) => shown.indexOf(String(a.indicator_code)) - shown.indexOf(String(b.indicator_code)))) {
      byUnit.set(String(r.unit), [...(byUnit.get(String(r.unit)) ?? []), r]);
    }
    const unitCharts: string[] = [];
    for (const [, group] of [...byUnit].sort(([a], [b]) => (a === "亿元" ? -1 : b === "亿元" ? 1 : a.localeCompare(b)))) {
      const names = [...new Set(group.map((r) => String(r.indicator_name)))].join("、");
      unitCharts.push(await ctx.chart({ spec: "share-lines", rows: group, patch: shareColours(group), title: `${names}占全省比重`, subtitle: withTargets(group, shareTargets, docs.cite), source: sourceLine(files), synthetic: synthetic, columns }));
    }
    const cities = await ctx.query(`
      -- The city's own name (regions seed), never the scope's name cut up ("杭州省级以上开发区市").
      select coalesce(r.entity_name, s.scope_name) as label, v.value, v.unit, v.period_label, v.is_synthetic, v.source_files,
             v.zones_reporting, v.zones_expected, v.zones_held_for_check
      from main_intermediate.int_scope_values v join main_staging.stg_scopes s using (scope_code)
      left join main_staging.stg_regions r on r.entity_code = s.city_code
      where s.city_code is not null and v.indicator_code = 'gdp' and v.is_preferred and v.grain <> 'quarter'
        and v.period_end = (select max(period_end) from main_intermediate.int_scope_values where indicator_code = 'gdp' and scope_code in (select scope_code from main_staging.stg_scopes where city_code is not null))
      order by v.value desc, label`);
    // A city's sum without a value held for check says so; a city whose every zone is held has no sum but is listed.
    const heldCities = await ctx.query(`
      -- Values, not flags: one held value carries two flags (JUMP_20X and ABOVE_PARENT) and sits in more than one of the
      -- city's scopes; it was said as 2个数值需核实.
      select coalesce(r.entity_name, s.scope_name) as label, sv.period_label, count(distinct a.entity_code)::integer as held
      from ingest.audit_flags a join ingest.files fl using (file_id)
      join main_intermediate.int_scope_members m on m.zone_code = a.entity_code and m.year = year(a.period_end)
      join main_staging.stg_scopes s on s.scope_code = m.scope_code and s.city_code is not null
      left join main_staging.stg_regions r on r.entity_code = s.city_code
      join (select distinct period_end, period_label from main_intermediate.int_scope_values where indicator_code = 'gdp' and grain <> 'quarter') sv on sv.period_end = a.period_end
      where a.state = 'open' and a.rule_code in (select rule_code from ingest.held_audit_rules) and fl.status = 'loaded' and a.indicator_code = 'gdp'
        and sv.period_label = '${String(cities[0]?.period_label ?? "").replace(/'/g, "''")}'
      group by all order by label`).catch(() => [] as Record<string, unknown>[]);
    // Every partial city sum is marked, whichever holding rule keeps a value out (reader-qa 6: 沈阳, held by
    // INCREMENT_JUMP, was shown unmarked beside 大连) or whichever zones did not report: int_scope_values' own counts.
    const cityRows = [
      ...cities.map((c) => ({ ...c, value_text: f.value(c.value, "gdp", c.unit) + (partialCity(c) ? `（数据不全，${partialWhy(c)}）` : "") })),
      ...heldCities.filter((h) => !cities.some((c) => c.label === h.label)).map((h) => ({ label: h.label, value: null, unit: "亿元", period_label: h.period_label, is_synthetic: false, source_files: "", value_text: `—（数据不全，0个报送，${Number(h.held)}个数值需核实未计入）` })),
    ];
    return `
<p>开发区合计 ÷ 全省同一指标、同一期间、同一口径的总量。分母取同期版本：分子公布时已公布的全省数（${vintages || "—"}；目标评估同此口径；分子公布时尚无全省数的，取最早的版本）；同一年份的全省总量在不同数据版本中不同，各版本下的占比均可在下载文件中查到。空心点表示合计不完整：有开发区未报送，或有被审核规则标出（高于上级总量、当季增量异常偏大或与上期或上年同期相差20倍以上）、尚未核实的数值未计入（“报送/应报”列注明）。</p>
${await shareEditionsTable(ctx)}
${unitCharts.join("\n")}
${await ctx.chart({ spec: "share-lines", rows: ytd, patch: shareColours(ytd), title: "年内累计占比（1至当季）", subtitle: `开发区1至当季累计 ÷ 全省同期累计${ytd.some((r) => r.target_pct != null) ? `；虚线为各指标的${[...new Set(shareTargets.map((t) => t.target_year))].join("、")}年目标${expiredNote(shareTargets, ytd)}` : ""}`, source: sourceLine(files), synthetic: synthetic, columns })}
${await ctx.chart({
      spec: "city-bars",
      rows: cityRows,
      title: `各市开发区地区生产总值（${String(cities[0]?.period_label ?? "")}）`,
      patch: { layer: [{ encoding: { x: { title: "地区生产总值（亿元）" } } }] },
      // Each file once, however many cities it carries.
      source: sourceLine([...new Set(cities.flatMap((c) => String(c.source_files ?? "").split("; ")).filter(Boolean))].join("; ")),
      synthetic: cities.some((c) => c.is_synthetic),
      columns: [{ key: "label", label: "城市" }, { key: "value_text", label: "地区生产总值", num: true }],
    })}
<p class="downloads">下载：<a href="downloads/shares.csv">占比（CSV）</a><a href="downloads/shares.parquet">占比（Parquet）</a></p>`;
  },
};
