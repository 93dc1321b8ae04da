/**
 * Which period a page of latest values (排名, 城市与区域) shows, in one sentence under its title: per indicator the
 * period latestPerIndicator chose, what its 同比 compares with, how many zones of the site's scope reported it, and
 * whether the 季度分析 (choosePeriod) is of the same period — and if not, why (reader-qa3 8: the pages showed the full
 * year 2024 beside a 2025年1-9月 report with no word about either).
 */
import { esc } from "../../pipelines/publish/html.js";
import { choosePeriod } from "../report/facts.js";
import { previousYearLabel } from "./rows.js";
import type { ZoneQueries, ZoneValue } from "./zone-values.js";

/** A query in the 季度分析's shape, for choosePeriod. */
type Query = Parameters<typeof choosePeriod>[0];

/**
 * The period paragraph for `shown` (latestPerIndicator's map: indicator → its latest rows). Indicators sharing a
 * period are named together: "地区生产总值、出口额为2025年1-9月（1-9月累计；同比与2024年1-9月相比）". Coverage is the
 * headline scope's zones_reporting/zones_expected of int_scope_values for that indicator and period, said only when
 * some zones did not report. Shape: `<p class="meta period-note">…</p>`; "" when nothing is shown.
 */
export async function periodNote(ctx: ZoneQueries, shown: ReadonlyMap<string, readonly ZoneValue[]>, query: Query): Promise<string> {
  const byLabel = new Map<string, { names: string[]; basis: string; codes: string[] }>();
  for (const [code, rows] of shown) {
    const first = rows[0];
    if (!first) continue;
    const entry = byLabel.get(first.period_label) ?? { names: [], basis: first.basis, codes: [] };
    entry.names.push(first.indicator_name);
    entry.codes.push(code);
    byLabel.set(first.period_label, entry);
  }
  if (byLabel.size === 0) return "";
  const labels = [...byLabel.keys()];
  // reporting counts the zones summed; a zone whose value is held for 核实 reported too (stat-qa9 F8: 「5家报送（应报6家），
  // 未报送的开发区不在表中」 of a page listing all six, one marked 需核实).
  const coverage = await ctx.query<{ period_label: string; indicator_name: string; reporting: number; held: number; expected: number }>(`
    select v.period_label, i.indicator_name, coalesce(v.zones_reporting, 0)::integer as reporting, coalesce(v.zones_held_for_check, 0)::integer as held,
           coalesce(v.zones_expected, 0)::integer as expected
    from main_intermediate.int_scope_values v join main_staging.stg_indicators i on i.indicator_code = v.indicator_code and i.unit = v.unit
    where v.scope_code = (select scope_code from main.site_scope) and v.is_preferred and v.period_label in (${labels.map((l) => `'${l.replace(/'/g, "''")}'`).join(", ")})
      and coalesce(v.zones_reporting, 0) < coalesce(v.zones_expected, 0)
    order by v.period_label, i.indicator_name`);
  const parts = [...byLabel].map(([label, e]) => {
    const what = e.basis === "ytd" ? `${label.replace(/^\d{4}年/, "")}累计` : e.basis === "period" ? "全年" : "期末";
    const missing = coverage.filter((c) => c.period_label === label && e.names.includes(c.indicator_name));
    // What the counts say: 「6家报送（应报52家）」, with 「其中1家需核实未计入合计」 when a reported value is held; held only:
    // 「1家需核实未计入合计」.
    const said = (c: (typeof coverage)[number]) => {
      const sent = c.reporting + c.held;
      const held = c.held ? `${sent < c.expected ? "，其中" : ""}${c.held}家需核实未计入合计` : "";
      return sent < c.expected ? `${sent}家报送（应报${c.expected}家）${held}` : held;
    };
    // One count when every indicator has it ("均6家报送（应报52家）"), else each indicator's.
    const counts = new Set(missing.map(said));
    const each = counts.size === 1 && missing.length === e.names.length && missing.length > 1
      ? `均${said(missing[0]!)}`
      : missing.map((c) => `${c.indicator_name}${said(c)}`).join("、");
    const unsent = missing.some((c) => c.reporting + c.held < c.expected);
    const cover = missing.length ? `；${each}${unsent ? "，未报送的开发区不在表中" : ""}` : "";
    return `${e.names.join("、")}为${label}（${what}；同比与${previousYearLabel(label)}相比${cover}）`;
  });
  let report = "";
  try {
    const p = await choosePeriod(query);
    const same = labels.length === 1 && labels[0] === p.label;
    report = same
      ? `季度分析为同一期间（${p.label}）。`
      : `季度分析为${p.label}${p.choice ? `：${p.choice.replace(/^本报告期间为[^：]*：/, "").replace(/。.*$/s, "")}` : ""}；本页各指标取数据仓库中有数据的最近一期${labels.some((l) => l !== p.label) ? "，两者期间不同，数字不可直接对照" : ""}。`;
  } catch {
    // No quarter for a 季度分析 (REPORT_NO_DATA): the page's own period is still said.
  }
  return `<p class="meta period-note">期间：${esc(parts.join("；"))}。${esc(report)}</p>`;
}
