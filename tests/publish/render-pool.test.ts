/**
 * The chart workers start as charts queue up (render-pool.ts): one at once, another only when every running one
 * has BACKLOG_PER_WORKER charts waiting — a new quarter's 28 drawings (never more than 9 waiting) keep to one
 * worker, a full publish's hundreds start every core's.
 */
import { describe, expect, it } from "vitest";
import { BACKLOG_PER_WORKER, wantsAnotherWorker } from "../../pipelines/publish/render-pool.js";

describe("chart workers", () => {
  it("start another only when every running one has a full backlog, up to the pool's size", () => {
    expect(BACKLOG_PER_WORKER).toBe(16);
    // The incremental publish's deepest queue at province scale: 9 waiting on one worker → no second one.
    expect(wantsAnotherWorker([9], 2)).toBe(false);
    expect(wantsAnotherWorker([15], 2)).toBe(false);
    expect(wantsAnotherWorker([16], 2)).toBe(true);
    // One worker with a backlog and one idle: the idle one takes the next chart, none starts.
    expect(wantsAnotherWorker([16, 0], 4)).toBe(false);
    expect(wantsAnotherWorker([16, 16], 4)).toBe(true);
    // Never beyond the pool's size (cores, at most 4).
    expect(wantsAnotherWorker([40, 40], 2)).toBe(false);
  });
});
