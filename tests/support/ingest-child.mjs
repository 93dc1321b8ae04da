// Child process for kill tests: ingests the inbox of the given config and, at the
// named stage of the load, writes a marker file and waits to be killed.
import { writeFileSync } from "node:fs";
import { loadConfig } from "../../dist/pipelines/config.js";
import { silentLogger } from "../../dist/pipelines/logger.js";
import { ingest } from "../../dist/pipelines/ingest/job.js";
import { openWarehouse } from "../../dist/pipelines/warehouse/index.js";

const [configFile, stage, marker] = process.argv.slice(2);
const config = loadConfig({ configFile });
const wh = await openWarehouse(config.warehouse);
await ingest({ config, logger: silentLogger, now: () => new Date() }, wh, {
  hook: async (s) => {
    if (s !== stage) return;
    writeFileSync(marker, s);
    await new Promise((r) => setTimeout(r, 60_000));
  },
});
await wh.close();
