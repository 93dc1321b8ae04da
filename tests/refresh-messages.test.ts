/**
 * Operator finding 8: refresh says what it did — full or incremental build (and why,
 * or which years), the data tests run, pages published and how many changed — and,
 * after withdraw / restore / prefer / a project edit, why it rebuilds instead of
 * "上一次运行未完成"; those commands appear in status's run history.
 * Expected years by hand: the sample files named here hold only their own year's periods.
 */
import { appendFileSync, readFileSync } from "node:fs";
import path from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import { REPO, tempProject, type TestProject } from "./support/project.js";

vi.setConfig({ testTimeout: 600_000 });

const SAMPLE = path.join(REPO, "sources/sample/inbox");
const Q1_2022 = "示例_2022年1-3月全省经济开发区主要经济指标.csv";
const Q1_2023 = "示例_2023年1-3月全省经济开发区主要经济指标.csv";
const H1_2022 = "示例_2022年1-6月全省经济开发区主要经济指标.csv";
let p: TestProject;
afterAll(() => p?.cleanup());

describe("what refresh says it did", () => {
  it("first build full, then incremental with the year; after withdraw/restore/prefer and a project edit it says why, never 上一次运行未完成", async () => {
    p = tempProject("schedule:\n  stable_seconds: 0\n", { ownProject: true });
    p.dropFrom(path.join(SAMPLE, Q1_2022));
    p.dropFrom(path.join(SAMPLE, Q1_2023));
    const first = await p.run("refresh");
    expect(first.code, first.stderr).toBe(0);
    expect(first.stdout).toContain("全量构建（首次完整构建）");
    expect(first.stdout).toMatch(/数据测试 \d+ 项：通过 \d+/);
    const all = /发布 (\d+) 页（其中 (\d+) 页有变化）/.exec(first.stdout);
    expect(all).not.toBeNull();
    expect(all![2]).toBe(all![1]); // a first publish renders every page
    // Every page's shell names the latest load to the minute (最近入库 HH:mm): pages can be carried over only when the
    // second load falls in the same minute — under a loaded CI the two refreshes may straddle one.
    const lastLoad = () => /最近入库 ([^）]*)）/.exec(readFileSync(path.join(p.config.site, "index.html"), "utf8"))?.[1];
    const firstLoad = lastLoad();

    // A 2022 file under a 2023 latest period: only 2022 is recomputed, and pages of 2023 alone are carried over.
    p.dropFrom(path.join(SAMPLE, H1_2022));
    const second = await p.run("refresh");
    expect(second.code, second.stderr).toBe(0);
    expect(second.stdout).toContain("入库 1 个文件");
    expect(second.stdout).toContain("增量构建（重算 2022 年）");
    const some = /发布 (\d+) 页（其中 (\d+) 页有变化）/.exec(second.stdout)!;
    if (lastLoad() === firstLoad) expect(Number(some[2])).toBeLessThan(Number(some[1]));

    expect((await p.run("withdraw", H1_2022)).code).toBe(0);
    const afterWithdraw = await p.run("refresh");
    expect(afterWithdraw.code, afterWithdraw.stderr).toBe(0);
    expect(afterWithdraw.stdout + afterWithdraw.stderr).not.toContain("上一次运行未完成");
    expect(afterWithdraw.stdout).toContain(`原因：上次构建后运行了 zonestat withdraw（已撤回 ${H1_2022}`);
    expect(afterWithdraw.stdout).toContain("增量构建（重算 2022 年）");

    expect((await p.run("restore", H1_2022)).code).toBe(0);
    expect((await p.run("prefer", Q1_2022)).code).toBe(0);
    const status = (await p.run("status")).stdout;
    expect(status).toMatch(/ withdraw ok \d+ms 已撤回 示例_2022年1-6月/);
    expect(status).toMatch(/ restore ok \d+ms 已恢复 示例_2022年1-6月/);
    expect(status).toMatch(/ prefer ok \d+ms 已指定 示例_2022年1-3月\S* 优先/);
    const afterRestore = await p.run("refresh");
    expect(afterRestore.code, afterRestore.stderr).toBe(0);
    expect(afterRestore.stdout + afterRestore.stderr).not.toContain("上一次运行未完成");
    expect(afterRestore.stdout).toMatch(/上次构建后运行了 zonestat restore（已恢复 示例_2022年1-6月[^）]*）[^）]*）、zonestat prefer（已指定 示例_2022年1-3月/);

    // A project edit (a comment in dbt_project.yml changes the project's fingerprint): a full build, said why.
    appendFileSync(path.join(p.dir, "project", "dbt_project.yml"), "\n# 测试：项目定义改动\n");
    const afterEdit = await p.run("refresh");
    expect(afterEdit.code, afterEdit.stderr).toBe(0);
    expect(afterEdit.stdout + afterEdit.stderr).not.toContain("上一次运行未完成");
    expect(afterEdit.stdout).toContain("全量构建（项目定义或变量已改变）");
    expect(afterEdit.stdout).toContain("原因：项目定义");
  });
});

describe("refresh's last line", () => {
  it("says what the re-audit moved beside the count of values 需核实 (quarantine-qa finding 9: it was only in the JSON log)", async () => {
    const { refreshMsg } = await import("../pipelines/refresh-messages.js");
    const { reauditLine } = await import("../pipelines/ingest/reaudit-run.js");
    const line = refreshMsg.done({ loaded: 1, rejected: 0, flagged: 1, reaudit: reauditLine({ opened: 1, openedOnEarlier: 1, closed: 2 }) || undefined, pages: "发布 3 页" });
    expect(line).toBe("入库 1 个文件，拒收 0 个，1 个数值需核实（审核复核（按现行数值重新比较）：新增 1 个需核实标记（其中 1 个在较早入库的文件上），解除 2 个（各自的原因写在其文件的 .problems.txt 中））；未构建（模型已是最新）；发布 3 页");
    // Nothing moved: nothing said.
    expect(refreshMsg.done({ loaded: 1, rejected: 0, flagged: 0, reaudit: reauditLine({ opened: 0, openedOnEarlier: 0, closed: 0 }) || undefined, pages: "发布 3 页" })).toBe("入库 1 个文件，拒收 0 个；未构建（模型已是最新）；发布 3 页");
  });
});
