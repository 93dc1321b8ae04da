/**
 * The model lineage as a static SVG: one column per layer (a node sits one column
 * right of its deepest parent), nodes ordered within a column by their parents'
 * positions so edges cross little, edges drawn left to right. Text is measured
 * with the same advance widths as the charts, so boxes fit their names.
 */
import { esc } from "./html.js";
import { CHART_FONT, textWidth } from "./text-metrics.js";

export interface LineageNode {
  readonly id: string;
  readonly label: string;
  /** Colours the box: source, seed, staging, intermediate, mart. */
  readonly kind: string;
  readonly parents: readonly string[];
  /** Shown as the box's tooltip (file path, description). */
  readonly detail?: string;
}

export interface PlacedNode extends LineageNode {
  readonly layer: number;
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface LineageLayout {
  readonly nodes: PlacedNode[];
  readonly width: number;
  readonly height: number;
}

const FONT = 11;
const BOX_H = 20;
const ROW_GAP = 6;
const COL_GAP = 56;
const PAD = 8;

export const KIND_COLOURS: Record<string, { fill: string; stroke: string; label: string }> = {
  source: { fill: "#fde8e8", stroke: "#c0392b", label: "数据源（observations）" },
  seed: { fill: "#f3ecda", stroke: "#8a6d1d", label: "参照表（seeds）" },
  staging: { fill: "#e8f0fb", stroke: "#2f6db5", label: "staging" },
  intermediate: { fill: "#eaf5ec", stroke: "#2e7d4f", label: "intermediate" },
  mart: { fill: "#efe8f7", stroke: "#6a3d9a", label: "marts" },
};

/** Places every node; parents missing from `nodes` are ignored. Cycles cannot occur in a built project, but are cut. */
export function layoutLineage(input: readonly LineageNode[]): LineageLayout {
  const byId = new Map(input.map((n) => [n.id, n]));
  const layer = new Map<string, number>();
  const depth = (id: string, seen: Set<string>): number => {
    const known = layer.get(id);
    if (known !== undefined) return known;
    if (seen.has(id)) return 0;
    seen.add(id);
    const parents = byId.get(id)!.parents.filter((p) => byId.has(p));
    const d = parents.length ? Math.max(...parents.map((p) => depth(p, seen))) + 1 : 0;
    layer.set(id, d);
    return d;
  };
  for (const n of input) depth(n.id, new Set());
  const columns: LineageNode[][] = [];
  for (const n of input) (columns[layer.get(n.id)!] ??= []).push(n);
  // Column 0 by kind then name; later columns by the mean row of their parents.
  const row = new Map<string, number>();
  columns.forEach((col, c) => {
    if (c === 0) col.sort((a, b) => a.kind.localeCompare(b.kind) || a.label.localeCompare(b.label));
    else {
      const centre = (n: LineageNode) => {
        const rows = n.parents.map((p) => row.get(p)).filter((r): r is number => r !== undefined);
        return rows.length ? rows.reduce((s, r) => s + r, 0) / rows.length : 0;
      };
      col.sort((a, b) => centre(a) - centre(b) || a.label.localeCompare(b.label));
    }
    col.forEach((n, i) => row.set(n.id, i));
  });
  const tallest = Math.max(0, ...columns.map((c) => c.length));
  const height = PAD * 2 + tallest * (BOX_H + ROW_GAP) - (tallest ? ROW_GAP : 0);
  const nodes: PlacedNode[] = [];
  let x = PAD;
  columns.forEach((col, c) => {
    const width = Math.ceil(Math.max(...col.map((n) => textWidth(n.label, FONT))) + 16);
    // Centre shorter columns vertically.
    const top = PAD + ((tallest - col.length) * (BOX_H + ROW_GAP)) / 2;
    col.forEach((n, i) => nodes.push({ ...n, layer: c, x, y: top + i * (BOX_H + ROW_GAP), width, height: BOX_H }));
    x += width + COL_GAP;
  });
  return { nodes, width: Math.max(PAD * 2, x - COL_GAP + PAD), height };
}

/** The layout drawn as an SVG element with a legend line above it. */
export function lineageSvg(input: readonly LineageNode[], title: string): string {
  const { nodes, width, height } = layoutLineage(input);
  const at = new Map(nodes.map((n) => [n.id, n]));
  const LEGEND = 22;
  const edges = nodes.flatMap((n) =>
    n.parents
      .map((p) => at.get(p))
      .filter((p): p is PlacedNode => p !== undefined)
      .map((p) => {
        const [x1, y1, x2, y2] = [p.x + p.width, p.y + p.height / 2 + LEGEND, n.x, n.y + n.height / 2 + LEGEND];
        const mid = (x1 + x2) / 2;
        return `<path d="M${x1},${y1} C${mid},${y1} ${mid},${y2} ${x2},${y2}" fill="none" stroke="#9aa3ad" stroke-width="1"/>`;
      }),
  );
  const boxes = nodes.map((n) => {
    const c = KIND_COLOURS[n.kind] ?? KIND_COLOURS.staging!;
    return `<g class="lineage-node"><title>${esc(n.detail ?? n.label)}</title><rect x="${n.x}" y="${n.y + LEGEND}" width="${n.width}" height="${n.height}" rx="3" fill="${c.fill}" stroke="${c.stroke}"/><text x="${n.x + 8}" y="${n.y + LEGEND + n.height / 2 + FONT * 0.36}" font-size="${FONT}">${esc(n.label)}</text></g>`;
  });
  let lx = PAD;
  const legend = Object.values(KIND_COLOURS).map((c) => {
    const item = `<rect x="${lx}" y="4" width="12" height="12" fill="${c.fill}" stroke="${c.stroke}"/><text x="${lx + 16}" y="14" font-size="${FONT}">${esc(c.label)}</text>`;
    lx += 16 + textWidth(c.label, FONT) + 18;
    return item;
  });
  const w = Math.ceil(Math.max(width, lx));
  return `<svg xmlns="http://www.w3.org/2000/svg" role="img" aria-label="${esc(title)}" width="${w}" height="${Math.ceil(height + LEGEND)}" viewBox="0 0 ${w} ${Math.ceil(height + LEGEND)}" font-family="${esc(CHART_FONT)}">${legend.join("")}${edges.join("")}${boxes.join("")}</svg>`;
}
