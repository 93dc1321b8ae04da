/**
 * A progress bar for long steps (a large file's load), drawn on a terminal only:
 * never in logs, pipes, the scheduler or tests. Built on cli-progress.
 *
 * @example
 *   const bar = ctx.progress?.("big.csv");
 *   bar?.update(0.4, "写入");
 *   bar?.stop();
 */
import cliProgress from "cli-progress";
import type { Logger } from "./logger.js";

export interface Progress {
  /** `fraction` in 0..1; `step` names what is happening now. */
  update(fraction: number, step: string): void;
  stop(): void;
}

export type ProgressFactory = (label: string) => Progress;

/** Bars on `stream` when it is a terminal; undefined otherwise (no bar at all). */
export function terminalProgress(stream: NodeJS.WritableStream & { isTTY?: boolean }): ProgressFactory | undefined {
  if (!stream.isTTY || process.env.CI) return undefined;
  return (label) => {
    const bar = new cliProgress.SingleBar(
      { stream, format: `${label} [{bar}] {percentage}% | {step}`, hideCursor: true, clearOnComplete: true, fps: 5 },
      cliProgress.Presets.shades_classic,
    );
    bar.start(100, 0, { step: "" });
    return {
      update(fraction, step) {
        bar.update(Math.max(0, Math.min(100, Math.round(fraction * 100))), { step });
      },
      stop() {
        bar.stop();
      },
    };
  };
}

/** A job's steps: name, rough share of its time, and what the bar says meanwhile. */
export type Steps = ReadonlyArray<readonly [name: string, weight: number, label: string]>;

/**
 * Drives `bar` through `steps`: finished steps count whole, the running one by
 * `partial()` (0..1, e.g. DuckDB's progress on its current query), polled.
 */
export function trackSteps(bar: Progress | undefined, steps: Steps, partial: () => number): { done(step: string): void; stop(): void } {
  if (!bar) return { done() {}, stop() {} };
  const total = steps.reduce((s, [, w]) => s + w, 0);
  let index = 0;
  let finished = 0;
  let stopped = false;
  const draw = () => {
    const step = steps[index];
    if (!step) return bar.update(1, "");
    bar.update((finished + step[1] * Math.max(0, Math.min(1, partial()))) / total, step[2]);
  };
  const timer = setInterval(draw, 200);
  timer.unref();
  draw();
  return {
    done(name) {
      const at = steps.findIndex(([n]) => n === name);
      if (at < index) return;
      for (; index <= at; index++) finished += steps[index]![1];
      draw();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      bar.stop();
    },
  };
}

/** `logger` with `bar` ended before its first line, so no log line is drawn into the bar. */
export function endingBar(logger: Logger, bar: { stop(): void }): Logger {
  const first = <K extends keyof Logger>(level: K): Logger[K] => ((message: string, fields?: Record<string, unknown>) => {
    bar.stop();
    logger[level](message, fields);
  }) as Logger[K];
  return { debug: first("debug"), info: first("info"), warn: first("warn"), error: first("error") };
}
