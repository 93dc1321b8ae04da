/**
 * Period axes on a phone (reader-qa 10): the 年内累计占比 lines and the 报送覆盖 heatmap drew every period's
 * label, so at 320 px twelve or more ran together ("20221-3月20221-6月…"). Drawn with vega itself at the phone
 * width (narrowSpec), the labels left visible must not overlap one another.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import * as vega from "vega";
import { compile } from "vega-lite";
import { describe, expect, it } from "vitest";
import { narrowSpec } from "../../pipelines/publish/page.js";
import { BASE_CONFIG } from "../../pipelines/publish/render-chart.js";
import { REPO } from "../support/project.js";

type Item = { opacity?: number; bounds: { x1: number; x2: number; y1: number; y2: number } };
type Scene = { role?: string; items?: Array<Item & Scene> };

/** The bounds of the visible labels of every horizontal axis: an axis-label mark whose labels spread along x. */
function xLabels(node: Scene, out: Item["bounds"][] = []): Item["bounds"][] {
  for (const item of node.items ?? []) {
    if (node.role === "axis-label") continue;
    xLabels(item, out);
  }
  if (node.role === "axis-label" && node.items?.length) {
    const b = node.items.map((i) => i.bounds);
    const spread = (k: "x1" | "y1") => Math.max(...b.map((v) => v[k])) - Math.min(...b.map((v) => v[k]));
    if (spread("x1") > spread("y1")) out.push(...node.items.filter((i) => i.opacity !== 0).map((i) => i.bounds));
  }
  return out;
}

const periods = Array.from({ length: 16 }, (_, i) => `${2021 + Math.floor(i / 4)}年1-${(i % 4) * 3 + 3}月`);

async function labelsAtPhoneWidth(spec: string, rows: Record<string, unknown>[]): Promise<Item["bounds"][]> {
  const base = JSON.parse(readFileSync(path.join(REPO, "dashboards/charts", spec), "utf8")) as Record<string, unknown>;
  const s = narrowSpec({ ...base, data: { values: rows }, config: BASE_CONFIG });
  const view = new vega.View(vega.parse(compile(s as never).spec), { renderer: "none" });
  await view.runAsync();
  const labels = xLabels(view.scenegraph().root as unknown as Scene);
  view.finalize();
  return labels;
}

const overlaps = (b: Item["bounds"][]) => b.flatMap((a, i) => b.slice(i + 1).filter((c) => a.x1 < c.x2 - 0.5 && c.x1 < a.x2 - 0.5 && a.y1 < c.y2 && c.y1 < a.y2).map(() => i));

describe("period axes at phone width", () => {
  it("年内累计占比 (share-lines): 16 periods, visible labels do not overlap and some are shown", async () => {
    const rows = periods.flatMap((p) => ["地区生产总值", "出口额"].map((ind, k) => ({ period_label: p, share_pct: 30 + k * 10, indicator_name: ind, target_pct: null, is_partial: false })));
    const b = await labelsAtPhoneWidth("share-lines.vl.json", rows);
    expect(b.length).toBeGreaterThan(2);
    expect(overlaps(b)).toEqual([]);
  });

  it("报送覆盖 (coverage-heatmap): 16 periods, visible labels do not overlap and some are shown", async () => {
    const base = JSON.parse(readFileSync(path.join(REPO, "dashboards/charts/coverage-heatmap.vl.json"), "utf8")) as { encoding?: Record<string, { field?: string }> };
    const fields = Object.fromEntries(Object.entries(base.encoding ?? {}).map(([k, v]) => [k, v.field]));
    const rows = periods.flatMap((p) => ["甲开发区", "乙开发区"].map((z, k) => ({ [fields.x ?? "period_label"]: p, [fields.y ?? "zone"]: z, [fields.color ?? "rate"]: 0.5 + k / 4 })));
    const b = await labelsAtPhoneWidth("coverage-heatmap.vl.json", rows);
    expect(b.length).toBeGreaterThan(2);
    expect(overlaps(b)).toEqual([]);
  });
});
