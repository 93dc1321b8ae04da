/**
 * 进度: actual against the schedule path for every level target, and the growth
 * still required to reach each one.
 */
import { esc } from "../../pipelines/publish/html.js";
import { formatNumber, formatValue } from "../../pipelines/publish/format.js";
import type { PageDefinition } from "../../pipelines/publish/page.js";
import { statusBadge } from "./common.js";

export const progress: PageDefinition = {
  file: "progress.html",
  title: "进度：序时进度与所需增速",
  nav: "进度",
  async render(ctx) {
    const rows = await ctx.query(`
      select * from main.target_status
      where kind = 'level' and actual is not null and (basis <> 'ytd' or month(period_end) = 12)
      order by target_id, year`);
    const ids = [...new Set(rows.map((r) => String(r.target_id)))];
    const parts: string[] = [];
    for (const id of ids) {
      const series = rows.filter((r) => r.target_id === id);
      const first = series[0]!;
      const unit = String(first.unit);
      parts.push(
        await ctx.chart({
          spec: "progress-path",
          rows: series.map((r) => ({ year: r.year, actual: r.actual, expected: r.expected, milestone_value: r.milestone_value })),
          title: `${id} ${String(first.phrase).slice(0, 40)}`,
          subtitle: `实线：实际；虚线：按进度预期（${first.expected_method === "increment_fraction" ? "文件000增量进度" : "线性"}）；菱形：文件列出的年度预期值`,
          patch: { layer: [{ encoding: { y: { title: unit } } }] },
          source: `${first.document} ${first.clause}；实际值来自 target_status`,
          synthetic: series.some((r) => r.is_synthetic),
          columns: [
            { key: "year", label: "年份" },
            { key: "actual", label: "实际", num: true, format: (v) => formatValue(v as number, unit) },
            { key: "expected", label: "按进度预期", num: true, format: (v) => formatValue(v as number, unit) },
            { key: "milestone_value", label: "文件列出的预期值", num: true, format: (v) => formatValue(v as number, unit) },
          ],
        }),
      );
    }
    const latest = await ctx.query(`
      select * from (select *, row_number() over (partition by target_id order by period_end desc) rn from main.target_status where actual is not null) where rn = 1 order by target_id`);
    return `
<p>文件000要求各项主要经济指标增量按序时进度完成：2017年20%、2018年45%、2019年70%、2020年100%（二（三））；专栏1-3另列出各年预期值，两者不完全一致（例如2018年地区生产总值：6403 + 45% ×（10500 − 6403）= 8246.65 亿元，专栏2列为8200 亿元），两者都显示。所需年均增速 =（目标 ÷ 最近实际值）^(1 ÷ 剩余年数) − 1。</p>
<h2>最近一期</h2>
${ctx.table(
      [
        { key: "target_id", label: "编号" },
        { key: "phrase", label: "目标" },
        { key: "period_label", label: "期间" },
        { key: "actual", label: "实际", num: true, format: (v, r) => formatValue(v as number, String(r.unit)) },
        { key: "expected", label: "预期", num: true, format: (v, r) => formatValue(v as number, String(r.unit)) },
        { key: "milestone_value", label: "文件预期值", num: true, format: (v, r) => formatValue(v as number, String(r.unit)) },
        { key: "required_annual_growth", label: "所需年均增速", num: true, format: (v) => (v == null ? "—" : `${formatNumber(100 * (v as number), 1)}%`) },
        { key: "status", label: "状态", html: true, format: (v) => statusBadge(v) },
      ],
      latest,
    )}
<h2>逐项进度</h2>
${parts.join("\n") || `<p class="meta">${esc("暂无可评估的总量目标数据。")}</p>`}`;
  },
};
