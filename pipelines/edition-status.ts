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
};

export type VersionConflict = {
  entity_name: string;
  indicator_name: string;
  period_label: string;
  /** `「a.csv」207.6（当前）、「b.csv」220.1`, current first. */
  files: string;
};

/** Per-file editions (newest load first, at most `limit`) and all version conflicts (at most 200). */
export async function editionStatus(db: DuckDBHandle, limit = 30): Promise<{ files: FileEdition[]; conflicts: VersionConflict[]; conflict_count: number }> {
  // A file whose rows state their own vintage (rule 1, row) is shown with the rows' dates, not the file's fallback date.
  const files = await db.all<FileEdition>(`select name, status,
      case when vintage_source = 'row' then coalesce((select min(s.vintage)::varchar || case when max(s.vintage) > min(s.vintage) then '至' || max(s.vintage)::varchar else '' end
                                                      from ingest.fact_series s where s.file_id = f.file_id), vintage::varchar)
           else vintage::varchar end as vintage,
      vintage_source, vintage_note, correction_marker, coalesce(preferred_at is not null, false) as preferred
    from ingest.files f left join ingest.file_editions using (file_id) order by loaded_at desc, file_id desc limit ${Number(limit)}`);
  const conflicts = await db.all<VersionConflict & { n: number }>(`
    select entity_name, indicator_name, period_label,
           string_agg('「' || source_file || '」' || coalesce(rtrim(rtrim(printf('%.6f', value), '0'), '.'), '空') || case when is_current then '（当前）' else '' end, '、' order by edition_rank) as files,
           count(*) over () as n
    from main.observations where is_conflict
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
    ...files.map((f) => `  ${f.name}：${f.vintage} 版，${VINTAGE_SOURCE_LABEL[f.vintage_source] ?? f.vintage_source}${f.correction_marker ? `；标有「${f.correction_marker}」，更正同格式文件（规则3）` : ""}${f.preferred ? "；已指定优先" : ""}${f.status === "withdrawn" ? "；已撤回" : ""}`),
    `版本冲突：${s.version_conflict_count ?? conflicts.length}`,
    ...conflicts.map((c) => `  ${editionMsg.conflictLine(c)}`),
  ];
}
