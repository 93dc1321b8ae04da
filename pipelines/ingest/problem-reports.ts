/**
 * Keeps every `.problems.txt` true after its file was loaded (held-qa finding 6): a later load's correction or
 * re-audit, `confirm`, `confirm --undo`, `withdraw`, `restore` and `prefer` change a file's 需核实 flags, and a
 * statistician working from the archive otherwise chases flags already closed and misses ones opened since.
 * The load-time text stays as written (what was found then); everything from the line `CURRENT_MARK` on is the
 * file's flags as they stand now, written again whenever it would read differently.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import type { Warehouse } from "../warehouse/index.js";
import { writeBeside } from "./files.js";
import { ingestMsg } from "./messages.js";
import { flagLine } from "./audit-load.js";
import { localTime, timeZoneLabel } from "../local-time.js";
import { flagSheetSql } from "../cell-ref.js";
import { flagEffectSql, flagEffectText, flagYearFormSql } from "./flag-effect.js";

/**
 * A time as every `.problems.txt` prints it: local in the configured zone, labelled as the site and status label it
 * (2026-12-01 02:33:42（北京时间）) — its header once said UTC ISO and its 当前状态 local time without a label (stat-qa
 * finding 9), then Asia/Shanghai where the site said 北京时间 (stat-qa4 F11).
 */
export function reportTime(iso: string | number, timeZone: string): string {
  return `${localTime(iso, timeZone)}（${timeZoneLabel(timeZone)}）`;
}

/** The first line of the current-state section; a report is cut here before it is written again. */
const CURRENT_MARK = "══ 当前状态";

/**
 * Records where a loaded file's `.problems.txt` was written (`ingest.problem_reports`, file id → path relative to the
 * archive folder `archiveDir`), so later changes can find it — in this project's archive even when the project was
 * copied elsewhere (stat-qa5 F19: an absolute path made a copy's confirm rewrite the original project's report).
 * Replaces an earlier path of the same file id.
 */
export async function recordProblemReports(wh: Warehouse, archiveDir: string, reports: ReadonlyArray<{ fileId: number; path: string }>): Promise<void> {
  if (!reports.length) return;
  await wh.sql.exec(`insert or replace into ingest.problem_reports (file_id, path) values ${reports.map(() => "(?, ?)").join(", ")}`,
    reports.flatMap((r) => [r.fileId, path.relative(archiveDir, r.path)]));
}

type FlagRow = {
  file_id: number; name: string; flag_id: number; line: number; col: string; sheet: string | null; rule_code: string; message: string; entity_name: string | null;
  indicator_name: string | null; period_label: string | null; original_text: string | null; state: string; file_status: string;
  confirmed_by: string | null; confirm_reason: string | null; reason: string | null; corrected_by: string | null; loaded_ms: number;
  /** flag-effect's effect of an open flag, with the year's figure used for `superseded`. */
  effect: string | null; basis: string | null; year_form?: string | null; year_value?: number | null; year_unit?: string | null;
};

/**
 * Writes again the current-state section of every recorded `.problems.txt` whose file's flags now read differently
 * (a report whose file is gone from disk is skipped). `now`: the ISO instant stamped, in `timeZone`, in a section that
 * changed. `annual`: the models' year values (flag-effect's ANNUAL_RELATION), given only right after a build from the data
 * loaded now (build.ts): then a held 年 value (or 1-12月) whose year took the other form says the figure used; without it,
 * that the build decides (stat-qa6 F1). Returns the paths written. Never throws for one unreadable report: the others are
 * still written.
 */
export async function refreshProblemReports(wh: Warehouse, archiveDir: string, now: string, timeZone: string, annual?: string): Promise<string[]> {
  const at = reportTime(now, timeZone);
  // Stored relative to the archive (an absolute path from a warehouse written before stays as it was).
  const reports = (await wh.sql.all<{ file_id: number; path: string }>(`select file_id, path from ingest.problem_reports order by file_id`).catch(() => []))
    .map((r) => ({ ...r, path: path.resolve(archiveDir, r.path) }));
  if (!reports.length) return [];
  const select = (from?: string) => wh.sql.all<FlagRow>(
    `select a.file_id, f.name, a.flag_id, a.line, a.col, ${flagSheetSql("a")} as sheet, a.rule_code, a.message, a.entity_name, a.indicator_name, a.period_label, a.original_text,
            a.state, f.status as file_status, epoch_ms(f.loaded_at)::double as loaded_ms, a.confirmed_by, a.confirm_reason, c.reason, cf.name as corrected_by,
            a.basis, case when a.state = 'open' then ${flagEffectSql("a", from)} end as effect${from ? `, ${flagYearFormSql("a", from)}` : ""}
     from ingest.audit_flags a join ingest.files f using (file_id)
     left join ingest.audit_flag_closures c using (flag_id)
     left join ingest.files cf on cf.file_id = a.resolved_by_file_id
     where a.file_id in (select file_id from ingest.problem_reports)
     order by a.file_id, a.line, a.col, a.rule_code, a.flag_id`);
  // Models of an older shape cannot answer: the loaded files do (the build decides, said so).
  const rows = (annual ? await select(annual).catch(() => undefined) : undefined) ?? (await select());
  const held = new Set((await wh.sql.all<{ rule_code: string }>(`select rule_code from ingest.held_audit_rules`).catch(() => [])).map((r) => r.rule_code));
  const written: string[] = [];
  for (const r of reports) {
    const mine = rows.filter((f) => Number(f.file_id) === Number(r.file_id));
    // A file loaded without flags has no report until one of its values is flagged (by a later re-audit).
    if (!existsSync(r.path) && !mine.length) continue;
    try {
      const text = existsSync(r.path) ? readFileSync(r.path, "utf8") : ingestMsg.reportLaterHead(mine[0]!.name, reportTime(Number(mine[0]!.loaded_ms), timeZone));
      const cut = text.indexOf(`\n${CURRENT_MARK}`);
      const head = (cut >= 0 ? text.slice(0, cut) : text).trimEnd();
      const body = currentSection(mine, held);
      const old = cut >= 0 ? text.slice(cut + 1) : "";
      // Compared without the stamp line: only a change of the flags rewrites the file.
      if (old.split("\n").slice(1).join("\n") === body.join("\n")) continue;
      writeBeside(r.path.replace(/\.problems\.txt$/, ""), ".problems.txt", `${head}\n\n${[`${CURRENT_MARK}（${at}）${ingestMsg.reportCurrentNote()}`, ...body].join("\n")}`);
      written.push(r.path);
    } catch {
      // A report moved or unreadable: status and the site still say what stands.
    }
  }
  return written;
}

/** The lines after the mark: the file's flags by state, each with its 标记号 and why it is no longer open. */
function currentSection(flags: FlagRow[], held: ReadonlySet<string>): string[] {
  const item = (f: FlagRow) => flagLine(f.name, f);
  // A held year form whose year has the other form: which one the year takes, or that the build decides (stat-qa6 F1).
  const yearForm = (f: FlagRow) => f.effect === "superseded" || f.effect === "held_pending";
  const openItem = (f: FlagRow) => {
    const note = yearForm(f) ? flagEffectText(f) : "";
    return note ? `${item(f)}（${note}）` : item(f);
  };
  const withdrawn = flags.length > 0 && flags[0]!.file_status !== "loaded";
  if (withdrawn) return [ingestMsg.reportCurrentWithdrawn(), ""];
  const open = flags.filter((f) => f.state === "open");
  const confirmed = flags.filter((f) => f.state === "confirmed");
  const closed = flags.filter((f) => f.state === "corrected" || f.state === "cleared");
  // What an open flag means and how it ends, here too: a file whose flags a later re-audit opened has no load-time
  // text saying it (stat-qa finding 9).
  const holding = [...new Set(open.filter((f) => !yearForm(f)).map((f) => f.rule_code))].filter((c) => held.has(c));
  return [
    ingestMsg.reportCurrentOpen(open.length), ...open.map(openItem),
    ...(holding.length ? [ingestMsg.reportHeldNote(holding)] : []),
    ...(open.length ? [ingestMsg.reportConfirmHint()] : []),
    ...(confirmed.length ? [ingestMsg.reportCurrentConfirmed(confirmed.length), ...confirmed.map((f) => `${item(f)}（${f.confirmed_by ?? ""}：${f.confirm_reason ?? ""}）`)] : []),
    ...(closed.length ? [ingestMsg.reportCurrentClosed(closed.length), ...closed.map((f) => `${item(f)}（${f.state === "corrected" ? ingestMsg.reportCurrentCorrectedBy(f.corrected_by ?? "") : f.reason ?? ""}）`)] : []),
    "",
  ];
}
