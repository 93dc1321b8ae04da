/**
 * 沈阳's 11 经济开发区 (C210100_ED in the example seeds) as long-CSV rows of 地区生产总值 (亿元, the year): the file head,
 * one row, the nine zones besides 沈阳经开区 and 辉山经开区, and a published page's visible text — for the series-break tests.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import type { TestProject } from "./project.js";

export const GDP_HEAD = "entity,period,indicator,value,unit,basis\n";
export const gdpRow = (entity: string, period: string, value: number) => `${entity},${period},地区生产总值,${value},亿元,\n`;
export const SHENYANG_OTHERS = ["沈阳金融商贸开发区", "沈阳欧盟经济开发区", "辽中经济开发区", "沈阳雪松经济开发区", "法库经济开发区", "康平经济开发区", "沈阳道义经济开发区", "沈阳浑河民族经济开发区", "新民经济开发区"];

/** A page of the project's site as its reader sees the text: scripts, styles and tags dropped, whitespace runs one space. */
export const pageText = (p: TestProject, rel: string) =>
  readFileSync(path.join(p.config.site, rel), "utf8").replace(/<script[\s\S]*?<\/script>|<style[\s\S]*?<\/style>/g, "").replace(/<[^>]+>/g, " ").replace(/\s+/g, " ");

/** 沈阳's first four 经济开发区, for the year-form tests: their 地区生产总值 (亿元) in `period`, basis as given ("" or 累计). */
export const FOUR_ZONES = ["沈阳经济技术开发区", "沈阳辉山经济技术开发区", "沈阳金融商贸开发区", "沈阳欧盟经济开发区"];
export const fourZoneFile = (period: string, basis: string, values: readonly number[]) =>
  GDP_HEAD + FOUR_ZONES.map((z, i) => `${z},${period},地区生产总值,${values[i]},亿元,${basis}\n`).join("");
