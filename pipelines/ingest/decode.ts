/**
 * Bytes → text. UTF-8 (with or without BOM) and GB18030 (a superset of GBK) are
 * told apart by a strict UTF-8 decode first: GBK text of any length is almost never
 * valid UTF-8. A decode that would need replacement characters is an error.
 */
import iconv from "iconv-lite";
import { ZonestatError } from "../errors.js";
import { ingestMsg } from "./messages.js";

export type Encoding = "utf-8" | "utf-8-bom" | "gb18030" | "utf-16le" | "utf-16be";

export interface DecodedText {
  readonly text: string;
  readonly encoding: Encoding;
}

const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

export function decodeBytes(bytes: Uint8Array, file: string): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: strictUtf8(bytes.subarray(3), file), encoding: "utf-8-bom" };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) return { text: new TextDecoder("utf-16le").decode(bytes.subarray(2)), encoding: "utf-16le" };
  if (bytes[0] === 0xfe && bytes[1] === 0xff) return { text: new TextDecoder("utf-16be").decode(bytes.subarray(2)), encoding: "utf-16be" };
  if (looksBinary(bytes)) {
    throw new ZonestatError("FILE_BINARY", ingestMsg.binary(file), { file, expected: "CSV 文本" });
  }
  try {
    return { text: utf8.decode(bytes), encoding: "utf-8" };
  } catch {
    // Not UTF-8: GB18030 decodes every GBK byte sequence; invalid ones become U+FFFD.
  }
  const text = iconv.decode(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), "gb18030");
  const bad = text.indexOf("\uFFFD");
  if (bad >= 0) {
    const line = text.slice(0, bad).split("\n").length;
    const lineText = text.split("\n")[line - 1] ?? "";
    throw new ZonestatError("ENCODING_INVALID", ingestMsg.encodingInvalid(file, line), {
      file,
      line,
      value: lineText.slice(0, 80),
      expected: "UTF-8 或 GBK/GB18030 编码的文本",
    });
  }
  return { text, encoding: "gb18030" };
}

function strictUtf8(bytes: Uint8Array, file: string): string {
  try {
    return utf8.decode(bytes);
  } catch {
    throw new ZonestatError("ENCODING_INVALID", ingestMsg.encodingBomMismatch(file), { file, expected: "BOM 声明的 UTF-8" });
  }
}

/** NUL bytes or the zip/OLE signatures of Excel workbooks. */
function looksBinary(bytes: Uint8Array): boolean {
  const n = Math.min(bytes.length, 4096);
  for (let i = 0; i < n; i++) if (bytes[i] === 0) return true;
  return false;
}
