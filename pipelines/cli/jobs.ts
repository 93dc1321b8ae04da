/**
 * Every job the CLI runs, behind one lazily imported module: `zonestat --help`
 * must not load DuckDB, vega or the template engine.
 */
export { build } from "../build.js";
export { ingest } from "../ingest/job.js";
export { formatRows, runQuery } from "../query.js";
export { publish } from "../publish/job.js";
export { refresh } from "../refresh.js";
export { runSchedule } from "../schedule.js";
export { status } from "../status.js";
export { listTargets } from "../targets.js";
export { withdraw } from "../withdraw.js";
export { acquireLock } from "../lock.js";
export { openWarehouse } from "../warehouse/index.js";
export { openProject, runEngine } from "../engine/index.js";
export { openDuckDB } from "../warehouse/duckdb.js";
export { parseVintage } from "../ingest/vintage.js";
export { restore } from "../restore.js";
export { prefer } from "../prefer.js";
export { editionMsg } from "../edition-messages.js";
export { editionStatusLines } from "../edition-status.js";
export { listTargetsWithStatus, warehouseExists } from "../targets.js";
export { confirmFlags } from "../confirm.js";
export { writeReport } from "../report.js";
