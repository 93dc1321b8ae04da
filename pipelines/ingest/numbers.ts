/**
 * Cell text → number. Full-width digits and punctuation are folded (NFKC),
 * thousands separators and spaces removed. The missing-value markers statisticians
 * type are missing — never zero.
 */
export type NumberParse =
  | { readonly kind: "number"; readonly value: number }
  | { readonly kind: "missing" }
  | { readonly kind: "invalid" };

const MISSING = new Set(["", "-", "--", "—", "——", "－", "－－", "…", "……", "...", "na", "n/a", "null", "无", "空", "/", "＿", "_"]);

export function parseNumber(raw: string): NumberParse {
  // Spaces inside a number only as thousands grouping (「5 600」, 「1 234 567.8」): 「5 60」 is two numbers or a typo, never
  // 560 (stat-qa7 F8; as 「1,00」 is refused).
  const outer = raw.replace(/^[\s\u3000\u00a0\u202f]+|[\s\u3000\u00a0\u202f]+$/g, "");
  const grouped = /^[+-]?\d{1,3}([\s\u3000\u00a0\u202f]\d{3})+([.．]\d+)?%?$/.test(outer.normalize("NFKC"));
  if (!grouped && /[0-9０-９.．,，][\s\u3000\u00a0\u202f]+[0-9０-９.．,，]/.test(outer)) return { kind: "invalid" };
  const trimmed = outer.replace(/[\s\u3000\u00a0\u202f]+/g, "");
  if (MISSING.has(trimmed.toLowerCase())) return { kind: "missing" };
  let s = trimmed.normalize("NFKC").replace(/[\u2212\u2012\u2013]/g, "-");
  if (MISSING.has(s.toLowerCase())) return { kind: "missing" };
  if (s.endsWith("%")) s = s.slice(0, -1);
  if (/^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) s = s.replace(/,/g, "");
  if (!/^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/.test(s)) return { kind: "invalid" };
  const value = Number(s);
  return Number.isFinite(value) ? { kind: "number", value } : { kind: "invalid" };
}

/**
 * Whether a cell carries a percent sign (`5.2%`, `５．２％`): such a value is a share or
 * a rate, never money or a count, so resolve.ts refuses it under any unit but %.
 */
export function hasPercentSign(raw: string): boolean {
  return /[%％]\s*$/.test(raw.normalize("NFKC").trim());
}

/**
 * A SQL expression printing a number in an 审核 message as the site and report print figures: thousands separators
 * (1,080,000). A value exact to 4 decimals — every typed cell — keeps its digits with trailing zeros dropped (145.4,
 * 0.0315), so the statistician finds it in her file as typed; a derived value that is not (an average increment,
 * 63.3333…) is rounded to 1 decimal from 1 up, the bureau's convention for 亿元 figures. One definition for every
 * rule's message (audit.ts, reaudit.ts and the rule modules).
 */
export function figureSql(value: string): string {
  const x = `(${value})::double`; // format's precision refuses integer and decimal arguments
  const exact = `rtrim(rtrim(format('{:,.4f}', ${x}), '0'), '.')`;
  return `case when abs(${x}) >= 1 and abs(${x} - round(${x}, 4)) > 1e-9 * abs(${x}) then format('{:,.1f}', ${x}) else ${exact} end`;
}

/**
 * A SQL expression printing a ratio in an 审核 message (「的 N 倍」): two decimals below 10 (0.10, 6.11), one decimal
 * with thousands separators from 10 up (10,602.4 — stat-qa5 F8: 10602.41 beside 36.8). `twoDecimalsBelow`: 1 for the increment
 * rules (a first period ÷10: 0.107×; above 1 one decimal, as before).
 */
export function ratioSql(ratio: string, twoDecimalsBelow = 10): string {
  const x = `(${ratio})::double`;
  return `case when abs(${x}) < ${twoDecimalsBelow} then printf('%.2f', ${x}) else format('{:,.1f}', ${x}) end`;
}

/**
 * A SQL expression for an 审核 message's {question} about the flagged `value`: a 0 is no digit too many or too few but a
 * blank filled with 0, or a period without any (stat-qa10 F4, stat-qa7 F14: 「是否多输或少输了一位？」 beside a 0).
 */
export function digitQuestionSql(value: string): string {
  return `case when (${value}) = 0 then '是否漏填，把空白填成了 0？如确实为 0，请核实后确认' else '是否多输或少输了一位？' end`;
}
