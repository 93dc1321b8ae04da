/**
 * Layout definitions: how to recognise a kind of file and how its columns map to
 * entity, indicator, period and unit. They live as YAML in `sources/layouts/`, so a
 * new bureau layout is a new definition, not new code.
 */
import { z } from "../zod.js";
import { readDefinitions } from "./definitions.js";
import type { GridRow } from "./grid.js";

const names = z.array(z.string()).default([]);

const definitionSchema = z.strictObject({
  name: z.string().regex(/^[a-z0-9_]+$/),
  description: z.string().default(""),
  reader: z.enum(["nbs_export", "entity_table", "long"]),
  priority: z.number().int().default(100),
  recognise: z.strictObject({
    first_cell_matches: z.string().optional(),
    header_has_any: names,
    header_has_all: names,
    within_first_rows: z.number().int().positive().default(8),
  }),
  columns: z
    .strictObject({
      entity_name: names,
      entity_code: names,
      city: names,
      period: names,
      indicator: names,
      value: names,
      unit: names,
      basis: names,
      vintage: names,
      ignore: names,
    })
    .prefault({}),
  total_row_labels: z.array(z.string()).default(["合计", "总计", "全省合计", "全市合计"]),
  footer_prefixes: z.array(z.string()).default(["注：", "注:", "数据来源", "填报单位", "填报人", "审核人", "联系电话", "负责人", "制表"]),
  unknown_columns: z.enum(["error", "store"]).default("error"),
  unknown_indicators: z.enum(["error", "store"]).default("error"),
  period_from: z.array(z.enum(["title", "filename"])).default(["title", "filename"]),
  quarter_basis: z.enum(["period", "ytd"]).default("period"),
  default_entity: z.string().optional(),
  /** The kinds of unit a row may report (a zone report: zones only). A row naming another kind is a subtotal, not that unit's figure. */
  entity_kinds: z.array(z.enum(["country", "province", "city", "county", "region", "zone", "scope"])).optional(),
});

export type LayoutDefinition = Readonly<z.output<typeof definitionSchema>> & { readonly file: string };

export function loadLayouts(dir: string): LayoutDefinition[] {
  return readDefinitions(dir, definitionSchema, "PROJECT_LAYOUT_INVALID", "格式定义")
    .map(({ file, data }) => Object.freeze({ ...data, file }))
    .sort((a, b) => a.priority - b.priority || a.name.localeCompare(b.name));
}

export interface Detection {
  readonly layout: LayoutDefinition | undefined;
  /** Why each definition did not match, best first. */
  readonly misses: ReadonlyArray<{ name: string; score: number; reason: string }>;
}

const cellKey = (s: string) => s.normalize("NFKC").replace(/[\s\u3000]+/g, "");

export function detectLayout(rows: readonly GridRow[], layouts: readonly LayoutDefinition[]): Detection {
  const misses: Array<{ name: string; score: number; reason: string }> = [];
  for (const def of layouts) {
    const r = def.recognise;
    const head = rows.slice(0, r.within_first_rows);
    const reasons: string[] = [];
    let score = 0;
    if (r.first_cell_matches) {
      const first = head[0]?.cells[0] ?? "";
      if (new RegExp(r.first_cell_matches).test(cellKey(first))) score++;
      else reasons.push(`首行首格「${first.slice(0, 20)}」不匹配 /${r.first_cell_matches}/`);
    }
    const wanted = [...r.header_has_any, ...r.header_has_all].map(cellKey);
    if (wanted.length) {
      const hasAny = r.header_has_any.length === 0 || head.some((row) => row.cells.some((c) => r.header_has_any.map(cellKey).includes(cellKey(c))));
      const hasAll = r.header_has_all.every((w) => head.some((row) => row.cells.some((c) => cellKey(c) === cellKey(w))));
      if (hasAny) score++;
      else reasons.push(`前 ${r.within_first_rows} 行中没有以下任一表头：${r.header_has_any.join("、")}`);
      if (hasAll) score++;
      else reasons.push(`前 ${r.within_first_rows} 行中缺少表头：${r.header_has_all.filter((w) => !head.some((row) => row.cells.some((c) => cellKey(c) === cellKey(w)))).join("、")}`);
    }
    if (reasons.length === 0) return { layout: def, misses };
    misses.push({ name: def.name, score, reason: reasons.join("；") });
  }
  misses.sort((a, b) => b.score - a.score);
  return { layout: undefined, misses };
}

export { cellKey };
