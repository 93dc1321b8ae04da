/**
 * The site's fixed colours: one per indicator and one per zone type, set here and
 * nowhere else, so 地区生产总值 is the same blue on every chart. Charts take them
 * through `colourScale`, which gives a Vega-Lite scale with a fixed domain.
 */
export const INDICATOR_COLOUR: Record<string, string> = {
  地区生产总值: "#1f5fa8",
  一般公共预算收入: "#c26d00",
  固定资产投资: "#2e8540",
  工业总产值: "#7b3fa0",
  出口额: "#b3261e",
  实际利用外资: "#0f8a8a",
  进出口总额: "#8a5a00",
  税收收入: "#5b6f00",
  工业增加值: "#a03f6b",
};

export const ZONE_TYPE_COLOUR: Record<string, string> = {
  经济技术开发区: "#1f5fa8",
  经济开发区: "#2e8540",
  高新技术产业开发区: "#c26d00",
  边境经济合作区: "#7b3fa0",
  综合保税区: "#0f8a8a",
};

const FALLBACK = "#5b5b60";

/** A Vega-Lite `scale` for a colour channel over these names: domain in the given order, each name's fixed colour. */
export function colourScale(names: Iterable<unknown>, palette: Record<string, string> = INDICATOR_COLOUR): { domain: string[]; range: string[] } {
  const domain = [...new Set([...names].map((n) => String(n)))];
  return { domain, range: domain.map((n) => palette[n] ?? FALLBACK) };
}

export function indicatorColour(name: unknown): string {
  return INDICATOR_COLOUR[String(name ?? "")] ?? FALLBACK;
}

export function zoneTypeColour(type: unknown): string {
  return ZONE_TYPE_COLOUR[String(type ?? "")] ?? FALLBACK;
}
