/**
 * Chart rendering spread over worker threads, up to one per core, started as the charts
 * queue up: vega is CPU-bound and single-threaded. Where workers cannot start (running from TypeScript sources, as
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

/**
 * Charts waiting on every running worker before another one starts. A worker costs ≈ 1 CPU-s to start (vega's
 * modules, JIT, its own compiled specs) and, on the 2-core machine, competes with the main thread that drafts
 * the pages: a new quarter's publish draws 28 charts, never more than 9 waiting at once, and one worker keeps up
 * with it; a full publish (686) has hundreds waiting within a second and starts them all.
 */
export const BACKLOG_PER_WORKER = 16;

/** Whether a chart asked for now starts another worker: fewer than `size` run and each has BACKLOG_PER_WORKER waiting. */
export function wantsAnotherWorker(load: readonly number[], size: number): boolean {
  return load.length < size && load.every((n) => n >= BACKLOG_PER_WORKER);
}

/**
 * A renderer drawing on worker threads (in this thread when workers cannot start). `startAll`: start every
 * worker now, for a publish with no earlier drawings to reuse (the first, or `refresh --full`), which draws
 * every chart; else one now and the others as the charts queue up (wantsAnotherWorker).
 */
export function createRenderer(opts: { readonly startAll?: boolean } = {}): ChartRenderer {
  const here = fileURLToPath(import.meta.url);
  if (!here.endsWith(".js")) return inProcess;
  const size = Number(process.env.ZONESTAT_CHART_WORKERS) || Math.max(1, Math.min(cpus().length, 4));
  if (size < 2) return inProcess;
  const workers: Worker[] = [];
  const pending = new Map<number, { resolve: (s: string) => void; reject: (e: Error) => void }>();
  const load: number[] = [];
  let next = 0;
  // The first worker starts now and warms up while the first pages are drafted; the others now or when the charts queue up.
  const start = () => {
    const i = workers.length;
    const w = new Worker(new URL("./render-worker.js", import.meta.url));
    workers.push(w);
    load.push(0);
    w.on("message", (m: { id: number; svg?: string; error?: string }) => {
      load[i]!--;
      const p = pending.get(m.id);
      pending.delete(m.id);
      if (m.error !== undefined) p?.reject(new Error(m.error));
      else p?.resolve(m.svg!);
    });
  };
  do start();
  while (opts.startAll && workers.length < size);
  return {
    render(spec, rows) {
      const id = next++;
      if (wantsAnotherWorker(load, size)) start();
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
