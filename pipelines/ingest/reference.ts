/**
 * Reference data the ingester resolves names against: entities (country, provinces,
 * cities, regions, zones), indicators and units, read from the CSV seeds in
 * `sources/seeds/` — the same files the model engine loads as tables.
 */
import path from "node:path";
import { readSeedCsv } from "../seed-csv.js";

export type EntityKind = "country" | "province" | "city" | "county" | "region" | "zone" | "scope";

export interface Entity {
  readonly code: string;
  readonly name: string;
  readonly kind: EntityKind;
  readonly parentCode: string;
}

export interface Indicator {
  readonly code: string;
  readonly name: string;
  readonly unit: string;
  readonly kind: "flow" | "stock" | "rate";
  readonly defaultBasis: "ytd" | "period" | "level";
}

export interface Unit {
  readonly unit: string;
  readonly dimension: string;
  readonly factor: number;
  readonly canonical: string;
}

export interface Reference {
  /** The one entity a name, short name, alias or code means; undefined when unknown or ambiguous. */
  entity(text: string): Entity | undefined;
  /** Every entity a name answers to, when more than one does (then `entity` is undefined). */
  candidates(text: string): readonly Entity[];
  entityByCode(code: string): Entity | undefined;
  indicator(text: string): Indicator | undefined;
  unit(text: string): Unit | undefined;
  /** Canonical unit for a dimension (e.g. usd → 亿美元). */
  canonicalUnit(dimension: string): Unit | undefined;
  readonly entities: readonly Entity[];
  readonly indicators: readonly Indicator[];
}

/** Folds full-width forms and removes spaces, so 辽宁省 and ＂辽宁省 ＂ match. */
export function nameKey(s: string): string {
  return s.normalize("NFKC").replace(/[\s\u3000]+/g, "").replace(/[()（）]/g, (c) => (c === "（" ? "(" : c === "）" ? ")" : c)).toLowerCase();
}

const cache = new Map<string, Reference>();

export function loadReference(seedDir: string): Reference {
  const hit = cache.get(seedDir);
  if (hit) return hit;
  const entities: Entity[] = [];
  const byName = new Map<string, Entity>();
  const byCode = new Map<string, Entity>();
  // A name that two entities answer to (two zones' short name 高新区, a zone that is also a county) is never
  // resolved to either: it is reported with its candidates.
  const ambiguous = new Map<string, Entity[]>();
  const add = (e: Entity, names: string[]) => {
    entities.push(e);
    byCode.set(e.code, e);
    byName.set(nameKey(e.code), e);
    for (const n of names) {
      if (!n) continue;
      const k = nameKey(n);
      const prior = byName.get(k);
      if (prior && prior.code !== e.code) ambiguous.set(k, [...(ambiguous.get(k) ?? [prior]), e]);
      else byName.set(k, e);
    }
  };
  for (const r of readSeedCsv(path.join(seedDir, "regions.csv"))) {
    add({ code: r.code!, name: r.name!, kind: r.kind as EntityKind, parentCode: r.parent_code ?? "" }, [r.name!, ...(r.aliases ?? "").split("|")]);
  }
  for (const r of readSeedCsv(path.join(seedDir, "zones.csv"))) {
    add({ code: r.code!, name: r.name!, kind: "zone", parentCode: r.city_code ?? "" }, [r.name!, r.short_name ?? "", ...(r.aliases ?? "").split("|")]);
  }
  // Scopes are entities too: documents and commerce departments report their aggregates directly.
  for (const r of readSeedCsv(path.join(seedDir, "scopes.csv"))) {
    add({ code: r.code!, name: r.name!, kind: "scope", parentCode: r.jurisdiction_code ?? "" }, [r.name!, ...(r.aliases ?? "").split("|")]);
  }
  const indicators: Indicator[] = [];
  const indByName = new Map<string, Indicator>();
  for (const r of readSeedCsv(path.join(seedDir, "indicators.csv"))) {
    const ind: Indicator = { code: r.code!, name: r.name!, unit: r.unit!, kind: r.kind as Indicator["kind"], defaultBasis: r.default_basis as Indicator["defaultBasis"] };
    indicators.push(ind);
    for (const n of [r.code!, r.name!, r.name_en ?? "", ...(r.aliases ?? "").split("|")]) if (n) indByName.set(nameKey(n), ind);
  }
  const units = new Map<string, Unit>();
  const canonical = new Map<string, Unit>();
  for (const r of readSeedCsv(path.join(seedDir, "units.csv"))) {
    const u: Unit = { unit: r.unit!, dimension: r.dimension!, factor: Number(r.factor), canonical: r.canonical! };
    for (const n of [r.unit!, ...(r.aliases ?? "").split("|")]) if (n) units.set(nameKey(n), u);
    if (u.factor === 1 && u.unit === u.canonical && !canonical.has(u.dimension)) canonical.set(u.dimension, u);
  }
  const ref: Reference = Object.freeze({
    entities,
    indicators,
    entity: (t: string) => (ambiguous.has(nameKey(t)) ? undefined : byName.get(nameKey(t))),
    candidates: (t: string) => ambiguous.get(nameKey(t)) ?? [],
    entityByCode: (c: string) => byCode.get(c),
    indicator: (t: string) => indByName.get(nameKey(t)),
    unit: (t: string) => units.get(nameKey(t)),
    canonicalUnit: (d: string) => canonical.get(d),
  });
  cache.set(seedDir, ref);
  return ref;
}
