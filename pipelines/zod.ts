/**
 * zod with its Chinese (zh-CN) messages: a statistician fixing zonestat.config.yml, a
 * layout or a seed reads 「无效输入：期望 数字」, not zod's English. Every schema imports `z`
 * from here so the locale is set before the first parse.
 */
import { z } from "zod";

z.config(z.locales.zhCN());

export { z };
