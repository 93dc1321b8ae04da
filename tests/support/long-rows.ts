/** Pieces of canonical long rows (sources/layouts/40-canonical-long.yml) shared by the batch-load tests. */
export const HEAD = "entity,period,indicator,unit,basis,value";
/** indicator,unit,basis of 地区生产总值 (亿元, 累计). */
export const GDP = "地区生产总值,亿元,累计";
/** indicator,unit,basis of 一般公共预算收入 (万元, 累计). */
export const REV = "一般公共预算收入,万元,累计";
/** 沈阳经济技术开发区 by its code, and 旅顺经开区 by its short name (the reader resolves both). */
export const A = "ED210101";
export const B = "旅顺经开区";
