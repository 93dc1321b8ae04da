/**
 * The 季度分析 as data: what the marts say about one period (`ReportFacts`, every
 * number carrying the id of the mart row it came from) and the written document
 * (`ReportDocument`: sections of sentences and tables) that the HTML, Markdown and
 * Word renderers all print. No renderer adds a number of its own.
 */

/** One mart row a number came from: shown in the 数据来源 table, linked from the text. */
export interface SourceRow {
  /** Stable within one report: "s1", "s2", … in the order first used. */
  readonly id: string;
  /** Mart (or intermediate model) and the row's key in words. */
  readonly table: string;
  readonly key: string;
  /** The value as printed. */
  readonly value: string;
  /** Source files the value was computed from, "; "-separated. */
  readonly files: string;
  /** Data vintages (版本) of those files. */
  readonly vintage: string;
}

/** A number with the id of its source row. Shares and growth are fractions (0.348 = 34.8%). */
export interface Figure {
  readonly value: number;
  readonly ref: string;
}

/** The reporting period: a year-to-date label such as 2024年1-9月. */
export interface ReportPeriod {
  readonly label: string;
  readonly year: number;
  readonly endMonth: number;
  /** ISO dates. */
  readonly start: string;
  readonly end: string;
  /** The same period one year earlier (上年同期). */
  readonly previousLabel: string;
  /**
   * Why this period when none was asked for (choosePeriod): the first item of 数据说明, so the reader knows a later
   * quarter was passed over and why (held-qa finding 4). Absent when `--period` named it.
   */
  readonly choice?: string;
}

/** A scope's (or city's, region's, zone's) value of one indicator for the period, beside the same period a year earlier. */
export interface Measure {
  readonly code: string;
  readonly name: string;
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly unit: string;
  readonly current: Figure | null;
  /** Growth on the same basis and unit one year earlier (mart growth), a fraction. */
  readonly growth: Figure | null;
  /** Share of the province (or, for a region, of all zones), a fraction. */
  readonly share: Figure | null;
  readonly sharePrevious: Figure | null;
  /** Name of the total the share is of (辽宁省, 全省开发区合计). */
  readonly shareOf: string | null;
  /** The share's denominator (this year's or last year's) carries an open 审核 flag (shares.denominator_needs_check). */
  readonly shareDenominatorCheck?: boolean;
  /** Zones that reported and were expected, this period and a year earlier; null where not a sum over zones. */
  readonly reporting: {
    readonly current: number;
    readonly expected: number;
    readonly previous: number | null;
    readonly previousExpected: number | null;
    /** Values held out of the sum for check (int_scope_values.zones_held_for_check), this period and a year earlier; 0 when none. */
    readonly held?: number;
    readonly previousHeld?: number;
    /** The held values named: "四平红嘴经济开发区，标记号 2" joined with "；" (open ABOVE_PARENT flags). */
    readonly heldNames?: string;
    readonly previousHeldNames?: string;
  } | null;
  /** Why this and the previous year's figures are not comparable (zones joined or left the scope), or null. */
  readonly seriesBreak: string | null;
  /**
   * For a scope summed from its zones (growth mart comparison_basis like_for_like): how many zones `growth` compares —
   * those with a value, not held for check, in both years (growth.zones_compared). Absent or null for a reported total.
   */
  readonly zonesCompared?: number | null;
  /**
   * Zones with values in both years left out of that like-for-like rate because their own series breaks between the two
   * years (growth.zones_series_break; a declared 口径调整), and each named with its break's note: 「旅顺经济技术开发区（口径调整：…）」
   * joined with "；" (reader-qa7 F2). Absent or 0/null when none.
   */
  readonly zonesSeriesBreak?: number | null;
  readonly brokenZones?: string | null;
}

/** One target's position at the report period (mart target_status). */
export interface TargetFact {
  readonly targetId: string;
  readonly document: string;
  readonly clause: string;
  readonly phrase: string;
  /** For a share target, what it is a share of, in the bureau's words (占全省比重, 占全市比重), from its denominator (reader-qa7 F8). */
  readonly shareOf?: string | null;
  /** How a count target is made up when its document states an increase on the base: "（2016年8家 + 新升级2家）"; "" or absent otherwise. */
  readonly makeup?: string;
  readonly scopeName: string;
  readonly indicatorCode: string;
  readonly indicatorName: string;
  readonly kind: string;
  readonly comparator: string;
  readonly unit: string;
  readonly targetValue: number;
  readonly targetYear: number;
  readonly periodLabel: string;
  readonly basis: string;
  readonly actual: Figure | null;
  readonly expected: number | null;
  /** How target_status made `expected`: increment_fraction or linear (a schedule path), or target (no base: the target itself). */
  readonly expectedMethod: string | null;
  readonly gapToTarget: number | null;
  readonly gapToExpected: number | null;
  /** Growth per year (a fraction) still needed from the latest annual value, and that value's period. */
  readonly requiredGrowth: { readonly value: number; readonly periodLabel: string } | null;
  readonly status: string;
  /** status 'incomplete' because the figure waits for 核实 (target_status.awaits_check): read as 待核实, not 数据不全. */
  readonly awaitsCheck?: boolean;
  readonly reason: string | null;
  readonly isPartial: boolean;
  /** 「（可比口径，N 家）」 for a growth rate over fewer zones than the scope's, else "". */
  readonly likeForLike?: string;
  /** The latest year, after the target year up to this row's, in which the series breaks (口径变化); null when none. */
  readonly breakAfterDeadline?: number | null;
  /** For targets whose year has passed: the verdict at the target year (see target-verdicts.ts). */
  /** The deadline verdict; `denominatorCheck`: the name of a share's denominator under an open flag then (not judged);
   * `valuesCheck`: how many member values in the figure stand under an open flag that does not hold them (not judged). */
  readonly deadline: { readonly status: string; readonly periodLabel: string; readonly actual: number | null; readonly denominatorCheck?: string | null; readonly valuesCheck?: number;
    /** Not judged because the figure waits for 核实 (target_verdicts' 到期待核实). */
    readonly awaitsCheck?: boolean;
    /** A growth rate's zones compared like for like and the scope's zones that year (null for other kinds). */
    readonly zonesCompared?: number | null; readonly zonesInScope?: number | null } | null;
}

export interface ZoneFact {
  readonly code: string;
  readonly name: string;
  readonly level: string;
  readonly cityName: string;
  readonly value: Figure | null;
  readonly growth: Figure | null;
  /** The zone's own reported 比上年增长 (observations.measure 'yoy_pct'), a fraction; never used as 同比, only said to exist. */
  readonly reportedGrowth?: number | null;
  /** The growth mart's break note when the zone's 同比 is not computed across its own series break (口径调整); null otherwise. */
  readonly breakNote?: string | null;
  /**
   * The value is held out of the totals for check (int_held_values, as int_scope_values): then `value` and `growth`
   * are null — the zone is not listed or ranked by a value the totals leave out; 四 names it.
   */
  readonly held?: boolean;
  /** The open holding flag's number when one holds it; null for a hold without a flag (YEAR_FORMS_DIFFER). */
  readonly heldFlag?: number | null;
  /** That flag's rule (ABOVE_PARENT, INCREMENT_JUMP, JUMP_20X…): its reason is said beside the held value (kit/held-values.ts heldReason). */
  readonly heldRule?: string | null;
  /** The held value itself (亿元), for the sentence naming it; null when not held. */
  readonly heldValue?: number | null;
  /** A year held as its 年 value and 1-12月 累计 are twofold apart: both (亿元), named instead of heldValue. */
  readonly heldForms?: { readonly annual: number; readonly ytd: number } | null;
}

export interface DataNote {
  readonly kind: "period" | "partial" | "revision" | "break" | "conflict" | "verify" | "confirmed" | "vintage" | "withheld" | "missing";
  readonly text: string;
  readonly ref?: string;
  /** The same text as spans, each part linked to its own source row (a note about several numbers); used instead of `ref`. */
  readonly spans?: readonly Span[];
  /** A total marked 不含N个需核实数值 (withhold.ts heldMarked): what is held, for one note over every scope it affects. */
  readonly held?: { readonly period: string; readonly indicator: string; readonly names: string; readonly count: number; readonly scope: string };
  /** A 需核实 item (data_quality) about one value: its flags' items are joined into one note per value (reader-qa3 F6). */
  /** `total`: the value is a city's or the province's total (a denominator, never summed). */
  readonly value?: { readonly entity: string; readonly indicator: string; readonly period: string; readonly detail: string; readonly total?: boolean };
}

export interface ReportFacts {
  readonly period: ReportPeriod;
  /** The main scope (document 000's 全省省级以上经济开发区). */
  readonly scopeName: string;
  /** Key indicators of the main scope, in the bureau's order; GDP first. */
  readonly indicators: readonly Measure[];
  /** GDP of the scopes of city-level documents (document 001: 沈阳市), with their share of the city where the city's total exists. */
  readonly cityDocuments: readonly Measure[];
  /** GDP per city's zones and per region of document 004. */
  readonly cities: readonly Measure[];
  readonly regions: readonly Measure[];
  /** GDP per zone, for 分开发区. */
  readonly zones: readonly ZoneFact[];
  /** Zones that did not report a core indicator this period: zone name → indicator names. */
  readonly missing: ReadonlyArray<{ readonly zoneName: string; readonly indicators: readonly string[] }>;
  /** Land metrics of the main scope at the period end, when the period has them. */
  readonly land: ReadonlyArray<{ readonly name: string; readonly unit: string; readonly value: Figure }>;
  readonly targets: readonly TargetFact[];
  /** Notes the marts give (revisions, values to verify, vintages of provincial totals). */
  readonly notes: readonly DataNote[];
  readonly sources: readonly SourceRow[];
  readonly synthetic: boolean;
  /** How the text cites each document (file → 文件000 or 《标题》), from the documents seed; absent → the file number. */
  readonly documentNames?: Readonly<Record<string, string>>;
  /** The documents the region scopes come from (files; cited through documentNames). */
  readonly regionDocuments?: readonly string[];
}

/** A run of text; `ref` links it to its source row. */
export interface Span {
  readonly text: string;
  readonly ref?: string;
}

export type Paragraph = readonly Span[];

export interface ReportTable {
  readonly caption: string;
  readonly columns: readonly string[];
  /** Right-aligned columns (numbers). */
  readonly numeric: readonly boolean[];
  readonly rows: ReadonlyArray<ReadonlyArray<Span>>;
}

export interface ReportSection {
  readonly title: string;
  readonly paragraphs: readonly Paragraph[];
  readonly tables: readonly ReportTable[];
}

export interface ReportDocument {
  readonly title: string;
  /** The title broken where the bureau breaks it (two centred lines in Word). */
  readonly titleLines: readonly string[];
  readonly periodLabel: string;
  /** 季度分析, or 年度分析 for 1-12月 (the year): the document's name in its title, file name and the CLI's message. */
  readonly kind: string;
  readonly sections: readonly ReportSection[];
  /** 附表: 指标 | 本期累计 (全年 in a 年度分析) | 同比±% | 占全省% | 目标 | 差距, then the 数据来源 table. */
  readonly appendix: readonly ReportTable[];
  readonly sources: readonly SourceRow[];
  readonly synthetic: boolean;
  /** Why this period (the default's choice, 数据说明 1), for the site's page to say above the text; absent for --period. */
  readonly periodChoice?: string;
}
