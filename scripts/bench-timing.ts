/**
 * Dated planning benchmark on the embedded network, in-process: GET /routes with departAt (and arriveBy) as
 * the in-process planner answers it (search, candidates, simulation, serialization; no answer cache), each query on a new
 * date so no earlier answer is reused; and GET /departures over 31 days through app.inject (validation,
 * planning, serialization), for the default metric and for optimize=time (four candidate corridors per day).
 * Then the same dated /routes on the synthetic network of 100k nodes (scripts/synthetic-network.ts; no
 * timing files, so ferries sail at their links' headways and dwell is each node's fixed figure), between
 * random stations of different countries.
 * Targets (issue 15): /routes with departAt p50 <= 20 ms (embedded) and <= 100 ms (100k nodes), /departures
 * over 31 days <= 300 ms.
 *
 * Run: npm run bench:timing [-- iterations [synthetic nodes, 0 to skip]]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { loadNetwork } from '../src/domain/index.js';
import { inProcessPlanner } from '../src/http/serving/route-planner.js';
import { seededRandom } from './seeded-random.js';
import { writeSyntheticNetwork } from './synthetic-network.js';

const ITERATIONS = Number(process.argv[2] ?? 200);
const SYNTHETIC_NODES = Number(process.argv[3] ?? 100_000);
process.stdout.write(
  `load average ${(await import('node:os'))
    .loadavg()
    .map((l) => l.toFixed(1))
    .join(' ')}\n`,
);
const network = loadNetwork('graph-data');
const planRoute = inProcessPlanner(network);
/** No disruptions, today's network: the context a request on the static network plans under. */
const STATIC_CONTEXT = { disruptions: [], today: new Date().toISOString().slice(0, 10) };
const DAY = 86_400_000;
const START = Date.parse('2026-01-01T00:00:00Z');

const quantile = (xs: number[], q: number) => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
};
const report = (name: string, xs: number[]) =>
  process.stdout.write(
    `${name.padEnd(72)} p50 ${quantile(xs, 0.5).toFixed(1).padStart(6)} ms  p90 ${quantile(xs, 0.9).toFixed(1).padStart(6)} ms  (n=${xs.length})\n`,
  );

const date = (i: number) => new Date(START + (i % 730) * DAY).toISOString().slice(0, 10);

const routeCases = [
  // The same searches without a date, for the share of the search in the dated figures below.
  { name: '/routes Xi’an→Duisburg avoid RU,BY (no date)', query: { avoid: ['RU', 'BY'] }, undated: true },
  {
    name: '/routes Xi’an→Duisburg avoid RU,BY optimize=time alternatives=3 (no date)',
    query: { avoid: ['RU', 'BY'], optimize: 'time' as const, alternatives: 3 },
    undated: true,
  },
  { name: '/routes Xi’an→Duisburg avoid RU,BY departAt', query: { avoid: ['RU', 'BY'] } },
  {
    name: '/routes Xi’an→Duisburg avoid RU,BY optimize=time departAt arriveBy',
    query: { avoid: ['RU', 'BY'], optimize: 'time' as const, arriveBy: '2028-01-01' },
  },
  {
    name: '/routes Xi’an→Duisburg avoid RU,BY via Aktau alternatives=2 departAt',
    query: { avoid: ['RU', 'BY'], via: ['KZ_AKTAU'], alternatives: 2 },
  },
];
for (const c of routeCases) {
  const times: number[] = [];
  for (let i = 0; i < ITERATIONS + 20; i++) {
    const t = performance.now();
    // Undated queries vary their cargo instead, so that no remembered baseline hides the search.
    const dated = 'undated' in c ? { cargoTonnes: 1 + i } : { departAt: date(i) };
    planRoute({ origin: 'CN_XIAN', destination: 'DE_DUISBURG', ...c.query, ...dated }, STATIC_CONTEXT);
    if (i >= 20) times.push(performance.now() - t);
  }
  report(c.name, times);
}

const app = await buildApp({ network, routeCacheSize: 0 });
const departureCases = [
  { name: '/departures Xi’an→Duisburg avoid RU,BY days=31', extra: '' },
  { name: '/departures Xi’an→Duisburg avoid RU,BY days=31 optimize=time', extra: '&optimize=time' },
];
const runs = Math.max(10, Math.floor(ITERATIONS / 10));
for (const c of departureCases) {
  const times: number[] = [];
  for (let i = 0; i < runs + 3; i++) {
    const url = `/departures?origin=CN_XIAN&destination=DE_DUISBURG&avoid=RU,BY&from=${date(i * 31)}&days=31${c.extra}`;
    const t = performance.now();
    const res = await app.inject(url);
    if (res.statusCode !== 200) throw new Error(`${url}: ${res.statusCode} ${res.body}`);
    if (i >= 3) times.push(performance.now() - t);
  }
  report(c.name, times);
}
await app.close();

if (SYNTHETIC_NODES > 0) {
  const dir = mkdtempSync(join(tmpdir(), 'synthetic-timing-'));
  try {
    const made = writeSyntheticNetwork(dir, SYNTHETIC_NODES);
    const synthetic = loadNetwork(dir);
    const plan = inProcessPlanner(synthetic);
    const random = seededRandom(7);
    const { nodes } = synthetic;
    const pick = () => nodes[Math.floor(random() * nodes.length)] as (typeof nodes)[number];
    const pairs = Array.from({ length: Math.max(20, Math.floor(ITERATIONS / 4)) }, () => {
      const s = pick();
      let t = pick();
      while (t.country === s.country) t = pick();
      return [s.id, t.id] as const;
    });
    process.stdout.write(
      `synthetic network: ${made.nodes.toLocaleString('en')} nodes, ${made.links.toLocaleString('en')} links\n`,
    );
    for (const c of [
      { name: `/routes synthetic ${made.nodes} nodes departAt`, query: {} },
      {
        name: `/routes synthetic ${made.nodes} nodes optimize=time departAt arriveBy`,
        query: { optimize: 'time' as const, arriveBy: '2028-01-01' },
      },
    ]) {
      const times: number[] = [];
      pairs.forEach(([origin, destination], i) => {
        const t = performance.now();
        try {
          plan({ origin, destination, ...c.query, departAt: date(i) }, STATIC_CONTEXT);
        } catch {
          return; // no route between this pair: not timed
        }
        times.push(performance.now() - t);
      });
      report(c.name, times);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
