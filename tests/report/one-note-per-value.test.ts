/**
 * 数据说明 of the 季度分析 for a disputed value (reader-qa3 5 and 6): the same file name sent twice with a different
 * 地区生产总值 for 沈阳经开区 and equal evidence of edition — a version conflict. The value is one note, under one term
 * (版本冲突), never also a 修订 and a 需核实 item; and a reader's document names no command.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
let md = "";
const NAME = "2025年1-9月_开发区.csv";
const HEAD = "主体,期间,指标,数值,单位\n";
const FIRST = HEAD + "ED210101,2025年1-9月,地区生产总值,19.8,亿元\n";
const SECOND = HEAD + "ED210101,2025年1-9月,地区生产总值,18.9,亿元\n";

beforeAll(async () => {
  p = tempProject();
  for (const text of [FIRST, SECOND]) {
    p.drop(NAME, text);
    const r = await p.run("refresh");
    expect(r.code, r.stderr).toBe(0);
  }
  const out = path.join(p.dir, "r.md");
  const r = await p.run("report", "--period", "2025年1-9月", "--format", "md", "--out", out);
  expect(r.code, r.stdout + r.stderr).toBe(0);
  md = readFileSync(out, "utf8");
}, 300_000);
afterAll(() => p.cleanup());

describe("a disputed value in 数据说明", () => {
  it("is one note, called 版本冲突, naming both figures in the order the files came and the one used", () => {
    const notes = md.split("## 六、数据说明")[1]!.split("## 附表")[0]!;
    // Before: a 修订 note (19.8 → 18.9 of the same file name), a 需核实 note with the files' short sha and the
    // operator's command (zonestat prefer), for this one value.
    expect(notes).not.toContain("经修订");
    expect(notes).not.toContain("需核实");
    expect(notes).not.toMatch(/zonestat|（[0-9a-f]{8}）/);
    const about = notes.split(/\n\s*\n/).filter((n) => /19\.8|18\.9/.test(n));
    // 19.8 came first, 18.9 second and current (the later file of equal evidence).
    expect(about).toEqual([
      `6. 版本冲突：2025年1-9月沈阳经济技术开发区地区生产总值有2个不同的报送值：第1份入库的「${NAME}」为19.8亿元，第2份入库的「${NAME}」为18.9亿元；这些文件的数据版本证据相同，无法判断哪个是更正后的数值。本报告暂用18.9亿元，待报送单位确认后以确认的数值为准。`,
    ]);
  });
});
