/**
 * A download's CSV kept as consecutive parts — one per year for the large marts — so a
 * new quarter writes only the part of its year: the other parts are copied byte for
 * byte from the previous version's file, whose part offsets are recorded beside it in
 * `.csv-parts.json`. A part is reused only when its rows' fingerprint, the columns and
 * the number formats are the same and the previous file has exactly the recorded size.
 */
import { existsSync, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import path from "node:path";

/** Beside the downloads: file → its header and parts, in file order. */
export const PARTS_INDEX = ".csv-parts.json";

export interface CsvPart {
  /** The part's key: a year, "none" for rows without one, "all" for a file of one part. */
  readonly key: string;
  /** Row count and sum of row hashes of the part's rows (order-independent). */
  readonly fingerprint: string;
  readonly bytes: number;
}

export interface CsvFileParts {
  /** Columns and formats the parts were written with; parts of another layout are never reused. */
  readonly layout: string;
  readonly headerBytes: number;
  readonly parts: readonly CsvPart[];
}

export type CsvPartsIndex = Record<string, CsvFileParts>;

export function readPartsIndex(dir: string): CsvPartsIndex {
  try {
    return JSON.parse(readFileSync(path.join(dir, PARTS_INDEX), "utf8")) as CsvPartsIndex;
  } catch {
    return {};
  }
}

/** Years in order, then rows without a year; "all" alone. */
export function comparePartKeys(a: string, b: string): number {
  const n = (k: string) => (/^-?\d+$/.test(k) ? Number(k) : Number.POSITIVE_INFINITY);
  return n(a) - n(b) || (a < b ? -1 : a > b ? 1 : 0);
}

/**
 * The previous file's part with this key and fingerprint as a byte range of that file, or undefined when it cannot
 * be trusted (another layout, a missing file or one whose size differs from its record).
 */
export function previousPart(previousFile: string, recorded: CsvFileParts | undefined, layout: string, key: string, fingerprint: string): { file: string; offset: number; bytes: number } | undefined {
  if (!recorded || recorded.layout !== layout || !existsSync(previousFile)) return undefined;
  const total = recorded.headerBytes + recorded.parts.reduce((a, p) => a + p.bytes, 0);
  if (statSync(previousFile).size !== total) return undefined;
  let offset = recorded.headerBytes;
  for (const p of recorded.parts) {
    if (p.key === key) return p.fingerprint === fingerprint ? { file: previousFile, offset, bytes: p.bytes } : undefined;
    offset += p.bytes;
  }
  return undefined;
}

/** Where a part's bytes come from: a range of the previous file, or files just written (concatenated in order). */
export type PartSource = { readonly file: string; readonly offset: number; readonly bytes: number } | { readonly files: readonly string[] };

/**
 * Writes `out` as `header` followed by each part's bytes in the order given.
 * Returns the parts as recorded for the next publish.
 */
export async function assembleCsv(out: string, header: Buffer, parts: ReadonlyArray<{ key: string; fingerprint: string; source: PartSource }>, layout: string): Promise<CsvFileParts> {
  const target = await open(out, "w");
  const buf = Buffer.allocUnsafe(4 << 20);
  let position = 0;
  const copy = async (file: string, offset: number, bytes: number | undefined) => {
    const from = await open(file, "r");
    try {
      let done = 0;
      for (;;) {
        const want = bytes === undefined ? buf.length : Math.min(buf.length, bytes - done);
        if (want <= 0) break;
        const { bytesRead } = await from.read(buf, 0, want, offset + done);
        if (bytesRead === 0) break;
        await target.write(buf, 0, bytesRead, position);
        position += bytesRead;
        done += bytesRead;
      }
      if (bytes !== undefined && done !== bytes) throw new Error(`${file}: expected ${bytes} bytes from ${offset}, read ${done}`);
      return done;
    } finally {
      await from.close();
    }
  };
  const recorded: CsvPart[] = [];
  try {
    await target.write(header, 0, header.length, 0);
    position = header.length;
    for (const p of parts) {
      let bytes = 0;
      if ("files" in p.source) for (const f of p.source.files) bytes += await copy(f, 0, undefined);
      else bytes = await copy(p.source.file, p.source.offset, p.source.bytes);
      recorded.push({ key: p.key, fingerprint: p.fingerprint, bytes });
    }
  } finally {
    await target.close();
  }
  return { layout, headerBytes: header.length, parts: recorded };
}
