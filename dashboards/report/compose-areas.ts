/**
 * 三 分地区 (per city's zones and per region of document 004) and 四 分开发区 (top
 * and bottom zones by level, by GDP and by growth; falling values; zones that did
 * not report). Regions have no official totals, so their share is of all zones.
 */
import { toFixedHalfUp } from "../../pipelines/publish/format.js";
import { heldReason } from "../kit/held-values.js";
import { reportMsg } from "./messages.js";
import type { DataNote, Measure, Paragraph, ReportFacts, ReportSection, Span, ZoneFact } from "./model.js";
import { comparableGrowth, sayable } from "./withhold.js";
import { amount, growthPhrase, isAnnual, joinList, percent } from "./wording.js";

/** "沈阳市省级以上经济开发区" → "沈阳市"; region scopes keep the region's name. */
export function areaName(scopeName: string): string {
  // A project's scope may be named 「…省级以上开发区」 (reader-qa7 F9: 「…省级以上开发区开发区实现…」).
  return scopeName.replace(/省级以上(经济)?开发区$/, "");
}

function growthSpans(g: { value: number; ref: string }): Span[] {
  const p = growthPhrase(g.value);
  return p.number ? [{ text: p.word }, { text: p.number, ref: g.ref }] : [{ text: "持平" }];
}

function listWithValues(items: readonly Measure[], pick: (m: Measure) => Span[]): Span[] {
  const spans: Span[] = [];
  items.forEach((m, i) => {
    spans.push({ text: `${i === 0 ? "" : i === items.length - 1 ? "和" : "、"}${areaName(m.name)}（` }, ...pick(m), { text: "）" });
  });
  return spans;
}

/**
 * Why an area's total is incomplete, as the cities page marks it: "（数据不全，不含1个需核实数值）",
 * "（数据不全，2家未报送）"; "" for a complete total.
 */
export function incompleteMark(m: Measure): string {
  const r = m.reporting;
  if (!r) return "";
  const held = r.held ?? 0;
  const missing = Math.max(0, r.expected - r.current - held);
  if (held === 0 && missing === 0) return "";
  return `（数据不全，${[missing > 0 ? `${missing}家未报送` : "", held > 0 ? `不含${held}个需核实数值` : ""].filter(Boolean).join("，")}）`;
}

/** An area's 同比 as 三 and 表1 give it: withhold.ts comparableGrowth (the same rule for 一 and 附表1). */
export function areaGrowth(m: Measure, period: ReportFacts["period"]): ReturnType<typeof comparableGrowth> {
  return comparableGrowth(m, period);
}

/** The label of a like-for-like rate over fewer zones than the area has (a rate over complete totals has none). */
const COMPARABLE = "可比口径";

function citySection(facts: ReportFacts, notes: DataNote[]): ReportSection {
  const paragraphs: Paragraph[] = [];
  // Shares of all zones against the main scope's total when it may be said — complete, or marked without held values.
  const gdp = facts.indicators.find((m) => m.indicatorCode === "gdp");
  const gdpSaid = gdp ? sayable(gdp, facts.period) : null;
  const total = gdp?.current && gdpSaid?.value ? gdp.current.value : null;
  for (const m of facts.regions) notes.push(...sayable(m, facts.period).notes);
  // A city whose zones did not all report is listed (a lower bound, its 同比 like for like): its note says so.
  for (const m of facts.cities) {
    const r = m.reporting;
    const listed = m.current && r && (r.held ?? 0) === 0 && r.current < r.expected;
    if (!listed) notes.push(...sayable(m, facts.period).notes);
    else {
      // One note for the city: 一's sentence of a city document's scope (the same city) left its 相关语句未列出 first.
      const note: DataNote = { kind: "withheld", text: reportMsg.partialArea(facts.period.label, m.name, m.indicatorName, r.current, r.expected, areaGrowth(m, facts.period)?.comparable ?? null) };
      const earlier = notes.findIndex((n) => n.text === reportMsg.partialCurrent(facts.period.label, m.name, m.indicatorName, r.current, r.expected));
      if (earlier >= 0) notes.splice(earlier, 1, note);
      else notes.push(note);
    }
  }
  // Complete totals rank as they are; an incomplete city with a partial sum ranks on it, marked as a lower bound (its true
  // place is no lower): reader-qa3 4 — 沈阳, left out, was second on its partial sum alone. A city with no sum at all
  // (every value held) is named as not ranked. Growth: complete totals' rates and partial ones' like-for-like rates (areaGrowth).
  const complete = facts.cities.filter((m) => m.current && sayable(m, facts.period).value && !incompleteMark(m));
  const partial = facts.cities.filter((m) => !complete.includes(m) && m.current && incompleteMark(m));
  const unranked = facts.cities.filter((m) => !complete.includes(m) && !partial.includes(m));
  const ranked = [...complete, ...partial];
  // 同比 over complete totals, and for an incomplete total its like-for-like rate (可比口径), ranked with the others as the
  // site's 城市与区域 page lists them; a city with neither is named as left out.
  const growthOf = new Map(facts.cities.map((m) => [m, areaGrowth(m, facts.period)] as const));
  const lfl = (m: Measure): Span[] => {
    const g = growthOf.get(m)!;
    return [...growthSpans(g.figure), ...(g.comparable !== null ? [{ text: `，${COMPARABLE}` }] : [])];
  };
  if (ranked.length) {
    const byValue = [...ranked].sort((a, b) => b.current!.value - a.current!.value);
    const comparable = ranked.filter((m) => growthOf.get(m));
    const byGrowth = [...comparable].sort((a, b) => growthOf.get(b)!.figure.value - growthOf.get(a)!.figure.value);
    // One 数据不全 mark per city in 三 (stat-qa F12): the paragraph after this sentence; here the sum is said as a lower bound.
    const bound = (m: Measure): Span[] =>
      partial.includes(m)
        ? [{ text: "已报送部分" }, { text: amount(m.current!.value, m.unit), ref: m.current!.ref }, { text: "，为下限" }]
        : [{ text: amount(m.current!.value, m.unit), ref: m.current!.ref }];
    // "居前三位" only over three or more; two cities are said as their order, one as itself (stat-qa3 F13).
    const lead = byValue.length >= 3 ? "居前三位的是" : byValue.length === 2 ? "由高到低依次是" : "有数据的只有";
    const spans: Span[] = [{ text: `分市看，开发区地区生产总值${lead}` }, ...listWithValues(byValue.slice(0, 3), bound)];
    if (byGrowth.length >= 2) {
      const hi = byGrowth[0]!;
      const lo = byGrowth[byGrowth.length - 1]!;
      const left = facts.cities.filter((m) => !comparable.includes(m));
      const except = left.length ? `（不含没有可比数据的${joinList(left.map((m) => areaName(m.name)))}）` : "";
      const than = isAnnual(facts.period) ? "比上年" : "同比";
      // Rates that print alike are a tie: "各市均增长4.8%", never "最高…4.8%，最低…4.8%" (reader-qa 4).
      if (toFixedHalfUp(growthOf.get(hi)!.figure.value * 100, 1) === toFixedHalfUp(growthOf.get(lo)!.figure.value * 100, 1)) spans.push({ text: `；各市${except}均` }, ...growthSpans(growthOf.get(hi)!.figure));
      else spans.push({ text: `；${isAnnual(facts.period) ? "" : "同比"}增速${except}最高的是${areaName(hi.name)}（` }, ...lfl(hi), { text: `），最低的是${areaName(lo.name)}（` }, ...lfl(lo), { text: "）" });
      const down = byGrowth.filter((m) => growthPhrase(growthOf.get(m)!.figure.value).word === "下降");
      if (down.length) spans.push({ text: `；${than}下降的有${down.length}个市：${joinList(down.map((m) => areaName(m.name)))}` });
    }
    spans.push({ text: "。" });
    paragraphs.push(spans);
  }
  const why = (m: Measure) => `${areaName(m.name)}开发区合计${incompleteMark(m).replace(/^（数据不全，(.*)）$/, "数据不全（$1）") || "数据不全"}`;
  if (partial.length) {
    // 「不会更后」 holds for one partial city among complete ones: with two, either may pass the other once complete
    // (stat-qa7 F12).
    const rankWords = partial.length === 1 ? "已报送部分是下限，实际位次不会更后" : "已报送部分是下限，这些市的实际位次可能不同";
    paragraphs.push([{ text: `${partial.map(why).join("；")}，按已报送部分排列：${rankWords}，见表1和“数据说明”。` }]);
  }
  if (unranked.length) {
    paragraphs.push([{ text: `${unranked.map(why).join("；")}，没有可排列的合计，未参与排列，见表1和“数据说明”。` }]);
  }
  // What 可比口径 compares, with how many zones for each city so compared (the growth mart's zones_compared).
  const likeForLike = facts.cities.filter((m) => growthOf.get(m)?.comparable != null);
  if (likeForLike.length) {
    // A zone left out for 口径调整 is said as such, not as unreported (reader-qa7 F2).
    const count = (m: Measure) => {
      const g = growthOf.get(m)!;
      return g.broken > 0 ? `${g.comparable}家（共${g.expected}家，${g.broken}家口径调整${g.expected - g.comparable! - g.broken > 0 ? `，${g.expected - g.comparable! - g.broken}家上年未报送` : ""}）` : `${g.comparable}家（应报${g.expected}家）`;
    };
    const anyBroken = likeForLike.some((m) => growthOf.get(m)!.broken > 0);
    paragraphs.push([{ text: `标“${COMPARABLE}”的${isAnnual(facts.period) ? "比上年增速" : "同比"}只比较两年都有数据的开发区${anyBroken ? "，不含口径调整、与上年不可比的开发区" : ""}（与网站“城市与区域”页相同）：${likeForLike.map((m) => `${areaName(m.name)}${count(m)}`).join("，")}。` }]);
  }
  for (const m of facts.regions) {
    const said = sayable(m, facts.period);
    if (!m.current || !said.value) {
      // Not silently dropped: the region is named with why its total is not given — one 数据不全, and its like-for-like
      // rate when the growth mart has one (as the site's region table gives it).
      const g = areaGrowth(m, facts.period);
      const mark = incompleteMark(m).replace(/^（数据不全，(.*)）$/, "（$1）");
      const rate: Span[] = g ? [{ text: `；按${COMPARABLE}（两年都有数据的${g.comparable}家开发区），${isAnnual(facts.period) ? "比上年" : "同比"}` }, ...growthSpans(g.figure)] : [];
      paragraphs.push([{ text: `${areaName(m.name)}开发区地区生产总值合计数据不全${mark}，未列出` }, ...rate, { text: "，见“数据说明”。" }]);
      continue;
    }
    const spans: Span[] = [{ text: `${areaName(m.name)}开发区实现地区生产总值` }, { text: amount(m.current.value, m.unit), ref: m.current.ref }];
    if (said.mark) spans.push({ text: `（${said.mark}）` });
    // Its like-for-like rate when last year is partial or a zone is left out for 口径调整, as a city's (reader-qa7 F3).
    const g = areaGrowth(m, facts.period);
    if (g) spans.push({ text: isAnnual(facts.period) ? "，比上年" : "，同比" }, ...growthSpans(g.figure), ...(g.comparable !== null ? [{ text: `（${COMPARABLE}，${g.comparable}家）` }] : []));
    if (total) spans.push({ text: "，占全省开发区的" }, { text: percent(m.current.value / total), ref: m.current.ref });
    spans.push({ text: "。" });
    paragraphs.push(spans);
  }
  if (facts.regions.length) notes.push({ kind: "partial", text: reportMsg.regionShare() });
  if (total && gdpSaid?.mark) notes.push({ kind: "partial", text: reportMsg.heldShareBase(gdpSaid.mark) });
  if (!paragraphs.length) paragraphs.push([{ text: "本期没有分地区数据。" }]);
  // One 数据不全 mark a row, on the city (stat-qa F12: 「（数据不全，2家未报送）」 on the value and 「（数据不全）」 on the share);
  // a like-for-like 同比 says 可比口径 (what it compares is said above the table).
  const rows = facts.cities.map((m) => {
    const mark = incompleteMark(m);
    const g = growthOf.get(m);
    return [
      { text: `${areaName(m.name)}${mark}` },
      m.current ? { text: amount(m.current.value, ""), ref: m.current.ref } : { text: "—" },
      g ? { text: `${toFixedHalfUp(g.figure.value * 100, 1)}${g.comparable !== null ? `（${COMPARABLE}）` : ""}`, ref: g.figure.ref } : { text: "—" },
      total && m.current ? { text: toFixedHalfUp((m.current.value / total) * 100, 1), ref: m.current.ref } : { text: "—" },
    ];
  });
  return {
    title: "三、分地区情况",
    paragraphs,
    tables: rows.length ? [{ caption: `表1　${facts.period.label}各市开发区地区生产总值${total && gdpSaid?.mark ? `（占全省开发区%的分母为${gdpSaid.mark}的全省开发区合计）` : ""}`, columns: ["市", "地区生产总值（亿元）", "同比±%", "占全省开发区%"], numeric: [false, true, true, true], rows }] : [],
  };
}

/** A reported rate as the bureau writes it: 0.065 → "增长6.5%", −0.012 → "下降1.2%". */
function reportedText(rate: number): string {
  const p = growthPhrase(rate);
  return p.number ? `${p.word}${p.number}` : "持平";
}

function zoneList(zs: readonly ZoneFact[], pick: (z: ZoneFact) => Span[]): Span[] {
  const spans: Span[] = [];
  zs.forEach((z, i) => spans.push({ text: `${i === 0 ? "" : i === zs.length - 1 ? "和" : "、"}${z.name}（` }, ...pick(z), { text: "）" }));
  return spans;
}

function zoneSection(facts: ReportFacts, notes: DataNote[]): ReportSection {
  const paragraphs: Paragraph[] = [];
  const value = (z: ZoneFact): Span[] => [{ text: amount(z.value!.value, "亿元"), ref: z.value!.ref }];
  const growth = (z: ZoneFact): Span[] => growthSpans(z.growth!);
  for (const level of ["国家级", "省级"]) {
    const zs = facts.zones.filter((z) => z.level === level && z.value);
    if (!zs.length) continue;
    const n = level === "国家级" ? 3 : 5;
    // The level's count includes its held zones, said apart: 10 国家级 with 2 held is "10家，其中2家需核实未参与排列", not "8家".
    const heldHere = facts.zones.filter((z) => z.level === level && z.held).length;
    const count = heldHere ? `${zs.length + heldHere}家，其中${heldHere}家需核实未参与排列` : `${zs.length}家`;
    const byValue = [...zs].sort((a, b) => b.value!.value - a.value!.value);
    const withGrowth = zs.filter((z) => z.growth);
    const byGrowth = [...withGrowth].sort((a, b) => b.growth!.value - a.growth!.value);
    // Top and bottom n only when they cannot overlap (2n zones or more); else every zone once, from high to low.
    const spans: Span[] =
      zs.length >= 2 * n
        ? [{ text: `${level}开发区（${count}）中，地区生产总值居前${n}位的是` }, ...zoneList(byValue.slice(0, n), value), { text: `，居后${n}位的是` }, ...zoneList(byValue.slice(-n).reverse(), value)]
        : [{ text: `${level}开发区（${count}）地区生产总值从高到低依次为` }, ...zoneList(byValue, value)];
    // Rates that print alike (one decimal) are a tie: no ranking to tell.
    const printed = new Set(byGrowth.map((z) => toFixedHalfUp(z.growth!.value * 100, 1)));
    // Over the zones with a 同比 only, said with how many and why the others have none (reader-qa7 F2: 「国家级开发区（6家）中
    // ……同比增速均为5.0%」 counted a zone whose 同比 is left out for 口径调整).
    const uncompared = zs.filter((z) => !z.growth);
    const over = uncompared.length && byGrowth.length > 1 ? `可比的${byGrowth.length}家` : "";
    const why = uncompared.length && byGrowth.length > 1
      ? `（${uncompared.map((z) => `${z.name}${z.breakNote ? "口径调整，与上年不可比" : "没有可比的上年数值"}`).join("；")}）`
      : "";
    if (byGrowth.length > 1 && printed.size === 1) spans.push({ text: `；${over}同比增速均为${[...printed][0]}%${why}` });
    else if (byGrowth.length >= 2 * n) spans.push({ text: `；${over ? `${over}中，` : ""}同比增速居前${n}位的是` }, ...zoneList(byGrowth.slice(0, n), growth), { text: `，居后${n}位的是` }, ...zoneList(byGrowth.slice(-n).reverse(), growth), { text: why });
    else if (byGrowth.length > 1) spans.push({ text: `；${over ? `${over}` : ""}同比增速从高到低依次为` }, ...zoneList(byGrowth, growth), { text: why });
    // No computed 同比 for a zone: its own reported rate, marked 填报, in the same order (not ranked: a reported
    // rate may be at comparable prices and is not set against computed ones; REPORTED_NOTE in kit/format.ts).
    const reportedOnly = byValue.filter((z) => !z.growth && z.reportedGrowth != null);
    if (reportedOnly.length) spans.push({ text: `；${withGrowth.length ? "没有可比上年同期数值的开发区" : "各开发区"}报表填报的增速（标“填报”）为` }, ...zoneList(reportedOnly, (z) => [{ text: `${reportedText(z.reportedGrowth!)}，填报` }]));
    spans.push({ text: "。" });
    paragraphs.push(spans);
  }
  const falling = facts.zones.filter((z) => z.growth && growthPhrase(z.growth.value).word === "下降").sort((a, b) => a.growth!.value - b.growth!.value);
  // "None fell" needs growth to have been computed; without any 同比 that is what is said.
  const anyGrowth = facts.zones.some((z) => z.value && z.growth);
  // Reported rates (比上年增长(%) columns) exist but are not 同比: said, so the reader does not think them lost.
  // As listed above: zones with a value (a held zone has none there and its rate is not listed).
  const reported = facts.zones.filter((z) => z.value && z.growth === null && z.reportedGrowth != null).length;
  if (!anyGrowth) paragraphs.push([{ text: `本期各开发区地区生产总值没有可比的上年同期数据，未计算同比${reported ? `；以上${reported}家开发区的增速为报表填报数（标“填报”），可能按可比价计算，与按数值计算的同比口径不同，不参与排名和合计，全省和各市合计也因此没有同比` : ""}。` }]);
  else paragraphs.push(falling.length ? [{ text: `地区生产总值同比下降的开发区有${falling.length}家：` }, ...zoneList(falling, growth), { text: "。" }] : [{ text: "本期没有地区生产总值同比下降的开发区。" }]);
  const held = facts.zones.filter((z) => z.held);
  if (held.length) paragraphs.push([{ text: `另有${held.length}个开发区的地区生产总值需核实，核实前不计入合计、不参与排列：${held.map((z) => z.heldForms
    ? `${z.name}（年度值${amount(z.heldForms.annual, "亿元")}与1-12月累计值${amount(z.heldForms.ytd, "亿元")}相差一倍以上）`
    : `${z.name}（填报${amount(Number(z.heldValue), "亿元")}，${z.heldFlag != null ? `标记号 ${z.heldFlag}，` : ""}${heldReason(z.heldRule)}）`).join("；")}。` }]);
  if (facts.missing.length) {
    paragraphs.push([{ text: `本期未报送的开发区有${facts.missing.length}家：${facts.missing.map((m) => `${m.zoneName}（${m.indicators.join("、")}）`).join("；")}。` }]);
    notes.push({ kind: "missing", text: `${facts.period.label}有${facts.missing.length}家开发区未报送全部主要指标，涉及的合计和占比按“部分报送”处理。` });
  } else paragraphs.push([{ text: "本期各开发区均报送了主要指标。" }]);
  return { title: "四、分开发区情况", paragraphs, tables: [] };
}

/** Sections 三 and 四. */
export function areaSections(facts: ReportFacts, notes: DataNote[]): [ReportSection, ReportSection] {
  return [citySection(facts, notes), zoneSection(facts, notes)];
}
