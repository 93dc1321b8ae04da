/**
 * A small hand-made file written into a test project and ingested through the real job; the test fails
 * unless it loads. For model tests that build on a few rows of their own.
 */
import { writeFileSync } from "node:fs";
import path from "node:path";
import { expect } from "vitest";
import { ingest } from "../../pipelines/ingest/job.js";
import type { Warehouse } from "../../pipelines/warehouse/index.js";
import type { TestProject } from "./project.js";

/** The canonical long layout's header line (CRLF, as Excel writes it). */
export const LONG_HEADER = "entity,period,indicator,value,unit,basis,vintage\r\n";

/** Writes `text` as `<project>/<name>` and ingests it; expects status "loaded". */
export async function loadText(project: TestProject, wh: Warehouse, name: string, text: string): Promise<void> {
  const file = path.join(project.dir, name);
  writeFileSync(file, text);
  const r = await ingest(project.ctx(), wh, { paths: [file] });
  expect(r.files[0]?.status, name).toBe("loaded");
}
