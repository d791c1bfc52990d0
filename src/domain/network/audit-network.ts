/**
 * Audits of a loaded network's data that no single record can show: gauges that meet at a station that is not
 * a gauge-change station, through routes that turn back at a junction (a sign of a missing junction, as when
 * Moiynty–Zhezkazgan ran via Karaganda instead of Zharyk), and how each country's rail lengths were obtained.
 * check-data prints them; the network tests hold the embedded data to them.
 */
import { MinHeap } from '../routing/min-heap.js';
import { greatCircleKm } from './geo.js';
import type { Network, NetworkLink } from './network.js';
import { DISTANCE_BASES, type DistanceBasis } from './network-schema.js';

/** Stations where rail links of different gauges meet without a gauge change, or a gauge-change station without its own gauge. */
export function gaugeProblems(network: Network): string[] {
  const gauges = new Map<string, Set<number>>();
  for (const link of network.links) {
    if (link.mode !== 'rail' || link.gauge === undefined) continue;
    for (const id of [link.from, link.to]) {
      let set = gauges.get(id);
      if (!set) {
        set = new Set();
        gauges.set(id, set);
      }
      set.add(link.gauge);
    }
  }
  const problems: string[] = [];
  for (const node of network.nodes) {
    const here = gauges.get(node.id) ?? new Set<number>();
    const isChange = node.kinds.includes('gauge-change');
    if (here.size > 1 && !isChange)
      problems.push(
        `${node.id}: rail links of ${[...here].join(' and ')} mm meet, but it is not a gauge-change node`,
      );
    if (isChange && node.gauge === undefined)
      problems.push(`${node.id}: a gauge-change node needs its own gauge (field gauge)`);
    if (isChange && node.gauge !== undefined && here.size > 0 && !here.has(node.gauge))
      problems.push(`${node.id}: its gauge ${node.gauge} mm is that of none of its rail links`);
  }
  return problems;
}

/** A through route that turns back at a junction: A–via–B is the shortest rail path but far longer than A–B. */
export interface DetourSuspect {
  from: string;
  via: string;
  to: string;
  km: number;
  greatCircleKm: number;
}

/** Options of detourSuspects, with named defaults. */
export interface DetourOptions {
  /** Only pairs at least this far apart (great circle), km. */
  minGreatCircleKm?: number;
  /** Only bends at least this many times the great-circle distance. */
  minRatio?: number;
}

export const DEFAULT_DETOUR_OPTIONS: Required<DetourOptions> = { minGreatCircleKm: 150, minRatio: 2 };

/**
 * Pairs of in-service rail links of one gauge meeting at a node whose other ends are far apart, where the bend
 * through the node is still the shortest rail path between them: either trains really reverse there, or a
 * junction or line is missing. Sorted by ratio, worst first.
 */
export function detourSuspects(network: Network, options: DetourOptions = {}): DetourSuspect[] {
  const { minGreatCircleKm, minRatio } = { ...DEFAULT_DETOUR_OPTIONS, ...options };
  const index = new Map(network.nodes.map((n, i) => [n.id, i]));
  const adjacency: { to: number; link: NetworkLink }[][] = network.nodes.map(() => []);
  for (const link of network.links) {
    if (link.mode !== 'rail' || link.status !== 'in-service') continue;
    const a = index.get(link.from) as number;
    const b = index.get(link.to) as number;
    adjacency[a]?.push({ to: b, link });
    adjacency[b]?.push({ to: a, link });
  }
  const dist = new Float64Array(network.nodes.length);
  const heap = new MinHeap(64);
  const railKm = (source: number, target: number): number => {
    dist.fill(Number.POSITIVE_INFINITY);
    dist[source] = 0;
    heap.clear();
    heap.push(source, 0);
    while (heap.size > 0) {
      const d = heap.peekKey();
      const u = heap.pop();
      if (u === target) return d;
      if (d > (dist[u] as number)) continue;
      for (const { to, link } of adjacency[u] ?? []) {
        const nd = d + link.distanceKm;
        if (nd < (dist[to] as number)) {
          dist[to] = nd;
          heap.push(to, nd);
        }
      }
    }
    return Number.POSITIVE_INFINITY;
  };
  const suspects: DetourSuspect[] = [];
  network.nodes.forEach((via, k) => {
    const edges = adjacency[k] ?? [];
    for (let i = 0; i < edges.length; i++) {
      for (let j = i + 1; j < edges.length; j++) {
        const e = edges[i] as { to: number; link: NetworkLink };
        const f = edges[j] as { to: number; link: NetworkLink };
        if (e.to === f.to || e.link.gauge !== f.link.gauge) continue;
        const a = network.nodes[e.to];
        const b = network.nodes[f.to];
        if (!a || !b) continue;
        const gc = greatCircleKm(a.lat, a.lon, b.lat, b.lon);
        const km = e.link.distanceKm + f.link.distanceKm;
        if (gc < minGreatCircleKm || km < minRatio * gc) continue;
        if (railKm(e.to, f.to) < km - 1e-6) continue;
        suspects.push({ from: a.id, via: via.id, to: b.id, km, greatCircleKm: Math.round(gc) });
      }
    }
  });
  return suspects.sort((x, y) => y.km / y.greatCircleKm - x.km / x.greatCircleKm);
}

/** Rail links of one country by how their length was obtained. */
export interface DistanceBasisShare {
  country: string;
  railLinks: number;
  byBasis: Record<DistanceBasis | 'unstated', number>;
  /** Share of rail links with a cited or derived length, 0-1. */
  citedShare: number;
}

/**
 * Per country (a link counts for each country it touches) and in total (`country` "all"): rail links by
 * distanceBasis, and the share whose length is sourced or derived from cited figures.
 */
export function distanceBasisShares(network: Network): DistanceBasisShare[] {
  const rows = new Map<string, DistanceBasisShare>();
  const row = (country: string) => {
    let r = rows.get(country);
    if (!r) {
      const byBasis = { unstated: 0 } as DistanceBasisShare['byBasis'];
      for (const b of DISTANCE_BASES) byBasis[b] = 0;
      r = { country, railLinks: 0, byBasis, citedShare: 0 };
      rows.set(country, r);
    }
    return r;
  };
  for (const link of network.links) {
    if (link.mode !== 'rail') continue;
    for (const country of new Set(['all', ...link.countryPath])) {
      const r = row(country);
      r.railLinks++;
      r.byBasis[link.distanceBasis ?? 'unstated']++;
    }
  }
  for (const r of rows.values()) r.citedShare = (r.byBasis.sourced + r.byBasis.derived) / r.railLinks;
  return [...rows.values()].sort((a, b) =>
    a.country === 'all' ? -1 : b.country === 'all' ? 1 : a.country < b.country ? -1 : 1,
  );
}
