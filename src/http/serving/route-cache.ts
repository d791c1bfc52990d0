/**
 * A bounded LRU cache of /routes answers, serialized: a hit sends a ready string, so no validation, routing or
 * serialization runs. An answer is stored under the canonical form of its request (resolved node ids, sorted
 * avoid sets, metric, alternatives, cargo, format, departure and deadline instants and the network's data version), so that "xian" and
 * "CN_XIAN" share it, and under the exact request URL it came with, which a repeat finds before any parsing.
 * Only successful answers are cached. The network is read-only; what else an answer depends on (the live
 * state, the day, the departure) is in its key, or, under a URL, in the stamp it is stored with.
 */

import {
  type Network,
  normalizeAdvisoryKinds,
  normalizeConstraints,
  parseInstant,
  type RouteOptions,
  resolvePlace,
} from '../../domain/index.js';
import type { RequestContext } from './live-context.js';

/** Default number of cached answers (each a few to a few tens of kB). */
export const DEFAULT_ROUTE_CACHE_SIZE = 10_000;
/**
 * Default memory budget of the cache, counted as two bytes per character of keys and one per byte of bodies:
 * clients choose what is cached (every distinct query is a new entry, an SVG map is ~100 kB), so the count
 * alone would let them grow it to a gigabyte.
 */
export const DEFAULT_ROUTE_CACHE_MAX_BYTES = 64 * 1024 * 1024;

function entryBytes(key: string, answer: CachedAnswer): number {
  return 2 * (key.length + answer.contentType.length) + answer.body.length;
}

/** An answer as a planner makes it: the bytes to send, so that a hit sends them as they are. */
export interface PlannedAnswer {
  contentType: string;
  body: Buffer;
}

export interface CachedAnswer extends PlannedAnswer {
  /** Under a request URL: the context stamp it was made under (live-context.ts); served only under the same. */
  stamp?: string;
}

/** An entry and when it was last put at the young end of the map (a count of insertions and refreshes). */
interface Slot {
  answer: CachedAnswer;
  seq: number;
}

/**
 * A least-recently-used map of answers, at most `maxEntries` long and `maxBytes` large (0 disables it). A read
 * moves its entry to the young end only when it is in the older half (at least half the entries were put there
 * after it): an entry in the younger half is not evicted before as many more insertions, so a hot entry is
 * kept as under a strict LRU, and a repeat of a recent query (most cache hits) changes nothing in the map.
 */
export class RouteCache {
  private readonly entries = new Map<string, Slot>();
  private bytes = 0;
  private seq = 0;
  hits = 0;
  misses = 0;

  constructor(
    readonly maxEntries: number,
    readonly maxBytes: number = DEFAULT_ROUTE_CACHE_MAX_BYTES,
  ) {}

  /** Approximate memory held by the entries (see entryBytes). */
  get byteSize(): number {
    return this.bytes;
  }

  get enabled(): boolean {
    return this.maxEntries > 0;
  }

  get size(): number {
    return this.entries.size;
  }

  get(key: string): CachedAnswer | undefined {
    const slot = this.entries.get(key);
    if (slot === undefined) return undefined;
    // A Map iterates in insertion order, so the first key is the least recently used: re-inserting moves an
    // entry to the young end.
    if (this.seq - slot.seq >= this.entries.size >> 1) {
      this.entries.delete(key);
      slot.seq = ++this.seq;
      this.entries.set(key, slot);
    }
    return slot.answer;
  }

  set(key: string, answer: CachedAnswer): void {
    if (!this.enabled) return;
    this.remove(key);
    const size = entryBytes(key, answer);
    if (size > this.maxBytes) return;
    this.entries.set(key, { answer, seq: ++this.seq });
    this.bytes += size;
    while (this.entries.size > this.maxEntries || this.bytes > this.maxBytes) {
      this.remove(this.entries.keys().next().value as string);
    }
  }

  private remove(key: string): void {
    const slot = this.entries.get(key);
    if (slot === undefined) return;
    this.entries.delete(key);
    this.bytes -= entryBytes(key, slot.answer);
  }
}

/** A validated /routes query, as the route handler receives it. */
export interface RoutesQuery extends Omit<RouteOptions, 'departAt' | 'clock'> {
  origin: string;
  destination: string;
  format?: 'json' | 'geojson' | 'svg';
  /** Departure and deadline (ISO 8601 with an offset, or a date). */
  departAt?: string;
  arriveBy?: string;
  emissions?: 'iso14083';
}

/**
 * The canonical key of a validated query, or undefined when the query would fail (unknown place, bad code,
 * ...) or depends on the clock (arriveBy without departAt): such a request takes the normal path, which reports the error exactly as it always does. A key is a
 * JSON array, so it starts with "[" and never equals a request URL (which starts with "/"): both kinds of key
 * share one cache. It names the network date the query resolves to and, unless disruptions are ignored, the
 * live state version and the departure they are timed from.
 */
export function canonicalRouteKey(
  network: Network,
  query: RoutesQuery,
  context: RequestContext,
): string | undefined {
  try {
    const place = (text: string, parameter: string) =>
      resolvePlace(network.places, network.nodeById, text, parameter).id;
    // The query is the schema's output: alternatives and the instants are already checked there.
    const c = normalizeConstraints(network, query);
    const departAt = query.departAt === undefined ? null : (parseInstant(query.departAt) ?? null);
    const arriveBy = query.arriveBy === undefined ? null : (parseInstant(query.arriveBy) ?? null);
    // A deadline without a departure asks about leaving now: an answer that changes by the minute.
    if (departAt === null && arriveBy !== null) return undefined;
    return JSON.stringify([
      network.dataVersion,
      place(query.origin, 'origin'),
      place(query.destination, 'destination'),
      (query.via ?? []).map((v) => place(v, 'via')),
      c.countries,
      c.modes,
      c.seas,
      c.nodes,
      query.optimize ?? 'distance',
      query.alternatives ?? 0,
      query.cargoTonnes ?? null,
      query.format ?? 'json',
      normalizeAdvisoryKinds(query.avoidAdvisories),
      query.networkDate ?? context.plan.today,
      query.ignoreDisruptions === true,
      query.ignoreDisruptions ? null : context.live.version,
      query.ignoreDisruptions ? null : (context.plan.departAt ?? null),
      // Instants in their canonical form: "2026-12-05" and "2026-12-05T04:00:00+04:00" share an answer.
      departAt,
      arriveBy,
      query.emissions ?? null,
    ]);
  } catch {
    return undefined;
  }
}
