/**
 * The YAML definition folders beside the readers (sources/layouts/, sources/audit-rules/):
 * every `*.yml`/`*.yaml` in name order, parsed and checked against its zod schema.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";
import YAML from "yaml";
import type { z } from "../zod.js";
import { ZonestatError } from "../errors.js";

/** One definition file: its path and its checked content. */
export interface DefinitionFile<T> {
  readonly file: string;
  readonly data: T;
}

/**
 * Reads `dir`'s YAML files (the folder must exist). `what` names the kind in messages (格式定义, 审核规则).
 * @throws ZonestatError `code` naming the file, and for content the key path (「rules.2.params」) and zod's
 *   (Chinese) message — the first problem only, as an editor fixes one at a time.
 */
export function readDefinitions<S extends z.ZodType>(dir: string, schema: S, code: string, what: string): Array<DefinitionFile<z.output<S>>> {
  return readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort().map((f) => {
    const file = path.join(dir, f);
    let raw: unknown;
    try {
      raw = YAML.parse(readFileSync(file, "utf8"));
    } catch (e) {
      throw new ZonestatError(code, `${what} ${file} 无法解析：${(e as Error).message}`, { file });
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      const key = [...i.path, ...("keys" in i ? (i.keys as string[]) : [])].join(".");
      throw new ZonestatError(code, definitionProblem(what, file, key, i.message), { file, value: key });
    }
    return { file, data: parsed.data };
  });
}

/** 「<what> <file> 中「key」无效：problem」: the sentence of a definition's bad key. */
export function definitionProblem(what: string, file: string, key: string, problem: string): string {
  return `${what} ${file} 中「${key}」无效：${problem}`;
}
