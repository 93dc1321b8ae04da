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
  const trimmed = raw.replace(/[\s\u3000\u00a0]+/g, "");
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
 * A SQL expression printing a number as a statistician writes it in an 审核 message: up to 4 decimals, trailing
 * zeros dropped (395000, 145.4, 0.0315). One definition for every rule's message (audit.ts, reaudit.ts and the
 * rule modules), which each wrote it.
 */
export function figureSql(x: string): string {
  return `rtrim(rtrim(printf('%.4f', ${x}), '0'), '.')`;
}
