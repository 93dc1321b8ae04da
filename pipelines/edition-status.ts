/**
 * What `zonestat status` says about editions (issue #15): each file's vintage with
 * its evidence, and every value whose current choice rests on modification time or
 * load order alone while files disagree (a version conflict).
 */
import type { DuckDBHandle } from "./warehouse/duckdb.js";
import { editionMsg, VINTAGE_SOURCE_LABEL } from "./edition-messages.js";

export type FileEdition = {
  name: string;
  status: string;
  vintage: string;
  vintage_source: string;
  vintage_note: string | null;
  correction_marker: string | null;
  preferred: boolean;
  /** The first 8 hex digits of its sha256: what `zonestat prefer`/`restore` take where names are shared. */
  sha8: string;
  /** Another file (loaded or withdrawn) has the same name: the name alone does not pick this one. */
  name_shared: boolean;
};

export type VersionConflict = {
  entity_name: string;
  indicator_name: string;
  period_label: string;
  /** `「a.csv」207.6（当前）、「b.csv」220.1`, current first; a name two loaded files share is followed by its short sha: `「a.csv」（f8e03120）`. */
  files: string;
  /** What to give `zonestat prefer` for each file, current first: its name, or its short sha where the name is shared. */
  prefer_args: string[];
};

/** Per-file editions (newest load first, at most `limit`) and all version conflicts (at most 200). */
export async function editionStatus(db: DuckDBHandle, limit = 30): Promise<{ files: FileEdition[]; conflicts: VersionConflict[]; conflict_count: number }> {
  // A file whose rows state their own vintage (rule 1, row) is shown with the rows' dates, not the file's fallback date.
  const files = await db.all<FileEdition>(`select name, status,
      case when vintage_source = 'row' then coalesce((select min(s.vintage)::varchar || case when max(s.vintage) > min(s.vintage) then '至' || max(s.vintage)::varchar else '' end
                                                      from ingest.fact_series s where s.file_id = f.file_id), vintage::varchar)
           else vintage::varchar end as vintage,
      vintage_source, vintage_note, correction_marker, coalesce(preferred_at is not null, false) as preferred,
      left(f.sha256, 8) as sha8, (select count(*) from ingest.files g where g.name = f.name) > 1 as name_shared
    from ingest.files f left join ingest.file_editions using (file_id) order by loaded_at desc, file_id desc limit ${Number(limit)}`);
  // A name shared by loaded files names none of them: its short sha (the form `zonestat prefer` takes) goes beside it (operator finding 6).
  const conflicts = await db.all<VersionConflict & { n: number }>(`
    with shared as (select name from ingest.files where status = 'loaded' group by name having count(*) > 1),
    obs as (select o.*, o.source_file in (select name from shared) as shared_name from main.observations o where o.is_conflict)
    select entity_name, indicator_name, period_label,
           string_agg('「' || source_file || '」' || case when shared_name then '（' || left(source_sha256, 8) || '）' else '' end
                      || coalesce(rtrim(rtrim(printf('%.6f', value), '0'), '.'), '空') || case when is_current then '（当前）' else '' end, '、' order by edition_rank) as files,
           list(case when shared_name then left(source_sha256, 8) else source_file end order by edition_rank) as prefer_args,
           count(*) over () as n
    from obs
    group by entity_code, entity_name, indicator_code, indicator_name, measure, period_start, period_end, period_label, basis
    order by period_end desc, entity_name, indicator_name limit 200`);
  return { files, conflicts: conflicts.map(({ n: _n, ...c }) => c), conflict_count: Number(conflicts[0]?.n ?? 0) };
}

/** The lines `zonestat status` prints for them. */
export function editionStatusLines(s: { file_editions?: FileEdition[]; version_conflicts?: VersionConflict[]; version_conflict_count?: number }): string[] {
  const files = s.file_editions ?? [];
  const conflicts = s.version_conflicts ?? [];
  return [
    `数据版本（最近入库的 ${files.length} 个文件）：`,
    ...files.map((f) => `  ${f.name}${f.name_shared ? `（${f.sha8}）` : ""}：${f.vintage} 版，${VINTAGE_SOURCE_LABEL[f.vintage_source] ?? f.vintage_source}${f.correction_marker ? `；标有「${f.correction_marker}」，更正同格式文件（规则3）` : ""}${f.preferred ? "；已指定优先" : ""}${f.status === "withdrawn" ? "；已撤回" : ""}`),
    `版本冲突：${s.version_conflict_count ?? conflicts.length}`,
    ...conflicts.map((c) => `  ${editionMsg.conflictLine(c)}`),
  ];
}
