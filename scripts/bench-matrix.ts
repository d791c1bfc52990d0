/**
 * Many-to-many and reachability benchmark, in-process (the domain calls the endpoints make, no HTTP):
 * - a 50 × 50 matrix on the embedded network (every optimize, with and without avoid=RU,BY and include);
 * - a 10 × 10 matrix on a 100k-node synthetic network (scripts/synthetic-network.ts), random places;
 * - reachability from one origin on the same network, for budgets that reach a few per cent of it up to all
 *   (the domain call, then the same with the JSON text /reachability sends).
 * Each figure is the p50 and p99 (and max) of repeated runs after a warm-up. Targets: 50 ms, 300 ms, 30 ms.
 *
 * Run: npm run bench:matrix [-- <synthetic nodes>]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import {
  computeMatrix,
  findReachable,
  loadNetwork,
  type MatrixOptions,
  type Network,
} from '../src/domain/index.js';
import { reachabilitySerializer } from '../src/http/serving/reachability-serializer.js';
import { seededRandom } from './seeded-random.js';
import { writeSyntheticNetwork } from './synthetic-network.js';

const SYNTHETIC_NODES = Number(process.argv[2] ?? 100_000);
const serializeReachability = reachabilitySerializer();
const random = seededRandom(7);

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const ms = (x: number) => x.toFixed(x < 10 ? 2 : 1);

function runs(label: string, count: number, fn: (i: number) => unknown, warmup = 3): void {
  for (let i = 0; i < warmup; i++) fn(i);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t = performance.now();
    fn(i);
    times.push(performance.now() - t);
  }
  process.stdout.write(
    `${label.padEnd(58)} p50 ${ms(quantile(times, 0.5)).padStart(7)} ms   p99 ${ms(quantile(times, 0.99)).padStart(7)} ms   max ${ms(Math.max(...times)).padStart(7)} ms   (${count} runs)\n`,
  );
}

/** `count` distinct node ids, chosen at random. */
function sample(network: Network, count: number): string[] {
  const ids = new Set<string>();
  while (ids.size < Math.min(count, network.nodes.length)) {
    ids.add((network.nodes[Math.floor(random() * network.nodes.length)] as { id: string }).id);
  }
  return [...ids];
}

const embedded = loadNetwork(fileURLToPath(new URL('../graph-data', import.meta.url)));
process.stdout.write(
  `\n== embedded network: ${embedded.nodes.length} nodes, ${embedded.links.length} links; node ${process.version}\n`,
);
const origins = sample(embedded, 50);
const destinations = sample(embedded, 50);
const cases: [string, MatrixOptions][] = [
  ['distance', {}],
  ['time', { optimize: 'time' }],
  ['co2', { optimize: 'co2' }],
  ['distance, avoid RU,BY', { avoid: ['RU', 'BY'] }],
  [
    'time, avoid RU,BY, include countries,seas',
    { optimize: 'time', avoid: ['RU', 'BY'], include: ['countries', 'seas'] },
  ],
];
for (const [label, options] of cases) {
  runs(`matrix 50 x 50, ${label}`, 50, () => computeMatrix(embedded, origins, destinations, options));
}

const dir = mkdtempSync(join(tmpdir(), 'bench-matrix-'));
try {
  const made = writeSyntheticNetwork(dir, SYNTHETIC_NODES);
  const t = performance.now();
  const big = loadNetwork(dir);
  process.stdout.write(
    `\n== synthetic network: ${made.nodes.toLocaleString('en')} nodes, ${made.links.toLocaleString('en')} links, ${made.countries} countries (loaded in ${ms(performance.now() - t)} ms)\n`,
  );
  const sets = Array.from({ length: 20 }, () => [sample(big, 10), sample(big, 10)] as const);
  for (const [label, options] of [
    ['distance', {}],
    ['time', { optimize: 'time' }],
    ['time, include countries,seas', { optimize: 'time', include: ['countries', 'seas'] }],
  ] as [string, MatrixOptions][]) {
    runs(`matrix 10 x 10, ${label}, random places`, 20, (i) => {
      const [o, d] = sets[i % sets.length] as readonly [string[], string[]];
      computeMatrix(big, o, d, options);
    });
  }
  const starts = sample(big, 20);
  for (const [label, budget] of [
    ['maxKm=1000', { maxKm: 1000 }],
    ['maxKm=5000', { maxKm: 5000 }],
    ['maxHours=432', { maxHours: 432 }],
    ['maxKm=40000 (whole network)', { maxKm: 40_000 }],
  ] as const) {
    let reached = 0;
    runs(`reachability ${label}`, 20, (i) => {
      reached += findReachable(big, starts[i % starts.length] as string, budget).reached.count;
    });
    process.stdout.write(
      `${''.padEnd(58)} (mean ${Math.round(reached / 23).toLocaleString('en')} nodes reached)\n`,
    );
    // The same answers as /reachability sends them: the domain call and the JSON text.
    runs(`  ... and its JSON text`, 20, (i) => {
      const reach = findReachable(big, starts[i % starts.length] as string, budget);
      serializeReachability(big, { ...reach, dataVersion: big.dataVersion });
    });
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
