/**
 * 五 目标进展 and the target clause of the indicator sentences: targets met, on
 * schedule, behind (with the gap and the growth still required per year), and the
 * deadline verdicts of targets whose year has passed. Statuses are the
 * target_status mart's (schedules per document 000 专栏1-4 or linear, see its SQL).
 */
import type { Paragraph, ReportFacts, ReportSection, ReportTable, Span, TargetFact } from "./model.js";
import { STATUS_LABEL } from "../kit/labels.js";
import { cleanPhrase, likeForLikeMark, phraseText, REACHED_LEVEL, targetWords } from "../kit/targets.js";
import { amount, amountBeside, compareWord, comparatorWords, fixed, targetAmount } from "./wording.js";

/** The site's status words (one map for pages and report). */
export const STATUS_WORDS: Record<string, string> = STATUS_LABEL;

/**
 * The status a reader is told: 'awaits_check' (待核实) for an 'incomplete' figure that waits for 核实
 * (target_status.awaits_check), else the status itself. `s`: a TargetFact or its deadline.
 */
export function shownStatus(s: { readonly status: string; readonly awaitsCheck?: boolean }): string {
  return s.status === "incomplete" && s.awaitsCheck === true ? "awaits_check" : s.status;
}

/** The word for `s`'s status (shownStatus), as the site's badge says it. */
export function statusWord(s: { readonly status: string; readonly awaitsCheck?: boolean }): string {
  return STATUS_WORDS[shownStatus(s)] ?? s.status;
}

/** Statuses that are no verdict (issue #16: before and at the base year nothing is judged), in count sentences. */
const COUNT_WORDS: Record<string, string> = { base_year: "处于基期、尚未评估的", before_base: "基期前、尚未评估的", no_schedule: "无进度基准的" };

/**
 * Whether a target's deadline has come at the report period: its year is over, or the period is its
 * year's full-year figure (a 2024 target in the 2024年 report is judged, not "目标年未到"). The same rule
 * as target_verdicts.is_expired, read at the report's period rather than the newest data.
 */
export function expiredAt(t: { readonly targetYear: number }, period: { readonly year: number; readonly endMonth: number }): boolean {
  return t.targetYear < period.year || (t.targetYear === period.year && period.endMonth === 12);
}

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
  const open = !expiredAt(t, period);
  const targetText = targetAmount(t.targetValue, t.unit);
  const spans: Span[] = [];
  // A past deadline is quoted for shares with its verdict and the value it judged (target_verdicts), never
  // this period's value against the old year's target; a level is not set against an old year's target.
  // When this period and the deadline verdict disagree (above the target now, 未达成 at its year), the
  // sentence says the verdict; when they agree, the bureau's "距2020年40%的目标差…" stands as before.
  // At the deadline period itself the clause is the verdict ("…的目标到期未达成，差0.02个百分点").
  // An expired share is never measured against its old target by this period's figure (reader-qa3 F9: "距…2020年40%的
  // 目标差6.5个百分点" from 2025年1-9月): the deadline's verdict and gap when the target year has its full-year figure,
  // else a later full year said as a level only, and a part year says nothing here (目标进展 gives 无法判定).
  if (t.kind === "share" && !open) {
    if (t.deadline?.actual != null) return deadlineClause(t, doc, targetText, t.deadline.periodLabel === period.label);
    if (period.endMonth !== 12) return [];
    return [{ text: `${period.year}年${meets(t.actual.value, t) ? "已达到" : "未达到"}${doc}提出的${t.targetYear}年${targetText}的目标（${t.targetYear}年无全年数据，未判定到期是否达成）` }];
  }
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
function deadlineClause(t: TargetFact, doc: string, targetText: string, samePeriod = false): Span[] {
  const d = t.deadline;
  if (!d || d.actual === null) return [];
  const word = statusWord(d);
  const f = deadlineFigure(t);
  const bare = f.lead === "为" ? "" : f.lead;
  if (samePeriod) return [{ text: `${doc}提出的${t.targetYear}年${targetText}的目标到期${word}${f.partial ? `（${bare}${f.amount}）` : f.gap ? `，差${f.gap}` : ""}` }];
  return [{ text: `${doc}提出的${t.targetYear}年${targetText}的目标到期${word}（${d.periodLabel}${f.lead}${f.amount}${f.gap ? `，差${f.gap}` : ""}）` }];
}

/**
 * The figure a deadline verdict judged, as the report words it: `amount` with the digits that show its side
 * ("44.996%") and `gap` below a ≥ target ("0.004个百分点", else null). A partial figure (数据不全: zones missing or held)
 * is what the counted zones add up to — a lower bound, so no gap is measured from it (stat-qa8: 「差20.0个百分点」 beside
 * 到期数据不全): `lead` "按已计入的开发区为", `partial` true; over a flagged denominator the figure says so. `lead` is
 * "为" otherwise (a table cell drops it).
 */
function deadlineFigure(t: TargetFact): { lead: string; amount: string; gap: string | null; partial: boolean } {
  const d = t.deadline!;
  const actual = d.actual!;
  // Over a denominator under check the zones may be complete: the figure as computed, and why it is not judged.
  if (d.status === "incomplete" && d.denominatorCheck) return { lead: "为", amount: `${amount(actual, t.unit)}（${d.denominatorCheck}的总量需核实）`, gap: null, partial: true };
  if (d.status === "incomplete" && d.valuesCheck) return { lead: "为", amount: `${amount(actual, t.unit)}（含${d.valuesCheck}个需核实的开发区数值）`, gap: null, partial: true };
  if (d.status === "incomplete") return { lead: "按已计入的开发区为", amount: amount(actual, t.unit), gap: null, partial: true };
  const gap = actual - t.targetValue;
  const below = (t.comparator === ">=" || t.comparator === "≥") && gap < 0;
  // A growth rate over fewer zones than the scope's says so, as the headline does (qa40 F5).
  const likeForLike = likeForLikeMark(t.kind, d.zonesCompared, d.zonesInScope);
  return { lead: "为", amount: `${amountBeside(actual, t.targetValue, t.unit)}${likeForLike}`, gap: below ? compareWord(gap, t.unit, true).number : null, partial: false };
}

/** The value a deadline verdict judged, with the digits that show its side: "2024年 44.996%（差0.004个百分点）". */
function deadlineValueCell(t: TargetFact): string {
  const d = t.deadline;
  if (!d || d.actual === null) return "—";
  const f = deadlineFigure(t);
  return `${d.periodLabel} ${f.lead === "为" ? "" : f.lead}${f.amount}${f.gap ? `（差${f.gap}）` : ""}`;
}

/**
 * A target's own words for the text: a document's table row (cells tab-separated) as the site's 进度 page says it — its
 * indicator, year and the cell judged (kit/targets.ts targetWords), never raw tabs (stat-qa F13); else the phrase.
 */
export function targetPhrase(t: Pick<TargetFact, "phrase" | "unit" | "kind" | "targetYear" | "targetValue">, clean = false): string {
  if (t.phrase.includes("\t")) return targetWords({ phrase: t.phrase, unit: t.unit, kind: t.kind, target_year: t.targetYear, target_value: t.targetValue });
  return clean ? cleanPhrase(t.phrase) : phraseText(t.phrase);
}

/** A target in words: built for levels, shares and zone counts; the document's own phrase for other counts, growth and relative targets. */
function targetLabel(t: TargetFact): string {
  if (t.kind === "zone_count" || t.kind === "count_per_city") return `${t.scopeName}数量${t.targetYear}年${comparatorWords(t.comparator, targetAmount(t.targetValue, t.unit))}${t.makeup ?? ""}`;
  // A table row's words carry their year (targetWords); a sentence's do not always.
  if (t.kind !== "level" && t.kind !== "share") return `${t.scopeName}：${targetPhrase(t)}${t.phrase.includes("\t") ? "" : `（${t.targetYear}年）`}`;
  return `${t.scopeName}${t.indicatorName}${t.kind === "share" ? t.shareOf ?? "占比" : ""}${t.targetYear}年${comparatorWords(t.comparator, targetAmount(t.targetValue, t.unit))}`;
}

/**
 * A live target in 五、目标进展, its status first: "…2025年不低于28000亿元（二（一）2）：落后进度，2024年为25866.0亿元，
 * 按序时进度应为26000.0亿元，低于进度134.0亿元；…还需年均增长8.3%。" or "…：已达成，2024年末为86.4%，高于目标1.4个百分点。"
 */
function progressSentence(t: TargetFact): Span[] {
  // A year-to-date flow already at its level target (target_status 'achieved' on a part year): 已达到目标水平, as the site
  // says it — the year's cumulative only grows; not 已达成, which reads as the deadline's verdict (reader-qa3 F5).
  if (t.status === "achieved" && t.kind === "level" && t.basis === "ytd") {
    return [{ text: `${targetLabel(t)}（${t.clause}）：${REACHED_LEVEL}，${t.periodLabel}累计为` }, { text: amount(t.actual!.value, t.unit), ref: t.actual!.ref }, { text: `，已不低于${t.targetYear}年目标；到期结论待${t.targetYear}年全年数据。` }];
  }
  const word = statusWord(t);
  const spans: Span[] = [{ text: `${targetLabel(t)}（${t.clause}）：${word}，${t.periodLabel}为` }, { text: `${amount(t.actual!.value, t.unit)}${t.likeForLike ?? ""}`, ref: t.actual!.ref }];
  if (t.status === "behind" && hasSchedule(t)) {
    const d = compareWord(t.actual!.value - t.expected, t.unit);
    spans.push({ text: `，按序时进度应为${amount(t.expected, t.unit)}${d.word === "持平" ? "" : `，${d.word}进度${d.number}`}` });
  } else if (t.status === "achieved" && (t.kind === "level" || t.kind === "share") && t.basis !== "ytd") {
    const d = compareWord(t.actual!.value - t.targetValue, t.unit);
    if (d.word !== "持平") spans.push({ text: `，${d.word}目标${d.number}` });
  }
  if (t.status === "behind" && t.requiredGrowth) spans.push({ text: `；按${t.requiredGrowth.periodLabel}数值，实现目标还需年均增长${fixed(t.requiredGrowth.value * 100, 1)}%` });
  // Why it is not judged, beside the figure (stat-qa8: 「数据不全，2024年为88.1%」 over a ÷10 province total read as a share).
  if (t.status === "incomplete" && t.reason) spans.push({ text: `（${t.reason}）` });
  spans.push({ text: "。" });
  return spans;
}

/** An expired target not met at its deadline: "…2024年不低于40%（二（一）1）：到期未达成，2024年为39.98%，差0.02个百分点。" */
function verdictSentence(t: TargetFact): Span[] {
  const d = t.deadline!;
  const word = statusWord(d);
  if (d.actual === null) return [{ text: `${targetLabel(t)}（${t.clause}）：到期${word}。` }];
  const f = deadlineFigure(t);
  return [{ text: `${targetLabel(t)}（${t.clause}）：到期${word}，${d.periodLabel}${f.lead}${f.amount}${f.gap ? `，差${f.gap}` : ""}${f.partial ? "，不判定" : ""}。` }];
}

/** 五、目标进展: per document, counts by status, the targets behind schedule, and a table of expired targets' verdicts. */
export function targetSection(facts: ReportFacts): ReportSection {
  const paragraphs: Paragraph[] = [];
  const byDoc = new Map<string, TargetFact[]>();
  for (const t of facts.targets) byDoc.set(t.document, [...(byDoc.get(t.document) ?? []), t]);
  const expiredRows: Span[][] = [];
  const seen = new Set<string>();
  for (const [doc, list] of byDoc) {
    const open = list.filter((t) => !expiredAt(t, facts.period));
    const expired = list.filter((t) => expiredAt(t, facts.period));
    const counts = (ts: TargetFact[], key: (t: TargetFact) => string) => {
      const m = new Map<string, number>();
      for (const t of ts) m.set(key(t), (m.get(key(t)) ?? 0) + 1);
      return Object.keys(STATUS_WORDS).filter((s) => m.get(s)).map((s) => `${COUNT_WORDS[s] ?? STATUS_WORDS[s]}${m.get(s)}项`);
    };
    const parts: string[] = [];
    // Counts are listed with 、 (已达成3项、未达成24项), never "…和…", which reads as one compound.
    if (open.length) parts.push(`目标年未到的${open.length}项中，${counts(open, shownStatus).join("、")}`);
    if (expired.length) {
      const withVerdict = expired.filter((t) => t.deadline);
      const verdicts = counts(withVerdict, (t) => shownStatus(t.deadline!)).map((w) => `到期${w}`);
      const undecided = expired.length - withVerdict.length;
      parts.push(`已到目标年的${expired.length}项中，${[...verdicts, ...(undecided ? [`无法判定${undecided}项（没有目标年的全年数据）`] : [])].join("、")}`);
    }
    paragraphs.push([{ text: `${documentName(doc, facts.documentNames)}：有数据的目标${list.length}项。${parts.join("；")}。` }]);
    for (const t of open.filter((x) => x.actual && STATUS_WORDS[x.status] && !COUNT_WORDS[x.status])) paragraphs.push(progressSentence(t));
    for (const t of expired.filter((x) => x.deadline && x.deadline.status !== "achieved")) paragraphs.push(verdictSentence(t));
    for (const t of expired) {
      // Two catalogue rows with the same wording (the same target cited twice) are one row of 表2.
      // The same target stated once as a total and once as an increase on its base is one row too, with the arithmetic.
      const bare = (x: TargetFact) => `${x.document}|${targetLabel({ ...x, makeup: "" })}|${x.deadline?.status ?? ""}`;
      const key = bare(t);
      if (seen.has(key)) continue;
      seen.add(key);
      expiredRows.push([
        { text: documentName(t.document, facts.documentNames) },
        { text: targetLabel(expired.find((x) => x.makeup && bare(x) === key) ?? t) },
        { text: t.deadline ? `到期${statusWord(t.deadline)}` : "无法判定（无目标年数据）" },
        { text: deadlineValueCell(t) },
        // A partial latest total (held values, zones missing) carries its mark here as in 一 and 附表1 (reader-qa 5).
        // Across a series break the latest value is not comparable with the target year's (reader-qa2 3: 就业人口 138.3
        // beside 258.5 read as a collapse; 进度 says 2022年起口径变化，不与目标比较).
        t.actual ? { text: `${t.periodLabel} ${amountBeside(t.actual.value, t.targetValue, t.unit)}${t.likeForLike ?? ""}${t.isPartial ? `（${t.awaitsCheck ? "待核实" : "数据不全"}：${t.reason ?? "合计不完整"}）` : ""}${t.breakAfterDeadline ? `（${t.breakAfterDeadline}年起口径变化，与目标年不可比）` : ""}`, ref: t.actual.ref } : { text: "—" },
      ]);
    }
  }
  if (!paragraphs.length) paragraphs.push([{ text: "本期没有可评估的目标。" }]);
  const tables: ReportTable[] = expiredRows.length
    ? [{ caption: "表2　已到目标年的目标：到期时的结论、目标年数值与最近一期数值", columns: ["文件", "目标", "到期时", "目标年数值", "最近一期（到期后，不改变判定）"], numeric: [false, false, false, true, true], rows: expiredRows }]
    : [];
  return { title: "五、目标进展", paragraphs, tables };
}
