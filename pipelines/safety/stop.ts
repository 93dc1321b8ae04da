/**
 * SIGTERM/SIGINT for every command that changes the warehouse or the site: the
 * first signal asks the job to stop at its next safe point (between files, models,
 * pages — each of which is whole or rolled back), so systemd's stop timeout is
 * met and the next run resumes (recovery.ts). A second signal exits at once;
 * DuckDB's WAL and the site's single-rename publish keep that safe too.
 */
import type { Logger } from "../logger.js";
import { safetyMsg } from "./messages.js";

let requested = false;
let installed = false;

/**
 * The flag jobs poll. The handlers are installed by the first poll, so read-only commands
 * (query, status) keep the default: a signal ends them at once.
 */
export function stopOnSignals(logger: Logger): () => boolean {
  return () => {
    install(logger);
    return requested;
  };
}

function install(logger: Logger): void {
  if (!installed) {
    installed = true;
    const onSignal = (sig: NodeJS.Signals) => {
      if (requested) process.exit(sig === "SIGINT" ? 130 : 143);
      requested = true;
      logger.warn(safetyMsg.stopping(), { signal: sig });
    };
    process.on("SIGTERM", onSignal);
    process.on("SIGINT", onSignal);
  }
}
