/**
 * `zonestat init DIR`: a new project folder, as `dbt init` makes one. The built-in
 * models, chart specs and pages stay in the package (a model placed in the
 * project's `models/` overrides the built-in one of the same name); layouts and the
 * generic reference data are copied so they can be edited; the province-specific
 * reference data starts empty, with its header and a commented example row.
 */
import { readSeedCsv } from "../seed-csv.js";
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import Papa from "papaparse";
import { ZonestatError } from "../errors.js";
import { PACKAGE_DIR } from "../package-dir.js";
import { findProvince, provinceRegions } from "./divisions.js";
import { initMsg } from "./messages.js";
import { ZONE_TYPES } from "./zones.js";
import { projectReadme, modelsReadme, GITIGNORE, configText } from "./templates.js";

export interface InitOptions {
  /** 江苏省 / 江苏 / 320000. Required unless `example` is given. */
  readonly province?: string;
  /** A bundled example project: only `liaoning` (the repository's own data). */
  readonly example?: string;
  /** Scaffold into a folder that already has files (none is overwritten). */
  readonly force?: boolean;
}

export interface InitResult {
  readonly dir: string;
  readonly province: { code: string; name: string };
  readonly files: readonly string[];
}

/**
 * Seeds that describe one province's zones and plans: a new project starts them empty, with one
 * commented example row written for the project's own province and its first city (示例… names, so
 * the example is never mistaken for a real zone or plan).
 */
function provinceSeedExamples(p: { code: string; name: string }, city: { code: string; name: string } | undefined): Record<string, string> {
  const c = city ?? { code: p.code, name: p.name };
  const pre = p.code.slice(0, 2);
  const short = c.name.replace(/(市|地区|自治州|盟)$/, "");
  return {
    zones: `# ED${pre}0101,${short}示例经济技术开发区,${short}示例经开区,,国家级,经济技术开发区,${c.code},批复文件`,
    zone_history: `# ED${pre}0101,1993-11-01,,国家级,active,批复文件`,
    targets: `# ${pre}-2025-01,${p.name}开发区发展规划.txt,二（一）1,到2025年开发区地区生产总值占全省30%以上,ED_${p.code},gdp,share,>=,false,${p.code},,,,,2025,30,%,linear,,true,,`,
    target_milestones: `# ${pre}-2025-01,2023,26,专栏1,stated`,
    region_members: `# R${pre}01,${c.code},${p.name}规划文件中的区域划分`,
    schedule_fractions: "# 规划文件名.txt,2023,0.4,按序时进度",
    documents: `# ${p.name}开发区发展规划.txt,,${p.name}开发区发展规划（2021-2025年）,${p.name}人民政府,`,
    series_breaks: `# ED_${p.code},employment,2022,口径调整,2021年及以前为商务部门汇总，2022年起为开发区报表合计,来源文件名`,
  };
}

/**
 * Indicator descriptions for a new project: the bundled ones cite the Liaoning example's
 * documents and figures (文件000, 6403 ÷ …), which mean nothing in another province. The
 * rule each one states is kept; an indicator not listed keeps its description.
 */
const GENERIC_INDICATOR_NOTES: Record<string, string> = {
  industrial_output: "",
  fiscal_revenue: "2014年预算法修订前称“公共财政预算收入”，两个名称都读作本指标",
  trade_cny: "以亿元报送的进出口总额，与以亿美元计的进出口总额（trade）分列，不经汇率换算",
  land_use_rate: "本系统取 已建成面积 ÷ 已达到供地条件面积（工作假设，规划文件另有定义时请改本说明和 land_metrics 模型）",
  output_per_land: "本系统取 地区生产总值 ÷ 已达到供地条件面积（工作假设，规划文件另有定义时请改本说明和 land_metrics 模型）",
  gdp_per_land: "与单位土地产出值同一算法：地区生产总值 ÷ 已达到供地条件面积（工作假设）",
};

/** indicators.csv with the example's document references taken out of its descriptions. */
function genericIndicators(file: string): string {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(file, "utf8").replace(/^\uFEFF/, ""), { header: true, skipEmptyLines: true });
  const rows = parsed.data.map((r) => (r.code! in GENERIC_INDICATOR_NOTES ? { ...r, description: GENERIC_INDICATOR_NOTES[r.code!]! } : r));
  return Papa.unparse(rows, { columns: parsed.meta.fields, newline: "\n" }) + "\n";
}

/** Creates the project; throws USAGE_* errors (exit 2) for a non-empty folder or an unknown province. */
export function initProject(dir: string, opts: InitOptions): InitResult {
  const root = path.resolve(dir);
  if (existsSync(root) && readdirSync(root).length > 0 && !opts.force) throw new ZonestatError("USAGE_INIT_NOT_EMPTY", initMsg.notEmpty(root), { file: root });
  if (opts.example && opts.example !== "liaoning") throw new ZonestatError("USAGE_INIT_EXAMPLE", initMsg.exampleUnknown(opts.example));
  if (!opts.example && !opts.province) throw new ZonestatError("USAGE_PROVINCE", initMsg.provinceMissing());
  const province = findProvince(opts.example ? "210000" : opts.province!);
  const headlineScope = opts.example ? "LN_ED" : `ED_${province.code}`;
  const files: string[] = [];
  const write = (rel: string, text: string) => {
    const f = path.join(root, rel);
    if (existsSync(f)) return; // --force never overwrites
    mkdirSync(path.dirname(f), { recursive: true });
    writeFileSync(f, text);
    files.push(rel);
  };
  const copy = (from: string, rel: string) => {
    if (existsSync(path.join(root, rel))) return;
    cpSync(from, path.join(root, rel));
    files.push(rel);
  };

  const exampleTypes = opts.example ? readSeedCsv(path.join(PACKAGE_DIR, "sources", "seeds", "scopes.csv")).find((s) => s.code === headlineScope)?.zone_types : undefined;
  write("zonestat.config.yml", configText(province, headlineScope, exampleTypes));
  write(".gitignore", GITIGNORE);
  write("README.md", projectReadme(province, headlineScope, exampleTypes));
  write("models/README.md", modelsReadme());
  write("inbox/.gitkeep", "");
  // Layouts and 审核 rules are copied so a province can edit them; both are data, not code.
  for (const folder of ["layouts", "audit-rules"]) {
    const from = path.join(PACKAGE_DIR, "sources", folder);
    if (existsSync(from)) for (const f of readdirSync(from).sort()) copy(path.join(from, f), path.join("sources", folder, f));
  }

  const seeds = path.join(PACKAGE_DIR, "sources", "seeds");
  const examples = provinceSeedExamples(province, provinceRegions(province.code).find((r) => r.kind === "city" && r.parent_code === province.code));
  for (const f of readdirSync(seeds).filter((n) => n.endsWith(".csv")).sort()) {
    const name = f.slice(0, -4);
    const rel = path.join("sources", "seeds", f);
    // The example's declared series breaks describe the bundled sample's files and figures (示例_…, 266.5万人): a project
    // of one's own data starts with the commented example row instead (reader-qa3 F12).
    if (opts.example && name !== "series_breaks") copy(path.join(seeds, f), rel);
    else if (name === "regions") write(rel, Papa.unparse(provinceRegions(province.code), { newline: "\n" }) + "\n");
    else if (name === "scopes") write(rel, headerOf(path.join(seeds, f)) + "\n" + scopeRows(province, headlineScope, provinceRegions(province.code).filter((r) => r.kind === "city" && r.parent_code === province.code)) + "\n");
    else if (name === "indicators") write(rel, genericIndicators(path.join(seeds, f)));
    else if (name in examples) write(rel, headerOf(path.join(seeds, f)) + "\n" + examples[name] + "\n");
    else copy(path.join(seeds, f), rel);
  }
  return { dir: root, province, files };
}

function headerOf(file: string): string {
  return readFileSync(file, "utf8").replace(/^\uFEFF/, "").split(/\r?\n/, 1)[0]!;
}

/** Zone types of the 经济开发区 family (经开区 and the zones counted with them), as document 000 scopes them. */
export const ED_TYPES = ["经济技术开发区", "经济开发区", "边境经济合作区"] as const;

/**
 * The province's scopes. The headline scope (`ED_<code>`, 全省省级以上开发区) takes
 * every zone type the register accepts (ZONE_TYPES, which zones.csv is validated
 * against), so every zone a province registers — 经开区 and 高新区 alike — is in the
 * overview, rankings, counts and shares until the province narrows it in scopes.csv.
 * Two narrower scopes follow for targets that speak of one family only:
 * `ETDZ_<code>` (经济开发区: ED_TYPES) and `HT_<code>` (高新区).
 */
export function scopeRows(p: { code: string; name: string }, code: string, cities: ReadonlyArray<{ code: string; name: string }> = []): string {
  // Each city's zones (every type), divided by the city's own totals: the 占本市 shares.
  const perCity = cities.map((c) => [`C${c.code}_ED`, `${c.name}省级以上开发区`, `${c.name}开发区|${c.name}开发区合计`, ZONE_TYPES.join("|"), "国家级|省级", p.code, c.code, "", c.code, "", `zonestat init 生成的统计范围：${c.name}登记的各类开发区，以${c.name}总量为分母`]);
  return Papa.unparse([
    [code, "全省省级以上开发区", `${p.name}省级以上开发区|全省开发区|全省开发区合计`, ZONE_TYPES.join("|"), "国家级|省级", p.code, "", "", p.code, "", "zonestat init 生成的统计范围：zones.csv 登记的各类开发区"],
    [`ETDZ_${p.code}`, "全省省级以上经济开发区", `${p.name}省级以上经济开发区|全省经济开发区|全省经济开发区合计`, ED_TYPES.join("|"), "国家级|省级", p.code, "", "", p.code, "", "zonestat init 生成的统计范围：经济技术开发区、经济开发区、边境经济合作区"],
    [`HT_${p.code}`, "全省省级以上高新区", `${p.name}省级以上高新区|全省高新区|全省高新区合计`, "高新技术产业开发区", "国家级|省级", p.code, "", "", p.code, "", "zonestat init 生成的统计范围：高新技术产业开发区"],
    ...perCity,
  ], { newline: "\n" });
}
