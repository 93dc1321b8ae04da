/**
 * Drawn charts kept with the site version that shows them, keyed by what they are
 * drawn from (the Vega-Lite spec and its rows): a page that must be rebuilt because
 * its text changed (a new quarter's table, the shell's freshness line) reuses every
 * chart whose spec and rows did not change instead of drawing it again. The SVG
 * stays inline in the page, so phones, print and screen readers see exactly what a
 * from-scratch publish gives them (tests/publish/incremental-pages.test.ts checks
 * the bytes).
 *
 * Layout: `<version>/.zonestat-charts/<key>.svg`, key = sha256 of the spec and rows
 * (32 hex digits); the raw renderer output, before a page scopes its ids and adds
 * its labels. A version holds exactly the charts its pages use: unchanged ones are
 * hard-linked from the previous version, so the cache never outgrows the site.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { ChartRenderer } from "./render-pool.js";
import { linkOrCopy } from "./site-dir.js";

export const CHART_CACHE_DIR = ".zonestat-charts";
/** Which charts each page shows, `{ "zones/X.html": [key, …] }`: which pages drew anything is what a new version adds. */
export const CHART_PAGES_FILE = "pages.json";

const keys = new WeakMap<object, { rows: readonly Record<string, unknown>[]; key: string }>();
const rowsText = new WeakMap<readonly Record<string, unknown>[], string>();

/** What a chart is drawn from, as a file-name-safe key (computed once per spec object: a draft's specs are not changed after drafting). */
export function chartKey(spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]): string {
  const known = keys.get(spec);
  if (known && known.rows === rows) return known.key;
  // The rows' text once per rows array: a figure's phone drawing (narrowSpec, a new spec) has the same rows as the wide one.
  let text = rowsText.get(rows);
  if (text === undefined) rowsText.set(rows, (text = JSON.stringify(rows)));
  const key = createHash("sha256").update(JSON.stringify(spec)).update("\u0000").update(text).digest("hex").slice(0, 32);
  keys.set(spec, { rows, key });
  return key;
}

export interface CachedCharts {
  render: ChartRenderer["render"];
  /** Charts drawn this time (not found in the previous version). */
  readonly drawn: number;
  /** Charts taken from the previous version (or drawn earlier in this publish). */
  readonly reused: number;
  /** A page carried over unchanged: its charts are linked into the new version too, for later publishes to reuse. */
  carry(spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]): void;
  /** The same by key (a carried page's keys as the previous version's pages.json lists them, its phone drawings included). */
  carryKey(key: string): void;
  /** Whether the last `render` call of the given key was drawn, for counting pages that drew anything. */
  wasDrawn(key: string): boolean;
}

/**
 * Wraps `renderer`: a chart already in `previous` (the published version's folder) is
 * linked into `staging` and read back; any other is drawn and written there. Two
 * requests for the same chart within one publish draw it once.
 */
export function cachedCharts(renderer: Pick<ChartRenderer, "render">, previous: string | undefined, staging: string, trusted?: (file: string) => boolean): CachedCharts {
  // A previous drawing is taken only while it is as published (site-manifest.ts), when that is known.
  const usable = (file: string | undefined): file is string => !!file && existsSync(file) && (trusted?.(file) ?? true);
  const into = path.join(staging, CHART_CACHE_DIR);
  mkdirSync(into, { recursive: true });
  const from = previous ? path.join(previous, CHART_CACHE_DIR) : undefined;
  const inFlight = new Map<string, Promise<string>>();
  const drawnKeys = new Set<string>();
  let drawn = 0;
  let reused = 0;
  return {
    get drawn() {
      return drawn;
    },
    get reused() {
      return reused;
    },
    wasDrawn: (key) => drawnKeys.has(key),
    carry(spec, rows) {
      this.carryKey(chartKey(spec, rows));
    },
    carryKey(key) {
      const file = path.join(into, `${key}.svg`);
      const old = from ? path.join(from, `${key}.svg`) : undefined;
      if (!inFlight.has(key) && usable(old) && !existsSync(file)) linkOrCopy(old, file);
    },
    render(spec, rows) {
      const key = chartKey(spec, rows);
      const known = inFlight.get(key);
      if (known) {
        reused++;
        return known;
      }
      const file = path.join(into, `${key}.svg`);
      const old = from ? path.join(from, `${key}.svg`) : undefined;
      let p: Promise<string>;
      if (existsSync(file)) {
        reused++; // carried over with an unchanged page, or drawn, earlier in this publish
        p = Promise.resolve(readFileSync(file, "utf8"));
      } else if (usable(old)) {
        reused++;
        linkOrCopy(old, file);
        p = Promise.resolve(readFileSync(file, "utf8"));
      } else {
        drawn++;
        drawnKeys.add(key);
        p = renderer.render(spec, rows).then((svg) => {
          writeFileSync(file, svg);
          return svg;
        });
      }
      inFlight.set(key, p);
      // Once its file is written a later request reads the file: a publish does not hold every drawing it made in memory
      // (5,086 at national scale). A failed one stays, so every request for it fails alike.
      p.then(() => inFlight.get(key) === p && inFlight.delete(key), () => {});
      return p;
    },
  };
}

/** The previous version's `pages.json` (page → chart keys), or {} when it has none. */
export function previousChartPages(previous: string | undefined): Record<string, string[]> {
  const file = previous ? path.join(previous, CHART_CACHE_DIR, CHART_PAGES_FILE) : undefined;
  if (!file || !existsSync(file)) return {};
  try {
    return JSON.parse(readFileSync(file, "utf8")) as Record<string, string[]>;
  } catch {
    return {};
  }
}

/**
 * The bytes of the drawings the previous version's page showed (its pages.json keys), 0 for a page it did not list:
 * how much drawing a page may bring, for the publish to draft the heaviest first. Only an order: a missing file counts 0.
 */
export function previousChartBytes(previous: string | undefined, keys: readonly string[] | undefined): number {
  if (!previous || !keys) return 0;
  let bytes = 0;
  for (const k of keys) {
    try {
      bytes += statSync(path.join(previous, CHART_CACHE_DIR, `${k}.svg`)).size;
    } catch {
      // not there: nothing to weigh
    }
  }
  return bytes;
}
