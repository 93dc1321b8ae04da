/** Text files `zonestat init` writes: the configuration, a Chinese README, .gitignore. */

export const GITIGNORE = `# zonestat 生成的文件，不纳入版本管理
/warehouse/
/site
/.site-versions/
/.site.link-*
/archive/
/rejected/
/target/
/logs/
*.duckdb
*.duckdb.wal
*.duckdb.lock
`;

/**
 * zonestat.config.yml of a new project. `scopeTypes`: the zone types the headline scope covers when it is not the
 * all-types ED_<code> (the example's LN_ED: 经开区 types only — its comment had said every type, stat-qa finding 8).
 */
export function configText(p: { code: string; name: string }, headlineScope: string, scopeTypes?: string): string {
  const covers = scopeTypes
    ? `# ${headlineScope} 只含 scopes.csv 该行 zone_types 所列类型：${scopeTypes.split("|").join("、")}；不在其中的类型（如高新技术产业开发区）
# 不计入总览、排名和占比。统计 zones.csv 登记的各类开发区时改为 ED_${p.code}（须先在 scopes.csv 中有该行），
# 或在 scopes.csv 中修改 ${headlineScope} 一行的 zone_types。`
    : `# ${headlineScope}（全省省级以上开发区）包括 zones.csv 登记的各类开发区：经济技术开发区、经济开发区、
# 高新技术产业开发区、边境经济合作区、海关特殊监管区域等，国家级和省级。只统计经开区时改为 ETDZ_${p.code}，
# 只统计高新区时改为 HT_${p.code}，或在 scopes.csv 中修改 ${headlineScope} 一行的 zone_types。`;
  return `# zonestat 项目配置（${p.name}，行政区划代码 ${p.code}）。路径相对于本文件；写错的键会报错。
warehouse: warehouse/zonestat.duckdb
inbox: inbox
site: site
locale: zh-CN
timezone: Asia/Shanghai
# 总览、排名、报送情况、占比所用的开发区统计范围（sources/seeds/scopes.csv 中的代码）。
${covers}
headline_scope: ${headlineScope}
schedule:
  refresh: "*/10 * * * *"
  rebuild: "30 2 * * *"
# 新建数据仓库的 DuckDB 存储格式（已有的数据仓库保持原格式）。默认 v1.5.0：计算更快，但 DuckDB 1.5 以前的版本打不开；
# 本单位其他工具使用旧版 DuckDB 时，改为它们中最旧的版本（v0.10.2 即 DuckDB 0.10 及以后都能打开）。
# duckdb:
#   storage_version: v1.5.0
`;
}

export function projectReadme(p: { code: string; name: string }, headlineScope?: string, scopeTypes?: string): string {
  const example = headlineScope && scopeTypes
    ? `\n\n本项目（示例）的 \`headline_scope\` 设为 \`${headlineScope}\`：只含 ${scopeTypes.split("|").join("、")}，高新技术产业开发区等其他类型不计入总览、排名和占比。`
    : "";
  return `# ${p.name}开发区统计数据仓库（zonestat）

## 第一次使用

1. 在 \`sources/seeds/zones.csv\` 中登记本省的开发区（代码、全称、简称、级别、类型、所在市），
   或者运行 \`npx zonestat zones add --code ED${p.code.slice(0, 2)}0101 --name …… --level 国家级 --type 经济技术开发区 --city ……\`。
   \`npx zonestat zones list\` 列出已登记的开发区。
2. 在 \`sources/seeds/targets.csv\` 中录入规划目标（每行一个目标，注明文件和条款）。
3. 本省各市、区县的名称和代码（GB/T 2260）已在 \`sources/seeds/regions.csv\` 中，不需要手填。
   只能登记本省各市的开发区；所在市属于其他省份的开发区会被拒绝。
4. 在 \`sources/seeds/documents.csv\` 中登记规划文件（文件名、标题、发文单位）：网页引用目标时写《标题》。

## 统计范围

总览、排名、报送情况和占比按 \`zonestat.config.yml\` 的 \`headline_scope\` 统计，默认为
\`ED_${p.code}\`（全省省级以上开发区）：**zones.csv 登记的各类开发区都在内**——经济技术开发区、经济开发区、
高新技术产业开发区、边境经济合作区和海关特殊监管区域等，国家级和省级。另有两个较窄的范围：
\`ETDZ_${p.code}\`（经济技术开发区、经济开发区、边境经济合作区）和 \`HT_${p.code}\`（高新区），可在目标中引用，
或改为 \`headline_scope\`。综合保税区等若位于另一开发区之内、数据已计入该开发区，请不要单独登记，以免重复计算。${example}

## 每个季度

1. 把开发区报表、统计局的全省和各市数据（CSV 或 Excel）放进 \`inbox/\` 文件夹。
2. 运行 \`npx zonestat refresh\`：入库 → 构建 → 检验 → 发布网站。
3. 有问题的文件会整份移到 \`rejected/\`，旁边的 \`.problems.txt\` 写明行、列、值和应填写的内容；
   改正后重新放回 \`inbox/\` 即可。
4. 用浏览器打开 \`site/index.html\` 查看结果；\`npx zonestat status\` 查看最近的运行情况。

## 文件夹

| 文件夹 | 内容 |
|---|---|
| \`inbox/\` | 待入库的报表 |
| \`sources/seeds/\` | 参照数据：行政区划、开发区、指标、单位、汇率、规划目标 |
| \`sources/layouts/\` | 报表格式的定义（可按本省报表修改或新增） |
| \`models/\` | 自己的 SQL 模型；与内置模型同名的文件会替换内置模型 |
| \`warehouse/\`、\`site/\` | 数据仓库和发布的网站（自动生成） |
`;
}

export function modelsReadme(): string {
  return `# 自己的模型

zonestat 的内置模型（staging → intermediate → marts）随程序安装。放在这里的 \`.sql\` 文件会和内置模型一起构建：
文件名与内置模型相同（例如 \`shares.sql\`）时替换内置模型，其他文件名是新增的模型，可以用 \`{{ ref('shares') }}\` 引用内置模型。
`;
}
