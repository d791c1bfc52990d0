/**
 * Property test of the timed search (timed-path.ts) against graphology-shortest-path. Random graphs of 30-300
 * nodes with random closures on nodes and links: some in force for the whole trip, some over before the
 * departure, some starting long after any arrival. The oracle searches the graph with the closures in force
 * filtered out (an Infinity weight would not exclude anything in graphology-shortest-path); the timed search
 * must find a path exactly when the oracle does, of the same cost, touching no closed element.
 */
import fc from 'fast-check';
import graphology from 'graphology';
import { bidirectional } from 'graphology-shortest-path/dijkstra.js';
import { describe, expect, it } from 'vitest';
import { seededRandom } from '../../scripts/seeded-random.js';
import type { DisruptionRules, TimedRule } from '../../src/domain/routing/disruption-rules.js';
import {
  type CompileInputLink,
  compileRoutingIndex,
  METRICS,
  type Metric,
} from '../../src/domain/routing/routing-index.js';
import { Search } from '../../src/domain/routing/search.js';

type Oracle = graphology.MultiGraph<{ dwell: number }, { weight: number }>;

const close = (a: number, b: number) => Math.abs(a - b) <= 1e-9 * Math.max(1, Math.abs(a), Math.abs(b));

/** A window that is in force for the whole trip, over before it, or not yet begun by its end. */
function windowOf(random: () => number): { from: number; until: number; inForce: boolean } {
  const r = random();
  if (r < 0.5) return { from: -random() * 100, until: Number.POSITIVE_INFINITY, inForce: true };
  if (r < 0.75) return { from: -200, until: -random() * 100, inForce: false };
  return { from: 1e9 + random() * 100, until: Number.POSITIVE_INFINITY, inForce: false };
}

function randomCase(seed: number, n: number) {
  const random = seededRandom(seed);
  const nodes = Array.from({ length: n }, () => ({
    country: 'KZ',
    dwell: random() < 0.3 ? Math.floor(random() * 24) : 0,
  }));
  const links: CompileInputLink[] = [];
  const add = (a: number, b: number) =>
    links.push({
      fromIndex: a,
      toIndex: b,
      mode: 'rail',
      countryPath: ['KZ'],
      oneway: random() < 0.1,
      routable: true,
      distanceKm: 1 + Math.floor(random() * 50),
      hours: 0.5 + random() * 30,
      co2eKgPerTonne: 1 + random() * 10,
    });
  for (let i = 1; i < n; i++) add(Math.max(0, i - 1 - Math.floor(random() * 4)), i);
  for (let k = 0; k < n; k++) {
    const a = Math.floor(random() * n);
    const b = Math.floor(random() * n);
    if (a !== b) add(a, b);
  }
  const index = compileRoutingIndex(nodes, links, { landmarks: 0 });
  const nodeRules = new Map<number, TimedRule[]>();
  const linkRules = new Map<number, TimedRule[]>();
  const closedNode = new Uint8Array(n);
  const closedLink = new Uint8Array(links.length);
  let count = 0;
  const closure = (map: Map<number, TimedRule[]>, key: number, mark: Uint8Array) => {
    const w = windowOf(random);
    map.set(key, [...(map.get(key) ?? []), { disruption: count++, closed: true, extraHours: 0, ...w }]);
    if (w.inForce) mark[key] = 1;
  };
  for (let i = 0; i < n; i++) if (random() < 0.08) closure(nodeRules, i, closedNode);
  for (let l = 0; l < links.length; l++) if (random() < 0.08) closure(linkRules, l, closedLink);
  const rules: DisruptionRules = {
    departAt: new Date(0),
    disruptions: [],
    nodeRules,
    linkRules,
  };
  const metric = METRICS[Math.floor(random() * METRICS.length)] as Metric;
  return { index, search: new Search(index), nodes, links, rules, closedNode, closedLink, metric };
}

/** The oracle graph: only elements not closed; dwell charged half on each link end, as in the static test. */
function oracleOf(c: ReturnType<typeof randomCase>): Oracle {
  const g: Oracle = new graphology.MultiGraph({ type: 'mixed', allowSelfLoops: false });
  const dwell = (i: number) => (c.metric === 'time' ? (c.nodes[i]?.dwell ?? 0) : 0);
  c.nodes.forEach((_, i) => {
    if (!c.closedNode[i]) g.addNode(String(i), { dwell: dwell(i) });
  });
  c.links.forEach((link, l) => {
    const { fromIndex: a, toIndex: b } = link;
    if (c.closedLink[l] || c.closedNode[a] || c.closedNode[b]) return;
    const weight = (c.index.linkWeight[c.metric][l] ?? 0) + (dwell(a) + dwell(b)) / 2;
    if (link.oneway) g.addDirectedEdge(String(a), String(b), { weight });
    else g.addUndirectedEdge(String(a), String(b), { weight });
  });
  return g;
}

function oracleCost(g: Oracle, s: number, t: number): number | null {
  if (!g.hasNode(String(s)) || !g.hasNode(String(t))) return null;
  if (s === t) return 0;
  const path = bidirectional(g, String(s), String(t), (_e, a) => a.weight);
  if (!path) return null;
  let cost = 0;
  for (let i = 0; i + 1 < path.length; i++) {
    let best = Number.POSITIVE_INFINITY;
    for (const e of g.outboundEdges(path[i] as string, path[i + 1] as string))
      best = Math.min(best, g.getEdgeAttribute(e, 'weight'));
    cost += best;
  }
  return cost - (g.getNodeAttribute(String(s), 'dwell') + g.getNodeAttribute(String(t), 'dwell')) / 2;
}

describe('timedShortestPath against graphology-shortest-path with the closed elements filtered out', () => {
  it('finds a path exactly when the oracle does, of the oracle cost, meeting no closure in force', () => {
    let found = 0;
    let missing = 0;
    fc.assert(
      fc.property(
        fc.integer(),
        fc.integer({ min: 30, max: 300 }),
        fc.array(fc.tuple(fc.nat(), fc.nat()), { minLength: 3, maxLength: 3 }),
        (seed, n, queries) => {
          const c = randomCase(seed, n);
          const oracle = oracleOf(c);
          for (const [qs, qt] of queries) {
            const s = qs % n;
            const t = qt % n;
            const expected = oracleCost(oracle, s, t);
            const path = c.search.timedShortestPath(s, t, { metric: c.metric, rules: c.rules });
            if (expected === null) {
              expect(path).toBeNull();
              missing++;
              continue;
            }
            expect(path).not.toBeNull();
            if (!path) continue;
            found++;
            expect(close(path.cost, expected), `cost ${path.cost}, oracle ${expected}`).toBe(true);
            for (const v of path.nodes) expect(c.closedNode[v]).toBe(0);
            for (const l of path.links) expect(c.closedLink[l]).toBe(0);
          }
        },
      ),
      { numRuns: 300 },
    );
    expect(found).toBeGreaterThan(200);
    expect(missing).toBeGreaterThan(50);
  });
});
