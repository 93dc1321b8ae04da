/**
 * Runs one zonestat command in its own process and reports that process's peak RSS
 * (worker threads included), so the benchmark's own DuckDB baselines do not count.
 * Usage: node dist/bench/child.js <zonestat args…>; prints `BENCH {"code":…,"maxRssMB":…}` last on stderr.
 */
import { main } from "../pipelines/cli/main.js";

const code = await main(process.argv.slice(2));
process.stderr.write(`BENCH ${JSON.stringify({ code, maxRssMB: process.resourceUsage().maxRSS / 1024 })}\n`);
process.exit(code);
