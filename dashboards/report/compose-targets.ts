/**
 * 五 目标进展 and the target clause of the indicator sentences: targets met, on
 * schedule, behind (with the gap and the growth still required per year), and the
 * deadline verdicts of targets whose year has passed. Statuses are the
 * target_status mart's (schedules per document 000 专栏1-4 or linear, see its SQL).
 */
import type { Paragraph, ReportFacts, ReportSection, ReportTable, Span, TargetFact } from "./model.js";
import { STATUS_LABEL } from "../kit/labels.js";
import { amount, amountBeside, compareWord, comparatorWords, fixed, targetAmount } from "./wording.js";

/** The site's status words (one map for pages and report). */
export const STATUS_WORDS: Record<string, string> = STATUS_LABEL;

/** Statuses that are no verdict (issue #16: before and at the base year nothing is judged), in count sentences. */
const COUNT_WORDS: Record<string, string> = { base_year: "处于基期、尚未评估的", before_base: "基期前、尚未评估的", no_schedule: "无进度基准的" };

/** The mart's expected value is a schedule path (not the target itself, when the document gives no base). */
function hasSchedule(t: TargetFact): t is TargetFact & { expected: number } {
  return t.expected !== null && (t.expectedMethod === "linear" || t.expectedMethod === "increment_fraction");
}

/**
 * How the text cites a document: the documents seed's short name or 《title》 (`names`,
 * ReportFacts.documentNames); without a row there, "000_…txt" → "文件000", else the file name.
 */
export function documentName(document: string, names?: Readonly<Record<string, string>>): string {
  const named = names?.[document];
  if (named) return named;
  const m = /^(\d{3})_/.exec(document);
  return m ? `文件${m[1]}` : document;
}

/**
 * The clause after an indicator sentence: "距文件000提出的2020年40%的目标差5.2个百分点",
 * with the schedule path ("按序时进度应为…，实际高于进度…") while the target year is ahead.
 * Expired level targets say nothing here; 目标进展 gives their deadline verdict.
 */
export function targetClause(t: TargetFact, period: ReportFacts["period"], names?: ReportFacts["documentNames"]): Span[] {
  if (!t.actual || t.isPartial) return [];
  const doc = documentName(t.document, names);
  const open = t.targetYear >= period.year;
  const targetText = targetAmount(t.targetValue, t.unit);
  const spans: Span[] = [];
  // A past deadline is quoted for shares with its verdict and the value it judged (target_verdicts), never
  // this period's value against the old year's target; a level is not set against an old year's target.
  // When this period and the deadline verdict disagree (above the target now, 未达成 at its year), the
  // sentence says the verdict; when they agree, the bureau's "距2020年40%的目标差…" stands as before.
  if (t.kind === "share" && !open && t.deadline?.actual != null && meets(t.actual.value, t) !== (t.deadline.status === "achieved")) return deadlineClause(t, doc, targetText);
  if (t.kind === "share" || (t.kind === "level" && open)) {
    if (t.kind === "level" && t.basis === "ytd") {
      spans.push({ text: `${doc}提出${t.targetYear}年${comparatorWords(t.comparator, targetText)}` });
    } else {
      const c = compareWord(t.actual.value - t.targetValue, t.unit, true);
      if (c.word === "持平") spans.push({ text: `达到${doc}提出的${t.targetYear}年${targetText}的目标` });
      else if (c.word === "低于" && (t.comparator === ">=" || t.comparator === "≥")) spans.push({ text: `距${doc}提出的${t.targetYear}年${targetText}的目标差` }, { text: c.number, ref: t.actual.ref });
      else spans.push({ text: `${c.word}${doc}提出的${t.targetYear}年${targetText}的目标` }, { text: c.number, ref: t.actual.ref });
    }
    if (open && hasSchedule(t) && t.expected !== t.targetValue) {
      const d = compareWord(t.actual.value - t.expected, t.unit);
      spans.push({ text: `，按序时进度本期应为${amount(t.expected, t.unit)}，实际` });
      spans.push(d.word === "持平" ? { text: "与进度持平" } : { text: `${d.word}进度${d.number}` });
    }
  }
  return spans;
}

/** Whether a value meets the target by its comparator (≥ by default). */
function meets(value: number, t: TargetFact): boolean {
  if (t.comparator === "<=" || t.comparator === "≤") return value <= t.targetValue;
  return value >= t.targetValue;
}

/**
 * An expired share target after an indicator sentence: "，省开发区规划提出的2024年45%的目标到期未达成（2024年为44.996%，
 * 差0.004个百分点）" — the deadline's value with the decimals that show its side; nothing without a verdict.
 */
function deadlineClause(t: TargetFact, doc: string, targetText: string): Span[] {
  const d = t.deadline;
  if (!d || d.actual === null) return [];
  const word = STATUS_WORDS[d.status] ?? d.status;
  const gap = d.actual - t.targetValue;
  const below = (t.comparator === ">=" || t.comparator === "≥") && gap < 0;
  const c = compareWord(gap, t.unit, true);
  return [{ text: `${doc}提出的${t.targetYear}年${targetText}的目标到期${word}（${d.periodLabel}为${amountBeside(d.actual, t.targetValue, t.unit)}${below ? `，差${c.number}` : ""}）` }];
}

/** The value a deadline verdict judged, with the digits that show its side: "2024年 44.996%（差0.004个百分点）". */
function deadlineValueCell(t: TargetFact): string {
  const d = t.deadline;
  if (!d || d.actual === null) return "—";
  const gap = d.actual - t.targetValue;
  const below = (t.comparator === ">=" || t.comparator === "≥") && gap < 0;
  return `${d.periodLabel} ${amountBeside(d.actual, t.targetValue, t.unit)}${below ? `（差${compareWord(gap, t.unit, true).number}）` : ""}`;
}

/** A target in words: built for levels, shares and zone counts; the document's own phrase for other counts, growth and relative targets. */
function targetLabel(t: TargetFact): string {
  if (t.kind === "zone_count" || t.kind === "count_per_city") return `${t.scopeName}数量${t.targetYear}年${comparatorWords(t.comparator, targetAmount(t.targetValue, t.unit))}`;
  if (t.kind !== "level" && t.kind !== "share") return `${t.scopeName}：${t.phrase}（${t.targetYear}年）`;
  return `${t.scopeName}${t.indicatorName}${t.kind === "share" ? "占比" : ""}${t.targetYear}年${comparatorWords(t.comparator, targetAmount(t.targetValue, t.unit))}`;
}

function behindSentence(t: TargetFact): Span[] {
  const spans: Span[] = [{ text: `${targetLabel(t)}（${t.clause}）：${t.periodLabel}为` }, { text: amount(t.actual!.value, t.unit), ref: t.actual!.ref }];
  if (hasSchedule(t)) {
    const d = compareWord(t.actual!.value - t.expected, t.unit);
    spans.push({ text: `，按序时进度应为${amount(t.expected, t.unit)}${d.word === "持平" ? "" : `，${d.word}进度${d.number}`}` });
  }
  if (t.requiredGrowth) spans.push({ text: `；按${t.requiredGrowth.periodLabel}数值，实现目标还需年均增长${fixed(t.requiredGrowth.value * 100, 1)}%` });
  spans.push({ text: "。" });
  return spans;
}

/** 五、目标进展: per document, counts by status, the targets behind schedule, and a table of expired targets' verdicts. */
export function targetSection(facts: ReportFacts): ReportSection {
  const paragraphs: Paragraph[] = [];
  const byDoc = new Map<string, TargetFact[]>();
  for (const t of facts.targets) byDoc.set(t.document, [...(byDoc.get(t.document) ?? []), t]);
  const expiredRows: Span[][] = [];
  const seen = new Set<string>();
  for (const [doc, list] of byDoc) {
    const open = list.filter((t) => t.targetYear >= facts.period.year);
    const expired = list.filter((t) => t.targetYear < facts.period.year);
    const counts = (ts: TargetFact[], key: (t: TargetFact) => string) => {
      const m = new Map<string, number>();
      for (const t of ts) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
      return Object.keys(STATUS_WORDS).filter((s) => m.get(s)).map((s) => `${COUNT_WORDS[s] ?? STATUS_WORDS[s]}${m.get(s)}项`);
    };
    const parts: string[] = [];
    // Counts are listed with 、 (已达成3项、未达成24项), never "…和…", which reads as one compound.
    if (open.length) parts.push(`目标年未到的${open.length}项中，${counts(open, (t) => t.status).join("、")}`);
    if (expired.length) {
      const withVerdict = expired.filter((t) => t.deadline);
      const verdicts = counts(withVerdict, (t) => t.deadline!.status);
      parts.push(`目标年已过的${expired.length}项中，${verdicts.length ? `到期时${verdicts.join("、")}` : ""}${expired.length - withVerdict.length ? `${verdicts.length ? "，" : ""}${expired.length - withVerdict.length}项没有目标年的数据` : ""}`);
    }
    paragraphs.push([{ text: `${documentName(doc, facts.documentNames)}：有数据的目标${list.length}项。${parts.join("；")}。` }]);
    for (const t of open.filter((x) => x.status === "behind" && x.actual)) paragraphs.push(behindSentence(t));
    for (const t of expired) {
      // Two catalogue rows with the same wording (the same target cited twice) are one row of 表2.
      const key = `${t.document}|${targetLabel(t)}|${t.deadline?.status ?? ""}`;
      if (seen.has(key)) continue;
      seen.add(key);
      expiredRows.push([
        { text: documentName(t.document, facts.documentNames) },
        { text: targetLabel(t) },
        { text: t.deadline ? `${STATUS_WORDS[t.deadline.status] ?? t.deadline.status}` : "无目标年数据" },
        { text: deadlineValueCell(t) },
        t.actual ? { text: `${t.periodLabel} ${amount(t.actual.value, t.unit)}`, ref: t.actual.ref } : { text: "—" },
      ]);
    }
  }
  if (!paragraphs.length) paragraphs.push([{ text: "本期没有可评估的目标。" }]);
  const tables: ReportTable[] = expiredRows.length
    ? [{ caption: "表2　目标年已过的目标：到期时的结论、目标年数值与最近一期数值", columns: ["文件", "目标", "到期时", "目标年数值", "最近一期"], numeric: [false, false, false, true, true], rows: expiredRows }]
    : [];
  return { title: "五、目标进展", paragraphs, tables };
}
