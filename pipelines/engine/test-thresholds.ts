/**
 * A test's status from its failure count, as dbt decides it: `error_if` and
 * `warn_if` are conditions on the count (default `!=0`), checked error first; a test
 * with `severity: warn` never errors.
 */
import { ZonestatError } from "../errors.js";
import type { NodeConfig } from "./types.js";

/** Evaluates a dbt threshold such as `>10`, `!=0`, `>= 5`, `=0`; anything else is an error naming it. */
export function thresholdHolds(condition: string, failures: number): boolean {
  const m = String(condition).trim().match(/^(==|=|!=|<>|>=|<=|>|<)\s*(-?\d+(?:\.\d+)?)$/);
  if (!m) throw new ZonestatError("PROJECT_CONFIG_INVALID", `测试阈值「${condition}」无法识别：应为比较符加数字，如 >10、!=0`, { value: String(condition) });
  const n = Number(m[2]);
  switch (m[1]) {
    case "=": case "==": return failures === n;
    case "!=": case "<>": return failures !== n;
    case ">": return failures > n;
    case ">=": return failures >= n;
    case "<": return failures < n;
    default: return failures <= n;
  }
}

export function testOutcome(failures: number, config: NodeConfig): { status: "pass" | "warn" | "fail"; message: string } {
  const errorIf = String(config.error_if ?? "!=0");
  const warnIf = String(config.warn_if ?? "!=0");
  const got = `Got ${failures} result${failures === 1 ? "" : "s"}`;
  if (config.severity !== "warn" && thresholdHolds(errorIf, failures)) return { status: "fail", message: `${got}, configured to fail if ${errorIf}` };
  if (thresholdHolds(warnIf, failures)) return { status: "warn", message: `${got}, configured to warn if ${warnIf}` };
  return { status: "pass", message: "" };
}
