/**
 * The 数据来源 register of one report: every number the text prints is added here
 * once, with the mart row it came from, its source files and vintages, and gets an
 * id ("s1", "s2", …) that the HTML links to and the Word appendix lists.
 */
import type { SourceRow } from "./model.js";

export class SourceRegister {
  private readonly rows: SourceRow[] = [];
  private readonly byKey = new Map<string, string>();

  /** Adds a row (or returns the id of the same table+key added before). */
  add(table: string, key: string, value: string, files: unknown, vintage: unknown): string {
    const k = `${table}\u0000${key}`;
    const known = this.byKey.get(k);
    if (known) return known;
    const id = `s${this.rows.length + 1}`;
    this.rows.push({ id, table, key, value, files: String(files ?? "") || "—", vintage: String(vintage ?? "") || "—" });
    this.byKey.set(k, id);
    return id;
  }

  list(): readonly SourceRow[] {
    return this.rows;
  }
}
