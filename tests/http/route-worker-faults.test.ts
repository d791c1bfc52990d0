/**
 * Route worker faults with real worker threads over loopback HTTP: a worker that throws, exits, hangs past the
 * job timeout or is terminated from outside mid-job is replaced; the queries it held are retried once on the
 * other worker or answered 503 with Retry-After, never 500; /health is `degraded` until the replacement is
 * ready; beyond the pending bound queries are shed with 503. `npm run chaos` runs these on the embedded network.
 */
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config.js';
import {
  DEFAULT_JOB_TIMEOUT_MS,
  DEFAULT_QUEUE_PER_WORKER,
} from '../../src/http/serving/route-worker-pool.js';
import { type FaultKind, workerFault } from '../faults/worker-faults.js';
import { FIXTURE_DIR, fixtureNetwork } from '../helpers/test-app.js';

describe('route worker faults', () => {
  it("reads the job timeout and the queue bound from the environment, defaulting to the pool's own", () => {
    expect(loadConfig({}).ROUTE_JOB_TIMEOUT_MS).toBe(DEFAULT_JOB_TIMEOUT_MS);
    expect(loadConfig({}).ROUTE_WORKER_QUEUE).toBe(DEFAULT_QUEUE_PER_WORKER);
    expect(loadConfig({ ROUTE_JOB_TIMEOUT_MS: '2500' }).ROUTE_JOB_TIMEOUT_MS).toBe(2500);
    expect(() => loadConfig({ ROUTE_JOB_TIMEOUT_MS: '10' })).toThrow(/ROUTE_JOB_TIMEOUT_MS/);
    expect(() => loadConfig({ ROUTE_WORKER_QUEUE: '0' })).toThrow(/ROUTE_WORKER_QUEUE/);
  });

  it.each<FaultKind>(['throw', 'exit', 'terminate', 'hang'])(
    'a worker that fails (%s) is replaced; no query gets a 5xx other than 503 with Retry-After',
    { timeout: 180_000 },
    async (kind) => {
      const run = await workerFault(kind, { network: fixtureNetwork(), dataDir: FIXTURE_DIR });
      expect(run.failures).toEqual([]);
      expect(run.restarts).toBe(1);
      expect(run.degradedSeen).toBe(true);
      expect(run.recovered).toBe(true);
      expect(Object.keys(run.statuses).every((s) => s === '200' || s === '503')).toBe(true);
      // Retried on the other worker: a throw or an exit costs no answer at all.
      if (kind === 'throw' || kind === 'exit') expect(run.statuses[503] ?? 0).toBe(0);
      // The hung query itself is the one 503.
      if (kind === 'hang') expect(run.statuses[503]).toBeGreaterThanOrEqual(1);
    },
  );

  it('sheds queries beyond the pending bound with 503 and Retry-After', { timeout: 180_000 }, async () => {
    const run = await workerFault('saturate', {
      network: fixtureNetwork(),
      dataDir: FIXTURE_DIR,
      queries: 60,
      workers: 1,
    });
    expect(run.failures).toEqual([]);
    expect(run.statuses[503]).toBeGreaterThan(0);
    expect(run.statuses[200]).toBeGreaterThan(0);
    expect(run.restarts).toBe(0);
  });
});
