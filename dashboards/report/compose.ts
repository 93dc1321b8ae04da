/**
 * Writes the 季度分析 from its facts, in the bureau's order: 一 总体情况, 二 分指标,
 * 三 分地区, 四 分开发区, 五 目标进展, 六 数据说明, then the 附表. Pure: facts in,
 * document out, so each wording rule can be tested without a warehouse.
 *
 * Withholding: see withhold.ts.
 */
import { toFixedHalfUp } from "../../pipelines/publish/format.js";
import { reportMsg } from "./messages.js";
import { MART_TITLE } from "../kit/labels.js";
import { REACHED_LEVEL } from "../kit/targets.js";
import { comparableGrowth, sayable, type Sayable } from "./withhold.js";
import type { DataNote, Measure, Paragraph, ReportDocument, ReportFacts, ReportSection, ReportTable, SourceRow, Span, TargetFact } from "./model.js";
import { areaSections } from "./compose-areas.js";
import { targetSection, targetClause, documentName, targetPhrase } from "./compose-targets.js";
import { statusWord, expiredAt } from "./compose-targets.js";
import { amount, amountBeside, comparatorWords, compareWord, growthPhrase, indicatorPhrase, percent, shareChangePhrase, targetAmount, isAnnual } from "./wording.js";

/**
 * The bureau's sentence for one indicator: "{期间}，{范围}实现地区生产总值8263.7亿元，同比增长6.0%，
 * 占全省的34.8%，比上年同期提高0.7个百分点" (no final 。, so a target clause can follow).
 * Returns null when the value is withheld.
 */
export function measureSentence(m: Measure, period: ReportFacts["period"], opts: { lead?: string; shareTarget?: number } = {}): { spans: Span[]; said: Sayable } | null {
  const said = sayable(m, period);
  if (!said.value || !m.current) return null;
  const spans: Span[] = [{ text: `${opts.lead ?? `${period.label}，${m.name}`}${indicatorPhrase(m.indicatorCode, m.indicatorName)}` }, { text: amount(m.current.value, m.unit), ref: m.current.ref }];
  // A total without a held value: said with its mark, so it never reads as complete.
  if (said.mark) spans.push({ text: `（${said.mark}，见“数据说明”）` });
  // A like-for-like rate (a partial previous year, or a zone left out for 口径调整) says so and over how many zones, as
  // 三 says a city's (reader-qa7 F2, F4).
  const rate = comparableGrowth(m, period);
  if (rate) {
    const g = growthPhrase(rate.figure.value, isAnnual(period));
    spans.push({ text: `，${g.text}` });
    if (g.number) spans.push({ text: g.number, ref: rate.figure.ref });
    if (rate.comparable !== null) spans.push({ text: `（${COMPARABLE_MARK}，${rate.comparable}家）` });
  }
  if (m.share) {
    spans.push({ text: `，占${!m.shareOf || /(省|自治区)$/.test(m.shareOf) ? "全省" : m.shareOf === m.name.replace(/省级以上经济开发区$/, "") ? "全市" : m.shareOf}的` }, { text: sharePercent(m.share.value, opts.shareTarget), ref: m.share.ref });
    // Over a denominator under an open flag: marked, and no change (stat-qa7 F2: 「占全省的88.1%」 over a ÷10 total).
    if (m.shareDenominatorCheck) spans.push({ text: `（${m.shareOf ?? "全省"}的总量需核实，占比仅供参考，见“数据说明”）` });
    else if (said.change && m.sharePrevious) {
      const c = shareChangePhrase(m.share.value, m.sharePrevious.value, isAnnual(period));
      spans.push({ text: `，${c.text}` });
      if (c.number) spans.push({ text: c.number, ref: m.sharePrevious.ref });
    }
  }
  return { spans, said };
}

/** The mark of a like-for-like rate over fewer zones than the total has (the site's 可比的N家). */
export const COMPARABLE_MARK = "可比口径";

/**
 * A share in percent: one decimal, or the digits that show its side of the share target it is set
 * against (39.98% beside a 40% target it missed, never 40.0%; sideDecimals in kit/format.ts).
 */
export function sharePercent(fraction: number, target?: number): string {
  return target === undefined ? percent(fraction) : `${amountBeside(fraction * 100, target, "")}%`;
}

/** The share target an indicator's share is set against this period (the report's targets of kind share). */
function shareTargetOf(m: Measure, facts: ReportFacts): number | undefined {
  return facts.targets.find((t) => t.kind === "share" && t.indicatorCode === m.indicatorCode && t.scopeName === m.name && (t.periodLabel === facts.period.label || t.deadline?.periodLabel === facts.period.label))?.targetValue;
}

function sentenceWithTargets(m: Measure, facts: ReportFacts, lead?: string): { paragraph: Paragraph | null; notes: DataNote[] } {
  const s = measureSentence(m, facts.period, { lead, shareTarget: shareTargetOf(m, facts) });
  if (!s) return { paragraph: null, notes: sayable(m, facts.period).notes };
  const spans = [...s.spans];
  for (const t of facts.targets.filter((t) => t.indicatorCode === m.indicatorCode && t.scopeName === m.name && t.periodLabel === facts.period.label)) {
    const clause = targetClause(t, facts.period, facts.documentNames);
    if (clause.length) spans.push({ text: "；" }, ...clause);
  }
  spans.push({ text: "。" });
  return { paragraph: spans, notes: s.said.notes };
}

function overall(facts: ReportFacts, notes: DataNote[]): ReportSection {
  const paragraphs: Paragraph[] = [];
  const gdp = facts.indicators.find((m) => m.indicatorCode === "gdp");
  if (gdp) {
    const s = sentenceWithTargets(gdp, facts);
    notes.push(...s.notes);
    if (s.paragraph) paragraphs.push(s.paragraph);
  }
  for (const m of facts.cityDocuments) {
    const s = sentenceWithTargets(m, facts);
    notes.push(...s.notes);
    if (s.paragraph) paragraphs.push(s.paragraph);
  }
  // Rates given like for like count as compared, as 一's sentence gives them.
  const rateOf = (m: Measure) => (sayable(m, facts.period).value ? comparableGrowth(m, facts.period) : null);
  const comparable = facts.indicators.filter((m) => rateOf(m));
  const up = comparable.filter((m) => growthPhrase(rateOf(m)!.figure.value).word === "增长").map((m) => m.indicatorName);
  const down = comparable.filter((m) => growthPhrase(rateOf(m)!.figure.value).word === "下降").map((m) => m.indicatorName);
  if (comparable.length) {
    const than = isAnnual(facts.period) ? "比上年" : "同比";
    const parts = [up.length ? `${up.length}项${than}增长` : "", down.length ? `${down.length}项${than}下降（${down.join("、")}）` : ""].filter(Boolean);
    const flat = comparable.length - up.length - down.length;
    if (flat) parts.push(`${flat}项与上年${isAnnual(facts.period) ? "" : "同期"}持平`);
    // Counted over every indicator of the report: "1项主要指标" in a report of three read as if the others were not
    // there (stat-qa 10); those without a comparable 同比 are said as such.
    const total = facts.indicators.length;
    const rest = total - comparable.length;
    paragraphs.push([{ text: rest > 0
      ? `列入本报告的${total}项主要指标中，${comparable.length}项可与上年${isAnnual(facts.period) ? "" : "同期"}比较：${parts.join("，")}；其余${rest}项数据不全，不作比较（见“数据说明”）。`
      : `列入本报告的${total}项主要指标中，${parts.join("，")}。` }]);
  }
  if (!paragraphs.length) paragraphs.push([{ text: "本期总体情况的数据不完整，见“数据说明”。" }]);
  return { title: "一、总体情况", paragraphs, tables: [] };
}

const CN_NUM = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"];

function byIndicator(facts: ReportFacts, notes: DataNote[]): ReportSection {
  const paragraphs: Paragraph[] = [];
  let n = 0;
  for (const m of facts.indicators.filter((m) => m.indicatorCode !== "gdp")) {
    const s = sentenceWithTargets(m, facts, `${m.name.startsWith("全省") ? "全省开发区" : m.name}`);
    notes.push(...s.notes);
    if (!s.paragraph) continue;
    paragraphs.push([{ text: `（${CN_NUM[n++] ?? n}）${m.indicatorName}。` }, ...s.paragraph]);
  }
  if (facts.land.length) {
    const spans: Span[] = [{ text: `（${CN_NUM[n++] ?? n}）土地集约利用。${facts.period.year}年末，全省开发区` }];
    facts.land.forEach((l, i) => spans.push({ text: `${i ? "，" : ""}${l.name}为` }, { text: amount(l.value.value, l.unit), ref: l.value.ref }));
    spans.push({ text: "。" });
    paragraphs.push(spans);
  }
  if (!paragraphs.length) paragraphs.push([{ text: "本期没有可列出的分指标数据。" }]);
  return { title: "二、分指标情况", paragraphs, tables: [] };
}

function dataNotes(facts: ReportFacts, notes: DataNote[]): ReportSection {
  const all = oneNotePerValue([...notes, ...facts.notes]);
  const paragraphs: Paragraph[] = [];
  const order: Array<DataNote["kind"]> = ["period", "withheld", "partial", "break", "missing", "revision", "conflict", "verify", "confirmed", "vintage"];
  let i = 1;
  for (const kind of order) {
    for (const note of all.filter((x) => x.kind === kind)) {
      paragraphs.push([{ text: `${i++}. ` }, ...(note.spans ?? [note.ref ? { text: note.text, ref: note.ref } : { text: note.text }])]);
    }
  }
  const regionDocs = facts.regions.length > 0 ? (facts.regionDocuments ?? []).map((d) => documentName(d, facts.documentNames)).join("、") || "区域文件" : null;
  paragraphs.push([{ text: `${i++}. ${reportMsg.method(regionDocs)}` }]);
  if (facts.synthetic) paragraphs.push([{ text: `${i++}. ${reportMsg.synthetic()}` }]);
  return { title: "六、数据说明", paragraphs, tables: [] };
}

/**
 * 附表1: 指标 | 本期累计 | 同比±% | 占全省% | 目标 | 进展 — withheld numbers print as "—". Every target of the
 * indicator is listed: an expired one with its deadline verdict at its target year (never set against this
 * period), a live one with its schedule status and gap. Several targets are joined with "；".
 */
export function summaryTable(facts: ReportFacts): ReportTable {
  const rows: Span[][] = facts.indicators.map((m) => {
    const said = sayable(m, facts.period);
    const targets = rowTargets(m, facts.targets);
    // A like-for-like rate as 一 gives it, marked (reader-qa7 F4).
    const rate = said.value ? comparableGrowth(m, facts.period) : null;
    const g = rate ? rate.figure.value * 100 : null;
    return [
      { text: `${m.indicatorName}（${m.unit}）` },
      said.value && m.current ? { text: `${amount(m.current.value, "").replace(/^$/, "—")}${said.mark ? `（${said.mark}）` : ""}`, ref: m.current.ref } : { text: "—" },
      g !== null ? { text: `${g > 0 && Number(toFixedHalfUp(g, 1)) !== 0 ? "+" : ""}${toFixedHalfUp(g, 1)}${rate!.comparable !== null ? `（${COMPARABLE_MARK}，${rate!.comparable}家）` : ""}`, ref: rate!.figure.ref } : { text: "—" },
      said.value && m.share ? { text: `${sharePercent(m.share.value, shareTargetOf(m, facts)).replace(/%$/, "")}${said.mark ? `（${said.mark}）` : ""}`, ref: m.share.ref } : { text: "—" },
      targets.length ? { text: targets.map((t) => `${rowTargetText(t, m)}（${t.targetYear}年，${documentName(t.document, facts.documentNames)}）`).join("；") } : { text: "—" },
      targets.length ? { text: targets.map((t) => progressText(t, facts.period)).join("；") } : { text: "—" },
    ];
  });
  return { caption: `附表1　${facts.period.label}${facts.scopeName}主要指标`, columns: ["指标", isAnnual(facts.period) ? "全年" : "本期累计", "同比±%", "占全省%", "目标", "进展"], numeric: [false, true, true, true, false, false], rows };
}

/**
 * One target's cell of 附表1: expired → "到期未达成（2024年39.98%，差0.02个百分点）"; live → its status with the
 * gap to the target of its own period ("落后进度，差2134.0亿元"), naming that period when it is not the report's.
 */
export function progressText(t: TargetFact, period: ReportFacts["period"]): string {
  const less = t.comparator === "<=" || t.comparator === "≤";
  if (expiredAt(t, period)) {
    const d = t.deadline;
    if (!d) return "无法判定（没有目标年的全年数据）";
    const word = `到期${statusWord(d)}`;
    // Not judged (a partial total, a denominator under check): no gap from its figure (stat-qa7 F2: 「高出79.6个百分点」
    // from a ÷10 province total).
    if (d.actual === null || d.status === "incomplete") return word;
    const gap = d.actual - t.targetValue;
    const c = compareWord(gap, t.unit, true);
    return `${word}（${d.periodLabel}${amountBeside(d.actual, t.targetValue, t.unit)}${c.word === "持平" ? "" : `，${c.word === "低于" ? (less ? "低于目标" : "差") : "高出"}${c.number}`}）`;
  }
  const word = statusWord(t);
  if (!t.actual || t.status === "incomplete") return word;
  const at = t.periodLabel === period.label ? "" : `${t.periodLabel}为${amount(t.actual.value, t.unit)}，`;
  // A year-to-date level is not set against a full-year target; its schedule path is (target_status).
  // …unless it is already at the target's level (reader-qa3 F5): no path then.
  if (t.kind === "level" && t.basis === "ytd" && t.status === "achieved") return `${REACHED_LEVEL}（${t.periodLabel}累计已不低于目标）`;
  if (t.kind === "level" && t.basis === "ytd") return t.expected !== null ? `${word}（${at}按序时进度应为${amount(t.expected, t.unit)}）` : word;
  if (t.kind !== "level" && t.kind !== "share") return `${word}（${t.periodLabel}为${amount(t.actual.value, t.unit)}）`;
  // 落后进度/超前 speak of the schedule: the gap shown is to the schedule path, as the body says it; the
  // distance to the final target is named as such (a tester read "落后进度（差1003亿元）" as 1003 behind schedule).
  if (t.expected !== null && t.expected !== undefined) {
    const c = compareWord(t.actual.value - t.expected, t.unit);
    return `${word}（${at}按序时进度应为${amount(t.expected, t.unit)}${c.word === "持平" ? "" : `，${c.word}进度${c.number}`}）`;
  }
  return `${word}（${at}${gapText(t.actual.value - t.targetValue, t.unit)}）`;
}

function gapText(gap: number, unit: string): string {
  const c = compareWord(gap, unit);
  if (c.word === "持平") return "已达到";
  return c.word === "高于" ? `高出目标${c.number}` : `距目标差${c.number}`;
}

/** The targets an indicator row of 附表1 lists: every target of its scope and indicator, shares first. */
/**
 * A target in 附表1's 目标 column: "不低于10,500亿元" in the row's own unit; a target in another unit is said with its own
 * words (reader-qa3 F13: "不低于10家" beside 工业总产值（亿元） read as nonsense; it counts zones above 1000亿元).
 */
function rowTargetText(t: TargetFact, m: Measure): string {
  const stated = comparatorWords(t.comparator, targetAmount(t.targetValue, t.unit));
  return t.unit === m.unit || !t.phrase ? stated : `${targetPhrase(t, true)}（${stated}）`;
}

function rowTargets(m: Measure, targets: readonly TargetFact[]): TargetFact[] {
  const mine = targets.filter((t) => t.indicatorCode === m.indicatorCode && t.scopeName === m.name);
  return [...mine.filter((t) => t.kind === "share"), ...mine.filter((t) => t.kind !== "share")];
}

/** 附表2: the sources as cited, the table by its Chinese name (a model's name is an engineer's word, reader-qa 12). */
function sourcesTable(sources: readonly SourceRow[], names?: ReportFacts["documentNames"]): ReportTable {
  return {
    caption: "附表2　数据来源（正文和附表中每个数字所在的数据表、来源文件和数据版本）",
    columns: ["编号", "数据表", "项目", "数值", "来源文件", "数据版本"],
    numeric: [false, false, false, true, false, false],
    // A plan document (a target's source) by its title, as the text cites it, not by its stored file name (reader-qa3 6).
    rows: sources.map((s) => [{ text: s.id, ref: s.id }, { text: MART_TITLE[s.table] ?? s.table }, { text: s.key }, { text: s.value }, { text: s.files.split("; ").map((f) => names?.[f] ?? f).join("; ") }, { text: s.vintage }]),
  };
}

/**
 * Only the sources a sentence or 附表1 cites, numbered s1, s2, … in their gathered order, with every span's ref
 * renumbered alike: facts gather more rows than the text uses (each zone's 同比, every target's row), and 附表2
 * listed them all (reader-qa 12: rows no sentence cites).
 */
function citedSources(sections: readonly ReportSection[], summary: ReportTable, sources: readonly SourceRow[]): { sections: ReportSection[]; summary: ReportTable; sources: SourceRow[] } {
  const used = new Set<string>();
  const spans = (ps: ReadonlyArray<ReadonlyArray<Span>>) => ps.forEach((p) => p.forEach((sp) => sp.ref && used.add(sp.ref)));
  for (const sec of sections) {
    spans(sec.paragraphs);
    sec.tables.forEach((t) => spans(t.rows));
  }
  spans(summary.rows);
  const kept = sources.filter((s) => used.has(s.id));
  const id = new Map(kept.map((s, i) => [s.id, `s${i + 1}`]));
  const relink = (p: ReadonlyArray<Span>): Span[] => p.map((sp) => (sp.ref && id.has(sp.ref) ? { ...sp, ref: id.get(sp.ref)! } : sp));
  const table = (t: ReportTable): ReportTable => ({ ...t, rows: t.rows.map(relink) });
  return {
    sections: sections.map((sec) => ({ ...sec, paragraphs: sec.paragraphs.map(relink), tables: sec.tables.map(table) })),
    summary: table(summary),
    sources: kept.map((s) => ({ ...s, id: id.get(s.id)! })),
  };
}

/** The report's subject from the main scope's name: 全省省级以上经济开发区 → 全省经济开发区, 全省省级以上开发区 → 全省开发区. */
function subject(scopeName: string): string {
  return scopeName.replace("省级以上", "") || "全省经济开发区";
}

/** 1-12月 is the year: its analysis is the 年度分析, any earlier quarter's the 季度分析. */
export function analysisKind(period: ReportFacts["period"]): string {
  return period.endMonth === 12 ? "年度分析" : "季度分析";
}

/** The whole document for one period. */
export function composeReport(facts: ReportFacts): ReportDocument {
  const notes: DataNote[] = facts.period.choice ? [{ kind: "period", text: facts.period.choice }] : [];
  const s1 = overall(facts, notes);
  const s2 = byIndicator(facts, notes);
  const [s3, s4] = areaSections(facts, notes);
  notes.push(...brokenZoneNotes(facts));
  const s5 = targetSection(facts);
  const s6 = dataNotes(facts, dedupe(notes));
  const cited = citedSources([s1, s2, s3, s4, s5, s6], summaryTable(facts), facts.sources);
  const appendix = [cited.summary, sourcesTable(cited.sources, facts.documentNames)];
  return {
    kind: analysisKind(facts.period),
    title: `${facts.period.label}${subject(facts.scopeName)}主要经济指标${analysisKind(facts.period)}`,
    titleLines: [`${facts.period.label}${subject(facts.scopeName)}`, `主要经济指标${analysisKind(facts.period)}`],
    periodLabel: facts.period.label,
    sections: cited.sections,
    appendix,
    sources: cited.sources,
    synthetic: facts.synthetic,
    ...(facts.period.choice ? { periodChoice: facts.period.choice } : {}),
  };
}

/**
 * 数据说明 on the zones left out of like-for-like 同比 for their own 口径调整 (growth.zones_series_break, int_series_breaks):
 * one note per indicator and set of zones, naming them with the break's note and every total of the report whose rate
 * leaves them out, with how many zones it compares (reader-qa7 F2: the report never said 旅顺 was left out).
 */
function brokenZoneNotes(facts: ReportFacts): DataNote[] {
  const groups = new Map<string, { indicator: string; zones: string; scopes: Array<{ name: string; compared: number }> }>();
  for (const m of [...facts.indicators, ...facts.cityDocuments, ...facts.cities, ...facts.regions]) {
    const rate = comparableGrowth(m, facts.period);
    if (!rate || rate.broken <= 0 || rate.comparable === null || !m.brokenZones) continue;
    const key = `${m.indicatorName}\u0000${m.brokenZones}`;
    const g = groups.get(key) ?? { indicator: m.indicatorName, zones: m.brokenZones, scopes: [] };
    if (!g.scopes.some((x) => x.name === m.name)) g.scopes.push({ name: m.name, compared: rate.comparable });
    groups.set(key, g);
  }
  return [...groups.values()].map((g) => ({ kind: "break" as const, text: reportMsg.brokenZones(g.indicator, g.zones, g.scopes) }));
}

/**
 * One note per disputed value (reader-qa3 F6: one ×10 typo gave four 不含… notes, one per scope, and two 需核实 notes, one
 * per flag): the 需核实 items on one value (entity, indicator, period) are joined, with each item's numbers and 标记号; the
 * totals the same held values leave incomplete are listed in one line — in the value's note when one value is held.
 */
/** A year's 1-12月 period as the year (「2024年1-12月」 → 「2024年」); any other period as it is. */
const yearOf = (period: string) => period.replace(/^(\d{4}年)1-12月$/, "$1");
/** data_quality's words for a held year form whose year took the other form; group 1 names the form used. */
const SUPERSEDED = /(?:年度值|1-12月累计值)(?:未标记|需核实)，本年取(\s*1-12月累计值|年度值)/;

function oneNotePerValue(notes: readonly DataNote[]): DataNote[] {
  const heldGroups = new Map<string, DataNote[]>();
  const valueGroups = new Map<string, DataNote[]>();
  const heldKey = (h: NonNullable<DataNote["held"]>) => JSON.stringify([h.period, h.indicator, h.names, h.count]);
  const add = (m: Map<string, DataNote[]>, key: string, n: DataNote) => m.set(key, [...(m.get(key) ?? []), n]);
  for (const n of notes) {
    if (n.held) add(heldGroups, heldKey(n.held), n);
    // A year's 年 value and its 1-12月 累计 are one figure (int_values_annual): their items are one note (stat-qa6 F2).
    if (n.value) add(valueGroups, JSON.stringify([n.value.entity, n.value.indicator, yearOf(n.value.period)]), n);
  }
  const out: DataNote[] = [];
  const merged = new Set<DataNote>();
  const absorbed = new Set<string>();
  for (const group of valueGroups.values()) {
    const v = group[0]!.value!;
    // The held group of this one value: one held value whose name (heldNames "锦州经济技术开发区，标记号 1，…") is this entity's.
    const held = [...heldGroups].find(([, g]) => g[0]!.held!.count === 1 && g[0]!.held!.period === v.period && g[0]!.held!.indicator === v.indicator && g[0]!.held!.names.startsWith(`${v.entity}，`));
    if (group.length === 1 && !held) continue;
    if (held) absorbed.add(held[0]);
    group.forEach((n) => merged.add(n));
    // Each item without its own lead (需核实：) and its own closing rule (核实前…), said once for the value.
    const details = group.map((n) => n.value!.detail.replace(/^需核实：/, "").replace(/；核实前该数值[\s\S]*$/, ""));
    // What the value does until checked, as data_quality's items said it before their closings were cut: held from the
    // sums, a denominator (a total: stat-qa4 F3 said a city total was 不计入各范围合计和占比), or summed and marked.
    // A held year form whose year took the other, clean one (data_quality: 「…未标记，本年取…」, 「年度值需核实，本年取 1-12月累计值…」)
    // is in no total: said so, never 「仍计入各范围合计」 (stat-qa6 F2).
    const used = group.map((n) => SUPERSEDED.exec(n.value!.detail)?.[1]).find(Boolean);
    // A year held as its two forms disagree says 「核实前本年不计入」 (data_quality): held too, whatever its flags' rules.
    const effect = group.some((n) => /；核实前该数值不计入|核实前本年不计入/.test(n.value!.detail)) ? "held" : v.total ? "total" : used ? "superseded" : "marked";
    out.push({ kind: "verify", text: reportMsg.verifyValue(v.entity, yearOf(v.period), v.indicator, details, held ? held[1].map((n) => n.held!.scope) : [], effect, used?.trim()), value: v });
  }
  for (const n of notes) {
    if (merged.has(n)) continue;
    if (n.held) {
      const key = heldKey(n.held);
      if (absorbed.has(key)) continue;
      const group = heldGroups.get(key)!;
      if (group.length > 1) {
        if (group[0] !== n) continue;
        out.push({ kind: "withheld", text: reportMsg.heldMarkedScopes(n.held.period, n.held.indicator, n.held.names, n.held.count, group.map((g) => g.held!.scope)) });
        continue;
      }
    }
    out.push(n);
  }
  return out;
}

function dedupe(notes: DataNote[]): DataNote[] {
  const seen = new Set<string>();
  return notes.filter((n) => (seen.has(n.text) ? false : (seen.add(n.text), true)));
}
