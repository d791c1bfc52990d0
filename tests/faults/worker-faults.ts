/**
 * Route worker faults, over HTTP on loopback: the app with a real pool of worker threads (running
 * faulty-route-worker.ts, the real worker with a fault in front), queries in flight while a worker throws, calls
 * process.exit, hangs, or is terminated from outside. Every query is answered 200, or 503 OVERLOADED with
 * Retry-After; never another 5xx. The pool replaces the worker, and /health says `degraded` until it has.
 */
import type { AddressInfo } from 'node:net';
import { buildApp } from '../../src/app.js';
import type { Network } from '../../src/domain/index.js';
import { startRouteWorkerPool } from '../../src/http/serving/route-worker-pool.js';
import type { WorkerFault } from './faulty-route-worker.js';

export type FaultKind = WorkerFault['kind'] | 'terminate' | 'saturate';

export interface WorkerFaultRun {
  failures: string[];
  statuses: Record<number, number>;
  restarts: number;
  /** Whether /health said `degraded` right after the fault. */
  degradedSeen: boolean;
  /** Whether the pool was back at full strength (and /health `ok`) afterwards. */
  recovered: boolean;
}

const FAULT_TONNES = 13;

export async function workerFault(
  kind: FaultKind,
  {
    network,
    dataDir,
    queries = 24,
    workers = 2,
  }: { network: Network; dataDir: string; queries?: number; workers?: number },
): Promise<WorkerFaultRun> {
  const budget = new Int32Array(new SharedArrayBuffer(4));
  budget[0] = kind === 'terminate' || kind === 'saturate' ? 0 : 1;
  const pool = startRouteWorkerPool(network, dataDir, workers, {
    nice: 0,
    script: new URL('./faulty-route-worker.ts', import.meta.url),
    workerData: {
      fault: {
        kind: kind === 'terminate' || kind === 'saturate' ? 'throw' : kind,
        cargoTonnes: FAULT_TONNES,
        budget,
      },
    },
    // The hang is cut by the timeout; the other faults run under the default, so that a slow machine does not
    // turn them into timeouts.
    ...(kind === 'hang' ? { jobTimeoutMs: 2_000 } : {}),
    ...(kind === 'saturate' ? { maxPending: 4 } : {}),
  });
  const app = await buildApp({
    network,
    routeCacheSize: 0,
    routePlanner: pool.planner,
    routeWorkers: () => pool.health(),
  });
  const failures: string[] = [];
  const statuses: Record<number, number> = {};
  let degradedSeen = false;
  try {
    await pool.whenReady(workers);
    await app.listen({ port: 0, host: '127.0.0.1' });
    const base = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
    const health = async () =>
      (await (await fetch(`${base}/health`)).json()) as { status: string; workers?: { ready: number } };

    const ask = async (i: number) => {
      const tonnes = i % 3 === 0 ? FAULT_TONNES : 20 + i;
      const res = await fetch(
        `${base}/routes?origin=CN_XIAN&destination=DE_DUISBURG&alternatives=2&cargoTonnes=${tonnes}`,
      );
      const body = await res.text();
      statuses[res.status] = (statuses[res.status] ?? 0) + 1;
      if (res.status === 200) return;
      if (res.status === 503) {
        if (!res.headers.get('retry-after')) failures.push(`query ${i}: 503 without Retry-After`);
        if (JSON.parse(body).code !== 'OVERLOADED') failures.push(`query ${i}: 503 ${body}`);
        return;
      }
      failures.push(`query ${i}: ${res.status} ${body.slice(0, 300)}`);
    };
    const answers = Promise.all(Array.from({ length: queries }, (_, i) => ask(i)));
    if (kind === 'terminate') {
      // Mid-job: once the workers hold queries, one is terminated from outside.
      for (let turn = 0; turn < 10_000 && pool.health().pending === 0; turn++)
        await new Promise((r) => setImmediate(r));
      if (pool.health().pending === 0) failures.push('no query reached a worker');
      void pool.threads[0]?.terminate();
    }
    await answers;
    if (kind !== 'saturate') {
      const after = await health();
      degradedSeen = after.status === 'degraded' && (after.workers?.ready ?? workers) < workers;
      if (!degradedSeen && pool.health().restarts === 0) failures.push('no worker failed');
    }
    // A replacement loads the network before it takes queries.
    const back = await Promise.race([
      pool.whenReady(workers).then(() => true),
      new Promise<boolean>((r) => setTimeout(() => r(false), 90_000)),
    ]);
    const final = await health();
    const recovered = back && final.status === 'ok';
    if (!recovered) failures.push(`not back at full strength: ${JSON.stringify(final)}`);
    // And it plans again: a query after recovery is answered by a worker.
    const again = await fetch(
      `${base}/routes?origin=CN_XIAN&destination=DE_DUISBURG&cargoTonnes=${FAULT_TONNES}`,
    );
    if (again.status !== 200) failures.push(`after recovery: ${again.status}`);
    return { failures, statuses, restarts: pool.health().restarts, degradedSeen, recovered };
  } finally {
    await app.close();
    await pool.close();
  }
}
