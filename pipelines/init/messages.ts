/** What `zonestat init` and `zonestat zones` tell the user, in one place. */
export const initMsg = {
  provinceUnknown: (q: string) => `不认识省份「${q}」：请写省级行政区的全称、简称或 GB/T 2260 代码（如 江苏省、江苏、320000）`,
  /** --province given a city or county: the province it lies in is named. */
  provinceIsDivision: (q: string, division: string, province: string) => `「${q}」是${province}的${division}，不是省级行政区：请写 --province ${province}`,
  provinceMissing: () => `请用 --province 指定省份（如 --province 江苏省），或用 --example liaoning 新建辽宁示例项目`,
  exampleUnknown: (name: string) => `没有名为「${name}」的示例项目：目前只有 liaoning`,
  notEmpty: (dir: string) => `文件夹 ${dir} 不是空的：zonestat init 只在空文件夹中新建项目（确认要在其中新建，请加 --force；已有的文件不会被覆盖）`,
  created: (dir: string, province: string, files: number) => `已在 ${dir} 新建 ${province} 的 zonestat 项目（${files} 个文件）。下一步：\n  cd ${dir}\n  编辑 sources/seeds/zones.csv 登记本省开发区，把报表放进 inbox/\n  npx zonestat refresh\n`,
  zoneExists: (code: string) => `开发区代码 ${code} 已经登记过`,
  zoneInvalid: (field: string, value: string, expected: string) => `开发区的「${field}」「${value}」无效：应为${expected}`,
  /** A zone_history.csv cell checked before a build (zones.ts checkZoneHistory). */
  zoneHistoryInvalid: (field: string, value: string, expected: string) => `开发区名录日期的「${field}」「${value}」无效：应为${expected}`,
  nameTaken: (name: string, owner: string) => `名称「${name}」已经是 ${owner} 的名称或简称：两个单位同名时报表无法区分，请换一个简称`,
  zoneAdded: (code: string, name: string, since?: string) =>
    since
      ? `已登记开发区 ${code} ${name}（sources/seeds/zones.csv），自 ${since} 起计入（sources/seeds/zone_history.csv）；下次 refresh 时生效\n`
      : `已登记开发区 ${code} ${name}（sources/seeds/zones.csv）；下次 refresh 时生效\n` +
        `注意：未给出 --since，本区按一直存在处理——过去各期没有它的数据即算应报未报，过去年份的总量、覆盖率和到期判定会变为数据不全。若本区是新设立或新纳入统计的，请在 sources/seeds/zone_history.csv 为它写一行 valid_from（或删去这一行后用 zones add --since 重新登记）\n`,
} as const;
