/**
 * What each command runs, imported only when that command runs: `zonestat --help` loads
 * no DuckDB, and `ingest` (or a `refresh` with nothing new, refresh.ts) no engine, vega or
 * template engine — a command pays only for the modules it uses (issue #24: the
 * command's start-up was ~0.6 s of loading every job).
 */
const both = async <A extends object, B extends object>(a: Promise<A>, b: Promise<B>): Promise<A & B> => ({ ...(await a), ...(await b) });
/** The warehouse lock and the warehouse: every command that writes takes both. */
const writing = () => both(import("../lock.js"), import("../warehouse/index.js"));

/** What a whole-project build or a publish records and compares (safety/recovery.ts): the stage the site is at. */
const recording = () => both(import("../safety/recovery.js"), both(import("../state.js"), import("../safety/messages.js")));

export const jobs = {
  ingest: () => both(writing(), both(import("../ingest/job.js"), import("../ingest/vintage.js"))),
  engine: () => both(both(writing(), recording()), both(both(import("../engine/index.js"), import("../warehouse/duckdb.js")), import("../build.js"))),
  publish: () => both(both(writing(), recording()), import("../publish/job.js")),
  refresh: () => import("../refresh.js"),
  schedule: () => import("../schedule.js"),
  status: () => both(import("../status.js"), import("../edition-status.js")),
  query: () => import("../query.js"),
  targets: () => both(import("../targets.js"), import("../warehouse/duckdb.js")),
  withdraw: () => both(writing(), import("../withdraw.js")),
  /** `restore` and `prefer` (issue #15). */
  edition: () => both(writing(), both(both(import("../restore.js"), import("../prefer.js")), import("../edition-messages.js"))),
  confirm: () => both(writing(), import("../confirm.js")),
};
