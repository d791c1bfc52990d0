/**
 * Place lookup: a node id, name or alias, matched ignoring case, accents and punctuation. A name that
 * several nodes carry is ambiguous; a name nobody carries gets the closest matches as suggestions.
 */
import { DomainError, type PlaceSuggestion } from './errors.js';
import { foldText } from './fold-text.js';
import type { NodeRecord } from './network-schema.js';

export interface PlaceIndex {
  /** Folded key → ids of the nodes carrying it (as id, name or alias). */
  byKey: Map<string, string[]>;
  /** Sorted folded keys, for prefix search. */
  keys: string[];
  /** Trigram → ascending positions in `keys` of the keys containing it (keys padded at the start). */
  grams: Map<string, Int32Array>;
  /** Scratch counters for one search at a time (searches are synchronous). */
  scratch: { counts: Uint16Array; touched: Int32Array };
}

// Two padding characters that foldText never produces, so the first letters form grams of their own.
const PAD = '\u0001\u0001';

/** The distinct trigrams of a folded key padded at the start: "aktau" → ␁␁a, ␁ak, akt, kta, tau. */
function trigrams(key: string): string[] {
  const padded = PAD + key;
  const out = new Set<string>();
  for (let i = 0; i + 3 <= padded.length; i++) out.add(padded.slice(i, i + 3));
  return [...out];
}

/** Builds the lookup table of ids, names and aliases, and the trigram index for typo-tolerant search. */
export function buildPlaceIndex(nodes: readonly NodeRecord[]): PlaceIndex {
  const byKey = new Map<string, string[]>();
  for (const node of nodes) {
    for (const label of [node.id, node.name, ...node.aliases]) {
      const key = foldText(label);
      if (!key) continue;
      const ids = byKey.get(key);
      if (!ids) byKey.set(key, [node.id]);
      else if (!ids.includes(node.id)) ids.push(node.id);
    }
  }
  const keys = [...byKey.keys()].sort();
  const postings = new Map<string, number[]>();
  keys.forEach((key, position) => {
    for (const gram of trigrams(key)) {
      const list = postings.get(gram);
      if (list) list.push(position);
      else postings.set(gram, [position]);
    }
  });
  const grams = new Map<string, Int32Array>();
  for (const [gram, list] of postings) grams.set(gram, Int32Array.from(list));
  return {
    byKey,
    keys,
    grams,
    scratch: { counts: new Uint16Array(keys.length), touched: new Int32Array(keys.length) },
  };
}

/** Bounded Levenshtein distance; returns max + 1 as soon as the distance must exceed max. */
export function editDistance(a: string, b: string, max: number): number {
  if (Math.abs(a.length - b.length) > max) return max + 1;
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const cur = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      const v = Math.min((prev[j] ?? 0) + 1, (cur[j - 1] ?? 0) + 1, (prev[j - 1] ?? 0) + cost);
      cur.push(v);
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    prev = cur;
  }
  return prev[b.length] ?? max + 1;
}

function lowerBound(keys: readonly string[], prefix: string): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((keys[mid] ?? '') < prefix) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** Typos tolerated for a query of this many folded characters. */
export const maxEditsFor = (length: number): number => (length <= 4 ? 1 : length <= 8 ? 2 : 3);

interface Scored {
  key: string;
  score: number;
}

const byScore = (a: Scored, b: Scored) =>
  a.score - b.score || a.key.length - b.key.length || (a.key < b.key ? -1 : a.key > b.key ? 1 : 0);

/**
 * Keys within `maxEdits` of the query, as a whole word (score = edits) or as the start of a longer name
 * (score = edits + 0.5), best first, at most `wanted` of them (keys whose ids are all in `skip` don't count).
 *
 * Candidates come from the trigram index, never from a scan of every key: with d edits at most 3·d of the
 * query's G trigrams can be missing from a match, so a key sharing c trigrams needs at least (G − c) / 3
 * edits. Candidates are checked by falling shared count, and the search stops once no remaining candidate
 * can beat the results already held. A key must share at least one trigram with the query.
 */
function typoMatches(
  places: PlaceIndex,
  query: string,
  maxEdits: number,
  wanted: number,
  useful: (key: string) => boolean,
): string[] {
  const queryGrams = trigrams(query);
  const g = queryGrams.length;
  const { counts, touched } = places.scratch;
  let touchedCount = 0;
  for (const gram of queryGrams) {
    const list = places.grams.get(gram);
    if (!list) continue;
    for (let i = 0; i < list.length; i++) {
      const position = list[i] as number;
      if (counts[position] === 0) touched[touchedCount++] = position;
      counts[position] = (counts[position] as number) + 1;
    }
  }
  const minShared = Math.max(1, g - 3 * maxEdits);
  const buckets: number[][] = Array.from({ length: g + 1 }, () => []);
  for (let i = 0; i < touchedCount; i++) {
    const position = touched[i] as number;
    const shared = counts[position] as number;
    counts[position] = 0;
    if (shared >= minShared) buckets[shared]?.push(position);
  }

  const best: Scored[] = [];
  for (let shared = g; shared >= minShared; shared--) {
    const bound = (g - shared) / 3;
    if (best.length >= wanted && bound > (best[best.length - 1]?.score ?? Number.POSITIVE_INFINITY)) break;
    for (const position of buckets[shared] ?? []) {
      const key = places.keys[position] ?? '';
      const whole = editDistance(query, key, maxEdits);
      const start = editDistance(query, key.slice(0, query.length + maxEdits), maxEdits);
      const score = Math.min(whole, start + 0.5);
      if (score > maxEdits || !useful(key)) continue;
      const entry = { key, score };
      if (best.length >= wanted && byScore(entry, best[best.length - 1] as Scored) >= 0) continue;
      let at = best.length;
      while (at > 0 && byScore(entry, best[at - 1] as Scored) < 0) at--;
      best.splice(at, 0, entry);
      if (best.length > wanted) best.pop();
    }
  }
  return best.map((s) => s.key);
}

/**
 * Ids of the nodes best matching a free-text query, best first: exact key (id, name or alias), then keys
 * starting with the query, then keys within a few edits of the query or of a name's start (typos: 1 edit up
 * to 4 characters, 2 up to 8, 3 beyond). `accept` filters ids inside the search, so filters don't starve it.
 */
export function searchPlaceIds(
  places: PlaceIndex,
  query: string,
  limit: number,
  accept: (id: string) => boolean = () => true,
): string[] {
  const key = foldText(query);
  if (!key || limit <= 0) return [];
  const out: string[] = [];
  const seen = new Set<string>();
  const add = (ids: readonly string[] | undefined) => {
    for (const id of ids ?? []) {
      if (out.length >= limit) return;
      if (!seen.has(id) && accept(id)) {
        seen.add(id);
        out.push(id);
      }
    }
  };
  add(places.byKey.get(key));
  for (let i = lowerBound(places.keys, key); i < places.keys.length && out.length < limit; i++) {
    const k = places.keys[i] ?? '';
    if (!k.startsWith(key)) break;
    add(places.byKey.get(k));
  }
  if (out.length < limit) {
    const useful = (k: string) => (places.byKey.get(k) ?? []).some((id) => !seen.has(id) && accept(id));
    for (const k of typoMatches(places, key, maxEditsFor(key.length), limit - out.length, useful)) {
      add(places.byKey.get(k));
    }
  }
  return out;
}

/**
 * Resolves what a caller typed to exactly one node.
 * @throws DomainError AMBIGUOUS_PLACE (several nodes carry the name) or UNKNOWN_PLACE (none does).
 */
export function resolvePlace(
  places: PlaceIndex,
  nodeById: ReadonlyMap<string, NodeRecord>,
  text: string,
  parameter: string,
): NodeRecord {
  const direct = nodeById.get(text.trim().toUpperCase());
  if (direct) return direct;
  const suggest = (ids: readonly string[]): PlaceSuggestion[] =>
    ids.flatMap((id) => {
      const n = nodeById.get(id);
      return n ? [{ id: n.id, name: n.name, country: n.country }] : [];
    });
  const ids = places.byKey.get(foldText(text)) ?? [];
  if (ids.length === 1) {
    const node = nodeById.get(ids[0] ?? '');
    if (node) return node;
  }
  if (ids.length > 1) {
    const suggestions = suggest(ids);
    throw new DomainError(
      'AMBIGUOUS_PLACE',
      `${parameter}: "${text}" names ${ids.length} places (${suggestions.map((s) => `${s.id} in ${s.country}`).join(', ')}); give a node id`,
      { parameter, value: text, suggestions },
    );
  }
  const suggestions = suggest(searchPlaceIds(places, text, 5));
  const hint = suggestions.length
    ? `; did you mean ${suggestions.map((s) => `"${s.name}" (${s.id})`).join(', ')}?`
    : '';
  throw new DomainError('UNKNOWN_PLACE', `${parameter}: no place in the network matches "${text}"${hint}`, {
    parameter,
    value: text,
    suggestions,
  });
}
