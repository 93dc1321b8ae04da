/**
 * The plan documents a project's targets cite, from its own documents seed
 * (sources/seeds/documents.csv → stg_documents): pages quote a document by its title
 * in 《》, never by a file number or hash, and never by another province's title.
 * A document with no row in the seed is named by its file and said to be unregistered.
 */
import type { QueryOnly } from "./format.js";

export interface DocumentInfo {
  readonly document: string;
  readonly title: string | null;
  readonly issuer: string | null;
  readonly shortName: string | null;
  /** The system's reading of points the document leaves open (方法 page). */
  readonly methodNote: string | null;
}

export interface Documents {
  /** Documents in the seed's order (the order pages list them in). */
  readonly list: readonly DocumentInfo[];
  /** "《标题》" — a file with no title in the seed: "文件 x.txt（未在 documents.csv 登记标题）". */
  cite(file: unknown): string;
  /** "《标题》（发文单位）", for headings. */
  name(file: unknown): string;
}

const unregistered = (file: string) => `文件 ${file || "（未写明）"}（未在 sources/seeds/documents.csv 登记标题）`;

/** Reads stg_documents once per page. */
export async function loadDocuments(ctx: QueryOnly): Promise<Documents> {
  const rows = await ctx.query<{ document: string; title: string | null; issuer: string | null; short_name: string | null; method_note: string | null }>(
    "select document, title, issuer, short_name, method_note from main_staging.stg_documents",
  );
  const list: DocumentInfo[] = rows.map((r) => ({ document: String(r.document), title: r.title, issuer: r.issuer, shortName: r.short_name, methodNote: r.method_note }));
  const byFile = new Map(list.map((d) => [d.document, d]));
  const cite = (file: unknown) => {
    const d = byFile.get(String(file ?? ""));
    return d?.title ? `《${d.title}》` : unregistered(String(file ?? ""));
  };
  return {
    list,
    cite,
    name: (file) => {
      const d = byFile.get(String(file ?? ""));
      return d?.title ? `《${d.title}》${d.issuer ? `（${d.issuer}）` : ""}` : unregistered(String(file ?? ""));
    },
  };
}
