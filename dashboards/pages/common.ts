/**
 * Words and helpers the pages share: status labels, the source line of a chart.
 */
import { esc } from "../../pipelines/publish/html.js";

export const STATUS_LABEL: Record<string, string> = {
  achieved: "已达成",
  on_track: "符合进度",
  behind: "落后进度",
  missed: "未达成",
  incomplete: "数据不全",
  no_data: "暂无数据",
  not_evaluable: "无法评估",
  no_schedule: "无进度基准",
};

export function statusBadge(status: unknown): string {
  const s = String(status ?? "");
  return `<span class="status s-${esc(s)}">${esc(STATUS_LABEL[s] ?? s)}</span>`;
}

export function sourceLine(files: unknown, vintage?: unknown): string {
  const f = String(files ?? "").split("; ").filter(Boolean);
  const shown = f.slice(0, 3).join("；") + (f.length > 3 ? ` 等 ${f.length} 个文件` : "");
  return `${shown || "—"}${vintage ? `；数据版本 ${String(vintage)}` : ""}`;
}

export const KIND_LABEL: Record<string, string> = {
  level: "总量", share: "占比", growth: "增速", reduction: "降幅", count: "计数", zone_count: "开发区数量", count_per_city: "各市数量", relative: "相对水平",
};
