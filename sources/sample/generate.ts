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
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
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
const CITY: Record<string, string> = { "210100": "沈阳市", "210200": "大连市", "210300": "鞍山市", "210400": "抚顺市", "210500": "本溪市", "210600": "丹东市", "210700": "锦州市", "210800": "营口市", "210900": "阜新市", "211000": "辽阳市", "211100": "盘锦市", "211200": "铁岭市", "211300": "朝阳市", "211400": "葫芦岛市" };
/** Fixed sizes for the large zones; the rest are drawn. Scaled so 2022 sums to the aggregate trend. */
const KNOWN_GDP: Record<string, number> = { ED210201: 1650, ED210101: 980, ED210801: 420, ED210202: 330, ED211101: 260, ED210102: 210 };
function readZones(): Zone[] {
  const text = readFileSync(path.join(root, "sources", "seeds", "zones.csv"), "utf8");
  const [head, ...lines] = text.trim().split("\n");
  const cols = head!.split(",");
  const ed = new Set(["经济技术开发区", "经济开发区", "边境经济合作区"]);
  const zones: Zone[] = [];
  for (const line of lines) {
    const cells = line.split(",");
    const get = (c: string) => cells[cols.indexOf(c)]!;
    if (!ed.has(get("type"))) continue;
    const national = get("level") === "国家级";
    const gdp = KNOWN_GDP[get("code")] ?? (national ? 120 + rand() * 200 : 40 + rand() * 180);
    zones.push({ code: get("code"), name: get("name"), city: CITY[get("city_code")]!, gdp, growth: 0.02 + rand() * 0.06, planned: r1((national ? 20 : 8) + rand() * 30) });
  }
  const scale = 10150 / zones.reduce((a, z) => a + z.gdp, 0);
  for (const z of zones) z.gdp = z.gdp * scale;
  return zones;
}
const ZONES = readZones();
/** One small zone misses one quarter's report, so the site shows what partial reporting looks like. */
const LATE = { code: ZONES[ZONES.length - 1]!.code, label: "2024年1-3月" };
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
const path000 = { gdp: [7050, 7800, 8600, 8950, 9700], fiscal: [590, 650, 700, 690, 760], fai: [2300, 2700, 3100, 3300, 3500], fdi: [16, 24, 31, 35, 33], exports: [185, 210, 232, 240, 270] };
// 2022 onwards the scope is the sum of the zone reports below.
[2017, 2018, 2019, 2020, 2021].forEach((y, i) => {
  const e = "全省经济开发区";
  agg.push([e, `${y}年`, "地区生产总值", path000.gdp[i]!, "亿元", "当期"]);
  agg.push([e, `${y}年`, "一般公共预算收入", path000.fiscal[i]!, "亿元", "当期"]);
  agg.push([e, `${y}年`, "固定资产投资", path000.fai[i]!, "亿元", "当期"]);
  agg.push([e, `${y}年`, "实际利用外资", path000.fdi[i]!, "亿美元", "当期"]);
  agg.push([e, `${y}年`, "出口额", path000.exports[i]!, "亿美元", "当期"]);
  agg.push([e, `${y}年`, "就业人口", r1(240 + i * 6 + rand() * 3), "万人", "时点"]);
  agg.push([e, `${y}年`, "研发经费占地区生产总值比重", r2(2.35 + i * 0.08), "%", "时点"]);
});
write("示例_商务厅_全省经济开发区主要指标年度汇总_2017-2021.csv", csv(agg), "utf8-bom");

// 4. Synthetic province totals other than GDP (annual and year-to-date), and YTD GDP matching the real annual figure.
const realGdp: Record<number, number> = { 2016: 20832.0, 2017: 22105.4, 2018: 24113.5, 2019: 25665.9, 2020: 25839.0, 2021: 28471.0, 2022: 29739.7, 2023: 31389.8, 2024: 32540.8 };
const prov: Array<Array<string | number>> = [["entity", "period", "indicator", "value", "unit", "basis"]];
for (let y = 2016; y <= 2024; y++) {
  const k = y - 2016;
  const fiscal = 2200 + k * 70 + rand() * 40;
  const fai = 6700 + k * 250 + rand() * 150;
  const exports = 430 + k * 12 + rand() * 15;
  const fdi = 30 + k * 6 + rand() * 4;
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
      if (z.code === LATE.code && `${y}年1-${(q + 1) * 3}月` === LATE.label) return;
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
