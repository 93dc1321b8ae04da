/**
 * The container of an Excel file, checked before any parser sees it: .xlsx/.xlsm (a
 * zip of XML parts) or .xls/.et (an OLE2 compound file holding a BIFF8 `Workbook`
 * stream). Anything else with an Excel name (an HTML page or CSV text renamed .xls, a
 * Word file) is refused by name, never handed to a parser that guesses.
 *
 * Zip bombs: every entry of the zip's central directory is inflated here with Node's
 * zlib under a hard output cap before SheetJS runs, so neither a lying size field nor a
 * deflate stream that expands a thousandfold gets past the limits. The limits follow
 * Apache POI's `ZipSecureFile` defaults (minimum inflate ratio 0.01 once an entry has
 * passed 100 KiB) with our own, smaller caps on file size and total uncompressed size.
 */
import { inflateRawSync } from "node:zlib";
import * as XLSX from "@e965/xlsx";

/** The limits a workbook must stay inside. Frozen: change them here, and in the README's file table. */
export const EXCEL_LIMITS = Object.freeze({
  /** Size of the file as it arrives. */
  maxFileBytes: 20 * 1024 * 1024,
  /** Sum of the uncompressed sizes of all zip entries. */
  maxUncompressedBytes: 200 * 1024 * 1024,
  /** Uncompressed ÷ compressed size of one entry, checked once the entry passes `ratioGraceBytes` (POI: 1/0.01). */
  maxCompressionRatio: 100,
  ratioGraceBytes: 100 * 1024,
  /** Entries in the zip (a real workbook has a few dozen). */
  maxEntries: 10_000,
});

export type WorkbookFormat = "xlsx" | "xls";

export type ContainerCheck =
  | { readonly ok: true; readonly format: WorkbookFormat; readonly hasMacros: boolean; readonly externalLinks: number }
  | { readonly ok: false; readonly code: ContainerCode; readonly detail: string };

export type ContainerCode = "EXCEL_TOO_LARGE" | "EXCEL_ZIP_BOMB" | "EXCEL_PASSWORD" | "EXCEL_FORMAT" | "EXCEL_CORRUPT";

const OLE2 = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

/**
 * Checks an Excel file's container and limits without parsing a cell.
 * @param bytes the whole file
 * @returns the workbook format, or a failure code with a detail for the message
 */
export function checkContainer(bytes: Uint8Array, limits = EXCEL_LIMITS): ContainerCheck {
  if (bytes.byteLength > limits.maxFileBytes) return { ok: false, code: "EXCEL_TOO_LARGE", detail: `${mib(bytes.byteLength)} > ${mib(limits.maxFileBytes)}` };
  if (OLE2.every((b, i) => bytes[i] === b)) return checkCompoundFile(bytes);
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return checkZip(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  const head = new TextDecoder("utf-8", { fatal: false }).decode(bytes.subarray(0, 512)).trimStart().toLowerCase();
  const what = head.startsWith("<") ? "HTML/XML 文本" : "文本或其他格式";
  return { ok: false, code: "EXCEL_FORMAT", detail: what };
}

/** OLE2: an encrypted .xlsx is a compound file with EncryptionInfo/EncryptedPackage; a real .xls has a Workbook stream. */
function checkCompoundFile(bytes: Uint8Array): ContainerCheck {
  let names: string[];
  try {
    names = XLSX.CFB.read(bytes, { type: "buffer" }).FullPaths.map((p: string) => p.replace(/\/$/, "").split("/").pop() ?? "");
  } catch (e) {
    return { ok: false, code: "EXCEL_CORRUPT", detail: (e as Error).message };
  }
  if (names.includes("EncryptionInfo") || names.includes("EncryptedPackage")) return { ok: false, code: "EXCEL_PASSWORD", detail: "EncryptedPackage" };
  if (names.includes("Workbook") || names.includes("Book")) return { ok: true, format: "xls", hasMacros: names.includes("_VBA_PROJECT_CUR") || names.includes("VBA"), externalLinks: 0 };
  return { ok: false, code: "EXCEL_FORMAT", detail: "OLE2 复合文件，但不含工作簿（可能是 Word 或其他 Office 文件）" };
}

interface ZipEntry {
  readonly name: string;
  readonly flags: number;
  readonly method: number;
  readonly compressed: number;
  readonly uncompressed: number;
  readonly localOffset: number;
}

/** Reads the central directory (PKWARE APPNOTE 4.3.12/4.3.16), then inflates each entry under a cap. */
function checkZip(buf: Buffer, limits: typeof EXCEL_LIMITS): ContainerCheck {
  const entries = centralDirectory(buf);
  if (typeof entries === "string") return { ok: false, code: "EXCEL_CORRUPT", detail: entries };
  if (entries.length > limits.maxEntries) return { ok: false, code: "EXCEL_ZIP_BOMB", detail: `${entries.length} 个压缩条目 > ${limits.maxEntries}` };
  let total = 0;
  for (const e of entries) {
    if (e.flags & 1) return { ok: false, code: "EXCEL_PASSWORD", detail: `${e.name} 已加密` };
    total += e.uncompressed;
    if (total > limits.maxUncompressedBytes) return { ok: false, code: "EXCEL_ZIP_BOMB", detail: `解压后超过 ${mib(limits.maxUncompressedBytes)}` };
    const ratioBomb = (size: number) => size > limits.ratioGraceBytes && size > limits.maxCompressionRatio * Math.max(e.compressed, 1);
    if (ratioBomb(e.uncompressed)) return { ok: false, code: "EXCEL_ZIP_BOMB", detail: `${e.name} 压缩比 ${Math.round(e.uncompressed / Math.max(e.compressed, 1))}:1 > ${limits.maxCompressionRatio}:1` };
    // The declared size may lie: inflate for real, never past what was declared.
    const data = entryData(buf, e);
    if (typeof data === "string") return { ok: false, code: "EXCEL_CORRUPT", detail: data };
    if (e.method === 8) {
      let out: Buffer;
      try {
        out = inflateRawSync(data, { maxOutputLength: Math.max(e.uncompressed, 1) });
      } catch (err) {
        const tooBig = (err as NodeJS.ErrnoException).code === "ERR_BUFFER_TOO_LARGE" || err instanceof RangeError;
        return tooBig ? { ok: false, code: "EXCEL_ZIP_BOMB", detail: `${e.name} 解压后大于其声明的 ${e.uncompressed} 字节` } : { ok: false, code: "EXCEL_CORRUPT", detail: `${e.name}: ${(err as Error).message}` };
      }
      if (out.length !== e.uncompressed) return { ok: false, code: "EXCEL_CORRUPT", detail: `${e.name} 解压后 ${out.length} 字节，声明为 ${e.uncompressed}` };
    } else if (e.method === 0) {
      if (e.compressed !== e.uncompressed) return { ok: false, code: "EXCEL_CORRUPT", detail: `${e.name} 未压缩，但声明大小 ${e.uncompressed} 与实际 ${e.compressed} 不符` };
    } else {
      return { ok: false, code: "EXCEL_CORRUPT", detail: `${e.name} 使用不支持的压缩方式 ${e.method}` };
    }
  }
  const names = new Set(entries.map((e) => e.name));
  if (!names.has("xl/workbook.xml") && !names.has("xl/workbook.bin")) {
    return { ok: false, code: "EXCEL_FORMAT", detail: "zip 压缩包中没有 xl/workbook.xml（不是 Excel 工作簿）" };
  }
  return {
    ok: true,
    format: "xlsx",
    hasMacros: names.has("xl/vbaProject.bin"),
    externalLinks: entries.filter((e) => /^xl\/externalLinks\/externalLink\d+\.xml$/.test(e.name)).length,
  };
}

function centralDirectory(buf: Buffer): ZipEntry[] | string {
  // End of central directory: 22 bytes + a comment of at most 65535.
  let eocd = -1;
  for (let i = buf.length - 22; i >= Math.max(0, buf.length - 22 - 65535); i--) {
    if (buf.readUInt32LE(i) === 0x06054b50) {
      eocd = i;
      break;
    }
  }
  if (eocd < 0) return "找不到 zip 中央目录（文件不完整或已损坏）";
  const count = buf.readUInt16LE(eocd + 10);
  const size = buf.readUInt32LE(eocd + 12);
  const offset = buf.readUInt32LE(eocd + 16);
  if (count === 0xffff || offset === 0xffffffff) return "ZIP64 格式（Excel 工作簿不需要）";
  if (offset + size > eocd) return "zip 中央目录越界";
  const out: ZipEntry[] = [];
  let p = offset;
  for (let n = 0; n < count; n++) {
    if (p + 46 > buf.length || buf.readUInt32LE(p) !== 0x02014b50) return "zip 中央目录条目损坏";
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    out.push({
      flags: buf.readUInt16LE(p + 8),
      method: buf.readUInt16LE(p + 10),
      compressed: buf.readUInt32LE(p + 20),
      uncompressed: buf.readUInt32LE(p + 24),
      localOffset: buf.readUInt32LE(p + 42),
      name: buf.toString("utf8", p + 46, p + 46 + nameLen),
    });
    p += 46 + nameLen + extraLen + commentLen;
  }
  return out;
}

function entryData(buf: Buffer, e: ZipEntry): Buffer | string {
  const p = e.localOffset;
  if (p + 30 > buf.length || buf.readUInt32LE(p) !== 0x04034b50) return `${e.name} 的本地文件头损坏`;
  const start = p + 30 + buf.readUInt16LE(p + 26) + buf.readUInt16LE(p + 28);
  if (start + e.compressed > buf.length) return `${e.name} 的数据越过文件末尾`;
  return buf.subarray(start, start + e.compressed);
}

function mib(n: number): string {
  return `${(n / 1024 / 1024).toFixed(1)} MiB`;
}
