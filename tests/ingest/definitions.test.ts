/**
 * The definition folders (sources/layouts/, sources/audit-rules/) name the file and the key of a
 * broken definition, and read nothing half: the first problem stops the load.
 */
import { cpSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ZonestatError } from "../../pipelines/errors.js";
import { loadAuditRules } from "../../pipelines/ingest/audit-rules.js";
import { loadLayouts } from "../../pipelines/ingest/layout.js";
import { loadReference } from "../../pipelines/ingest/reference.js";

const ROOT = path.resolve(import.meta.dirname, "../..");
const dirs: string[] = [];
afterEach(() => dirs.splice(0).forEach((d) => rmSync(d, { recursive: true, force: true })));
function folder(from: string): string {
  const d = mkdtempSync(path.join(os.tmpdir(), "zs-defs-"));
  dirs.push(d);
  cpSync(from, d, { recursive: true });
  return d;
}
function thrown(f: () => unknown): ZonestatError {
  try {
    f();
  } catch (e) {
    return e as ZonestatError;
  }
  throw new Error("did not throw");
}

describe("definition folders", () => {
  it("layouts: the shipped ones load in priority order; unparsable YAML and a bad key name the file (and the key)", () => {
    const d = folder(path.join(ROOT, "sources/layouts"));
    const names = loadLayouts(d).map((l) => l.name);
    expect(names.length).toBe(5); // five files in sources/layouts/
    writeFileSync(path.join(d, "50-bad.yml"), "name: [unclosed\n");
    const e1 = thrown(() => loadLayouts(d));
    expect(e1.code).toBe("PROJECT_LAYOUT_INVALID");
    expect(e1.message).toContain(`格式定义 ${path.join(d, "50-bad.yml")} 无法解析`);
    writeFileSync(path.join(d, "50-bad.yml"), "name: x\npriority: 不是数字\n");
    const e2 = thrown(() => loadLayouts(d));
    expect(e2.code).toBe("PROJECT_LAYOUT_INVALID");
    expect(e2.message).toMatch(new RegExp(`^格式定义 ${path.join(d, "50-bad.yml").replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} 中「[a-z_.0-9]+」无效：`));
  });

  it("审核 rules: a bad severity names file and key path; a missing folder is no rules", () => {
    const ref = loadReference(path.join(ROOT, "sources/seeds"));
    const d = folder(path.join(ROOT, "sources/audit-rules"));
    expect(loadAuditRules(d, ref).map((r) => r.code)).toContain("ABOVE_PARENT");
    writeFileSync(path.join(d, "20-bad.yml"), "rules:\n  - code: X\n    message: m\n    kind: range\n    severity: 致命\n    indicators: {kinds: [flow]}\n    params: {min: 0}\n");
    const e = thrown(() => loadAuditRules(d, ref));
    expect(e.code).toBe("PROJECT_AUDIT_RULES_INVALID");
    expect(e.message).toContain(`审核规则 ${path.join(d, "20-bad.yml")} 中「rules.0.severity」无效：`);
    expect(loadAuditRules(path.join(d, "nowhere"), ref)).toEqual([]);
  });
});
