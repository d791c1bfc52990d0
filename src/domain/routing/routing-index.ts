/**
 * A compact routing index compiled from the network: CSR adjacency over typed arrays, per-link weights for
 * each cost model, and per-link country/mode/sea facts so that exclusions are cheap masks. Only routable links
 * are compiled (in service, or open on some date: network-date.ts); a bidirectional link gives two arcs, a
 * one-way link one.
 */

import { MODES, type Mode } from '../network/network-schema.js';
import { MinHeap } from './min-heap.js';

export const METRICS = ['distance', 'time', 'co2'] as const;
export type Metric = (typeof METRICS)[number];

export interface RoutingIndex {
  nodeCount: number;
  linkCount: number;
  /** Country code of each country index. */
  countryCodes: string[];
  /** Country index of each node (Uint8 while there are at most 256 countries). */
  nodeCountry: Uint8Array | Uint16Array;
  /** CSR: arcs leaving node i are offsets[i] .. offsets[i+1]-1. */
  offsets: Int32Array;
  arcHead: Int32Array;
  arcLink: Int32Array;
  /** Per link: index into MODES. */
  linkMode: Uint8Array;
  /** Per link: index into seaIds, or -1. */
  linkSea: Int8Array | Int16Array;
  seaIds: string[];
  /** Nodes of country c: countryNodes[countryNodeOffsets[c] .. [c+1]-1] (an avoided country costs its size). */
  countryNodeOffsets: Int32Array;
  countryNodes: Int32Array;
  /**
   * Links crossing country c without an endpoint there (transit): countryLinks[countryLinkOffsets[c] .. [c+1]-1].
   * A link with an endpoint in c is excluded with that endpoint.
   */
  countryLinkOffsets: Int32Array;
  countryLinks: Int32Array;
  /** Per-link weight of each metric (time: moving plus ferry wait). */
  linkWeight: Record<Metric, Float64Array>;
  /**
   * Dwell hours at each node, added to the time metric when a path passes through it: in the narrowest array
   * that holds every value exactly (whole hours up to 255 in bytes, else Float32, else Float64).
   */
  nodeDwell: Uint8Array | Float32Array | Float64Array;
  /** Lower bounds for goal-directed search, or null on small networks. */
  landmarks: Landmarks | null;
}

/**
 * ALT landmarks: quantized distance-metric distances from (and, with one-way links, to) a few far-apart nodes.
 * By the triangle inequality |d(L,t) - d(L,v)| bounds d(v,t) from below; excluding nodes or links only
 * lengthens paths, so the bounds stay admissible under any exclusion. Other metrics use the distance bound
 * times the smallest ratio of their weight to the link's distance (dwell only adds).
 */
export interface Landmarks {
  count: number;
  /** Kilometres per quantization step; UNREACHED marks a node the landmark does not reach. */
  step: number;
  /** Node-major: from[v * count + k] = floor(d(L_k, v) / step). */
  from: Uint16Array;
  /** to[v * count + k] = floor(d(v, L_k) / step); the same array as `from` when every link is two-way. */
  to: Uint16Array;
  /** Per metric: the smallest weight per km of any routable link. */
  perKm: Record<Metric, number>;
}

export const UNREACHED = 0xffff;
/** Networks from this many nodes get landmarks. */
export const LANDMARK_MIN_NODES = 2000;
const LANDMARK_COUNT = 4;

export interface CompileOptions {
  /** Number of landmarks (0: none); by default LANDMARK_COUNT from LANDMARK_MIN_NODES nodes. */
  landmarks?: number;
}

export interface CompileInputNode {
  country: string;
  dwell: number;
}

export interface CompileInputLink {
  fromIndex: number;
  toIndex: number;
  mode: Mode;
  sea?: string;
  countryPath: readonly string[];
  oneway: boolean;
  routable: boolean;
  distanceKm: number;
  hours: number;
  co2eKgPerTonne: number;
}

/** Compiles the routing index; link i of the input is link i of the index. */
export function compileRoutingIndex(
  nodes: readonly CompileInputNode[],
  links: readonly CompileInputLink[],
  options: CompileOptions = {},
): RoutingIndex {
  const builder = new RoutingIndexBuilder(nodes, links.length);
  for (const link of links) builder.addLink(link);
  return builder.build(options);
}

/**
 * Builds a routing index one link at a time, into typed arrays sized up front: a caller with many links can
 * hand over each one (or one reused object) without building an array of inputs first. Link i is the i-th
 * link added.
 */
export class RoutingIndexBuilder {
  private readonly n: number;
  private readonly m: number;
  private added = 0;
  private readonly countryCodes: string[] = [];
  private readonly countryIndex = new Map<string, number>();
  private readonly nodeCountry: Uint16Array;
  private readonly nodeDwell: Uint8Array | Float32Array | Float64Array;
  private readonly linkFrom: Int32Array;
  private readonly linkTo: Int32Array;
  /** Bit 0: routable; bit 1: one-way. */
  private readonly linkFlags: Uint8Array;
  private readonly linkMode: Uint8Array;
  private readonly linkSea: Int16Array;
  private readonly seaIds: string[] = [];
  private readonly seaIndex = new Map<string, number>();
  private readonly linkWeight: Record<Metric, Float64Array>;
  /** Transit crossings, as pairs in link order: transitLinks[k] crosses country transitCountries[k]. */
  private readonly transitLinks: number[] = [];
  private readonly transitCountries: number[] = [];

  constructor(nodes: readonly CompileInputNode[], linkCount: number) {
    const n = nodes.length;
    this.n = n;
    this.m = linkCount;
    this.nodeCountry = new Uint16Array(n);
    let wholeHours = true;
    let exactInFloat32 = true;
    for (const node of nodes) {
      const d = node.dwell;
      if (!(Number.isInteger(d) && d >= 0 && d <= 0xff && !Object.is(d, -0))) wholeHours = false;
      if (Math.fround(d) !== d) exactInFloat32 = false;
    }
    this.nodeDwell = wholeHours
      ? new Uint8Array(n)
      : exactInFloat32
        ? new Float32Array(n)
        : new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const node = nodes[i] as CompileInputNode;
      this.nodeCountry[i] = this.countryOf(node.country);
      this.nodeDwell[i] = node.dwell;
    }
    this.linkFrom = new Int32Array(linkCount);
    this.linkTo = new Int32Array(linkCount);
    this.linkFlags = new Uint8Array(linkCount);
    this.linkMode = new Uint8Array(linkCount);
    this.linkSea = new Int16Array(linkCount).fill(-1);
    this.linkWeight = {
      distance: new Float64Array(linkCount),
      time: new Float64Array(linkCount),
      co2: new Float64Array(linkCount),
    };
  }

  private countryOf(code: string): number {
    let i = this.countryIndex.get(code);
    if (i === undefined) {
      i = this.countryCodes.length;
      this.countryCodes.push(code);
      this.countryIndex.set(code, i);
    }
    return i;
  }

  /** Adds the next link; the builder copies what it needs, so `link` may be reused for the next call. */
  addLink(link: CompileInputLink): void {
    const l = this.added;
    if (l >= this.m) throw new Error(`RoutingIndexBuilder: more than the ${this.m} links announced`);
    this.added = l + 1;
    const { fromIndex, toIndex } = link;
    this.linkFrom[l] = fromIndex;
    this.linkTo[l] = toIndex;
    this.linkFlags[l] = (link.routable ? 1 : 0) | (link.oneway ? 2 : 0);
    this.linkMode[l] = MODES.indexOf(link.mode);
    if (link.sea !== undefined) {
      let s = this.seaIndex.get(link.sea);
      if (s === undefined) {
        s = this.seaIds.length;
        this.seaIds.push(link.sea);
        this.seaIndex.set(link.sea, s);
      }
      this.linkSea[l] = s;
    }
    this.linkWeight.distance[l] = link.distanceKm;
    this.linkWeight.time[l] = link.hours;
    this.linkWeight.co2[l] = link.co2eKgPerTonne;
    // A link with an endpoint in a country is excluded with that endpoint; only transit needs a list.
    const path = link.countryPath;
    const fromCountry = this.nodeCountry[fromIndex];
    const toCountry = this.nodeCountry[toIndex];
    const first = this.transitLinks.length;
    for (let k = 0; k < path.length; k++) {
      const c = this.countryOf(path[k] as string);
      if (c === fromCountry || c === toCountry) continue;
      let listed = false;
      for (let j = first; j < this.transitLinks.length; j++)
        if (this.transitCountries[j] === c) listed = true;
      if (listed) continue;
      this.transitLinks.push(l);
      this.transitCountries.push(c);
    }
  }

  /** The index of the links added so far (which must be as many as announced). */
  build(options: CompileOptions = {}): RoutingIndex {
    const { n, m, linkFrom, linkTo, linkFlags } = this;
    if (this.added !== m) throw new Error(`RoutingIndexBuilder: ${this.added} links added of ${m} announced`);
    const countries = this.countryCodes.length;

    const offsets = new Int32Array(n + 1);
    for (let l = 0; l < m; l++) {
      const flags = linkFlags[l] as number;
      if (!(flags & 1)) continue;
      const from = (linkFrom[l] as number) + 1;
      offsets[from] = (offsets[from] as number) + 1;
      if (flags & 2) continue;
      const to = (linkTo[l] as number) + 1;
      offsets[to] = (offsets[to] as number) + 1;
    }
    for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] as number) + (offsets[i] as number);
    const arcCount = offsets[n] as number;
    const arcHead = new Int32Array(arcCount);
    const arcLink = new Int32Array(arcCount);
    const fill = offsets.slice(0, n);
    for (let l = 0; l < m; l++) {
      const flags = linkFlags[l] as number;
      if (!(flags & 1)) continue;
      const from = linkFrom[l] as number;
      const to = linkTo[l] as number;
      let pos = fill[from] as number;
      arcHead[pos] = to;
      arcLink[pos] = l;
      fill[from] = pos + 1;
      if (flags & 2) continue;
      pos = fill[to] as number;
      arcHead[pos] = from;
      arcLink[pos] = l;
      fill[to] = pos + 1;
    }

    const nodeCountry = countries <= 0x100 ? Uint8Array.from(this.nodeCountry) : this.nodeCountry;
    const byCountryNodes = groupBy(countries, this.nodeCountry, null);
    const byCountryLinks = groupBy(countries, this.transitCountries, this.transitLinks);
    const linkSea = this.seaIds.length < 0x80 ? Int8Array.from(this.linkSea) : this.linkSea;

    const index: RoutingIndex = {
      nodeCount: n,
      linkCount: m,
      countryCodes: this.countryCodes,
      nodeCountry,
      offsets,
      arcHead,
      arcLink,
      linkMode: this.linkMode,
      linkSea,
      seaIds: this.seaIds,
      countryNodeOffsets: byCountryNodes.offsets,
      countryNodes: byCountryNodes.items,
      countryLinkOffsets: byCountryLinks.offsets,
      countryLinks: byCountryLinks.items,
      linkWeight: this.linkWeight,
      nodeDwell: this.nodeDwell,
      landmarks: null,
    };
    const landmarkCount = options.landmarks ?? (n >= LANDMARK_MIN_NODES ? LANDMARK_COUNT : 0);
    if (landmarkCount > 0 && n > 1) {
      let oneway = false;
      for (let l = 0; l < m; l++) if (((linkFlags[l] as number) & 3) === 3) oneway = true;
      index.landmarks = computeLandmarks(index, linkFlags, Math.min(landmarkCount, n), oneway);
    }
    return index;
  }
}

/**
 * Groups items by key into CSR form, items in their order within a key: item k has key keys[k] and is
 * items[k], or k itself when items is null.
 */
function groupBy(
  keyCount: number,
  keys: ArrayLike<number>,
  items: ArrayLike<number> | null,
): { offsets: Int32Array; items: Int32Array } {
  const offsets = new Int32Array(keyCount + 1);
  for (let k = 0; k < keys.length; k++) {
    const c = (keys[k] as number) + 1;
    offsets[c] = (offsets[c] as number) + 1;
  }
  for (let c = 0; c < keyCount; c++) offsets[c + 1] = (offsets[c + 1] as number) + (offsets[c] as number);
  const fill = offsets.slice(0, keyCount);
  const out = new Int32Array(keys.length);
  for (let k = 0; k < keys.length; k++) {
    const c = keys[k] as number;
    const pos = fill[c] as number;
    out[pos] = items ? (items[k] as number) : k;
    fill[c] = pos + 1;
  }
  return { offsets, items: out };
}

/** Plain Dijkstra over distance weights from `source`, forward or backward along arcs (routable links only). */
function distancesFrom(
  index: RoutingIndex,
  source: number,
  heap: MinHeap,
  reverseArcs?: ReverseArcs,
): Float64Array {
  const dist = new Float64Array(index.nodeCount).fill(Number.POSITIVE_INFINITY);
  const w = index.linkWeight.distance;
  const offsets = reverseArcs ? reverseArcs.offsets : index.offsets;
  const heads = reverseArcs ? reverseArcs.tails : index.arcHead;
  const arcLinks = reverseArcs ? reverseArcs.links : index.arcLink;
  heap.clear();
  dist[source] = 0;
  heap.push(source, 0);
  while (heap.size > 0) {
    const du = heap.peekKey();
    const u = heap.pop();
    if (du > (dist[u] as number)) continue;
    const end = offsets[u + 1] as number;
    for (let a = offsets[u] as number; a < end; a++) {
      const v = heads[a] as number;
      const nd = du + (w[arcLinks[a] as number] as number);
      if (nd < (dist[v] as number)) {
        dist[v] = nd;
        heap.push(v, nd);
      }
    }
  }
  return dist;
}

/** The arcs entering each node: those of node v are offsets[v] .. offsets[v+1]-1, from tails[a] over links[a]. */
export interface ReverseArcs {
  offsets: Int32Array;
  tails: Int32Array;
  links: Int32Array;
}

/** The arcs entering each node, for distances towards a landmark. */
export function reverseArcsOf(index: RoutingIndex): ReverseArcs {
  const n = index.nodeCount;
  const arcCount = index.offsets[n] ?? 0;
  const offsets = new Int32Array(n + 1);
  for (let a = 0; a < arcCount; a++) {
    const v = (index.arcHead[a] ?? 0) + 1;
    offsets[v] = (offsets[v] ?? 0) + 1;
  }
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i + 1] ?? 0) + (offsets[i] ?? 0);
  const fill = offsets.slice(0, n);
  const tails = new Int32Array(arcCount);
  const links = new Int32Array(arcCount);
  for (let u = 0; u < n; u++) {
    for (let a = index.offsets[u] ?? 0; a < (index.offsets[u + 1] ?? 0); a++) {
      const v = index.arcHead[a] ?? 0;
      const pos = fill[v] ?? 0;
      tails[pos] = u;
      links[pos] = index.arcLink[a] ?? 0;
      fill[v] = pos + 1;
    }
  }
  return { offsets, tails, links };
}

/** Picks landmarks far apart (each the node farthest from those already picked) and stores their distances. */
function computeLandmarks(
  index: RoutingIndex,
  linkFlags: Uint8Array,
  count: number,
  oneway: boolean,
): Landmarks {
  const n = index.nodeCount;
  const heap = new MinHeap(Math.min(n, 1 << 16));
  const reverse = oneway ? reverseArcsOf(index) : undefined;
  const fromDists: Float64Array[] = [];
  const toDists: Float64Array[] = [];
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  // Start from the node farthest from node 0, then keep taking the farthest from all picked so far.
  let next = farthest(distancesFrom(index, 0, heap), null);
  for (let k = 0; k < count; k++) {
    const from = distancesFrom(index, next, heap);
    fromDists.push(from);
    toDists.push(reverse ? distancesFrom(index, next, heap, reverse) : from);
    for (let v = 0; v < n; v++)
      if ((from[v] as number) < (nearest[v] as number)) nearest[v] = from[v] as number;
    next = farthest(nearest, from);
  }
  let max = 0;
  for (const d of [...fromDists, ...toDists])
    for (let v = 0; v < n; v++) {
      const x = d[v] as number;
      if (x !== Number.POSITIVE_INFINITY && x > max) max = x;
    }
  const step = Math.max(max, 1) / (UNREACHED - 1);
  const quantize = (dists: Float64Array[]) => {
    const out = new Uint16Array(n * count);
    dists.forEach((d, k) => {
      for (let v = 0; v < n; v++) {
        const x = d[v] as number;
        out[v * count + k] =
          x === Number.POSITIVE_INFINITY ? UNREACHED : Math.min(UNREACHED - 1, Math.floor(x / step));
      }
    });
    return out;
  };
  const from = quantize(fromDists);
  const to = oneway ? quantize(toDists) : from;
  const perKm = { distance: 1, time: Number.POSITIVE_INFINITY, co2: Number.POSITIVE_INFINITY };
  const { distance, time, co2 } = index.linkWeight;
  for (let l = 0; l < index.linkCount; l++) {
    if (!((linkFlags[l] as number) & 1)) continue;
    const km = distance[l] as number;
    if (km <= 0) continue;
    perKm.time = Math.min(perKm.time, (time[l] as number) / km);
    perKm.co2 = Math.min(perKm.co2, (co2[l] as number) / km);
  }
  for (const metric of METRICS) if (!Number.isFinite(perKm[metric])) perKm[metric] = 0;
  return { count, step, from, to, perKm };
}

/** The node with the largest finite value (preferring nodes the latest landmark reaches). */
function farthest(values: Float64Array, reach: Float64Array | null): number {
  let best = 0;
  let bestValue = -1;
  for (let v = 0; v < values.length; v++) {
    const x = values[v] ?? 0;
    if (x === Number.POSITIVE_INFINITY || (reach && (reach[v] ?? 0) === Number.POSITIVE_INFINITY)) continue;
    if (x > bestValue) {
      bestValue = x;
      best = v;
    }
  }
  return best;
}
