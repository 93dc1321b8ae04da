/**
 * Baselines the benchmarks measure zonestat's build against, in the same run: the
 * engine's compiled SQL executed directly on DuckDB (per node), and the floor
 * (#24), the headline shares as one hand-written query.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { DuckDBInstance } from "@duckdb/node-api";

/** The compiled SQL of every node, executed in order straight on DuckDB: the build's floor. */
export async function directSql(warehouse: string, targetDir: string, projectDir: string, what: "build" | "test", perNode?: Map<string, number[]>): Promise<number> {
  const results = JSON.parse(readFileSync(path.join(targetDir, "run_results.json"), "utf8")).results as Array<{ unique_id: string; compiled_code?: string; relation_name?: string }>;
  const manifest = JSON.parse(readFileSync(path.join(targetDir, "manifest.json"), "utf8")).nodes as Record<string, { config: { materialized: string }; schema: string; alias: string; original_file_path: string }>;
  const inst = await DuckDBInstance.create(warehouse);
  const conn = await inst.connect();
  const t0 = performance.now();
  for (const r of results) {
    const node = manifest[r.unique_id];
    if (node && what === "build" && r.unique_id.startsWith("seed.")) {
      // Same column types as the engine gave the seed (read from the table it built).
      const types = (await (await conn.runAndReadAll(`select column_name, data_type from information_schema.columns where table_schema = '${node.schema}' and table_name = '${node.alias}' order by ordinal_position`)).getRowObjectsJS()) as Array<{ column_name: string; data_type: string }>;
      const cols = types.map((t) => `'${t.column_name}': '${t.data_type}'`).join(", ");
      await conn.run(`create or replace table "${node.schema}"."${node.alias}" as select * from read_csv('${path.join(projectDir, node.original_file_path)}', header = true, auto_detect = false, columns = {${cols}})`);
      continue;
    }
    if (!node || !r.compiled_code) continue;
    if (r.unique_id.startsWith("test.")) {
      if (what === "test") await conn.run(`select count(*) from (${r.compiled_code}) t`);
      continue;
    }
    if (what !== "build") continue;
    const rel = `"${node.schema}"."${node.alias}"`;
    const n0 = performance.now();
    await conn.run(`create schema if not exists "${node.schema}"`);
    if (node.config.materialized === "view") await conn.run(`create or replace view ${rel} as ${r.compiled_code}`);
    else if (node.config.materialized === "table" || node.config.materialized === "incremental") await conn.run(`create or replace table ${rel} as ${r.compiled_code}`);
    if (perNode) perNode.set(r.unique_id, [...(perNode.get(r.unique_id) ?? []), (performance.now() - n0) / 1000]);
  }
  const s = (performance.now() - t0) / 1000;
  conn.closeSync();
  inst.closeSync();
  return s;
}

/**
 * The issue's floor for the build: the headline shares (zones of the headline scope ÷ the
 * province total, per indicator, period and basis) as one hand-written query straight on the
 * ingest tables — current value by newest vintage, then load order — with none of the
 * models' checks (units, editions, membership by year, partial reporting).
 */
export async function headlineSharesFloor(warehouse: string): Promise<[number, number]> {
  const inst = await DuckDBInstance.create(warehouse);
  const conn = await inst.connect();
  const t0 = performance.now();
  const reader = await conn.runAndReadAll(`
    with cur as (
      select e.entity_code, e.entity_kind, s.indicator_code, s.period_start, s.period_end, s.basis,
             arg_max(f.value, struct_pack(v := s.vintage, f := f.file_id, l := f.line)) as value
      from ingest.facts f
      join ingest.fact_entities e using (file_id, entity_key)
      join ingest.fact_series s using (file_id, series_key)
      join ingest.files fl using (file_id)
      where fl.status = 'loaded' and s.measure = 'value' and e.entity_kind in ('zone', 'province')
      group by all
    )
    select z.indicator_code, z.period_start, z.period_end, z.basis, sum(z.value) / any_value(p.value) as share
    from cur z
    join main_reference.zones rz on rz.code = z.entity_code and rz.level in ('国家级', '省级')
    join cur p on p.entity_kind = 'province' and p.indicator_code = z.indicator_code
      and p.period_start = z.period_start and p.period_end = z.period_end and p.basis = z.basis
    where z.entity_kind = 'zone'
    group by all`);
  const n = reader.getRows().length;
  const s = (performance.now() - t0) / 1000;
  conn.closeSync();
  inst.closeSync();
  return [s, n];
}

