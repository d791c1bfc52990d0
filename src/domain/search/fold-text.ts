/**
 * Text folding for place matching: what a planner types ("XI AN", "Xi’an", "constanta") must meet what the
 * data says ("Xi'an", "Constanța"). Case, accents, punctuation and spaces are ignored; letters of any script
 * are kept, so "Актау" still matches itself.
 */

// Letters that Unicode does not decompose into a base letter plus a mark.
const SPECIAL: Record<string, string> = {
  ł: 'l',
  Ł: 'l',
  ı: 'i',
  İ: 'i',
  ø: 'o',
  Ø: 'o',
  ß: 'ss',
  đ: 'd',
  Đ: 'd',
  ə: 'e',
  Ə: 'e',
  æ: 'ae',
  Æ: 'ae',
  œ: 'oe',
  Œ: 'oe',
  þ: 'th',
  ħ: 'h',
};
const SPECIAL_RE = new RegExp(`[${Object.keys(SPECIAL).join('')}]`, 'g');

/** Folds a name to its matching key: lower case, no diacritics, letters and digits only. */
export function foldText(text: string): string {
  return text
    .replace(SPECIAL_RE, (ch) => SPECIAL[ch] ?? ch)
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]/gu, '');
}
