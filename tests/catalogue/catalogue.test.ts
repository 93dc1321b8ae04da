/**
 * The target catalogue read back against the documents. Expected values were copied
 * by hand from shared/seeds/*.txt (clause in each test name).
 */
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalogue, type Target } from "../../pipelines/catalogue.js";
import { REPO, SHARED } from "../support/project.js";

const SEEDS = path.join(REPO, "sources/seeds");
const cat = loadCatalogue(SEEDS);
const byId = new Map(cat.targets.map((t) => [t.id, t]));
const pick = (id: string) => {
  const t = byId.get(id);
  if (!t) throw new Error(`no target ${id}`);
  return { scope: t.scope_code, indicator: t.indicator_code, kind: t.kind, comparator: t.comparator, base_year: t.base_year, base_value: t.base_value, target_year: t.target_year, target_value: t.target_value, unit: t.unit };
};

describe("targets read back against the documents", () => {
  it("000 二（三）2: 地区生产总值达到10500亿元以上 (2016 base 6403, 专栏4)", () => {
    expect(pick("D000-01")).toEqual({ scope: "LN_ED", indicator: "gdp", kind: "level", comparator: ">=", base_year: 2016, base_value: 6403, target_year: 2020, target_value: 10500, unit: "亿元" });
  });
  it("000 二（三）2: 占全省总量40%以上", () => {
    expect(pick("D000-02")).toMatchObject({ kind: "share", comparator: ">=", target_year: 2020, target_value: 40, unit: "%" });
    expect(byId.get("D000-02")!.denominator_code).toBe("210000");
  });
  it("000 二（三）5: 实际利用外资额超过60亿美元 (专栏4 base 10.8)", () => {
    expect(pick("D000-11")).toMatchObject({ indicator: "fdi", base_value: 10.8, target_value: 60, unit: "亿美元" });
  });
  it("000 二（三）6: 单位土地产出值接近或达到10亿元/平方公里 (≈)", () => {
    expect(pick("D000-16")).toMatchObject({ comparator: "≈", target_value: 10, unit: "亿元/平方公里" });
  });
  it("000 二（三）7: 单位工业增加值能耗同2016年比下降25% — a reduction, not evaluable", () => {
    expect(pick("D000-17")).toMatchObject({ kind: "reduction", base_year: 2016, target_value: 25 });
    expect(byId.get("D000-17")!.evaluable).toBe(false);
  });
  it("000 专栏5: 大连市 2016年6家 → 2020年12家", () => {
    expect(pick("D000-C5-210200")).toMatchObject({ scope: "C210200_ED", kind: "count_per_city", base_value: 6, target_value: 12 });
  });
  it("001 总体要求1 / 附件1: 工业增加值 2030年 2440亿元, 2028年 2200亿元", () => {
    expect(pick("D001-04")).toMatchObject({ scope: "C210100_ED", target_year: 2030, target_value: 2440, unit: "亿元" });
    expect(cat.milestones.filter((m) => m.target_id === "D001-04")).toEqual([{ target_id: "D001-04", year: 2028, value: 2200, clause: "附件1 第2行（2028年）" }]);
  });
  it("001 总体要求2: 进出口总额力争1400亿元 (aspirational), conflicting with 附件1's 1474", () => {
    const text = byId.get("D001-14")!;
    const annex = byId.get("D001-15")!;
    expect([text.target_value, text.aspirational, annex.target_value]).toEqual([1400, true, 1474]);
    expect(text.conflict_group).toBe(annex.conflict_group);
  });
  it("001 总体要求2: 实际利用外资 3.15亿美元, 年均增长10%以上, 占全市比重70%", () => {
    expect(pick("D001-20")).toMatchObject({ target_value: 3.15, unit: "亿美元" });
    expect(pick("D001-19")).toMatchObject({ kind: "growth", target_value: 10, unit: "%" });
    expect(pick("D001-21")).toMatchObject({ kind: "share", target_value: 70 });
    expect(byId.get("D001-21")!.denominator_code).toBe("210100");
  });
  it("001 总体要求4 vs 附件2（三）: energy intensity 不低于全市水平 vs 下降30%以上, kept both as a conflict", () => {
    expect(byId.get("D001-29")!.conflict_group).toBe("D001-ENERGY");
    expect(pick("D001-30")).toMatchObject({ kind: "reduction", target_value: 30, base_year: 2024 });
  });
  it("002 二（四）: 高新区GDP占全省GDP比重力争达到10%以上", () => {
    expect(pick("D002-03")).toMatchObject({ scope: "LN_HT", kind: "share", target_value: 10 });
    expect(byId.get("D002-03")!.aspirational).toBe(true);
  });
  it("002 三（二） vs 三（二）3: 新升级国家级高新区2家 vs 5个 — a conflict", () => {
    expect([byId.get("D002-06")!.conflict_group, byId.get("D002-07")!.conflict_group]).toEqual(["D002-UPGRADE", "D002-UPGRADE"]);
  });
  it("003 一: 进出口总额占全省的比重由12.8%提高到15%以上 — another province (P003), base 2014", () => {
    expect(pick("D003-02")).toEqual({ scope: "P003_ETDZ", indicator: "trade", kind: "share", comparator: ">=", base_year: 2014, base_value: 12.8, target_year: 2020, target_value: 15, unit: "%" });
  });
  it("004 一（四）: 沈阳地区生产总值力争达到1万亿元", () => {
    expect(pick("D004-02")).toMatchObject({ scope: "210100", indicator: "gdp", target_value: 10000, unit: "亿元" });
  });
});

describe("completeness", () => {
  const numbersIn = (text: string) => [...text.matchAll(/\d+(?:\.\d+)?/g)].map((m) => Number(m[0]));
  const catalogueNumbers = new Set([...cat.targets.flatMap((t) => [t.base_value, t.target_value, t.base_year, t.target_year]), ...cat.milestones.map((m) => m.value), ...cat.targets.flatMap((t) => numbersIn(t.phrase + t.note))]);

  it("every number in document 000 专栏1-5 is in the catalogue", () => {
    const text = readFileSync(path.join(SHARED, "seeds/000_a15158e3137421c5.txt"), "utf8");
    const lines = text.slice(text.indexOf("专栏1"), text.indexOf("2.区域发展功能和任务")).split("\n");
    // Table rows only (tab-separated); 专栏4's first cell is the row number (序号), not a value.
    const cells = lines.filter((l) => l.includes("\t")).flatMap((l) => l.split("\t").filter((c, i) => !(/^\d+$/.test(c) && i === 0 && /^\d+\t/.test(l) && Number(c) <= 10)));
    const values = cells.flatMap(numbersIn);
    expect(values.length).toBeGreaterThan(60);
    expect(values.filter((n) => !catalogueNumbers.has(n))).toEqual([]);
  });

  it("every number in document 001 附件1 is in the catalogue", () => {
    const text = readFileSync(path.join(SHARED, "seeds/001_305298ae3fc0e8d8.txt"), "utf8");
    const lines = text.slice(text.indexOf("附件1"), text.indexOf("附件2\n")).split("\n").map((l) => l.trim());
    // Row numbers 1-6 stand alone on their lines; every other number is a value.
    const values = lines.filter((l) => !/^[1-6]$/.test(l) && !/^附件1$/.test(l)).flatMap(numbersIn);
    expect(values.length).toBeGreaterThan(15);
    expect(values.filter((n) => !catalogueNumbers.has(n))).toEqual([]);
  });

  it("has well over a hundred targets, each with a clause and the phrase it was read from", () => {
    expect(cat.targets.length).toBeGreaterThan(120);
    for (const t of cat.targets) {
      expect(t.clause, t.id).not.toBe("");
      // A short line ending in Word's tracked-deletion mark (「以上删除[董柏]:」) is deleted text: the phrase reads without it.
      const doc = readFileSync(path.join(SHARED, "seeds", t.document), "utf8").replace(/\n[^\n]{0,8}删除\[[^\]\n]+\]:[ \t]*(?=\n)/g, "");
      // The phrase is the document's own words: its longest run without our ellipsis or parentheses is in the text.
      const run = t.phrase.split(/……|（[^）]*）/).sort((a, b) => b.length - a.length)[0]!;
      expect(doc.replace(/\s+/g, ""), `${t.id}: ${run}`).toContain(run.replace(/\s+/g, ""));
    }
  });
});

describe("validation on load", () => {
  const withTargets = (mutate: (csv: string) => string, milestones?: (csv: string) => string) => {
    const dir = mkdtempSync(path.join(tmpdir(), "zonestat-cat-"));
    cpSync(SEEDS, dir, { recursive: true });
    writeFileSync(path.join(dir, "targets.csv"), mutate(readFileSync(path.join(SEEDS, "targets.csv"), "utf8")));
    if (milestones) writeFileSync(path.join(dir, "target_milestones.csv"), milestones(readFileSync(path.join(SEEDS, "target_milestones.csv"), "utf8")));
    try {
      return () => loadCatalogue(dir);
    } finally {
      setTimeout(() => rmSync(dir, { recursive: true, force: true }), 1000);
    }
  };
  it("unknown indicator → error naming the row", () => {
    expect(withTargets((c) => c.replace("D000-01,000_a15158e3137421c5.txt,二（三）2；专栏4 第1行,到2020年底，全省经济开发区地区生产总值达到10500亿元以上,LN_ED,gdp,", "D000-01,000_a15158e3137421c5.txt,二（三）2；专栏4 第1行,到2020年底，全省经济开发区地区生产总值达到10500亿元以上,LN_ED,gdpp,"))).toThrow(/第 2 行（D000-01）：未知指标「gdpp」/);
  });
  it("duplicate id → error", () => {
    expect(withTargets((c) => c.replace("D000-02,", "D000-01,"))).toThrow(/编号 D000-01 重复/);
  });
  it("target year before base year → error", () => {
    expect(withTargets((c) => c.replace(",2016,6403,2020,10500,", ",2016,6403,2015,10500,"))).toThrow(/基期 2016 晚于目标年 2015/);
  });
  it("an evaluable relative target without the entity it is compared with → error naming the row", () => {
    expect(withTargets((c) => c.replace(",C210100_ED,gdp,relative,>=,false,,210100,", ",C210100_ED,gdp,relative,>=,false,,,"))).toThrow(/（D001-01）：可评估的相对目标必须写明比较对象/);
    expect(withTargets((c) => c.replace(",C210100_ED,gdp,relative,>=,false,,210100,", ",C210100_ED,gdp,relative,>=,false,,219999,"))).toThrow(/（D001-01）：未知比较对象「219999」/);
  });
  it("a milestone outside the base–target range → error", () => {
    expect(withTargets((c) => c, (m) => m.replace("D000-01,2018,8200", "D000-01,2018,12000"))).toThrow(/12000 不在基期值 6403 与目标值 10500 之间/);
  });
});

export type { Target };
