/**
 * Place lookup: a node id, name or alias, matched ignoring case, accents and punctuation. A name that
 * several nodes carry is ambiguous; a name nobody carries gets the closest matches as suggestions.
 */
import { DomainError, type PlaceSuggestion } from '../errors.js';
import type { NodeRecord } from '../network/network-schema.js';
import { foldText } from './fold-text.js';

// Two padding characters that foldText never produces, so the first letters form grams of their own.
const PAD = '\u0001\u0001';
const MAX_OFFSET = 255;

/** The trigrams of a folded key padded at the start, with their offsets: "aktau" → ␁␁a, ␁ak, akt, kta, tau. */
function trigrams(key: string): { gram: string; offset: number }[] {
  const padded = PAD + key;
  const out: { gram: string; offset: number }[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) out.push({ gram: padded.slice(i, i + 3), offset: i });
  return out;
}

/**
 * Dynamic-programming rows for matchScore, grown on demand and reused from one score to the next. Each place
 * index owns one (searches on an index are synchronous), so two indices never share them.
 */
export class ScoreRows {
  a = new Int32Array(64);
  b = new Int32Array(64);

  /** Makes both rows hold at least `length` entries. */
  fit(length: number): void {
    if (this.a.length >= length) return;
    this.a = new Int32Array(length * 2);
    this.b = new Int32Array(length * 2);
  }
}

/**
 * The place lookup of one network: the table of ids, names and aliases, the trigram index for typo-tolerant
 * search, and the scratch state its searches reuse (stage stamps, score rows), all owned by the index.
 */
export class PlaceIndex {
  /** Folded key → ids of the nodes carrying it (as id, name or alias). */
  readonly byKey: Map<string, string[]>;
  /** Sorted folded keys, for prefix search. */
  readonly keys: string[];
  /**
   * Trigram and its offset in a key padded at the start (`gram + String.fromCharCode(offset)`, offsets past
   * 255 as 255) → ascending positions in `keys` of the keys having it there.
   */
  readonly grams: Map<string, Int32Array>;
  /** Reused by every score this index computes. */
  readonly rows = new ScoreRows();
  /** Per key, the number of the last search stage that met it. */
  private readonly seenInStage: Int32Array;
  private stage = 0;

  constructor(nodes: readonly NodeRecord[]) {
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
      for (const { gram, offset } of trigrams(key)) {
        const slot = gram + String.fromCharCode(Math.min(offset, MAX_OFFSET));
        const list = postings.get(slot);
        if (list) {
          if (list[list.length - 1] !== position) list.push(position);
        } else postings.set(slot, [position]);
      }
    });
    const grams = new Map<string, Int32Array>();
    for (const [gram, list] of postings) grams.set(gram, Int32Array.from(list));
    this.byKey = byKey;
    this.keys = keys;
    this.grams = grams;
    this.seenInStage = new Int32Array(keys.length);
  }

  /** Search stages run on this index (each typo search runs one per number of edits it tries). */
  get stagesRun(): number {
    return this.stage;
  }

  /** Starts a search stage: from now on `firstMeeting` is true once per key. */
  beginStage(): void {
    if (this.stage === 0x7fffffff) {
      // The stamps would wrap: forget them all and count again.
      this.seenInStage.fill(0);
      this.stage = 0;
    }
    this.stage++;
  }

  /** True the first time the current stage meets the key at `position`. */
  firstMeeting(position: number): boolean {
    if (this.seenInStage[position] === this.stage) return false;
    this.seenInStage[position] = this.stage;
    return true;
  }
}

/** Builds the place index of these nodes. */
export function buildPlaceIndex(nodes: readonly NodeRecord[]): PlaceIndex {
  return new PlaceIndex(nodes);
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

/**
 * How well `key` matches `query` with at most `max` edits: the edit distance to the whole key, or the
 * distance to the key's closest start plus 0.5 (the query is the beginning of a longer name), whichever is
 * smaller; `max + 1` when neither is within `max`. Both come from one pass over the key's first
 * query.length + max characters. `rows` is the scratch space (a place index passes its own).
 */
export function matchScore(query: string, key: string, max: number, rows = new ScoreRows()): number {
  const n = query.length;
  const m = Math.min(key.length, n + max);
  rows.fit(m + 1);
  let prev = rows.a;
  let cur = rows.b;
  for (let j = 0; j <= m; j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    cur[0] = i;
    let rowMin = i;
    const qc = query.charCodeAt(i - 1);
    for (let j = 1; j <= m; j++) {
      const diagonal = (prev[j - 1] as number) + (qc === key.charCodeAt(j - 1) ? 0 : 1);
      const up = (prev[j] as number) + 1;
      const left = (cur[j - 1] as number) + 1;
      const v = Math.min(diagonal, up, left);
      cur[j] = v;
      if (v < rowMin) rowMin = v;
    }
    if (rowMin > max) return max + 1;
    const swap = prev;
    prev = cur;
    cur = swap;
  }
  let start = max + 1;
  for (let j = Math.max(0, n - max); j <= m; j++) start = Math.min(start, prev[j] as number);
  const whole = key.length === m ? (prev[m] as number) : max + 1;
  const score = Math.min(whole, start + 0.5);
  return score > max ? max + 1 : score;
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
 * Keys within a few edits of the query, as a whole word or as the start of a longer name (see matchScore),
 * best first. A match more than half an edit worse than the best match (`bestSoFar`: 0 when the query
 * named a key exactly, 0.5 when it began one) is noise next to it and is left out.
 *
 * Candidates come from the trigram index, never from a scan of every key. The query has G trigrams; with d
 * edits at most 3·d of them lack a twin in the match, and every other one sits within d characters of its
 * place in the query. So a match shares at least G − 3·d aligned trigrams with the query, and hence has at
 * least one of the query's 3·d + 1 rarest trigrams: only those trigrams' keys are checked. Stages try
 * d = 1, 2, … up to maxEdits and stop once a further edit would exceed the cutoff, so a query with a close
 * match never pays for the wider stages. A key must share at least one aligned trigram with the query.
 */
function typoMatches(
  places: PlaceIndex,
  query: string,
  maxEdits: number,
  useful: (key: string) => boolean,
  bestSoFar: number,
): string[] {
  const queryGrams = trigrams(query);
  const lists = (gram: string, offset: number, edits: number): Int32Array[] => {
    const out: Int32Array[] = [];
    const high = Math.min(offset + edits, MAX_OFFSET);
    for (let at = Math.max(0, Math.min(offset - edits, MAX_OFFSET)); at <= high; at++) {
      const list = places.grams.get(gram + String.fromCharCode(at));
      if (list) out.push(list);
    }
    return out;
  };
  let cutoff = Math.min(maxEdits + 0.5, bestSoFar + 0.5);
  const found = new Map<string, number>();
  for (let edits = 1; edits <= maxEdits && edits <= cutoff; edits++) {
    places.beginStage();
    const limitScore = Math.min(cutoff, edits + 0.5);
    // Below 1.5 only whole-key matches count, and those differ in length by at most the edits.
    const wholeOnly = limitScore < 1.5;
    const rarest = queryGrams
      .map(({ gram, offset }) => {
        const gramLists = lists(gram, offset, edits);
        return { gramLists, size: gramLists.reduce((sum, l) => sum + l.length, 0) };
      })
      .sort((a, b) => a.size - b.size)
      .slice(0, 3 * edits + 1);
    for (const { gramLists } of rarest) {
      for (const list of gramLists) {
        for (let i = 0; i < list.length; i++) {
          const position = list[i] as number;
          if (!places.firstMeeting(position)) continue;
          const key = places.keys[position] as string;
          if (wholeOnly && Math.abs(key.length - query.length) > limitScore) continue;
          const score = matchScore(query, key, edits, places.rows);
          if (score <= limitScore && useful(key)) {
            found.set(key, score);
            cutoff = Math.min(cutoff, score + 0.5);
          }
        }
      }
    }
  }
  return [...found]
    .map(([key, score]) => ({ key, score }))
    .filter((f) => f.score <= cutoff)
    .sort(byScore)
    .map((f) => f.key);
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
  let bestSoFar = out.length > 0 ? 0 : Number.POSITIVE_INFINITY;
  for (let i = lowerBound(places.keys, key); i < places.keys.length && out.length < limit; i++) {
    const k = places.keys[i] ?? '';
    if (!k.startsWith(key)) break;
    const before = out.length;
    add(places.byKey.get(k));
    if (out.length > before) bestSoFar = Math.min(bestSoFar, 0.5);
  }
  if (out.length < limit) {
    const useful = (k: string) => (places.byKey.get(k) ?? []).some((id) => !seen.has(id) && accept(id));
    for (const k of typoMatches(places, key, maxEditsFor(key.length), useful, bestSoFar)) {
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
