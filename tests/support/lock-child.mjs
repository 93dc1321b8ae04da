// Takes the warehouse lock (no waiting) with the built lock module, holds it, releases it.
// Prints "won <t0> <t1>" (ms timestamps while held) or "lost"; used by tests/safety/lock.test.ts.
import { acquireLock } from "../../dist/pipelines/lock.js";

const [file, holdMs] = process.argv.slice(2);
try {
  const lock = await acquireLock(file, "test", 0);
  const t0 = Date.now();
  await new Promise((r) => setTimeout(r, Number(holdMs)));
  const t1 = Date.now();
  lock.release();
  console.log(`won ${t0} ${t1}`);
} catch (e) {
  console.log(`lost ${e.code ?? e.message}`);
}
