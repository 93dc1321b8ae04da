/**
 * The publish job: every page in `dashboards/pages/` rendered from the marts into
 * a temporary folder, then swapped in for the old site in two renames. A failed
 * publish leaves the previous site in place.
 */
import { existsSync, mkdirSync, readdirSync, renameSync, rmSync, writeFileSync } from "node:fs";
import path from "node:path";
import { pageDefinitions } from "../../dashboards/pages/index.js";
import type { JobContext } from "../context.js";
import type { Warehouse } from "../warehouse/index.js";
import { writeDownloads } from "./downloads.js";
import { shell, type NavItem } from "./html.js";
import { createPageContext, type PageDefinition } from "./page.js";

export interface PublishReport {
  readonly site: string;
  readonly pages: number;
  readonly charts: number;
  readonly chartMs: number[];
  readonly ms: number;
}

export async function publish(ctx: JobContext, wh: Warehouse): Promise<PublishReport> {
  const t0 = performance.now();
  const site = ctx.config.site;
  const parent = path.dirname(site);
  mkdirSync(parent, { recursive: true });
  const tmp = path.join(parent, `.${path.basename(site)}.tmp-${process.pid}`);
  cleanupStale(parent, path.basename(site));
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(path.join(tmp, "downloads"), { recursive: true });
  const stats = { charts: 0, chartMs: [] as number[] };
  try {
    const db = wh.sql;
    const freshness = await db.all<{ latest_period: string | null; latest_load: string | null }>(
      `select (select max(period_end)::varchar from main.observations where file_status = 'loaded') as latest_period,
              (select strftime(max(loaded_at), '%Y-%m-%d %H:%M') from ingest.files) as latest_load`,
    );
    const f = freshness[0];
    const freshText = f?.latest_period ? `${f.latest_period}（最近入库 ${f.latest_load}）` : "尚无数据";
    const generatedAt = new Intl.DateTimeFormat("zh-CN", { timeZone: ctx.config.timezone, dateStyle: "short", timeStyle: "short" }).format(ctx.now());

    const all: PageDefinition[] = [];
    for (const def of pageDefinitions) {
      if ("family" in def) all.push(...(await def.expand({ query: (sql, params) => db.all(sql, params) as never })));
      else all.push(def);
    }
    const nav: NavItem[] = all.filter((p) => p.nav).map((p) => ({ href: p.file, label: p.nav! }));
    for (const page of all) {
      const depth = page.file.split("/").length - 1;
      const pctx = createPageContext(db, ctx.config.projectDir, ctx.config.targetDir, depth, stats);
      const body = await page.render(pctx);
      const html = shell({ title: page.title, depth, nav, current: page.file, body, synthetic: pctx.synthetic, generatedAt, freshness: freshText });
      const out = path.join(tmp, page.file);
      mkdirSync(path.dirname(out), { recursive: true });
      writeFileSync(out, html);
    }
    await writeDownloads(db, path.join(tmp, "downloads"));
    swap(tmp, site);
    ctx.logger.info(`已发布网站：${path.join(site, "index.html")}`, { pages: all.length, charts: stats.charts });
    return { site, pages: all.length, charts: stats.charts, chartMs: stats.chartMs, ms: performance.now() - t0 };
  } catch (e) {
    rmSync(tmp, { recursive: true, force: true });
    throw e;
  }
}

/** Old site aside, new site in, old removed: at every instant one whole site exists on disk. */
function swap(tmp: string, site: string): void {
  const old = `${path.join(path.dirname(site), "." + path.basename(site))}.old-${process.pid}`;
  if (existsSync(site)) renameSync(site, old);
  try {
    renameSync(tmp, site);
  } catch (e) {
    if (existsSync(old)) renameSync(old, site);
    throw e;
  }
  rmSync(old, { recursive: true, force: true });
}

/** Leftovers of a publish killed mid-way: a temp folder, or an old site when the new one never arrived. */
function cleanupStale(parent: string, base: string): void {
  for (const name of readdirSync(parent)) {
    const full = path.join(parent, name);
    if (name.startsWith(`.${base}.tmp-`)) rmSync(full, { recursive: true, force: true });
    else if (name.startsWith(`.${base}.old-`)) {
      if (!existsSync(path.join(parent, base))) renameSync(full, path.join(parent, base));
      else rmSync(full, { recursive: true, force: true });
    }
  }
}
