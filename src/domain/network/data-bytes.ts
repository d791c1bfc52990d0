/**
 * Byte-level checks of a graph-data file before it is parsed: a size cap (a giant file is refused at once,
 * not after parsing and indexing it for minutes), and strict UTF-8 (an invalid byte would otherwise become
 * U+FFFD and be served as if it were data).
 */
import { isUtf8 } from 'node:buffer';

/** Largest graph-data file read (bytes): 32 MiB, well above the 50,000-record parts of a 100,000-node network. */
export const MAX_DATA_FILE_BYTES = 32 * 1024 * 1024;

/** Where the first byte that is not valid UTF-8 lies (byte offset, line and column), or undefined if none. */
export function invalidUtf8Position(
  bytes: Uint8Array,
): { offset: number; line: number; column: number } | undefined {
  if (isUtf8(bytes)) return undefined;
  let line = 1;
  let lineStart = 0;
  let i = 0;
  while (i < bytes.length) {
    const b = bytes[i] as number;
    // Expected length of the sequence and the range of its second byte (RFC 3629 §4: no overlongs, no
    // surrogates, nothing above U+10FFFF).
    let length = 0;
    let low = 0x80;
    let high = 0xbf;
    if (b < 0x80) length = 1;
    else if (b >= 0xc2 && b <= 0xdf) length = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      length = 3;
      if (b === 0xe0) low = 0xa0;
      if (b === 0xed) high = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      length = 4;
      if (b === 0xf0) low = 0x90;
      if (b === 0xf4) high = 0x8f;
    }
    let valid = length > 0 && i + length <= bytes.length;
    for (let k = 1; valid && k < length; k++) {
      const c = bytes[i + k] as number;
      valid = k === 1 ? c >= low && c <= high : c >= 0x80 && c <= 0xbf;
    }
    if (!valid) return { offset: i, line, column: i - lineStart + 1 };
    if (b === 0x0a) {
      line++;
      lineStart = i + 1;
    }
    i += length;
  }
  return undefined;
}
