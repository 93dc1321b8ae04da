/**
 * 审核规则 (audit rules) as data: `sources/audit-rules/*.yml`, validated on load.
 * A rule names the indicators it covers, one of the kinds the evaluator
 * (`audit.ts`) implements, its parameters and a severity — 强制性 rejects the
 * file, 核实性 loads it and flags the value 需核实 until confirmed or corrected.
 *
 * @example
 *   const rules = loadAuditRules("sources/audit-rules", reference);
 *   rules[0] // { code: "NEGATIVE_VALUE", kind: "range", severity: "强制性", indicatorCodes: ["gdp", …], params: { min: 0 } }
 */
import { existsSync } from "node:fs";
import { z } from "../zod.js";
import { definitionProblem, readDefinitions } from "./definitions.js";
import { ZonestatError } from "../errors.js";
import type { Reference } from "./reference.js";

export const SEVERITIES = ["强制性", "核实性"] as const;
export type AuditSeverity = (typeof SEVERITIES)[number];

const indicatorsSchema = z.strictObject({
  codes: z.array(z.string()).optional(),
  kinds: z.array(z.enum(["flow", "stock", "rate"])).optional(),
  units: z.array(z.string()).optional(),
  exclude: z.array(z.string()).default([]),
});

const base = {
  code: z.string().regex(/^[A-Z][A-Z0-9_]*$/, "应为大写字母、数字和下划线，如 NEGATIVE_VALUE"),
  message: z.string().min(1),
  severity: z.enum(SEVERITIES),
  /** 核实性 only: an open flag keeps a zone's value out of the scope sums until confirmed or corrected (int_scope_values). */
  holds: z.boolean().default(false),
};
const covered = { ...base, indicators: indicatorsSchema };

const ruleSchema = z.discriminatedUnion("kind", [
  z.strictObject({ ...covered, kind: z.literal("range"), params: z.strictObject({ min: z.number().optional(), max: z.number().optional() }).refine((p) => p.min !== undefined || p.max !== undefined, "min 与 max 至少写一个") }),
  z.strictObject({ ...covered, kind: z.literal("ytd_not_decreasing"), params: z.strictObject({}).default({}) }),
  z.strictObject({ ...covered, kind: z.literal("ytd_out_of_line"), params: z.strictObject({ ratio: z.number().gt(1), in_line: z.number().gt(1) }) }),
  z.strictObject({ ...covered, kind: z.literal("jump"), params: z.strictObject({ ratio: z.number().gt(1) }) }),
  z.strictObject({ ...covered, kind: z.literal("increment_jump"), params: z.strictObject({ ratio: z.number().gt(1), jump_ratio: z.number().gt(1), first_quarter_only: z.boolean().optional(), below_ratio: z.number().gt(1).optional() }) }),
  z.strictObject({ ...covered, kind: z.literal("not_above_parent"), params: z.strictObject({ tolerance: z.number().min(0).default(0), children_margin: z.number().min(0).optional() }).default({ tolerance: 0 }) }),
  z.strictObject({ ...covered, kind: z.literal("peer_outlier"), params: z.strictObject({ ratio: z.number().gt(1), min_peers: z.number().int().min(1).default(2) }) }),
  z.strictObject({ ...covered, kind: z.literal("growth_consistent"), params: z.strictObject({ tolerance_points: z.number().positive() }) }),
  z.strictObject({ ...covered, kind: z.literal("ytd_repeated"), params: z.strictObject({ min_values: z.number().int().min(2), share: z.number().gt(0).max(1) }) }),
  z.strictObject({ ...base, kind: z.literal("total_matches_sum"), params: z.strictObject({}).default({}) }),
]);

const fileSchema = z.strictObject({ rules: z.array(ruleSchema).min(1) });

type RuleInput = z.output<typeof ruleSchema>;
export type AuditRuleKind = RuleInput["kind"];

/** A validated rule with its indicator selection resolved to catalogue codes. */
export type AuditRule = RuleInput & {
  /** The YAML file it came from, for messages. */
  readonly file: string;
  /** Catalogue codes the rule covers (empty for `total_matches_sum`, which covers every 合计 row). */
  readonly indicatorCodes: readonly string[];
};

/** What a message template may name; `audit.ts` fills them per rule kind. */
export const PLACEHOLDERS = ["value", "unit", "entity", "indicator", "period", "other", "other_period", "other_entity", "detail"];
/** Placeholders only some kinds fill (audit-increment.ts): elsewhere they would print nothing, so they are refused there. */
export const KIND_PLACEHOLDERS: Partial<Record<AuditRuleKind, readonly string[]>> = {
  increment_jump: ["quarter", "increment", "other_quarter", "other_increment", "ratio", "question"],
  // {question}: 「是否多输或少输了一位？」, or for a 0 whether a blank was filled with 0 (numbers.ts digitQuestionSql).
  ytd_out_of_line: ["question"],
};

const WHAT = "审核规则";

function fail(file: string, key: string, problem: string): never {
  throw new ZonestatError("PROJECT_AUDIT_RULES_INVALID", definitionProblem(WHAT, file, key, problem), { file, value: key });
}

/**
 * Reads every `*.yml` in `dir` (sorted). Errors name the file and the key path
 * (e.g. `rules.2.indicators.codes.0`): unknown keys, kinds, severities, parameters,
 * unknown indicator codes or units, a selection that covers nothing, duplicate codes.
 * A missing folder means no rules.
 */
export function loadAuditRules(dir: string, ref: Reference): AuditRule[] {
  if (!existsSync(dir)) return [];
  const out: AuditRule[] = [];
  const seen = new Map<string, string>();
  for (const { file, data } of readDefinitions(dir, fileSchema, "PROJECT_AUDIT_RULES_INVALID", WHAT)) {
    data.rules.forEach((r, n) => {
      const at = `rules.${n}`;
      if (seen.has(r.code)) fail(file, `${at}.code`, `编号 ${r.code} 重复（另见 ${seen.get(r.code)}）`);
      const allowed = [...PLACEHOLDERS, ...(KIND_PLACEHOLDERS[r.kind] ?? [])];
      for (const m of r.message.matchAll(/\{([^}]*)\}/g)) {
        if (!allowed.includes(m[1]!)) fail(file, `${at}.message`, `未知的占位符 {${m[1]}}（可用：${allowed.map((x) => `{${x}}`).join(" ")}）`);
      }
      // A rejected file has no value to hold; a flag only a confirmation or a correction closes can.
      if (r.holds && r.severity !== "核实性") fail(file, `${at}.holds`, "只有核实性规则可以 holds: true（强制性规则的文件整体拒收，没有数值可暂不计入）");
      seen.set(r.code, file);
      out.push(Object.freeze({ ...r, file, indicatorCodes: "indicators" in r ? selectIndicators(file, at, r.indicators, ref) : [] }));
    });
  }
  return out;
}

function selectIndicators(file: string, at: string, sel: z.output<typeof indicatorsSchema>, ref: Reference): string[] {
  const known = new Set(ref.indicators.map((i) => i.code));
  const units = new Set(ref.indicators.map((i) => i.unit));
  sel.codes?.forEach((c, k) => known.has(c) || fail(file, `${at}.indicators.codes.${k}`, `未知指标「${c}」（应为 sources/seeds/indicators.csv 中的代码）`));
  sel.exclude.forEach((c, k) => known.has(c) || fail(file, `${at}.indicators.exclude.${k}`, `未知指标「${c}」`));
  sel.units?.forEach((u, k) => units.has(u) || fail(file, `${at}.indicators.units.${k}`, `指标目录中没有以「${u}」为单位的指标`));
  if (!sel.codes && !sel.kinds && !sel.units) fail(file, `${at}.indicators`, "至少写一个 codes、kinds 或 units");
  const codes = ref.indicators
    .filter((i) => (!sel.codes || sel.codes.includes(i.code)) && (!sel.kinds || sel.kinds.includes(i.kind)) && (!sel.units || sel.units.includes(i.unit)) && !sel.exclude.includes(i.code))
    .map((i) => i.code);
  if (!codes.length) fail(file, `${at}.indicators`, "没有指标符合这些条件");
  return codes;
}
