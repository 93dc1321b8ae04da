/** The progress bar's arithmetic, and that it never draws outside a terminal. */
import { PassThrough } from "node:stream";
import { describe, expect, it } from "vitest";
import { terminalProgress, trackSteps, type Progress } from "../pipelines/progress.js";

describe("progress", () => {
  it("counts finished steps whole and the running one by its partial progress", async () => {
    const seen: Array<[number, string]> = [];
    const bar: Progress = { update: (f, s) => seen.push([f, s]), stop: () => seen.push([-1, "stop"]) };
    let partial = 0;
    const t = trackSteps(bar, [["a", 1, "甲"], ["b", 3, "乙"]], () => partial);
    expect(seen.at(-1)).toEqual([0, "甲"]);
    t.done("a"); // a (weight 1 of 4) finished, b not started: 1/4
    expect(seen.at(-1)).toEqual([0.25, "乙"]);
    partial = 0.5;
    t.done("x-unknown-is-ignored");
    t.done("a"); // a step already passed does not count twice
    await new Promise((r) => setTimeout(r, 300)); // the poll redraws with b half done
    expect(seen.at(-1)![0]).toBeCloseTo((1 + 3 * 0.5) / 4);
    t.stop();
    t.stop();
    expect(seen.filter(([, s]) => s === "stop")).toHaveLength(1);
  });

  it("draws nothing when the stream is not a terminal", () => {
    expect(terminalProgress(new PassThrough())).toBeUndefined();
  });
});
