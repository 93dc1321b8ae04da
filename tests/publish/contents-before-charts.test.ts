/**
 * The publish numbers a page's headings (withContents) before its drawings go in, where no drawing
 * stands inside a heading (chartInHeading, pipelines/publish/job.ts). Expected: the same bytes as the
 * shell numbering the finished body (the way every page was made before), computed here by that path.
 */
import { describe, expect, it } from "vitest";
import { chartInHeading } from "../../pipelines/publish/job.js";
import { shell, withContents } from "../../pipelines/publish/html.js";

const T = (i: number) => `\u0000chart-${i}\u0000`;
const svg = '<svg role="img" width="900"><text>标题 &lt;h2&gt;不是标题&lt;/h2&gt;</text></svg>';
const put = (body: string) => body.replace(T(0), () => svg).replace(T(1), () => svg);
const base = { title: "沈阳经济技术开发区", depth: 1, nav: [{ href: "index.html", label: "总览" }], current: "zones/x.html", synthetic: false, generatedAt: "2024/10/08 09:00", freshness: "2024-09-30" };

describe("headings numbered before the drawings go in", () => {
  it("gives the page the shell gives the finished body", () => {
    const body = `<h2>关键指标</h2><p>…</p><h2>最近一期（60 项）</h2>${T(0)}<h2>年度数据表</h2><figure>${T(1)}</figure><h2>数值来源</h2><h2>关键指标</h2>`;
    expect(chartInHeading(body)).toBe(false);
    const before = shell({ ...base, body: put(body) });
    const after = shell({ ...base, body: put(withContents(body)), bodyWithContents: true });
    expect(after).toBe(before);
    expect(after).toContain('<nav class="toc"'); // five headings: the 目录 is there, so the comparison covers it
  });

  it("finds a drawing inside a heading, closed or not", () => {
    expect(chartInHeading(`<h2>图 ${T(0)}</h2>`)).toBe(true);
    expect(chartInHeading(`<h2>未闭合<h2>b</h2>${T(0)}`)).toBe(true);
    expect(chartInHeading(`<h2>a</h2>${T(0)}<h3>${T(1)}</h3>`)).toBe(false);
    expect(chartInHeading("")).toBe(false);
  });
});
