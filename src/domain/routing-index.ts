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
  linkSea: Int16Array;
  seaIds: string[];
  /** Countries a link touches (endpoints and transit): linkCountries[linkCountryOffsets[l] .. [l+1]-1]. */
  linkCountryOffsets: Int32Array;
  linkCountries: Uint16Array;
  /** Per-link weight of each metric (time: moving plus ferry wait). */
  linkWeight: Record<Metric, Float64Array>;
  /** Dwell hours at each node, added to the time metric when a path passes through it. */
  nodeDwell: Float64Array;
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
  const nodeDwell = new Float64Array(n);
  nodes.forEach((node, i) => {
    nodeCountry[i] = countryOf(node.country);
    nodeDwell[i] = node.dwell;
  });

  const m = links.length;
  const linkMode = new Uint8Array(m);
  const linkSea = new Int16Array(m).fill(-1);
  const linkCountryOffsets = new Int32Array(m + 1);
  const countryList: number[] = [];
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
    linkCountryOffsets[l] = countryList.length;
    for (const c of new Set(link.countryPath)) countryList.push(countryOf(c));
    linkWeight.distance[l] = link.distanceKm;
    linkWeight.time[l] = link.hours;
    linkWeight.co2[l] = link.co2eKgPerTonne;
    if (!link.routable) return;
    degree[link.fromIndex] = (degree[link.fromIndex] ?? 0) + 1;
    if (!link.oneway) degree[link.toIndex] = (degree[link.toIndex] ?? 0) + 1;
  });
  linkCountryOffsets[m] = countryList.length;

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

  return {
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
    linkCountryOffsets,
    linkCountries: Uint16Array.from(countryList),
    linkWeight,
    nodeDwell,
  };
}
