/**
 * `zonestat init` and `zonestat zones`: making a project and registering its zones.
 * `init` runs outside any project; `zones` finds its project like every command.
 */
import { Option, type Command } from "commander";
import path from "node:path";
import type { Cli, GlobalOptions } from "./main.js";
import { initMsg } from "../init/messages.js";

export function registerInitCommands(program: Command, cli: Cli, globals: (c: Command) => Command): void {
  program
    .command("init")
    .description("新建一个 zonestat 项目文件夹（配置、参照数据、报表格式、收件箱、说明）")
    .argument("<dir>", "新项目的文件夹（不存在时新建；须为空，除非加 --force）")
    .option("--province <name>", "省份：全称、简称或行政区划代码，如 江苏省、江苏、320000")
    .option("--example <name>", "新建自带示例数据的项目：liaoning（辽宁省的规划目标和开发区）")
    .option("--force", "文件夹不为空也新建（已有文件不覆盖）")
    .action(async (dir: string, o: { province?: string; example?: string; force?: boolean }) => {
      const { initProject } = await import("../init/scaffold.js");
      const r = initProject(path.resolve(dir), o);
      cli.out(initMsg.created(r.dir, r.province.name, r.files.length));
    });

  const zones = program.command("zones").description("登记和列出本项目的开发区（sources/seeds/zones.csv）");
  globals(zones.command("list"))
    .description("列出已登记的开发区")
    .addOption(new Option("--format <format>", "输出格式").choices(["table", "csv", "json"]).default("table"))
    .action(async (o: GlobalOptions & { format: "table" | "csv" | "json" }) => {
      const { loadZones } = await import("../init/zones.js");
      const { formatRows } = await import("../query.js");
      const ctx = cli.context(o);
      const rows = loadZones(ctx.config.seedsDir, ctx.config.headlineScope);
      cli.out(formatRows(["code", "name", "short_name", "level", "type", "city_code", "aliases"], rows as unknown as Record<string, unknown>[], o.format) + (o.format === "json" ? "\n" : ""));
    });
  globals(zones.command("add"))
    .description("登记一个开发区（检查代码不重复、级别、类型和所在市）")
    .requiredOption("--code <code>", "开发区代码，如 ED320101")
    .requiredOption("--name <name>", "全称，如 南京经济技术开发区")
    .requiredOption("--level <level>", "国家级 或 省级")
    .requiredOption("--type <type>", "类型，如 经济技术开发区、高新技术产业开发区")
    .requiredOption("--city <city>", "所在市的名称或代码，如 南京市、320100")
    .option("--short-name <name>", "简称，如 南京经开区")
    .option("--aliases <names>", "别名，用 | 分隔")
    .option("--source <text>", "来源（批复文件等）")
    .option("--since <date>", "设立或纳入统计的日期 YYYY-MM-DD（写入 zone_history.csv；不给则按一直存在处理，过去各期算应报）")
    .action(async (o: GlobalOptions & { code: string; name: string; level: string; type: string; city: string; shortName?: string; aliases?: string; source?: string; since?: string }) => {
      const { addZone } = await import("../init/zones.js");
      const ctx = cli.context(o);
      const row = addZone(ctx.config.seedsDir, { ...o, aliases: o.aliases ? o.aliases.split("|") : [] }, ctx.config.headlineScope);
      cli.out(initMsg.zoneAdded(row.code, row.name, o.since));
    });
}
