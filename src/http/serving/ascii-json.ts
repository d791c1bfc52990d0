/**
 * JSON answers are written in ASCII: every character beyond U+007F is escaped as \uXXXX (RFC 8259 §7), so the
 * text any JSON parser reads is exactly the same, and the bytes are the same in UTF-8, Latin-1 and ASCII. Two
 * costs disappear with it: encoding an answer to bytes is a copy (a one-byte string written as Latin-1) instead of
 * a UTF-8 transcoding, and clients decode it on their ASCII fast path. Place names such as Constanța or Lőkösháza
 * take five bytes more per accented letter, a fraction of a percent of an answer.
 */

const NON_ASCII = /[\u0080-\uffff]/;
const NON_ASCII_ALL = /[\u0080-\uffff]/g;

const escapeChar = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/**
 * Escapes the non-ASCII characters of a JSON text. Valid only on JSON text (a character outside ASCII can only
 * appear inside a string literal there); JSON.stringify already escapes lone surrogates, and a surrogate pair
 * becomes two escapes, as JSON spells characters beyond the Basic Multilingual Plane.
 */
export function escapeNonAscii(json: string): string {
  if (!NON_ASCII.test(json)) return json;
  // The escaped text is ASCII, but V8 keeps the two-byte storage of the original (a name such as Constanța or
  // Lőkösháza is stored two bytes per character); one such piece makes a whole answer two-byte, doubling the
  // cost of joining it and turning the copy to bytes into a conversion. Decoding its bytes as Latin-1 gives the
  // same text stored one byte per character.
  return Buffer.from(json.replace(NON_ASCII_ALL, escapeChar), 'latin1').toString('latin1');
}

/** JSON.stringify, in ASCII. */
export function stringifyAscii(value: unknown): string {
  return escapeNonAscii(JSON.stringify(value));
}

/** The bytes of an ASCII text (JSON from escapeNonAscii or the compiled serializer): a plain copy, no transcoding. */
export function asciiBytes(text: string): Buffer {
  return Buffer.from(text, 'latin1');
}
