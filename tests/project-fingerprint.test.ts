/**
 * What makes a project "changed" for `refresh`: an edited macro or data test is as much a new project as an edited
 * model (before, macros/ and tests/data/ were outside the fingerprint, so `refresh` after a macro edit said 没有新文件
 * and kept marts made by the old macro).
 */
import { appendFileSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { copyProjectDefinitions } from "./support/project.js";
import { projectFingerprint } from "../pipelines/state.js";

const dir = mkdtempSync(path.join(tmpdir(), "zonestat-fingerprint-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("projectFingerprint", () => {
  const project = copyProjectDefinitions(dir);
  const firstFile = (folder: string) => path.join(project, folder, readdirSync(path.join(project, folder)).filter((n) => n.includes("."))[0]!);

  it.each([
    ["a macro", "macros"],
    ["a generic data test", "tests/data/generic"],
    ["a model", "models/marts"],
    ["a seed", "sources/seeds"],
  ])("changes when %s is edited", (_what, folder) => {
    const before = projectFingerprint(project);
    expect(projectFingerprint(project)).toBe(before); // same files, same fingerprint
    appendFileSync(firstFile(folder), "\n-- edited\n");
    expect(projectFingerprint(project)).not.toBe(before);
  });

  it("does not change when a 审核 rule is edited (rules apply when a file is loaded, not to what is built)", () => {
    const before = projectFingerprint(project);
    appendFileSync(firstFile("sources/audit-rules"), "\n# edited\n");
    expect(projectFingerprint(project)).toBe(before);
  });
});
