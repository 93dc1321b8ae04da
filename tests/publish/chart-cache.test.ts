/**
 * The chart cache within one publish: a chart asked for again — while it is drawn, or after its drawing is
 * written and let go from memory — is drawn once and read back the same; a chart in the previous version is
 * linked, not drawn. The real renderer (vega), with its calls counted.
 */
import { mkdtempSync, readFileSync, rmSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { CHART_CACHE_DIR, cachedCharts, chartKey } from "../../pipelines/publish/chart-cache.js";
import { renderSvg } from "../../pipelines/publish/render-chart.js";

const root = mkdtempSync(path.join(tmpdir(), "zonestat-chart-cache-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));

function counting() {
  const calls: string[] = [];
  return {
    calls,
    render: (spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]) => {
      calls.push(String(spec.mark));
      return renderSvg(spec, rows);
    },
  };
}

describe("cachedCharts", () => {
  const rows = [{ x: 1, y: 2 }];
  const spec = () => ({ mark: "bar", width: 60, height: 40, encoding: { x: { field: "x", type: "ordinal" }, y: { field: "y", type: "quantitative" } } });

  it("draws a chart once: a second request while drawing and a third after it is written get the same SVG", async () => {
    const r = counting();
    const c = cachedCharts(r, undefined, path.join(root, "v1"));
    const [a, b] = await Promise.all([c.render(spec(), rows), c.render(spec(), rows)]);
    // Let the finished drawing go from memory, then ask again: read back from its file.
    await new Promise((res) => setTimeout(res, 0));
    const third = await c.render(spec(), rows);
    expect(r.calls).toEqual(["bar"]);
    expect(a).toMatch(/^<svg[\s\S]*<\/svg>$/);
    expect(b).toBe(a);
    expect(third).toBe(a);
    expect(readFileSync(path.join(root, "v1", CHART_CACHE_DIR, `${chartKey(spec(), rows)}.svg`), "utf8")).toBe(a);
    expect([c.drawn, c.reused]).toEqual([1, 2]);
    // Other rows are another chart.
    await c.render(spec(), [{ x: 1, y: 3 }]);
    expect(r.calls).toEqual(["bar", "bar"]);
  });

  it("links a chart the previous version drew instead of drawing it again", async () => {
    const r = counting();
    const c = cachedCharts(r, path.join(root, "v1"), path.join(root, "v2"));
    const svg = await c.render(spec(), rows);
    expect(r.calls).toEqual([]);
    const key = chartKey(spec(), rows);
    expect(svg).toBe(readFileSync(path.join(root, "v1", CHART_CACHE_DIR, `${key}.svg`), "utf8"));
    expect(statSync(path.join(root, "v2", CHART_CACHE_DIR, `${key}.svg`)).ino).toBe(statSync(path.join(root, "v1", CHART_CACHE_DIR, `${key}.svg`)).ino);
    expect([c.drawn, c.reused]).toEqual([0, 1]);
  });
});
