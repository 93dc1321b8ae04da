/**
 * Chart rendering spread over worker threads, one per core: vega is CPU-bound and
 * single-threaded. Where workers cannot start (running from TypeScript sources, as
 * the test runner does), charts render in this thread instead — same code, same SVG.
 */
import { cpus } from "node:os";
import { fileURLToPath } from "node:url";
import { Worker } from "node:worker_threads";

export interface ChartRenderer {
  render(spec: Record<string, unknown>, rows: readonly Record<string, unknown>[]): Promise<string>;
  close(): Promise<void>;
}

// vega is loaded only when a chart is drawn here (with workers, this thread never draws).
const inProcess: ChartRenderer = { render: async (spec, rows) => (await import("./render-chart.js")).renderSvg(spec, rows), close: async () => {} };

export function createRenderer(): ChartRenderer {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".js")) return inProcess;
  const size = Number(process.env.ZONESTAT_CHART_WORKERS) || Math.max(1, Math.min(cpus().length, 4));
  if (size < 2) return inProcess;
  const workers = Array.from({ length: size }, () => new Worker(new URL("./render-worker.js", import.meta.url)));
  const pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  const load = workers.map(() => 0);
  let next = 0;
  workers.forEach((w, i) =>
    w.on("message", (m: { id: number; svg?: string; error?: string }) => {
      load[i]!--;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.svg!);
    }),
  );
  return {
    render(spec, rows) {
      const id = next++;
      const i = load.indexOf(Math.min(...load));
      load[i]!++;
      return new Promise<string>((resolve, reject) => {
        pending.set(id, { resolve, reject });
        workers[i]!.postMessage({ id, spec, rows });
      });
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
