/** Small helpers over query rows. */

/** Rows grouped by one column's value, groups and rows in their original order. */
export function groupBy(rows: readonly Record<string, unknown>[], key: string): Map<string, Record<string, unknown>[]> {
  const m = new Map<string, Record<string, unknown>[]>();
  for (const r of rows) {
    const k = String(r[key]);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** "2024年1-9月" → "2023年1-9月": the same period one year earlier. */
export function previousYearLabel(label: unknown): string {
  return String(label ?? "").replace(/^(\d{4})/, (y) => String(Number(y) - 1));
}
