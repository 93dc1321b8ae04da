/**
 * inc-qa finding 1: 需核实 flags must not depend on the order files arrive. After any
 * sequence of loads, corrections, withdraw and restore, the open comparative flags are
 * the ones loading the current files at once gives (pipelines/ingest/reaudit.ts).
 * Real DuckDB warehouse, real CSV files, the real CLI.
 */
import { existsSync } from "node:fs";
import path from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const Z = "沈阳经济技术开发区"; // ED210101, in 沈阳市 (210100)
const row = (e: string, period: string, v: number) => `${e},${period},地区生产总值,${v},亿元,累计\n`;

/**
 * The tester's scenario on one zone and its city (line 2 = the first data row):
 * A 2024年1-6月: Z 395000 — 万元 typed where 亿元 belongs (should be 39.5).
 * B 2024年1-3月: Z 18.5.
 * C 沈阳市 1-3月 500, 1-6月 1000, 1-9月 1500.
 * D 2024年1-9月: Z 61.3.
 * E 2024年1-6月 更正: Z 39.5.
 *
 * Failing comparisons on A–D, by hand:
 *   JUMP_20X     Z 1-6 395000 vs 1-3 18.5 (21351×); Z 1-9 61.3 vs 1-6 395000 (6444×).
 *   YTD_DECREASE Z 1-6 395000 → 1-9 61.3.
 *   ABOVE_PARENT Z 1-6 395000 > 沈阳市 1-6 1000.
 *   (Z 1-3 18.5 ≤ 500, Z 1-9 61.3 ≤ 1500, 沈阳市 500 ≤ 1000 ≤ 1500: clean.)
 * ABOVE_PARENT is the child's. 1-6 is a spike: 1-3 18.5 and 1-9 61.3 agree with each other (3.3×, and
 * 18.5 ≤ 61.3) but not with it, so both JUMP_20X and the fall land on the wrong cell too — the fall as YTD_OUT_OF_LINE,
 * decided by months (18.5 ÷ 3 = 6.17 and 61.3 ÷ 9 = 6.81 a month agree; 395000 ÷ 6 is far beyond both):
 * A line 2 carries ABOVE_PARENT, JUMP_20X, YTD_OUT_OF_LINE — whatever the arrival order.
 * With E current (39.5): 18.5 ≤ 39.5 ≤ 61.3, 39.5/18.5 ≈ 2.1, 61.3/39.5 ≈ 1.6, 39.5 ≤ 1000: no flag.
 */
const A = ["2024年1-6月_开发区.csv", HEAD + row(Z, "2024年1-6月", 395000)] as const;
const B = ["2024年1-3月_开发区.csv", HEAD + row(Z, "2024年1-3月", 18.5)] as const;
const C = ["2024年_沈阳市.csv", HEAD + row("沈阳市", "2024年1-3月", 500) + row("沈阳市", "2024年1-6月", 1000) + row("沈阳市", "2024年1-9月", 1500)] as const;
const D = ["2024年1-9月_开发区.csv", HEAD + row(Z, "2024年1-9月", 61.3)] as const;
const E = ["2024年1-6月_开发区_更正.csv", HEAD + row(Z, "2024年1-6月", 39.5)] as const;
const WRONG_CELL = ["2024年1-6月_开发区.csv:2:D ABOVE_PARENT", "2024年1-6月_开发区.csv:2:D JUMP_20X", "2024年1-6月_开发区.csv:2:D YTD_OUT_OF_LINE"];

type Flag = { flag_id: number; place: string; state: string; message: string; reason: string | null; confirmed_by: string | null };
async function flags(p: TestProject): Promise<Flag[]> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    return await db.all<Flag>(`select a.flag_id, f.name || ':' || a.line || ':' || a.col || ' ' || a.rule_code as place, a.state, a.message, c.reason, a.confirmed_by
      from ingest.audit_flags a join ingest.files f using (file_id) left join ingest.audit_flag_closures c using (flag_id) order by place, a.flag_id`);
  } finally {
    await db.close();
  }
}
/** Open flags as `status`, data_quality and the pages read them: open, of a loaded file. */
async function open(p: TestProject): Promise<string[]> {
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    const rows = await db.all<{ place: string }>(`select f.name || ':' || a.line || ':' || a.col || ' ' || a.rule_code as place
      from ingest.audit_flags a join ingest.files f using (file_id) where a.state = 'open' and f.status = 'loaded' order by place`);
    return rows.map((r) => r.place);
  } finally {
    await db.close();
  }
}
async function ingest(p: TestProject, ...files: ReadonlyArray<readonly [string, string]>) {
  for (const [name, text] of files) p.drop(name, text);
  const r = await p.run("ingest");
  expect(r.code, r.stderr).toBe(0);
  return r;
}

describe("JUMP_20X on the odd value, whatever the order", () => {
  it("400 typed for 18.8 between 8.8 and 29.2 (13.7× from 29.2: no jump there) carries the jump whether it arrived first or last", async () => {
    // inc-qa2 finding 1. 1-3月 8.8, 1-6月 400 (should be 18.8), 1-9月 29.2. Failing by hand: JUMP_20X 400/8.8 = 45×;
    // YTD_DECREASE 400 → 29.2. 29.2 is nearer 8.8 (3.3×) than 400 (13.7×): 400 is the odd one and carries both.
    const P3 = ["p3.csv", HEAD + row(Z, "2025年1-3月", 8.8)] as const;
    const P6 = ["p6.csv", HEAD + row(Z, "2025年1-6月", 400)] as const;
    const P9 = ["p9.csv", HEAD + row(Z, "2025年1-9月", 29.2)] as const;
    // The fall 400 → 29.2 decided by months (8.8 ÷ 3 = 2.93 and 29.2 ÷ 9 = 3.24 a month agree, 400 ÷ 6 = 66.7 is 20× them):
    // YTD_OUT_OF_LINE on the 400, held (it was a YTD_DECREASE mark before the months were read).
    const expected = ["p6.csv:2:D JUMP_20X", "p6.csv:2:D YTD_OUT_OF_LINE"];
    const first = tempProject();
    const atOnce = tempProject();
    projects.push(first, atOnce);
    await ingest(first, P6);
    await ingest(first, P3);
    const last = await ingest(first, P9);
    expect(await open(first)).toEqual(expected);
    // P9's own load-time YTD_DECREASE moved to p6: the run's summary counts none on P9 and says what moved.
    expect(last.stdout).not.toContain("个数值需核实");
    expect(last.stdout).toContain("审核复核");
    // p9 is decided clean at load time (the fall is p6's, by months): nothing flagged on it, so no .problems.txt; the
    // verdict on the stored p6 is the re-audit's, said in the run's summary.
    expect(existsSync(path.join(first.config.archive, "p9.csv.problems.txt"))).toBe(false);
    expect(last.stdout).toMatch(/新增 (\d+) 个需核实标记（其中 \1 个在较早入库的文件上）/);
    await ingest(atOnce, P3, P6, P9);
    expect(await open(atOnce)).toEqual(expected);
    // A confirmed flag stays confirmed when a neighbour's file is sent again with the same value (a 修订 of 1-3月).
    const [jump] = (await flags(atOnce)).filter((f) => f.place === "p6.csv:2:D JUMP_20X" && f.state === "open");
    const c = await atOnce.run("confirm", "--flag", String(jump!.flag_id), "--by", "张三", "--reason", "电话核实");
    expect(c.code, c.stderr).toBe(0);
    await ingest(atOnce, ["p3_修订.csv", HEAD + row(Z, "2025年1-3月", 8.8) + row("沈阳市", "2025年1-3月", 500)]);
    expect((await flags(atOnce)).find((f) => f.flag_id === jump!.flag_id)!.state).toBe("confirmed");
    // Confirming the 400 confirmed its YTD_OUT_OF_LINE too (the same value, pipelines/confirm.ts): nothing is open.
    expect(await open(atOnce)).toEqual([]);
    expect((await flags(atOnce)).find((f) => f.place === "p6.csv:2:D YTD_OUT_OF_LINE")!.state).toBe("confirmed");
  });
});

describe("appendedOnly: when the re-audit may be skipped", () => {
  it("a quarter after everything stored with no comparative finding is skipped; a late file, a correction or a finding is not", async () => {
    const p = tempProject();
    projects.push(p);
    const Q1 = ["q1.csv", HEAD + row(Z, "2024年1-3月", 18.5)] as const;
    const Q2 = ["q2.csv", HEAD + row(Z, "2024年1-6月", 39.5)] as const;
    const Q4 = ["q4.csv", HEAD + row(Z, "2024年1-12月", 85)] as const;
    const Q3late = ["q3.csv", HEAD + row(Z, "2024年1-9月", 61.3)] as const; // arrives after 1-12月
    const Q2fix = ["q2_更正.csv", HEAD + row(Z, "2024年1-6月", 40)] as const;
    const Y25 = ["y25.csv", HEAD + row(Z, "2025年1-3月", 9000)] as const; // 9000 / 85 > 20: JUMP_20X at load
    const { appendedOnly } = await import("../../pipelines/ingest/reaudit.js");
    const { loadAuditRules } = await import("../../pipelines/ingest/audit-rules.js");
    const { loadReference } = await import("../../pipelines/ingest/reference.js");
    const rules = loadAuditRules(p.config.auditRulesDir, loadReference(p.config.seedsDir));
    const skip = async (name: string) => {
      const db = await openDuckDB(p.config.warehouse, { readOnly: true });
      try {
        const [{ file_id }] = await db.all<{ file_id: number }>(`select file_id from ingest.files where name = ?`, [name]);
        return await appendedOnly(db, rules, [Number(file_id)]);
      } finally {
        await db.close();
      }
    };
    await ingest(p, Q1);
    expect(await skip("q1.csv")).toBe(true); // nothing before it
    await ingest(p, Q2);
    expect(await skip("q2.csv")).toBe(true); // after 1-3月, 39.5/18.5 ≈ 2.1: no finding
    await ingest(p, Q4);
    await ingest(p, Q3late);
    expect(await skip("q3.csv")).toBe(false); // 1-9月 ends before the stored 1-12月: that cell has a new neighbour
    await ingest(p, Q2fix);
    expect(await skip("q2_更正.csv")).toBe(false); // replaces the stored 1-6月
    await ingest(p, Y25);
    expect(await skip("y25.csv")).toBe(false); // after everything, but its load-time audit flagged it
    expect(await open(p)).toEqual(["y25.csv:2:D JUMP_20X"]);
  });
});

describe("re-audit over current values", () => {
  it("o1 (the wrong file first, its neighbours later) and o2 (all at once) give the same flags, on the wrong cell; the 更正 clears them; withdrawing it reopens them", async () => {
    const o1 = tempProject();
    const o2 = tempProject();
    projects.push(o1, o2);

    await ingest(o1, A); // alone: nothing to compare with
    expect(await open(o1)).toEqual([]);
    await ingest(o1, B, C);
    // Without D: ABOVE_PARENT on the child, A:2 (at load time the city's 1-6月 was flagged — a new parent below a
    // stored child — and the re-audit moved it). JUMP 1-3 18.5 vs 1-6 395000: no period before 1-3 or after 1-6
    // says which is wrong, so the later-loaded file's cell carries it (B:2), as a load in this order would.
    expect(await open(o1)).toEqual(["2024年1-3月_开发区.csv:2:D JUMP_20X", WRONG_CELL[0]]);
    const late = await ingest(o1, D);
    expect(await open(o1)).toEqual(WRONG_CELL);
    // D's own load-time findings (JUMP and YTD against 395000) were closed again, and said so.
    expect(late.stdout).toMatch(/解除 [1-9]\d* 个/);

    await ingest(o2, A, B, C, D);
    expect(await open(o2)).toEqual(WRONG_CELL);
    // Messages quote the current neighbours (the same text both ways).
    const msgs = async (p: TestProject) => (await flags(p)).filter((f) => f.state === "open").map((f) => `${f.place} ${f.message}`).sort();
    expect(await msgs(o1)).toEqual(await msgs(o2));
    expect((await msgs(o2)).join("\n")).toContain("395,000 亿元 高于其上级「沈阳市」同期的 1,000");

    // The 更正: 0 open flags both ways; each closed flag says why.
    for (const p of [o1, o2]) {
      const r = await ingest(p, E);
      expect(await open(p)).toEqual([]);
      expect((await p.run("status")).stdout).toContain("需核实的数值：0");
      const closed = (await flags(p)).filter((f) => f.place.startsWith("2024年1-6月_开发区.csv:2:D"));
      expect(closed.length).toBeGreaterThanOrEqual(3);
      for (const f of closed) expect(f.state === "corrected" || (f.state === "cleared" && f.reason!.startsWith("已解除"))).toBe(true);
      void r;
    }

    // Withdrawing the correction makes 395000 current again: the same three flags are open again, both ways.
    for (const p of [o1, o2]) {
      const w = await p.run("withdraw", E[0]);
      expect(w.code, w.stderr).toBe(0);
      expect(w.stdout).toContain("新增 3 个需核实标记");
      expect(await open(p)).toEqual(WRONG_CELL);
      // Restoring it clears them again.
      const r = await p.run("restore", E[0]);
      expect(r.code, r.stderr).toBe(0);
      expect(r.stdout).toContain("解除 3 个");
      expect(await open(p)).toEqual([]);
    }
  });

  it("a confirmed flag stays confirmed while its comparison holds, and is not opened again", async () => {
    const p = tempProject();
    projects.push(p);
    await ingest(p, A, B, C, D);
    const above = (await flags(p)).find((f) => f.place === WRONG_CELL[0] && f.state === "open")!;
    const ok = await p.run("confirm", "--flag", String(above.flag_id), "--by", "张三", "--reason", "电话核实");
    expect(ok.code, ok.stderr).toBe(0);
    // A later file on the same indicator re-audits gdp everywhere: 1-12月 80 ≥ 61.3 (≈1.3×), below 沈阳市's (none): clean.
    // The fall 1-6月 395000 → 1-9月 61.3 was decided already (by months: YTD_OUT_OF_LINE on the 1-6月), and confirmed with
    // the 395000 (same value); the 1-12月 adds evidence against the same cell, not a new flag.
    await ingest(p, ["2024年1-12月_开发区.csv", HEAD + row(Z, "2024年1-12月", 80)]);
    const after = (await flags(p)).filter((f) => f.place === WRONG_CELL[0]);
    expect(after.map((f) => [f.flag_id, f.state, f.confirmed_by])).toEqual([[above.flag_id, "confirmed", "张三"]]);
    // The confirmation of the 395000 confirmed its JUMP_20X and YTD_OUT_OF_LINE (same value) with it; they stay confirmed.
    expect((await flags(p)).find((f) => f.place === WRONG_CELL[1])).toMatchObject({ state: "confirmed", confirmed_by: "张三" });
    expect((await flags(p)).find((f) => f.place === WRONG_CELL[2])).toMatchObject({ state: "confirmed", confirmed_by: "张三" });
    expect(await open(p)).toEqual([]);
  });

  it("prefer: the preferred file's value is compared — flags open when it is the wrong one, close when it is not", async () => {
    const p = tempProject();
    projects.push(p);
    await ingest(p, A, B, C, D);
    // A second copy of 1-6月 with 39.5, no correction marker, same inferred edition (2024-07-01): the newer file (mtime,
    // then load order) is current, so by hand no comparison fails (as after E above).
    await ingest(p, ["2024年1-6月_开发区_重报.csv", HEAD + row(Z, "2024年1-6月", 39.5)]);
    expect(await open(p)).toEqual([]);
    // Preferring the first copy makes 395000 current again: the same three flags, opened again under their ids.
    const ids = (await flags(p)).filter((f) => WRONG_CELL.includes(f.place)).map((f) => f.flag_id);
    const r = await p.run("prefer", A[0]);
    expect(r.code, r.stderr).toBe(0);
    expect(r.stdout).toContain("新增 3 个需核实标记");
    expect(await open(p)).toEqual(WRONG_CELL);
    expect((await flags(p)).filter((f) => f.state === "open").map((f) => f.flag_id).every((id) => ids.includes(id))).toBe(true);
  });
});

describe("ABOVE_PARENT across corrections of the child, the parent and the grandparent", () => {
  it("a city's correction re-judges its zones' ABOVE_PARENT; a zone's correction leaves the city's own flag against the province alone", async () => {
    // 沈阳市 (210100) is 辽宁省's (210000) child; Z its zone. By hand, 2024年1-3月:
    // 1 (T, Zf): 辽宁省 400, 沈阳市 500, Z 18.5 → 沈阳市 500 > 400: ABOVE_PARENT on T:3 (the city's row).
    // 2 (Cfix): 沈阳市 10 → 10 ≤ 400 (T:3 no longer current: cleared); Z 18.5 > 10: ABOVE_PARENT on the STORED Zf:2 (its
    //   file unchanged: the re-audit finds it).
    // 3 (Pfix): 辽宁省 5 → 沈阳市 10 > 5: ABOVE_PARENT on Cfix:2.
    // 4 (Zfix): Z 8 ≤ 10: Zf:2's flag cleared; the city's flag against the province stays open (5 < 10 still).
    // At every step a re-audit over every loaded file changes nothing: the flags stand as the current values say.
    const T = ["t.csv", HEAD + row("辽宁省", "2024年1-3月", 400) + row("沈阳市", "2024年1-3月", 500)] as const;
    const Zf = ["zf.csv", HEAD + row(Z, "2024年1-3月", 18.5)] as const;
    const Cfix = ["cfix.csv", HEAD + row("沈阳市", "2024年1-3月", 10)] as const;
    const Pfix = ["pfix.csv", HEAD + row("辽宁省", "2024年1-3月", 5)] as const;
    const Zfix = ["zfix.csv", HEAD + row(Z, "2024年1-3月", 8)] as const;
    const p = tempProject();
    projects.push(p);
    const steps: Array<[ReadonlyArray<readonly [string, string]>, string[]]> = [
      [[T, Zf], ["t.csv:3:D ABOVE_PARENT"]],
      [[Cfix], ["zf.csv:2:D ABOVE_PARENT"]],
      [[Pfix], ["cfix.csv:2:D ABOVE_PARENT", "zf.csv:2:D ABOVE_PARENT"]],
      [[Zfix], ["cfix.csv:2:D ABOVE_PARENT"]],
    ];
    const { reaudit } = await import("../../pipelines/ingest/reaudit.js");
    const { loadAuditRules } = await import("../../pipelines/ingest/audit-rules.js");
    const { loadReference } = await import("../../pipelines/ingest/reference.js");
    const { openWarehouse } = await import("../../pipelines/warehouse/index.js");
    const ref = loadReference(p.config.seedsDir);
    const rules = loadAuditRules(p.config.auditRulesDir, ref);
    for (const [files, expected] of steps) {
      await ingest(p, ...files);
      expect(await open(p)).toEqual(expected);
      const wh = await openWarehouse(p.config.warehouse);
      try {
        const ids = (await wh.sql.all<{ file_id: number }>(`select file_id from ingest.files`)).map((r) => Number(r.file_id));
        expect(await reaudit(wh, rules, ref, ids, "2026-01-01T00:00:00Z")).toEqual({ openedOnEarlier: 0, opened: 0, closed: 0 });
      } finally {
        await wh.close();
      }
    }
  });
});

describe("ABOVE_PARENT over the same span whatever the 口径, against the nearest ancestor with a value", () => {
  it("a zone's 1-12月 累计 is compared with the bureau's 2024年 total; with no city figure, with the province's — in either arrival order", async () => {
    // quarantine-qa finding 1. By hand, 2024 (the 2024年 rows have no basis: a year's own total; 1-12月 累计 is the same span):
    //   辽宁省 地区生产总值 30000, 固定资产投资 8000; 沈阳市 地区生产总值 8000 (no 固定资产投资 figure).
    //   Z  (沈阳经开, line 2): 地区生产总值 1800 ≤ 8000; 固定资产投资 3500000 (万元 typed for 亿元): no city figure, so
    //      against 辽宁省 8000 → ABOVE_PARENT on Z's 固定资产投资 (column D of its row), naming 辽宁省.
    //   Z2 (沈阳辉山, line 3): 地区生产总值 9000 > 沈阳市 8000 (though < 辽宁省 30000) → ABOVE_PARENT naming 沈阳市.
    const line = (e: string, period: string, ind: string, v: number, basis: string) => `${e},${period},${ind},${v},亿元,${basis}\n`;
    const TOT = ["2024年各市.csv", HEAD + line("辽宁省", "2024年", "地区生产总值", 30000, "") + line("辽宁省", "2024年", "固定资产投资", 8000, "")
      + line("沈阳市", "2024年", "地区生产总值", 8000, "")] as const;
    const ZON = ["2024年1-12月_开发区.csv", HEAD + line(Z, "2024年1-12月", "固定资产投资", 3500000, "累计")
      + line("沈阳辉山经济技术开发区", "2024年1-12月", "地区生产总值", 9000, "累计") + line(Z, "2024年1-12月", "地区生产总值", 1800, "累计")] as const;
    const expected = ["2024年1-12月_开发区.csv:2:D ABOVE_PARENT", "2024年1-12月_开发区.csv:3:D ABOVE_PARENT"];
    for (const order of [[TOT, ZON], [ZON, TOT]]) {
      const p = tempProject();
      projects.push(p);
      for (const f of order) await ingest(p, f);
      expect(await open(p)).toEqual(expected);
      const msgs = (await flags(p)).filter((f) => f.state === "open").map((f) => f.message);
      expect(msgs.find((m) => m.includes("固定资产投资"))).toContain("辽宁省");
      expect(msgs.find((m) => m.includes("9,000"))).toContain("沈阳市");
    }
  });
  it("the nearest ancestor with a figure is the parent whichever arrives first: a zone below its city is not compared with a smaller province total", async () => {
    // By hand, 2024 地区生产总值: 辽宁省 30000, 沈阳市 40000 (itself above its province: TOT line 3 flagged), Z 35000 —
    // above 辽宁省 but below 沈阳市, its nearest ancestor with a figure → Z is not flagged. 沈阳辉山 45000 > 沈阳市 40000
    // → flagged, naming 沈阳市 (not 辽宁省). Both orders: the zones stored first, then both totals new (the load-time
    // check picks among new parents), and the totals first.
    const line = (e: string, period: string, v: number, basis: string) => `${e},${period},地区生产总值,${v},亿元,${basis}\n`;
    const TOT = ["2024年各市.csv", HEAD + line("辽宁省", "2024年", 30000, "") + line("沈阳市", "2024年", 40000, "")] as const;
    const ZON = ["2024年1-12月_开发区.csv", HEAD + line(Z, "2024年1-12月", 35000, "累计") + line("沈阳辉山经济技术开发区", "2024年1-12月", 45000, "累计")] as const;
    for (const order of [[TOT, ZON], [ZON, TOT]]) {
      const p = tempProject();
      projects.push(p);
      for (const f of order) await ingest(p, f);
      expect(await open(p)).toEqual(["2024年1-12月_开发区.csv:3:D ABOVE_PARENT", "2024年各市.csv:3:D ABOVE_PARENT"]);
      const msgs = (await flags(p)).filter((f) => f.state === "open").map((f) => f.message);
      expect(msgs.find((m) => m.includes("45,000"))).toContain("「沈阳市」");
    }
  });
});
