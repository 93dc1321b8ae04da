/**
 * What every job receives: the frozen configuration and its effects (logger,
 * clock), so tests can swap them.
 */
import type { Config } from "./config.js";
import type { Logger } from "./logger.js";
import type { ProgressFactory } from "./progress.js";

export interface JobContext {
  readonly config: Config;
  readonly logger: Logger;
  readonly now: () => Date;
  /** Progress bars for long steps; set by the CLI on a terminal only. */
  readonly progress?: ProgressFactory;
  /** True once SIGTERM/SIGINT asked the run to stop: jobs stop at the next safe point (between files, models, pages). */
  readonly shouldStop?: () => boolean;
}
