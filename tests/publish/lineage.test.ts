/** The lineage drawing: every node placed right of all its parents, no two boxes overlapping, text escaped. */
import { describe, expect, it } from "vitest";
import { layoutLineage, lineageSvg, type LineageNode } from "../../pipelines/publish/lineage.js";
import { textWidth } from "../../pipelines/publish/text-metrics.js";

const NODES: LineageNode[] = [
  { id: "src", label: "warehouse.observations", kind: "source", parents: [] },
  { id: "seed_a", label: "zones", kind: "seed", parents: [] },
  { id: "seed_b", label: "indicators", kind: "seed", parents: [] },
  { id: "stg_obs", label: "stg_observations", kind: "staging", parents: ["src"] },
  { id: "stg_z", label: "stg_zones", kind: "staging", parents: ["seed_a"] },
  { id: "int_c", label: "int_observations_canonical", kind: "intermediate", parents: ["stg_obs", "seed_b"] },
  // A mart that also reads a staging model directly: it must still sit right of its deepest parent.
  { id: "shares", label: "shares", kind: "mart", parents: ["int_c", "stg_z"] },
  { id: "evil", label: "<script>alert(1)</script>", kind: "mart", parents: ["shares", "not-in-the-graph"] },
];

describe("lineage", () => {
  const { nodes } = layoutLineage(NODES);
  const at = new Map(nodes.map((n) => [n.id, n]));

  it("puts each node one column right of its deepest parent", () => {
    // Layers by hand: src/seeds 0, stg 1, int_c 2 (stg_obs 1 + 1), shares 3 (int_c 2 + 1), evil 4.
    expect(Object.fromEntries(nodes.map((n) => [n.id, n.layer]))).toEqual({ src: 0, seed_a: 0, seed_b: 0, stg_obs: 1, stg_z: 1, int_c: 2, shares: 3, evil: 4 });
    for (const n of nodes) for (const p of n.parents.filter((p) => at.has(p))) expect(at.get(p)!.x + at.get(p)!.width).toBeLessThan(n.x);
  });

  it("draws no two boxes overlapping, each wide enough for its name", () => {
    for (const a of nodes) {
      expect(a.width).toBeGreaterThanOrEqual(textWidth(a.label, 11));
      for (const b of nodes) {
        if (a === b) continue;
        const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart, `${a.id} overlaps ${b.id}`).toBe(true);
      }
    }
  });

  it("escapes names from the project", () => {
    const svg = lineageSvg(NODES, "模型血缘图");
    expect(svg).not.toContain("<script>");
    expect(svg).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    // One curve per edge inside the graph: 1+1+2+2+1 = 7 (the missing parent draws nothing).
    expect(svg.match(/<path /g)).toHaveLength(7);
  });
});
