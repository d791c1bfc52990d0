/**
 * Repeatable randomness for the timing simulation: a seed from text (so the same query gives the same figures)
 * and a stateless uniform draw from a few integers (so a draw depends on what it is for, not on how many were
 * made before it, and two departure dates see the same storms and the same dwell draws).
 */

/** A 32-bit seed from text (FNV-1a). */
export function seedFromText(text: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * seedFromText of `texts` joined by `separator`, hashed part by part: the same seed without building the joined
 * text (a route's link ids run to tens of thousands of characters on large networks).
 */
export function seedFromJoined(texts: readonly string[], separator: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < texts.length; k++) {
    if (k > 0) {
      for (let i = 0; i < separator.length; i++) {
        h ^= separator.charCodeAt(i);
        h = Math.imul(h, 0x01000193);
      }
    }
    const text = texts[k] as string;
    for (let i = 0; i < text.length; i++) {
      h ^= text.charCodeAt(i);
      h = Math.imul(h, 0x01000193);
    }
  }
  return h >>> 0;
}

/** Mixes integers into one 32-bit value (the finaliser of MurmurHash3 after each step). */
function mix(a: number, b: number): number {
  let h = (a ^ Math.imul(b | 0, 0x9e3779b1)) | 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/** A uniform number in [0, 1) determined by the seed and up to three integers. */
export function uniformAt(seed: number, a: number, b = 0, c = 0): number {
  return mix(mix(mix(seed, a), b), c) / 4_294_967_296;
}
