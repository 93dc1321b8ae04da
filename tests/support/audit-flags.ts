/** Helpers shared by the 审核 tests that drop files one ingest at a time and read the open flags. */
import { expect } from "vitest";
import type { TestProject } from "./project.js";

/** The open flags of loaded files as "file:line RULE" with their messages, in that order. */
export async function openFlags(p: TestProject): Promise<Array<{ place: string; message: string }>> {
  return p.query(`select f.name || ':' || a.line || ' ' || a.rule_code as place, a.message from ingest.audit_flags a join ingest.files f using (file_id)
    where a.state = 'open' and f.status = 'loaded' order by place`);
}

/** Drops each [name, text] and runs `zonestat ingest` after each, expecting success. */
export async function ingestEach(p: TestProject, ...files: ReadonlyArray<readonly [string, string]>): Promise<void> {
  for (const f of files) {
    p.drop(f[0], f[1]);
    const r = await p.run("ingest");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }
}
