/**
 * FIRST_QUARTER_JUMP marks a flow's FIRST value of a year — its 1-3月 累计, or a 年 value with no 累计 of that year —
 * beyond ×5 or below ÷5 of its 上年同期, on zone values and city totals alike (stat-qa4 F19, F18, F10, F17;
 * audit-increment.ts firstPeriodsSql); with that mark on a ×0.1 city total, ABOVE_PARENT's children-sum evidence puts
 * its flag on the city, not on the right largest zone. PEER_OUTLIER counts a 年 value's own year's 累计 as history
 * (F1). Both arrival orders: this year's file before or after last year's (the re-audit).
 */
import { afterEach, describe, expect, it } from "vitest";
import { tempProject, type TestProject } from "../support/project.js";

const projects: TestProject[] = [];
afterEach(() => projects.splice(0).forEach((p) => p.cleanup()));

const HEAD = "entity,period,indicator,value,unit,basis\n";
const YEAR_HEAD = "entity,period,indicator,value,unit\n";
const CITY = "沈阳市";
const Z1 = "沈阳经济技术开发区"; // all three in 沈阳市
const Z2 = "沈阳辉山经济技术开发区";
const Z3 = "沈阳金融商贸开发区";
type Row = readonly [string, number];
/** A 累计 file (basis 累计) or, for a period like 「2025年」, an annual file (no basis: a year's flow). */
const file = (name: string, period: string, rows: readonly Row[]): readonly [string, string] => period.endsWith("月")
  ? [name, HEAD + rows.map(([e, v]) => `${e},${period},地区生产总值,${v},亿元,累计\n`).join("")]
  : [name, YEAR_HEAD + rows.map(([e, v]) => `${e},${period},地区生产总值,${v},亿元\n`).join("")];

async function flags(p: TestProject): Promise<Array<{ place: string; message: string }>> {
  return p.query(`select f.name || ':' || a.line || ' ' || a.rule_code as place, a.message from ingest.audit_flags a join ingest.files f using (file_id)
    where a.state = 'open' and f.status = 'loaded' order by place`);
}
/** One ingest run per file, in list order; `atOnce`: all dropped, then one run (a batch, batch.ts). */
async function load(...files: ReadonlyArray<readonly [string, string]>): Promise<Array<{ place: string; message: string }>> {
  return loadWith(false, files);
}
async function loadWith(atOnce: boolean, files: ReadonlyArray<readonly [string, string]>): Promise<Array<{ place: string; message: string }>> {
  const p = tempProject();
  projects.push(p);
  for (const [k, f] of files.entries()) {
    p.drop(f[0], f[1]);
    if (atOnce && k < files.length - 1) continue;
    const r = await p.run("ingest");
    expect(r.code, r.stdout + r.stderr).toBe(0);
  }
  return flags(p);
}

// 2024年1-3月 (right): 沈阳市 1400, Z1 150, Z2 60, Z3 30 (stat-qa4's numbers).
const Q24 = file("a_2024年1-3月.csv", "2024年1-3月", [[CITY, 1400], [Z1, 150], [Z2, 60], [Z3, 30]]);

describe("FIRST_QUARTER_JUMP: a year's first value against its 上年同期, both ways", () => {
  // F19. 2025年1-3月 zones: Z1 16 (typed for 160): 16 ÷ 150 = 0.1067 < 1/5 → marked, 「0.11 倍」; Z2 650 (for 65):
  // 650 ÷ 60 = 10.83, in (5, 15] → marked 「10.8 倍」 as before; Z3 32 ÷ 30 = 1.07 → nothing. 沈阳市 1450 ÷ 1400 = 1.04.
  // 16 + 650 + 32 = 698 < 1450: no ABOVE_PARENT.
  const Z25 = file("b_2025年1-3月_开发区.csv", "2025年1-3月", [[Z1, 16], [Z2, 650], [Z3, 32]]);
  const C25 = file("c_2025年1-3月_各市.csv", "2025年1-3月", [[CITY, 1450]]);
  for (const [label, order] of [["last year first", [Q24, Z25, C25]], ["last year last (the re-audit)", [Z25, C25, Q24]]] as const) {
    it(`F19: a zone's 1-3月 ×0.1 is marked, as the ×10 is (${label})`, async () => {
      const open = await load(...order);
      expect(open.map((f) => f.place)).toEqual([`${Z25[0]}:2 FIRST_QUARTER_JUMP`, `${Z25[0]}:3 FIRST_QUARTER_JUMP`]);
      expect(open[0]!.message).toBe("「地区生产总值」2025年1-3月累计 16 亿元，是上年同期（2024年1-3月 150）的 0.11 倍（是否多输或少输了一位？）");
      expect(open[1]!.message).toBe("「地区生产总值」2025年1-3月累计 650 亿元，是上年同期（2024年1-3月 60）的 10.8 倍（是否多输或少输了一位？）");
    });
  }

  // F18. 2025年1-3月 zones right (Z1 160, Z2 65, Z3 32: 1.07×, 1.08×, 1.07× their 上年同期); 沈阳市 145 (for 1450):
  // 145 ÷ 1400 = 0.1036 < 1/5 → FIRST_QUARTER_JUMP on the city, 「0.10 倍」. Z1 160 > 145 → ABOVE_PARENT; its city's
  // zones sum 160 + 65 + 32 = 257 > 145 × 1.1 = 159.5, three of them, none held, and the 145 carries another rule's
  // finding (the mark above) → the flag is the city's (without the largest zone 65 + 32 = 97 < 159.5: the mark is the
  // second witness). Nothing on the zones.
  const Z25r = file("b_2025年1-3月_开发区.csv", "2025年1-3月", [[Z1, 160], [Z2, 65], [Z3, 32]]);
  const C25t = file("c_2025年1-3月_各市.csv", "2025年1-3月", [[CITY, 145]]);
  const F18_ABOVE = "「沈阳经济技术开发区」的「地区生产总值」160 亿元 高于其上级「沈阳市」同期的 145 亿元，而这一上级总量还低于其 3 个下级（开发区或城市）的合计 257，"
    + "且本身需核实（FIRST_QUARTER_JUMP）：需核实的是上级总量，此数值照常计入";
  const f18: Array<[string, ReadonlyArray<readonly [string, string]>]> = [
    ["zones, then the city", [Q24, Z25r, C25t]],
    ["the city, then the zones", [Q24, C25t, Z25r]],
    ["this year first, last year last (the re-audit)", [C25t, Z25r, Q24]],
  ];
  for (const [label, order, atOnce] of [...f18.map(([l, o]) => [l, o, false] as const), ["all three files in one run (a batch)", [Q24, Z25r, C25t], true] as const]) {
    it(`F18: a city total's 1-3月 ×0.1 is marked, and ABOVE_PARENT falls on it, not on the right zone (${label})`, async () => {
      const open = await loadWith(atOnce, order);
      expect(open.map((f) => f.place)).toEqual([`${C25t[0]}:2 ABOVE_PARENT`, `${C25t[0]}:2 FIRST_QUARTER_JUMP`]);
      expect(open[0]!.message).toBe(F18_ABOVE);
      expect(open[1]!.message).toBe("「地区生产总值」2025年1-3月累计 145 亿元，是上年同期（2024年1-3月 1,400）的 0.10 倍（是否多输或少输了一位？）");
    });
  }

  it("a 1-3月 within ×5 and ÷5 of last year's is not marked (4.9× up, 0.21× down)", async () => {
    // Z1 735 ÷ 150 = 4.9; Z2 12.6 ÷ 60 = 0.21; no city total this year.
    expect(await load(Q24, file("b_2025年1-3月.csv", "2025年1-3月", [[Z1, 735], [Z2, 12.6]]))).toEqual([]);
  });
});

describe("FIRST_QUARTER_JUMP: a 年 value with no 累计 of its year, against last year's 年", () => {
  // F10 / F17 (stat-qa4's numbers). 2024年 (right): 沈阳市 6100, Z1 640, Z2 258, Z3 130.
  const Y24 = file("a_2024年.csv", "2024年", [[CITY, 6100], [Z1, 640], [Z2, 258], [Z3, 130]]);

  // F10. 2025年 zones: Z1 680 (1.06×), Z2 2700 (for 270: 2700 ÷ 258 = 10.47 → 「10.5 倍」, under JUMP_20X's 20), Z3 13
  // (for 138: 13 ÷ 130 = 0.10 → 「0.10 倍」); 沈阳市 6400 (1.05×). 680 + 2700 + 13 = 3393 < 6400: no ABOVE_PARENT.
  const Z25 = file("b_2025年_开发区.csv", "2025年", [[Z1, 680], [Z2, 2700], [Z3, 13]]);
  const C25 = file("c_2025年_各市.csv", "2025年", [[CITY, 6400]]);
  for (const [label, order] of [["last year first", [Y24, Z25, C25]], ["last year last (the re-audit)", [Z25, C25, Y24]]] as const) {
    it(`F10: zone 年 values ×10 and ×0.1 of last year's are marked (${label})`, async () => {
      const open = await load(...order);
      expect(open.map((f) => f.place)).toEqual([`${Z25[0]}:3 FIRST_QUARTER_JUMP`, `${Z25[0]}:4 FIRST_QUARTER_JUMP`]);
      expect(open[0]!.message).toBe("「地区生产总值」2025年（年度值） 2,700 亿元，是上年同期（2024年 258）的 10.5 倍（是否多输或少输了一位？）");
      expect(open[1]!.message).toBe("「地区生产总值」2025年（年度值） 13 亿元，是上年同期（2024年 130）的 0.10 倍（是否多输或少输了一位？）");
    });
  }

  // F17. 2025年 zones right (680, 270, 138); 沈阳市 640 (for ~6400): 640 ÷ 6100 = 0.1049 → 「0.10 倍」. Z1 680 > 640 →
  // ABOVE_PARENT; the zones sum 680 + 270 + 138 = 1088 > 640 × 1.1 = 704 and the 640 carries the mark → the city's
  // flag (without Z1: 408 < 704). Nothing on the zones.
  const Z25r = file("b_2025年_开发区.csv", "2025年", [[Z1, 680], [Z2, 270], [Z3, 138]]);
  const C25t = file("c_2025年_各市.csv", "2025年", [[CITY, 640]]);
  for (const [label, order] of [["last year first", [Y24, Z25r, C25t]], ["last year last (the re-audit)", [C25t, Z25r, Y24]]] as const) {
    it(`F17: a city's 年 total ×0.1 is marked and carries ABOVE_PARENT; the right zone 680 is not flagged (${label})`, async () => {
      const open = await load(...order);
      expect(open.map((f) => f.place)).toEqual([`${C25t[0]}:2 ABOVE_PARENT`, `${C25t[0]}:2 FIRST_QUARTER_JUMP`]);
      expect(open[0]!.message).toBe("「沈阳经济技术开发区」的「地区生产总值」680 亿元 高于其上级「沈阳市」同期的 640 亿元，而这一上级总量还低于其 3 个下级（开发区或城市）的合计 1,088，"
        + "且本身需核实（FIRST_QUARTER_JUMP）：需核实的是上级总量，此数值照常计入");
      expect(open[1]!.message).toBe("「地区生产总值」2025年（年度值） 640 亿元，是上年同期（2024年 6,100）的 0.10 倍（是否多输或少输了一位？）");
    });
  }

  it("a 年 value after a 1-9月 of its year is not a first value: INCREMENT_JUMP's, not this rule's", async () => {
    // 2025年1-9月 Z2 200; 2025年 Z2 2700: 当季增量 2500 against the mean 200 ÷ 3 = 66.67 (37.5× > 15) → INCREMENT_JUMP
    // (held); not also FIRST_QUARTER_JUMP, though 2700 ÷ 258 = 10.5.
    const open = await load(Y24, file("b_2025年1-9月.csv", "2025年1-9月", [[Z2, 200]]), file("c_2025年.csv", "2025年", [[Z2, 2700]]));
    expect(open.map((f) => f.place)).toEqual(["c_2025年.csv:2 INCREMENT_JUMP"]);
  });
});

describe("PEER_OUTLIER: a 年 value's own year's 累计 are its history (stat-qa4 F1)", () => {
  it("a 年 value ×10000 after its 1-9月 is INCREMENT_JUMP's only, not also 「没有上年同期或此前的数值可比」", async () => {
    // 2024年1-9月 Z1 470, Z2 190, Z3 80; 2024年 Z1 640, Z2 258, Z3 1080000 (108 亿元 typed in 万元). Z3: 1080000 > 6 × 640
    // and > 640 + 258 — PEER_OUTLIER's test — but the 1-9月 80 three months before is history: no PEER_OUTLIER. Its
    // 当季增量 1079920 against 80 ÷ 3 = 26.67 → INCREMENT_JUMP.
    const open = await load(file("a_2024年1-9月.csv", "2024年1-9月", [[Z1, 470], [Z2, 190], [Z3, 80]]),
      file("b_2024年.csv", "2024年", [[Z1, 640], [Z2, 258], [Z3, 1080000]]));
    expect(open.map((f) => f.place)).toEqual(["b_2024年.csv:4 INCREMENT_JUMP"]);
  });

  it("the 1-9月 after the 年 value: the re-audit closes PEER_OUTLIER and INCREMENT_JUMP takes the 年 value", async () => {
    // Same numbers, the 年 file first: at its load Z3 has no history → PEER_OUTLIER (1080000 > 6 × 640, > 898); the
    // 1-9月 then gives it its year's 累计 → PEER_OUTLIER closes, INCREMENT_JUMP (1079920 against 26.67) opens.
    const open = await load(file("a_2024年.csv", "2024年", [[Z1, 640], [Z2, 258], [Z3, 1080000]]),
      file("b_2024年1-9月.csv", "2024年1-9月", [[Z1, 470], [Z2, 190], [Z3, 80]]));
    expect(open.map((f) => f.place)).toEqual(["a_2024年.csv:4 INCREMENT_JUMP"]);
  });

  it("a 年 value with no history of any kind is still compared with its peers", async () => {
    // 2024年 only: Z3 1080000 > 6 × 640 and > 640 + 258 → PEER_OUTLIER (nothing else can speak).
    const open = await load(file("b_2024年.csv", "2024年", [[Z1, 640], [Z2, 258], [Z3, 1080000]]));
    expect(open.map((f) => f.place)).toEqual(["b_2024年.csv:4 PEER_OUTLIER"]);
  });
});
