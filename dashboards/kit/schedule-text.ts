/**
 * The words the 进度 and 方法 pages use for the schedule rules of this project's
 * documents, derived from its seeds (schedule_fractions, target_milestones, targets)
 * so every province's pages describe its own documents: a document's increment rule
 * (基期值 + 进度比例 ×（目标 − 基期）, e.g. 000_a15158e3137421c5.txt 二（三）), the yearly values a
 * document lists, and a worked example where the two differ.
 */
import { toFixedHalfUp } from "../../pipelines/publish/format.js";
import type { Documents } from "./documents.js";
import type { QueryOnly } from "./format.js";

export interface IncrementRule {
  readonly document: string;
  /** "2017年20%、2018年45%、…". */
  readonly fractions: string;
  /** The clause the fractions are stated in ("二（三）"). */
  readonly clause: string;
  /** Clauses listing yearly values for the document's targets ("专栏1、专栏2、专栏3"), or "". */
  readonly milestoneClauses: string;
  /** "2018年地区生产总值：6403 + 45% ×（10500 − 6403）= 8246.65 亿元，专栏2列为8200 亿元", or "". */
  readonly example: string;
}

export interface ScheduleFacts {
  readonly rules: readonly IncrementRule[];
  /** Per document, the clauses listing yearly values: "《…》专栏1、专栏2". */
  readonly milestoneSources: readonly string[];
  /** Documents whose level targets follow a constant average growth (schedule 'compound'): "《…》附件1". */
  readonly compoundSources: readonly string[];
  /** Documents giving a base year but no base value: "《…》为2024年". */
  readonly baseYearOnly: readonly string[];
}

const num = (v: unknown) => String(Number(toFixedHalfUp(Number(v), 2)));
const pctText = (f: unknown) => `${num(100 * Number(f))}%`;
/** A clause's first part: "附件1 第2行（2028年）；附件2" → "附件1". */
const head = (clause: string) => clause.split(/[\s；]/)[0] ?? clause;
const uniq = <T>(xs: readonly T[]) => [...new Set(xs)];

/** Reads the seeds' staging views; an empty catalogue gives empty lists. */
export async function scheduleFacts(ctx: QueryOnly, docs: Documents): Promise<ScheduleFacts> {
  const fractions = await ctx.query<{ document: string; year: number; fraction: number; clause: string }>("select document, year, fraction, clause from main_staging.stg_schedule_fractions order by document, year");
  const milestones = await ctx.query<{ document: string; target_id: string; indicator_name: string | null; unit: string; year: number; value: number; clause: string; base_value: number | null; target_value: number; schedule: string }>(`
    select t.document, m.target_id, i.indicator_name, t.unit, m.year, m.value, m.clause, t.base_value, t.target_value, t.schedule
    from main_staging.stg_target_milestones m join main_staging.stg_targets t using (target_id)
    left join main_staging.stg_indicators i using (indicator_code)
    order by t.document, m.target_id, m.year`);
  const targets = await ctx.query<{ document: string; clause: string; schedule: string; base_year: number | null; base_value: number | null }>("select document, clause, schedule, base_year, base_value from main_staging.stg_targets order by document, target_id");
  const rules: IncrementRule[] = [];
  for (const document of uniq(fractions.map((f) => f.document))) {
    const own = fractions.filter((f) => f.document === document);
    const clause = uniq(own.map((f) => /^[^\s：:]+/.exec(String(f.clause ?? ""))?.[0] ?? "").filter(Boolean)).join("、");
    const listed = milestones.filter((m) => m.document === document);
    // The example: the listed value furthest from the rule's (a document's own inconsistency, shown rather than resolved).
    let example = "";
    let widest = 0;
    for (const m of listed.filter((x) => x.schedule === "doc000_increment" && x.base_value != null)) {
      const f = own.find((x) => x.year === m.year);
      if (!f) continue;
      const rule = Number(m.base_value) + Number(f.fraction) * (Number(m.target_value) - Number(m.base_value));
      const gap = Math.abs(rule - Number(m.value));
      if (gap > widest + 1e-9) {
        widest = gap;
        example = `${m.year}年${m.indicator_name ?? ""}：${num(m.base_value)} + ${pctText(f.fraction)} ×（${num(m.target_value)} − ${num(m.base_value)}）= ${num(rule)} ${m.unit}，${m.clause}列为${num(m.value)} ${m.unit}`;
      }
    }
    rules.push({ document, fractions: own.map((f) => `${f.year}年${pctText(f.fraction)}`).join("、"), clause, milestoneClauses: uniq(listed.map((m) => m.clause)).join("、"), example });
  }
  const byDoc = <T extends { document: string }>(rows: readonly T[], text: (rows: T[]) => string) =>
    uniq(rows.map((r) => r.document)).map((d) => `${docs.cite(d)}${text(rows.filter((r) => r.document === d))}`);
  return {
    rules,
    milestoneSources: byDoc(milestones, (rows) => uniq(rows.map((r) => head(r.clause))).join("、")),
    compoundSources: byDoc(targets.filter((t) => t.schedule === "compound"), (rows) => uniq(rows.map((r) => head(r.clause))).join("、")),
    baseYearOnly: byDoc(targets.filter((t) => t.base_year != null && t.base_value == null), (rows) => `为${uniq(rows.map((r) => r.base_year)).join("、")}年`),
  };
}
