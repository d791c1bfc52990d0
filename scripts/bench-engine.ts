/**
 * Routing engine benchmark on synthetic networks (scripts/synthetic-network.ts) of 1k, 10k, 100k and 1M nodes:
 * generation, load+build time through loadNetwork (validated, as GRAPH_DATA_DIR would load it), memory of the
 * routing index per link, and query p50/p99 without exclusions, avoiding countries and avoiding ferries (the
 * request's masks built per query); the cost of the filter itself, from the same queries run with and
 * without a country far from the route, interleaved and repeated; and graphology-shortest-path's
 * bidirectional Dijkstra on the same graph and queries (skipped above 100k nodes, where it would take
 * minutes). Loading leaves the graphology model to first use; its build time and memory are reported apart.
 *
 * Run: npm run bench:engine [-- 1000 10000 100000 1000000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { bidirectional } from 'graphology-shortest-path/dijkstra.js';
import { buildPlaceIndex, loadNetwork, type Network } from '../src/domain/index.js';
import { type Constraints, withMasks } from '../src/domain/routing/route-constraints.js';
import { seededRandom } from './seeded-random.js';
import { writeSyntheticNetwork } from './synthetic-network.js';

const sizes = process.argv
  .slice(2)
  .map(Number)
  .filter((n) => n > 0);
const SIZES = sizes.length ? sizes : [1_000, 10_000, 100_000, 1_000_000];
const GRAPHOLOGY_MAX_NODES = 100_000;
/** Runs of each query with and without the off-route country, for the filter's cost. */
const FILTER_REPS = 5;

const random = seededRandom(99);

// A full collection before each heap reading, so that the figures are live memory, not garbage.
setFlagsFromString('--expose-gc');
const collect = runInNewContext('gc') as () => void;

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (x: number) => (x < 10 ? x.toFixed(2) : x.toFixed(0));

/** Bytes held by the typed arrays of the routing index (recursively). */
function indexBytes(value: unknown, seen = new Set<unknown>()): number {
  if (value === null || typeof value !== 'object' || seen.has(value)) return 0;
  seen.add(value);
  if (ArrayBuffer.isView(value)) return value.byteLength;
  let total = 0;
  for (const v of Object.values(value)) total += indexBytes(v, seen);
  return total;
}

function time<T>(fn: () => T): [T, number] {
  const t = performance.now();
  const out = fn();
  return [out, performance.now() - t];
}

function benchSize(target: number): void {
  const dir = mkdtempSync(join(tmpdir(), `synthetic-${target}-`));
  try {
    const [made, genMs] = time(() => writeSyntheticNetwork(dir, target));
    collect();
    const heapBefore = process.memoryUsage().heapUsed;
    const [network, loadMs] = time(() => loadNetwork(dir));
    collect();
    const heapLoaded = process.memoryUsage().heapUsed;
    const index = network.routing;
    const bytes = indexBytes(index);
    const arcs = index.offsets[index.nodeCount] ?? 0;
    // The place index's share of loading, measured by building it once more on its own.
    const [, placesMs] = time(() => buildPlaceIndex(network.nodes));
    collect();
    const heapBeforeGraph = process.memoryUsage().heapUsed;
    const [, graphMs] = time(() => network.graph);
    const mib = (bytes: number) => Math.round(bytes / 2 ** 20);
    process.stdout.write(
      `\n== ${made.nodes.toLocaleString('en')} nodes, ${made.links.toLocaleString('en')} links, ${made.countries} countries (generated in ${ms(genMs)} ms)\n` +
        `load+build (read, validate, routing and place indices): ${ms(loadMs)} ms; heap +${mib(heapLoaded - heapBefore)} MiB\n` +
        `  of which the place index (built again alone): ${ms(placesMs)} ms\n` +
        `  graphology model, built on first use: ${ms(graphMs)} ms; heap +${mib(process.memoryUsage().heapUsed - heapBeforeGraph)} MiB\n` +
        `routing index: ${(bytes / 2 ** 20).toFixed(1)} MiB = ${(bytes / index.linkCount).toFixed(1)} bytes per link (${(bytes / arcs).toFixed(1)} per arc)\n`,
    );
    const queryCount = target >= 1_000_000 ? 100 : 300;
    runQueries(
      network,
      queryCount,
      target <= GRAPHOLOGY_MAX_NODES ? Math.min(queryCount, target >= 100_000 ? 30 : 100) : 0,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function runQueries(network: Network, count: number, graphologyCount: number): void {
  const { nodes } = network;
  const countries = [...new Set(nodes.map((n) => n.country))];
  const queries = Array.from({ length: count }, () => {
    const s = nodes[Math.floor(random() * nodes.length)] as (typeof nodes)[number];
    let t = s;
    while (t.country === s.country) t = nodes[Math.floor(random() * nodes.length)] as (typeof nodes)[number];
    const others = countries.filter((c) => c !== s.country && c !== t.country);
    const avoid = [0, 1].map(() => others[Math.floor(random() * others.length)] as string);
    return { s, t, avoid: [...new Set(avoid)].sort() };
  });
  const unconstrained: Constraints = { countries: [], modes: [], seas: [], nodes: [] };
  const searchAvoiding = (q: (typeof queries)[number], constraints: Constraints) =>
    withMasks(network, constraints, (masks) =>
      network.engine.search.shortestPath(q.s.index, q.t.index, { metric: 'distance', ...masks }),
    );
  const search = (q: (typeof queries)[number], avoid: string[]) =>
    avoid.length === 0
      ? network.engine.search.shortestPath(q.s.index, q.t.index, { metric: 'distance' })
      : searchAvoiding(q, { ...unconstrained, countries: avoid });
  const plain: number[] = [];
  const avoiding: number[] = [];
  const avoidingFerries: number[] = [];
  let found = 0;
  // Warm-up, then each query without exclusions, with its avoided countries, and without ferries.
  for (const q of queries.slice(0, 20)) search(q, []);
  const paths = queries.map((q) => {
    const [p, t0] = time(() => search(q, []));
    plain.push(t0);
    if (p) found++;
    avoiding.push(time(() => search(q, q.avoid))[1]);
    avoidingFerries.push(time(() => searchAvoiding(q, { ...unconstrained, modes: ['ferry'] }))[1]);
    return p;
  });

  // The filter's own cost: each query without exclusions and avoiding a country its route never comes near
  // (the same search plus masks and checks), run FILTER_REPS times each, interleaved query by query in
  // alternating order, so that machine noise hits both alike; per query the ratio of the two medians.
  const ratios: number[] = [];
  const none: number[] = [];
  const far: number[] = [];
  const masksOnly: number[] = [];
  queries.forEach((q, i) => {
    const farCountry = pickFar(network, paths[i]?.nodes ?? [], countries, q.s.country, q.t.country);
    const avoid = farCountry ? [farCountry] : [];
    const a: number[] = [];
    const b: number[] = [];
    for (let r = 0; r < FILTER_REPS; r++) {
      if (r % 2 === 0) {
        a.push(time(() => search(q, []))[1]);
        b.push(time(() => search(q, avoid))[1]);
      } else {
        b.push(time(() => search(q, avoid))[1]);
        a.push(time(() => search(q, []))[1]);
      }
    }
    none.push(quantile(a, 0.5));
    far.push(quantile(b, 0.5));
    ratios.push(quantile(b, 0.5) / quantile(a, 0.5));
    masksOnly.push(time(() => withMasks(network, { ...unconstrained, countries: avoid }, () => 0))[1]);
  });
  const pct = (x: number) => `${x >= 1 ? '+' : ''}${(100 * (x - 1)).toFixed(1)}%`;
  const line = (label: string, xs: number[]) =>
    `${label.padEnd(34)} p50 ${ms(quantile(xs, 0.5)).padStart(6)} ms  p99 ${ms(quantile(xs, 0.99)).padStart(6)} ms\n`;
  process.stdout.write(
    `${count} queries (${found} with a route), distance metric:\n` +
      line('  no exclusions', plain) +
      line('  avoiding 1-2 countries', avoiding) +
      line('  avoiding ferries (avoidModes)', avoidingFerries) +
      `  avoid filter cost, off-route country vs none (${FILTER_REPS} interleaved runs per query, medians):\n` +
      line('    no exclusions', none) +
      line('    avoiding an off-route country', far) +
      `    per-query ratio: median ${pct(quantile(ratios, 0.5))} (quartiles ${pct(quantile(ratios, 0.25))} .. ${pct(quantile(ratios, 0.75))}); ratio of p50s ${pct(quantile(far, 0.5) / quantile(none, 0.5))}; masks set and cleared alone p50 ${quantile(masksOnly, 0.5).toFixed(3)} ms\n`,
  );
  if (graphologyCount === 0) {
    process.stdout.write('  graphology-shortest-path: skipped at this size (minutes of queries)\n');
    return;
  }
  const graph = network.graph;
  const g: number[] = [];
  for (const q of queries.slice(0, graphologyCount)) {
    const [, t] = time(() => bidirectional(graph, q.s.id, q.t.id, 'distanceKm'));
    g.push(t);
  }
  const gp50 = quantile(g, 0.5);
  process.stdout.write(
    line(`  graphology bidirectional (${graphologyCount} q)`, g) +
      `  speed-up at p50: ${(gp50 / quantile(plain, 0.5)).toFixed(0)}x (no exclusions), ${(gp50 / quantile(avoiding, 0.5)).toFixed(0)}x (avoiding countries)\n`,
  );
}

/** A country with no node near the path (farthest from its midpoint), other than the endpoints'. */
function pickFar(
  network: Network,
  path: number[],
  countries: string[],
  a: string,
  b: string,
): string | undefined {
  const on = new Set(path.map((i) => network.nodes[i]?.country));
  const mid = network.nodes[path[Math.floor(path.length / 2)] ?? 0];
  let best: string | undefined;
  let bestD = -1;
  for (const c of countries) {
    if (c === a || c === b || on.has(c)) continue;
    const n =
      network.nodes[
        network.routing.countryNodes[
          network.routing.countryNodeOffsets[network.routing.countryCodes.indexOf(c)] ?? 0
        ] ?? 0
      ];
    const d = n && mid ? (n.lat - mid.lat) ** 2 + (n.lon - mid.lon) ** 2 : 0;
    if (d > bestD) {
      bestD = d;
      best = c;
    }
  }
  return best;
}

process.stdout.write(
  `node ${process.version}, ${(await import('node:os')).cpus()[0]?.model ?? 'unknown CPU'}, ${(await import('node:os')).availableParallelism()} cores\n`,
);
for (const size of SIZES) benchSize(size);
