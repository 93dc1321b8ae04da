/**
 * When a refresh's build or data tests fail, the last good site stays published —
 * but its readers must learn that newer data was held back, and why. This writes a
 * new version of the same site (every file linked, not re-rendered) whose pages
 * carry a notice naming the failed models and tests; the next good publish renders
 * every page again without it. Swapped in atomically like any publish.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import type { JobContext } from "../context.js";
import { localMinute, timeZoneLabel } from "../local-time.js";
import { esc } from "./html.js";
import { DOWNLOADS_KEY, PAGE_INDEX, readPageIndex } from "./job.js";
import { linkOrCopy, prepareSite } from "./site-dir.js";

export interface HeldFailure {
  /** Model or test name, e.g. `value_between_shares_share__1__0`. */
  readonly name: string;
  readonly message: string;
}

const START = "<!--zonestat:held-->";
const END = "<!--/zonestat:held-->";

/**
 * Marks every page of the published site as held back; returns the pages marked (0 when there is no site yet).
 * `cause`: what did not pass, in the reader's words (default: the build or its data tests).
 */
export function markSiteHeld(ctx: JobContext, failures: readonly HeldFailure[], cause = "构建或数据测试未通过"): number {
  const dir = prepareSite(ctx.config.site, ctx.now());
  if (!dir.current || !existsSync(path.join(dir.current, "index.html"))) {
    dir.abort();
    return 0;
  }
  try {
    const when = `${localMinute(ctx.now().getTime(), ctx.config.timezone)}（${timeZoneLabel(ctx.config.timezone)}）`;
    const shown = failures.slice(0, 10);
    const list = `<ul>${shown.map((f) => `<li><code>${esc(f.name)}</code>${f.message ? `：${esc(f.message.slice(0, 300))}` : ""}</li>`).join("")}</ul>`;
    // A scheduled refresh retries a failed build every tick: the same failures are marked once.
    const currentIndex = readFileSync(path.join(dir.current, "index.html"), "utf8");
    if (currentIndex.includes(START) && currentIndex.includes(list)) {
      dir.abort();
      return 0;
    }
    const notice = `${START}<div class="held" role="alert"><strong>${esc(when)} 的更新未发布：</strong>${esc(cause)}，本网站仍是上一次通过全部检查的数据（此后入库的文件未计入）。未通过的项目：${list}${failures.length > shown.length ? `<p>另有 ${failures.length - shown.length} 项，见 <code>zonestat status</code>。</p>` : ""}</div>${END}`;
    let marked = 0;
    const copy = (rel: string) => {
      const from = path.join(dir.current!, rel);
      const to = path.join(dir.staging, rel);
      for (const entry of readdirSync(from, { withFileTypes: true })) {
        const name = path.join(rel, entry.name);
        if (entry.isDirectory()) {
          mkdirSync(path.join(dir.staging, name), { recursive: true });
          copy(name);
        } else if (entry.name === PAGE_INDEX) {
          // Pages now carry the notice: the next publish must render them all again; downloads stay reusable.
          const index = readPageIndex(dir.current);
          writeFileSync(path.join(to, entry.name), JSON.stringify(Object.fromEntries(Object.entries(index).filter(([k]) => k.startsWith(DOWNLOADS_KEY))), null, 1));
        } else if (entry.name.endsWith(".html")) {
          const html = readFileSync(path.join(from, entry.name), "utf8").replace(new RegExp(`${START}[\\s\\S]*?${END}`), "");
          // Right after the opening <main …> tag, whatever its attributes.
          const open = html.indexOf("<main");
          const at = open < 0 ? -1 : html.indexOf(">", open) + 1;
          writeFileSync(path.join(to, entry.name), at <= 0 ? html : `${html.slice(0, at)}\n${notice}${html.slice(at)}`);
          marked++;
        } else {
          linkOrCopy(path.join(from, entry.name), path.join(to, entry.name));
        }
      }
    };
    copy("");
    dir.commit();
    return marked;
  } catch (e) {
    dir.abort();
    throw e;
  }
}
