/**
 * Dated planning benchmark on the embedded network, in-process: GET /routes with departAt (and arriveBy) as
 * the in-process planner answers it (search, candidates, simulation, serialization; no answer cache), each query on a new
 * date so no earlier answer is reused; and GET /departures over 31 days through app.inject (validation,
 * planning, serialization), for the default metric and for optimize=time (four candidate corridors per day).
 * Targets (issue 15): /routes with departAt p50 <= 20 ms, /departures over 31 days <= 300 ms.
 *
 * Run: npm run bench:timing [-- iterations]
 */
import { buildApp } from '../src/app.js';
import { loadNetwork } from '../src/domain/index.js';
import { inProcessPlanner } from '../src/http/serving/route-planner.js';

const ITERATIONS = Number(process.argv[2] ?? 200);
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
