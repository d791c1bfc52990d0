/**
 * Property tests of the routing engine against graphology-shortest-path as the oracle. Random graphs of 50-500
 * nodes (parallel links, one-way links, countries as regions, fractional and tied weights); exclusions are
 * applied to the oracle by building the subgraph without the excluded nodes and links (an Infinity weight
 * would not exclude anything in graphology-shortest-path). Every path found must cost what the oracle's
 * costs, must be legal (no excluded node or link, each link usable in the direction travelled), and a path
 * must exist exactly when the oracle finds one.
 */
import fc from 'fast-check';
import graphology from 'graphology';
import { bidirectional } from 'graphology-shortest-path/dijkstra.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import { createNetwork, type Network } from '../../src/domain/index.js';
import { buildMasks, withMasks } from '../../src/domain/routing/route-constraints.js';
import {
  compileRoutingIndex,
  METRICS,
  type Metric,
  type RoutingIndex,
} from '../../src/domain/routing/routing-index.js';
import { Search } from '../../src/domain/routing/search.js';
import { PARAMETERS, SEAS } from '../helpers/inline-network.js';

type Oracle = graphology.MultiGraph<{ dwell: number }, { link: number; weight: number }>;

/** Graphs are built from a seed that fast-check draws (and reports on failure). */
const seeded = seededRandom;

const COUNTRIES = ['CN', 'KZ', 'RU', 'BY', 'GE', 'AZ', 'TR', 'IR', 'PL', 'DE'];

/**
 * The oracle's cost from s to t, or null. Dwell at every node left except the source is made symmetric by
 * charging half of each endpoint's dwell on every link; the path then pays (dwell[s] + dwell[t]) / 2 too much.
 */
function oracleCost(graph: Oracle, s: string, t: string): number | null {
  const path = bidirectional(graph, s, t, (_e, a) => a.weight);
  if (!path) return null;
  let cost = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (const e of graph.outboundEdges(path[i] as string, path[i + 1] as string)) {
      best = Math.min(best, graph.getEdgeAttribute(e, 'weight'));
    }
    cost += best;
  }
  return cost - (graph.getNodeAttribute(s, 'dwell') + graph.getNodeAttribute(t, 'dwell')) / 2;
}

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

interface Case {
  index: RoutingIndex;
  /** The search asked: one per case, so that its reused buffers serve several queries. */
  search: Search;
  /** Per link: from, to, oneway, in service. */
  ends: { from: number; to: number; oneway: boolean; routable: boolean }[];
  blockedNodes: Uint8Array;
  blockedLinks: Uint8Array;
  metric: Metric;
}

/** Builds the oracle subgraph of a case: only nodes and links that are allowed and in service. */
function oracleOf({ index, ends, blockedNodes, blockedLinks, metric }: Case): Oracle {
  const dwell = metric === 'time' ? index.nodeDwell : new Float64Array(index.nodeCount);
  const graph: Oracle = new graphology.MultiGraph({ type: 'mixed', allowSelfLoops: false });
  for (let i = 0; i < index.nodeCount; i++) {
    if (!blockedNodes[i]) graph.addNode(String(i), { dwell: dwell[i] ?? 0 });
  }
  ends.forEach((e, l) => {
    if (!e.routable || blockedLinks[l] || blockedNodes[e.from] || blockedNodes[e.to]) return;
    const attributes = {
      link: l,
      weight: (index.linkWeight[metric][l] ?? 0) + ((dwell[e.from] ?? 0) + (dwell[e.to] ?? 0)) / 2,
    };
    if (e.oneway) graph.addDirectedEdge(String(e.from), String(e.to), attributes);
    else graph.addUndirectedEdge(String(e.from), String(e.to), attributes);
  });
  return graph;
}

/** Checks one query of a case against the oracle; returns whether a path existed. */
function checkQuery(c: Case, oracle: Oracle, source: number, target: number): boolean {
  const { index, search, ends, blockedNodes, blockedLinks, metric } = c;
  const path = search.shortestPath(source, target, { metric, blockedNodes, blockedLinks });
  const expected =
    blockedNodes[source] || blockedNodes[target]
      ? null
      : source === target
        ? 0
        : oracleCost(oracle, String(source), String(target));
  expect(search.reachable(source, target, blockedNodes, blockedLinks)).toBe(expected !== null);
  if (expected === null) {
    expect(path).toBeNull();
    return false;
  }
  expect(path).not.toBeNull();
  if (!path) return false;
  // Legal: starts and ends where asked, never touches an excluded node or link, each link joins its nodes in
  // a direction it may be used, and the reported cost is the sum of what the links and dwell cost.
  expect(path.nodes[0]).toBe(source);
  expect(path.nodes[path.nodes.length - 1]).toBe(target);
  expect(path.links.length).toBe(path.nodes.length - 1);
  let cost = 0;
  path.links.forEach((l, i) => {
    const a = path.nodes[i] as number;
    const b = path.nodes[i + 1] as number;
    const e = ends[l];
    expect(e).toBeDefined();
    if (!e) return;
    expect(blockedLinks[l]).toBe(0);
    expect(blockedNodes[b]).toBe(0);
    expect(e.routable).toBe(true);
    const forward = e.from === a && e.to === b;
    const backward = !e.oneway && e.from === b && e.to === a;
    expect(forward || backward).toBe(true);
    cost += (index.linkWeight[metric][l] ?? 0) + (metric === 'time' && i > 0 ? (index.nodeDwell[a] ?? 0) : 0);
  });
  expect(close(path.cost, cost)).toBe(true);
  expect(close(path.cost, expected), `cost ${path.cost}, oracle ${expected}`).toBe(true);
  return true;
}

/** A random network shape: clustered regions (countries), a spanning chain plus random links, parallels. */
function randomCase(seed: number, nodeCount: number): Case {
  const random = seeded(seed);
  const countryCount = 2 + Math.floor(random() * 8);
  const integral = random() < 0.5; // integral weights make many ties
  const nodes = Array.from({ length: nodeCount }, (_, i) => ({
    country: COUNTRIES[Math.floor((i / nodeCount) * countryCount)] as string,
    dwell: random() < 0.3 ? Math.floor(random() * 48) : 0,
  }));
  const ends: Case['ends'] = [];
  const links: Parameters<typeof compileRoutingIndex>[1][number][] = [];
  const add = (from: number, to: number) => {
    const oneway = random() < 0.1;
    const routable = random() < 0.95;
    const w = () => (integral ? 1 + Math.floor(random() * 20) : 0.5 + random() * 100);
    const transit = random() < 0.1 ? [COUNTRIES[Math.floor(random() * countryCount)] as string] : [];
    const fromCountry = nodes[from]?.country as string;
    const toCountry = nodes[to]?.country as string;
    const countryPath = [fromCountry, ...transit, toCountry].filter(
      (c, k, all) => k === 0 || all[k - 1] !== c,
    );
    const mode = (['rail', 'rail', 'ferry', 'road'] as const)[Math.floor(random() * 4)] ?? 'rail';
    links.push({
      fromIndex: from,
      toIndex: to,
      mode,
      ...(mode === 'ferry' ? { sea: random() < 0.5 ? 'caspian' : 'black-sea' } : {}),
      countryPath,
      oneway,
      routable,
      distanceKm: w(),
      hours: w(),
      co2eKgPerTonne: w(),
    });
    ends.push({ from, to, oneway, routable });
  };
  for (let i = 1; i < nodeCount; i++) {
    // Mostly local links (rail lines), a few long ones (ferries, trunk lines).
    const j = random() < 0.9 ? Math.max(0, i - 1 - Math.floor(random() * 5)) : Math.floor(random() * i);
    add(j, i);
  }
  const extra = Math.floor(nodeCount * (0.3 + random()));
  for (let k = 0; k < extra; k++) {
    const a = Math.floor(random() * nodeCount);
    const b =
      random() < 0.8
        ? Math.min(nodeCount - 1, a + 1 + Math.floor(random() * 10))
        : Math.floor(random() * nodeCount);
    if (a === b) continue;
    add(a, b);
    if (random() < 0.2) {
      if (random() < 0.5) add(a, b);
      else add(b, a);
    } // a parallel link
  }
  // Most graphs get landmarks (goal-directed search), some not (plain Dijkstra).
  const index = compileRoutingIndex(nodes, links, {
    landmarks: random() < 0.75 ? 1 + Math.floor(random() * 6) : 0,
  });

  const avoidedCountries = new Set<number>();
  for (let c = 0; c < index.countryCodes.length; c++) if (random() < 0.25) avoidedCountries.add(c);
  const blockedNodes = new Uint8Array(nodeCount);
  for (let i = 0; i < nodeCount; i++) {
    if (avoidedCountries.has(index.nodeCountry[i] ?? 0) || random() < 0.02) blockedNodes[i] = 1;
  }
  const avoidFerries = random() < 0.2;
  const blockedLinks = new Uint8Array(links.length);
  links.forEach((link, l) => {
    const byCountry = link.countryPath.some((c) => avoidedCountries.has(index.countryCodes.indexOf(c)));
    if (byCountry || (avoidFerries && link.mode === 'ferry') || random() < 0.03) blockedLinks[l] = 1;
  });
  const metric = METRICS[Math.floor(random() * METRICS.length)] as Metric;
  return { index, search: new Search(index), ends, blockedNodes, blockedLinks, metric };
}

describe('shortestPath against graphology-shortest-path', () => {
  it('finds paths of the oracle cost that never use an excluded node or link (random graphs, 50-500 nodes)', () => {
    let found = 0;
    let missing = 0;
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 50, max: 500 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 3, maxLength: 3 }),
        (seed, nodeCount, queries) => {
          const c = randomCase(seed, nodeCount);
          const oracle = oracleOf(c);
          for (const [s, t] of queries) {
            if (checkQuery(c, oracle, s % nodeCount, t % nodeCount)) found++;
            else missing++;
          }
        },
      ),
      { numRuns: 700 },
    );
    // Both outcomes must occur often, or the property would be checking little.
    expect(found).toBeGreaterThan(300);
    expect(missing).toBeGreaterThan(100);
  });
});

/** A random network as records, through createNetwork (the loading path), with the oracle on its graph. */
function randomNetwork(seed: number, nodeCount: number): Network {
  const random = seeded(seed);
  const countryCount = 3 + Math.floor(random() * 6);
  const nodes = Array.from({ length: nodeCount }, (_, i) => {
    const c = Math.floor((i / nodeCount) * countryCount);
    const country = COUNTRIES[c] as string;
    return {
      id: `${country}_N${i}`,
      name: `Node ${i}`,
      country,
      lat: 40 + random() * 5,
      lon: 30 + c * 5 + random() * 5,
      kinds: random() < 0.1 ? ['rail', 'border'] : random() < 0.1 ? ['port'] : ['rail'],
      source: 'test',
    };
  });
  const gc = (a: (typeof nodes)[number], b: (typeof nodes)[number]) => {
    const rad = Math.PI / 180;
    const h =
      Math.sin(((b.lat - a.lat) * rad) / 2) ** 2 +
      Math.cos(a.lat * rad) * Math.cos(b.lat * rad) * Math.sin(((b.lon - a.lon) * rad) / 2) ** 2;
    return 2 * 6371.0088 * Math.asin(Math.sqrt(h));
  };
  const links: Record<string, unknown>[] = [];
  const pairs = new Set<string>();
  const add = (i: number, j: number, mode: 'rail' | 'road' | 'ferry') => {
    const a = nodes[i];
    const b = nodes[j];
    const key = `${Math.min(i, j)}|${Math.max(i, j)}|${mode}`;
    if (!a || !b || i === j || pairs.has(key)) return;
    pairs.add(key);
    const distanceKm = Math.ceil(gc(a, b) * (1.05 + random() * 0.5)) + 1;
    const status = random() < 0.05 ? 'suspended' : 'in-service';
    if (mode === 'rail')
      links.push({ from: a.id, to: b.id, mode, distanceKm, gauge: 1435, status, source: 'test' });
    else if (mode === 'road') links.push({ from: a.id, to: b.id, mode, distanceKm, status, source: 'test' });
    else {
      links.push({
        from: a.id,
        to: b.id,
        mode,
        distanceKm,
        sea: random() < 0.5 ? 'caspian' : 'black-sea',
        sailingHours: 5 + Math.floor(random() * 30),
        sailingsPerWeek: 1 + Math.floor(random() * 7),
        status,
        ...(random() < 0.2 ? { oneway: true } : {}),
        source: 'test',
      });
    }
  };
  for (let i = 1; i < nodeCount; i++) add(Math.max(0, i - 1 - Math.floor(random() * 4)), i, 'rail');
  for (let k = 0; k < nodeCount / 2; k++) {
    const a = Math.floor(random() * nodeCount);
    const b = Math.min(nodeCount - 1, a + 1 + Math.floor(random() * 8));
    add(a, b, 'rail');
    if (random() < 0.4) add(a, b, 'road'); // parallel to the rail link
    if (random() < 0.1) add(a, Math.floor(random() * nodeCount), 'ferry');
  }
  return createNetwork({
    seas: [{ file: 'seas.json', records: SEAS }],
    nodes: [{ file: 'nodes.json', records: nodes }],
    links: [{ file: 'links.json', records: links }],
    parameters: { file: 'parameters.json', records: PARAMETERS },
  });
}

describe('buildMasks and shortestPath on networks built by createNetwork', () => {
  it('match the oracle on the graphology model with the avoided countries, modes, seas and nodes removed', () => {
    let found = 0;
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 50, max: 100 }),
        fc.subarray(COUNTRIES),
        fc.subarray(['rail', 'road', 'ferry'] as const, { maxLength: 1 }),
        fc.subarray(['caspian', 'black-sea']),
        fc.constantFrom(...METRICS),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 3, maxLength: 3 }),
        (seed, nodeCount, countries, modes, seas, metric, queries) => {
          const network = randomNetwork(seed, nodeCount);
          const avoidNodes = network.nodes.filter((n) => n.index % 37 === seed % 37).map((n) => n.id);
          const constraints = {
            countries: [...countries].sort(),
            modes: [...modes],
            seas,
            nodes: avoidNodes,
          };
          const { blockedNodes, blockedLinks } = buildMasks(network, constraints);
          // The oracle works on the graphology model itself, filtered by the constraints' meaning.
          const graph = network.graph.copy();
          for (const node of network.nodes) {
            if (countries.includes(node.country) || avoidNodes.includes(node.id)) graph.dropNode(node.id);
          }
          const dwell = (id: string) => (metric === 'time' ? (network.nodeById.get(id)?.dwell ?? 0) : 0);
          const oracle: Oracle = new graphology.MultiGraph({ type: 'mixed', allowSelfLoops: false });
          graph.forEachNode((id) => oracle.addNode(id, { dwell: dwell(id) }));
          graph.forEachEdge((_key, link) => {
            const excluded =
              link.status !== 'in-service' ||
              link.countryPath.some((c) => countries.includes(c)) ||
              (modes as string[]).includes(link.mode) ||
              (link.sea !== undefined && seas.includes(link.sea));
            if (excluded) return;
            const base =
              metric === 'distance'
                ? link.distanceKm
                : metric === 'time'
                  ? link.movingHours + link.waitHours
                  : link.co2eKgPerTonne;
            const attributes = { link: link.index, weight: base + (dwell(link.from) + dwell(link.to)) / 2 };
            if (link.oneway) oracle.addDirectedEdge(link.from, link.to, attributes);
            else oracle.addUndirectedEdge(link.from, link.to, attributes);
          });
          const c: Case = {
            index: network.routing,
            search: network.engine.search,
            ends: network.links.map((l) => ({
              from: network.nodeById.get(l.from)?.index ?? -1,
              to: network.nodeById.get(l.to)?.index ?? -1,
              oneway: l.oneway,
              routable: l.status === 'in-service',
            })),
            blockedNodes,
            blockedLinks,
            metric,
          };
          // Relabel the oracle by node index, as checkQuery asks it by index.
          const byIndex: Oracle = new graphology.MultiGraph({ type: 'mixed', allowSelfLoops: false });
          oracle.forEachNode((id, a) => byIndex.addNode(String(network.nodeById.get(id)?.index), a));
          oracle.forEachEdge((_e, a, s, t, _sa, _ta, undirected) => {
            const si = String(network.nodeById.get(s)?.index);
            const ti = String(network.nodeById.get(t)?.index);
            if (undirected) byIndex.addUndirectedEdge(si, ti, a);
            else byIndex.addDirectedEdge(si, ti, a);
          });
          for (const [s, t] of queries) {
            if (checkQuery(c, byIndex, s % nodeCount, t % nodeCount)) found++;
          }
          // The reused buffers of withMasks hold the same masks during the call, and nothing after it; the
          // link mask is null exactly when no link is excluded beyond those with a blocked endpoint.
          const none = new Uint8Array(blockedLinks.length);
          withMasks(network, constraints, (masks) => {
            expect(masks.blockedNodes).toEqual(blockedNodes);
            expect(masks.blockedLinks ?? none).toEqual(blockedLinks);
            expect(masks.blockedLinks === null).toBe(blockedLinks.every((x) => x === 0));
          });
          const roads = { countries: [], modes: ['road' as const], seas: [], nodes: [] };
          withMasks(network, roads, (masks) => {
            expect(masks.blockedNodes.every((x) => x === 0)).toBe(true);
            expect(masks.blockedLinks ?? none).toEqual(buildMasks(network, roads).blockedLinks);
          });
          withMasks(network, { countries: [], modes: [], seas: [], nodes: [] }, (masks) => {
            expect(masks.blockedNodes.every((x) => x === 0)).toBe(true);
            expect(masks.blockedLinks).toBeNull();
          });
        },
      ),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(100);
  });
});
