/**
 * The target catalogue, validated on load: unknown indicator or scope, duplicate
 * id, target year before base year, a milestone outside the base–target range →
 * an error naming the row; every bad row of a file is reported in one error (seed-problems.ts).
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { z } from "./zod.js";
import { readSeedCsv, readSeedText } from "./seed-csv.js";
import { checkSeedShape, dataLineNumbers, SeedProblems } from "./seed-problems.js";

const num = z.preprocess((v) => (v === "" || v === undefined ? null : Number(v)), z.number({ error: "应为数字（阿拉伯数字，不带单位或 %），或留空" }).finite().nullable());
// The seed is loaded by DuckDB as boolean: only what both read alike is accepted (是/否 would fail there, later and in English).
const bool = z.preprocess(
  (v) => (v === true || v === false ? v : v === "" || v === undefined ? false : /^true$/i.test(String(v)) ? true : /^false$/i.test(String(v)) ? false : v),
  z.boolean({ error: "应为 true 或 false（是/否 请写作 true/false）" }),
);

const targetSchema = z.object({
  // Any province's own naming: a target id of letters, digits and dashes; a document named as the user files it.
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9_-]*$/, "目标编号只能用字母、数字、- 和 _，如 D001-02 或 JS-2025-01"),
  document: z.string().min(1, "请写出目标所在的文件名"),
  clause: z.string().min(1),
  phrase: z.string().min(1),
  scope_code: z.string().min(1),
  indicator_code: z.string().min(1),
  kind: z.enum(["level", "share", "growth", "reduction", "count", "zone_count", "count_per_city", "relative"]),
  comparator: z.preprocess((v) => (v === "≥" ? ">=" : v === "≤" ? "<=" : v), z.enum([">=", "<=", "≈"], "比较方式应为 >=（≥）、<=（≤）或 ≈")),
  aspirational: bool,
  denominator_code: z.string(),
  /** Relative targets: the entity or scope whose growth the scope must beat. */
  comparison_code: z.string(),
  threshold: num,
  base_year: num,
  base_value: num,
  target_year: z.preprocess((v) => (v === "" || v === undefined ? undefined : Number(v)), z.number({ error: "应为目标年份，如 2025" }).int("应为整数年份").min(2000, "应为 2000–2100 之间的年份").max(2100, "应为 2000–2100 之间的年份")),
  target_value: z.preprocess((v) => (v === "" || v === undefined ? undefined : Number(v)), z.number({ error: "应为数字（阿拉伯数字，不带单位或 %）" }).finite()),
  unit: z.string().min(1),
  schedule: z.enum(["linear", "doc000_increment", "stated", "compound"]),
  conflict_group: z.string(),
  evaluable: bool,
  not_evaluable_reason: z.string(),
  note: z.string(),
});

export type Target = z.output<typeof targetSchema>;

export interface Milestone {
  readonly target_id: string;
  readonly year: number;
  readonly value: number;
  readonly clause: string;
}

export interface Catalogue {
  readonly targets: Target[];
  readonly milestones: Milestone[];
  /** What loads but a reader would see as a gap: a target citing a document documents.csv does not list. */
  readonly warnings: string[];
}

export function loadCatalogue(seedDir: string): Catalogue {
  const file = path.join(seedDir, "targets.csv");
  const rel = "sources/seeds/targets.csv";
  const indicatorRows = readSeedCsv(path.join(seedDir, "indicators.csv"));
  const indicators = new Set(indicatorRows.map((r) => r.code));
  const scopeRows = readSeedCsv(path.join(seedDir, "scopes.csv"));
  const scopes = new Set(scopeRows.map((r) => r.code));
  const entityRows = [...readSeedCsv(path.join(seedDir, "regions.csv")), ...readSeedCsv(path.join(seedDir, "zones.csv"))];
  const entities = new Set(entityRows.map((r) => r.code));
  // A name where a code belongs (工业增加值, 浙江省): the code is offered in the message, never substituted.
  const codeOf = (rows: Record<string, string>[], text: string) => rows.find((r) => r.name === text || r.short_name === text || (r.aliases ?? "").split("|").includes(text))?.code;
  const hint = (code: string | undefined) => (code ? `（应写代码 ${code}）` : "");
  const targets: Target[] = [];
  const seen = new Set<string>();
  // Every bad row is collected and reported together (seed-problems.ts); lines are the editor's.
  const problems = new SeedProblems(rel, "CATALOGUE_INVALID");
  const text = readSeedText(file);
  const lines = dataLineNumbers(text);
  // A column missing from the header would fail every row (and the seed load) one way: said once, first.
  if (!checkSeedShape(text, Object.keys(targetSchema.shape), problems)) problems.throwIfAny();
  readSeedCsv(file).forEach((raw, i) => {
    const line = lines[i] ?? i + 2;
    const fail = (message: string, column?: string, value?: string, expected?: string) => problems.add({ line, row: raw.id ?? "?", column, value, expected, message });
    const parsed = targetSchema.safeParse(raw);
    // The references are checked on the raw row too, so a type error and an unknown code are reported in one run.
    let ok = parsed.success;
    if (!parsed.success) {
      for (const issue of parsed.error.issues) {
        const column = String(issue.path[0] ?? "");
        const value = String(raw[column] ?? "");
        fail(`列「${issue.path.join(".")}」的值「${value}」无效：${issue.message}`, column, value, issue.message);
      }
    }
    const id = raw.id ?? "";
    if (id && seen.has(id)) fail(`编号 ${id} 重复`, "id", id, "不重复的目标编号");
    seen.add(id);
    const ind = raw.indicator_code ?? "";
    const scope = raw.scope_code ?? "";
    const denominator = raw.denominator_code ?? "";
    const comparison = raw.comparison_code ?? "";
    if (ind && !indicators.has(ind)) { fail(`未知指标「${ind}」${hint(codeOf(indicatorRows, ind))}`, "indicator_code", ind, "indicators.csv 中的指标代码"); ok = false; }
    if (scope && !scopes.has(scope) && !entities.has(scope)) { fail(`未知范围「${scope}」${hint(codeOf(scopeRows, scope) ?? codeOf(entityRows, scope))}`, "scope_code", scope, "scopes.csv 中的范围代码，或地区、开发区代码"); ok = false; }
    if (denominator && !entities.has(denominator)) { fail(`未知分母「${denominator}」${hint(codeOf(entityRows, denominator))}`, "denominator_code", denominator, "regions.csv 中的地区代码"); ok = false; }
    if (comparison && !scopes.has(comparison) && !entities.has(comparison)) { fail(`未知比较对象「${comparison}」${hint(codeOf(scopeRows, comparison) ?? codeOf(entityRows, comparison))}`, "comparison_code", comparison, "范围、地区或开发区代码"); ok = false; }
    if (!parsed.success) return;
    const t = parsed.data;
    if (t.kind === "relative" && t.evaluable && (!t.comparison_code || t.base_year === null)) { fail("可评估的相对目标必须写明比较对象（comparison_code）和基期（base_year）", !t.comparison_code ? "comparison_code" : "base_year", "", "比较对象代码和基期年份"); ok = false; }
    if (t.base_year !== null && t.base_year > t.target_year) { fail(`基期 ${t.base_year} 晚于目标年 ${t.target_year}`, "base_year", String(t.base_year), `不晚于目标年 ${t.target_year}`); ok = false; }
    if (!t.evaluable && !t.not_evaluable_reason) { fail("不可评估的目标必须写明原因（not_evaluable_reason）", "not_evaluable_reason", "", "不可评估的原因"); ok = false; }
    if (ok) targets.push(t);
  });
  problems.throwIfAny();
  const byId = new Map(targets.map((t) => [t.id, t]));
  const milestonesFile = path.join(seedDir, "target_milestones.csv");
  const milestoneProblems = new SeedProblems("sources/seeds/target_milestones.csv", "CATALOGUE_INVALID");
  const milestoneText = readSeedText(milestonesFile);
  const milestoneLines = dataLineNumbers(milestoneText);
  if (!checkSeedShape(milestoneText, ["target_id", "year", "value", "clause", "kind"], milestoneProblems)) milestoneProblems.throwIfAny();
  const milestones: Milestone[] = [];
  readSeedCsv(milestonesFile).forEach((m, i) => {
    const line = milestoneLines[i] ?? i + 2;
    const fail = (message: string, column: string, value: string, expected: string) => milestoneProblems.add({ line, row: m.target_id, column, value, expected, message });
    const t = byId.get(m.target_id!);
    if (!t) return fail(`未知目标「${m.target_id}」`, "target_id", m.target_id ?? "", "targets.csv 中的目标编号");
    const value = Number(m.value);
    const year = Number(m.year);
    if (t.base_value !== null) {
      const lo = Math.min(t.base_value, t.target_value);
      const hi = Math.max(t.base_value, t.target_value);
      if (value < lo || value > hi) return fail(`${m.target_id} ${year}年的值 ${value} 不在基期值 ${t.base_value} 与目标值 ${t.target_value} 之间`, "value", String(m.value ?? ""), `${lo}–${hi} 之间`);
    }
    if (t.base_year !== null && (year < t.base_year || year > t.target_year)) return fail(`年份 ${year} 不在 ${t.base_year}–${t.target_year} 之间`, "year", String(m.year ?? ""), `${t.base_year}–${t.target_year} 之间的年份`);
    milestones.push({ target_id: t.id, year, value, clause: m.clause ?? "" });
  });
  milestoneProblems.throwIfAny();
  const documentsFile = path.join(seedDir, "documents.csv");
  const documents = new Set(existsSync(documentsFile) ? readSeedCsv(documentsFile).map((d) => d.document) : []);
  const uncited = [...new Set(targets.map((t) => t.document).filter((d) => !documents.has(d)))];
  const warnings = uncited.map((d) => `targets.csv 引用的文件「${d}」没有登记在 sources/seeds/documents.csv：页面上将显示文件名而不是标题（请加一行：文件名、简称、标题、发文机关）`);
  return { targets, milestones, warnings };
}
