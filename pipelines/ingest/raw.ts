/**
 * What a reader produces: cell-level values still as text, with where they came
 * from. Resolution into typed facts happens once, in `resolve.ts`, for every layout.
 */
import type { LineKind } from "./accounting.js";
import type { Period } from "./periods.js";

export interface RawValue {
  readonly line: number;
  /** Spreadsheet column letter of the value cell. */
  readonly column: string;
  readonly entityText: string;
  /** Column letter of the cell the entity was read from, when a row names it (errors about the name point there). */
  readonly entityColumn?: string;
  readonly cityText?: string;
  /** Column letter of the 所在市 cell, when the table has one. */
  readonly cityColumn?: string;
  readonly indicatorText: string;
  readonly unitText?: string;
  readonly periodText: string;
  readonly period: Period | undefined;
  readonly basisText?: string;
  readonly vintageText?: string;
  readonly valueText: string;
}

/** A 合计 row: not loaded, only checked against the rows it totals. */
export interface TotalValue {
  readonly line: number;
  readonly column: string;
  readonly indicatorText: string;
  readonly valueText: string;
}

export interface ReadResult {
  readonly title: string | undefined;
  readonly values: RawValue[];
  readonly totals: TotalValue[];
  /** What each row (by its first line) was recognised as, for row accounting; rows absent were not read. */
  readonly lineKinds?: Map<number, LineKind>;
  /** The kinds of unit the entity column holds by its own header (开发区名称 → zones only), if it says. */
  readonly entityKinds?: readonly string[];
}
