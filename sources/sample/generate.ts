/**
 * Writes the bundled sample drop folder (sources/sample/inbox/): a few years of
 * quarterly zone reports for fourteen zones in nine cities, the commerce
 * department's annual aggregates, and province totals. Deterministic (seeded):
 * running it again writes the same bytes.
 *
 * Real figures (Liaoning GDP in two data vintages, document 000's 2016 base
 * values) come from shared/realdata and the documents, copied into files whose
 * names do not say 示例; every synthetic number sits in a file whose name starts
 * with 示例, so it is marked 示例数据 wherever it is shown.
 *
 *   npm run sample:generate
 */
import { copyFileSync, mkdirSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import iconv from "iconv-lite";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = here.includes(`${path.sep}dist${path.sep}`) ? path.resolve(here, "../../../") : path.resolve(here, "../../");
const out = path.join(root, "sources", "sample", "inbox");
const shared = path.resolve(root, "..", "shared", "realdata", "nbs");

/** mulberry32: a small seeded PRNG, so the sample is reproducible. */
function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rand = rng(20240630);
const jitter = (x: number, pct: number) => x * (1 + (rand() * 2 - 1) * pct);
const r1 = (x: number) => Math.round(x * 10) / 10;
const r2 = (x: number) => Math.round(x * 100) / 100;

interface Zone { code: string; name: string; city: string; gdp: number; growth: number; planned: number }
const ZONES: Zone[] = [
  { code: "ED210101", name: "沈阳经济技术开发区", city: "沈阳市", gdp: 980, growth: 0.055, planned: 44.4 },
  { code: "ED210102", name: "沈阳辉山经济技术开发区", city: "沈阳市", gdp: 210, growth: 0.06, planned: 12.6 },
  { code: "ED210104", name: "沈阳欧盟经济开发区", city: "沈阳市", gdp: 120, growth: 0.08, planned: 15.2 },
  { code: "ED210201", name: "大连经济技术开发区", city: "大连市", gdp: 1650, growth: 0.05, planned: 61.2 },
  { code: "ED210202", name: "大连长兴岛经济技术开发区", city: "大连市", gdp: 330, growth: 0.09, planned: 48.1 },
  { code: "ED210203", name: "旅顺经济技术开发区", city: "大连市", gdp: 160, growth: 0.04, planned: 10.5 },
  { code: "ED210301", name: "鞍山经济开发区", city: "鞍山市", gdp: 140, growth: 0.035, planned: 18.3 },
  { code: "BZ210601", name: "丹东边境经济合作区", city: "丹东市", gdp: 95, growth: 0.03, planned: 6.5 },
  { code: "ED210701", name: "锦州经济技术开发区", city: "锦州市", gdp: 190, growth: 0.045, planned: 31.0 },
  { code: "ED210801", name: "营口经济技术开发区", city: "营口市", gdp: 420, growth: 0.04, planned: 35.7 },
  { code: "ED210802", name: "营口沿海产业基地", city: "营口市", gdp: 150, growth: 0.07, planned: 44.0 },
  { code: "ED211101", name: "盘锦辽滨沿海经济技术开发区", city: "盘锦市", gdp: 260, growth: 0.075, planned: 30.6 },
  { code: "ED211201", name: "铁岭经济技术开发区", city: "铁岭市", gdp: 85, growth: 0.02, planned: 20.0 },
  { code: "ED211301", name: "朝阳经济开发区", city: "朝阳市", gdp: 60, growth: 0.05, planned: 12.0 },
];
const YEARS = [2022, 2023, 2024];
/** Share of the year's flow reached by the end of each quarter (seasonality). */
const YTD_SHARE = [0.22, 0.47, 0.73, 1.0];

function csv(rows: Array<Array<string | number>>): string {
  return rows.map((r) => r.map((c) => (/[",\n]/.test(String(c)) ? `"${String(c).replace(/"/g, '""')}"` : String(c))).join(",")).join("\r\n") + "\r\n";
}
function write(name: string, text: string, encoding: "gbk" | "utf8-bom" | "utf8" = "utf8"): void {
  const bytes = encoding === "gbk" ? iconv.encode(text, "gbk") : Buffer.from((encoding === "utf8-bom" ? "\uFEFF" : "") + text, "utf8");
  writeFileSync(path.join(out, name), bytes);
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });

// 1. Real province totals: two national-statistics-portal exports, byte for byte, in two data vintages.
for (const f of readdirSync(shared)) {
  if (f.startsWith("01_nbs_fsnd_gdp")) copyFileSync(path.join(shared, f), path.join(out, "国家统计局_分省年度数据_地区生产总值_vintage2025.csv"));
  if (f.startsWith("07_nbs_fsnd_gdp")) copyFileSync(path.join(shared, f), path.join(out, "国家统计局_分省年度数据_地区生产总值_vintage2018.csv"));
}

// 2. Document 000's 2016 base values for the scope as a whole (一（一）1, 3, 5 and 专栏4), as published.
write(
  "文件000_全省经济开发区2016年基数_vintage2017-06-20.csv",
  csv([
    ["entity", "period", "indicator", "value", "unit", "basis"],
    ["全省省级以上经济开发区", "2016年", "地区生产总值", 6403, "亿元", "当期"],
    ["全省省级以上经济开发区", "2016年", "公共财政预算收入", 537, "亿元", "当期"],
    ["全省省级以上经济开发区", "2016年", "固定资产投资", 2013, "亿元", "当期"],
    ["全省省级以上经济开发区", "2016年", "实际利用外资额", 10.8, "亿美元", "当期"],
    ["全省省级以上经济开发区", "2016年", "出口额", 170, "亿美元", "当期"],
    ["全省省级以上经济开发区", "2016年", "科研经费支出占GDP比重", 2.3, "%", "时点"],
    ["全省省级以上经济开发区", "2016年", "就业人口", 235, "万人", "时点"],
    ["全省省级以上经济开发区", "2016年", "土地开发率", 84.9, "%", "时点"],
    ["全省省级以上经济开发区", "2016年", "土地利用率", 74.2, "%", "时点"],
    ["全省省级以上经济开发区", "2016年", "单位土地产出值", 6.01, "亿元/平方公里", "时点"],
    ["全省省级以上经济开发区", "2016年", "土地规划总面积", 1268, "平方公里", "时点"],
  ]),
  "utf8",
);

// 3. Synthetic: the commerce department's annual aggregates for the scope, 2017-2024.
const agg: Array<Array<string | number>> = [["entity", "period", "indicator", "value", "unit", "basis"]];
const path000 = { gdp: [7050, 7800, 8600, 8950, 9700, 10150, 10600, 11100], fiscal: [590, 650, 700, 690, 760, 740, 790, 820], fai: [2300, 2700, 3100, 3300, 3500, 3650, 3800, 3900], fdi: [16, 24, 31, 35, 33, 30, 28, 27], exports: [185, 210, 232, 240, 270, 285, 280, 290] };
[2017, 2018, 2019, 2020, 2021, 2022, 2023, 2024].forEach((y, i) => {
  const e = "全省经济开发区";
  agg.push([e, `${y}年`, "地区生产总值", path000.gdp[i]!, "亿元", "当期"]);
  agg.push([e, `${y}年`, "一般公共预算收入", path000.fiscal[i]!, "亿元", "当期"]);
  agg.push([e, `${y}年`, "固定资产投资", path000.fai[i]!, "亿元", "当期"]);
  agg.push([e, `${y}年`, "实际利用外资", path000.fdi[i]!, "亿美元", "当期"]);
  agg.push([e, `${y}年`, "出口额", path000.exports[i]!, "亿美元", "当期"]);
  agg.push([e, `${y}年`, "就业人口", r1(240 + i * 6 + rand() * 3), "万人", "时点"]);
  agg.push([e, `${y}年`, "研发经费占地区生产总值比重", r2(2.35 + i * 0.08), "%", "时点"]);
});
write("示例_商务厅_全省经济开发区主要指标年度汇总_2017-2024.csv", csv(agg), "utf8-bom");

// 4. Synthetic province totals other than GDP (annual and year-to-date), and YTD GDP matching the real annual figure.
const realGdp: Record<number, number> = { 2016: 20832.0, 2017: 22105.4, 2018: 24113.5, 2019: 25665.9, 2020: 25839.0, 2021: 28471.0, 2022: 29739.7, 2023: 31389.8, 2024: 32540.8 };
const prov: Array<Array<string | number>> = [["entity", "period", "indicator", "value", "unit", "basis"]];
for (let y = 2016; y <= 2024; y++) {
  const k = y - 2016;
  const fiscal = 2200 + k * 70 + rand() * 40;
  const fai = 6700 + k * 250 + rand() * 150;
  const exports = 430 + k * 12 + rand() * 15;
  const fdi = 30 + k * 3 + rand() * 4;
  prov.push(["辽宁省", `${y}年`, "一般公共预算收入", r1(fiscal), "亿元", "当期"]);
  prov.push(["辽宁省", `${y}年`, "固定资产投资", r1(fai), "亿元", "当期"]);
  prov.push(["辽宁省", `${y}年`, "出口额", r1(exports), "亿美元", "当期"]);
  prov.push(["辽宁省", `${y}年`, "实际利用外资", r1(fdi), "亿美元", "当期"]);
  if (YEARS.includes(y)) {
    YTD_SHARE.forEach((s, q) => {
      const label = `${y}年1-${(q + 1) * 3}月`;
      if (q < 3) prov.push(["辽宁省", label, "地区生产总值", r1(realGdp[y]! * s), "亿元", "累计"]);
      prov.push(["辽宁省", label, "一般公共预算收入", r1(fiscal * s), "亿元", "累计"]);
      prov.push(["辽宁省", label, "固定资产投资", r1(fai * s), "亿元", "累计"]);
      prov.push(["辽宁省", label, "出口额", r1(exports * s), "亿美元", "累计"]);
      prov.push(["辽宁省", label, "实际利用外资", r1(fdi * s), "亿美元", "累计"]);
    });
  }
}
write("示例_统计局_辽宁省主要指标_2016-2024.csv", csv(prov), "utf8");

// 5. Synthetic quarterly zone reports, as the commerce department sends them: a title with
//    the period, units in the header, 序号 and a 合计 row; fiscal revenue in 万元, trade in 万美元.
const header = ["序号", "开发区名称", "所在市", "地区生产总值(亿元)", "工业总产值(亿元)", "一般公共预算收入(万元)", "固定资产投资(亿元)", "出口额(万美元)", "实际利用外资(万美元)", "企业数(家)", "从业人员(万人)"];
const level = new Map<string, number>();
for (const y of YEARS) {
  for (let q = 0; q < 4; q++) {
    const rows: Array<Array<string | number>> = [];
    const totals = new Array(header.length).fill(0);
    ZONES.forEach((z, i) => {
      const annual = z.gdp * Math.pow(1 + z.growth, y - 2022);
      const s = YTD_SHARE[q]!;
      const gdp = r1(jitter(annual * s, 0.01));
      const out = r1(gdp * 2.6);
      const fiscal = Math.round(jitter(annual * 0.085 * s, 0.02) * 10000);
      const fai = r1(jitter(annual * 0.35 * s, 0.03));
      const exp = Math.round(jitter(annual * 0.022 * s, 0.05) * 10000);
      const fdi = Math.round(jitter(annual * 0.0035 * s, 0.08) * 10000);
      const firms = Math.round((level.get(z.code) ?? annual * 3.2) + rand() * 8);
      level.set(z.code, firms);
      const jobs = r2(annual * 0.012 + rand() * 0.1);
      const row = [i + 1, z.name, z.city, gdp, out, fiscal, fai, exp, fdi, firms, jobs];
      row.forEach((v, c) => { if (c >= 3) totals[c] += v as number; });
      rows.push(row);
    });
    const total = ["合计", "", "", ...totals.slice(3).map((v, c) => ([2, 4, 5].includes(c) ? Math.round(v) : c === 7 ? r2(v) : r1(v)))];
    const title = `${y}年1-${(q + 1) * 3}月全省经济开发区主要经济指标（示例数据）`;
    const text = csv([[title], header, ...rows, total, ["注：本表为示例数据，仅用于演示。"]]);
    // Older reports arrive in GBK from Excel on Windows; newer ones in UTF-8 with BOM.
    write(`示例_${y}年1-${(q + 1) * 3}月全省经济开发区主要经济指标.csv`, text, y === 2022 ? "gbk" : "utf8-bom");
    if (y === 2024 && q === 1) {
      // A corrected resend: one zone's GDP revised upward.
      const revised = rows.map((r) => (r[1] === "营口经济技术开发区" ? r.map((v, c) => (c === 3 ? r1((v as number) + 12.5) : v)) : r));
      const t2 = [...total];
      t2[3] = r1((t2[3] as number) + 12.5);
      write(`示例_${y}年1-6月全省经济开发区主要经济指标_更正.csv`, csv([[title + "（更正）"], header, ...revised, t2]), "utf8-bom");
    }
  }
}

// 6. Synthetic land survey at each year's end (areas in 公顷 as the land bureau reports them).
const land: Array<Array<string | number>> = [["开发区名称", "规划面积(平方公里)", "已达到供地条件面积(公顷)", "已供应国有建设用地面积(公顷)", "已建成城镇建设用地面积(公顷)", "土地开发率(%)"]];
for (const y of YEARS) {
  const rows = ZONES.map((z) => {
    const dev = Math.min(0.97, 0.8 + (z.code.charCodeAt(7) % 5) * 0.03 + (y - 2022) * 0.015);
    const supplyReady = z.planned * dev * 100;
    const supplied = supplyReady * (0.88 + rand() * 0.08);
    const built = supplied * (0.85 + rand() * 0.1);
    return [z.name, z.planned, Math.round(supplyReady), Math.round(supplied), Math.round(built), r1(dev * 100 + (z.code === "ED210701" ? 4 : 0))];
  });
  write(`示例_${y}年末开发区土地开发利用情况.csv`, csv([[`${y}年全省经济开发区土地开发利用情况（示例数据）`], ...land.slice(0, 1), ...rows]), "utf8-bom");
}

console.log(`sample written to ${out}: ${readdirSync(out).length} files`);
