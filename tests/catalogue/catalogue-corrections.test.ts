/**
 * Catalogue rows corrected against the documents (issue 16). Each expectation quotes
 * the clause in shared/seeds it was read from, and the document text is checked too.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { describe, expect, it } from "vitest";
import { loadCatalogue } from "../../pipelines/catalogue.js";
import { readSeedCsv } from "../../pipelines/seed-csv.js";
import { REPO, SHARED } from "../support/project.js";

const SEEDS = path.join(REPO, "sources/seeds");
const cat = loadCatalogue(SEEDS);
const t = (id: string) => {
  const found = cat.targets.find((x) => x.id === id);
  if (!found) throw new Error(`no target ${id}`);
  return found;
};
const doc = (file: string) => readFileSync(path.join(SHARED, "seeds", file), "utf8");

describe("catalogue corrections", () => {
  it("003 二（三）: national zones 1-3 leading industries, provincial zones 1 — each on its own scope", () => {
    expect(doc("003_37b94779644853b1.txt")).toContain("国家级经开区重点培育1-3个主导产业，省级经开区重点培育1个主导产业");
    expect([t("D003-06").scope_code, t("D003-07").scope_code]).toEqual(["P003_ETDZ_NATIONAL", "P003_ETDZ_PROVINCIAL"]);
    const scopes = new Map(readSeedCsv(path.join(SEEDS, "scopes.csv")).map((s) => [s.code, s.levels]));
    expect([scopes.get("P003_ETDZ_NATIONAL"), scopes.get("P003_ETDZ_PROVINCIAL")]).toEqual(["国家级", "省级"]);
  });

  it("004 三（一）1: the 10% digital-economy share is for 沈抚同城化 (沈阳、抚顺市及沈抚示范区), not the whole 都市圈", () => {
    expect(doc("004_48f94057b5eb1751.txt")).toContain("加快沈阳、抚顺市及沈抚示范区同");
    expect(t("D004-25").scope_code).toBe("R21SF");
    const members = readSeedCsv(path.join(SEEDS, "region_members.csv")).filter((m) => m.region_code === "R21SF").map((m) => m.city_code);
    expect(members.sort()).toEqual(["210100", "210400"]);
  });

  it("002 三（二）: 力争到2020年……省级以上高新区总数达到25家以上 — D002-04/05 are aspirational (力争)", () => {
    expect(doc("002_2d6fe91a5af628ff.txt")).toContain("力争到2020年新升级国家级高新区2家以上、新增省级高新区10家，省级以上高新区总数达到25家以上");
    expect([t("D002-04").aspirational, t("D002-05").aspirational]).toEqual([true, true]);
  });

  it("001 总体要求4: 下降率不低于全市水平 — compared with the city (210100)", () => {
    expect(t("D001-29").comparison_code).toBe("210100");
  });

  it("000 专栏1 lists 开发区数量 80家 for 2017: D000-20's clause names 专栏1-3", () => {
    expect(doc("000_a15158e3137421c5.txt")).toMatch(/专栏1[\s\S]{0,200}开发区数量\t80家/);
    expect(t("D000-20").clause).toContain("专栏1-3");
  });

  it("004 一（四）: 实际利用外资和外贸进出口总额年均增速 — both halves, FDI and trade", () => {
    for (const id of ["D004-06", "D004-08"]) {
      const trade = t(id);
      const fdi = t(`${id}-FDI`);
      expect([trade.indicator_code, fdi.indicator_code]).toEqual(["trade", "fdi"]);
      expect({ ...fdi, id: trade.id, indicator_code: "trade", note: trade.note }).toEqual(trade);
    }
  });
});
