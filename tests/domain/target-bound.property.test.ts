/**
 * Searches bounded by costs to the target (Search.boundTo, used by the alternative searches) against a plain
 * Dijkstra written here over the same costs: on random graphs and on the embedded network, under exclusions
 * that add to those the bound was computed under, the cost found is the reference's, the path is legal and
 * costs what it reports, and a path exists exactly when the reference finds one. Then findAlternatives with
 * and without the bounds on a synthetic network (large enough for landmarks) and on the embedded one: the
 * same paths, in the same order; the same again when every ban set is searched rather than taking a route
 * found under fewer of its bans, and when every candidate search runs to its end rather than stopping at the
 * most an alternative may cost (MAX_COST_FACTOR times the best), which no alternative exceeds.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import { writeSyntheticNetwork } from '../../scripts/synthetic-network.js';
import { loadNetwork, type Network } from '../../src/domain/index.js';
import { findAlternatives, MAX_COST_FACTOR } from '../../src/domain/planning/find-alternatives.js';
import { pathThroughStops } from '../../src/domain/routing/path-through-stops.js';
import { type Constraints, withMasks } from '../../src/domain/routing/route-constraints.js';
import {
  compileRoutingIndex,
  METRICS,
  type Metric,
  type RoutingIndex,
} from '../../src/domain/routing/routing-index.js';
import { type Path, Search } from '../../src/domain/routing/search.js';
import { EMBEDDED_DIR } from '../helpers/test-app.js';

/** Per link: its ends and whether it runs one way only, as the routing index was compiled from. */
interface Ends {
  from: number;
  to: number;
  oneway: boolean;
  routable: boolean;
}

/**
 * The cheapest cost from s to t by `metric` (the link's weight, plus for time the dwell at each node left
 * but the source), never entering a blocked node or using a blocked link: Dijkstra with a linear scan.
 */
function referenceCost(
  index: RoutingIndex,
  ends: readonly Ends[],
  metric: Metric,
  blockedNodes: Uint8Array,
  blockedLinks: Uint8Array,
  s: number,
  t: number,
): number | null {
  if (blockedNodes[s] || blockedNodes[t]) return null;
  const n = index.nodeCount;
  const dist = new Array<number>(n).fill(Number.POSITIVE_INFINITY);
  const done = new Array<boolean>(n).fill(false);
  const out: { to: number; link: number }[][] = Array.from({ length: n }, () => []);
  ends.forEach((e, l) => {
    if (!e.routable || blockedLinks[l]) return;
    out[e.from]?.push({ to: e.to, link: l });
    if (!e.oneway) out[e.to]?.push({ to: e.from, link: l });
  });
  dist[s] = 0;
  // A linear scan for the next node: slow, and too simple to be wrong.
  for (;;) {
    let u = -1;
    for (let v = 0; v < n; v++) {
      if (
        !done[v] &&
        (dist[v] as number) < Number.POSITIVE_INFINITY &&
        (u < 0 || (dist[v] as number) < (dist[u] as number))
      )
        u = v;
    }
    if (u < 0) return null;
    if (u === t) return dist[u] as number;
    done[u] = true;
    const leave = (dist[u] as number) + (metric === 'time' && u !== s ? (index.nodeDwell[u] as number) : 0);
    for (const { to, link } of out[u] ?? []) {
      if (blockedNodes[to]) continue;
      const nd = leave + (index.linkWeight[metric][link] as number);
      if (nd < (dist[to] as number)) dist[to] = nd;
    }
  }
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** Checks a path's legality and its reported cost; returns the cost recomputed from its links. */
function checkPath(
  index: RoutingIndex,
  ends: readonly Ends[],
  metric: Metric,
  blockedNodes: Uint8Array,
  blockedLinks: Uint8Array,
  path: Path,
  s: number,
  t: number,
): void {
  expect(path.nodes[0]).toBe(s);
  expect(path.nodes[path.nodes.length - 1]).toBe(t);
  let cost = 0;
  path.links.forEach((l, i) => {
    const a = path.nodes[i] as number;
    const b = path.nodes[i + 1] as number;
    const e = ends[l] as Ends;
    expect(blockedLinks[l]).toBe(0);
    expect(blockedNodes[b]).toBe(0);
    expect((e.from === a && e.to === b) || (!e.oneway && e.from === b && e.to === a)).toBe(true);
    cost +=
      (index.linkWeight[metric][l] as number) +
      (metric === 'time' && i > 0 ? (index.nodeDwell[a] as number) : 0);
  });
  expect(close(path.cost, cost)).toBe(true);
}

/** A random graph of clustered regions: a spanning chain, local and long links, parallels, one-way links. */
function randomGraph(seed: number, nodeCount: number): { index: RoutingIndex; ends: Ends[] } {
  const random = seededRandom(seed);
  const integral = random() < 0.5; // integral weights make many ties
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    country: `C${Math.floor((i / nodeCount) * 6)}`,
    dwell: random() < 0.3 ? Math.floor(random() * 48) : 0,
  }));
  const ends: Ends[] = [];
  const links: Parameters<typeof compileRoutingIndex>[1][number][] = [];
  const add = (from: number, to: number) => {
    const oneway = random() < 0.1;
    const routable = random() < 0.95;
    const w = () => (integral ? 1 + Math.floor(random() * 20) : 0.5 + random() * 100);
    const countries = [nodes[from]?.country as string, nodes[to]?.country as string];
    links.push({
      fromIndex: from,
      toIndex: to,
      mode: 'rail',
      countryPath: countries[0] === countries[1] ? [countries[0] as string] : countries,
      oneway,
      routable,
      distanceKm: w(),
      hours: w(),
      co2eKgPerTonne: w(),
    });
    ends.push({ from, to, oneway, routable });
  };
  for (let i = 1; i < nodeCount; i++) {
    add(random() < 0.9 ? Math.max(0, i - 1 - Math.floor(random() * 5)) : Math.floor(random() * i), i);
  }
  for (let k = 0; k < nodeCount; k++) {
    const a = Math.floor(random() * nodeCount);
    const b =
      random() < 0.8
        ? Math.min(nodeCount - 1, a + 1 + Math.floor(random() * 10))
        : Math.floor(random() * nodeCount);
    if (a !== b) add(a, b);
    if (a !== b && random() < 0.2) add(b, a);
  }
  const index = compileRoutingIndex(nodes, links, {
    landmarks: random() < 0.5 ? 1 + Math.floor(random() * 4) : 0,
  });
  return { index, ends };
}

/** Random masks, and masks that exclude all of those and more. */
function nestedMasks(random: () => number, n: number, m: number, rate: number) {
  const baseNodes = new Uint8Array(n);
  const baseLinks = new Uint8Array(m);
  for (let i = 0; i < n; i++) if (random() < rate / 2) baseNodes[i] = 1;
  for (let l = 0; l < m; l++) if (random() < rate / 2) baseLinks[l] = 1;
  const moreNodes = baseNodes.slice();
  const moreLinks = baseLinks.slice();
  for (let i = 0; i < n; i++) if (random() < rate) moreNodes[i] = 1;
  for (let l = 0; l < m; l++) if (random() < rate) moreLinks[l] = 1;
  return { baseNodes, baseLinks, moreNodes, moreLinks };
}

describe('shortestPath bounded by costs to the target', () => {
  it('finds the reference cost under more exclusions than the bound was computed under (random graphs)', () => {
    let found = 0;
    let missing = 0;
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 30, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 3, maxLength: 3 }),
        fc.constantFrom(...METRICS),
        fc.double({ min: 0.2, max: 3, noNaN: true }),
        (seed, nodeCount, queries, metric, capFactor) => {
          const { index, ends } = randomGraph(seed, nodeCount);
          const search = new Search(index);
          const random = seededRandom(seed ^ 0x5bd1);
          for (const [a, b] of queries) {
            const s = a % nodeCount;
            const t = b % nodeCount;
            if (s === t) continue;
            const { baseNodes, baseLinks, moreNodes, moreLinks } = nestedMasks(
              random,
              nodeCount,
              ends.length,
              0.1,
            );
            const unbounded = referenceCost(index, ends, metric, baseNodes, baseLinks, s, t);
            // Caps below and above the cost of the best path, so that capped bounds are exercised too.
            const cap = (unbounded ?? 100) * capFactor;
            const bound = search.boundTo(t, metric, baseNodes, baseLinks, cap);
            const expected = referenceCost(index, ends, metric, moreNodes, moreLinks, s, t);
            const path = search.shortestPath(s, t, {
              metric,
              blockedNodes: moreNodes,
              blockedLinks: moreLinks,
              bound,
            });
            if (expected === null) {
              expect(path).toBeNull();
              missing++;
              continue;
            }
            expect(path).not.toBeNull();
            if (!path) continue;
            checkPath(index, ends, metric, moreNodes, moreLinks, path, s, t);
            expect(close(path.cost, expected), `cost ${path.cost}, reference ${expected}`).toBe(true);
            found++;
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(200);
    expect(missing).toBeGreaterThan(20);
  });

  it('refuses a bound to another target or by another metric', () => {
    const { index } = randomGraph(7, 50);
    const search = new Search(index);
    const bound = search.boundTo(3, 'distance', null, null, 1000);
    expect(() => search.shortestPath(0, 4, { metric: 'distance', bound })).toThrow(/bound is to node 3/);
    expect(() => search.shortestPath(0, 3, { metric: 'time', bound })).toThrow(/by distance/);
  });
});

/**
 * The network's links as Ends, for the reference. Links the index left out (never open) have no arc; the
 * reference finds that out from the index's arcs, and the masks close what is shut on the network date.
 */
function endsOf(network: Network): Ends[] {
  const { offsets, arcLink } = network.routing;
  const routable = new Uint8Array(network.links.length);
  for (let a = 0; a < (offsets[network.nodes.length] as number); a++) routable[arcLink[a] as number] = 1;
  return network.links.map((l, i) => ({
    from: (network.nodeById.get(l.from) as { index: number }).index,
    to: (network.nodeById.get(l.to) as { index: number }).index,
    oneway: l.oneway === true,
    routable: routable[i] === 1,
  }));
}

describe('on the embedded network', () => {
  const network = loadNetwork(EMBEDDED_DIR);

  it('bounded searches under added country bans cost what the reference finds', () => {
    const random = seededRandom(31);
    const ends = endsOf(network);
    const codes = network.countries.map((c) => c.code);
    const { nodes } = network;
    let found = 0;
    for (let q = 0; q < 60; q++) {
      const s = Math.floor(random() * nodes.length);
      const t = Math.floor(random() * nodes.length);
      if (s === t) continue;
      const metric = METRICS[q % METRICS.length] as Metric;
      const base: Constraints = { countries: ['RU', 'BY'], modes: [], seas: [], nodes: [] };
      const bans = codes.filter(() => random() < 0.1);
      const more: Constraints = { ...base, countries: [...new Set([...base.countries, ...bans])].sort() };
      const bound = withMasks(network, base, (m) =>
        network.engine.search.boundTo(t, metric, m.blockedNodes, m.blockedLinks, 1e9),
      );
      withMasks(network, more, (m) => {
        const blockedNodes = m.blockedNodes ?? new Uint8Array(nodes.length);
        const blockedLinks = m.blockedLinks ?? new Uint8Array(network.links.length);
        const expected = referenceCost(network.routing, ends, metric, blockedNodes, blockedLinks, s, t);
        const path = network.engine.search.shortestPath(s, t, { metric, ...m, bound });
        expect(path === null, `${nodes[s]?.id} to ${nodes[t]?.id} by ${metric}`).toBe(expected === null);
        if (path && expected !== null) {
          checkPath(network.routing, ends, metric, blockedNodes, blockedLinks, path, s, t);
          expect(close(path.cost, expected)).toBe(true);
          found++;
        }
      });
    }
    expect(found).toBeGreaterThan(20);
  });
});

describe('findAlternatives with and without bounds to the stops, with every ban set searched, and searched to the end', () => {
  let dir: string;
  let synthetic: Network;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'target-bound-'));
    writeSyntheticNetwork(dir, 4000);
    synthetic = loadNetwork(dir);
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const compare = (network: Network, queries: number, seed: number) => {
    const random = seededRandom(seed);
    const { nodes } = network;
    const none: Constraints = { countries: [], modes: [], seas: [], nodes: [] };
    let compared = 0;
    for (let q = 0; q < queries; q++) {
      const stops = [0, 1, ...(random() < 0.2 ? [2] : [])].map(() => Math.floor(random() * nodes.length));
      const metric = METRICS[q % METRICS.length] as Metric;
      const best = withMasks(network, none, (m) => pathThroughStops(network, stops, metric, m));
      if (!best) continue;
      const count = 1 + Math.floor(random() * 3);
      const bounded = findAlternatives(network, stops, metric, none, best, count);
      const plain = findAlternatives(network, stops, metric, none, best, count, null, {
        targetBounds: false,
      });
      const searchedEach = findAlternatives(network, stops, metric, none, best, count, null, {
        reuseRoutes: false,
      });
      const toTheEnd = findAlternatives(network, stops, metric, none, best, count, null, {
        stopAtCostLimit: false,
      });
      const what = `${stops.map((s) => nodes[s]?.id).join(' > ')} by ${metric}`;
      expect(bounded, what).toEqual(plain);
      expect(searchedEach, what).toEqual(bounded);
      expect(toTheEnd, what).toEqual(bounded);
      for (const a of bounded) expect(a.cost, what).toBeLessThanOrEqual(MAX_COST_FACTOR * best.cost);
      if (plain.length > 0) compared++;
    }
    return compared;
  };

  it('give the same alternatives on a synthetic network with landmarks', () => {
    expect(synthetic.routing.landmarks).not.toBeNull();
    expect(compare(synthetic, 45, 5)).toBeGreaterThan(20);
  });

  it('give the same alternatives on the embedded network', () => {
    expect(compare(loadNetwork(EMBEDDED_DIR), 45, 6)).toBeGreaterThan(20);
  });
});
