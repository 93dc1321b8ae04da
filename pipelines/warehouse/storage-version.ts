/**
 * DuckDB storage versions a warehouse can be created at. Apart from duckdb.ts so that reading the
 * config does not load DuckDB's native module.
 */

/**
 * Values of DuckDB's `storage_compatibility_version` the pinned DuckDB (1.5) accepts, each meaning
 * "DuckDB this version or newer can open the file" (v0.10.2 = DuckDB's own default, format 64; v1.2.0 = 65 …
 * v1.5.0 = 68). It decides the format of a file DuckDB creates only: an existing file keeps the version
 * written in it (DuckDB PR #15794, "Storage Versions and Format" in its docs; checked in tests/pipelines/storage-version.test.ts).
 */
export const STORAGE_VERSIONS = ["v0.10.2", "v1.0.0", "v1.1.0", "v1.2.0", "v1.3.0", "v1.4.0", "v1.5.0"] as const;
export type StorageVersion = (typeof STORAGE_VERSIONS)[number];
/** The build's models run 17% less CPU on a v1.5.0 file than on a v0.10.2 one (issue #24: 15.49 → 12.81 CPU-s, province). */
export const DEFAULT_STORAGE_VERSION: StorageVersion = "v1.5.0";


/** DuckDB's open option that writes a file it creates at `version` (an existing file ignores it). */
export function newFileOptions(version: StorageVersion = DEFAULT_STORAGE_VERSION): { storage_compatibility_version: StorageVersion } {
  return { storage_compatibility_version: version };
}
