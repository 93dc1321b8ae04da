/**
 * Environment variables read while a project is loaded and parsed (`env_var()` in
 * models, macros, dbt_project.yml and profiles.yml). Partial parsing records them, as
 * dbt does, so that a changed variable invalidates the cached parse.
 */

let recording: Map<string, string | null> | undefined;

/** `process.env[name]`, noted when a recording is under way (the first value read wins). */
export function readEnv(name: string): string | undefined {
  const value = process.env[name];
  if (recording && !recording.has(name)) recording.set(name, value ?? null);
  return value;
}

/** Runs `fn`, returning its value and every variable it read through readEnv (null: unset). Not re-entrant. */
export function recordEnvReads<T>(fn: () => T): { value: T; reads: Map<string, string | null> } {
  const outer = recording;
  const reads = new Map<string, string | null>();
  recording = reads;
  try {
    return { value: fn(), reads };
  } finally {
    recording = outer;
    if (outer) for (const [k, v] of reads) if (!outer.has(k)) outer.set(k, v);
  }
}
