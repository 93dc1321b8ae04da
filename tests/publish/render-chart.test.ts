import * as vega from "vega";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { finishSvg, BASE_CONFIG, renderSvg, scopeSvgIds } from "../../pipelines/publish/render-chart.js";

// A chart with both kinds of id vega writes: a gradient legend (quantitative colour) and a clip path (clip: true).
const spec = {
  width: 200,
  height: 100,
  layer: [
    { mark: { type: "rect" }, encoding: { x: { field: "p", type: "ordinal" }, y: { field: "k", type: "nominal" }, color: { field: "v", type: "quantitative" } } },
    { mark: { type: "line", clip: true }, encoding: { x: { field: "p", type: "ordinal" }, y: { field: "k", type: "nominal" } } },
  ],
};
const rows = [
  { p: "2024Q1", k: "甲", v: 1 },
  { p: "2024Q2", k: "甲", v: 3 },
  { p: "2024Q1", k: "乙", v: 2n },
];

describe("renderSvg", () => {
  it("equals vega-lite compiled with the rows inline (the path without the compiled-spec cache)", async () => {
    // Independent path: compile per chart with data.values, as a bare vega script does; ids reset the same way.
    await renderSvg(spec, rows); // fills the cache, so the comparison below uses the cached runtime
    const ours = await renderSvg(spec, rows);
    const { textMetrics } = vega as unknown as { textMetrics: { width: unknown } };
    expect(textMetrics.width).toBeTypeOf("function");
    const full = { ...spec, data: { values: rows.map((r) => ({ ...r, v: Number(r.v) })) }, config: BASE_CONFIG };
    const view = new vega.View(vega.parse(compile(full as never).spec), { renderer: "none" });
    vega.resetSVGDefIds();
    const bare = finishSvg(await view.toSVG());
    view.finalize();
    expect(ours).toBe(bare);
  });

  it("gives the same chart the same SVG however many charts came before it", async () => {
    const first = await renderSvg(spec, rows);
    for (let i = 0; i < 3; i++) await renderSvg(spec, rows);
    expect(await renderSvg(spec, rows)).toBe(first);
    expect(first).toMatch(/id="gradient_0"/);
    expect(first).toMatch(/id="clip1"/);
  });

  it("scopes ids per chart so two charts on one page never share one, and every reference resolves inside its chart", async () => {
    const svg = await renderSvg(spec, rows);
    const page = [scopeSvgIds(svg, "chart0"), scopeSvgIds(svg, "chart1")];
    const ids = page.flatMap((s) => [...s.matchAll(/id="([^"]+)"/g)].map((m) => m[1]!));
    expect(ids.length).toBeGreaterThanOrEqual(4);
    expect(new Set(ids).size).toBe(ids.length);
    for (const s of page) {
      const own = new Set([...s.matchAll(/id="([^"]+)"/g)].map((m) => m[1]!));
      const refs = [...s.matchAll(/url\(#([^)]+)\)/g)].map((m) => m[1]!);
      expect(refs.length).toBeGreaterThan(0);
      for (const r of refs) expect(own.has(r), r).toBe(true);
    }
  });
});
