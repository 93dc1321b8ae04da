/**
 * The zone register of a project (`sources/seeds/zones.csv`): read and validated
 * on every build, listed and extended by `zonestat zones list|add`.
 *
 * Columns: code, name, short_name, aliases (|-separated), level (国家级|省级),
 * type (经济技术开发区 …), city_code (a city of regions.csv), source.
 */
import { appendFileSync, existsSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { ZonestatError } from "../errors.js";
import { readSeedCsv } from "../seed-csv.js";
import { checkSeedShape, dataLineNumbers, SeedProblems } from "../seed-problems.js";
import { seedMsg } from "../seed-messages.js";
import { initMsg } from "./messages.js";
import { projectProvince } from "./project-province.js";

export const ZONE_LEVELS = ["国家级", "省级"] as const;
/** Zone types as the commerce and science ministries name them. */
export const ZONE_TYPES = ["经济技术开发区", "经济开发区", "高新技术产业开发区", "边境经济合作区", "综合保税区", "出口加工区", "保税区", "旅游度假区", "其他开发区"] as const;
/** The short forms statisticians write for a type (高新区), and the type each means; zones.csv keeps the full type. */
export const ZONE_TYPE_SHORT: Readonly<Record<string, (typeof ZONE_TYPES)[number]>> = {
  经开区: "经济技术开发区", 国家级经开区: "经济技术开发区", 经济技术开发区: "经济技术开发区",
  高新区: "高新技术产业开发区", 高新技术开发区: "高新技术产业开发区", 高新技术产业园区: "高新技术产业开发区",
  边合区: "边境经济合作区", 综保区: "综合保税区",
};

/**
 * A type as written by a user → the register's full type, or undefined when it is not one. 经开区 names the
 * national 经济技术开发区 only for a 国家级 zone: a 省级 经开区 is an 经济开发区 (the national designation is the
 * State Council's), so with `level` 省级 it reads 经济开发区.
 */
export function zoneType(text: string, level?: string): (typeof ZONE_TYPES)[number] | undefined {
  const t = text.trim();
  if (t === "经开区" && level === "省级") return "经济开发区";
  return (ZONE_TYPES as readonly string[]).includes(t) ? (t as (typeof ZONE_TYPES)[number]) : ZONE_TYPE_SHORT[t];
}

export const ZONE_COLUMNS = ["code", "name", "short_name", "aliases", "level", "type", "city_code", "source"] as const;

/** Column names as a statistician reads them in messages. */
const LABEL: Record<string, string> = { code: "代码", name: "全称", level: "级别", type: "类型", city_code: "所在市代码", city: "所在市", valid_from: "设立或纳入统计日期（--since）" };

export type ZoneRow = Record<(typeof ZONE_COLUMNS)[number], string>;

/**
 * Reads zones.csv and checks every row: a non-empty unique code, a name, 国家级/省级, a
 * known type, a city of regions.csv in the project's own province (`headlineScope`
 * names it, see project-province.ts). Every bad row is collected and thrown together
 * (ZONES_INVALID; ZONES_OTHER_PROVINCE when the only problems are zones in another
 * province's cities), each naming line, column, value and what was expected.
 */
export function loadZones(seedDir: string, headlineScope?: string): ZoneRow[] {
  const file = path.join(seedDir, "zones.csv");
  const rel = path.join("sources", "seeds", "zones.csv");
  const rows = readSeedCsv(file) as ZoneRow[];
  const regions = readSeedCsv(path.join(seedDir, "regions.csv"));
  const cities = new Map(regions.filter((r) => r.kind === "city").map((r) => [r.code!, r]));
  const provinceNames = new Map(regions.filter((r) => r.kind === "province").map((r) => [r.code!, r.name!]));
  const province = projectProvince(seedDir, headlineScope);
  const seen = new Set<string>();
  // Data lines are counted from the file itself, skipping comments, so the line is the editor's line.
  const text = readFileSync(file, "utf8");
  const dataLines = dataLineNumbers(text);
  const problems = new SeedProblems(rel, "ZONES_INVALID");
  // Every column the build reads (stg_zones) must be there; rows are checked only when the header is whole.
  if (!checkSeedShape(text, ZONE_COLUMNS, problems)) problems.throwIfAny();
  let otherProvince = 0;
  rows.forEach((z, k) => {
    const line = dataLines[k];
    const bad = (column: string, expected: string) => problems.add({ line, column, value: z[column as keyof ZoneRow] ?? "", expected, message: initMsg.zoneInvalid(LABEL[column] ?? column, z[column as keyof ZoneRow] ?? "", expected) });
    if (!z.code?.trim()) bad("code", "非空的开发区代码");
    else if (seen.has(z.code)) problems.add({ line, column: "code", value: z.code, expected: "不重复的开发区代码", message: initMsg.zoneExists(z.code) });
    seen.add(z.code);
    if (!z.name?.trim()) bad("name", "开发区全称");
    if (!(ZONE_LEVELS as readonly string[]).includes(z.level)) bad("level", ZONE_LEVELS.join("或"));
    if (!(ZONE_TYPES as readonly string[]).includes(z.type)) {
      // zones.csv keeps the full type (scopes list full types); a short form gets its full form named.
      const full = zoneType(z.type ?? "", z.level);
      bad("type", full ? `全称「${full}」（zones.csv 写类型全称）` : ZONE_TYPES.join("、") + "之一");
    }
    const city = cities.get(z.city_code);
    if (!city) {
      // A city written by name (南京市 / 南京) is not guessed into a code here, but the code is offered.
      const named = [...cities.values()].find((c) => c.name === z.city_code || (c.aliases ?? "").split("|").includes(z.city_code));
      bad("city_code", named ? `代码 ${named.code}（${named.name}；此列写代码，不写名称）` : "regions.csv 中一个地级市的代码");
    }
    else if (province && city.parent_code !== province.code) {
      otherProvince++;
      problems.add({
        line, column: "city_code", value: z.city_code, expected: `${province.name}的一个地级市的代码`,
        message: seedMsg.zoneOtherProvince(`${z.code} ${z.name}`, city.name!, city.code!, provinceNames.get(city.parent_code!) ?? city.parent_code!, province.name),
      });
    }
  });
  problems.throwIfAny(otherProvince > 0 && otherProvince === problems.count ? "ZONES_OTHER_PROVINCE" : undefined);
  return rows;
}

/** zone_history.csv's columns, as int_zone_membership reads them. */
export const ZONE_HISTORY_COLUMNS = ["zone_code", "valid_from", "valid_to", "level", "status"] as const;
/** Statuses of a zone_history row: only `active` makes the zone a member; the others end its membership. */
export const ZONE_STATUSES = ["active", "revoked", "merged", "suspended"] as const;
const HISTORY_LABEL: Record<string, string> = { zone_code: "开发区代码", valid_from: "起始日期", valid_to: "截止日期（最后一天）", level: "级别", status: "状态" };

/**
 * Checks zone_history.csv (the register's dates: membership is as of each year's end, int_zone_membership) before a
 * build: a code of zones.csv (`zoneCodes`), valid_from and valid_to as real YYYY-MM-DD dates or empty, valid_to not before
 * valid_from, a level 国家级/省级 and a status of ZONE_STATUSES. Every bad row is thrown together (ZONE_HISTORY_INVALID),
 * each naming line, column, value and what was expected (qa40: reversed dates dropped a zone from every year silently; an
 * impossible date failed the build with DuckDB's conversion error and no line).
 */
export function checkZoneHistory(seedDir: string, zoneCodes: ReadonlySet<string>): void {
  const file = path.join(seedDir, "zone_history.csv");
  if (!existsSync(file)) return;
  const rel = path.join("sources", "seeds", "zone_history.csv");
  const text = readFileSync(file, "utf8");
  const problems = new SeedProblems(rel, "ZONE_HISTORY_INVALID");
  if (!checkSeedShape(text, ZONE_HISTORY_COLUMNS, problems)) problems.throwIfAny();
  const rows = readSeedCsv(file);
  const lines = dataLineNumbers(text);
  rows.forEach((h, k) => {
    const line = lines[k];
    const bad = (column: string, expected: string) =>
      problems.add({ line, column, value: h[column] ?? "", expected, message: initMsg.zoneHistoryInvalid(HISTORY_LABEL[column] ?? column, h[column] ?? "", expected) });
    if (!zoneCodes.has(h.zone_code ?? "")) bad("zone_code", "zones.csv 中的一个开发区代码");
    for (const c of ["valid_from", "valid_to"]) if (h[c] && !isIsoDate(h[c]!)) bad(c, "日期 YYYY-MM-DD（如 2024-07-01），或留空");
    if (h.valid_from && h.valid_to && isIsoDate(h.valid_from) && isIsoDate(h.valid_to) && h.valid_to < h.valid_from)
      bad("valid_to", `不早于起始日期 ${h.valid_from} 的日期（截止日期是计入的最后一天）`);
    if (!(ZONE_LEVELS as readonly string[]).includes(h.level ?? "")) bad("level", ZONE_LEVELS.join("或"));
    if (!(ZONE_STATUSES as readonly string[]).includes(h.status ?? "")) bad("status", `${ZONE_STATUSES.join("、")}之一（active：在名录中）`);
  });
  problems.throwIfAny();
}

export interface NewZone {
  readonly code: string;
  readonly name: string;
  readonly shortName?: string;
  readonly aliases?: readonly string[];
  readonly level: string;
  readonly type: string;
  /** A city's code or name (南京市 / 南京 / 320100). */
  readonly city: string;
  readonly source?: string;
  /**
   * The day the zone was set up or first counted (zone_history.csv valid_from, YYYY-MM-DD). Without it the zone is
   * taken to have existed in every period, so each past period it has no figures for counts as 应报未报.
   */
  readonly since?: string;
}

/** Lines of a text file as an editor counts them (a final newline ends the last line). */
function lineCount(file: string): number {
  const text = readFileSync(file, "utf8");
  return text === "" ? 0 : text.split(/\r?\n/).length - (text.endsWith("\n") ? 1 : 0);
}

/**
 * Appends a zone to zones.csv after the same checks as `loadZones`; the file is unchanged when they fail.
 * A city of another province is refused (USAGE_ZONE_OTHER_PROVINCE, naming the line the zone would have taken).
 */
export function addZone(seedDir: string, z: NewZone, headlineScope?: string): ZoneRow {
  const existing = loadZones(seedDir, headlineScope);
  const city = readSeedCsv(path.join(seedDir, "regions.csv")).find((r) => r.kind === "city" && (r.code === z.city || r.name === z.city || (r.aliases ?? "").split("|").includes(z.city)));
  const row: ZoneRow = {
    code: z.code.trim(), name: z.name.trim(), short_name: z.shortName?.trim() ?? "", aliases: (z.aliases ?? []).join("|"),
    level: z.level, type: zoneType(z.type, z.level) ?? z.type, city_code: city?.code ?? z.city, source: z.source ?? "zonestat zones add",
  };
  if (existing.some((e) => e.code === row.code)) throw new ZonestatError("USAGE_ZONE_INVALID", initMsg.zoneExists(row.code), { column: "code", value: row.code });
  // Every bad option at once, so one correction of the command line is enough.
  const invalid: Array<{ column: string; value: string; message: string }> = [];
  if (!row.name) invalid.push({ column: "name", value: "", message: initMsg.zoneInvalid(LABEL.name!, "", "开发区全称") });
  if (!(ZONE_LEVELS as readonly string[]).includes(row.level)) invalid.push({ column: "level", value: row.level, message: initMsg.zoneInvalid(LABEL.level!, row.level, ZONE_LEVELS.join("或")) });
  if (!(ZONE_TYPES as readonly string[]).includes(row.type)) invalid.push({ column: "type", value: row.type, message: initMsg.zoneInvalid(LABEL.type!, row.type, ZONE_TYPES.join("、") + "之一（或简称 经开区、高新区、综保区、边合区）") });
  if (!city) invalid.push({ column: "city_code", value: z.city, message: initMsg.zoneInvalid(LABEL.city!, z.city, "regions.csv 中一个地级市的名称或代码") });
  if (z.since !== undefined && !isIsoDate(z.since)) invalid.push({ column: "valid_from", value: z.since, message: initMsg.zoneInvalid(LABEL.valid_from!, z.since, "日期 YYYY-MM-DD（如 2025-01-01）") });
  if (invalid.length) throw new ZonestatError("USAGE_ZONE_INVALID", invalid.map((i) => i.message).join("\n"), { column: invalid[0]!.column, value: invalid[0]!.value, problems: invalid.map(({ column, value, message }) => ({ column, value, expected: message })) });
  if (!city) throw new Error("unreachable");
  const province = projectProvince(seedDir, headlineScope);
  if (province && city.parent_code !== province.code) {
    const cityProvince = readSeedCsv(path.join(seedDir, "regions.csv")).find((r) => r.code === city.parent_code)?.name ?? city.parent_code!;
    throw new ZonestatError("USAGE_ZONE_OTHER_PROVINCE", seedMsg.zoneOtherProvince(`${row.code} ${row.name}`, city.name!, city.code!, cityProvince, province.name), {
      file: path.join("sources", "seeds", "zones.csv"), line: lineCount(path.join(seedDir, "zones.csv")) + 1, column: "city_code", value: z.city, expected: `${province.name}的一个地级市`,
    });
  }
  // A name another zone or a region already answers to would make both ambiguous in every file: refused here.
  const taken = new Map<string, string>();
  for (const e of existing) for (const n of [e.name, e.short_name, ...(e.aliases ?? "").split("|")]) if (n) taken.set(n, `${e.code} ${e.name}`);
  // A county-level unit GB/T 2260 names after the zone (苏州工业园区 is also 320571) may share the zone's full
  // name: zone tables read it as the zone (entity_kinds), other tables call it ambiguous. Short names may not.
  const countyNames = new Set<string>();
  for (const r of readSeedCsv(path.join(seedDir, "regions.csv"))) {
    for (const n of [r.name, ...(r.aliases ?? "").split("|")]) if (n) taken.set(n!, `${r.code} ${r.name}`);
    if (r.kind === "county" && r.name) countyNames.add(r.name);
  }
  for (const n of [row.name, row.short_name, ...(z.aliases ?? [])].filter(Boolean)) {
    if (n === row.name && countyNames.has(n) && ![...existing].some((e) => e.name === n)) continue;
    if (taken.has(n)) throw new ZonestatError("USAGE_ZONE_INVALID", initMsg.nameTaken(n, taken.get(n)!), { value: n });
  }
  const file = path.join(seedDir, "zones.csv");
  const text = readFileSync(file, "utf8");
  const line = Papa.unparse([ZONE_COLUMNS.map((c) => row[c])], { header: false, newline: "\n" });
  appendFileSync(file, (text.endsWith("\n") || text === "" ? "" : "\n") + line + "\n");
  if (z.since !== undefined) appendLine(path.join(seedDir, "zone_history.csv"), [row.code, z.since, "", row.level, "active", row.source], ZONE_HISTORY_HEADER);
  return row;
}

const ZONE_HISTORY_HEADER = "zone_code,valid_from,valid_to,level,status,source";

/** A real calendar day written YYYY-MM-DD. */
function isIsoDate(text: string): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text)) return false;
  const d = new Date(`${text}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === text;
}

/** Appends one CSV row, creating the file with its header when it does not exist. */
function appendLine(file: string, cells: readonly string[], header: string): void {
  const text = existsSync(file) ? readFileSync(file, "utf8") : `${header}\n`;
  if (!existsSync(file)) writeFileSync(file, text);
  appendFileSync(file, (text.endsWith("\n") || text === "" ? "" : "\n") + Papa.unparse([cells as string[]], { header: false, newline: "\n" }) + "\n");
}
