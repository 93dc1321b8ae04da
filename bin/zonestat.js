#!/usr/bin/env node
// Runs the compiled CLI (built by `npm ci`/`npm run build` via the prepare script).
import { main } from "../dist/pipelines/cli/main.js";
main(process.argv.slice(2)).then((code) => { process.exitCode = code; });
