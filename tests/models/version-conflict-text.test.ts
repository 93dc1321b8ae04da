/**
 * 数据版本冲突 rows of data_quality (dl-qa #8): the same file name re-sent with corrected values is the common
 * case, and the row named both files 「2025年1-9月_开发区.csv」 and printed 19.801 where every page shows 19.8.
 * Each file is now named as `status` names it (the short sha beside a name two loaded files share) and values are
 * rounded by the indicator's decimals (indicator_formats) — unless rounding would make two values look alike.
 */
import { createHash } from "node:crypto";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openDuckDB } from "../../pipelines/warehouse/duckdb.js";
import { tempProject, type TestProject } from "../support/project.js";

let p: TestProject;
const NAME = "2025年1-9月_开发区.csv";
const HEAD = "主体,期间,指标,数值,单位\n";
const FIRST = HEAD + "ED210101,2025年1-9月,地区生产总值,19.801,亿元\nED210101,2025年1-9月,一般公共预算收入,12.45,亿元\nED210101,2025年9月末,企业数,2646.4,家\n";
const SECOND = HEAD + "ED210101,2025年1-9月,地区生产总值,18.858,亿元\nED210101,2025年1-9月,一般公共预算收入,12.46,亿元\nED210101,2025年9月末,企业数,2650,家\n";
// The short sha `status` shows: the first 8 hex digits of the file's sha256, worked out here from the bytes written.
const sha8 = (text: string) => createHash("sha256").update(Buffer.from(text, "utf8")).digest("hex").slice(0, 8);

let details: Map<string, string>;

beforeAll(async () => {
  p = tempProject();
  for (const text of [FIRST, SECOND]) {
    p.drop(NAME, text);
    const r = await p.run("refresh");
    expect(r.code, r.stderr).toBe(0);
  }
  const db = await openDuckDB(p.config.warehouse, { readOnly: true });
  try {
    const rows = await db.all(`select indicator_code, detail from main.data_quality where check_code = 'version_conflict' and entity_code = 'ED210101'`);
    details = new Map(rows.map((r) => [String(r.indicator_code), String(r.detail)]));
  } finally {
    await db.close();
  }
}, 180_000);
afterAll(() => p.cleanup());

describe("数据版本冲突 in data_quality", () => {
  it("names each of the two same-named files by its short sha", () => {
    const d = details.get("gdp");
    expect(d).toBeDefined();
    expect(sha8(FIRST)).not.toBe(sha8(SECOND));
    expect(d).toContain(`「${NAME}」（${sha8(FIRST)}）为 `);
    expect(d).toContain(`「${NAME}」（${sha8(SECOND)}）为 `);
  });

  it("rounds by the indicator's decimals: 地区生产总值 1 place, 企业数 0 (by hand: 19.801 → 19.8, 18.858 → 18.9, 2646.4 → 2646)", () => {
    const gdp = details.get("gdp")!;
    expect(gdp).toContain(`（${sha8(FIRST)}）为 19.8，`.slice(0, -1));
    expect(gdp).toContain(`（${sha8(SECOND)}）为 18.9`);
    expect(gdp).toMatch(/当前值「(19\.8|18\.9)」/);
    expect(gdp).not.toMatch(/19\.801|18\.858/);
    const ent = details.get("enterprises")!;
    expect(ent).toContain(`（${sha8(FIRST)}）为 2646`);
    expect(ent).not.toContain("2646.4");
    expect(ent).toContain(`（${sha8(SECOND)}）为 2650`);
  });

  it("keeps the figures as sent where rounding would show two values alike (12.45 and 12.46 both → 12.5)", () => {
    const fr = details.get("fiscal_revenue")!;
    expect(fr).toContain(`（${sha8(FIRST)}）为 12.45`);
    expect(fr).toContain(`（${sha8(SECOND)}）为 12.46`);
    expect(fr).toMatch(/当前值「12\.4[56]」/);
  });
});
