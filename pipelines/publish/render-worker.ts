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
