/**
 * Moments as people read them: in the configured time zone (times are stored in UTC), in one format on every
 * surface — status, .problems.txt, the site — and labelled with the zone (stat-qa3 F12: the site printed local
 * times unlabelled, in another format than status).
 */

/** One formatter per time zone and form: making an Intl.DateTimeFormat costs more than formatting with it (pages call this per row). */
const formats = new Map<string, Intl.DateTimeFormat>();
function formatter(form: "local" | "offset", timeZone: string): Intl.DateTimeFormat {
  const key = `${form} ${timeZone}`;
  let f = formats.get(key);
  if (!f) {
    f = form === "local"
      ? new Intl.DateTimeFormat("en-CA", { timeZone, year: "numeric", month: "2-digit", day: "2-digit", hour: "2-digit", minute: "2-digit", second: "2-digit", hourCycle: "h23" })
      : new Intl.DateTimeFormat("en-US", { timeZone, timeZoneName: "longOffset" });
    formats.set(key, f);
  }
  return f;
}

/** `2024-07-15 09:30:00` in `timeZone` for an ISO instant; the text itself when it is not one. */
export function localTime(iso: string | number, timeZone: string): string {
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return String(iso);
  const parts = Object.fromEntries(formatter("local", timeZone).formatToParts(new Date(ms)).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day} ${parts.hour}:${parts.minute}:${parts.second}`;
}

/** `2024-07-15 09:30` in `timeZone`: `localTime` to the minute, as the site prints a moment. */
export function localMinute(iso: string | number, timeZone: string): string {
  const t = localTime(iso, timeZone);
  return /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\d$/.test(t) ? t.slice(0, 16) : t;
}

/** Zones that keep China Standard Time (UTC+8 all year), as the IANA database names them. */
const BEIJING = new Set(["Asia/Shanghai", "Asia/Chongqing", "Asia/Chungking", "Asia/Harbin", "PRC"]);

/** How a reader is told the zone of a time: 北京时间 for China Standard Time, else the IANA name ("UTC", "Asia/Urumqi"). */
export function timeZoneLabel(timeZone: string): string {
  return BEIJING.has(timeZone) ? "北京时间" : timeZone;
}


/**
 * An instant as ISO 8601 with the configured zone's offset (`2024-07-15T09:30:00+08:00`): what `status --json` gives a
 * script, every time in one form that says its own zone (stat-qa4 F11: local times without an offset sat beside UTC ones).
 * The text itself when it is not an instant.
 */
export function isoInZone(iso: string | number, timeZone: string): string {
  const ms = typeof iso === "number" ? iso : Date.parse(iso);
  if (!Number.isFinite(ms)) return String(iso);
  const name = formatter("offset", timeZone).formatToParts(new Date(ms)).find((p) => p.type === "timeZoneName")?.value ?? "GMT";
  const offset = name === "GMT" ? "+00:00" : name.slice(3);
  return `${localTime(ms, timeZone).replace(" ", "T")}${offset}`;
}
