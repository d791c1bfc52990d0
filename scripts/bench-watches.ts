/**
 * Watch re-evaluation benchmark (`npm run bench:watches`): WATCHES watches (default 200) on China → Europe
 * queries avoiding RU and BY over the embedded network and a SQLite store; rounds of writes (a closure of
 * Aktau, its end, a small delay that changes few answers), each followed by the re-planning of every watch. Reported: how long the evaluation took, the process's CPU time (every thread),
 * how long the event loop was busy, and how long it was held up at a stretch (the longest gap between two
 * turns of a 1 ms sampler, and the p99 of those gaps), i.e. how long a request arriving during the
 * evaluation could have waited; and the same sampler's gaps over an idle second, the machine's noise floor. With
 * BENCH_ROUTE_WORKERS=N the watches are planned by a pool of N route workers, as ROUTE_WORKERS does for
 * /routes. Nothing is sent (the deliveries are queued only). Loopback and a temporary file only.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadNetwork } from '../src/domain/index.js';
import { startRouteWorkerPool } from '../src/http/serving/route-worker-pool.js';
import { openLiveState } from '../src/state/index.js';
import { startWatches } from '../src/watches/index.js';

const WATCHES = Number(process.env.WATCHES ?? 200);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 6);
const WORKERS = Number(process.env.BENCH_ROUTE_WORKERS ?? 0);
const DATA_DIR = join(import.meta.dirname, '..', 'graph-data');

const pct = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;

/** Samples the event loop: the gaps between turns of a 1 ms timer while `work` runs. */
async function sampled<T>(work: () => Promise<T>): Promise<{ result: T; gaps: number[] }> {
  const gaps: number[] = [];
  let last = performance.now();
  const timer = setInterval(() => {
    const now = performance.now();
    gaps.push(now - last);
    last = now;
  }, 1);
  try {
    const result = await work();
    // The stretch since the last turn counts too (a loop held up to the end shows no turn at all).
    gaps.push(performance.now() - last);
    return { result, gaps };
  } finally {
    clearInterval(timer);
  }
}

async function main() {
  const network = loadNetwork(DATA_DIR);
  const origins = network.nodes.filter((n) => n.country === 'CN').map((n) => n.id);
  const destinations = network.nodes
    .filter((n) => ['DE', 'PL', 'NL', 'BE', 'FR', 'IT', 'AT', 'CZ', 'HU'].includes(n.country))
    .map((n) => n.id);
  const dir = mkdtempSync(join(tmpdir(), 'efr-bench-watches-'));
  const pool =
    WORKERS > 0 ? startRouteWorkerPool(network, DATA_DIR, WORKERS, { jobTimeoutMs: 30_000 }) : undefined;
  if (pool) await pool.ready;
  const live = await openLiveState({ engine: 'sqlite', path: join(dir, 'state.sqlite') });
  const watches = await startWatches({
    network,
    store: live.store,
    mirror: live.mirror,
    send: false,
    ...(pool ? { planner: pool.planner } : {}),
  });
  try {
    for (let i = 0; i < WATCHES; i++) {
      const query = {
        origin: origins[i % origins.length] as string,
        destination: destinations[Math.floor(i / origins.length) % destinations.length] as string,
        avoid: ['RU', 'BY'],
        ...(i % 3 === 1 ? { optimize: 'time' } : {}),
      };
      await live.store.watches.create({
        apiKeyId: 'bench',
        createdBy: 'bench',
        query,
        callbackUrl: 'https://hooks.example.com/freight',
        fingerprint: 'unplanned',
        answer: {},
        stateVersion: 0,
      });
    }
    // Every watch gets its first answer (not timed), so that the rounds below compare like with like.
    await watches.evaluator.evaluateAll();
    await watches.evaluator.idle();
    process.stdout.write(
      `${WATCHES} watches, ${WORKERS > 0 ? `${WORKERS} route workers` : 'planned in the event loop'} (loaded machine figures: compare A/B in one run)\n`,
    );
    // The noise floor: the same sampler over a second of doing nothing (a loaded machine shows gaps too).
    const idle = await sampled(() => new Promise((r) => setTimeout(r, 1_000)));
    const idleSorted = [...idle.gaps].sort((a, b) => a - b);
    process.stdout.write(
      `idle: longest gap ${(idleSorted.at(-1) ?? 0).toFixed(1)} ms, p99 ${pct(idleSorted, 99).toFixed(1)} ms\n`,
    );
    let closure: string | undefined;
    let delivered = 0;
    for (const w of await live.store.watches.list())
      delivered += (await live.store.watches.deliveries(w.id)).length;
    for (let round = 0; round < ROUNDS; round++) {
      const cpu = process.cpuUsage();
      const elu = performance.eventLoopUtilization();
      const t = performance.now();
      const { gaps } = await sampled(async () => {
        if (round % 3 === 2) {
          // A write that moves few routes (six minutes more at Dostyk): every watch is re-planned, and most
          // keep their answer.
          await live.store.disruptions.create(
            {
              target: { kind: 'node', id: 'KZ_DOSTYK' },
              effect: 'delay',
              extraHours: 0.1,
              startsAt: '2026-01-01T00:00:00Z',
              endsAt: null,
              reason: `bench ${round}`,
              source: 'bench',
            },
            { name: 'bench' },
          );
        } else if (closure === undefined) {
          const created = await live.store.disruptions.create(
            {
              target: { kind: 'node', id: 'KZ_AKTAU' },
              effect: 'closed',
              startsAt: '2026-01-01T00:00:00Z',
              endsAt: null,
              reason: `bench ${round}`,
              source: 'bench',
            },
            { name: 'bench' },
          );
          if (created.kind !== 'created') throw new Error('the closure was not created');
          closure = created.record.id;
        } else {
          await live.store.disruptions.end(closure, { name: 'bench' });
          closure = undefined;
        }
        // The write reloads the mirror, whose change starts the evaluation; wait for it to finish.
        await live.mirror.refresh();
        await new Promise((r) => setImmediate(r));
        await watches.evaluator.idle();
      });
      const ms = performance.now() - t;
      const used = process.cpuUsage(cpu);
      const busy = performance.eventLoopUtilization(elu);
      const sorted = [...gaps].sort((a, b) => a - b);
      let deliveries = 0;
      for (const w of await live.store.watches.list())
        deliveries += (await live.store.watches.deliveries(w.id)).length;
      const changedNow = deliveries - delivered;
      delivered = deliveries;
      process.stdout.write(
        `round ${round + 1}: evaluation ${ms.toFixed(0)} ms wall, ${((used.user + used.system) / 1000).toFixed(0)} ms CPU (all threads); event loop busy ${busy.active.toFixed(0)} ms, longest gap ${(sorted.at(-1) ?? 0).toFixed(1)} ms, p99 ${pct(sorted, 99).toFixed(1)} ms, p50 ${pct(sorted, 50).toFixed(1)} ms (${gaps.length} turns); ${changedNow} answers changed\n`,
      );
    }
  } finally {
    await watches.close();
    await live.close();
    await pool?.close();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
