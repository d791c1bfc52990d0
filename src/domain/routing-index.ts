/**
 * A compact routing index compiled from the network: CSR adjacency over typed arrays, per-link weights for
 * each cost model, and per-link country/mode/sea facts so that exclusions are cheap masks. Only links in
 * service are compiled; a bidirectional link gives two arcs, a one-way link one.
 */
import { MODES, type Mode } from './network-schema.js';

export const METRICS = ['distance', 'time', 'co2'] as const;
export type Metric = (typeof METRICS)[number];

export interface RoutingIndex {
  nodeCount: number;
  linkCount: number;
  /** Country code of each country index. */
  countryCodes: string[];
  nodeCountry: Uint16Array;
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
  /** Dwell hours at each node, added to the time metric when a path passes through it (Float32 when exact). */
  nodeDwell: Float64Array | Float32Array;
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
  countryPath: string[];
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
  const countryCodes: string[] = [];
  const countryIndex = new Map<string, number>();
  const countryOf = (code: string) => {
    let i = countryIndex.get(code);
    if (i === undefined) {
      i = countryCodes.length;
      countryCodes.push(code);
      countryIndex.set(code, i);
    }
    return i;
  };
  const seaIds: string[] = [];
  const seaIndex = new Map<string, number>();

  const n = nodes.length;
  const nodeCountry = new Uint16Array(n);
  const exactInFloat32 = nodes.every((node) => Math.fround(node.dwell) === node.dwell);
  const nodeDwell = exactInFloat32 ? new Float32Array(n) : new Float64Array(n);
  nodes.forEach((node, i) => {
    nodeCountry[i] = countryOf(node.country);
    nodeDwell[i] = node.dwell;
  });

  const m = links.length;
  const linkMode = new Uint8Array(m);
  const seaCount = new Set(links.flatMap((l) => (l.sea === undefined ? [] : [l.sea]))).size;
  const linkSea = (seaCount < 127 ? new Int8Array(m) : new Int16Array(m)).fill(-1);
  const linkCountrySets: number[][] = [];
  const linkWeight = { distance: new Float64Array(m), time: new Float64Array(m), co2: new Float64Array(m) };
  const degree = new Int32Array(n + 1);
  links.forEach((link, l) => {
    linkMode[l] = MODES.indexOf(link.mode);
    if (link.sea !== undefined) {
      let s = seaIndex.get(link.sea);
      if (s === undefined) {
        s = seaIds.length;
        seaIds.push(link.sea);
        seaIndex.set(link.sea, s);
      }
      linkSea[l] = s;
    }
    linkCountrySets.push([...new Set(link.countryPath.map(countryOf))]);
    linkWeight.distance[l] = link.distanceKm;
    linkWeight.time[l] = link.hours;
    linkWeight.co2[l] = link.co2eKgPerTonne;
    if (!link.routable) return;
    degree[link.fromIndex] = (degree[link.fromIndex] ?? 0) + 1;
    if (!link.oneway) degree[link.toIndex] = (degree[link.toIndex] ?? 0) + 1;
  });
  const byCountryNodes = groupBy(countryCodes.length, n, (i, add) => add(nodeCountry[i] ?? 0, i));
  // A link with an endpoint in a country is excluded with that endpoint; only transit needs a list.
  const byCountryLinks = groupBy(countryCodes.length, m, (l, add) => {
    const link = links[l] as CompileInputLink;
    const ends = [nodeCountry[link.fromIndex], nodeCountry[link.toIndex]];
    for (const c of linkCountrySets[l] ?? []) if (!ends.includes(c)) add(c, l);
  });

  const offsets = new Int32Array(n + 1);
  for (let i = 0; i < n; i++) offsets[i + 1] = (offsets[i] ?? 0) + (degree[i] ?? 0);
  const arcCount = offsets[n] ?? 0;
  const arcHead = new Int32Array(arcCount);
  const arcLink = new Int32Array(arcCount);
  const fill = offsets.slice(0, n);
  const addArc = (tail: number, head: number, l: number) => {
    const pos = fill[tail] ?? 0;
    arcHead[pos] = head;
    arcLink[pos] = l;
    fill[tail] = pos + 1;
  };
  links.forEach((link, l) => {
    if (!link.routable) return;
    addArc(link.fromIndex, link.toIndex, l);
    if (!link.oneway) addArc(link.toIndex, link.fromIndex, l);
  });

  const index: RoutingIndex = {
    nodeCount: n,
    linkCount: m,
    countryCodes,
    nodeCountry,
    offsets,
    arcHead,
    arcLink,
    linkMode,
    linkSea,
    seaIds,
    countryNodeOffsets: byCountryNodes.offsets,
    countryNodes: byCountryNodes.items,
    countryLinkOffsets: byCountryLinks.offsets,
    countryLinks: byCountryLinks.items,
    linkWeight,
    nodeDwell,
    landmarks: null,
  };
  const landmarkCount = options.landmarks ?? (n >= LANDMARK_MIN_NODES ? LANDMARK_COUNT : 0);
  if (landmarkCount > 0 && n > 1) {
    const oneway = links.some((l) => l.routable && l.oneway);
    index.landmarks = computeLandmarks(index, links, Math.min(landmarkCount, n), oneway);
  }
  return index;
}

/** Groups item indices by key into CSR form (offsets per key, items in increasing order within a key). */
function groupBy(
  keys: number,
  count: number,
  each: (item: number, add: (key: number, item: number) => void) => void,
): { offsets: Int32Array; items: Int32Array } {
  const offsets = new Int32Array(keys + 1);
  for (let i = 0; i < count; i++) each(i, (key) => (offsets[key + 1] = (offsets[key + 1] ?? 0) + 1));
  for (let k = 0; k < keys; k++) offsets[k + 1] = (offsets[k + 1] ?? 0) + (offsets[k] ?? 0);
  const fill = offsets.slice(0, keys);
  const items = new Int32Array(offsets[keys] ?? 0);
  for (let i = 0; i < count; i++) {
    each(i, (key, item) => {
      items[fill[key] ?? 0] = item;
      fill[key] = (fill[key] ?? 0) + 1;
    });
  }
  return { offsets, items };
}

/** Plain Dijkstra over distance weights from `source`, forward or backward along arcs (routable links only). */
function distancesFrom(
  index: RoutingIndex,
  source: number,
  reverse: boolean,
  reverseArcs?: ReverseArcs,
): Float64Array {
  const n = index.nodeCount;
  const dist = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  const w = index.linkWeight.distance;
  const heapNodes: number[] = [source];
  const heapKeys: number[] = [0];
  dist[source] = 0;
  const push = (v: number, key: number) => {
    let i = heapNodes.length;
    heapNodes.push(v);
    heapKeys.push(key);
    while (i > 0) {
      const p = (i - 1) >> 1;
      if ((heapKeys[p] ?? 0) <= key) break;
      heapNodes[i] = heapNodes[p] ?? 0;
      heapKeys[i] = heapKeys[p] ?? 0;
      i = p;
    }
    heapNodes[i] = v;
    heapKeys[i] = key;
  };
  const pop = (): [number, number] => {
    const top: [number, number] = [heapNodes[0] ?? 0, heapKeys[0] ?? 0];
    const lastNode = heapNodes.pop() ?? 0;
    const lastKey = heapKeys.pop() ?? 0;
    const size = heapNodes.length;
    if (size > 0) {
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        if (l >= size) break;
        const r = l + 1;
        const c = r < size && (heapKeys[r] ?? 0) < (heapKeys[l] ?? 0) ? r : l;
        if ((heapKeys[c] ?? 0) >= lastKey) break;
        heapNodes[i] = heapNodes[c] ?? 0;
        heapKeys[i] = heapKeys[c] ?? 0;
        i = c;
      }
      heapNodes[i] = lastNode;
      heapKeys[i] = lastKey;
    }
    return top;
  };
  const offsets = reverse && reverseArcs ? reverseArcs.offsets : index.offsets;
  const heads = reverse && reverseArcs ? reverseArcs.tails : index.arcHead;
  const arcLinks = reverse && reverseArcs ? reverseArcs.links : index.arcLink;
  while (heapNodes.length > 0) {
    const [u, du] = pop();
    if (du > (dist[u] ?? 0)) continue;
    const end = offsets[u + 1] ?? 0;
    for (let a = offsets[u] ?? 0; a < end; a++) {
      const v = heads[a] ?? 0;
      const nd = du + (w[arcLinks[a] ?? 0] ?? 0);
      if (nd < (dist[v] ?? 0)) {
        dist[v] = nd;
        push(v, nd);
      }
    }
  }
  return dist;
}

interface ReverseArcs {
  offsets: Int32Array;
  tails: Int32Array;
  links: Int32Array;
}

/** The arcs entering each node, for distances towards a landmark. */
function reverseArcsOf(index: RoutingIndex): ReverseArcs {
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
  links: readonly CompileInputLink[],
  count: number,
  oneway: boolean,
): Landmarks {
  const n = index.nodeCount;
  const reverse = oneway ? reverseArcsOf(index) : undefined;
  const fromDists: Float64Array[] = [];
  const toDists: Float64Array[] = [];
  const nearest = new Float64Array(n).fill(Number.POSITIVE_INFINITY);
  // Start from the node farthest from node 0, then keep taking the farthest from all picked so far.
  let next = farthest(distancesFrom(index, 0, false), null);
  for (let k = 0; k < count; k++) {
    const from = distancesFrom(index, next, false);
    fromDists.push(from);
    toDists.push(oneway ? distancesFrom(index, next, true, reverse) : from);
    for (let v = 0; v < n; v++) nearest[v] = Math.min(nearest[v] ?? 0, from[v] ?? 0);
    next = farthest(nearest, from);
  }
  let max = 0;
  for (const d of [...fromDists, ...toDists])
    for (const x of d) if (x !== Number.POSITIVE_INFINITY && x > max) max = x;
  const step = Math.max(max, 1) / (UNREACHED - 1);
  const quantize = (dists: Float64Array[]) => {
    const out = new Uint16Array(n * count);
    dists.forEach((d, k) => {
      for (let v = 0; v < n; v++) {
        const x = d[v] ?? Number.POSITIVE_INFINITY;
        out[v * count + k] =
          x === Number.POSITIVE_INFINITY ? UNREACHED : Math.min(UNREACHED - 1, Math.floor(x / step));
      }
    });
    return out;
  };
  const from = quantize(fromDists);
  const to = oneway ? quantize(toDists) : from;
  const perKm = { distance: 1, time: Number.POSITIVE_INFINITY, co2: Number.POSITIVE_INFINITY };
  links.forEach((link, l) => {
    if (!link.routable) return;
    const km = index.linkWeight.distance[l] ?? 0;
    if (km <= 0) return;
    perKm.time = Math.min(perKm.time, (index.linkWeight.time[l] ?? 0) / km);
    perKm.co2 = Math.min(perKm.co2, (index.linkWeight.co2[l] ?? 0) / km);
  });
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
