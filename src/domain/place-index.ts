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
}

/** Builds the lookup table of ids, names and aliases. */
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
  return { byKey, keys: [...byKey.keys()].sort() };
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

/**
 * Ids of the nodes best matching a free-text query, best first: exact key, then keys starting with the
 * query, then keys within a small edit distance (typos).
 */
export function searchPlaceIds(places: PlaceIndex, query: string, limit: number): string[] {
  const key = foldText(query);
  if (!key) return [];
  const out: string[] = [];
  const add = (ids: readonly string[] | undefined) => {
    for (const id of ids ?? []) if (!out.includes(id)) out.push(id);
  };
  add(places.byKey.get(key));
  for (let i = lowerBound(places.keys, key); i < places.keys.length && out.length < limit; i++) {
    const k = places.keys[i] ?? '';
    if (!k.startsWith(key)) break;
    add(places.byKey.get(k));
  }
  if (out.length < limit) {
    const maxEdits = key.length <= 4 ? 1 : key.length <= 8 ? 2 : 3;
    const scored: { k: string; d: number }[] = [];
    for (const k of places.keys) {
      const d = editDistance(key, k.slice(0, key.length + maxEdits), maxEdits);
      const whole = editDistance(key, k, maxEdits);
      const best = Math.min(whole, d + 0.5);
      if (best <= maxEdits) scored.push({ k, d: best });
    }
    scored.sort((a, b) => a.d - b.d || a.k.length - b.k.length || (a.k < b.k ? -1 : 1));
    for (const { k } of scored) add(places.byKey.get(k));
  }
  return out.slice(0, limit);
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
