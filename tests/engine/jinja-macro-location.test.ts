/**
 * A Jinja error inside a macro names the macro's file and line, not the model that called it (the last stop's
 * leftover: minijinja's "(in x:line)" counts lines of the model with every macro prepended).
 */
import { afterEach, describe, expect, it } from "vitest";
import { cleanProjects, miniProject, runProject } from "../support/dbt-mini.js";

afterEach(cleanProjects);

describe("a Jinja error in a macro", () => {
  it("names macros/boom.sql and the macro's line", async () => {
    // Line 3 of the macro file calls a filter that does not exist; the model calls the macro on its line 2.
    const { dir } = miniProject({
      "macros/boom.sql": "{% macro boom(x) %}\n  {%- set y = x -%}\n  {{ y | no_such_filter }}\n{% endmacro %}\n",
      "models/a.sql": "select\n  {{ boom(1) }} as v\n",
    });
    const e = await runProject(dir).then((r) => r.results.find((x) => x.unique_id.endsWith(".a"))?.message, (x: Error) => x.message);
    expect(e).toMatch(/^Jinja 错误（macros\/boom\.sql:3）：unknown filter.*no_such_filter.*（由 models\/a\.sql 调用）$/);
    // minijinja's own place (the model's line with every macro prepended) is not printed beside it.
    expect(e).not.toMatch(/\(in models\/a\.sql:\d+\)/);
  });
});
