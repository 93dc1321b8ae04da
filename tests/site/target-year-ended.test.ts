/**
 * stat-qa7 F13: a target whose year is over but whose full-year figure has not arrived (only 1-9月 loaded) stood under
 * 总览's 仍在期限内的目标 with 符合进度 from its 1-9月. It is listed apart, saying its deadline verdict awaits the year.
 * The target year is set to last calendar year so the test holds whatever year it runs in.
 */
import { appendFileSync } from "node:fs";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";
import { GDP_HEAD, SHENYANG_OTHERS, pageText } from "../support/shenyang-gdp.js";

vi.setConfig({ testTimeout: 900_000, hookTimeout: 900_000 });

const year = new Date().getFullYear() - 1;
const ZONES = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区", ...SHENYANG_OTHERS];

let p: TestProject;
beforeAll(async () => {
  p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
  appendFileSync(path.join(p.config.projectDir, "sources/seeds/targets.csv"),
    `T-ENDED,000_a15158e3137421c5.txt,测试,到${year}年沈阳开发区地区生产总值达到100亿元,C210100_ED,gdp,level,>=,false,,,,,,${year},100,亿元,linear,,true,,\n`);
  p.drop(`${year}年1-9月_沈阳开发区.csv`, GDP_HEAD + ZONES.map((z) => `${z},${year}年1-9月,地区生产总值,10,亿元,累计\n`).join(""));
  const r = await p.run("refresh");
  expect(r.code, r.stdout + r.stderr).toBe(0);
});
afterAll(() => p?.cleanup());

describe("a target whose year is over, with only part-year data", () => {
  it("总览 lists it under 目标年已过、全年数据未到, not 仍在期限内", () => {
    // The page's own text after its table of contents (which lists the headings too).
    const all = pageText(p, "index.html");
    const t = all.slice(all.indexOf("关键指标 有数据的目标"));
    expect(t).toMatch(/目标年已过、全年数据未到的目标（\d+ 项，其中 \d+ 项暂无数据）/);
    const live = t.slice(t.indexOf("仍在期限内的目标"), t.indexOf("目标年已过、全年数据未到的目标"));
    expect(live).not.toContain(`到${year}年沈阳开发区地区生产总值达到100亿元`);
    const awaiting = t.slice(t.indexOf("目标年已过、全年数据未到的目标"), t.indexOf("已到期的目标"));
    expect(awaiting).toContain("到期是否达成待目标年全年数据入库后判定");
    expect(awaiting).toContain(`到${year}年沈阳开发区地区生产总值达到100亿元`);
  });
});
