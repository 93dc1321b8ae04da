/**
 * A worker thread that renders charts: the publish job sends { id, spec, rows }
 * and gets { id, svg } (or { id, error }) back.
 */
import { parentPort } from "node:worker_threads";
import { renderSvg } from "./render-chart.js";

parentPort?.on("message", async (m: { id: number; spec: Record<string, unknown>; rows: Record<string, unknown>[] }) => {
  try {
    parentPort!.postMessage({ id: m.id, svg: await renderSvg(m.spec, m.rows) });
  } catch (e) {
    parentPort!.postMessage({ id: m.id, error: String((e as Error).message ?? e) });
  }
});

// Warm up while the main thread drafts its first pages: the first chart in a fresh
// thread pays vega's module setup and JIT (≈ 1 s over a publish at province scale).
void renderSvg(
  { mark: "line", encoding: { x: { field: "p", type: "ordinal", title: "期" }, y: { field: "v", type: "quantitative", title: "值" } }, title: "预热" },
  [{ p: "2024Q1", v: 1 }, { p: "2024Q2", v: 2 }],
).catch(() => {});
