/**
 * The same bytes sent again after a 更正 replaced them (stat-qa2 finding 2): the bureau's first file was right, a
 * 更正 typed 5.1 for 51.3, and the re-sent first file was skipped as a duplicate with an info line while 5.1 stayed
 * current. Nothing is loaded twice, but the user is now told which file replaced the values and how to bring them back.
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));
const HEAD = "entity,period,indicator,value,unit,basis\n";

describe("a duplicate of a replaced file", () => {
  it("says that its values were replaced, by which file, and how to restore them", async () => {
    const p = tempProject();
    projects.push(p);
    const first = HEAD + "辽阳市,2024年,地区生产总值,51.3,亿元,当期\n";
    p.drop("统计局2024年全省及各市.csv", first);
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("统计局2024年全省及各市（更正）.csv", HEAD + "辽阳市,2024年,地区生产总值,5.1,亿元,当期\n");
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("统计局2024年全省及各市（更正2）.csv", first);
    const r = await p.run("ingest");
    const out = r.stdout + r.stderr;
    expect(out).toContain("统计局2024年全省及各市（更正2）.csv 与已入库的 统计局2024年全省及各市.csv 内容完全相同，未再次入库");
    expect(out).toContain("1 个数值已被 统计局2024年全省及各市（更正）.csv 取代");
    // (The log line is JSON: its quotes are escaped.)
    expect(out).toMatch(/zonestat withdraw \\?"统计局2024年全省及各市（更正）\.csv\\?"/);
    // Still the 更正's value: nothing guessed.
    const [v] = await p.query<{ value: number }>(`select value from main.observations where entity_code = '211000' and is_current and indicator_code = 'gdp'`);
    expect(v?.value).toBe(5.1);
  });

  it("a plain re-drop of a file whose values are current stays a quiet skip", async () => {
    const p = tempProject();
    projects.push(p);
    const first = HEAD + "辽阳市,2024年,地区生产总值,51.3,亿元,当期\n";
    p.drop("a.csv", first);
    expect((await p.run("ingest")).code).toBe(0);
    p.drop("a-again.csv", first);
    const r = await p.run("ingest");
    expect(r.stdout + r.stderr).not.toContain("内容完全相同");
  });
});
