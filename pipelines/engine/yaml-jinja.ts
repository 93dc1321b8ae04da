/**
 * dbt renders Jinja in `dbt_project.yml` and `profiles.yml` (`{{ env_var('X') }}`,
 * `{{ target.name }}`) when it reads them; hooks are kept as written and rendered
 * when they run. A value that cannot be rendered is an error naming the file.
 */
import { Environment } from "minijinja-js";
import { ZonestatError } from "../errors.js";
import { readEnv } from "./env-reads.js";

const HOOK_KEYS = new Set(["on-run-start", "on-run-end", "pre-hook", "post-hook", "+pre-hook", "+post-hook", "pre_hook", "post_hook", "+pre_hook", "+post_hook"]);

/** Renders every string in `doc` that holds Jinja, except hook bodies. */
export function renderYamlJinja(doc: unknown, file: string, globals: Record<string, unknown> = {}): unknown {
  const env = new Environment();
  env.enablePyCompat();
  const missing: string[] = [];
  env.addGlobal("env_var", (name: unknown, fallback?: unknown) => {
    const v = readEnv(String(name));
    if (v !== undefined) return v;
    if (fallback !== undefined) return fallback;
    missing.push(String(name));
    return "";
  });
  for (const [k, v] of Object.entries(globals)) env.addGlobal(k, v);
  const walk = (v: unknown, key: string): unknown => {
    if (HOOK_KEYS.has(key)) return v;
    if (typeof v === "string" && /{{|{%/.test(v)) {
      let out: string;
      try {
        out = env.renderStr(v, {});
      } catch (e) {
        throw new ZonestatError("PROJECT_YAML_INVALID", `${file} 中「${key}」的 Jinja 无法渲染：${String((e as Error).message).split("\n")[0]}`, { file, value: v });
      }
      if (missing.length) throw new ZonestatError("PROJECT_YAML_INVALID", `${file} 中「${key}」用到的环境变量 ${missing.join("、")} 未设置且没有默认值`, { file, value: v });
      // dbt casts rendered numbers and booleans back (threads: "{{ env_var('T') }}" is an int).
      if (/^-?\d+$/.test(out)) return Number(out);
      if (out === "True" || out === "true") return true;
      if (out === "False" || out === "false") return false;
      return out;
    }
    if (Array.isArray(v)) return v.map((x) => walk(x, key));
    if (v && typeof v === "object") return Object.fromEntries(Object.entries(v as Record<string, unknown>).map(([k, x]) => [k, walk(x, k)]));
    return v;
  };
  return walk(doc, "");
}
